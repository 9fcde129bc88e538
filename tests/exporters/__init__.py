"""Tests of lydiard.exporters."""
