"""Benchmarks: ``make bench`` runs every ``bench/bench_*.py`` and writes docs/benchmarks.md.

Each module defines ``run(quick: bool) -> Section``: a titled Markdown section with the
figures it measured on this machine. Timings are wall-clock medians of several runs;
peak memory comes from tracemalloc (Python heap) where a section says so.
"""
