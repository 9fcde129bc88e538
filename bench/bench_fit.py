"""FIT reading speed and memory: lydiard's reader next to garmin-fit-sdk and fitdecode.

All readers run in one process on the same files, one after the other, so the ratios
hold even on a busy machine. Inputs are the shared FIT samples (fit/ and
intervals_trail/, the corrupt set left out; ``--quick`` takes the four largest).
Times are CPU seconds of this process (``time.process_time``), best of several runs for
lydiard, one run for the pure-Python decoders (they take minutes).
"""

from __future__ import annotations

import gc
import io
import os
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.report import Section

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(os.environ.get("LYDIARD_SHARED_DATA") or ROOT.parent / "shared" / "data")


def _files(quick: bool) -> list[tuple[str, bytes]]:
    paths = sorted(DATA.glob("fit/*.[fF][iI][tT]")) + sorted(DATA.glob("intervals_trail/*.fit"))
    found = [(p.name, p.read_bytes()) for p in paths]
    if quick:
        found = sorted(found, key=lambda item: -len(item[1]))[:4]
    return found


def _cpu(fn: Callable[[], Any], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        start = time.process_time()
        fn()
        best = min(best, time.process_time() - start)
    return best


def _lydiard(files: list[tuple[str, bytes]]) -> int:
    from lydiard.importers.fit import read_fit

    return sum(len(read_fit(data, name=name).samples) for name, data in files)


def _lydiard_messages(files: list[tuple[str, bytes]]) -> int:
    from lydiard.fit.reader import read_messages

    total = 0
    for name, data in files:
        records = read_messages(data, name=name).get("record")
        if records is not None:
            for field in ("timestamp", "position_lat", "position_long", "distance", "heart_rate"):
                if field in records:
                    records[field]
            total += len(records)
    return total


def _sdk(files: list[tuple[str, bytes]]) -> int:
    from garmin_fit_sdk import Decoder, Stream

    total = 0
    for _, data in files:
        messages, _ = Decoder(Stream.from_byte_array(bytearray(data))).read()
        total += len(messages.get("record_mesgs", []))
    return total


def _fitdecode(files: list[tuple[str, bytes]]) -> int:
    import fitdecode

    total = 0
    for _, data in files:
        try:
            with fitdecode.FitReader(
                io.BytesIO(data),
                check_crc=fitdecode.CrcCheck.DISABLED,
                error_handling=fitdecode.ErrorHandling.IGNORE,
            ) as reader:
                for frame in reader:
                    if isinstance(frame, fitdecode.FitDataMessage) and frame.name == "record":
                        total += 1
        except fitdecode.FitError:
            pass  # a damaged sample: what was read counts, as for the other readers
    return total


def _memory(files: list[tuple[str, bytes]]) -> list[str]:
    from lydiard.importers.fit import read_fit

    notes = []
    for name, data in sorted(files, key=lambda item: -len(item[1]))[:3]:
        read_fit(data)
        tracemalloc.start()
        activity = read_fit(data)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        ratio = peak / activity.samples.nbytes
        notes.append(
            f"Peak memory (tracemalloc) reading {name} ({len(data) / 1e6:.1f} MB): "
            f"{peak / 1e6:.1f} MB, {ratio:.2f}x the decoded sample arrays "
            f"({activity.samples.nbytes / 1e6:.1f} MB; target under 3x)."
        )
    return notes


def run(quick: bool) -> Section:
    """Measure every reader on the shared FIT samples (see the module docstring)."""
    files = _files(quick)
    section = Section(
        module="bench_fit",
        title="FIT reading: lydiard vs garmin-fit-sdk and fitdecode",
        columns=["reader", "CPU s", "MB/s", "records/s", "x garmin-fit-sdk"],
    )
    if not files:
        section.notes.append(f"No FIT samples found under {DATA}; nothing measured.")
        return section
    size = sum(len(data) for _, data in files)
    readers: list[tuple[str, Callable[[list[tuple[str, bytes]]], int], int]] = [
        ("lydiard read_fit (Activity)", _lydiard, 3 if quick else 5),
        ("lydiard read_messages (5 record fields)", _lydiard_messages, 3 if quick else 5),
        ("garmin-fit-sdk 21.x Decoder.read", _sdk, 1),
        ("fitdecode FitReader", _fitdecode, 1),
    ]
    results = []
    for label, fn, repeat in readers:
        records = fn(files)  # warm up (imports, caches) and count records
        seconds = _cpu(lambda fn=fn: fn(files), repeat)
        results.append((label, seconds, records))
    sdk_seconds = next(s for label, s, _ in results if label.startswith("garmin"))
    for label, seconds, records in results:
        section.rows.append(
            [
                label,
                f"{seconds:.3f}",
                f"{size / seconds / 1e6:.1f}",
                f"{records / seconds:,.0f}",
                f"{sdk_seconds / seconds:.0f}x",
            ]
        )
    section.notes.append(
        f"Input: {len(files)} FIT files, {size / 1e6:.1f} MB, from {DATA.name}/fit and "
        "intervals_trail (corrupt set excluded). Records counted as each reader reports "
        "them (lydiard read_fit: samples after its time rules)."
    )
    section.notes.append("Targets: lydiard >= 50 MB/s and >= 60x garmin-fit-sdk.")
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    section.notes.append(
        f"Load average during the run: {load} on {os.cpu_count()} CPUs (other work shares "
        "the machine: absolute MB/s vary with it, the ratios much less)."
    )
    section.notes.extend(_memory(files))
    return section
