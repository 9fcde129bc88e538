"""Tests of lydiard.workouts."""
