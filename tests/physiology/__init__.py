"""Tests of lydiard.physiology."""
