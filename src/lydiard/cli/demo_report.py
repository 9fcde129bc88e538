"""What the demo prints: the weeks, what the guards caught, readiness, the coming week."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

from rich.table import Table

from lydiard.cli.app import console
from lydiard.cli.demo_plan import ComingWeek
from lydiard.cli.fitness import guard_lines, signed_text
from lydiard.cli.history import History, WeekRow, assess
from lydiard.cli.readiness import readiness_lines
from lydiard.formatting import format_distance, format_duration
from lydiard.model import Sport
from lydiard.physiology.burnout import Light
from lydiard.simulate.athlete import SimAthlete
from lydiard.workouts import parse

__all__ = [
    "WeekScreen",
    "print_caught",
    "print_coming_week",
    "print_today",
    "print_weeks",
    "screen_weeks",
]

_ORDER = {Light.GREEN: 0, Light.AMBER: 1, Light.RED: 2}
_COLOUR = {Light.GREEN: "green", Light.AMBER: "yellow", Light.RED: "red"}
_CROSS = (Sport.BIKE, Sport.NORDIC_SKI, Sport.SKI_ERG)


@dataclass(frozen=True, slots=True)
class WeekScreen:
    """The burnout screen over one week: the worst day and every signal that fired.

    Attributes:
        monday: the week.
        light: the worst light of its days.
        signals: signal name -> (first day it fired, its reason that day).
    """

    monday: date
    light: Light
    signals: dict[str, tuple[date, str]]


def screen_weeks(history: History, rows: list[WeekRow]) -> list[WeekScreen]:
    """Run the burnout screen on every day of the listed weeks."""
    out = []
    for row in rows:
        worst = Light.GREEN
        signals: dict[str, tuple[date, str]] = {}
        for k in range(7):
            day = row.monday + timedelta(days=k)
            if day > history.on:
                break
            _, screen = assess(history, day)
            if _ORDER[screen.light] > _ORDER[worst]:
                worst = screen.light
            for s in screen.signals:
                signals.setdefault(s.name, (day, s.reason))
        out.append(WeekScreen(row.monday, worst, signals))
    return out


def _km(row: WeekRow, sport: Sport, units: str) -> str:
    metres = row.distance_m.get(sport, 0.0)
    return format_distance(metres, units, decimals=0, suffix=False) if metres > 0 else "--"


def print_weeks(
    rows: list[WeekRow], screens: list[WeekScreen], units: str, notes: dict[date, str]
) -> None:
    """The weekly table: distance per sport, load, fitness, form and the screen's light."""
    table = Table(
        "Week of",
        "Run",
        "Bike",
        "Nordic",
        "Ski erg",
        "Load",
        "Fitness",
        "Fatigue",
        "Form",
        "Screen",
        "Phase",
        title=f"Training weeks ({units} per sport)",
        title_justify="left",
    )
    table.columns[0].no_wrap = True  # a date, never cut
    for index in range(1, 9):
        table.columns[index].justify = "right"
    by_week = {s.monday: s for s in screens}
    for row in rows:
        screen = by_week.get(row.monday)
        light = "--"
        if screen is not None:
            light = f"[{_COLOUR[screen.light]}]{screen.light.value}[/]"
        table.add_row(
            row.monday.isoformat(),
            format_distance(row.run_m, units, decimals=0, suffix=False),
            _km(row, Sport.BIKE, units),
            _km(row, Sport.NORDIC_SKI, units),
            _km(row, Sport.SKI_ERG, units),
            f"{row.load:.0f}",
            f"{row.fitness:.0f}",
            f"{row.fatigue:.0f}",
            signed_text(row.form),
            light,
            notes.get(row.monday, ""),
        )
    console.print(table)


def print_caught(screens: list[WeekScreen]) -> None:
    """What the guards caught: every week that turned red, with its first signals."""
    reds = [s for s in screens if s.light is Light.RED]
    constant = set.intersection(*(set(s.signals) for s in screens)) if screens else set()
    console.print("[bold]What the guards caught[/] (the burnout screen, day by day)")
    if not reds:
        console.print("  no week turned red")
    for screen in screens:  # in week order: ambers on one line, reds with their signals
        if screen.light is Light.AMBER:
            names = ", ".join(n for n in sorted(screen.signals) if n not in constant)
            if names:
                console.print(f"  week of {screen.monday.isoformat()}: [yellow]amber[/] ({names})")
        elif screen.light is Light.RED:
            console.print(f"  week of {screen.monday.isoformat()}: [red]red[/]")
            for name, (day, reason) in sorted(screen.signals.items(), key=lambda kv: kv[1][0]):
                if name not in constant:
                    console.print(f"    {day.isoformat()} {name}: {reason}")
    if constant:
        named = ", ".join(sorted(constant))
        console.print(
            f"  every week: {named} (daily doubles and no rest day make every day alike: "
            "Foster's monotony stays above 2.0)"
            if constant == {"monotony"}
            else f"  every week: {named}"
        )


def print_today(history: History, units: str) -> None:
    """Fitness today, the guards, the readiness verdict and the burnout screen."""
    from lydiard.cli.history import guards

    console.print(f"[bold]Today, {history.on.isoformat()}[/]")
    for line in guard_lines(guards(history), units):
        console.print(f"  {line}")
    hrv, screen = assess(history)
    for line in readiness_lines(hrv, screen):
        console.print(f"  {line}")


def print_coming_week(week: ComingWeek, athlete: SimAthlete, units: str) -> None:
    """The coming week's sessions with distance and estimated time."""
    paces = athlete.pace_mapping()
    table = Table(
        "Day",
        "",
        "Session",
        "Distance",
        "Time",
        title=f"The coming week: {week.heading}",
        title_justify="left",
    )
    table.columns[3].justify = "right"
    table.columns[4].justify = "right"
    total_m = 0.0
    for outing in week.sessions:
        totals = parse(outing.text).totals(paces)
        text = " / ".join(line.strip() for line in outing.text.splitlines() if line.strip())
        distance = totals.distance_m if math.isfinite(totals.distance_m) else math.nan
        if math.isfinite(distance) and parse(outing.text).sessions[0].sport.is_run:
            total_m += distance
        table.add_row(
            f"{outing.day:%a %d %b}",
            outing.when,
            f"{outing.title}: {text}" if outing.title else text,
            format_distance(distance, units, decimals=1) if math.isfinite(distance) else "--",
            format_duration(totals.duration_s),
        )
    console.print(table)
    console.print(f"  running: {format_distance(total_m, units, decimals=0)}")
    if week.notes:
        console.print("  adapted to the stored weeks:")
    for note in week.notes:
        console.print(f"    {note}")
