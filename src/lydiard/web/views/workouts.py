"""The Workout builder: coaching prose in, the parse, totals and errors out.

Parsing, totals and the canonical text come from :mod:`lydiard.workouts`; the paces that
turn distances into times (and named paces into speeds) are the athlete's Daniels paces
(from their VDOT or threshold pace); exports from :mod:`lydiard.exporters`.
"""

from __future__ import annotations

import io
import math
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from lydiard.errors import InputError, WorkoutSyntaxError
from lydiard.exporters.fit_workout import encode_workout
from lydiard.exporters.ics import ics_calendar, ics_event
from lydiard.exporters.icu import icu_texts
from lydiard.workouts import Intensity, Workout, parse, render
from lydiard.workouts.render import short_name

__all__ = [
    "MAX_TEXT",
    "WorkoutError",
    "WorkoutLine",
    "WorkoutPreview",
    "workout_fit",
    "workout_ics",
    "workout_preview",
]

#: Longest workout text accepted, characters.
MAX_TEXT = 20_000


@dataclass(frozen=True, slots=True)
class WorkoutLine:
    """One line of the canonical text with its own totals.

    Attributes:
        text: the line ("8 x 200 m, 400 m jog between").
        distance_m: its distance (NaN when unknown).
        duration_s: its time at the athlete's paces (NaN when unknown).
    """

    text: str
    distance_m: float
    duration_s: float


@dataclass(frozen=True, slots=True)
class WorkoutError:
    """Why the text does not parse, and where.

    Attributes:
        message: the whole message with the line and a caret under the problem.
        reason: what is wrong, without position.
        line, column, length: where (1-based), and how many characters.
        suggestion: a hint, or None.
    """

    message: str
    reason: str
    line: int
    column: int
    length: int
    suggestion: str | None


@dataclass(frozen=True, slots=True)
class WorkoutPreview:
    """What the builder shows for a text.

    Attributes:
        ok: the text parsed.
        title: a short name ("8 x 200 m").
        canonical: the canonical text (parses back to the same workout).
        lines: the canonical lines with their totals.
        distance_m, duration_s: totals (middle of ranges; NaN when unknown).
        distance_min_m, distance_max_m, duration_min_s, duration_max_s: the ranges.
        known_distance_m, known_duration_s: what is known when some part is not.
        by_intensity: distance and time per intensity (Daniels' bands).
        notes: workout notes (advice sentences).
        intervals_icu: the workout as intervals.icu text, per session.
        paces: the athlete's paces used, m/s by name (empty without VDOT/threshold).
        error: the syntax error, when the text does not parse.
    """

    ok: bool
    title: str = ""
    canonical: str = ""
    lines: list[WorkoutLine] = field(default_factory=list)
    distance_m: float = math.nan
    duration_s: float = math.nan
    distance_min_m: float = math.nan
    distance_max_m: float = math.nan
    duration_min_s: float = math.nan
    duration_max_s: float = math.nan
    known_distance_m: float = 0.0
    known_duration_s: float = 0.0
    by_intensity: dict[str, tuple[float, float]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    intervals_icu: list[str] = field(default_factory=list)
    paces: dict[str, float] = field(default_factory=dict)
    error: WorkoutError | None = None


def _parse(text: str) -> Workout:
    if len(text) > MAX_TEXT:
        raise InputError(f"text: {len(text)} characters; {MAX_TEXT} at most")
    if not text.strip():
        raise InputError("text: write a session, e.g. '3 km warm-up / 8 x 400 m / 2 km cool-down'")
    return parse(text)


def workout_preview(text: str, paces: Mapping[str, float]) -> WorkoutPreview:
    """Parse a text and add it up; a syntax error is part of the answer, not a failure."""
    try:
        workout = _parse(text)
    except WorkoutSyntaxError as exc:
        return WorkoutPreview(
            ok=False,
            paces=dict(paces),
            error=WorkoutError(
                exc.render(), exc.reason, exc.line, exc.column, exc.length, exc.suggestion
            ),
        )
    lines = []
    for session in workout.sessions:
        rendered = render(Workout((session,))).splitlines()
        for item, line in zip(session.items, rendered, strict=False):
            t = Workout.of(item).totals(paces)
            lines.append(WorkoutLine(line, t.distance_m, t.duration_s))
    totals = workout.totals(paces)
    order = list(Intensity)
    return WorkoutPreview(
        ok=True,
        title=short_name(workout),
        canonical=render(workout),
        lines=lines,
        distance_m=totals.distance_m,
        duration_s=totals.duration_s,
        distance_min_m=totals.distance_min_m,
        distance_max_m=totals.distance_max_m,
        duration_min_s=totals.duration_min_s,
        duration_max_s=totals.duration_max_s,
        known_distance_m=totals.known_distance_m,
        known_duration_s=totals.known_duration_s,
        by_intensity={
            level.value: (bucket.distance_m, bucket.duration_s)
            for level, bucket in sorted(
                totals.by_intensity.items(), key=lambda kv: order.index(kv[0])
            )
            if bucket.distance_m or bucket.duration_s
        },
        notes=list(workout.notes),
        intervals_icu=[text for _, text in icu_texts(workout, paces)],
        paces=dict(paces),
    )


def _file_stem(workout: Workout) -> str:
    stem = "".join(c if c.isalnum() else "-" for c in short_name(workout).lower())
    return "-".join(part for part in stem.split("-") if part)[:60] or "workout"


def workout_fit(text: str, paces: Mapping[str, float], created: datetime) -> tuple[str, str, bytes]:
    """The workout as a FIT file (a zip of one file per session for a double day).

    Returns:
        (file name, media type, bytes).

    Raises:
        WorkoutSyntaxError: when the text does not parse.
        EncodeError: when a value does not fit a FIT field.
    """
    workout = _parse(text)
    files = encode_workout(workout, time_created=created, paces=paces)
    stem = _file_stem(workout)
    if len(files) == 1:
        return f"{stem}.fit", "application/vnd.ant.fit", files[0][1]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for suffix, data in files:
            archive.writestr(f"{stem}-{suffix}.fit", data)
    return f"{stem}.zip", "application/zip", buffer.getvalue()


def workout_ics(
    text: str, day: date, paces: Mapping[str, float], stamp: datetime
) -> tuple[str, bytes]:
    """The workout as an all-day calendar event on ``day``: (file name, bytes).

    Raises:
        WorkoutSyntaxError: when the text does not parse.
    """
    workout = _parse(text)
    event = ics_event(workout, day, paces=paces, stamp=stamp)
    return f"{_file_stem(workout)}-{day.isoformat()}.ics", ics_calendar([event])
