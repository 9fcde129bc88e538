"""Adding many prepared activities in one transaction: what bulk import writes with.

:meth:`ActivityRepository.add <lydiard.store.activities.ActivityRepository.add>` costs
about 13 ms of this process per activity, nearly all of it SQLAlchemy's unit of work and
one commit (fsync) per activity. :func:`add_batch` gives every activity of a batch the
same outcome ``add`` would give it when called on each in turn, but decides duplicates
in Python over one query and writes with Core multi-row inserts (``INSERT ... VALUES
(...), (...) RETURNING id``) and one commit.

A batch is one transaction: it is stored whole or not at all, so a batch interrupted at
any point (even by SIGKILL) leaves no part of any activity, and the files it held are
not yet recorded as imported, so running the import again reads them again. A batch
that fails raises :class:`~lydiard.errors.StoreError` with nothing written; the caller
(:mod:`lydiard.ingest`) then adds its activities one transaction each, so one bad
activity cannot cost the others.

The rare cases that change a stored row (a richer format replacing a poorer recording,
or a file recorded before without an activity) go through the same ORM code as
``add``, inside the batch's transaction.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import Table, bindparam, insert, select
from sqlalchemy.orm import Session as OrmSession

from lydiard.errors import NotFoundError
from lydiard.store.activity_writes import record_file_row, write_children
from lydiard.store.codec import CODEC_VERSION
from lydiard.store.database import Database
from lydiard.store.prepare import PreparedActivity, source_rank
from lydiard.store.records import AddOutcome, AddResult, SourceFile
from lydiard.store.rows import activity_values, fill_activity_row, lap_values, session_values
from lydiard.store.schema import (
    ActivityRow,
    ActivitySamplesRow,
    AthleteRow,
    Base,
    ImportedFileRow,
    LapRow,
    SessionRow,
)

__all__ = ["add_batch"]

#: Start times of a batch closer than this are looked up with one range query.
_MERGE_GAP = timedelta(days=2)


@dataclass(eq=False)  # identity: two rows never are the same activity
class _Stored:
    """An activity the batch can collide with: stored before, or added by this batch."""

    start_time: datetime
    source_format: str
    source_name: str | None
    id: int | None = None  # None until the pending inserts are written
    pending: int = -1  # index into the pending inserts, while id is None


@dataclass
class _Pending:
    """Rows of one new activity, waiting for the batch's multi-row inserts."""

    values: dict[str, Any]
    prepared: PreparedActivity
    source: SourceFile | None
    result_index: int
    stored: _Stored


