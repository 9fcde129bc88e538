"""``lydiard workout``: parse a session, show its steps and totals, export it.

Examples::

    lydiard workout "3 Mile Warm Up / 8 x 200 Meter Repeats / 400 Meter Jog Recovery / ..."
    lydiard workout "20 x 1 km, last 5 at T pace" --pace T=3:05/km --pace I=2:52/km --pace E=4:10/km
    lydiard workout "..." --json | --fit out.fit | --icu | --ics out.ics --date 2027-01-05
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from lydiard.cli.app import app, console
from lydiard.cli.output import print_json, to_jsonable
from lydiard.errors import InputError
from lydiard.exporters.fit_workout import encode_workout
from lydiard.exporters.ics import ics_calendar, ics_event
from lydiard.exporters.icu import icu_texts
from lydiard.formatting import format_distance, format_duration, format_pace
from lydiard.physiology.paces import training_paces, vdot_from_threshold_speed
from lydiard.units import parse_speed_or_pace
from lydiard.workouts import PACE_NAMES, Intensity, Workout, parse, render
from lydiard.workouts.library import SEED_SESSIONS
from lydiard.workouts.render import short_name

__all__ = ["parse_paces", "show_workout", "workout"]

_NAMES = {name.lower(): name for name in PACE_NAMES}


def parse_paces(values: list[str]) -> dict[str, float]:
    """Read ``--pace NAME=PACE`` options ("T=3:05/km", "marathon=5:40/mi") into m/s.

    Raises:
        InputError: for a missing "=", an unknown name or a pace that cannot be read.
    """
    paces: dict[str, float] = {}
    for value in values:
        name, sep, pace = value.partition("=")
        if not sep:
            raise InputError(f"--pace {value!r}: write NAME=PACE, e.g. T=3:05/km")
        key = _NAMES.get(name.strip().lower())
        if key is None:
            raise InputError(
                f"--pace {value!r}: unknown pace name; use one of {', '.join(PACE_NAMES)}"
            )
        try:
            paces[key] = float(parse_speed_or_pace(pace))
        except InputError as exc:
            raise InputError(f"--pace {value!r}: {exc}") from None
    return paces


def athlete_paces(vdot: float | None, threshold_pace: str | None) -> dict[str, float]:
    """Daniels paces (m/s by pace name) from ``--vdot`` or ``--threshold-pace``, else none.

    Raises:
        InputError: when both are given, or either cannot be read.
    """
    if vdot is not None and threshold_pace is not None:
        raise InputError("give --vdot or --threshold-pace, not both")
    if threshold_pace is not None:
        try:
            vdot = vdot_from_threshold_speed(float(parse_speed_or_pace(threshold_pace)))
        except InputError as exc:
            raise InputError(f"--threshold-pace {threshold_pace!r}: {exc}") from None
    return training_paces(vdot).as_mapping() if vdot is not None else {}


def _cells(distance_m: float, duration_s: float) -> tuple[str, str, str]:
    return (
        format_distance(distance_m, "km", suffix=False),
        format_distance(distance_m, "mi", suffix=False),
        format_duration(duration_s),
    )


def show_workout(
    workout: Workout, paces: Mapping[str, float] | None = None, title: str = ""
) -> None:
    """Print a workout's steps and totals (km and mi) as Rich tables."""
    table = Table(title=title or short_name(workout), title_justify="left")
    table.add_column("step")
    table.add_column("km", justify="right")
    table.add_column("mi", justify="right")
    table.add_column("time", justify="right")
    for session in workout.sessions:
        lines = render(Workout((session,))).splitlines()
        for item, line in zip(session.items, lines, strict=True):
            t = Workout.of(item).totals(paces)
            table.add_row(line, *_cells(t.distance_m, t.duration_s))
    totals = workout.totals(paces)
    distance = totals.distance_m
    label = "total"
    if distance != distance and totals.known_distance_m > 0:
        distance, label = totals.known_distance_m, "total (known parts)"
    table.add_section()
    table.add_row(f"[bold]{label}[/]", *_cells(distance, totals.duration_s))
    ranged = totals.distance_min_m < totals.distance_max_m  # False when unknown (NaN)
    if ranged or totals.duration_min_s < totals.duration_max_s:
        low, high = totals.distance_min_m, totals.distance_max_m

        def span(unit: str) -> str:
            a, b = (
                format_distance(low, unit, suffix=False),
                format_distance(high, unit, suffix=False),
            )
            return a if a == b else f"{a}-{b}"  # a range of times over one distance

        times = f"{format_duration(totals.duration_min_s)}-{format_duration(totals.duration_max_s)}"
        table.add_row("range", span("km"), span("mi"), times)
    console.print(table)
    order = list(Intensity)
    parts = [
        f"{level.value} {format_distance(b.distance_m, 'km', decimals=1)}"
        + (f" {format_duration(b.duration_s)}" if b.duration_s else "")
        for level, b in sorted(totals.by_intensity.items(), key=lambda kv: order.index(kv[0]))
        if b.distance_m or b.duration_s
    ]
    if parts:
        console.print("by intensity: " + ", ".join(parts))
    for note in workout.notes:
        console.print(f"note: {note}")


