"""``lydiard wellness``: the daily journal of HRV, resting HR, sleep, biomarkers..."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from lydiard.cli.app import app, console
from lydiard.cli.output import print_json
from lydiard.cli.store_access import athlete_today, open_cli_store, parse_day, read_settings
from lydiard.errors import InputError, where
from lydiard.formatting import format_duration
from lydiard.store import METRICS, WellnessEntry, lookup_metric
from lydiard.store.metrics import parse_metric_value
from lydiard.store.wellness_csv import read_wellness_csv

wellness_app = typer.Typer(
    help="The wellness journal: HRV, resting HR, sleep, soreness, blood markers...",
    no_args_is_help=True,
)
app.add_typer(wellness_app, name="wellness")

_METRIC_HELP = ", ".join(
    f"{m.name} ({'/'.join(m.aliases[:2])})" if m.aliases else m.name for m in METRICS.values()
)


@wellness_app.command("add")
def add(
    values: Annotated[
        list[str],
        typer.Argument(
            help=f"METRIC=VALUE pairs, e.g. hrv=62 rhr=44 sleep=7:30. Metrics: {_METRIC_HELP}."
        ),
    ],
    day: Annotated[
        str | None, typer.Option("--date", help="The day, YYYY-MM-DD (default: today).")
    ] = None,
    note: Annotated[str | None, typer.Option("--note", help="A note for these values.")] = None,
    athlete: Annotated[str | None, typer.Option("--athlete", help="Whose journal.")] = None,
) -> None:
    """Record wellness values for a day (a value replaces that day's earlier one)."""
    pairs = []
    for text in values:
        name, sep, value = text.partition("=")
        if not sep or not name.strip():
            raise InputError(f"{text!r}: write METRIC=VALUE, e.g. hrv=62")
        pairs.append(parse_metric_value(name, value))
    settings = read_settings()
    with open_cli_store(settings) as store:
        person = store.athletes.ensure(athlete or settings.athlete)
        now = datetime.now(UTC)
        when = parse_day(day, "--date") or athlete_today(person, now)
        entries = [
            WellnessEntry(when, metric.name, value, note=note, source="manual")
            for metric, value in pairs
        ]
        store.wellness.put_many(person.id, entries)
    shown = ", ".join(f"{e.metric} {e.value:g}" for e in entries)
    console.print(f"{when.isoformat()}: stored {shown}")


@wellness_app.command("import")
def import_csv(
    file: Annotated[Path, typer.Argument(help="CSV with a header: date,hrv,rhr,... ")],
    athlete: Annotated[str | None, typer.Option("--athlete", help="Whose journal.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Import a wellness CSV; every row is checked first, so a bad file stores nothing."""
    entries = read_wellness_csv(file)
    if not entries:
        raise InputError(f"{where(file)}: no values found")
    settings = read_settings()
    with open_cli_store(settings) as store:
        person = store.athletes.ensure(athlete or settings.athlete)
        count = store.wellness.put_many(person.id, entries)
    first = min(e.day for e in entries)
    last = max(e.day for e in entries)
    if as_json:
        print_json({"file": str(file), "stored": count, "from": first, "to": last})
        return
    console.print(f"{where(file)}: stored {count} values from {first} to {last}")


@wellness_app.command("list")
def list_entries(
    metric: Annotated[
        list[str] | None, typer.Option("--metric", help="Only this metric (repeatable).")
    ] = None,
    start: Annotated[str | None, typer.Option("--from", help="First day, YYYY-MM-DD.")] = None,
    end: Annotated[str | None, typer.Option("--to", help="Last day, YYYY-MM-DD.")] = None,
    athlete: Annotated[str | None, typer.Option("--athlete", help="Whose journal.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Show the journal: one row per day, one column per metric."""
    metrics = [lookup_metric(name).name for name in metric or []]
    settings = read_settings()
    with open_cli_store(settings) as store:
        person = store.athletes.ensure(athlete or settings.athlete)
        entries = store.wellness.list(
            person.id,
            metrics=metrics,
            start=parse_day(start, "--from"),
            end=parse_day(end, "--to"),
        )
    if as_json:
        print_json(entries)
        return
    if not entries:
        console.print("no wellness entries; `lydiard wellness add hrv=62` adds one")
        return
    columns = [m for m in METRICS if any(e.metric == m for e in entries)]
    days = sorted({e.day for e in entries})
    values = {(e.day, e.metric): e.value for e in entries}
    units = {m: "h:mm:ss" if METRICS[m].unit == "s" else METRICS[m].unit for m in columns}
    table = Table("day", *(f"{m}\n{units[m]}" for m in columns))
    for column in table.columns[1:]:
        column.justify = "right"
    for day in days:
        cells = [_cell(values.get((day, m)), METRICS[m].unit) for m in columns]
        table.add_row(day.isoformat(), *cells)
    console.print(table)


def _cell(value: float | None, unit: str) -> str:
    if value is None:
        return ""
    return format_duration(value) if unit == "s" else f"{value:g}"
