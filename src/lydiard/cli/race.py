"""``lydiard race``, ``lydiard paces`` and ``lydiard zones``: equivalence, paces, zones."""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Annotated, Any

import numpy as np
import typer
from rich.table import Table

from lydiard.analysis.geodesy import cumulative_distance_m
from lydiard.cli.app import app, console
from lydiard.cli.output import print_json
from lydiard.errors import InputError, UnitError
from lydiard.formatting import format_clock, format_distance, format_pace
from lydiard.physiology.paces import TrainingPaces, training_paces, vdot_from_threshold_speed
from lydiard.physiology.races import (
    DEFAULT_RATIO_100K,
    RIEGEL_EXPONENT,
    STANDARD_DISTANCES_M,
    Equivalent,
    RaceModel,
    fit_riegel,
    predict_time,
    vdot,
)
from lydiard.physiology.speed_profile import AthleteMark, compare_speed_profiles
from lydiard.physiology.trail import CoursePrediction, TrailModel, predict_course
from lydiard.physiology.zones import (
    Zone,
    ZoneSport,
    friel_hr_zones,
    friel_pace_zones,
    karvonen_zones,
    percent_max_zones,
)
from lydiard.units import (
    METRES_PER_MILE,
    DistanceUnit,
    parse_duration,
    parse_race_distance,
    parse_speed_or_pace,
)

__all__ = ["parse_performance"]


def parse_performance(text: str) -> tuple[float, float]:
    """Parse "10k 29:08", "half marathon 1:04:30", "1500 in 3:48" into (metres, seconds).

    Raises:
        UnitError: when the text is not a distance followed by a time.
    """
    parts = re.sub(r"\s+in\s+", " ", _label(text)[1].strip()).rsplit(None, 1)
    if len(parts) != 2:
        raise UnitError(f"{text!r}: expected a distance and a time, e.g. '10k 29:08'")
    distance = parse_race_distance(parts[0])
    time = parse_duration(parts[1])
    if time <= 0:
        raise UnitError(f"{text!r}: the time must be above zero")
    return float(distance), float(time)


def _label(text: str) -> tuple[str, str]:
    """Split "Walmsley=1500 3:48" into ("Walmsley", "1500 3:48"); the label defaults to the text."""
    name, sep, rest = text.partition("=")
    return (name.strip(), rest) if sep else (text.strip(), text)


def _distance_name(metres: float) -> str:
    for name, d in STANDARD_DISTANCES_M.items():
        if abs(d - metres) < 0.5:
            return name
    for miles in (50, 100):
        if abs(miles * METRES_PER_MILE - metres) < 0.5:
            return f"{miles} mile"
    return format_distance(metres, decimals=3 if metres < 10000 else 1)


def _read_course(path: Path) -> tuple[Any, Any, str]:
    from lydiard.importers import read_activity

    try:
        activity = read_activity(path)
    except ModuleNotFoundError as exc:
        raise InputError(
            f"{path.name}: reading this course needs {exc.name}, which is not in this build"
        ) from exc
    s = activity.samples
    distance = s.distance_m
    if not np.isfinite(distance).sum() >= 2:
        distance = cumulative_distance_m(s.lat_deg, s.lon_deg)
    if np.isfinite(distance).sum() < 2 or (np.nanmax(distance) or 0) <= 0:
        raise InputError(f"{path.name}: the course has no distance or positions")
    return distance, s.altitude_m, activity.name or path.stem


