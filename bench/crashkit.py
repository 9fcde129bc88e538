"""Crash-safety harness: kill ``lydiard import`` with SIGKILL at seeded points, audit, resume.

Shared by ``tests/test_crash_safety.py`` (a few kills) and ``bench/bench_crash.py`` (many).

The files are simulated runs written with lydiard's own FIT, GPX and TCX writers, one a
day, plus the GPX of the first run (a poorer recording of the same activity, which the
FIT replaces in place) and a damaged file (listed as failed, never stored). The athlete
has thresholds, so every run is scored at import.

A round starts ``lydiard import --jobs 2 FOLDER`` in its own process group, waits until a
seeded number of activities is stored plus a seeded delay, then SIGKILLs the whole group
(the import and its worker processes, as a power cut would) and audits the database with
:func:`lydiard.store.audit.partial_activities`. The final, uninterrupted run must leave
the same :func:`~lydiard.store.audit.canonical_dump` as an import that was never killed.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import numpy as np

from lydiard.exporters.activity_file import ActivityFormat, encode_activity_file
from lydiard.ingest import ImportReport, InlineExecutor, import_paths
from lydiard.simulate.athlete import SimAthlete
from lydiard.simulate.session import simulate_session
from lydiard.store import Store, Threshold, ThresholdKind, open_store
from lydiard.store.audit import Dump, canonical_dump, partial_activities
from lydiard.workouts import parse

ATHLETE = SimAthlete()
FIRST_DAY = datetime(2025, 4, 7, 6, 15, tzinfo=UTC)
_FORMATS = (ActivityFormat.FIT, ActivityFormat.FIT, ActivityFormat.GPX, ActivityFormat.TCX)
_WORKOUTS = ("5 km easy", "6x400 @ 5k", "4 km easy", "3 km steady")
_CHILD = "import sys; from lydiard.cli import main; sys.exit(main(sys.argv[1:]))"
#: Seconds one round may take before the harness gives up on the child.
ROUND_LIMIT_S = 120.0


def write_files(folder: Path, runs: int = 8) -> list[Path]:
    """Write ``runs`` simulated activities, a duplicate GPX of the first, a damaged file."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for day in range(runs):
        session = parse(_WORKOUTS[day % len(_WORKOUTS)]).sessions[0]
        start = FIRST_DAY + timedelta(days=day)
        activity = simulate_session(session, ATHLETE, start, seed=[2025, day]).activity
        fmt = _FORMATS[day % len(_FORMATS)]
        path = folder / f"{day:02d}-run.{fmt.value}"
        path.write_bytes(encode_activity_file(activity, fmt))
        paths.append(path)
        if day == 0:  # sorts before 00-run.fit: stored first, then replaced by the FIT
            copy = folder / "00-run-copy.gpx"
            copy.write_bytes(encode_activity_file(activity, ActivityFormat.GPX))
            paths.append(copy)
    damaged = folder / "99-damaged.fit"
    damaged.write_bytes(paths[0].read_bytes()[:14] + b"\xff" * 64)
    paths.append(damaged)
    return sorted(paths)


def prepare_database(url: str) -> None:
    """Create the schema and the athlete "me" with thresholds (so runs are scored)."""
    with open_store(url) as store:
        store.athletes.ensure("me")
        since = date(2025, 1, 1)
        for kind, value in (
            (ThresholdKind.HR_REST_BPM, ATHLETE.hr_rest_bpm),
            (ThresholdKind.HR_MAX_BPM, ATHLETE.hr_max_bpm),
            (ThresholdKind.LTHR_BPM, round(ATHLETE.lthr_bpm)),
            (ThresholdKind.THRESHOLD_SPEED_MPS, ATHLETE.threshold_speed_mps),
        ):
            store.athletes.set_threshold("me", Threshold(kind, float(value), since))


def import_inline(folder: Path, url: str) -> tuple[ImportReport, Dump]:
    """Import in this process, uninterrupted; the report and the canonical dump."""
    with open_store(url) as store:
        report = import_paths([folder], store, executor=InlineExecutor())
        return report, canonical_dump(store)


@dataclass
class Round:
    """One killed (or finished) run of ``lydiard import``.

    Attributes:
        target: activities to wait for before the kill delay.
        delay_s: seconds between reaching the target and the kill.
        killed: whether the import was still running when killed.
        stored: activities stored when it was killed (or finished).
        problems: what :func:`partial_activities` found right after.
        exit_code: the child's exit code (-9 when killed).
    """

    target: int
    delay_s: float
    killed: bool = False
    stored: int = 0
    problems: list[str] = field(default_factory=list)
    exit_code: int | None = None


def _count(store: Store) -> int:
    try:
        return store.activities.count()
    except Exception:  # the schema may be mid-creation, or a lock held: try again
        return -1


def start_import(folder: Path, url: str, jobs: int = 2) -> subprocess.Popen[bytes]:
    """``lydiard import --jobs JOBS FOLDER`` in its own process group."""
    env = dict(os.environ, LYDIARD_DATABASE_URL=url, LYDIARD_ATHLETE="me")
    return subprocess.Popen(
        [sys.executable, "-c", _CHILD, "import", "--jobs", str(jobs), "--json", str(folder)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )


def kill_round(folder: Path, url: str, target: int, delay_s: float) -> Round:
    """Run an import, SIGKILL its process group at the point given, audit the database."""
    result = Round(target, delay_s)
    with open_store(url) as store:
        child = start_import(folder, url)
        deadline = time.monotonic() + ROUND_LIMIT_S
        try:
            while child.poll() is None and _count(store) < target:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"the import made no progress in {ROUND_LIMIT_S:g} s")
                time.sleep(0.01)
            if child.poll() is None:
                time.sleep(delay_s)
            if child.poll() is None:
                os.killpg(child.pid, signal.SIGKILL)
                result.killed = True
        finally:
            if child.poll() is None and not result.killed:
                os.killpg(child.pid, signal.SIGKILL)
            _, stderr = child.communicate()
        _reap_group(child.pid)
        result.exit_code = child.returncode
        if not result.killed and child.returncode not in (0, 3):
            raise RuntimeError(f"the import failed ({child.returncode}): {stderr.decode()}")
        result.stored = store.activities.count()
        result.problems = partial_activities(store)
    return result


def _reap_group(pgid: int) -> None:
    """Wait until no process of the killed group is left (its workers die with it)."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.02)


@dataclass
class CrashRun:
    """Kills on one database, then a run to the end.

    Attributes:
        rounds: the killed runs, in order.
        final: the report of the last, uninterrupted run.
        dump: the database's canonical dump at the end.
    """

    rounds: list[Round]
    final: ImportReport
    dump: Dump

    @property
    def partial(self) -> int:
        """Problems found after all kills (must be 0)."""
        return sum(len(r.problems) for r in self.rounds)


def crash_run(folder: Path, url: str, rng: np.random.Generator, kills: int, runs: int) -> CrashRun:
    """Kill ``kills`` successive imports of ``folder`` into ``url``, then finish it.

    Each kill point is drawn from ``rng``: a number of activities stored (from what the
    earlier runs stored up to all ``runs``) and a delay of 0-60 ms after it (about the
    time one activity takes to write), so kills land in start-up, inside a write and
    between writes.
    """
    rounds = []
    stored = 0
    for _ in range(kills):
        target = int(rng.integers(stored, runs + 1))
        delay_s = float(rng.uniform(0.0, 0.06))
        done = kill_round(folder, url, target, delay_s)
        rounds.append(done)
        stored = done.stored
    report, dump = import_inline(folder, url)
    return CrashRun(rounds, report, dump)
