"""``lydiard plan``: build a Lydiard plan, show it, adapt it, export it.

Examples::

    lydiard plan new --race "Western States 100" --date 2027-06-26 --weekly-km 90 --long-run-km 30
    lydiard plan show
    lydiard plan week 12
    lydiard plan adapt --done done.csv --hrv easy
    lydiard plan export --ics plan.ics --fit-zip plan.zip --html plan.html
"""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from lydiard.cli.app import app, console
from lydiard.cli.output import print_json
from lydiard.cli.plan_io import default_plan_file, load_plan, local_today, save_plan
from lydiard.cli.race import parse_performance
from lydiard.errors import InputError
from lydiard.formatting import format_distance, format_duration
from lydiard.model.sport import Sport, sport_from_text
from lydiard.planning import (
    Athlete,
    PlanOptions,
    Race,
    RaceResult,
    Terrain,
    Weekday,
    athlete_preset,
    check_plan,
    make_plan,
    plan_to_dict,
)
from lydiard.planning.plan import Plan, Week
from lydiard.units import (
    METRES_PER_KM,
    METRES_PER_MILE,
    DistanceUnit,
    parse_race_distance,
    parse_speed_or_pace,
)

plan_app = typer.Typer(
    help="Periodised Lydiard plans: new, show, week, adapt, export.", no_args_is_help=True
)
app.add_typer(plan_app, name="plan")

PlanFile = Annotated[
    Path | None,
    typer.Option("--plan-file", help="The plan's JSON file (default: <data dir>/plan.json)."),
]
Json = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]


def plan_path(path: Path | None) -> Path:
    """The plan file given, else ``<data dir>/plan.json``."""
    return path if path is not None else default_plan_file()


def parse_date(text: str, option: str) -> date:
    """An ISO date from an option.

    Raises:
        InputError: naming the option when the text is not a date.
    """
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(f"{option}: {text!r} is not a date (use YYYY-MM-DD)") from None


def _metres(km: float | None, mi: float | None, name: str) -> float | None:
    if km is not None and mi is not None:
        raise InputError(f"give --{name}-km or --{name}-mi, not both")
    if km is not None:
        return km * METRES_PER_KM
    if mi is not None:
        return mi * METRES_PER_MILE
    return None


def _terrain(text: str | None, default: Terrain) -> Terrain:
    if text is None:
        return default
    try:
        return Terrain(text.strip().lower())
    except ValueError:
        raise InputError(f"--terrain: {text!r} is not road, trail or mountain") from None


def _race(
    name: str | None, distance: str | None, climb: float | None, terrain: str | None, day: date
) -> Race:
    if name is not None and distance is None:
        race = Race.from_preset(name, day)
        if climb is not None or terrain is not None:
            up = climb if climb is not None else race.climb_m
            race = Race(race.name, race.distance_m, day, up, _terrain(terrain, race.terrain))
        return race
    if distance is None:
        raise InputError("give --race (a preset such as 'Western States 100') or --distance")
    metres = float(parse_race_distance(distance))
    kind = _terrain(terrain, Terrain.TRAIL if (climb or 0) > 0 else Terrain.ROAD)
    label = name or f"{distance} race"
    return Race(label, metres, day, climb or 0.0, kind)


