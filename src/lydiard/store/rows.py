"""Conversions between ORM rows and the values the store hands out (NaN <-> NULL)."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime
from typing import Any

from lydiard.errors import Issue, IssueLevel
from lydiard.model import Activity, Lap, Session, Sport, sport_from_text
from lydiard.store.prepare import PreparedActivity, jsonable
from lydiard.store.records import ActivityRecord
from lydiard.store.schema import ActivityRow, LapRow, SessionRow
from lydiard.store.scoring import activity_day

__all__ = [
    "SUMMARY_KEY",
    "activity_values",
    "clip",
    "fill_activity_row",
    "issues_from_json",
    "lap_from_row",
    "lap_row",
    "lap_values",
    "local_date",
    "nan",
    "none",
    "record_from_row",
    "session_from_row",
    "session_row",
    "session_values",
    "sport_of",
]


#: The key under which the summary's richer figures are kept in ``activities.extra``.
SUMMARY_KEY = "lydiard_summary"


def none(value: float | None) -> float | None:
    """NaN (the model's missing) becomes None (the database's NULL)."""
    if value is None:
        return None
    value = float(value)
    return value if math.isfinite(value) else None


def nan(value: float | None) -> float:
    """NULL becomes NaN."""
    return math.nan if value is None else float(value)


_SPORTS: dict[str, Sport] = {sport.value: sport for sport in Sport}


def sport_of(text: str | None) -> Sport:
    """A stored sport name back to the enum (unknown names become OTHER)."""
    if text is None:
        return Sport.OTHER
    # A dict lookup: Sport(text) costs microseconds, and a ten-year chart reads 3,700 rows.
    found = _SPORTS.get(text)
    return found if found is not None else sport_from_text(text)


def clip(text: str | None, length: int) -> str | None:
    """Text cut to a column's length (PostgreSQL refuses longer values; SQLite keeps them)."""
    if text is None or len(text) <= length:
        return text
    return text[: length - 1] + "…"


def local_date(activity: Activity, athlete_timezone: str) -> date:
    """The athlete's calendar day of an activity: the file's zone, else the athlete's."""
    return activity_day(activity, athlete_timezone)


def activity_values(
    prepared: PreparedActivity, athlete_timezone: str, imported_at: datetime
) -> dict[str, Any]:
    """A prepared activity's metadata, summary and load as ``activities`` column values.

    Everything a new or replaced row gets from the recording (not the user's own
    ``notes`` and ``rpe``, nor ``file_hash``); bulk import inserts these dicts as they are.
    """
    activity = prepared.activity
    summary = prepared.summary
    extra = dict(activity.metadata)
    if summary.extra:
        extra[SUMMARY_KEY] = dict(summary.extra)
    values: dict[str, Any] = {
        "start_time": activity.start_time,
        "local_date": local_date(activity, athlete_timezone),
        "utc_offset_s": none(activity.utc_offset_s),
        "timezone": clip(activity.timezone, 64),
        "sport": activity.sport.value,
        "sub_sport": clip(activity.sub_sport, 64),
        "name": clip(activity.name, 500),
        "device": clip(activity.device, 200),
        "source_format": clip(activity.source_format, 16) or "unknown",
        "source_name": clip(activity.source_name, 500),
        "imported_at": imported_at.astimezone(UTC),
        "distance_m": none(summary.distance_m),
        "elapsed_s": none(summary.elapsed_s),
        "moving_s": none(summary.moving_s),
        "timer_s": none(summary.timer_s),
        "ascent_m": none(summary.ascent_m),
        "descent_m": none(summary.descent_m),
        "avg_heart_rate_bpm": none(summary.avg_heart_rate_bpm),
        "max_heart_rate_bpm": none(summary.max_heart_rate_bpm),
        "avg_speed_mps": none(summary.avg_speed_mps),
        "avg_power_w": none(summary.avg_power_w),
        "calories_kcal": none(summary.calories_kcal),
        "n_samples": prepared.n_rows,
        "channels": list(prepared.channels),
        "extra": jsonable(extra),
        "issues": [
            {"message": i.message, "where": i.where, "level": str(i.level)} for i in activity.issues
        ],
    }
    # New samples make any computed load stale: the new one, or none until scored.
    load = prepared.load
    if load is None:
        values.update(
            trimp=None, hr_load=None, pace_load=None, power_load=None, load=None, load_method=None
        )
    else:
        values.update(
            load=none(load.load),
            load_method=load.load_method,
            trimp=none(load.trimp),
            hr_load=none(load.hr_load),
            pace_load=none(load.pace_load),
            power_load=none(load.power_load),
        )
    return values


def fill_activity_row(
    row: ActivityRow, prepared: PreparedActivity, athlete_timezone: str, imported_at: datetime
) -> None:
    """Copy a prepared activity's metadata and summary onto a row (new or replaced).

    A replacement without a name keeps the stored one (the user may have named it).
    """
    values = activity_values(prepared, athlete_timezone, imported_at)
    if not values["name"] and row.name:
        del values["name"]
    for key, value in values.items():
        setattr(row, key, value)


