"""Bulk import: idempotent, failure-tolerant, resumable, parallel through an Executor."""

from __future__ import annotations

import importlib.util
import os
import signal
import subprocess
import sys
import textwrap
import time
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from lydiard.errors import FileFormatError, LydiardError
from lydiard.ingest import InlineExecutor, Outcome, import_paths
from lydiard.store import open_store
from lydiard.store.schema import ActivityRow, ActivitySamplesRow, LapRow
from store_factories import (
    START,
    fake_fit_bytes,
    gpx_bytes,
    make_activity,
    read_mixed,
    read_or_crash,
    read_test_gpx,
)

HAVE_GPX_READER = importlib.util.find_spec("lydiard.importers.gpx") is not None


@pytest.fixture
def store(tmp_path):
    store = open_store(f"sqlite:///{tmp_path / 'db' / 'lydiard.db'}")
    yield store
    store.close()


def write_runs(folder: Path, count: int, *, gpx: bool = True, day0: int = 0) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        start = START + timedelta(days=day0 + i)
        if gpx:
            path = folder / f"run-{day0 + i:03d}.gpx"
            path.write_bytes(gpx_bytes(start, name=f"Run {day0 + i}"))
        else:
            path = folder / f"run-{day0 + i:03d}.fit"
            path.write_bytes(fake_fit_bytes(start, seed=i))
        paths.append(path)
    return paths


def consistent(store) -> None:
    """Every stored activity is whole: its samples decode and its laps are there."""
    with store.db.transaction() as session:
        activities = session.scalar(select(func.count()).select_from(ActivityRow))
        samples = session.scalar(select(func.count()).select_from(ActivitySamplesRow))
        orphan_laps = session.scalar(
            select(func.count())
            .select_from(LapRow)
            .where(LapRow.activity_id.not_in(select(ActivityRow.id)))
        )
    assert activities == samples
    assert orphan_laps == 0
    for record in store.activities.list():
        assert len(store.activities.samples(record.id)) == record.n_samples


def test_folder_import_is_idempotent(store, tmp_path):
    write_runs(tmp_path / "runs", 4)
    reader = read_mixed
    if HAVE_GPX_READER:  # the real reader, once it is on main
        from lydiard.importers import read_bytes as reader
    events = []
    report = import_paths(
        [tmp_path / "runs"],
        store,
        reader=reader,
        progress=lambda item, done, total: events.append((done, total)),
    )
    assert report.counts()["added"] == 4
    assert events == [(1, 4), (2, 4), (3, 4), (4, 4)]
    assert store.activities.count() == 4
    record = store.activities.list(limit=1)[0]
    assert record.source_format == "gpx"
    assert record.distance_m == pytest.approx(119 * 3, rel=1e-3)  # 120 points 3 m apart
    again = import_paths([tmp_path / "runs"], store, reader=reader)
    assert again.counts()["skipped"] == 4
    assert {item.reason for item in again.items} == {"imported before"}
    assert store.activities.count() == 4
    consistent(store)


def test_same_file_twice_and_same_activity_in_two_formats(store, tmp_path):
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "a.gpx").write_bytes(gpx_bytes(START))
    (folder / "copy-of-a.gpx").write_bytes(gpx_bytes(START))
    (folder / "a.fit").write_bytes(fake_fit_bytes(START + timedelta(seconds=1)))
    report = import_paths([folder], store, reader=read_mixed)
    # Sorted walk: a.fit first, then a.gpx (a poorer duplicate), then the byte-identical copy.
    outcomes = {Path(item.name).name: item.outcome for item in report.items}
    assert outcomes == {
        "a.fit": Outcome.ADDED,
        "a.gpx": Outcome.DUPLICATE,
        "copy-of-a.gpx": Outcome.SKIPPED,
    }
    assert store.activities.count() == 1
    assert store.activities.list()[0].source_format == "fit"


def test_a_richer_format_arriving_later_replaces_in_place(store, tmp_path):
    gpx = tmp_path / "run.gpx"
    gpx.write_bytes(gpx_bytes(START))
    first = import_paths([gpx], store, reader=read_mixed).items[0]
    fit = tmp_path / "run.fit"
    fit.write_bytes(fake_fit_bytes(START))
    second = import_paths([fit], store, reader=read_mixed).items[0]
    assert second.outcome is Outcome.REPLACED
    assert second.activity_id == first.activity_id
    assert store.activities.get(first.activity_id).source_format == "fit"
    # The GPX is still known: importing it again does not even read it.
    assert import_paths([gpx], store, reader=read_mixed).items[0].outcome is Outcome.SKIPPED