_TAGGED = (
    "Distance",
    "Time",
    "LapButton",
    "HrBelow",
    "RepShare",
    "Pace",
    "NamedPace",
    "HeartRate",
    "Zone",
    "Power",
    "Rpe",
    "Effort",
)


def workout_json(value: object) -> object:
    """A workout as JSON-ready data; ends and targets say what they are ("type")."""
    data = to_jsonable(value)
    return _tag(value, data)


def _tag(value: object, data: object) -> object:
    import dataclasses

    if dataclasses.is_dataclass(value) and not isinstance(value, type) and isinstance(data, dict):
        out: dict[str, object] = {}
        if type(value).__name__ in _TAGGED:
            out["type"] = type(value).__name__
        for f in dataclasses.fields(value):
            out[f.name] = _tag(getattr(value, f.name), data[f.name])
        return out
    if isinstance(value, tuple | list) and isinstance(data, list):
        return [_tag(v, d) for v, d in zip(value, data, strict=True)]
    return data


def _totals_json(workout: Workout, paces: Mapping[str, float]) -> dict[str, object]:
    t = workout.totals(paces)
    return {
        "distance_m": t.distance_m,
        "distance_min_m": t.distance_min_m,
        "distance_max_m": t.distance_max_m,
        "duration_s": t.duration_s,
        "duration_min_s": t.duration_min_s,
        "duration_max_s": t.duration_max_s,
        "known_distance_m": t.known_distance_m,
        "known_duration_s": t.known_duration_s,
        "by_intensity": to_jsonable(t.by_intensity),
        "by_sport": to_jsonable(t.by_sport),
    }


def _fit_paths(path: Path, suffixes: list[str]) -> list[Path]:
    if len(suffixes) == 1:
        return [path]
    return [path.with_name(f"{path.stem}-{s}{path.suffix or '.fit'}") for s in suffixes]


@app.command()
def workout(
    text: Annotated[str, typer.Argument(help="The session as a coach writes it.")],
    json_out: Annotated[
        bool, typer.Option("--json", help="Print the model and totals as JSON.")
    ] = False,
    fit: Annotated[Path | None, typer.Option("--fit", help="Write a FIT workout file.")] = None,
    icu: Annotated[bool, typer.Option("--icu", help="Print intervals.icu workout text.")] = False,
    ics: Annotated[Path | None, typer.Option("--ics", help="Write an ICS calendar event.")] = None,
    on: Annotated[
        str | None, typer.Option("--date", help="Date of the session (YYYY-MM-DD).")
    ] = None,
    pace: Annotated[
        list[str] | None,
        typer.Option("--pace", help="A training pace, NAME=PACE (repeatable): T=3:05/km."),
    ] = None,
    vdot: Annotated[
        float | None, typer.Option("--vdot", help="Times at this VDOT's Daniels paces.")
    ] = None,
    threshold_pace: Annotated[
        str | None,
        typer.Option("--threshold-pace", help="Times at the Daniels paces of this T pace."),
    ] = None,
) -> None:
    """Parse a workout; print its steps and totals, or export it."""
    paces = athlete_paces(vdot, threshold_pace)
    paces.update(parse_paces(pace or []))
    parsed = parse(text)
    day: date | None = None
    if on is not None:
        try:
            day = date.fromisoformat(on)
        except ValueError:
            raise InputError(f"--date {on!r}: write the date as YYYY-MM-DD") from None
    if ics is not None and day is None:
        raise InputError("--ics needs --date YYYY-MM-DD (the day of the session)")
    if fit is not None:
        files = encode_workout(parsed, time_created=datetime.now(UTC), paces=paces)
        for path, (_, data) in zip(_fit_paths(fit, [s for s, _ in files]), files, strict=True):
            path.write_bytes(data)
            console.print(f"wrote {path} ({len(data)} bytes)")
    if ics is not None and day is not None:
        ics.write_bytes(ics_calendar([ics_event(parsed, day, paces=paces)]))
        console.print(f"wrote {ics} ({day.isoformat()})")
    if json_out:
        print_json(
            {
                "text": render(parsed),
                "workout": workout_json(parsed),
                "totals": _totals_json(parsed, paces),
            }
        )
        return
    if icu:
        for label, body in icu_texts(parsed, paces):
            if label:
                console.print(f"# {label}", markup=False)
            console.file.write(body)
        return
    if fit is None and ics is None:
        show_workout(parsed, paces)


#: The demo's athlete: VDOT 75 is about a 29:10 10K, Walmsley's level on the road.
DEMO_VDOT = 75.0


def demo_workouts(vdot: float = DEMO_VDOT) -> None:
    """The workout part of ``lydiard demo``: the seed's seven key sessions, with totals."""
    paces = training_paces(vdot).as_mapping()
    shown = ", ".join(f"{k} {format_pace(paces[k])}" for k in ("E", "T", "I", "R"))
    console.print(f"[bold]Walmsley's key sessions[/] (times at VDOT {vdot:g}: {shown})")
    for name, text in SEED_SESSIONS.items():
        show_workout(parse(text), paces, title=f"{name}: {short_name(parse(text))}")
