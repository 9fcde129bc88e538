"""Tests of lydiard.store."""