@plan_app.command("new")
def new(
    date_: Annotated[str, typer.Option("--date", help="Race day, YYYY-MM-DD.")],
    race: Annotated[
        str | None,
        typer.Option(
            "--race", help="A preset: 'Western States 100', UTMB, 'JFK 50', marathon, 50k, 100k."
        ),
    ] = None,
    distance: Annotated[
        str | None,
        typer.Option("--distance", help="Race distance instead of a preset: '100 mile', '50 km'."),
    ] = None,
    climb: Annotated[float | None, typer.Option("--climb", help="Race ascent, metres.")] = None,
    terrain: Annotated[
        str | None, typer.Option("--terrain", help="road, trail or mountain.")
    ] = None,
    start: Annotated[
        str | None, typer.Option("--start", help="First day, YYYY-MM-DD (default: today).")
    ] = None,
    preset: Annotated[
        str | None, typer.Option("--athlete", help="An athlete preset: walmsley, forty.")
    ] = None,
    weekly_km: Annotated[
        float | None, typer.Option("--weekly-km", help="Current weekly running, km.")
    ] = None,
    weekly_mi: Annotated[
        float | None, typer.Option("--weekly-mi", help="Current weekly running, miles.")
    ] = None,
    long_km: Annotated[
        float | None, typer.Option("--long-run-km", help="Longest run of the last 30 days, km.")
    ] = None,
    long_mi: Annotated[
        float | None, typer.Option("--long-run-mi", help="Longest run of the last 30 days, miles.")
    ] = None,
    max_km: Annotated[
        float | None,
        typer.Option("--max-weekly-km", help="Most running you will do in a week, km."),
    ] = None,
    max_mi: Annotated[
        float | None,
        typer.Option("--max-weekly-mi", help="Most running you will do in a week, miles."),
    ] = None,
    vdot: Annotated[float | None, typer.Option("--vdot", help="Your VDOT.")] = None,
    results: Annotated[
        list[str] | None,
        typer.Option("--race-result", help="A recent race: '10k 40:00' (repeatable)."),
    ] = None,
    threshold: Annotated[
        str | None, typer.Option("--threshold-pace", help="Threshold pace: '3:45/km'.")
    ] = None,
    days: Annotated[
        str | None,
        typer.Option("--days", help="Days you can train: 'mon,tue,thu,sat,sun' (default: all)."),
    ] = None,
    long_day: Annotated[str, typer.Option("--long-run-day", help="Day of the long run.")] = "sun",
    doubles: Annotated[
        int, typer.Option("--doubles", help="Days a week that may hold two runs.")
    ] = 0,
    cross: Annotated[
        list[str] | None,
        typer.Option(
            "--cross", help="Cross-training you have: bike, nordic_ski, ski_erg (repeatable)."
        ),
    ] = None,
    climb_week: Annotated[
        float | None, typer.Option("--weekly-climb", help="Current weekly climbing, metres.")
    ] = None,
    units: Annotated[
        str | None,
        typer.Option("--units", help="km or mi (default: as the volume options are given)."),
    ] = None,
    build_weeks: Annotated[
        int, typer.Option("--build-weeks", help="Build weeks before a recovery week.")
    ] = 3,
    recovery: Annotated[
        float, typer.Option("--recovery", help="Recovery week share of the build week (0.70-0.80).")
    ] = 0.75,
    increase: Annotated[
        float, typer.Option("--max-increase", help="Cap on weekly increase (0.10 = 10 %).")
    ] = 0.10,
    taper: Annotated[
        float,
        typer.Option("--taper-reduction", help="Mean taper volume reduction (Bosquet: 0.41-0.60)."),
    ] = 0.50,
    plan_file: PlanFile = None,
    json_: Json = False,
) -> None:
    """Build a plan from today (or --start) to the race and save it as the current plan."""
    day = parse_date(date_, "--date")
    race_ = _race(race, distance, climb, terrain, day)
    first = parse_date(start, "--start") if start else local_today()
    base = athlete_preset(preset) if preset else None
    weekly = _metres(weekly_km, weekly_mi, "weekly")
    longest = _metres(long_km, long_mi, "long-run")
    if base is None and (weekly is None or longest is None):
        raise InputError(
            "give your current volume and longest run: --weekly-km 90 --long-run-km 30 "
            "(or --athlete walmsley)"
        )
    if units is not None and units not in ("km", "mi"):
        raise InputError(f"--units: {units!r} is not km or mi")
    given_mi = weekly_mi is not None or long_mi is not None
    unit = DistanceUnit(units or ("mi" if given_mi else (base.units if base else "km")))
    sports = tuple(sport_from_text(w) for w in cross or [])
    if any(s is Sport.OTHER for s in sports):
        raise InputError(f"--cross: use bike, nordic_ski, ski_erg (got {', '.join(cross or [])})")
    fields: dict[str, object] = {
        "weekly_distance_m": weekly,
        "long_run_m": longest,
        "vdot": vdot,
        "max_weekly_distance_m": _metres(max_km, max_mi, "max-weekly"),
        "threshold_speed_mps": float(parse_speed_or_pace(threshold)) if threshold else None,
        "weekly_climb_m": climb_week,
    }
    athlete_fields = {k: v for k, v in fields.items() if v is not None}
    if results:
        athlete_fields["races"] = tuple(RaceResult(*parse_performance(r)) for r in results)
    if days:
        athlete_fields["days_available"] = frozenset(
            Weekday.parse(d) for d in days.split(",") if d.strip()
        )
    if base is None or long_day != "sun":
        athlete_fields["long_run_day"] = Weekday.parse(long_day)
    if base is None or doubles:
        athlete_fields["doubles_per_week"] = doubles
    if sports:
        athlete_fields["cross_training"] = frozenset(sports)
    athlete_fields["units"] = unit
    athlete = replace(base, **athlete_fields) if base else Athlete(**athlete_fields)  # type: ignore[arg-type]
    options = PlanOptions(
        build_weeks=build_weeks,
        recovery_fraction=recovery,
        max_weekly_increase=increase,
        taper_reduction=taper,
    )
    plan = make_plan(athlete, race_, first, options)
    path = plan_path(plan_file)
    save_plan(plan, path)
    if json_:
        print_json(plan_to_dict(plan))
        return
    _overview(plan)
    console.print(f"saved to {path}")


def show_distance(plan: Plan, metres: float, decimals: int = 0) -> str:
    """A distance in the plan's units: "42 km"."""
    return format_distance(metres, plan.athlete.units, decimals=decimals)


