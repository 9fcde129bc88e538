"""Batched adds store exactly what one ``add`` per activity stores, and fail whole.

Each test gives two athletes of one database the same activities: athlete A through
``add`` (one transaction each, the reference), athlete B through ``add_many``; every
stored row must then be the same, ids aside. Runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from lydiard.errors import StoreError
from lydiard.importers import read_activity
from lydiard.model import Activity
from lydiard.store import Store, activity_batch
from lydiard.store.codec import decode_samples
from lydiard.store.prepare import PreparedActivity, prepare_activity
from lydiard.store.records import AddOutcome, AddResult, SourceFile
from lydiard.store.schema import (
    ActivityRow,
    ActivitySamplesRow,
    ImportedFileRow,
    LapRow,
    SessionRow,
)
from store_factories import START, make_activity

NOW = datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)

Item = tuple[PreparedActivity, SourceFile | None]


def _file(tag: str) -> SourceFile:
    return SourceFile(f"{tag:0>64}"[-64:], f"{tag}.bin", 1000 + len(tag))


def _prepared(activity: Activity) -> PreparedActivity:
    return prepare_activity(activity)


def _tricky_items() -> list[Item]:
    """Every path of the duplicate rules, several within the batch itself."""
    gpx_first = make_activity(START, seed=1, source_format="gpx", name="Hill reps")
    fit_same = make_activity(START + timedelta(seconds=5), seed=2, name=None)  # replaces it
    second = make_activity(START + timedelta(days=1), seed=3, rr=True)
    poorer = make_activity(START + timedelta(days=1, seconds=20), seed=4, source_format="tcx")
    third = make_activity(START + timedelta(days=40), seed=5, source_format="gpx")
    return [
        (_prepared(gpx_first), _file("a")),
        (_prepared(second), _file("b")),
        (_prepared(fit_same), _file("c")),  # a richer format, added earlier in the batch
        (_prepared(poorer), _file("d")),  # same activity as `second`, poorer: duplicate
        (_prepared(second), _file("b")),  # the same file again
        (_prepared(third), None),  # no file (a Strava export's activity)
        (_prepared(make_activity(START + timedelta(days=41), seed=6)), _file("known-no-id")),
        (_prepared(make_activity(START + timedelta(days=90), seed=7)), _file("stored-before")),
        (_prepared(make_activity(START + timedelta(days=95), seed=8)), _file("e")),
        # A replacement moves the start time: later items are compared with the new one.
        (
            _prepared(make_activity(START + timedelta(days=200), seed=10, source_format="gpx")),
            _file("f"),
        ),
        (_prepared(make_activity(START + timedelta(days=200, seconds=50), seed=11)), _file("g")),
        (
            _prepared(
                make_activity(
                    START + timedelta(days=200, seconds=105), seed=12, source_format="tcx"
                )
            ),
            _file("h"),
        ),
    ]


def _before(store: Store, athlete_id: int) -> None:
    """What the database held before the batch: a GPX to replace, a file without activity."""
    old = make_activity(START + timedelta(days=95, seconds=-3), seed=9, source_format="gpx")
    store.activities.add(athlete_id, old, source_file=_file("old"), now=NOW)
    store.activities.add(
        athlete_id, make_activity(START + timedelta(days=90), seed=7), now=NOW
    )  # the same activity as the "stored-before" file, stored without a file record
    store.activities.record_file(athlete_id, _file("known-no-id"), "export", now=NOW)


def _without_ids(row: Any, drop: tuple[str, ...]) -> dict[str, Any]:
    return {k: v for k, v in row._mapping.items() if k not in drop}


def _stored(store: Store, athlete_id: int) -> dict[str, Any]:
    """Every row of an athlete's activities, ids replaced by the activity's start time."""
    with store.db.transaction() as session:
        activities = session.execute(
            select(ActivityRow.__table__)
            .where(ActivityRow.athlete_id == athlete_id)
            .order_by(ActivityRow.start_time)
        ).all()
        start_of = {row.id: row.start_time for row in activities}
        children: dict[str, list[Any]] = {}
        for table in (ActivitySamplesRow, LapRow, SessionRow):
            rows = session.execute(
                select(table.__table__).where(table.activity_id.in_(list(start_of)))
            ).all()
            children[table.__tablename__] = sorted(
                ((start_of[r.activity_id], _without_ids(r, ("id", "activity_id"))) for r in rows),
                key=lambda pair: (pair[0], pair[1].get("position", 0)),
            )
        files = session.execute(
            select(ImportedFileRow.__table__)
            .where(ImportedFileRow.athlete_id == athlete_id)
            .order_by(ImportedFileRow.sha256)
        ).all()
    return {
        "activities": [_without_ids(r, ("id", "athlete_id")) for r in activities],
        **children,
        "files": [
            (start_of.get(r.activity_id), _without_ids(r, ("id", "athlete_id", "activity_id")))
            for r in files
        ],
        "start_of": start_of,
    }


def _comparable(results: list[AddResult], start_of: dict[int, datetime]) -> list[tuple]:
    """Outcomes with each activity id replaced by that activity's start time."""
    return [
        (r.outcome, start_of[r.activity_id], re.sub(r"\b\d+\b", "#", r.reason)) for r in results
    ]


