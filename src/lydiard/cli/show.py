"""``lydiard show FILE``: summary, splits, laps or reps, best efforts of one activity."""

from __future__ import annotations

import math
import re
from typing import Annotated, Any

import typer
from rich.table import Table as RichTable

from lydiard.analysis import (
    ActivityAnalysis,
    Leg,
    MetricKind,
    Reps,
    SplitTable,
    Summary,
    analyse,
    speed_kind,
)
from lydiard.cli.app import app, console
from lydiard.cli.output import print_json
from lydiard.errors import InputError, UnitError
from lydiard.formatting import (
    format_clock,
    format_distance,
    format_duration,
    format_pace,
    format_speed_as,
)
from lydiard.model import Activity, Sport
from lydiard.units import DistanceUnit, parse_distance

__all__ = ["load_activity", "parse_last", "show"]

_DASH = "--"


def load_activity(source: str) -> Activity:
    """Read the activity ``show`` was asked for: a file, or the id of a stored activity.

    An argument that is not an existing path but a whole number is an activity id
    (``lydiard activities`` lists them); it is loaded from the store the settings name.

    Raises:
        LydiardError: when the file is missing or cannot be read.
        NotFoundError: when no stored activity has that id.
    """
    from pathlib import Path

    from lydiard.importers import read_activity

    text = source.strip()
    if text.isdigit() and not Path(source).exists():
        from lydiard.cli.store_access import open_cli_store, read_settings

        with open_cli_store(read_settings()) as store:
            return store.activities.load(int(text))
    return read_activity(source)


def parse_unit(text: str) -> DistanceUnit:
    """Read ``--per``: "km" or "mi" (also "mile", "miles").

    Raises:
        InputError: for anything else.
    """
    key = text.strip().lower()
    if key in ("km", "k", "kilometre", "kilometer", "kilometres", "kilometers"):
        return DistanceUnit.KM
    if key in ("mi", "mile", "miles"):
        return DistanceUnit.MI
    raise InputError(f"--per {text!r}: use 'km' or 'mi'")


def parse_last(text: str, unit: DistanceUnit) -> float:
    """Read ``--last``: "23km", "15 mi", or a bare number in the split unit; metres.

    Raises:
        InputError: when it is not a positive distance.
    """
    stripped = text.strip()
    if re.fullmatch(r"\d+(?:\.\d+)?", stripped):
        metres = float(stripped) * unit.metres
    else:
        try:
            metres = float(parse_distance(stripped))
        except UnitError as exc:
            raise UnitError(f"--last {text!r}: use a distance such as 23km or '15 mi'") from exc
    if not (math.isfinite(metres) and metres > 0):
        raise InputError(f"--last {text!r}: must be a distance above zero")
    return metres


def _pace(speed_mps: float, sport: Sport, unit: DistanceUnit) -> str:
    """Speed as the sport reads it: pace, km/h, /100 m or /500 m (``speed_kind``)."""
    return format_speed_as(speed_mps, speed_kind(sport), unit)


def _number(value: float, unit: str = "", decimals: int = 0) -> str:
    if not math.isfinite(value):
        return _DASH
    return f"{value:.{decimals}f}{unit}"


def _metric_text(kind: MetricKind, value: float, unit: DistanceUnit) -> str:
    if kind is MetricKind.DISTANCE:
        return format_distance(value, unit)
    if kind is MetricKind.DURATION:
        return format_duration(value)
    if kind in (MetricKind.PACE, MetricKind.PACE_100M, MetricKind.PACE_500M, MetricKind.SPEED):
        return format_speed_as(value, kind, unit)
    if kind is MetricKind.HEART_RATE:
        return _number(value, " bpm")
    if kind is MetricKind.POWER:
        return _number(value, " W")
    if kind is MetricKind.ELEVATION:
        return _number(value, " m")
    if kind is MetricKind.VERTICAL_SPEED:
        return _number(value * 3600, " m/h")
    if kind is MetricKind.CADENCE:
        return _number(value, "/min")
    raise AssertionError(kind)


def _summary_table(activity: Activity, summary: Summary, unit: DistanceUnit) -> RichTable:
    when = activity.local_start.strftime("%Y-%m-%d %H:%M")
    title = " · ".join(
        part for part in (activity.name, activity.sport.label, when, activity.device) if part
    )
    table = RichTable(title=title, show_header=False, title_justify="left")
    table.add_column("metric", style="bold")
    table.add_column("value", justify="right")
    for metric in summary.metrics:
        table.add_row(metric.label, _metric_text(metric.kind, metric.value, unit))
    return table


