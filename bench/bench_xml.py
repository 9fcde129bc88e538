"""GPX and TCX reading speed: lydiard's readers against gpxpy and a plain defused parse.

Every shared GPX (tracks, routes, courses) and TCX sample is read in one pass per reader;
a reader's speed is the corpus size over the CPU time of the pass (``time.process_time``:
on a machine shared with other work, wall-clock time mostly measures the others), median
and best of several interleaved passes. The two GPX samples holding only a waypoint are left
out (lydiard refuses them as activities).
"""

from __future__ import annotations

import os
import pyexpat
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import defusedxml.ElementTree as defused_etree
import gpxpy

from bench.report import Section
from lydiard.importers.gpx import read_gpx
from lydiard.importers.tcx import read_tcx

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("LYDIARD_SHARED_DATA") or ROOT.parent / "shared" / "data")
WAYPOINTS_ONLY = {"gpxpy__gpx_with_garmin_extension.gpx", "gpxpy__unicode_with_bom.gpx"}


def _corpus(pattern: list[str]) -> list[bytes]:
    files = sorted(p for glob in pattern for p in SHARED.glob(glob) if p.name not in WAYPOINTS_ONLY)
    return [p.read_bytes() for p in files]


def _expat(data: bytes) -> None:
    pyexpat.ParserCreate().Parse(data, True)


def run(quick: bool) -> Section:
    section = Section(
        module="bench_xml",
        title="GPX and TCX import speed",
        columns=["reader", "format", "files", "MB", "median MB/s", "best MB/s"],
    )
    if not SHARED.is_dir():
        section.notes.append(f"shared samples not found at {SHARED}; nothing measured")
        return section
    gpx = _corpus(["gpx/*.gpx", "courses/*.gpx"])
    tcx = _corpus(["tcx/*.tcx"])
    readers: list[tuple[str, str, list[bytes], Callable[[bytes], Any]]] = [
        ("lydiard read_gpx", "GPX", gpx, read_gpx),
        ("gpxpy 1.6 parse", "GPX", gpx, gpxpy.parse),
        ("defusedxml.ElementTree.fromstring (tree only)", "GPX", gpx, defused_etree.fromstring),
        ("expat well-formedness pass (lydiard's floor)", "GPX", gpx, _expat),
        ("lydiard read_tcx", "TCX", tcx, read_tcx),
        ("defusedxml.ElementTree.fromstring (tree only)", "TCX", tcx, defused_etree.fromstring),
        ("expat well-formedness pass (lydiard's floor)", "TCX", tcx, _expat),
    ]
    passes = 2 if quick else 9
    timings: list[list[float]] = [[] for _ in readers]
    for _ in range(passes):
        for k, (_, _, files, read) in enumerate(readers):
            start = time.process_time()
            for data in files:
                read(data)
            timings[k].append(time.process_time() - start)
    for (label, kind, files, _), times in zip(readers, timings, strict=True):
        megabytes = sum(map(len, files)) / 1e6
        section.rows.append(
            [
                label,
                kind,
                len(files),
                f"{megabytes:.1f}",
                f"{megabytes / statistics.median(times):.1f}",
                f"{megabytes / min(times):.1f}",
            ]
        )
    section.notes += [
        "Target (issue 3): GPX and TCX >= 20 MB/s for lydiard's readers.",
        "lydiard's reader = decode + expat check (entities refused) + numpy tag scan + "
        "value conversion + WGS84 distance + Activity; the tree-only rows build an "
        "element tree and extract nothing.",
        f"{passes} interleaved passes over the corpus; CPU time of one process, on a "
        f"machine shared with other work (load average {os.getloadavg()[0]:.1f} at the end).",
    ]
    return section
