"""The database schema: SQLAlchemy 2 ORM tables, the single source for the migrations.

Every quantity is SI with its unit in the column name; missing is NULL (never 0). Instants
are UTC (``timestamp with time zone`` on PostgreSQL, ISO text in UTC on SQLite); a day of
training is the athlete's local calendar date. Samples live in their own table as one
codec blob per activity (:mod:`lydiard.store.codec`), so listing activities never reads
them. A change here needs a new migration in ``store/migrations/versions``; a test checks
that models and migrations agree.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Dialect,
    Double,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

__all__ = [
    "ActivityRow",
    "ActivitySamplesRow",
    "AthleteRow",
    "Base",
    "CoachAthleteRow",
    "ImportedFileRow",
    "LactateStepRow",
    "LactateTestRow",
    "LapRow",
    "PlanRow",
    "PlannedSessionRow",
    "PublicLogRow",
    "SessionRow",
    "ThresholdRow",
    "UTCDateTime",
    "UserRow",
    "WebSessionRow",
    "WellnessRow",
]

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """An aware UTC datetime on every backend (SQLite stores it naive, in UTC)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Refuse naive datetimes; store UTC."""
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: lydiard stores aware UTC instants")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Return aware UTC datetimes."""
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    """Declarative base with the constraint naming convention migrations rely on."""

    metadata = MetaData(naming_convention=NAMING)


def _fk(target: str, on_delete: str = "CASCADE") -> ForeignKey:
    return ForeignKey(target, ondelete=on_delete)