class _Batch:
    """The state of one batch inside its transaction."""

    def __init__(self, session: OrmSession, athlete_id: int, timezone: str, now: datetime) -> None:
        self.session = session
        self.athlete_id = athlete_id
        self.timezone = timezone
        self.now = now
        self.by_start: list[_Stored] = []  # sorted by start time
        self.pending: list[_Pending] = []
        self.results: list[AddResult | None] = []
        self.files: dict[str, int] = {}  # sha256 -> index of its result, files new to the store

    def load_neighbours(self, starts: Sequence[datetime], window: timedelta) -> None:
        """Read the stored activities within the window of any of these start times.

        Start times closer than :data:`_MERGE_GAP` are read with one range query (a
        chronological batch is one or two ranges); the few extra rows cost nothing.
        """
        table = _table(ActivityRow)
        query = select(
            table.c.id, table.c.start_time, table.c.source_format, table.c.source_name
        ).where(
            table.c.athlete_id == self.athlete_id,
            table.c.start_time >= bindparam("low"),
            table.c.start_time <= bindparam("high"),
        )
        found: dict[int, _Stored] = {}
        for low, high in _ranges(starts, window):
            for row in self.session.execute(query, {"low": low, "high": high}):
                found[row.id] = _Stored(row.start_time, row.source_format, row.source_name, row.id)
        self.by_start = sorted(found.values(), key=lambda s: (s.start_time, s.id or 0))

    def nearest(self, start: datetime, window: timedelta) -> _Stored | None:
        """The known activity starting closest to ``start`` within the window (as ``add``)."""
        times = [s.start_time for s in self.by_start]
        low = bisect.bisect_left(times, start - window)
        high = bisect.bisect_right(times, start + window)
        return min(self.by_start[low:high], key=lambda s: abs(s.start_time - start), default=None)

    def remember(self, stored: _Stored) -> None:
        times = [s.start_time for s in self.by_start]
        self.by_start.insert(bisect.bisect_right(times, stored.start_time), stored)

    def write_pending(self) -> None:
        """Insert every pending new activity and its rows (multi-row inserts)."""
        if not self.pending:
            return
        pending, self.pending = self.pending, []
        statement = insert(_table(ActivityRow)).returning(
            _table(ActivityRow).c.id, sort_by_parameter_order=True
        )
        ids = self.session.execute(statement, [p.values for p in pending]).scalars().all()
        samples: list[dict[str, Any]] = []
        laps: list[dict[str, Any]] = []
        parts: list[dict[str, Any]] = []
        for item, activity_id in zip(pending, ids, strict=True):
            item.stored.id = activity_id
            prepared = item.prepared
            self.results[item.result_index] = AddResult(AddOutcome.ADDED, activity_id)
            samples.append(
                {
                    "activity_id": activity_id,
                    "codec_version": CODEC_VERSION,
                    "n_rows": prepared.n_rows,
                    "raw_bytes": prepared.raw_bytes,
                    "data": prepared.samples_blob,
                    "rr_data": prepared.rr_blob,
                }
            )
            activity = prepared.activity
            laps += [lap_values(activity_id, i, lap) for i, lap in enumerate(activity.laps)]
            parts += [session_values(activity_id, i, s) for i, s in enumerate(activity.sessions)]
        self.session.execute(insert(_table(ActivitySamplesRow)), samples)
        if laps:
            self.session.execute(insert(_table(LapRow)), laps)
        if parts:
            self.session.execute(insert(_table(SessionRow)), parts)

    def replace(
        self, existing: _Stored, prepared: PreparedActivity, source: SourceFile | None
    ) -> int:
        """A richer recording replaces a stored one in place (the ORM code of ``add``)."""
        if existing.id is None:
            self.write_pending()
        assert existing.id is not None
        row = self.session.get(ActivityRow, existing.id)
        assert row is not None
        fill_activity_row(row, prepared, self.timezone, self.now)
        row.file_hash = source.sha256 if source else None
        write_children(self.session, row.id, prepared, replace=True)
        self.session.flush()
        # The replaced row now has the new recording's start time: later activities of
        # the batch are compared with that, as successive ``add`` calls would.
        self.by_start.remove(existing)
        existing.start_time = prepared.activity.start_time
        existing.source_format = row.source_format
        existing.source_name = row.source_name
        self.remember(existing)
        return row.id


def add_batch(
    db: Database,
    athlete_id: int,
    items: Sequence[tuple[PreparedActivity, SourceFile | None]],
    *,
    duplicate_window_s: float,
    replace_poorer: bool,
    now: datetime,
) -> list[AddResult]:
    """Add prepared activities in one transaction, each with the outcome ``add`` gives it.

    Items are decided in order, so an activity can be a duplicate of (or replace) one
    added earlier in the same batch, as with successive ``add`` calls.

    Raises:
        NotFoundError: when the athlete does not exist.
        StoreError: when the database fails (nothing of the batch is stored).
    """
    if not items:
        return []
    window = timedelta(seconds=duplicate_window_s)
    with db.transaction() as session:
        athlete = session.get(AthleteRow, athlete_id)
        if athlete is None:
            raise NotFoundError(f"athlete {athlete_id} not found")
        batch = _Batch(session, athlete_id, athlete.timezone, now)
        hashes = [source.sha256 for _, source in items if source is not None]
        known = _known_files(session, athlete_id, hashes)
        batch.load_neighbours([p.activity.start_time for p, _ in items], window)
        batch.results = [None] * len(items)
        file_updates: list[tuple[SourceFile, int, ImportedFileRow]] = []
        for index, (prepared, source) in enumerate(items):
            new = prepared.activity
            row_before = known.get(source.sha256) if source is not None else None
            if row_before is not None and row_before.activity_id is not None:
                batch.results[index] = AddResult(
                    AddOutcome.DUPLICATE,
                    row_before.activity_id,
                    f"file already imported as activity {row_before.activity_id}",
                )
                continue
            if source is not None and source.sha256 in batch.files:
                earlier = batch.results[batch.files[source.sha256]]
                if earlier is None:  # still pending
                    batch.write_pending()
                    earlier = batch.results[batch.files[source.sha256]]
                assert earlier is not None
                batch.results[index] = AddResult(
                    AddOutcome.DUPLICATE,
                    earlier.activity_id,
                    f"file already imported as activity {earlier.activity_id}",
                )
                continue
            existing = batch.nearest(new.start_time, window)
            if existing is None:
                values = activity_values(prepared, athlete.timezone, now)
                values.update(
                    athlete_id=athlete_id,
                    notes=None,
                    rpe=None,
                    file_hash=source.sha256 if source else None,
                )
                stored = _Stored(new.start_time, values["source_format"], values["source_name"])
                stored.pending = len(batch.pending)
                batch.pending.append(_Pending(values, prepared, source, index, stored))
                batch.remember(stored)
                if source is not None:
                    batch.files[source.sha256] = index
                    if row_before is not None:
                        file_updates.append((source, index, row_before))
                continue
            if replace_poorer and source_rank(new.source_format) > source_rank(
                existing.source_format
            ):
                old_format, old_name = existing.source_format, existing.source_name
                activity_id = batch.replace(existing, prepared, source)
                reason = (
                    f"{new.source_format} replaced {old_format} "
                    f"{old_name or ''} of activity {activity_id}".replace("  ", " ")
                )
                result = AddResult(AddOutcome.REPLACED, activity_id, reason)
            else:
                if existing.id is None:
                    batch.write_pending()
                assert existing.id is not None
                gap = abs((existing.start_time - new.start_time).total_seconds())
                reason = (
                    f"same activity as {existing.id} ({existing.source_name or 'stored'}, "
                    f"starts {gap:.0f} s apart)"
                )
                result = AddResult(AddOutcome.DUPLICATE, existing.id, reason)
            batch.results[index] = result
            if source is not None:
                batch.files[source.sha256] = index
                if row_before is not None:
                    file_updates.append((source, index, row_before))
        batch.write_pending()
        results = [r for r in batch.results if r is not None]
        assert len(results) == len(items)
        _record_files(session, batch, items, results, known, file_updates)
    return results