def _splits_table(splits: SplitTable, sport: Sport, unit: DistanceUnit, title: str) -> RichTable:
    rows = splits.rows
    has_gap = any(math.isfinite(s.gap_speed_mps) for s in rows) and not _is_speed_sport(sport)
    has_hr = any(math.isfinite(s.avg_heart_rate_bpm) for s in rows)
    has_climb = any(math.isfinite(s.ascent_m) for s in rows)
    has_power = any(math.isfinite(s.avg_power_w) for s in rows)
    table = RichTable(title=title, title_justify="left")
    for name in ["#", "Distance", "Time", "Pace" if not _is_speed_sport(sport) else "Speed"]:
        table.add_column(name, justify="right")
    optional = [("GAP", has_gap), ("HR", has_hr), ("Climb", has_climb), ("Descent", has_climb)]
    optional.append(("Power", has_power))
    for name, wanted in optional:
        if wanted:
            table.add_column(name, justify="right")
    for s in rows:
        cells = [
            str(s.index),
            format_distance(s.end_m, unit),
            format_duration(s.moving_s),
            _pace(s.speed_mps, sport, unit),
        ]
        if has_gap:
            cells.append(format_pace(s.gap_speed_mps, unit))
        if has_hr:
            cells.append(_number(s.avg_heart_rate_bpm))
        if has_climb:
            cells += [_number(s.ascent_m, " m"), _number(s.descent_m, " m")]
        if has_power:
            cells.append(_number(s.avg_power_w, " W"))
        table.add_row(*cells)
    return table


def _is_speed_sport(sport: Sport) -> bool:
    return speed_kind(sport) is MetricKind.SPEED


def _legs_table(legs: tuple[Leg, ...], unit: DistanceUnit) -> RichTable:
    """The legs of a multisport activity, each in its own sport's unit."""
    table = RichTable(title="Legs", title_justify="left")
    for name in ("#", "Sport", "Distance", "Time", "Pace / speed", "Avg HR", "Max HR", "Climb"):
        table.add_column(name, justify="left" if name == "Sport" else "right")
    for leg in legs:
        table.add_row(
            str(leg.index),
            leg.sport.label,
            format_distance(leg.distance_m, unit) if math.isfinite(leg.distance_m) else _DASH,
            format_duration(leg.time_s),
            _pace(leg.speed_mps, leg.sport, unit),
            _number(leg.avg_heart_rate_bpm),
            _number(leg.max_heart_rate_bpm),
            _number(leg.ascent_m, " m"),
        )
    return table


def _reps_title(reps: Reps) -> str:
    count = len(reps.reps)
    source = "from laps" if reps.source == "laps" else "found from speed"
    if math.isfinite(reps.nominal_distance_m):
        shape = f"{count} x {reps.nominal_distance_m:g} m"
        if reps.nominal_distance_m >= 1000 and reps.nominal_distance_m % 1000 == 0:
            shape = f"{count} x {reps.nominal_distance_m / 1000:g} km"
        elif abs(reps.nominal_distance_m - DistanceUnit.MI.metres) < 1:
            shape = f"{count} x 1 mile"
    elif math.isfinite(reps.nominal_duration_s):
        shape = f"{count} x {format_clock(reps.nominal_duration_s)}"
    else:
        shape = f"{count} reps"
    return f"Reps: {shape} ({source})"


def _reps_table(reps: Reps, sport: Sport, unit: DistanceUnit) -> RichTable:
    table = RichTable(title=_reps_title(reps), title_justify="left")
    for name in ("Part", "Distance", "Time", "Pace", "Avg HR", "Max HR", "HR at end"):
        table.add_column(name, justify="right" if name != "Part" else "left")
    labels = {"warmup": "warm-up", "cooldown": "cool-down"}
    for p in reps:
        label = labels.get(p.kind.value, f"{p.kind.value} {p.number}")
        table.add_row(
            label,
            f"{p.distance_m:.0f} m" if math.isfinite(p.distance_m) else _DASH,
            format_duration(p.elapsed_s),
            # A standing rest has no pace worth printing.
            "standing" if p.moving_s < 0.2 * p.elapsed_s else _pace(p.speed_mps, sport, unit),
            _number(p.avg_heart_rate_bpm),
            _number(p.max_heart_rate_bpm),
            _number(p.end_heart_rate_bpm),
            style="bold" if p.kind.value == "rep" else None,
        )
    return table


def _laps_table(activity: Activity, analysis: ActivityAnalysis, unit: DistanceUnit) -> RichTable:
    table = RichTable(title="Laps", title_justify="left")
    for name in ("#", "Distance", "Time", "Pace", "GAP", "Avg HR", "Climb", "Type"):
        table.add_column(name, justify="right")
    # A multisport file's laps carry their leg's sport: each is paced in its own unit.
    sports = [lap.sport or activity.sport for lap in activity.laps]
    if len(sports) != len(analysis.laps):
        sports = [activity.sport] * len(analysis.laps)
    for lap, sport in zip(analysis.laps, sports, strict=True):
        table.add_row(
            str(lap.index),
            format_distance(lap.distance_m, unit),
            format_duration(lap.timer_s),
            _pace(lap.speed_mps, sport, unit),
            format_pace(lap.gap_speed_mps, unit),
            _number(lap.avg_heart_rate_bpm),
            _number(lap.ascent_m, " m"),
            lap.intensity or lap.trigger or "",
        )
    return table