def _same_as_one_add_each(store: Store, items: list[Item]) -> list[AddResult]:
    one = store.athletes.ensure("one at a time").id
    batched = store.athletes.ensure("batched").id
    _before(store, one)
    _before(store, batched)
    expected = [
        store.activities.add(one, prepared, source_file=source, now=NOW)
        for prepared, source in items
    ]
    got = store.activities.add_many(batched, items, now=NOW)
    want, have = _stored(store, one), _stored(store, batched)
    assert _comparable(got, have.pop("start_of")) == _comparable(expected, want.pop("start_of"))
    for table in want:
        assert have[table] == want[table], table
    return got


def test_a_batch_stores_what_one_add_each_stores(store):
    got = _same_as_one_add_each(store, _tricky_items())
    # The rules were all exercised (not a batch of plain adds).
    assert [r.outcome for r in got] == [
        AddOutcome.ADDED,
        AddOutcome.ADDED,
        AddOutcome.REPLACED,
        AddOutcome.DUPLICATE,
        AddOutcome.DUPLICATE,
        AddOutcome.ADDED,
        AddOutcome.ADDED,
        AddOutcome.DUPLICATE,  # the same activity, stored before without a file record
        AddOutcome.REPLACED,  # a GPX stored before
        AddOutcome.ADDED,
        AddOutcome.REPLACED,
        AddOutcome.DUPLICATE,  # 55 s after the FIT that replaced the GPX (105 s after it)
    ]
    assert got[2].activity_id == got[0].activity_id  # replaced in place, id kept
    assert "file already imported" in got[4].reason


def test_samples_of_a_batch_come_back_bit_for_bit(store):
    items = _tricky_items()
    athlete = store.athletes.ensure("batched").id
    results = store.activities.add_many(athlete, items[:2], now=NOW)
    for (prepared, _), result in zip(items[:2], results, strict=True):
        loaded = store.activities.load(result.activity_id)
        assert loaded.samples.equals(decode_samples(prepared.samples_blob))
        assert loaded.rr_intervals_s is not None or prepared.rr_blob is None


def test_real_files_in_a_batch_store_what_one_add_each_stores(store, shared_data):
    paths = sorted((shared_data / "fit").glob("*.fit"))[:4]
    paths += sorted((shared_data / "gpx").glob("*.gpx"))[:2]
    paths += sorted((shared_data / "tcx").glob("*.tcx"))[:2]
    items: list[Item] = []
    for number, path in enumerate(paths):
        activity = read_activity(path)
        # Each file on its own day, so all are added rather than found to be duplicates.
        activity = dataclasses.replace(
            activity, start_time=START + timedelta(days=number, seconds=activity.start_time.second)
        )
        items.append((_prepared(activity), _file(path.name)))
    assert len(items) >= 6
    got = _same_as_one_add_each(store, items)
    assert {r.outcome for r in got} == {AddOutcome.ADDED}


def test_a_batch_that_fails_stores_nothing_of_any_activity(store, monkeypatch):
    athlete = store.athletes.ensure("batched").id
    items = _tricky_items()
    real = activity_batch.session_values

    def failing(activity_id: int, position: int, part: Any) -> dict[str, object]:
        values = real(activity_id, position, part)
        if values["sub_sport"] == "trail" and activity_id % 2 == 0:
            raise IntegrityError("INSERT INTO activity_sessions", {}, Exception("constraint"))
        return values

    monkeypatch.setattr(activity_batch, "session_values", failing)
    with pytest.raises(StoreError, match="conflicts with stored data"):
        store.activities.add_many(athlete, items, now=NOW)
    assert store.activities.count() == 0
    assert store.activities.known_files(athlete, [s.sha256 for _, s in items if s]) == {}
    monkeypatch.setattr(activity_batch, "session_values", real)
    assert len(store.activities.add_many(athlete, items, now=NOW)) == len(items)
