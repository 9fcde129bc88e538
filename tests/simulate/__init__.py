"""Tests of lydiard.simulate."""
