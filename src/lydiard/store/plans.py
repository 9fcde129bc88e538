"""Training plans (the planner's JSON) and planned sessions linked to activities."""

from __future__ import annotations

import builtins
from datetime import UTC, date, datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session as OrmSession

from lydiard.errors import NotFoundError
from lydiard.store.database import Database
from lydiard.store.prepare import jsonable
from lydiard.store.records import PlannedSession, StoredPlan
from lydiard.store.rows import clip, sport_of
from lydiard.store.schema import ActivityRow, AthleteRow, PlannedSessionRow, PlanRow

__all__ = ["PlanRepository"]


def _session(row: PlannedSessionRow) -> PlannedSession:
    return PlannedSession(
        id=row.id,
        day=row.day,
        sport=sport_of(row.sport),
        title=row.title,
        workout=row.workout,
        planned_distance_m=row.planned_distance_m,
        planned_duration_s=row.planned_duration_s,
        planned_ascent_m=row.planned_ascent_m,
        planned_load=row.planned_load,
        notes=row.notes,
        activity_id=row.activity_id,
    )


def _session_row(plan_id: int, item: PlannedSession) -> PlannedSessionRow:
    return PlannedSessionRow(
        plan_id=plan_id,
        day=item.day,
        sport=item.sport.value,
        title=clip(item.title, 200),
        workout=item.workout,
        planned_distance_m=item.planned_distance_m,
        planned_duration_s=item.planned_duration_s,
        planned_ascent_m=item.planned_ascent_m,
        planned_load=item.planned_load,
        notes=item.notes,
        activity_id=item.activity_id,
    )


def _plan(session: OrmSession, row: PlanRow) -> StoredPlan:
    sessions = session.scalars(
        select(PlannedSessionRow)
        .where(PlannedSessionRow.plan_id == row.id)
        .order_by(PlannedSessionRow.day, PlannedSessionRow.id)
    )
    return StoredPlan(
        id=row.id,
        athlete_id=row.athlete_id,
        name=row.name,
        status=row.status,
        start_date=row.start_date,
        end_date=row.end_date,
        race_date=row.race_date,
        goal=row.goal,
        spec=dict(row.spec or {}),
        sessions=tuple(_session(s) for s in sessions),
    )


class PlanRepository:
    """Plans of every athlete in one database."""

    def __init__(self, db: Database) -> None:
        self.db = db

    @staticmethod
    def _row(session: OrmSession, plan_id: int) -> PlanRow:
        row = session.get(PlanRow, plan_id)
        if row is None:
            raise NotFoundError(f"plan {plan_id} not found")
        return row

    def add(self, athlete_id: int, plan: StoredPlan, *, now: datetime | None = None) -> StoredPlan:
        """Store a plan with its sessions (one transaction); returns it with ids.

        Raises:
            NotFoundError: when the athlete does not exist.
        """
        with self.db.transaction() as session:
            if session.get(AthleteRow, athlete_id) is None:
                raise NotFoundError(f"athlete {athlete_id} not found")
            row = PlanRow(
                athlete_id=athlete_id,
                name=clip(plan.name, 200) or "",
                status=plan.status,
                start_date=plan.start_date,
                end_date=plan.end_date,
                race_date=plan.race_date,
                goal=plan.goal,
                spec=jsonable(plan.spec),
                created_at=(now or datetime.now(UTC)).astimezone(UTC),
            )
            session.add(row)
            session.flush()
            session.add_all(_session_row(row.id, item) for item in plan.sessions)
            session.flush()
            return _plan(session, row)

    def replace(self, plan_id: int, plan: StoredPlan) -> StoredPlan:
        """Replace a plan's fields and sessions (e.g. after adapting it), keeping its id.

        Links from sessions to activities are kept for sessions given with their id.

        Raises:
            NotFoundError: when the plan does not exist.
        """
        with self.db.transaction() as session:
            row = self._row(session, plan_id)
            row.name, row.status, row.goal = clip(plan.name, 200) or "", plan.status, plan.goal
            row.start_date, row.end_date, row.race_date = (
                plan.start_date,
                plan.end_date,
                plan.race_date,
            )
            row.spec = jsonable(plan.spec)
            session.execute(delete(PlannedSessionRow).where(PlannedSessionRow.plan_id == plan_id))
            session.flush()
            session.add_all(_session_row(plan_id, item) for item in plan.sessions)
            session.flush()
            return _plan(session, row)

    def get(self, plan_id: int) -> StoredPlan:
        """One plan with its sessions.

        Raises:
            NotFoundError: when it does not exist.
        """
        with self.db.transaction() as session:
            return _plan(session, self._row(session, plan_id))

    def list(self, athlete_id: int, *, status: str | None = None) -> builtins.list[StoredPlan]:
        """An athlete's plans, newest start first."""
        query = select(PlanRow).where(PlanRow.athlete_id == athlete_id)
        if status is not None:
            query = query.where(PlanRow.status == status)
        with self.db.transaction() as session:
            rows = session.scalars(query.order_by(PlanRow.start_date.desc(), PlanRow.id)).all()
            return [_plan(session, row) for row in rows]

    def sessions_between(
        self, athlete_id: int, start: date, end: date
    ) -> builtins.list[PlannedSession]:
        """Planned sessions of an athlete's active plans between two days (inclusive)."""
        query = (
            select(PlannedSessionRow)
            .join(PlanRow, PlanRow.id == PlannedSessionRow.plan_id)
            .where(
                PlanRow.athlete_id == athlete_id,
                PlanRow.status == "active",
                PlannedSessionRow.day >= start,
                PlannedSessionRow.day <= end,
            )
            .order_by(PlannedSessionRow.day, PlannedSessionRow.id)
        )
        with self.db.transaction() as session:
            return [_session(row) for row in session.scalars(query)]

    def link(self, session_id: int, activity_id: int | None) -> PlannedSession:
        """Link a planned session to the activity that fulfilled it (None unlinks).

        Raises:
            NotFoundError: when the session or the activity does not exist.
        """
        with self.db.transaction() as session:
            row = session.get(PlannedSessionRow, session_id)
            if row is None:
                raise NotFoundError(f"planned session {session_id} not found")
            if activity_id is not None and session.get(ActivityRow, activity_id) is None:
                raise NotFoundError(f"activity {activity_id} not found")
            row.activity_id = activity_id
            return _session(row)

    def delete(self, plan_id: int) -> None:
        """Delete a plan and its sessions (activities stay).

        Raises:
            NotFoundError: when it does not exist.
        """
        with self.db.transaction() as session:
            row = self._row(session, plan_id)
            session.execute(delete(PlannedSessionRow).where(PlannedSessionRow.plan_id == plan_id))
            session.delete(row)
