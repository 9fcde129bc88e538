"""``lydiard hrv FILE...``: morning HRV (ln rMSSD) per file and today's readiness."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import typer
from rich.table import Table

from lydiard.cli.app import app, console, console_err
from lydiard.cli.output import print_json
from lydiard.errors import InputError, LydiardError
from lydiard.importers.rr import read_rr
from lydiard.physiology.hrv import MorningHrv, RmssdConvention, morning_hrv
from lydiard.physiology.readiness import Readiness, ReadinessRule, readiness


@dataclass(frozen=True, slots=True)
class _Reading:
    name: str
    day: date | None
    hrv: MorningHrv | None
    error: str | None


def _local_day(start: datetime | None, tz: str | None) -> date | None:
    if start is None:
        return None
    if tz is None:
        return start.astimezone().date()  # the machine's zone: this is the CLI edge
    try:
        return start.astimezone(ZoneInfo(tz)).date()
    except (ZoneInfoNotFoundError, ValueError):
        raise InputError(f"unknown time zone {tz!r}; use an IANA name like Europe/Vienna") from None


@app.command()
def hrv(
    files: Annotated[list[Path], typer.Argument(help="RR files: text, CSV, or FIT with HRV.")],
    start: Annotated[float, typer.Option(help="Skip this many seconds of each recording.")] = 0.0,
    duration: Annotated[
        float | None, typer.Option(help="Analyse this many seconds (e.g. 150 lying down).")
    ] = None,
    convention: Annotated[
        RmssdConvention, typer.Option(help="RMSSD denominator: mean (Task Force) or n-1.")
    ] = RmssdConvention.MEAN,
    rule: Annotated[
        ReadinessRule, typer.Option(help="Readiness rule: plews or kiviniemi.")
    ] = ReadinessRule.PLEWS,
    baseline_days: Annotated[int, typer.Option(help="Baseline window, days (28-60).")] = 60,
    min_baseline: Annotated[int, typer.Option(help="Fewest baseline mornings.")] = 14,
    min_week: Annotated[int, typer.Option(help="Fewest mornings in the last 7 days.")] = 3,
    tz: Annotated[
        str | None, typer.Option(help="Time zone for the dates (default: this machine's).")
    ] = None,
    series: Annotated[
        bool, typer.Option("--series", help="Readiness for every measured day, not only the last.")
    ] = False,
    json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Morning HRV per file, then readiness for the latest day (train / easy / rest)."""
    readings: list[_Reading] = []
    for path in files:
        try:
            rec = read_rr(path)
            value = morning_hrv(
                rec.rr_ms, start_s=start, duration_s=duration, convention=convention
            )
            readings.append(_Reading(path.name, _local_day(rec.start_time, tz), value, None))
        except LydiardError as exc:
            readings.append(_Reading(path.name, None, None, str(exc)))
    mornings: dict[date, list[float]] = {}
    for r in readings:
        if r.hrv is not None and r.day is not None:
            mornings.setdefault(r.day, []).append(r.hrv.ln_rmssd)
    by_day = {d: sum(v) / len(v) for d, v in mornings.items()}
    days = sorted(by_day) if series else sorted(by_day)[-1:]
    verdicts = [
        readiness(
            by_day,
            day,
            rule=rule,
            baseline_days=baseline_days,
            min_baseline_mornings=min_baseline,
            min_week_mornings=min_week,
        )
        for day in days
    ]
    verdict = verdicts[-1] if verdicts else None
    if json:
        out: dict[str, Any] = {"readings": [_jsonable(r) for r in readings], "readiness": verdict}
        if series:
            out["series"] = verdicts
        print_json(out)
    else:
        if series:
            _print_series(verdicts)
        _print(readings, verdict, show_table=not series)
    failed = [r for r in readings if r.error]
    if failed:
        raise InputError(f"{len(failed)} of {len(readings)} files could not be used")


def _jsonable(r: _Reading) -> dict[str, Any]:
    return {"file": r.name, "day": r.day, "hrv": r.hrv, "error": r.error}


def _print_series(verdicts: list[Readiness]) -> None:
    table = Table("Date", "ln rMSSD", "7-day mean", "Band", "Verdict", title="Readiness by day")
    for v in verdicts:
        band = (
            f"{v.band_low_ln:.2f}-{v.band_high_ln:.2f}"
            if math.isfinite(v.band_low_ln) and math.isfinite(v.band_high_ln)
            else (f"> {v.band_low_ln:.2f}" if math.isfinite(v.band_low_ln) else "--")
        )
        table.add_row(
            v.day.isoformat(),
            f"{v.today_ln:.3f}" if math.isfinite(v.today_ln) else "--",
            f"{v.week_mean_ln:.3f}" if math.isfinite(v.week_mean_ln) else "--",
            band,
            v.verdict.value,
        )
    console.print(table)


def _print(readings: list[_Reading], verdict: Readiness | None, *, show_table: bool) -> None:
    table = Table("File", "Date", "Beats", "Artefacts", "HR", "rMSSD ms", "ln rMSSD")
    for r in sorted(readings, key=lambda r: (r.day or date.min, r.name)):
        if r.hrv is None:
            console_err.print(f"[bold red]error:[/] {r.error}", highlight=False)
            continue
        h = r.hrv
        table.add_row(
            r.name,
            r.day.isoformat() if r.day else "--",
            str(h.n_beats),
            f"{h.n_artefacts} ({h.artefact_fraction:.0%})",
            f"{h.heart_rate_bpm:.0f}",
            f"{h.rmssd_ms:.1f}",
            f"{h.ln_rmssd:.3f}",
        )
    if show_table:
        console.print(table)
    if verdict is None:
        if any(r.hrv is not None for r in readings):
            console.print("No dates in these files: readiness needs dated mornings.")
        return
    colour = {"train as planned": "green", "easy": "yellow", "rest": "red"}.get(
        verdict.verdict.value, "dim"
    )
    console.print(
        f"Readiness {verdict.day.isoformat()} ({verdict.rule.value}): "
        f"[bold {colour}]{verdict.verdict.value}[/]"
    )
    for reason in verdict.reasons:
        console.print(f"  - {reason}")
    for note in verdict.notes:
        console.print(f"  - {note}")
    if verdict.rule is ReadinessRule.PLEWS and math.isfinite(verdict.today_ln):
        console.print(f"  - today's ln rMSSD {verdict.today_ln:.3f}")
