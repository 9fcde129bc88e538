"""Values the store hands out and takes in: frozen dataclasses, never ORM rows.

Missing numbers are ``None`` here (they mirror nullable columns); the model's laps and
sessions keep NaN. Speeds, not paces, are stored (a threshold pace is a speed in m/s).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from lydiard.errors import Issue
from lydiard.model import Sport

__all__ = [
    "ActivityFilter",
    "ActivityRecord",
    "AddOutcome",
    "AddResult",
    "Athlete",
    "DayTotals",
    "LactateStep",
    "LactateTest",
    "PlannedSession",
    "PublicLog",
    "Role",
    "Sex",
    "SourceFile",
    "StoredPlan",
    "Threshold",
    "ThresholdKind",
    "User",
    "WebSession",
]


class Sex(StrEnum):
    """Sex, for formulas that differ (Banister TRIMP coefficients)."""

    FEMALE = "female"
    MALE = "male"


class ThresholdKind(StrEnum):
    """Thresholds an athlete has, each in SI (a pace is stored as a speed)."""

    HR_MAX_BPM = "hr_max_bpm"
    HR_REST_BPM = "hr_rest_bpm"
    LTHR_BPM = "lthr_bpm"
    LT1_HR_BPM = "lt1_hr_bpm"
    THRESHOLD_SPEED_MPS = "threshold_speed_mps"
    LT1_SPEED_MPS = "lt1_speed_mps"
    CRITICAL_SPEED_MPS = "critical_speed_mps"
    FTP_W = "ftp_w"
    VDOT = "vdot"
    VO2MAX_ML_KG_MIN = "vo2max_ml_kg_min"
    BODY_MASS_KG = "body_mass_kg"


@dataclass(frozen=True, slots=True)
class Threshold:
    """A threshold value valid from a date until the next value of the same kind.

    Attributes:
        kind: what it is.
        value: the value in the unit its kind names.
        effective_from: the first day it applies (athlete's local date).
        source: where it came from ("lactate test 3", "race 2024-05-01", "manual").
        note: free text.
    """

    kind: ThresholdKind
    value: float
    effective_from: date
    source: str | None = None
    note: str | None = None

    def __post_init__(self) -> None:
        if not math.isfinite(self.value) or self.value <= 0:
            raise ValueError(f"threshold {self.kind}: value must be positive, got {self.value!r}")


@dataclass(frozen=True, slots=True)
class Athlete:
    """An athlete and their thresholds over time.

    Attributes:
        id: database id.
        name: unique name ("me" by default on a single-user install).
        sex: for formulas that differ by sex, or None.
        birth_date: or None.
        units: "km" or "mi", how the athlete reads distances.
        timezone: IANA time zone: local dates of activities without one use it.
        thresholds: all threshold values, oldest first.
    """

    id: int
    name: str
    sex: Sex | None = None
    birth_date: date | None = None
    units: str = "km"
    timezone: str = "UTC"
    thresholds: tuple[Threshold, ...] = ()

    def threshold_on(self, kind: ThresholdKind | str, day: date) -> float | None:
        """The value of a threshold in effect on a day (the latest from on or before it)."""
        kind = ThresholdKind(kind)
        candidates = [t for t in self.thresholds if t.kind is kind and t.effective_from <= day]
        if not candidates:
            return None
        return max(candidates, key=lambda t: t.effective_from).value


@dataclass(frozen=True, slots=True)
class ActivityRecord:
    """An activity as listed: metadata and summary metrics, without samples.

    Attributes mirror the ``activities`` table; times in seconds, distances in metres,
    speeds in m/s, heart rate in bpm; ``None`` where unknown or not yet computed.
    ``load`` and its parts are filled by the physiology core.
    """

    id: int
    athlete_id: int
    start_time: datetime
    local_date: date
    sport: Sport
    sub_sport: str | None = None
    name: str | None = None
    notes: str | None = None
    device: str | None = None
    utc_offset_s: float | None = None
    timezone: str | None = None
    source_format: str = "unknown"
    source_name: str | None = None
    file_hash: str | None = None
    imported_at: datetime | None = None
    distance_m: float | None = None
    elapsed_s: float | None = None
    moving_s: float | None = None
    timer_s: float | None = None
    ascent_m: float | None = None
    descent_m: float | None = None
    avg_heart_rate_bpm: float | None = None
    max_heart_rate_bpm: float | None = None
    avg_speed_mps: float | None = None
    avg_power_w: float | None = None
    calories_kcal: float | None = None
    n_samples: int = 0
    channels: tuple[str, ...] = ()
    rpe: float | None = None
    trimp: float | None = None
    hr_load: float | None = None
    pace_load: float | None = None
    power_load: float | None = None
    load: float | None = None
    load_method: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    issues: tuple[Issue, ...] = ()


@dataclass(frozen=True, slots=True)
class ActivityFilter:
    """Which activities to list; every criterion is optional and they combine with AND.

    Attributes:
        athlete_id: one athlete's activities.
        sports: any of these sports.
        start: first local date (inclusive).
        end: last local date (inclusive).
        text: case-insensitive text in the name, notes, file name or device.
        limit: at most this many, newest first.
        offset: skip this many of the newest first.
        newest_first: order by start time, newest first (else oldest first).
    """

    athlete_id: int | None = None
    sports: tuple[Sport, ...] = ()
    start: date | None = None
    end: date | None = None
    text: str | None = None
    limit: int | None = None
    offset: int = 0
    newest_first: bool = True


class AddOutcome(StrEnum):
    """What adding an activity did."""

    ADDED = "added"
    DUPLICATE = "duplicate"  # the same activity was already stored; nothing changed
    REPLACED = "replaced"  # a richer recording replaced a stored one, keeping its id


@dataclass(frozen=True, slots=True)
class AddResult:
    """The outcome of adding one activity.

    Attributes:
        outcome: added, duplicate or replaced.
        activity_id: the stored activity (the existing one for a duplicate).
        reason: for duplicates and replacements, why, in words.
    """

    outcome: AddOutcome
    activity_id: int
    reason: str = ""


@dataclass(frozen=True, slots=True)
class SourceFile:
    """The file an activity came from, identified by content.

    Attributes:
        sha256: hex SHA-256 of the file's bytes.
        name: the file name (for messages).
        size_bytes: its size.
    """

    sha256: str
    name: str
    size_bytes: int


@dataclass(frozen=True, slots=True)
class DayTotals:
    """One sport's totals on one local day, for fitness charts and weekly volume.

    Attributes:
        day: the athlete's local date.
        sport: the sport.
        count: number of activities.
        distance_m, moving_s, ascent_m: sums of the known values (0.0 when none known).
        load: sum of the known loads, or None when no activity has a load yet.
    """

    day: date
    sport: Sport
    count: int
    distance_m: float
    moving_s: float
    ascent_m: float
    load: float | None


@dataclass(frozen=True, slots=True)
class LactateStep:
    """One step of a lactate test.

    Attributes:
        intensity: speed in m/s (running) or power in W (cycling, ski erg).
        lactate_mmol_l: blood lactate at the end of the step, mmol/L.
        heart_rate_bpm: heart rate at the end of the step, or None.
        duration_s: step length in seconds, or None.
        rpe: Borg CR-10 rating, or None.
    """

    intensity: float
    lactate_mmol_l: float
    heart_rate_bpm: float | None = None
    duration_s: float | None = None
    rpe: float | None = None

    def __post_init__(self) -> None:
        if not math.isfinite(self.intensity) or self.intensity < 0:
            raise ValueError(f"lactate step intensity must be >= 0, got {self.intensity!r}")
        if not math.isfinite(self.lactate_mmol_l) or not 0 <= self.lactate_mmol_l <= 40:
            raise ValueError(
                f"lactate step lactate_mmol_l must be within 0-40 mmol/L, "
                f"got {self.lactate_mmol_l!r}"
            )


@dataclass(frozen=True, slots=True)
class LactateTest:
    """A lactate step test.

    Attributes:
        day: the day of the test.
        steps: steps in the order run.
        sport: the sport it was run in.
        intensity_kind: "speed_mps" or "power_w": what ``LactateStep.intensity`` is.
        protocol: description ("4 min steps from 12 km/h, +1 km/h").
        notes: free text.
        id: database id (None before it is stored).
    """

    day: date
    steps: tuple[LactateStep, ...]
    sport: Sport = Sport.RUN
    intensity_kind: str = "speed_mps"
    protocol: str | None = None
    notes: str | None = None
    id: int | None = None

    def __post_init__(self) -> None:
        if self.intensity_kind not in {"speed_mps", "power_w"}:
            raise ValueError(
                f"lactate test intensity_kind must be speed_mps or power_w, "
                f"got {self.intensity_kind!r}"
            )
        object.__setattr__(self, "steps", tuple(self.steps))


@dataclass(frozen=True, slots=True)
class PlannedSession:
    """A session of a plan: a day, the workout text and its planned totals.

    Attributes:
        day: the planned day.
        sport: the sport.
        title: short name ("Long run", "Hill circuits").
        workout: the session in the workout language, or free text.
        planned_distance_m, planned_duration_s, planned_ascent_m: totals, or None.
        planned_load: planned training load, or None.
        notes: free text.
        activity_id: the activity that fulfilled it, once linked.
        id: database id (None before it is stored).
    """

    day: date
    sport: Sport = Sport.RUN
    title: str | None = None
    workout: str | None = None
    planned_distance_m: float | None = None
    planned_duration_s: float | None = None
    planned_ascent_m: float | None = None
    planned_load: float | None = None
    notes: str | None = None
    activity_id: int | None = None
    id: int | None = None


@dataclass(frozen=True, slots=True)
class StoredPlan:
    """A plan as stored: the planner's JSON and its sessions.

    Attributes:
        name: a title ("Western States 2025").
        start_date, end_date: the span it covers.
        sessions: planned sessions, by day.
        spec: the planning module's own representation, as JSON-ready data.
        race_date: the goal race's day, or None.
        goal: free text.
        status: "active", "archived" or "draft".
        id: database id (None before it is stored).
        athlete_id: whose plan it is (set when stored).
    """

    name: str
    start_date: date
    end_date: date
    sessions: tuple[PlannedSession, ...] = ()
    spec: dict[str, Any] = field(default_factory=dict)
    race_date: date | None = None
    goal: str | None = None
    status: str = "active"
    id: int | None = None
    athlete_id: int | None = None

    def __post_init__(self) -> None:
        if self.end_date < self.start_date:
            raise ValueError(
                f"plan {self.name!r}: end_date {self.end_date} is before start_date "
                f"{self.start_date}"
            )
        object.__setattr__(self, "sessions", tuple(sorted(self.sessions, key=lambda s: s.day)))


class Role(StrEnum):
    """What a web user may do."""

    ATHLETE = "athlete"
    COACH = "coach"
    ADMIN = "admin"


@dataclass(frozen=True, slots=True)
class User:
    """A web login (the password hash never leaves the store).

    Attributes:
        id: database id.
        username: unique login name.
        role: athlete, coach or admin.
        athlete_id: the athlete profile of an athlete user, or None.
        disabled: a disabled user cannot log in.
    """

    id: int
    username: str
    role: Role
    athlete_id: int | None = None
    disabled: bool = False


@dataclass(frozen=True, slots=True)
class WebSession:
    """A web session as the server keeps it (the cookie's token itself is never stored).

    Attributes:
        token_sha256: hex SHA-256 of the cookie's token.
        user_id: the logged-in user, or None (before login, or in local single-user mode).
        csrf_token: the token forms and fetch calls must send back.
        created_at: when it was made (UTC).
        expires_at: when it stops being valid (UTC).
    """

    token_sha256: str
    user_id: int | None
    csrf_token: str
    created_at: datetime
    expires_at: datetime


@dataclass(frozen=True, slots=True)
class PublicLog:
    """An athlete's public, read-only training log.

    Attributes:
        athlete_id: whose log it is.
        token: the secret part of the share link (``/share/<token>``).
        enabled: published; private (False) by default.
        show_wellness: also show the wellness journal (HRV, resting HR, sleep...).
        show_biomarkers: also show blood markers (ferritin, cortisol...).
        title: a heading for the log, or None for the athlete's name.
        updated_at: the last change (UTC).
    """

    athlete_id: int
    token: str
    enabled: bool = False
    show_wellness: bool = False
    show_biomarkers: bool = False
    title: str | None = None
    updated_at: datetime | None = None
