"""Wellness and biomarker entries: one value per athlete, day and metric."""

from __future__ import annotations

import builtins
from collections.abc import Iterable
from datetime import date

from sqlalchemy import delete, select
from sqlalchemy.orm import Session as OrmSession

from lydiard.errors import NotFoundError
from lydiard.store.database import Database
from lydiard.store.metrics import WellnessEntry
from lydiard.store.rows import clip
from lydiard.store.schema import AthleteRow, WellnessRow

__all__ = ["WellnessRepository"]


def _entry(row: WellnessRow) -> WellnessEntry:
    return WellnessEntry(
        day=row.day,
        metric=row.metric,
        value=row.value,
        note=row.note,
        source=row.source,
        recorded_at=row.recorded_at,
    )


class WellnessRepository:
    """The wellness journal of every athlete in one database."""

    def __init__(self, db: Database) -> None:
        self.db = db

    @staticmethod
    def _check_athlete(session: OrmSession, athlete_id: int) -> None:
        if session.get(AthleteRow, athlete_id) is None:
            raise NotFoundError(f"athlete {athlete_id} not found")

    def put(self, athlete_id: int, entry: WellnessEntry) -> None:
        """Store an entry, replacing the value of the same metric on the same day."""
        self.put_many(athlete_id, [entry])

    def put_many(self, athlete_id: int, entries: Iterable[WellnessEntry]) -> int:
        """Store many entries in one transaction: all of them, or none on failure.

        A later entry for the same day and metric replaces an earlier one.

        Returns:
            The number of entries written.

        Raises:
            NotFoundError: when the athlete does not exist.
            StoreError: when the database fails (nothing is written).
        """
        latest = {(e.day, e.metric): e for e in entries}
        with self.db.transaction() as session:
            self._check_athlete(session, athlete_id)
            existing = {}
            if latest:
                days = sorted({day for day, _ in latest})
                rows = session.scalars(
                    select(WellnessRow).where(
                        WellnessRow.athlete_id == athlete_id,
                        WellnessRow.day >= days[0],
                        WellnessRow.day <= days[-1],
                    )
                )
                existing = {(row.day, row.metric): row for row in rows}
            for key, entry in latest.items():
                row = existing.get(key)
                if row is None:
                    row = WellnessRow(athlete_id=athlete_id, day=entry.day, metric=entry.metric)
                    session.add(row)
                row.value = entry.value
                row.note = entry.note
                row.source = clip(entry.source, 200)
                row.recorded_at = entry.recorded_at
        return len(latest)

    def list(
        self,
        athlete_id: int,
        *,
        metrics: Iterable[str] = (),
        start: date | None = None,
        end: date | None = None,
    ) -> builtins.list[WellnessEntry]:
        """Entries of an athlete by day then metric, optionally of some metrics and days."""
        query = select(WellnessRow).where(WellnessRow.athlete_id == athlete_id)
        wanted = list(metrics)
        if wanted:
            query = query.where(WellnessRow.metric.in_(wanted))
        if start is not None:
            query = query.where(WellnessRow.day >= start)
        if end is not None:
            query = query.where(WellnessRow.day <= end)
        with self.db.transaction() as session:
            rows = session.scalars(query.order_by(WellnessRow.day, WellnessRow.metric))
            return [_entry(row) for row in rows]

    def get(self, athlete_id: int, day: date, metric: str) -> WellnessEntry:
        """One entry.

        Raises:
            NotFoundError: when there is no value of that metric on that day.
        """
        with self.db.transaction() as session:
            row = session.scalars(
                select(WellnessRow).where(
                    WellnessRow.athlete_id == athlete_id,
                    WellnessRow.day == day,
                    WellnessRow.metric == metric,
                )
            ).first()
            if row is None:
                raise NotFoundError(f"no {metric} entry on {day.isoformat()}")
            return _entry(row)

    def delete(self, athlete_id: int, day: date, metric: str | None = None) -> int:
        """Delete one metric's entry on a day, or every entry of that day.

        Returns:
            How many entries were deleted.
        """
        query = delete(WellnessRow).where(
            WellnessRow.athlete_id == athlete_id, WellnessRow.day == day
        )
        if metric is not None:
            query = query.where(WellnessRow.metric == metric)
        with self.db.transaction() as session:
            return int(session.execute(query).rowcount or 0)  # type: ignore[attr-defined]
