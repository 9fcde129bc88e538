"""Bulk import of a simulated 10-year archive: throughput and peak memory.

The archive (5,000 activities: FIT mostly, every tenth outdoor run as GPX and every
twenty-fifth as TCX) comes from :func:`lydiard.simulate.archive.archive_activities`,
written with the project's own writers, a year per worker process; it is generated once
into a cache folder (``LYDIARD_BENCH_CACHE``, else the system temp folder) and its
generation time is reported apart. The import is ``lydiard.ingest.import_paths`` into a
fresh SQLite database with two worker processes, as ``lydiard import`` runs it; loads are
computed at import (the athlete has thresholds).

Memory: the peak resident set of the parent (``resource.getrusage``) and of every worker
(``VmHWM`` from ``/proc``, sampled every 0.1 s with the sum of all processes), the
forkserver's workers being grandchildren that ``RUSAGE_CHILDREN`` does not see. CPU time:
the parent's, and each worker's last reading from ``/proc/<pid>/stat``.
Targets on this machine: under 60 s and under 1 GB.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from pathlib import Path

from bench.report import Section
from lydiard.exporters.activity_file import ActivityFormat, write_activity_file
from lydiard.ingest import import_paths
from lydiard.model import Sport
from lydiard.settings import Settings
from lydiard.simulate.archive import ArchiveYear, archive_years, simulate_year
from lydiard.simulate.athlete import SimAthlete
from lydiard.store import Threshold, ThresholdKind, open_store

CACHE_VERSION = 1
TARGET_S = 60.0
TARGET_MB = 1024.0
ATHLETE = SimAthlete(name="archive", vdot=60.0, hr_max_bpm=188.0)
_TICKS = os.sysconf("SC_CLK_TCK")


def _format(activity_sport: Sport, counts: Counter[str]) -> ActivityFormat:
    if not (activity_sport.is_run and activity_sport is not Sport.TREADMILL):
        return ActivityFormat.FIT
    counts["run"] += 1
    if counts["run"] % 25 == 0:
        return ActivityFormat.TCX
    if counts["run"] % 10 == 0:
        return ActivityFormat.GPX
    return ActivityFormat.FIT


def write_year(year: ArchiveYear, folder: str) -> dict[str, int]:
    """Write one archive year's files into ``folder/<year>`` (runs in a worker)."""
    counts: Counter[str] = Counter()
    target = Path(folder) / f"{year.first_monday.year}"
    for session in simulate_year(ATHLETE, year):
        fmt = _format(session.activity.sport, counts)
        write_activity_file(session.activity, target, fmt)
        counts[fmt.value] += 1
    return dict(counts)


