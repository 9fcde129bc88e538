"""Crash safety and the Dask executor: SIGKILLed imports, re-runs, cluster vs local.

Crash loop (bench/crashkit.py): 20 trials (5 with --quick), each on a fresh SQLite
database (and on PostgreSQL when ``LYDIARD_TEST_POSTGRES_URL`` is set): ``lydiard import
--jobs 2`` of 8 simulated runs (FIT, GPX, TCX; a GPX copy the FIT replaces; a damaged
file) is SIGKILLed with its workers at a seeded point (a number of stored activities, 0-8,
then 0-60 ms), the database is audited for partial activities, the import is run again to
the end and its canonical dump (every row without ids and write times) compared with an
import that was never interrupted.

Executors: the same 40 runs (12 with --quick) imported inline, with a local process pool
of 2 and on a Dask cluster reached over tcp:// (a LocalCluster of 2 worker processes this
module starts; ``--dask tcp://HOST:PORT`` connects the same way); wall time of the import
(the cluster's start-up apart) and whether the database equals the inline one.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import time
from pathlib import Path

import numpy as np
from distributed import LocalCluster

from bench.crashkit import import_inline, kill_round, prepare_database, write_files
from bench.report import Section
from lydiard.cluster import LOCAL_MEMORY_LIMIT, dask_executor
from lydiard.ingest import InlineExecutor, import_paths
from lydiard.store import open_store
from lydiard.store.audit import canonical_dump

RUNS = 8
SEED = 20251129


def _pg_url(schema_name: str) -> str | None:
    url = os.environ.get("LYDIARD_TEST_POSTGRES_URL", "")
    if not url.startswith("postgres"):
        return None
    from sqlalchemy import create_engine, text

    from lydiard.store.engine import normalise_url

    engine = create_engine(normalise_url(url))
    with engine.begin() as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema_name}" CASCADE'))
        conn.execute(text(f'CREATE SCHEMA "{schema_name}"'))
    engine.dispose()
    parsed = normalise_url(url)
    query = dict(parsed.query) | {"options": f"-csearch_path={schema_name}"}
    return parsed.set(query=query).render_as_string(hide_password=False)


def _trials(
    files: Path, root: Path, backend: str, trials: int, reference: object
) -> tuple[list[object], list[int]]:
    rng = np.random.default_rng([SEED, len(backend)])
    kills = partial = equal = 0
    stored_at_kill: list[int] = []
    started = time.perf_counter()
    for trial in range(trials):
        if backend == "sqlite":
            url = f"sqlite:///{root / f'trial-{trial}.db'}"
        else:
            found = _pg_url(f"bench_crash_{trial}")
            assert found is not None
            url = found
        prepare_database(url)
        target = int(rng.integers(0, RUNS + 1))
        done = kill_round(files, url, target, float(rng.uniform(0.0, 0.06)))
        kills += done.killed
        partial += len(done.problems)
        if done.killed:
            stored_at_kill.append(done.stored)
        _, dump = import_inline(files, url)
        equal += dump == reference
    seconds = time.perf_counter() - started
    row: list[object] = [backend, trials, kills, partial, f"{equal}/{trials}", f"{seconds:.0f}"]
    return row, stored_at_kill


def _executors(root: Path, runs: int) -> list[list[object]]:
    folder = root / "executors"
    write_files(folder, runs)
    rows: list[list[object]] = []
    reference = None
    for label in ("inline", "process pool (2)", "Dask, tcp:// scheduler (2 workers)"):
        url = f"sqlite:///{root / (label.split()[0] + '.db')}"
        prepare_database(url)
        with open_store(url) as store:
            start_up = 0.0
            if label == "inline":
                started = time.perf_counter()
                report = import_paths([folder], store, executor=InlineExecutor())
            elif label.startswith("process"):
                started = time.perf_counter()
                report = import_paths([folder], store, jobs=2)
            else:
                begun = time.perf_counter()
                with (
                    LocalCluster(
                        n_workers=2,
                        threads_per_worker=1,
                        processes=True,
                        memory_limit=LOCAL_MEMORY_LIMIT,
                        dashboard_address=None,
                        silence_logs=logging.ERROR,
                    ) as cluster,
                    dask_executor(cluster.scheduler_address, timeout_s=30) as executor,
                ):
                    start_up = time.perf_counter() - begun
                    started = time.perf_counter()
                    report = import_paths([folder], store, executor=executor)
            seconds = time.perf_counter() - started
            dump = canonical_dump(store)
        reference = reference or dump
        same = "yes" if dump == reference else "NO"
        rows.append(
            [
                label,
                report.counts()["added"],
                f"{seconds:.2f}",
                f"{start_up:.1f}" if start_up else "-",
                same,
            ]
        )
    return rows


def run(quick: bool) -> Section:
    trials = 5 if quick else 20
    runs = 12 if quick else 40
    root = Path(tempfile.mkdtemp(prefix="lydiard-bench-crash-"))
    try:
        files = root / "files"
        write_files(files, RUNS)
        ref_url = f"sqlite:///{root / 'reference.db'}"
        prepare_database(ref_url)
        _, reference = import_inline(files, ref_url)
        section = Section(
            "bench_crash",
            "Crash safety (SIGKILLed imports) and the Dask executor",
            [
                "what",
                "trials",
                "kills (import running)",
                "partial activities",
                "re-run = reference",
                "seconds",
            ],
        )
        backends = ["sqlite"] + (["postgresql"] if _pg_url("bench_crash_probe") else [])
        points: list[int] = []
        for backend in backends:
            row, stored = _trials(files, root, backend, trials, reference)
            section.rows.append([f"kill + re-run on {row[0]}", *row[1:]])
            points.extend(stored)
        section.notes.append(
            f"Activities already stored when a kill landed (of {RUNS}): "
            f"{', '.join(str(n) for n in sorted(points)) or 'none'}; a kill with the import "
            "already finished does not count as a kill."
        )
        section.notes.append(
            "Each trial: a fresh database with the athlete's thresholds, `lydiard import "
            "--jobs 2` SIGKILLed with its workers, `partial_activities` (samples, summary, "
            "load, orphans), then a re-run compared row by row with an uninterrupted import "
            "(`canonical_dump`)."
        )
        section.rows.append(["", "", "", "", "", ""])
        section.rows.append(
            ["**executor**", "activities", "import s", "cluster start s", "DB = inline", ""]
        )
        section.rows.extend([*row, ""] for row in _executors(root, runs))
        section.notes.append(
            f"Executors: {runs} simulated runs (+ a GPX copy and a damaged file) into a fresh "
            "SQLite file; the cluster's start-up (2 worker processes, 1 GiB each) is "
            "reported apart from the import. The pool's and the cluster's import times include "
            "each worker importing lydiard on its first file."
        )
        return section
    finally:
        shutil.rmtree(root, ignore_errors=True)
