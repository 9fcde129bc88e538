"""Athletes and their thresholds (HRmax, LTHR, threshold speed, FTP, VDOT...) over time."""

from __future__ import annotations

import builtins
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import delete, select
from sqlalchemy.orm import Session as OrmSession

from lydiard.errors import InputError, NotFoundError
from lydiard.store.database import Database
from lydiard.store.records import Athlete, Sex, Threshold, ThresholdKind
from lydiard.store.rows import clip
from lydiard.store.schema import AthleteRow, ThresholdRow
from lydiard.units import DistanceUnit

__all__ = ["AthleteRepository"]


def _check_timezone(timezone: str) -> str:
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise InputError(
            f"timezone: {timezone!r} is not an IANA time zone (e.g. 'America/Denver')"
        ) from exc
    return timezone


def _athlete(session: OrmSession, row: AthleteRow) -> Athlete:
    thresholds = session.scalars(
        select(ThresholdRow)
        .where(ThresholdRow.athlete_id == row.id)
        .order_by(ThresholdRow.effective_from, ThresholdRow.kind)
    )
    return Athlete(
        id=row.id,
        name=row.name,
        sex=Sex(row.sex) if row.sex else None,
        birth_date=row.birth_date,
        units=row.units,
        timezone=row.timezone,
        thresholds=tuple(
            Threshold(ThresholdKind(t.kind), t.value, t.effective_from, t.source, t.note)
            for t in thresholds
        ),
    )


class AthleteRepository:
    """Athletes in one database."""

    def __init__(self, db: Database) -> None:
        self.db = db

    @staticmethod
    def _find(session: OrmSession, athlete: int | str) -> AthleteRow:
        if isinstance(athlete, int):
            row = session.get(AthleteRow, athlete)
        else:
            row = session.scalars(select(AthleteRow).where(AthleteRow.name == athlete)).first()
        if row is None:
            raise NotFoundError(f"athlete {athlete!r} not found")
        return row

    def get(self, athlete: int | str) -> Athlete:
        """An athlete by id or name, with thresholds.

        Raises:
            NotFoundError: when there is no such athlete.
        """
        with self.db.transaction() as session:
            return _athlete(session, self._find(session, athlete))

    def ensure(self, name: str, *, timezone: str = "UTC", now: datetime | None = None) -> Athlete:
        """The athlete of that name, created (with the given time zone) when absent.

        Raises:
            InputError: when the name is empty or the time zone unknown.
        """
        name = name.strip()
        if not name:
            raise InputError("athlete: the name must not be empty")
        if len(name) > 200:
            raise InputError(f"athlete: the name is {len(name)} characters; 200 at most")
        _check_timezone(timezone)
        with self.db.transaction() as session:
            row = session.scalars(select(AthleteRow).where(AthleteRow.name == name)).first()
            if row is None:
                row = AthleteRow(
                    name=name,
                    timezone=timezone,
                    units=DistanceUnit.KM.value,
                    created_at=(now or datetime.now(UTC)).astimezone(UTC),
                )
                session.add(row)
                session.flush()
            return _athlete(session, row)

    def list(self) -> builtins.list[Athlete]:
        """Every athlete, by name."""
        with self.db.transaction() as session:
            rows = session.scalars(select(AthleteRow).order_by(AthleteRow.name)).all()
            return [_athlete(session, row) for row in rows]

    def update(
        self,
        athlete: int | str,
        *,
        sex: Sex | str | None = None,
        birth_date: date | None = None,
        units: DistanceUnit | str | None = None,
        timezone: str | None = None,
    ) -> Athlete:
        """Set profile fields; those left None stay as they are.

        Raises:
            NotFoundError: when there is no such athlete.
            InputError: when a value is not valid (the message names the field).
        """
        try:
            sex_value = Sex(sex).value if sex is not None else None
        except ValueError as exc:
            raise InputError(f"sex: expected 'female' or 'male', got {sex!r}") from exc
        try:
            units_value = DistanceUnit(units).value if units is not None else None
        except ValueError as exc:
            raise InputError(f"units: expected 'km' or 'mi', got {units!r}") from exc
        if timezone is not None:
            _check_timezone(timezone)
        with self.db.transaction() as session:
            row = self._find(session, athlete)
            row.sex = sex_value or row.sex
            row.birth_date = birth_date or row.birth_date
            row.units = units_value or row.units
            row.timezone = timezone or row.timezone
            return _athlete(session, row)

    def set_threshold(self, athlete: int | str, threshold: Threshold) -> Athlete:
        """Record a threshold from a date (replacing one of the same kind and date).

        Raises:
            NotFoundError: when there is no such athlete.
        """
        with self.db.transaction() as session:
            row = self._find(session, athlete)
            existing = session.scalars(
                select(ThresholdRow).where(
                    ThresholdRow.athlete_id == row.id,
                    ThresholdRow.kind == threshold.kind.value,
                    ThresholdRow.effective_from == threshold.effective_from,
                )
            ).first()
            if existing is None:
                existing = ThresholdRow(
                    athlete_id=row.id,
                    kind=threshold.kind.value,
                    effective_from=threshold.effective_from,
                )
                session.add(existing)
            existing.value = threshold.value
            existing.source = clip(threshold.source, 200)
            existing.note = threshold.note
            session.flush()
            return _athlete(session, row)

    def delete_threshold(
        self, athlete: int | str, kind: ThresholdKind | str, effective_from: date
    ) -> None:
        """Remove one threshold value (no error when it is absent).

        Raises:
            NotFoundError: when there is no such athlete.
        """
        with self.db.transaction() as session:
            row = self._find(session, athlete)
            session.execute(
                delete(ThresholdRow).where(
                    ThresholdRow.athlete_id == row.id,
                    ThresholdRow.kind == ThresholdKind(kind).value,
                    ThresholdRow.effective_from == effective_from,
                )
            )
