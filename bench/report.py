"""A benchmark section: a title, a table of figures, notes; rendered as Markdown."""

from __future__ import annotations

import statistics
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Section:
    """One benchmark module's results."""

    module: str
    title: str
    columns: list[str]
    rows: list[list[Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def markdown(self) -> str:
        out = [f"<!-- bench:{self.module} -->\n", f"## {self.title}\n\n"]
        out.append("| " + " | ".join(self.columns) + " |\n")
        out.append("|" + "---|" * len(self.columns) + "\n")
        for row in self.rows:
            out.append("| " + " | ".join(str(c) for c in row) + " |\n")
        out.append("\n")
        for note in self.notes:
            out.append(f"- {note}\n")
        out.append(f"\n_Section ran in {self.seconds:.1f} s._\n\n")
        return "".join(out)


def best_time(fn: Callable[[], Any], repeat: int = 5) -> tuple[float, float]:
    """Return (median, min) wall-clock seconds of ``fn`` over ``repeat`` runs."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), min(times)


def peak_memory(fn: Callable[[], Any]) -> int:
    """Return the peak Python heap allocation in bytes while ``fn`` runs (tracemalloc)."""
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
