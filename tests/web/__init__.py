"""Tests of lydiard.web."""
