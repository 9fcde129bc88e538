"""Activities: add (with duplicate detection), get, list and filter, samples, laps, loads.

Each call is its own transaction. Adding an activity writes its row, samples, laps,
sessions and (optionally) the record of the file it came from in one transaction, so an
interrupted import never leaves half an activity behind.

Duplicates: an activity of the same athlete starting within :data:`DUPLICATE_WINDOW_S`
of a stored one is the same activity recorded twice or in another format (the FIT and
the GPX of one run; a watch and a bike computer). The device is not compared: the same
recording exported by different software names it differently, and one athlete cannot
start two activities within a minute. A richer format (FIT > TCX > GPX) replaces the
stored recording in place, keeping its id, notes, RPE and plan links.
"""

from __future__ import annotations

import builtins
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from enum import Enum
from typing import Any

import numpy as np
from sqlalchemy import Select, delete, func, or_, select
from sqlalchemy.orm import Session as OrmSession

from lydiard.errors import InputError, NotFoundError
from lydiard.model import Activity, FloatArray, Lap, Samples, Session, Sport
from lydiard.store.activity_batch import add_batch
from lydiard.store.activity_writes import (
    file_row,
    nearest_activity,
    record_file_row,
    write_children,
)
from lydiard.store.codec import decode_samples
from lydiard.store.database import Database
from lydiard.store.prepare import PreparedActivity, prepare_activity, source_rank
from lydiard.store.records import (
    ActivityFilter,
    ActivityRecord,
    AddOutcome,
    AddResult,
    DayTotals,
    SourceFile,
)
from lydiard.store.rows import (
    SUMMARY_KEY,
    fill_activity_row,
    lap_from_row,
    lap_row,
    record_from_row,
    session_from_row,
)
from lydiard.store.schema import (
    ActivityRow,
    ActivitySamplesRow,
    AthleteRow,
    ImportedFileRow,
    LapRow,
    SessionRow,
)
from lydiard.store.volume import daily_totals

__all__ = ["DUPLICATE_WINDOW_S", "KEEP", "ActivityRepository"]

#: Two activities of one athlete starting this close (seconds) are the same activity.
DUPLICATE_WINDOW_S = 60.0


class _Keep(Enum):
    KEEP = "keep"


KEEP = _Keep.KEEP


