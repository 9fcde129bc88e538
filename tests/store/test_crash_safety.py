"""Crash safety: SIGKILLed imports store whole activities only; a re-run finishes the job.

The harness (bench/crashkit.py, shared with ``make bench``) runs the real ``lydiard import
--jobs 2`` in a subprocess and kills its whole process group at seeded points.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest
from bench.crashkit import crash_run, import_inline, prepare_database, write_files
from sqlalchemy import delete

from lydiard.store import connect, open_store
from lydiard.store.audit import canonical_dump, partial_activities
from lydiard.store.migrate import SchemaState
from lydiard.store.schema import ActivitySamplesRow

RUNS = 8


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("crash") / "files"
    write_files(folder, RUNS)
    return folder


@pytest.fixture(scope="module")
def reference(files: Path, tmp_path_factory: pytest.TempPathFactory):
    """The database after one uninterrupted import, in this process without a pool."""
    url = f"sqlite:///{tmp_path_factory.mktemp('reference') / 'lydiard.db'}"
    prepare_database(url)
    report, dump = import_inline(files, url)
    # 8 runs; the GPX copy of the first, stored first, is replaced in place by its FIT.
    assert report.counts() == {
        "added": RUNS,
        "replaced": 1,
        "duplicate": 0,
        "skipped": 0,
        "failed": 1,
    }
    return dump


def test_the_reference_is_whole_and_scored(reference):
    assert len(reference["activities"]) == RUNS
    assert len(reference["activity_samples"]) == RUNS
    assert len(reference["imported_files"]) == RUNS + 1  # the replaced GPX is remembered
    # Every run is scored from heart rate with the athlete's thresholds.
    assert {row["load_method"] for row in reference["activities"]} == {"hr"}
    # The first day is the FIT, not its poorer GPX copy.
    first = min(reference["activities"], key=lambda row: row["start_time"])
    assert first["source_name"] == "00-run.fit"
    assert {row["outcome"] for row in reference["imported_files"]} == {"added", "replaced"}


@pytest.mark.slow
def test_sigkilled_imports_leave_no_partial_activity_and_a_rerun_matches(db_url, files, reference):
    prepare_database(db_url)
    kills = 3 if db_url.startswith("sqlite") else 2  # each kill is a ~5 s CLI start
    run = crash_run(files, db_url, np.random.default_rng(8), kills=kills, runs=RUNS)
    assert [r.problems for r in run.rounds] == [[]] * kills
    assert any(r.killed and r.exit_code == -9 for r in run.rounds)
    stored_before = run.rounds[-1].stored
    # The last run reads only what is not stored yet (the damaged file fails each time).
    assert run.final.counts()["skipped"] >= stored_before
    assert run.final.counts()["failed"] == 1
    assert run.dump == reference  # on PostgreSQL too: the dump is backend-independent


def test_partial_activities_finds_a_missing_samples_row(db_url, files, reference):
    prepare_database(db_url)
    import_inline(files, db_url)
    with open_store(db_url) as store:
        assert partial_activities(store) == []
        victim = store.activities.list(limit=1)[0].id
        with store.db.transaction() as session:
            session.execute(
                delete(ActivitySamplesRow).where(ActivitySamplesRow.activity_id == victim)
            )
        problems = partial_activities(store)
        assert len(problems) == 1
        assert problems[0].startswith(f"activity {victim} ")
        assert problems[0].endswith(": no samples")
        assert canonical_dump(store) != reference


_KILL_WHILE_MIGRATING = """
import os, signal, sys
from sqlalchemy import Engine, event
from lydiard.store.engine import make_engine
from lydiard.store.migrate import upgrade

@event.listens_for(Engine, "before_cursor_execute")
def die(conn, cursor, statement, parameters, context, executemany):
    if statement.lstrip().upper().startswith("CREATE TABLE LAPS"):
        os.kill(os.getpid(), signal.SIGKILL)

upgrade(make_engine(sys.argv[1]))
"""


def test_a_kill_while_creating_the_schema_leaves_an_empty_database(tmp_path):
    url = f"sqlite:///{tmp_path / 'lydiard.db'}"
    child = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(_KILL_WHILE_MIGRATING), url],
        capture_output=True,
        check=False,
    )
    assert child.returncode == -9, child.stderr.decode()
    # Before migrations ran in one transaction, the tables created so far stayed without
    # a revision and lydiard refused the file as "not a lydiard database".
    with connect(url) as store:
        assert store.status().state is SchemaState.EMPTY
    with open_store(url) as store:
        assert store.status().state is SchemaState.CURRENT
        assert store.activities.count() == 0
