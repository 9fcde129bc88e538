"""Tests of lydiard.fit."""