class ActivityRepository:
    """Activities of every athlete in one database."""

    def __init__(self, db: Database) -> None:
        self.db = db

    # ----------------------------------------------------------------------- writing

    def add(
        self,
        athlete_id: int,
        activity: Activity | PreparedActivity,
        *,
        source_file: SourceFile | None = None,
        duplicate_window_s: float = DUPLICATE_WINDOW_S,
        replace_poorer: bool = True,
        now: datetime | None = None,
    ) -> AddResult:
        """Store an activity unless it is already stored.

        Args:
            athlete_id: whose activity it is.
            activity: the activity, or one prepared by ``prepare_activity`` (in a worker).
            source_file: the file it came from; recorded in the same transaction so that
                importing the file again is recognised without reading it.
            duplicate_window_s: start times this close (s) mean the same activity.
            replace_poorer: let a richer format replace a stored duplicate.
            now: the import time (defaults to the current time; an argument for tests).

        Returns:
            What happened: added, duplicate (nothing changed) or replaced.

        Raises:
            NotFoundError: when the athlete does not exist.
            StoreError: when the database fails (nothing of this activity is stored).
        """
        prepared = (
            activity if isinstance(activity, PreparedActivity) else prepare_activity(activity)
        )
        new = prepared.activity
        now = now or datetime.now(UTC)
        with self.db.transaction() as session:
            athlete = session.get(AthleteRow, athlete_id)
            if athlete is None:
                raise NotFoundError(f"athlete {athlete_id} not found")
            known = None
            if source_file is not None:
                known = file_row(session, athlete_id, source_file.sha256)
                if known is not None and known.activity_id is not None:
                    return AddResult(
                        AddOutcome.DUPLICATE,
                        known.activity_id,
                        f"file already imported as activity {known.activity_id}",
                    )
            existing = nearest_activity(session, athlete_id, new.start_time, duplicate_window_s)
            if existing is None:
                row = ActivityRow(athlete_id=athlete_id, notes=None, rpe=None)
                fill_activity_row(row, prepared, athlete.timezone, now)
                row.file_hash = source_file.sha256 if source_file else None
                session.add(row)
                session.flush()
                write_children(session, row.id, prepared, replace=False)
                result = AddResult(AddOutcome.ADDED, row.id)
            elif replace_poorer and source_rank(new.source_format) > source_rank(
                existing.source_format
            ):
                reason = (
                    f"{new.source_format} replaced {existing.source_format} "
                    f"{existing.source_name or ''} of activity {existing.id}".replace("  ", " ")
                )
                fill_activity_row(existing, prepared, athlete.timezone, now)
                existing.file_hash = source_file.sha256 if source_file else None
                write_children(session, existing.id, prepared, replace=True)
                result = AddResult(AddOutcome.REPLACED, existing.id, reason)
            else:
                gap = abs((existing.start_time - new.start_time).total_seconds())
                reason = (
                    f"same activity as {existing.id} ({existing.source_name or 'stored'}, "
                    f"starts {gap:.0f} s apart)"
                )
                result = AddResult(AddOutcome.DUPLICATE, existing.id, reason)
            if source_file is not None:
                record_file_row(
                    session,
                    athlete_id,
                    source_file,
                    result.outcome.value,
                    result.activity_id,
                    now,
                    looked_up=True,
                    known=known,
                )
        return result

    def add_many(
        self,
        athlete_id: int,
        items: Sequence[tuple[PreparedActivity, SourceFile | None]],
        *,
        duplicate_window_s: float = DUPLICATE_WINDOW_S,
        replace_poorer: bool = True,
        now: datetime | None = None,
    ) -> list[AddResult]:
        """Store prepared activities in one transaction (bulk import's fast path).

        Each gets the outcome :meth:`add` would give it, called on each in turn; the
        batch is stored whole or not at all (:mod:`lydiard.store.activity_batch`).

        Raises:
            NotFoundError: when the athlete does not exist.
            StoreError: when the database fails (nothing of the batch is stored).
        """
        return add_batch(
            self.db,
            athlete_id,
            items,
            duplicate_window_s=duplicate_window_s,
            replace_poorer=replace_poorer,
            now=now or datetime.now(UTC),
        )

    def record_file(
        self,
        athlete_id: int,
        source: SourceFile,
        outcome: str,
        activity_id: int | None = None,
        *,
        now: datetime | None = None,
    ) -> None:
        """Remember a file as imported (e.g. a Strava export once all of it is stored)."""
        with self.db.transaction() as session:
            when = (now or datetime.now(UTC)).astimezone(UTC)
            record_file_row(session, athlete_id, source, outcome, activity_id, when)

    def known_files(self, athlete_id: int, hashes: Iterable[str]) -> dict[str, str]:
        """Which of these file hashes are already imported, with the outcome of each."""
        wanted = list(dict.fromkeys(hashes))
        found: dict[str, str] = {}
        with self.db.transaction() as session:
            for start in range(0, len(wanted), 500):
                chunk = wanted[start : start + 500]
                rows = session.execute(
                    select(ImportedFileRow.sha256, ImportedFileRow.outcome).where(
                        ImportedFileRow.athlete_id == athlete_id,
                        ImportedFileRow.sha256.in_(chunk),
                    )
                ).all()
                found.update({sha: outcome for sha, outcome in rows})
        return found

    def update(
        self,
        activity_id: int,
        *,
        name: str | _Keep | None = KEEP,
        notes: str | _Keep | None = KEEP,
        rpe: float | _Keep | None = KEEP,
        sport: Sport | _Keep = KEEP,
    ) -> ActivityRecord:
        """Change what a user may edit; arguments left out stay as they are.

        Raises:
            NotFoundError: when the activity does not exist.
            InputError: when the RPE is outside 0-10 (Borg CR-10).
        """
        if not isinstance(rpe, _Keep) and rpe is not None and not 0 <= rpe <= 10:
            raise InputError(f"rpe: expected 0-10 on the CR-10 scale, got {rpe}")
        with self.db.transaction() as session:
            row = self._row(session, activity_id)
            if not isinstance(name, _Keep):
                row.name = name
            if not isinstance(notes, _Keep):
                row.notes = notes
            if not isinstance(rpe, _Keep):
                row.rpe = rpe
            if not isinstance(sport, _Keep):
                row.sport = Sport(sport).value
            return record_from_row(row)

    def set_load(
        self,
        activity_id: int,
        *,
        load: float | None,
        load_method: str | None,
        trimp: float | None = None,
        hr_load: float | None = None,
        pace_load: float | None = None,
        power_load: float | None = None,
    ) -> None:
        """Store the training load the physiology core computed (all values at once).

        Raises:
            NotFoundError: when the activity does not exist.
        """
        with self.db.transaction() as session:
            row = self._row(session, activity_id)
            row.load, row.load_method = load, load_method
            row.trimp, row.hr_load = trimp, hr_load
            row.pace_load, row.power_load = pace_load, power_load

    def set_laps(self, activity_id: int, laps: Iterable[Lap]) -> None:
        """Replace an activity's laps (e.g. after re-lapping by distance).

        Raises:
            NotFoundError: when the activity does not exist.
        """
        ordered = sorted(laps, key=lambda lap: lap.start_s)
        with self.db.transaction() as session:
            self._row(session, activity_id)
            session.execute(delete(LapRow).where(LapRow.activity_id == activity_id))
            session.add_all(lap_row(activity_id, i, lap) for i, lap in enumerate(ordered))

    def delete(self, activity_id: int) -> None:
        """Delete an activity with its samples and laps; its files may be imported again.

        Raises:
            NotFoundError: when the activity does not exist.
        """
        with self.db.transaction() as session:
            row = self._row(session, activity_id)
            session.execute(delete(ImportedFileRow).where(ImportedFileRow.activity_id == row.id))
            for table in (LapRow, SessionRow):
                session.execute(delete(table).where(table.activity_id == row.id))
            session.execute(
                delete(ActivitySamplesRow).where(ActivitySamplesRow.activity_id == row.id)
            )
            session.delete(row)

    # ----------------------------------------------------------------------- reading

    @staticmethod
    def _row(session: OrmSession, activity_id: int) -> ActivityRow:
        row = session.get(ActivityRow, activity_id)
        if row is None:
            raise NotFoundError(
                f"activity {activity_id} not found; `lydiard activities` lists them"
            )
        return row

    def get(self, activity_id: int) -> ActivityRecord:
        """One activity's metadata and summary.

        Raises:
            NotFoundError: when it does not exist.
        """
        with self.db.transaction() as session:
            return record_from_row(self._row(session, activity_id))

    def _select(self, where: ActivityFilter) -> Select[Any]:
        query = select(ActivityRow)
        if where.athlete_id is not None:
            query = query.where(ActivityRow.athlete_id == where.athlete_id)
        if where.sports:
            query = query.where(ActivityRow.sport.in_([Sport(s).value for s in where.sports]))
        if where.start is not None:
            query = query.where(ActivityRow.local_date >= where.start)
        if where.end is not None:
            query = query.where(ActivityRow.local_date <= where.end)
        if where.text:
            needle = where.text.lower()
            query = query.where(
                or_(
                    *(
                        func.lower(column).contains(needle, autoescape=True)
                        for column in (
                            ActivityRow.name,
                            ActivityRow.notes,
                            ActivityRow.source_name,
                            ActivityRow.device,
                        )
                    )
                )
            )
        return query

    def list(
        self, where: ActivityFilter | None = None, **criteria: Any
    ) -> builtins.list[ActivityRecord]:
        """Activities matching a filter, newest first by default.

        Args:
            where: the filter.
            criteria: or the filter's fields as keywords (``sports=(Sport.RUN,)``).
        """
        where = where or ActivityFilter(**criteria)
        order = ActivityRow.start_time.desc() if where.newest_first else ActivityRow.start_time
        query = self._select(where).order_by(order, ActivityRow.id).offset(where.offset)
        if where.limit is not None:
            query = query.limit(where.limit)
        with self.db.transaction() as session:
            return [record_from_row(row) for row in session.scalars(query)]

    def distances(
        self, where: ActivityFilter | None = None, **criteria: Any
    ) -> builtins.list[tuple[date, float | None]]:
        """(local date, distance in metres) of matching activities, oldest first.

        A light read for guards that look at every session of a long history (the run
        spike guard): two columns instead of whole records.
        """
        where = where or ActivityFilter(**criteria)
        query = (
            self._select(where)
            .with_only_columns(ActivityRow.local_date, ActivityRow.distance_m)
            .order_by(ActivityRow.start_time, ActivityRow.id)
        )
        with self.db.transaction() as session:
            return [(day, distance) for day, distance in session.execute(query)]

    def count(self, where: ActivityFilter | None = None, **criteria: Any) -> int:
        """How many activities match a filter (limit and offset ignored)."""
        where = where or ActivityFilter(**criteria)
        query = select(func.count()).select_from(self._select(where).subquery())
        with self.db.transaction() as session:
            return int(session.scalar(query) or 0)

    def samples(self, activity_id: int) -> Samples:
        """An activity's samples, exactly as imported.

        Raises:
            NotFoundError: when the activity does not exist.
            StoreError: when the stored samples are damaged.
        """
        with self.db.transaction() as session:
            row = session.get(ActivitySamplesRow, activity_id)
            if row is None:
                self._row(session, activity_id)
                return Samples.empty()
            blob = row.data
        return decode_samples(blob, label=f"activity {activity_id}")

    def rr_intervals(self, activity_id: int) -> FloatArray | None:
        """An activity's RR intervals in seconds, or None when the file had none."""
        with self.db.transaction() as session:
            row = session.get(ActivitySamplesRow, activity_id)
            blob = row.rr_data if row is not None else None
        if blob is None:
            return None
        rr = decode_samples(blob, label=f"RR intervals of activity {activity_id}")
        return np.array(rr.extra["rr_s"])

    def laps(self, activity_id: int) -> builtins.list[Lap]:
        """An activity's laps in order (empty when the file had none)."""
        with self.db.transaction() as session:
            self._row(session, activity_id)
            rows = session.scalars(
                select(LapRow).where(LapRow.activity_id == activity_id).order_by(LapRow.position)
            )
            return [lap_from_row(row) for row in rows]

    def sessions(self, activity_id: int) -> builtins.list[Session]:
        """An activity's sport segments in order."""
        with self.db.transaction() as session:
            self._row(session, activity_id)
            rows = session.scalars(
                select(SessionRow)
                .where(SessionRow.activity_id == activity_id)
                .order_by(SessionRow.position)
            )
            return [session_from_row(row) for row in rows]

    def load(self, activity_id: int) -> Activity:
        """The whole activity back as the model: samples, laps, sessions, metadata.

        Raises:
            NotFoundError: when it does not exist.
            StoreError: when the stored samples are damaged.
        """
        with self.db.transaction() as session:
            row = self._row(session, activity_id)
            record = record_from_row(row)
            blobs = session.get(ActivitySamplesRow, activity_id)
            data = blobs.data if blobs else None
            rr_data = blobs.rr_data if blobs else None
            laps = session.scalars(
                select(LapRow).where(LapRow.activity_id == activity_id).order_by(LapRow.position)
            ).all()
            segments = session.scalars(
                select(SessionRow)
                .where(SessionRow.activity_id == activity_id)
                .order_by(SessionRow.position)
            ).all()
            lap_values = tuple(lap_from_row(lap) for lap in laps)
            session_values = tuple(session_from_row(s) for s in segments)
        label = f"activity {activity_id}"
        rr = None
        if rr_data is not None:
            rr = np.array(decode_samples(rr_data, label=f"RR of {label}").extra["rr_s"])
        return Activity(
            start_time=record.start_time,
            samples=decode_samples(data, label=label) if data else Samples.empty(),
            sport=record.sport,
            sub_sport=record.sub_sport,
            laps=lap_values,
            sessions=session_values,
            name=record.name,
            device=record.device,
            utc_offset_s=record.utc_offset_s,
            timezone=record.timezone,
            source_format=record.source_format,
            source_name=record.source_name,
            rr_intervals_s=rr,
            issues=record.issues,
            metadata={k: v for k, v in record.extra.items() if k != SUMMARY_KEY},
        )

    def daily_totals(
        self, athlete_id: int, start: date | None = None, end: date | None = None
    ) -> builtins.list[DayTotals]:
        """Per local day and sport: count, distance, moving time, climb and load.

        A multisport activity counts each leg in its own sport (:mod:`lydiard.store.volume`).
        """
        with self.db.transaction() as session:
            return daily_totals(session, athlete_id, start, end)
