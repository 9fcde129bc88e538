"""Tests of lydiard.analysis."""
