"""Writing an activity's rows: samples, laps, sessions, the file it came from; duplicates."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session as OrmSession

from lydiard.store.codec import CODEC_VERSION
from lydiard.store.prepare import PreparedActivity
from lydiard.store.records import SourceFile
from lydiard.store.rows import lap_values, session_values
from lydiard.store.schema import (
    ActivityRow,
    ActivitySamplesRow,
    ImportedFileRow,
    LapRow,
    SessionRow,
)

__all__ = ["file_row", "nearest_activity", "record_file_row", "write_children"]


def nearest_activity(
    session: OrmSession, athlete_id: int, start: datetime, window_s: float
) -> ActivityRow | None:
    """The athlete's stored activity starting closest to ``start``, within the window (s)."""
    window = timedelta(seconds=window_s)
    rows = session.scalars(
        select(ActivityRow).where(
            ActivityRow.athlete_id == athlete_id,
            ActivityRow.start_time >= start - window,
            ActivityRow.start_time <= start + window,
        )
    ).all()
    return min(rows, key=lambda r: abs(r.start_time - start), default=None)


def write_children(
    session: OrmSession, activity_id: int, prepared: PreparedActivity, *, replace: bool
) -> None:
    """Write an activity's samples, laps and sessions (replacing any stored ones)."""
    if replace:
        for table in (LapRow, SessionRow):
            session.execute(delete(table).where(table.activity_id == activity_id))
        session.execute(
            delete(ActivitySamplesRow).where(ActivitySamplesRow.activity_id == activity_id)
        )
        session.flush()
    session.add(
        ActivitySamplesRow(
            activity_id=activity_id,
            codec_version=CODEC_VERSION,
            n_rows=prepared.n_rows,
            raw_bytes=prepared.raw_bytes,
            data=prepared.samples_blob,
            rr_data=prepared.rr_blob,
        )
    )
    activity = prepared.activity
    # Core bulk inserts (one executemany each): an activity can have hundreds of laps.
    if activity.laps:
        laps = [lap_values(activity_id, i, lap) for i, lap in enumerate(activity.laps)]
        session.execute(insert(LapRow), laps)
    if activity.sessions:
        parts = [session_values(activity_id, i, s) for i, s in enumerate(activity.sessions)]
        session.execute(insert(SessionRow), parts)


def file_row(session: OrmSession, athlete_id: int, sha256: str) -> ImportedFileRow | None:
    """The record of an imported file, by content hash."""
    return session.scalars(
        select(ImportedFileRow).where(
            ImportedFileRow.athlete_id == athlete_id, ImportedFileRow.sha256 == sha256
        )
    ).first()


def record_file_row(
    session: OrmSession,
    athlete_id: int,
    source: SourceFile,
    outcome: str,
    activity_id: int | None,
    now: datetime,
    *,
    looked_up: bool = False,
    known: ImportedFileRow | None = None,
) -> None:
    """Remember a file as imported, with what happened to it.

    With ``looked_up``, ``known`` is the file's row the caller already found (or None).
    """
    row = known if looked_up else file_row(session, athlete_id, source.sha256)
    if row is None:
        row = ImportedFileRow(athlete_id=athlete_id, sha256=source.sha256)
        session.add(row)
    row.name = source.name[:500]
    row.size_bytes = source.size_bytes
    row.outcome = outcome
    row.activity_id = activity_id
    row.imported_at = now
