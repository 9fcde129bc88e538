"""Tests of lydiard.importers."""