def _table(model: type[Base]) -> Table:
    """A model's table, for Core statements."""
    return cast(Table, model.__table__)


def _ranges(starts: Sequence[datetime], window: timedelta) -> list[tuple[datetime, datetime]]:
    """Merge each start's +- window into few ranges (gaps below :data:`_MERGE_GAP`)."""
    merged: list[tuple[datetime, datetime]] = []
    for start in sorted(starts):
        low, high = start - window, start + window
        if merged and low - merged[-1][1] <= _MERGE_GAP:
            merged[-1] = (merged[-1][0], max(merged[-1][1], high))
        else:
            merged.append((low, high))
    return merged


def _known_files(
    session: OrmSession, athlete_id: int, hashes: Sequence[str]
) -> dict[str, ImportedFileRow]:
    found: dict[str, ImportedFileRow] = {}
    unique = list(dict.fromkeys(hashes))
    for first in range(0, len(unique), 500):
        chunk = unique[first : first + 500]
        rows = session.scalars(
            select(ImportedFileRow).where(
                ImportedFileRow.athlete_id == athlete_id, ImportedFileRow.sha256.in_(chunk)
            )
        ).all()
        found.update({row.sha256: row for row in rows})
    return found


def _record_files(
    session: OrmSession,
    batch: _Batch,
    items: Sequence[tuple[PreparedActivity, SourceFile | None]],
    results: Sequence[AddResult],
    known: dict[str, ImportedFileRow],
    file_updates: list[tuple[SourceFile, int, ImportedFileRow]],
) -> None:
    """Record each file once, with its activity's outcome (new files: one insert)."""
    updated = {source.sha256 for source, _, _ in file_updates}
    for source, index, row in file_updates:
        result = results[index]
        record_file_row(
            session,
            batch.athlete_id,
            source,
            result.outcome.value,
            result.activity_id,
            batch.now,
            looked_up=True,
            known=row,
        )
    new_rows: list[dict[str, Any]] = []
    for sha, index in batch.files.items():
        if sha in updated or sha in known:
            continue
        file = items[index][1]
        assert file is not None
        result = results[index]
        new_rows.append(
            {
                "athlete_id": batch.athlete_id,
                "sha256": sha,
                "name": file.name[:500],
                "size_bytes": file.size_bytes,
                "outcome": result.outcome.value,
                "activity_id": result.activity_id,
                "imported_at": batch.now,
            }
        )
    if new_rows:
        session.execute(insert(_table(ImportedFileRow)), new_rows)