def test_failures_are_listed_and_never_stop_the_rest(store, tmp_path):
    folder = tmp_path / "some bad"
    write_runs(folder, 3)
    (folder / "broken.gpx").write_bytes(b"<gpx><trk><trkseg><trkpt")
    (folder / "empty.fit").write_bytes(b"")
    (folder / "crash.gpx").write_bytes(gpx_bytes(START + timedelta(days=30)))
    (folder / "notes.txt").write_text("not an activity, ignored in folders")
    (folder / ".hidden.gpx").write_bytes(b"ignored")
    report = import_paths([folder, tmp_path / "nope.fit"], store, reader=read_or_crash)
    failures = {Path(item.name).name: item.reason for item in report.failures}
    assert set(failures) == {"broken.gpx", "empty.fit", "crash.gpx", "nope.fit"}
    assert "not valid XML" in failures["broken.gpx"]
    assert "not a FIT, GPX" in failures["empty.fit"]
    assert "unexpected RuntimeError while reading" in failures["crash.gpx"]
    assert failures["nope.fit"] == "no such file or folder"
    assert report.counts()["added"] == 3
    assert store.activities.count() == 3
    # Failed files are not remembered: fixing the reader and running again imports them.
    again = import_paths([folder], store, reader=read_mixed)
    assert again.counts()["added"] == 1  # crash.gpx
    assert again.counts()["skipped"] == 3


def test_an_activity_the_database_refuses_fails_alone(store, tmp_path, monkeypatch):
    """A batch with one activity the database refuses (sport NULL breaks NOT NULL)."""
    from lydiard.store import activities, activity_batch

    paths = write_runs(tmp_path / "runs", 6, gpx=False)
    refused = paths[2].rename(paths[2].with_name("refused.fit"))
    batch_values, fill_row = activity_batch.activity_values, activities.fill_activity_row

    def null_sport_values(prepared, *args):
        values = batch_values(prepared, *args)
        if prepared.activity.source_name == refused.name:
            values["sport"] = None
        return values

    def null_sport_row(row, prepared, *args):
        fill_row(row, prepared, *args)
        if prepared.activity.source_name == refused.name:
            row.sport = None

    monkeypatch.setattr(activity_batch, "activity_values", null_sport_values)
    monkeypatch.setattr(activities, "fill_activity_row", null_sport_row)
    report = import_paths([tmp_path / "runs"], store, reader=read_mixed)
    assert report.counts()["added"] == 5
    [failure] = report.failures
    assert Path(failure.name).name == "refused.fit"
    assert "conflicts with stored data" in failure.reason
    assert store.activities.count() == 5
    consistent(store)
    # Fixed, it is imported on the next run; the others are not read again.
    monkeypatch.undo()
    again = import_paths([tmp_path / "runs"], store, reader=read_mixed)
    assert (again.counts()["added"], again.counts()["skipped"]) == (1, 5)
    consistent(store)


def test_interrupt_midway_then_rerun_completes(store, tmp_path):
    paths = write_runs(tmp_path / "runs", 6, gpx=False)
    calls = []

    def interrupting_reader(data, name=None, *, strict=False):
        calls.append(name)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return read_mixed(data, name, strict=strict)

    with pytest.raises(KeyboardInterrupt):
        import_paths(paths, store, reader=interrupting_reader, executor=InlineExecutor())
    assert store.activities.count() == 2
    consistent(store)
    report = import_paths(paths, store, reader=read_mixed)
    assert report.counts() | {} == {
        "added": 4,
        "replaced": 0,
        "duplicate": 0,
        "skipped": 2,
        "failed": 0,
    }
    assert store.activities.count() == 6
    assert sorted(len(store.activities.laps(r.id)) for r in store.activities.list()) == [2] * 6
    consistent(store)


_KILLED_IMPORT = """
import sys
sys.path.insert(0, {tests!r})
from store_factories import read_slowly
from lydiard.ingest import import_paths
from lydiard.store import open_store
store = open_store({url!r})
import_paths({paths!r}, store, reader=read_slowly, jobs=1)
"""


@pytest.mark.slow
def test_sigkill_midway_loses_nothing_and_rerun_completes(store, tmp_path):
    paths = [str(p) for p in write_runs(tmp_path / "runs", 10, gpx=False)]
    url = str(store.db.engine.url)
    script = _KILLED_IMPORT.format(tests=str(Path(__file__).parent), url=url, paths=paths)
    child = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(script)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    try:
        while store.activities.count() < 3:
            assert child.poll() is None, child.stderr.read().decode()
            assert time.monotonic() < deadline, "the child import made no progress"
            time.sleep(0.05)
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait()
        child.stdout.close()
        child.stderr.close()
    assert child.returncode == -signal.SIGKILL
    stored = store.activities.count()
    assert 3 <= stored < 10
    consistent(store)
    report = import_paths(paths, store, reader=read_mixed)
    assert report.counts()["skipped"] == stored
    assert report.counts()["added"] == 10 - stored
    assert store.activities.count() == 10
    consistent(store)