def _efforts_table(analysis: ActivityAnalysis, sport: Sport, unit: DistanceUnit) -> RichTable:
    table = RichTable(title="Best efforts", title_justify="left")
    for name in ("Distance", "Time", "Pace", "From", "Avg HR"):
        table.add_column(name, justify="right")
    for e in analysis.best_efforts:
        table.add_row(
            e.name,
            format_duration(e.elapsed_s),
            _pace(e.speed_mps, sport, unit),
            format_distance(e.start_m, unit),
            _number(e.avg_heart_rate_bpm),
        )
    return table


def _print_report(activity: Activity, analysis: ActivityAnalysis, unit: DistanceUnit) -> None:
    sport = activity.sport
    console.print(_summary_table(activity, analysis.summary, unit))
    if analysis.legs:
        console.print(_legs_table(analysis.legs, unit))
        for leg in analysis.legs:
            leg_splits = leg.splits_km if unit is DistanceUnit.KM else leg.splits_mi
            if leg.sport is not Sport.TRANSITION and leg_splits.rows:
                title = f"Leg {leg.index}, {leg.sport.label.lower()}: splits per {unit.value}"
                console.print(_splits_table(leg_splits, leg.sport, unit, title))
    splits = analysis.splits_km if unit is DistanceUnit.KM else analysis.splits_mi
    if analysis.last_splits is not None:
        total = analysis.last_splits.total
        span = format_distance(total.distance_m if total else math.nan, unit)
        title = f"Last {span}: {format_duration(total.moving_s if total else math.nan)}"
        if total is not None:
            title += f" at {_pace(total.speed_mps, sport, unit)}"
        splits = analysis.last_splits
    else:
        title = f"Splits per {unit.value}"
    if splits.rows:
        console.print(_splits_table(splits, sport, unit, title))
    if analysis.reps.rows:
        console.print(_reps_table(analysis.reps, sport, unit))
    if len(analysis.laps) > 1:
        console.print(_laps_table(activity, analysis, unit))
    if analysis.best_efforts.rows:
        console.print(_efforts_table(analysis, sport, unit))
    for line in _remarks(analysis):
        console.print(line)


def _remarks(analysis: ActivityAnalysis) -> list[str]:
    lines = []
    pace = analysis.pacing
    if pace is not None:
        way = "faster" if pace.negative_split else "slower"
        text = f"Second half {format_duration(abs(pace.difference_s))} {way}"
        text += f" (fade {pace.fade_pct:+.1f} %"
        if math.isfinite(pace.gap_fade_pct):
            text += f", grade-adjusted {pace.gap_fade_pct:+.1f} %"
        lines.append(text + ")")
    drift = analysis.decoupling
    if drift is not None:
        basis = {"power": "Pw:HR", "gap_speed": "Pa:HR (grade-adjusted)", "speed": "Pa:HR"}
        lines.append(f"Decoupling {basis[drift.basis]}: {drift.decoupling_pct:.1f} %")
    zones = analysis.zones
    if zones is not None:
        parts = [
            f"{name} {format_duration(sec)}"
            for name, sec in zip(zones.names, zones.seconds, strict=True)
        ]
        lines.append("Time in zones: " + ", ".join(parts))
    if analysis.summary.repaired:
        lines.append(f"Cleaning: {analysis.summary.repaired} GPS spikes or distance jumps repaired")
    return lines


def _zones(text: str | None) -> list[float] | None:
    if text is None:
        return None
    try:
        return [float(part) for part in text.split(",") if part.strip()]
    except ValueError as exc:
        raise InputError(f"--hr-zones {text!r}: give bpm boundaries like 120,140,155,170") from exc


@app.command()
def show(
    source: Annotated[
        str, typer.Argument(help="Activity file (FIT, GPX, TCX, or .gz) or a stored activity id.")
    ],
    per: Annotated[str, typer.Option("--per", help="Split unit: km or mi.")] = "km",
    last: Annotated[
        str | None,
        typer.Option("--last", help="Split only the final stretch, e.g. 23km or '15 mi'."),
    ] = None,
    hr_zones: Annotated[
        str | None,
        typer.Option("--hr-zones", help="Heart-rate zone boundaries in bpm: 120,140,155,170."),
    ] = None,
    json_output: Annotated[bool, typer.Option("--json", help="Print JSON (SI units).")] = False,
) -> None:
    """Show an activity: summary, splits, reps or laps, best efforts."""
    unit = parse_unit(per)
    last_m = parse_last(last, unit) if last is not None else None
    zones = _zones(hr_zones)
    activity = load_activity(source)
    analysis = analyse(activity, per=unit, last=last_m, hr_zones=zones)
    if json_output:
        print_json({"activity": _activity_facts(activity), "analysis": analysis})
        return
    _print_report(activity, analysis, unit)


def _activity_facts(activity: Activity) -> dict[str, Any]:
    return {
        "name": activity.name,
        "sport": activity.sport,
        "sub_sport": activity.sub_sport,
        "start_time": activity.start_time,
        "local_start": activity.local_start,
        "device": activity.device,
        "source_format": activity.source_format,
        "source_name": activity.source_name,
        "samples": len(activity.samples),
        "issues": [str(issue) for issue in activity.issues],
    }
