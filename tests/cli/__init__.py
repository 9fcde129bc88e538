"""Tests of lydiard.cli."""