@app.command()
def race(
    from_: Annotated[
        list[str],
        typer.Option(
            "--from", help='A result, "10k 29:08"; repeat with --model riegel to fit the exponent.'
        ),
    ],
    to: Annotated[
        list[str] | None,
        typer.Option(help='Predict this distance, e.g. "50k" (repeatable).'),
    ] = None,
    course: Annotated[
        Path | None, typer.Option(help="Predict a course from its GPX profile.")
    ] = None,
    vs: Annotated[
        list[str] | None,
        typer.Option("--vs", help='Compare with another athlete\'s result, "Robinson=1500 3:38".'),
    ] = None,
    model: Annotated[RaceModel, typer.Option(help="Equivalence model.")] = RaceModel.VDOT,
    exponent: Annotated[
        float | None, typer.Option(help="Riegel exponent (1.06, or fitted from 2+ --from).")
    ] = None,
    ratio_100k: Annotated[
        float, typer.Option(help="Ultra model: 100 km time / marathon time.")
    ] = DEFAULT_RATIO_100K,
    trail_model: Annotated[
        TrailModel, typer.Option(help="How climbs count on a course.")
    ] = TrailModel.MINETTI,
    unit: Annotated[DistanceUnit, typer.Option(help="Pace per km or mi.")] = DistanceUnit.KM,
    json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Race equivalents and predictions (VDOT, Riegel, ultra), courses and comparisons."""
    results = [parse_performance(text) for text in from_]
    distance_m, time_s = results[0]
    riegel_exp = RIEGEL_EXPONENT if exponent is None else exponent
    fitted = None
    if model is RaceModel.RIEGEL and exponent is None and len(results) >= 2:
        fitted = fit_riegel(results)
        riegel_exp = fitted.exponent
    value = vdot(distance_m, time_s, ratio_100k=ratio_100k)
    if to:
        targets = {}
        for text in to:
            target = float(parse_race_distance(text))
            targets[_distance_name(target)] = target
    else:
        targets = STANDARD_DISTANCES_M
    rows = [
        Equivalent(
            name,
            d,
            predict_time(
                distance_m,
                time_s,
                d,
                model=model,
                riegel_exponent=riegel_exp,
                ratio_100k=ratio_100k,
            ),
        )
        for name, d in targets.items()
    ]
    out: dict[str, Any] = {
        "from": {"distance_m": distance_m, "time_s": time_s},
        "vdot": value,
        "model": model.value,
        "riegel_exponent": riegel_exp if model is RaceModel.RIEGEL else None,
        "riegel_fit": fitted,
        "predictions": [
            {
                "name": r.name,
                "distance_m": r.distance_m,
                "time_s": r.time_s,
                "speed_mps": r.speed_mps,
            }
            for r in rows
        ],
    }
    prediction: CoursePrediction | None = None
    if course is not None:
        dist, alt, name = _read_course(course)
        prediction = predict_course(
            dist,
            alt,
            from_distance_m=distance_m,
            from_time_s=time_s,
            model=trail_model,
            race_model=model,
            riegel_exponent=riegel_exp,
            ratio_100k=ratio_100k,
        )
        out["course"] = {"name": name, **_jsonable_course(prediction)}
    profile = None
    if vs:
        marks = [AthleteMark(_label(from_[0])[0], distance_m, time_s)]
        marks += [AthleteMark(_label(text)[0], *parse_performance(text)) for text in vs]
        profile = compare_speed_profiles(marks, ratio_100k=ratio_100k)
        out["comparison"] = profile
    if json:
        print_json(out)
        return
    head = f"{_distance_name(distance_m)} in {format_clock(time_s)}: VDOT {value:.1f}"
    if fitted is not None:
        head += f"; Riegel exponent fitted from {fitted.n} results: {fitted.exponent:.3f}"
    elif model is RaceModel.RIEGEL:
        head += f"; Riegel exponent {riegel_exp:.3f}"
    console.print(head)
    table = Table("Distance", "Time", f"Pace /{unit.value}", title=f"Equivalents ({model.value})")
    for row in rows:
        table.add_row(
            row.name, format_clock(row.time_s), format_pace(row.speed_mps, unit, suffix=False)
        )
    console.print(table)
    if prediction is not None:
        _print_course(out["course"]["name"], prediction, unit)
    if profile is not None:
        comp = Table("Distance", *[m.name for m in profile.athletes], title="Speed profile")
        comp.add_row("VDOT", *[f"{v:.1f}" for v in profile.vdots])
        for r in profile.rows:
            cells = [format_clock(r.times_s[0])]
            cells += [
                f"{format_clock(t)} ({g:+.1f} s/km)"
                for t, g in zip(r.times_s[1:], r.gaps_s_per_km[1:], strict=True)
            ]
            comp.add_row(r.distance_name, *cells)
        console.print(comp)
        console.print("Gaps are pace differences from the first athlete (negative = faster).")


def _jsonable_course(p: CoursePrediction) -> dict[str, Any]:
    return {
        "distance_m": p.distance_m,
        "climb_m": p.climb_m,
        "descent_m": p.descent_m,
        "effort_km": p.effort_km,
        "equivalent_flat_m": p.equivalent_flat_m,
        "time_s": p.time_s,
        "model": p.model.value,
        "checkpoints": p.checkpoints,
    }


def _print_course(name: str, p: CoursePrediction, unit: DistanceUnit) -> None:
    console.print(
        f"Course {name}: {format_distance(p.distance_m, unit, decimals=1)}, "
        f"+{p.climb_m:.0f} m / -{p.descent_m:.0f} m, {p.effort_km:.1f} effort-km, "
        f"worth {format_distance(p.equivalent_flat_m, unit, decimals=1)} flat ({p.model.value}): "
        f"[bold]{format_clock(p.time_s)}[/]"
    )
    table = Table("At", "Altitude", "Climb so far", "Time", title="Checkpoints")
    for c in p.checkpoints:
        table.add_row(
            format_distance(c.distance_m, unit, decimals=1),
            f"{c.altitude_m:.0f} m",
            f"{c.climb_m:.0f} m",
            format_clock(c.time_s),
        )
    console.print(table)


def _paces_rows(p: TrainingPaces, unit: DistanceUnit) -> list[tuple[str, str, str]]:
    def rep(speed: float, metres: float) -> str:
        return f"{format_clock(metres / speed)} per {metres:g} m"

    return [
        (
            "E",
            f"{format_pace(p.easy_slow_mps, unit, suffix=False)}-"
            f"{format_pace(p.easy_fast_mps, unit, suffix=False)}",
            "easy and long runs",
        ),
        ("M", format_pace(p.marathon_mps, unit, suffix=False), "marathon pace"),
        ("T", format_pace(p.threshold_mps, unit, suffix=False), rep(p.threshold_mps, 1000)),
        ("I", format_pace(p.interval_mps, unit, suffix=False), rep(p.interval_mps, 400)),
        ("R", format_pace(p.repetition_mps, unit, suffix=False), rep(p.repetition_mps, 200)),
    ]


@app.command()
def paces(
    vdot_: Annotated[float | None, typer.Option("--vdot", help="The runner's VDOT.")] = None,
    from_: Annotated[
        str | None, typer.Option("--from", help='A recent result, "5k 13:52".')
    ] = None,
    threshold_pace: Annotated[
        str | None, typer.Option(help='Threshold (T) pace, "3:05/km", or a speed.')
    ] = None,
    unit: Annotated[DistanceUnit, typer.Option(help="Pace per km or mi.")] = DistanceUnit.KM,
    json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Daniels training paces (E, M, T, I, R) and race equivalents for a VDOT."""
    given = [x is not None for x in (vdot_, from_, threshold_pace)]
    if sum(given) != 1:
        raise InputError("give exactly one of --vdot, --from or --threshold-pace")
    if vdot_ is not None:
        value = vdot_
    elif from_ is not None:
        value = vdot(*parse_performance(from_))
    else:
        assert threshold_pace is not None
        value = vdot_from_threshold_speed(parse_speed_or_pace(threshold_pace))
    p = training_paces(value)
    if json:
        print_json(
            {
                "vdot": p.vdot,
                "easy_slow_mps": p.easy_slow_mps,
                "easy_fast_mps": p.easy_fast_mps,
                "paces_mps": p.as_mapping(),
            }
        )
        return
    console.print(f"VDOT {p.vdot:.1f}")
    table = Table("Pace", f"/{unit.value}", "", title="Training paces (Daniels)")
    for row in _paces_rows(p, unit):
        table.add_row(*row)
    console.print(table)
    races = Table("Race", "Time", f"/{unit.value}", title="Equivalent races")
    for name, d in STANDARD_DISTANCES_M.items():
        speed = p.race_mps[name]
        races.add_row(name, format_clock(d / speed), format_pace(speed, unit, suffix=False))
    console.print(races)


def _zone_rows(zones: tuple[Zone, ...], fmt: Any) -> list[tuple[str, str, str]]:
    return [(z.name, fmt(z.low), fmt(z.high)) for z in zones]


@app.command()
def zones(
    lthr: Annotated[float | None, typer.Option(help="Lactate-threshold HR, bpm.")] = None,
    hr_max: Annotated[float | None, typer.Option(help="Maximum HR, bpm.")] = None,
    hr_rest: Annotated[float | None, typer.Option(help="Resting HR, bpm.")] = None,
    threshold_pace: Annotated[
        str | None, typer.Option(help='Threshold pace for pace zones, "3:05/km".')
    ] = None,
    sport: Annotated[ZoneSport, typer.Option(help="Friel table: run or bike.")] = ZoneSport.RUN,
    unit: Annotated[DistanceUnit, typer.Option(help="Pace per km or mi.")] = DistanceUnit.KM,
    json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Heart-rate zones (Friel %LTHR, %HRmax, Karvonen) and Friel pace zones."""
    out: dict[str, tuple[Zone, ...]] = {}
    if lthr is not None:
        out["friel_hr"] = friel_hr_zones(lthr, sport)
    if hr_max is not None:
        out["percent_max"] = percent_max_zones(hr_max)
        if hr_rest is not None:
            out["karvonen"] = karvonen_zones(hr_rest, hr_max)
    if threshold_pace is not None:
        out["friel_pace"] = friel_pace_zones(parse_speed_or_pace(threshold_pace))
    if not out:
        raise InputError("give --lthr, --hr-max (with --hr-rest for Karvonen) or --threshold-pace")
    if json:
        print_json(out)
        return

    def bpm(v: float) -> str:
        return "" if v == 0 or math.isinf(v) else f"{v:.0f}"

    def pace(v: float) -> str:
        return "" if v == 0 or math.isinf(v) else format_pace(v, unit)

    titles = {
        "friel_hr": f"Friel, % of LTHR ({sport.value})",
        "percent_max": "% of HRmax",
        "karvonen": "Karvonen, % of HR reserve",
        "friel_pace": "Friel pace (slower bound - faster bound)",
    }
    for key, zs in out.items():
        table = Table("Zone", "From", "To", title=titles[key])
        for row in _zone_rows(zs, pace if key == "friel_pace" else bpm):
            table.add_row(*row)
        console.print(table)
