"""``lydiard activities``: list and filter the stored activities."""

from __future__ import annotations

import dataclasses
from typing import Annotated

import typer
from rich.table import Table

from lydiard.analysis import speed_kind
from lydiard.cli.app import app, console
from lydiard.cli.output import print_json
from lydiard.cli.store_access import open_cli_store, parse_day, parse_sports, read_settings
from lydiard.errors import InputError
from lydiard.formatting import (
    MISSING,
    format_bpm,
    format_distance,
    format_duration,
    format_elevation,
    format_speed_as,
)
from lydiard.store import ActivityFilter, ActivityRecord


def _speed_text(record: ActivityRecord, units: str) -> str:
    """The average speed as the sport reads it (``speed_kind``); "--" when unknown."""
    if record.avg_speed_mps is None:
        return MISSING
    return format_speed_as(record.avg_speed_mps, speed_kind(record.sport), units)


def _distance_text(record: ActivityRecord, units: str) -> str:
    """The distance; "--" when the file has none (missing is not zero)."""
    if record.distance_m is None:
        return MISSING
    return format_distance(record.distance_m, units)


@app.command()
def activities(
    sport: Annotated[
        list[str] | None, typer.Option("--sport", help="Only this sport (repeatable).")
    ] = None,
    start: Annotated[
        str | None, typer.Option("--from", help="First day, YYYY-MM-DD (local date).")
    ] = None,
    end: Annotated[str | None, typer.Option("--to", help="Last day, YYYY-MM-DD.")] = None,
    text: Annotated[
        str | None, typer.Option("--text", help="Words in the name, notes, file or device.")
    ] = None,
    limit: Annotated[int, typer.Option("--limit", help="At most this many (0: all).")] = 20,
    athlete: Annotated[str | None, typer.Option("--athlete", help="Whose activities.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List stored activities, newest first."""
    if limit < 0:
        raise InputError(f"--limit: expected 0 or more, got {limit}")
    settings = read_settings()
    where = ActivityFilter(
        sports=parse_sports(sport),
        start=parse_day(start, "--from"),
        end=parse_day(end, "--to"),
        text=text,
        limit=limit or None,
    )
    with open_cli_store(settings) as store:
        person = store.athletes.ensure(athlete or settings.athlete)
        where = dataclasses.replace(where, athlete_id=person.id)
        records = store.activities.list(where)
        total = store.activities.count(where)
    if as_json:
        print_json(records)
        return
    if not records:
        filtered = any((sport, start, end, text))
        console.print(
            "no activities match" if filtered else "no activities; `lydiard import PATH` adds some"
        )
        return
    units = person.units
    table = Table("ID", "Date", "Sport", "Name", "Distance", "Moving", "Pace", "Climb", "HR")
    for index, column in enumerate(table.columns):
        column.no_wrap = index != 3  # only the name wraps on a narrow terminal
        if index >= 4:
            column.justify = "right"
    for record in records:
        table.add_row(
            str(record.id),
            record.local_date.isoformat(),
            record.sport.label,
            record.name or record.source_name or "",
            _distance_text(record, units),
            format_duration(record.moving_s),
            _speed_text(record, units),
            MISSING if record.ascent_m is None else format_elevation(record.ascent_m, units),
            format_bpm(record.avg_heart_rate_bpm),
        )
    console.print(table)
    if total > len(records):
        console.print(f"{len(records)} of {total}; --limit 0 shows all")