def issues_from_json(items: list[dict[str, str]] | None) -> tuple[Issue, ...]:
    """Stored issues back to :class:`~lydiard.errors.Issue` values."""
    issues = []
    for item in items or []:
        try:
            level = IssueLevel(item.get("level", "warning"))
        except ValueError:
            level = IssueLevel.WARNING
        issues.append(Issue(item.get("message", ""), item.get("where", ""), level))
    return tuple(issues)


def record_from_row(row: ActivityRow) -> ActivityRecord:
    """The listed form of an activity row."""
    return ActivityRecord(
        id=row.id,
        athlete_id=row.athlete_id,
        start_time=row.start_time,
        local_date=row.local_date,
        sport=sport_of(row.sport),
        sub_sport=row.sub_sport,
        name=row.name,
        notes=row.notes,
        device=row.device,
        utc_offset_s=row.utc_offset_s,
        timezone=row.timezone,
        source_format=row.source_format,
        source_name=row.source_name,
        file_hash=row.file_hash,
        imported_at=row.imported_at,
        distance_m=row.distance_m,
        elapsed_s=row.elapsed_s,
        moving_s=row.moving_s,
        timer_s=row.timer_s,
        ascent_m=row.ascent_m,
        descent_m=row.descent_m,
        avg_heart_rate_bpm=row.avg_heart_rate_bpm,
        max_heart_rate_bpm=row.max_heart_rate_bpm,
        avg_speed_mps=row.avg_speed_mps,
        avg_power_w=row.avg_power_w,
        calories_kcal=row.calories_kcal,
        n_samples=row.n_samples,
        channels=tuple(row.channels or ()),
        rpe=row.rpe,
        trimp=row.trimp,
        hr_load=row.hr_load,
        pace_load=row.pace_load,
        power_load=row.power_load,
        load=row.load,
        load_method=row.load_method,
        extra=dict(row.extra or {}),
        issues=issues_from_json(row.issues),
    )


def lap_row(activity_id: int, position: int, lap: Lap) -> LapRow:
    """A lap as a row."""
    return LapRow(**lap_values(activity_id, position, lap))


def lap_values(activity_id: int, position: int, lap: Lap) -> dict[str, object]:
    """A lap's column values (for bulk inserts)."""
    return dict(
        activity_id=activity_id,
        position=position,
        start_s=lap.start_s,
        end_s=lap.end_s,
        distance_m=none(lap.distance_m),
        timer_s=none(lap.timer_s),
        trigger=clip(lap.trigger, 32),
        intensity=clip(lap.intensity, 32),
        sport=lap.sport.value if lap.sport else None,
        avg_heart_rate_bpm=none(lap.avg_heart_rate_bpm),
        max_heart_rate_bpm=none(lap.max_heart_rate_bpm),
        ascent_m=none(lap.ascent_m),
        descent_m=none(lap.descent_m),
        avg_power_w=none(lap.avg_power_w),
    )


def lap_from_row(row: LapRow) -> Lap:
    """A row back to a lap."""
    return Lap(
        start_s=row.start_s,
        end_s=row.end_s,
        distance_m=nan(row.distance_m),
        timer_s=nan(row.timer_s),
        trigger=row.trigger,
        intensity=row.intensity,
        sport=sport_of(row.sport) if row.sport else None,
        avg_heart_rate_bpm=nan(row.avg_heart_rate_bpm),
        max_heart_rate_bpm=nan(row.max_heart_rate_bpm),
        ascent_m=nan(row.ascent_m),
        descent_m=nan(row.descent_m),
        avg_power_w=nan(row.avg_power_w),
    )


def session_row(activity_id: int, position: int, session: Session) -> SessionRow:
    """A session (sport segment) as a row."""
    return SessionRow(**session_values(activity_id, position, session))


def session_values(activity_id: int, position: int, session: Session) -> dict[str, object]:
    """A session's column values (for bulk inserts)."""
    return dict(
        activity_id=activity_id,
        position=position,
        sport=session.sport.value,
        sub_sport=clip(session.sub_sport, 64),
        start_s=session.start_s,
        end_s=session.end_s,
        distance_m=none(session.distance_m),
        timer_s=none(session.timer_s),
        ascent_m=none(session.ascent_m),
        descent_m=none(session.descent_m),
        avg_heart_rate_bpm=none(session.avg_heart_rate_bpm),
        max_heart_rate_bpm=none(session.max_heart_rate_bpm),
        calories_kcal=none(session.calories_kcal),
    )


def session_from_row(row: SessionRow) -> Session:
    """A row back to a session."""
    return Session(
        sport=sport_of(row.sport),
        start_s=row.start_s,
        end_s=row.end_s,
        sub_sport=row.sub_sport,
        distance_m=nan(row.distance_m),
        timer_s=nan(row.timer_s),
        ascent_m=nan(row.ascent_m),
        descent_m=nan(row.descent_m),
        avg_heart_rate_bpm=nan(row.avg_heart_rate_bpm),
        max_heart_rate_bpm=nan(row.max_heart_rate_bpm),
        calories_kcal=nan(row.calories_kcal),
    )
