"""``lydiard fitness``: fitness, fatigue, form, ramp and the guards, from stored activities."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from lydiard.cli.app import app, console, console_err
from lydiard.cli.history import Guards, History, WeekRow, guards, read_history, weeks
from lydiard.cli.output import print_json
from lydiard.cli.store_access import athlete_today, open_cli_store, parse_day, read_settings
from lydiard.errors import InputError
from lydiard.formatting import format_distance, format_duration
from lydiard.physiology.fitness import Smoothing

if TYPE_CHECKING:
    from lydiard.store import Athlete, Store

__all__ = [
    "fitness",
    "guard_lines",
    "history_for",
    "scoring_progress",
    "signed_text",
    "week_table",
]


@contextmanager
def scoring_progress(quiet: bool) -> Iterator[Callable[[int, int], None]]:
    """A progress bar on stderr for scoring activities (shown only on a terminal)."""
    bar = Progress(
        TextColumn("[bold]computing training loads"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console_err,
        transient=True,
        disable=quiet or not console_err.is_terminal,
    )
    task = bar.add_task("", total=None)

    def advance(done: int, total: int) -> None:
        bar.update(task, completed=done, total=total)

    with bar:
        yield advance


def history_for(
    store: Store,
    athlete: Athlete,
    on: date,
    *,
    start_fitness: float,
    smoothing: Smoothing | str,
    quiet: bool,
) -> History:
    """Read the history with a progress bar while unscored activities are scored."""
    with scoring_progress(quiet) as advance:
        return read_history(
            store,
            athlete,
            on,
            start_fitness=start_fitness,
            smoothing=smoothing,
            progress=advance,
        )


def signed_text(value: float, decimals: int = 0) -> str:
    """A number with its sign ("+6", "-12"), never "-0"; "--" when unknown."""
    if not math.isfinite(value):
        return "--"
    text = f"{value:+.{decimals}f}"
    return text[1:] if float(text) == 0 else text  # no "-0"


def _plain(value: float, decimals: int = 0) -> str:
    return "--" if not math.isfinite(value) else f"{value:.{decimals}f}"


def _cross(row: WeekRow) -> str:
    parts = []
    for sport, seconds in sorted(row.duration_s.items(), key=lambda kv: -kv[1]):
        if sport.is_run or seconds <= 0:
            continue
        parts.append(f"{sport.label} {format_duration(seconds)}")
    return ", ".join(parts) or "--"


def week_table(rows: list[WeekRow], units: str, title: str = "Weeks") -> Table:
    """The weekly table: running distance, cross-training time, load, fitness, form."""
    table = Table(
        "Week of",
        "Run",
        "Runs",
        "Cross-training",
        "Load",
        "Fitness",
        "Fatigue",
        "Form",
        "Ramp",
        title=title,
        title_justify="left",
    )
    for index in (1, 2, 4, 5, 6, 7, 8):
        table.columns[index].justify = "right"
    for row in rows:
        runs = sum(n for sport, n in row.sessions.items() if sport.is_run)
        table.add_row(
            row.monday.isoformat(),
            format_distance(row.run_m, units, decimals=0),
            str(runs),
            _cross(row),
            _plain(row.load),
            _plain(row.fitness),
            _plain(row.fatigue),
            signed_text(row.form),
            signed_text(row.ramp, 1),
        )
    return table


def guard_lines(g: Guards, units: str) -> list[str]:
    """The guards of a day in plain words."""
    lines = [
        f"Fitness {_plain(g.fitness)}, fatigue {_plain(g.fatigue)}, form {signed_text(g.form)} "
        f"(going into {g.day.isoformat()}); fitness ramp {signed_text(g.ramp, 1)} over 7 days "
        "(Friel: 5-8 typical, 10 the upper end)",
    ]
    parts = []
    if math.isfinite(g.weekly_ramp_pct):
        parts.append(f"load of the last 7 days {signed_text(g.weekly_ramp_pct)} % on the 7 before")
    if math.isfinite(g.acwr):
        parts.append(
            f"acute:chronic {g.acwr:.2f} (EWMA; context only, its thresholds are disputed)"
        )
    if math.isfinite(g.monotony):
        high = " (above Foster's 2.0)" if g.monotony > 2.0 else ""
        parts.append(f"monotony {g.monotony:.2f}{high}, strain {g.strain:.0f}")
    if parts:
        lines.append("Guards: " + "; ".join(parts))
    if not g.spikes:
        lines.append(
            "Spike guard: no run in the last 30 days more than 10 % longer than the "
            "longest of the month before it"
        )
    for day, spike in g.spikes:
        run = format_distance(spike.distance_m, units, decimals=1)
        longest = format_distance(spike.reference_m, units, decimals=1)
        lines.append(
            f"Spike guard: {day.isoformat()} run of {run} is {spike.increase:.0%} longer than "
            f"the longest of the 30 days before ({longest}): {spike.level.value}, "
            f"injury hazard ratio {spike.level.hazard_ratio:g} (Frandsen 2025)"
        )
    return lines


def _json(history: History, rows: list[WeekRow], g: Guards) -> dict[str, Any]:
    series: dict[str, Any] = {}
    if history.loads is not None and history.series is not None:
        series = {
            "first_day": history.loads.first_day,
            "load": history.loads.load,
            "fitness": history.series.fitness,
            "fatigue": history.series.fatigue,
            "form": history.series.form,
            "ramp": history.series.ramp,
            "smoothing": history.series.smoothing,
        }
    return {
        "athlete": history.athlete.name,
        "on": history.on,
        "start_fitness": history.start_fitness,
        "scored": history.scored,
        "guards": g,
        "weeks": rows,
        "series": series,
    }


@app.command()
def fitness(
    on: Annotated[
        str | None, typer.Option("--on", help="The day, YYYY-MM-DD (default: today).")
    ] = None,
    weeks_shown: Annotated[int, typer.Option("--weeks", help="Weeks to list.")] = 8,
    start_fitness: Annotated[
        float,
        typer.Option(
            "--start-fitness", help="Fitness before the first stored day (history from mid-career)."
        ),
    ] = 0.0,
    smoothing: Annotated[
        Smoothing, typer.Option(help="Fitness/fatigue convention (1/N TrainingPeaks).")
    ] = Smoothing.RECIPROCAL,
    athlete: Annotated[str | None, typer.Option("--athlete", help="Whose training.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Fitness, fatigue and form, weekly volume per sport, and what the guards say."""
    if weeks_shown < 1:
        raise InputError(f"--weeks: expected 1 or more, got {weeks_shown}")
    if not (math.isfinite(start_fitness) and start_fitness >= 0):
        raise InputError(f"--start-fitness: expected a load of 0 or more, got {start_fitness}")
    settings = read_settings()
    with open_cli_store(settings) as store:
        person = store.athletes.ensure(athlete or settings.athlete)
        day = parse_day(on, "--on") or athlete_today(person, datetime.now(UTC))
        history = history_for(
            store, person, day, start_fitness=start_fitness, smoothing=smoothing, quiet=as_json
        )
    rows = weeks(history, weeks_shown)
    g = guards(history)
    if as_json:
        print_json(_json(history, rows, g))
        return
    if history.loads is None:
        console.print("no activities stored; `lydiard import PATH` adds some")
        return
    units = person.units
    unscored = history.loads.unscored_sessions
    note = f"; {unscored} day-sport totals without a load" if unscored else ""
    console.print(f"{person.name}: training since {history.loads.first_day.isoformat()}{note}")
    console.print(week_table(rows, units))
    for line in guard_lines(g, units):
        console.print(line)
    _explain(history)


def _explain(history: History) -> None:
    if history.scored.unscorable:
        console.print(
            f"{history.scored.unscorable} activities have no load: no heart rate, power or pace "
            "with thresholds to match (set the athlete's thresholds)"
        )
