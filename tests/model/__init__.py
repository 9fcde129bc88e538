"""Tests of lydiard.model."""