class AthleteRow(Base):
    """An athlete: the person whose activities, wellness and plans these are."""

    __tablename__ = "athletes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    sex: Mapped[str | None] = mapped_column(String(16))
    birth_date: Mapped[date | None] = mapped_column(Date)
    units: Mapped[str] = mapped_column(String(8), default="km")
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ThresholdRow(Base):
    """A physiological threshold (HRmax, LTHR, threshold speed, FTP, VDOT...) from a date."""

    __tablename__ = "thresholds"
    __table_args__ = (UniqueConstraint("athlete_id", "kind", "effective_from"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    athlete_id: Mapped[int] = mapped_column(_fk("athletes.id"), index=True)
    kind: Mapped[str] = mapped_column(String(48))
    value: Mapped[float] = mapped_column(Double)
    effective_from: Mapped[date] = mapped_column(Date)
    source: Mapped[str | None] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(Text)


class ActivityRow(Base):
    """An activity's metadata and summary metrics (samples are in ``activity_samples``)."""

    __tablename__ = "activities"
    __table_args__ = (
        UniqueConstraint("athlete_id", "start_time"),
        Index("ix_activities_athlete_local_date", "athlete_id", "local_date"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    athlete_id: Mapped[int] = mapped_column(_fk("athletes.id"))
    start_time: Mapped[datetime] = mapped_column(UTCDateTime)
    local_date: Mapped[date] = mapped_column(Date)
    utc_offset_s: Mapped[float | None] = mapped_column(Double)
    timezone: Mapped[str | None] = mapped_column(String(64))
    sport: Mapped[str] = mapped_column(String(32), index=True)
    sub_sport: Mapped[str | None] = mapped_column(String(64))
    name: Mapped[str | None] = mapped_column(String(500))
    notes: Mapped[str | None] = mapped_column(Text)
    device: Mapped[str | None] = mapped_column(String(200))
    source_format: Mapped[str] = mapped_column(String(16))
    source_name: Mapped[str | None] = mapped_column(String(500))
    file_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Summary metrics, computed at import.
    distance_m: Mapped[float | None] = mapped_column(Double)
    elapsed_s: Mapped[float | None] = mapped_column(Double)
    moving_s: Mapped[float | None] = mapped_column(Double)
    timer_s: Mapped[float | None] = mapped_column(Double)
    ascent_m: Mapped[float | None] = mapped_column(Double)
    descent_m: Mapped[float | None] = mapped_column(Double)
    avg_heart_rate_bpm: Mapped[float | None] = mapped_column(Double)
    max_heart_rate_bpm: Mapped[float | None] = mapped_column(Double)
    avg_speed_mps: Mapped[float | None] = mapped_column(Double)
    avg_power_w: Mapped[float | None] = mapped_column(Double)
    calories_kcal: Mapped[float | None] = mapped_column(Double)
    n_samples: Mapped[int] = mapped_column(Integer, default=0)
    channels: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Load: filled by the physiology core (NULL until computed).
    rpe: Mapped[float | None] = mapped_column(Double)
    trimp: Mapped[float | None] = mapped_column(Double)
    hr_load: Mapped[float | None] = mapped_column(Double)
    pace_load: Mapped[float | None] = mapped_column(Double)
    power_load: Mapped[float | None] = mapped_column(Double)
    load: Mapped[float | None] = mapped_column(Double)
    load_method: Mapped[str | None] = mapped_column(String(32))
    extra: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    issues: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)


class ActivitySamplesRow(Base):
    """The samples of one activity as a codec blob, and its RR intervals if any."""

    __tablename__ = "activity_samples"

    activity_id: Mapped[int] = mapped_column(_fk("activities.id"), primary_key=True)
    codec_version: Mapped[int] = mapped_column(Integer)
    n_rows: Mapped[int] = mapped_column(Integer)
    raw_bytes: Mapped[int] = mapped_column(BigInteger)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    rr_data: Mapped[bytes | None] = mapped_column(LargeBinary)


class LapRow(Base):
    """A lap as the device recorded it (times in seconds since the activity start)."""

    __tablename__ = "laps"
    __table_args__ = (UniqueConstraint("activity_id", "position"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    activity_id: Mapped[int] = mapped_column(_fk("activities.id"))
    position: Mapped[int] = mapped_column(Integer)
    start_s: Mapped[float] = mapped_column(Double)
    end_s: Mapped[float] = mapped_column(Double)
    distance_m: Mapped[float | None] = mapped_column(Double)
    timer_s: Mapped[float | None] = mapped_column(Double)
    trigger: Mapped[str | None] = mapped_column(String(32))
    intensity: Mapped[str | None] = mapped_column(String(32))
    sport: Mapped[str | None] = mapped_column(String(32))
    avg_heart_rate_bpm: Mapped[float | None] = mapped_column(Double)
    max_heart_rate_bpm: Mapped[float | None] = mapped_column(Double)
    ascent_m: Mapped[float | None] = mapped_column(Double)
    descent_m: Mapped[float | None] = mapped_column(Double)
    avg_power_w: Mapped[float | None] = mapped_column(Double)


class SessionRow(Base):
    """One sport segment of a (multisport) activity."""

    __tablename__ = "activity_sessions"
    __table_args__ = (UniqueConstraint("activity_id", "position"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    activity_id: Mapped[int] = mapped_column(_fk("activities.id"))
    position: Mapped[int] = mapped_column(Integer)
    sport: Mapped[str] = mapped_column(String(32))
    sub_sport: Mapped[str | None] = mapped_column(String(64))
    start_s: Mapped[float] = mapped_column(Double)
    end_s: Mapped[float] = mapped_column(Double)
    distance_m: Mapped[float | None] = mapped_column(Double)
    timer_s: Mapped[float | None] = mapped_column(Double)
    ascent_m: Mapped[float | None] = mapped_column(Double)
    descent_m: Mapped[float | None] = mapped_column(Double)
    avg_heart_rate_bpm: Mapped[float | None] = mapped_column(Double)
    max_heart_rate_bpm: Mapped[float | None] = mapped_column(Double)
    calories_kcal: Mapped[float | None] = mapped_column(Double)


class ImportedFileRow(Base):
    """A file already imported (by content hash), so importing it again is a no-op."""

    __tablename__ = "imported_files"
    __table_args__ = (UniqueConstraint("athlete_id", "sha256"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    athlete_id: Mapped[int] = mapped_column(_fk("athletes.id"))
    sha256: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(500))
    size_bytes: Mapped[int] = mapped_column(BigInteger)
    outcome: Mapped[str] = mapped_column(String(16))
    activity_id: Mapped[int | None] = mapped_column(_fk("activities.id", "SET NULL"))
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime)


class WellnessRow(Base):
    """One wellness or biomarker value of one day (HRV, resting HR, sleep, ferritin...)."""

    __tablename__ = "wellness"
    __table_args__ = (UniqueConstraint("athlete_id", "day", "metric"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    athlete_id: Mapped[int] = mapped_column(_fk("athletes.id"))
    day: Mapped[date] = mapped_column(Date)
    metric: Mapped[str] = mapped_column(String(48))
    value: Mapped[float] = mapped_column(Double)
    note: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(String(200))
    recorded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class LactateTestRow(Base):
    """A lactate step test; its steps are in ``lactate_steps``."""

    __tablename__ = "lactate_tests"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    athlete_id: Mapped[int] = mapped_column(_fk("athletes.id"), index=True)
    day: Mapped[date] = mapped_column(Date)
    sport: Mapped[str] = mapped_column(String(32))
    intensity_kind: Mapped[str] = mapped_column(String(16))
    protocol: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class LactateStepRow(Base):
    """One step of a lactate test: intensity (m/s or W) and the lactate measured."""

    __tablename__ = "lactate_steps"
    __table_args__ = (UniqueConstraint("test_id", "position"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    test_id: Mapped[int] = mapped_column(_fk("lactate_tests.id"))
    position: Mapped[int] = mapped_column(Integer)
    intensity: Mapped[float] = mapped_column(Double)
    lactate_mmol_l: Mapped[float] = mapped_column(Double)
    heart_rate_bpm: Mapped[float | None] = mapped_column(Double)
    duration_s: Mapped[float | None] = mapped_column(Double)
    rpe: Mapped[float | None] = mapped_column(Double)


class PlanRow(Base):
    """A training plan: the planner's JSON, with its sessions in ``planned_sessions``."""

    __tablename__ = "plans"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    athlete_id: Mapped[int] = mapped_column(_fk("athletes.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(16), default="active")
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    race_date: Mapped[date | None] = mapped_column(Date)
    goal: Mapped[str | None] = mapped_column(Text)
    spec: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class PlannedSessionRow(Base):
    """A planned session of a plan, linked to the activity that fulfilled it."""

    __tablename__ = "planned_sessions"
    __table_args__ = (Index("ix_planned_sessions_plan_day", "plan_id", "day"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(_fk("plans.id"))
    day: Mapped[date] = mapped_column(Date)
    sport: Mapped[str] = mapped_column(String(32))
    title: Mapped[str | None] = mapped_column(String(200))
    workout: Mapped[str | None] = mapped_column(Text)
    planned_distance_m: Mapped[float | None] = mapped_column(Double)
    planned_duration_s: Mapped[float | None] = mapped_column(Double)
    planned_ascent_m: Mapped[float | None] = mapped_column(Double)
    planned_load: Mapped[float | None] = mapped_column(Double)
    notes: Mapped[str | None] = mapped_column(Text)
    activity_id: Mapped[int | None] = mapped_column(_fk("activities.id", "SET NULL"), index=True)


class UserRow(Base):
    """A login for the web app: a coach or an athlete, with an argon2 password hash."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16))
    athlete_id: Mapped[int | None] = mapped_column(_fk("athletes.id", "SET NULL"))
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class CoachAthleteRow(Base):
    """A coach's access to an athlete."""

    __tablename__ = "coach_athletes"

    coach_id: Mapped[int] = mapped_column(_fk("users.id"), primary_key=True)
    athlete_id: Mapped[int] = mapped_column(_fk("athletes.id"), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class WebSessionRow(Base):
    """A web login session; the cookie holds a random token, the table only its SHA-256.

    ``user_id`` is NULL for a session before login (it still carries a CSRF token) and in
    local single-user mode.
    """

    __tablename__ = "web_sessions"

    token_sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int | None] = mapped_column(_fk("users.id"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


class PublicLogRow(Base):
    """An athlete's public training log: its share token and what it shows."""

    __tablename__ = "public_logs"

    athlete_id: Mapped[int] = mapped_column(_fk("athletes.id"), primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    show_wellness: Mapped[bool] = mapped_column(Boolean, default=False)
    show_biomarkers: Mapped[bool] = mapped_column(Boolean, default=False)
    title: Mapped[str | None] = mapped_column(String(200))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
