"""Run every benchmark module and write the results to docs/benchmarks.md."""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import platform
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from bench.report import Section

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "benchmarks.md"


def main() -> int:
    parser = argparse.ArgumentParser(description="lydiard benchmarks")
    parser.add_argument("only", nargs="*", help="run only these modules (e.g. bench_fit)")
    parser.add_argument("--quick", action="store_true", help="smaller inputs, fewer repeats")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    names = sorted(
        info.name
        for info in pkgutil.iter_modules([str(Path(__file__).parent)])
        if info.name.startswith("bench_")
    )
    if args.only:
        names = [n for n in names if n in args.only or n.removeprefix("bench_") in args.only]
    existing = _existing_sections(args.out)
    for name in names:
        started = time.perf_counter()
        print(f"== {name}", flush=True)
        module = importlib.import_module(f"bench.{name}")
        section: Section = module.run(quick=args.quick)
        section.seconds = time.perf_counter() - started
        existing[name] = section.markdown()
        print(existing[name], flush=True)
    header = (
        "# Benchmarks\n\n"
        "Written by `make bench` (`python -m bench`). Each section gives what was measured, "
        "on what input, and the figure; targets come from the issues.\n\n"
        f"Last run: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {platform.machine()}, "
        f"{os.cpu_count()} logical CPUs, Python {sys.version.split()[0]}.\n\n"
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(header + "\n".join(existing[k] for k in sorted(existing)))
    print(f"wrote {args.out}")
    return 0


def _existing_sections(path: Path) -> dict[str, str]:
    """Keep sections of modules not run this time, keyed by their module marker."""
    sections: dict[str, str] = {}
    if not path.exists():
        return sections
    current: str | None = None
    for line in path.read_text().splitlines(keepends=True):
        if line.startswith("<!-- bench:"):
            current = line.removeprefix("<!-- bench:").split(" ")[0].strip()
            sections[current] = ""
        if current:
            sections[current] += line
    return sections


if __name__ == "__main__":
    sys.exit(main())
