"""Tests of lydiard.planning."""
