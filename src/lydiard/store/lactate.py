"""Lactate step tests and their steps."""

from __future__ import annotations

import builtins
from datetime import UTC, date, datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session as OrmSession

from lydiard.errors import NotFoundError
from lydiard.store.database import Database
from lydiard.store.records import LactateStep, LactateTest
from lydiard.store.rows import sport_of
from lydiard.store.schema import AthleteRow, LactateStepRow, LactateTestRow

__all__ = ["LactateRepository"]


def _test(session: OrmSession, row: LactateTestRow) -> LactateTest:
    steps = session.scalars(
        select(LactateStepRow)
        .where(LactateStepRow.test_id == row.id)
        .order_by(LactateStepRow.position)
    )
    return LactateTest(
        id=row.id,
        day=row.day,
        sport=sport_of(row.sport),
        intensity_kind=row.intensity_kind,
        protocol=row.protocol,
        notes=row.notes,
        steps=tuple(
            LactateStep(s.intensity, s.lactate_mmol_l, s.heart_rate_bpm, s.duration_s, s.rpe)
            for s in steps
        ),
    )


class LactateRepository:
    """Lactate step tests of every athlete in one database."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def add(self, athlete_id: int, test: LactateTest, *, now: datetime | None = None) -> int:
        """Store a test with its steps (one transaction); returns its id.

        Raises:
            NotFoundError: when the athlete does not exist.
        """
        with self.db.transaction() as session:
            if session.get(AthleteRow, athlete_id) is None:
                raise NotFoundError(f"athlete {athlete_id} not found")
            row = LactateTestRow(
                athlete_id=athlete_id,
                day=test.day,
                sport=test.sport.value,
                intensity_kind=test.intensity_kind,
                protocol=test.protocol,
                notes=test.notes,
                created_at=(now or datetime.now(UTC)).astimezone(UTC),
            )
            session.add(row)
            session.flush()
            session.add_all(
                LactateStepRow(
                    test_id=row.id,
                    position=i,
                    intensity=step.intensity,
                    lactate_mmol_l=step.lactate_mmol_l,
                    heart_rate_bpm=step.heart_rate_bpm,
                    duration_s=step.duration_s,
                    rpe=step.rpe,
                )
                for i, step in enumerate(test.steps)
            )
            return row.id

    def get(self, test_id: int) -> LactateTest:
        """One test with its steps.

        Raises:
            NotFoundError: when it does not exist.
        """
        with self.db.transaction() as session:
            row = session.get(LactateTestRow, test_id)
            if row is None:
                raise NotFoundError(f"lactate test {test_id} not found")
            return _test(session, row)

    def list(
        self, athlete_id: int, *, start: date | None = None, end: date | None = None
    ) -> builtins.list[LactateTest]:
        """An athlete's tests, oldest first."""
        query = select(LactateTestRow).where(LactateTestRow.athlete_id == athlete_id)
        if start is not None:
            query = query.where(LactateTestRow.day >= start)
        if end is not None:
            query = query.where(LactateTestRow.day <= end)
        with self.db.transaction() as session:
            rows = session.scalars(query.order_by(LactateTestRow.day, LactateTestRow.id)).all()
            return [_test(session, row) for row in rows]

    def delete(self, test_id: int) -> None:
        """Delete a test and its steps.

        Raises:
            NotFoundError: when it does not exist.
        """
        with self.db.transaction() as session:
            row = session.get(LactateTestRow, test_id)
            if row is None:
                raise NotFoundError(f"lactate test {test_id} not found")
            session.execute(delete(LactateStepRow).where(LactateStepRow.test_id == test_id))
            session.delete(row)