def _overview(plan: Plan) -> None:
    race, units = plan.race, plan.athlete.units
    console.print(
        f"[bold]{race.name}[/] on {race.day.isoformat()}: {show_distance(plan, race.distance_m)}"
        + (f", {race.climb_m:.0f} m climb" if race.climb_m else "")
        + f"; {len(plan.weeks)} weeks from {plan.start.isoformat()}, "
        + f"peak {show_distance(plan, plan.peak_m)}"
        + (f", VDOT {plan.vdot:.1f}" if math.isfinite(plan.vdot) else "")
    )
    for note in plan.notes:
        console.print(f"  note: {note}")
    timed = any(math.isfinite(s.duration_s) for s in plan.sessions)
    table = Table(show_edge=False, pad_edge=False)
    cols = ["wk", "from", "phase", "kind", units.value, "long", "climb"]
    cols += ["hours"] if timed else []
    for col in cols:
        table.add_column(col, justify="left" if col in ("from", "phase", "kind") else "right")
    table.add_column("quality", overflow="fold")
    for w in plan.weeks:
        row = _week_row(plan, w)
        table.add_row(*(row if timed else row[:7] + row[8:]))
    console.print(table)


def _week_row(plan: Plan, w: Week) -> list[str]:
    quality = [
        s.title.split(",")[0] if s.kind.value == "fast_long" else s.title
        for s in w.sessions
        if s.hard
    ]
    hours = sum(t for _, t in w.by_sport().values()) / 3600
    return [
        str(w.index + 1),
        f"{w.start:%d %b}",
        w.phase.value,
        w.kind.value,
        format_distance(w.training_run_m, plan.athlete.units, decimals=0, suffix=False),
        format_distance(w.longest_run_m, plan.athlete.units, decimals=0, suffix=False),
        f"{w.climb_m:.0f}" if w.climb_m else "",
        f"{hours:.1f}",
        "; ".join(quality),
    ]


@plan_app.command("show")
def show(
    check: Annotated[
        bool, typer.Option("--check", help="Check every rule and list violations.")
    ] = False,
    plan_file: PlanFile = None,
    json_: Json = False,
) -> None:
    """Show the current plan week by week."""
    plan = load_plan(plan_path(plan_file))
    violations = check_plan(plan) if check else []
    if json_:
        data = plan_to_dict(plan)
        if check:
            data["violations"] = [str(v) for v in violations]
        print_json(data)
        return
    _overview(plan)
    if check:
        console.print(
            "every rule holds" if not violations else "\n".join(str(v) for v in violations)
        )
    if violations:
        raise typer.Exit(1)


@plan_app.command("week")
def week(
    number: Annotated[
        int | None, typer.Argument(help="Week number (1-based; default: this week).")
    ] = None,
    on: Annotated[str | None, typer.Option("--date", help="The week holding this day.")] = None,
    plan_file: PlanFile = None,
    json_: Json = False,
) -> None:
    """Show one week's sessions, in the workout language."""
    plan = load_plan(plan_path(plan_file))
    if number is not None:
        if not 1 <= number <= len(plan.weeks):
            raise InputError(f"week {number}: the plan has weeks 1-{len(plan.weeks)}")
        w = plan.weeks[number - 1]
    else:
        day = parse_date(on, "--date") if on else local_today()
        found = plan.week_of(day)
        if found is None:
            raise InputError(
                f"{day} is outside the plan ({plan.start} to {plan.race.day}); give a week number"
            )
        w = found
    if json_:
        print_json(plan_to_dict(plan)["weeks"][w.index])
        return
    console.print(
        f"[bold]Week {w.index + 1}[/]: {w.start.isoformat()} to {w.end.isoformat()}, "
        f"{w.phase.label}, "
        f"{w.kind.value} week, {show_distance(plan, w.training_run_m)}"
        + (f", {w.climb_m:.0f} m climb" if w.climb_m else "")
    )
    for note in w.notes:
        console.print(f"  note: {note}")
    for d in w.days:
        if not d.sessions:
            console.print(f"\n[bold]{d.day:%a %d %b}[/]  rest")
        for s in d.sessions:
            extra = (
                f", about {format_duration(s.duration_s)}" if math.isfinite(s.duration_s) else ""
            )
            dist = (
                f" ({show_distance(plan, s.distance_m, 1)}{extra})"
                if s.is_run
                else (f" ({extra.lstrip(', ')})" if extra else "")
            )
            console.print(
                f"\n[bold]{d.day:%a %d %b} {s.when.value}[/]  {s.title}{dist}", highlight=False
            )
            console.print(s.text, markup=False, highlight=False)
            if s.reason:
                console.print(f"  why: {s.reason}", markup=False)
    paces = [
        f"{name} {_pace(plan, name)}" for name in ("E", "M", "T", "I", "R") if name in plan.paces
    ]
    if paces:
        console.print("\npaces: " + ", ".join(paces))


def _pace(plan: Plan, name: str) -> str:
    from lydiard.formatting import format_pace

    return format_pace(plan.paces[name], plan.athlete.units)


__all__ = ["Json", "PlanFile", "parse_date", "plan_app", "plan_path", "show_distance"]