def cached_archive(count: int) -> tuple[Path, dict[str, object]]:
    """The archive's folder and manifest, generated once per version and size."""
    root = Path(os.environ.get("LYDIARD_BENCH_CACHE", tempfile.gettempdir()))
    folder = root / f"lydiard-bench-archive-v{CACHE_VERSION}-{count}"
    manifest = folder / "manifest.json"
    if manifest.exists():
        return folder / "files", json.loads(manifest.read_text())
    building = folder.with_name(folder.name + ".building")
    shutil.rmtree(building, ignore_errors=True)
    files = building / "files"
    files.mkdir(parents=True)
    years = archive_years(max(1, -(-count // 480)))
    started = time.perf_counter()
    with ProcessPoolExecutor(max_workers=2) as pool:
        list(pool.map(write_year, years, [str(files)] * len(years)))
    every = sorted(p for p in files.rglob("*") if p.is_file())
    for extra in every[count:]:
        extra.unlink()
    kept = every[:count]
    formats = Counter(p.suffix.lstrip(".") for p in kept)
    info: dict[str, object] = {
        "activities": len(kept),
        "formats": dict(formats),
        "bytes": sum(p.stat().st_size for p in kept),
        "generation_s": time.perf_counter() - started,
        "first": kept[0].name if kept else "",
        "last": kept[-1].name if kept else "",
    }
    (building / "manifest.json").write_text(json.dumps(info, indent=1))
    building.rename(folder)
    return folder / "files", info


def _children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return found
    for task in tasks:
        try:
            text = Path(f"/proc/{pid}/task/{task}/children").read_text()
        except OSError:
            continue
        for child in text.split():
            found.append(int(child))
            found.extend(_children(int(child)))
    return found


def _status_kb(pid: int, key: str) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return float(line.split()[1])
    except OSError:
        pass
    return 0.0


def _cpu_s(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / _TICKS
    except (OSError, IndexError, ValueError):
        return 0.0


class _Watcher(threading.Thread):
    """Samples the RSS of this process and its descendants, and their CPU time."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.stop = threading.Event()
        self.peak_total_kb = 0.0
        self.peak_worker_kb: dict[int, float] = {}
        self.worker_cpu_s: dict[int, float] = {}

    def run(self) -> None:
        me = os.getpid()
        while not self.stop.wait(0.1):
            total = _status_kb(me, "VmRSS")
            for pid in _children(me):
                total += _status_kb(pid, "VmRSS")
                peak = _status_kb(pid, "VmHWM")
                self.peak_worker_kb[pid] = max(self.peak_worker_kb.get(pid, 0.0), peak)
                self.worker_cpu_s[pid] = max(self.worker_cpu_s.get(pid, 0.0), _cpu_s(pid))
            self.peak_total_kb = max(self.peak_total_kb, total)


def _athlete(store_settings: Settings) -> None:
    with open_store(store_settings) as store:
        store.athletes.ensure("archive", timezone=ATHLETE.timezone)
        first = date(2014, 1, 1)
        for kind, value in (
            (ThresholdKind.HR_REST_BPM, ATHLETE.hr_rest_bpm),
            (ThresholdKind.HR_MAX_BPM, ATHLETE.hr_max_bpm),
            (ThresholdKind.LTHR_BPM, round(ATHLETE.lthr_bpm)),
            (ThresholdKind.THRESHOLD_SPEED_MPS, ATHLETE.threshold_speed_mps),
            (ThresholdKind.FTP_W, ATHLETE.bike_ftp_w),
        ):
            store.athletes.set_threshold("archive", Threshold(kind, value, first))


def run(quick: bool = False) -> Section:
    count = 300 if quick else 5000
    files, info = cached_archive(count)
    work = Path(tempfile.mkdtemp(prefix="lydiard-bench-archive-"))
    settings = Settings.for_data_dir(work, athlete="archive", jobs=2)
    _athlete(settings)
    watcher = _Watcher()
    load_before = os.getloadavg()[0]
    cpu0 = time.process_time()
    with open_store(settings) as store:
        watcher.start()
        started = time.perf_counter()
        report = import_paths([files], store, athlete="archive", jobs=2)
        wall = time.perf_counter() - started
        watcher.stop.set()
        watcher.join()
        scored = sum(1 for r in store.activities.list(athlete_id=1) if r.load is not None)
    parent_cpu = time.process_time() - cpu0
    parent_peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    workers = sorted(watcher.peak_worker_kb.values(), reverse=True)
    db_mb = (work / "lydiard.db").stat().st_size / 1e6
    shutil.rmtree(work, ignore_errors=True)
    counts = report.counts()
    total_mb = int(info["bytes"]) / 1e6  # type: ignore[call-overload]
    formats = ", ".join(f"{n} {k.upper()}" for k, n in sorted(info["formats"].items()))  # type: ignore[attr-defined]
    worker_cpu = sorted(watcher.worker_cpu_s.values(), reverse=True)
    all_cpu = parent_cpu + sum(worker_cpu)
    section = Section(
        module="bench_archive",
        title="Bulk import of a simulated 10-year archive",
        columns=["figure", "value", "target"],
    )
    rows = [
        ["activities (files)", f"{counts['added']} added of {info['activities']} ({formats})", ""],
        ["archive size", f"{total_mb:.0f} MB", ""],
        [
            "import wall time",
            f"{wall:.1f} s",
            f"< {TARGET_S:g} s: {'yes' if wall < TARGET_S else 'no'}",
        ],
        [
            "throughput",
            f"{counts['added'] / wall:.0f} activities/s, {total_mb / wall:.1f} MB/s",
            "",
        ],
        ["CPU: parent (database writes)", f"{parent_cpu:.1f} s", ""],
        [
            "CPU: workers (read, summary, load, codec)",
            " + ".join(f"{c:.1f} s" for c in worker_cpu[:2]),
            "",
        ],
        [
            "CPU: all processes, per activity",
            f"{all_cpu:.1f} s, {all_cpu / max(counts['added'], 1) * 1000:.1f} ms",
            f"wall time on 2 idle cores is at least {all_cpu / 2:.0f} s",
        ],
        ["peak RSS: parent", f"{parent_peak_mb:.0f} MB", ""],
        ["peak RSS: each worker", ", ".join(f"{kb / 1024:.0f} MB" for kb in workers[:3]), ""],
        [
            "peak RSS: all processes at once",
            f"{watcher.peak_total_kb / 1024:.0f} MB",
            f"< {TARGET_MB:g} MB: {'yes' if watcher.peak_total_kb / 1024 < TARGET_MB else 'no'}",
        ],
        ["activities with a load", f"{scored}", ""],
        ["database size", f"{db_mb:.0f} MB", ""],
        ["archive generation (once, cached)", f"{float(info['generation_s']):.0f} s", ""],  # type: ignore[arg-type]
    ]
    section.rows.extend(rows)
    section.notes.append(
        f"load average before the import: {load_before:.1f} on 2 cores shared with other work"
    )
    section.notes.append(
        "the archive: a VDOT-60 trail runner's ten years, 110-190 km peak weeks, singles with "
        "cross-training evenings (lydiard.simulate.archive); files from the project's FIT, GPX "
        "and TCX writers"
    )
    return section