@pytest.mark.slow
def test_a_process_pool_gives_the_same_result(store, tmp_path):
    write_runs(tmp_path / "runs", 6, gpx=False)
    report = import_paths([tmp_path / "runs"], store, reader=read_mixed, jobs=2)
    assert report.counts()["added"] == 6
    loaded = store.activities.load(store.activities.list(limit=1)[0].id)
    expected = make_activity(loaded.start_time, n=120, seed=5)
    assert loaded.samples.equals(expected.samples)
    consistent(store)


@pytest.mark.slow
def test_a_dying_worker_stops_the_import_with_a_clear_error(store, tmp_path):
    from store_factories import read_and_die

    write_runs(tmp_path / "runs", 3, gpx=False)
    with pytest.raises(LydiardError, match="a worker process died while reading"):
        import_paths([tmp_path / "runs"], store, reader=read_and_die, jobs=2)
    assert store.activities.count() == 0


@pytest.mark.slow
@pytest.mark.skipif(importlib.util.find_spec("distributed") is None, reason="dask not installed")
def test_a_dask_cluster_plugs_in_as_an_executor(store, tmp_path):
    from distributed import Client

    write_runs(tmp_path / "runs", 4, gpx=False)
    with Client(processes=False, n_workers=1, threads_per_worker=2, dashboard_address=None) as c:
        report = import_paths(
            [tmp_path / "runs"], store, reader=read_mixed, executor=c.get_executor()
        )
    assert report.counts()["added"] == 4
    consistent(store)


def test_exports_go_through_read_activities(store, tmp_path, monkeypatch):
    export = tmp_path / "export_123.zip"
    export.write_bytes(b"PK\x05\x06" + b"\0" * 18)  # read_activities is replaced below

    def fake_read_activities(path, *, strict=False):
        assert Path(path) == export
        yield "activities/1.gpx", read_test_gpx(gpx_bytes(START), "1.gpx")
        yield "activities/2.gpx", read_test_gpx(gpx_bytes(START + timedelta(days=1)), "2.gpx")
        yield "activities/3.fit", FileFormatError("3.fit: file ends early (byte 10)")

    import lydiard.ingest as ingest

    monkeypatch.setattr(ingest, "read_activities", fake_read_activities)
    report = import_paths([export], store)
    assert report.counts()["added"] == 2
    assert [item.reason for item in report.failures] == ["3.fit: file ends early (byte 10)"]
    assert report.failures[0].name.endswith("export_123.zip/activities/3.fit")
    # With a failure inside, the export is not marked done: a rerun retries it.
    again = import_paths([export], store)
    assert again.counts()["duplicate"] == 2

    def fixed(path, *, strict=False):
        yield from list(fake_read_activities(path))[:2]

    monkeypatch.setattr(ingest, "read_activities", fixed)
    assert import_paths([export], store).counts()["duplicate"] == 2
    # Now complete: the next run skips the whole export without reading it.
    assert import_paths([export], store).items[0].outcome is Outcome.SKIPPED


def test_an_unreadable_export_is_one_failure(store, tmp_path, monkeypatch):
    export = tmp_path / "export.zip"
    export.write_bytes(b"PK\x05\x06" + b"\0" * 18)

    def broken(path, *, strict=False):
        raise FileFormatError("export.zip: not a Strava export (no activities.csv)")
        yield  # a generator, like the real one

    import lydiard.ingest as ingest

    monkeypatch.setattr(ingest, "read_activities", broken)
    report = import_paths([export], store)
    assert [i.reason for i in report.failures] == [
        "export.zip: export.zip: not a Strava export (no activities.csv)"
    ]


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["fit", "gpx", "tcx"])
def test_real_files_import_exactly(store, shared_data, fmt):
    if importlib.util.find_spec(f"lydiard.importers.{fmt}") is None:
        pytest.skip(f"the {fmt.upper()} reader (lydiard.importers.{fmt}) is not on this branch yet")
    from lydiard.importers import read_activity

    files = sorted(p for p in (shared_data / fmt).iterdir() if p.is_file())
    report = import_paths(files, store, jobs=1)
    for item in report.failures:  # a bad file is an error the reader meant, not a crash
        assert "unexpected" not in item.reason, item
    stored = [i for i in report.items if i.outcome is Outcome.ADDED]
    assert stored, report.items
    for item in stored[:5]:
        original = read_activity(item.name)
        assert store.activities.load(item.activity_id).samples.equals(original.samples)
    with store.db.transaction() as session:
        blob_bytes = sum(len(row.data) for row in session.scalars(select(ActivitySamplesRow)))
    source_bytes = sum(Path(i.name).stat().st_size for i in report.items if i.activity_id)
    assert blob_bytes < source_bytes
    again = import_paths(files, store, jobs=1)
    assert again.count(Outcome.SKIPPED) == len(files) - len(report.failures)
    consistent(store)
