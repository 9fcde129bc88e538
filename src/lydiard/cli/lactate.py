"""``lydiard lactate``: a command group for lactate step tests.

``lydiard lactate analyse TEST.csv`` finds the thresholds; ``lydiard lactate add
TEST.csv`` keeps the test in the store and, with ``--set-thresholds``, makes its LT1 and
LT2 the athlete's thresholds from the test's day (so loads use them).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from lydiard.cli.app import app, console
from lydiard.cli.output import print_json
from lydiard.cli.store_access import parse_sports
from lydiard.formatting import format_pace
from lydiard.importers.lactate_csv import IntensityUnit, read_lactate_csv
from lydiard.model import Sport
from lydiard.physiology.lactate import (
    DEFAULT_LT1,
    DEFAULT_LT2,
    IntensityKind,
    LactateAnalysis,
    analyse_step_test,
)
from lydiard.physiology.lactate import StepTest as StepTestValue
from lydiard.physiology.zones import friel_hr_zones, friel_pace_zones
from lydiard.store.records import LactateStep, LactateTest, Threshold, ThresholdKind
from lydiard.units import DistanceUnit

lactate_app = typer.Typer(
    name="lactate",
    help="Lactate step tests: thresholds (OBLA, baseline+, Dmax, log-log), LT1/LT2, zones.",
    no_args_is_help=True,
)
app.add_typer(lactate_app, name="lactate")


def _intensity_text(value: float, kind: IntensityKind, unit: DistanceUnit) -> str:
    if not math.isfinite(value):
        return "--"
    if kind is IntensityKind.POWER:
        return f"{value:.0f} W"
    return f"{format_pace(value, unit)} ({value * 3.6:.1f} km/h)"


def _hr_text(value: float) -> str:
    return f"{value:.0f}" if math.isfinite(value) else "--"


def _span(low: float, high: float, fmt: Callable[[float], str]) -> str:
    if math.isfinite(low) and math.isfinite(high):
        return f"{fmt(low)} - {fmt(high)}"
    if math.isfinite(high):
        return f"below {fmt(high)}"
    if math.isfinite(low):
        return f"above {fmt(low)}"
    return "--"


def _split_keys(text: str | None, default: tuple[str, ...]) -> tuple[str, ...]:
    if not text:
        return default
    return tuple(k.strip() for k in text.split(",") if k.strip())


@lactate_app.command("analyse")
def analyse(
    test: Annotated[Path, typer.Argument(help="CSV of steps: intensity, lactate, heart rate.")],
    intensity_unit: Annotated[
        IntensityUnit | None,
        typer.Option("--intensity-unit", help="Unit of the intensity column (else guessed)."),
    ] = None,
    lt1: Annotated[
        str | None, typer.Option(help="LT1 method keys, first found wins (baseline+0.5).")
    ] = None,
    lt2: Annotated[str | None, typer.Option(help="LT2 method keys (moddmax,obla4.0,dmax).")] = None,
    baseline: Annotated[
        float | None, typer.Option(help="Baseline lactate, mmol/L (else the flat part).")
    ] = None,
    unit: Annotated[DistanceUnit, typer.Option(help="Pace per km or mi.")] = DistanceUnit.KM,
    json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Find lactate thresholds in a step test and derive zones."""
    step_test = read_lactate_csv(test, intensity_unit=intensity_unit)
    result = analyse_step_test(
        step_test,
        baseline_mmol=baseline,
        lt1=_split_keys(lt1, DEFAULT_LT1),
        lt2=_split_keys(lt2, DEFAULT_LT2),
    )
    if json:
        print_json(result)
        return
    _print(test.name, result, unit)


def _print(name: str, a: LactateAnalysis, unit: DistanceUnit) -> None:
    kind = a.test.kind
    rest = (
        f", resting {a.test.rest_lactate_mmol:.1f} mmol/L"
        if math.isfinite(a.test.rest_lactate_mmol)
        else ""
    )
    console.print(
        f"{name}: {a.test.intensity.size} steps ({kind.value}), "
        f"baseline {a.baseline_mmol:.2f} mmol/L{rest}"
    )
    table = Table("Method", "Intensity", "Lactate", "HR", title="Thresholds")
    for t in a.thresholds:
        marks = [m for m, chosen in (("LT1", a.lt1), ("LT2", a.lt2)) if chosen.key == t.key]
        label = t.label + (f"  [bold]{'/'.join(marks)}[/]" if marks else "")
        if t.found:
            table.add_row(
                label,
                _intensity_text(t.intensity, kind, unit),
                f"{t.lactate_mmol:.2f}",
                _hr_text(t.heart_rate_bpm),
            )
        else:
            table.add_row(label, "--", "--", f"[dim]{t.note}[/]")
    console.print(table)
    zones = Table("Zone", "Intensity", "HR", title="Zones from LT1 and LT2 (Seiler)")
    for z in a.zones:
        zones.add_row(
            z.name,
            _span(
                z.low if z.low > 0 else math.nan,
                z.high,
                lambda v: _intensity_text(v, kind, unit),
            ),
            _span(z.hr_low_bpm, z.hr_high_bpm, _hr_text),
        )
    console.print(zones)
    if math.isfinite(a.lt2.heart_rate_bpm):
        sport = "run" if kind is IntensityKind.SPEED else "bike"
        friel = friel_hr_zones(a.lt2.heart_rate_bpm, sport)
        text = ", ".join(f"{z.name} {z.low:.0f}" for z in friel[1:])
        console.print(f"Friel HR zones from LT2 HR {a.lt2.heart_rate_bpm:.0f} ({sport}): {text}")
    if kind is IntensityKind.SPEED:
        pace = friel_pace_zones(a.lt2.intensity)
        text = ", ".join(f"{z.name} {format_pace(z.low, unit, suffix=False)}" for z in pace[1:])
        console.print(f"Friel pace zones from LT2 (zone starts, /{unit.value}): {text}")


def _store_test(
    step_test: StepTestValue, day: date, sport: Sport, protocol: str | None, notes: str | None
) -> LactateTest:
    """The store's record of a step test (the resting sample as a step at intensity 0)."""
    steps = []
    if math.isfinite(step_test.rest_lactate_mmol):
        steps.append(LactateStep(0.0, step_test.rest_lactate_mmol))
    for x, y, hr in zip(
        step_test.intensity.tolist(),
        step_test.lactate_mmol.tolist(),
        step_test.heart_rate_bpm.tolist(),
        strict=True,
    ):
        steps.append(LactateStep(x, y, hr if math.isfinite(hr) else None))
    kind = "speed_mps" if step_test.kind is IntensityKind.SPEED else "power_w"
    return LactateTest(day, tuple(steps), sport, kind, protocol, notes)


def _thresholds_from(result: LactateAnalysis, day: date, source: str) -> list[Threshold]:
    """The athlete thresholds a test sets: LT2 speed/power and HR, LT1 speed and HR."""
    speed = result.test.kind is IntensityKind.SPEED
    pairs: list[tuple[ThresholdKind, float]] = [
        (ThresholdKind.THRESHOLD_SPEED_MPS if speed else ThresholdKind.FTP_W, result.lt2.intensity),
        (ThresholdKind.LTHR_BPM, result.lt2.heart_rate_bpm),
        (ThresholdKind.LT1_HR_BPM, result.lt1.heart_rate_bpm),
    ]
    if speed:
        pairs.append((ThresholdKind.LT1_SPEED_MPS, result.lt1.intensity))
    return [
        Threshold(kind, value, day, source=source)
        for kind, value in pairs
        if math.isfinite(value) and value > 0
    ]


@lactate_app.command("add")
def add(
    test: Annotated[Path, typer.Argument(help="CSV of steps: intensity, lactate, heart rate.")],
    day: Annotated[
        str | None, typer.Option("--date", help="Day of the test, YYYY-MM-DD (default: today).")
    ] = None,
    sport: Annotated[
        str | None, typer.Option("--sport", help="run, bike, ski_erg... (default: from the test).")
    ] = None,
    intensity_unit: Annotated[
        IntensityUnit | None,
        typer.Option("--intensity-unit", help="Unit of the intensity column (else guessed)."),
    ] = None,
    protocol: Annotated[
        str | None, typer.Option("--protocol", help="How it was run: '4 min steps, +1 km/h'.")
    ] = None,
    notes: Annotated[str | None, typer.Option("--notes", help="Free text.")] = None,
    set_thresholds: Annotated[
        bool,
        typer.Option(
            "--set-thresholds",
            help="Also set the athlete's LT1/LT2 speed (or FTP) and heart rates from this day.",
        ),
    ] = False,
    athlete: Annotated[str | None, typer.Option("--athlete", help="Whose test.")] = None,
    json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Keep a lactate step test in the store (and, if asked, the thresholds it gives)."""
    from lydiard.cli.store_access import athlete_today, open_cli_store, parse_day, read_settings

    step_test = read_lactate_csv(test, intensity_unit=intensity_unit)
    result = analyse_step_test(step_test)
    chosen = parse_sports([sport])[0] if sport else None
    if chosen is None:
        chosen = Sport.RUN if step_test.kind is IntensityKind.SPEED else Sport.BIKE
    settings = read_settings()
    with open_cli_store(settings) as store:
        person = store.athletes.ensure(athlete or settings.athlete)
        when = parse_day(day, "--date") or athlete_today(person, datetime.now(UTC))
        record = _store_test(step_test, when, chosen, protocol, notes)
        test_id = store.lactate.add(person.id, record)
        changed = _thresholds_from(result, when, f"lactate test {test_id}")
        if set_thresholds:
            for threshold in changed:
                store.athletes.set_threshold(person.id, threshold)
    if json:
        print_json(
            {
                "id": test_id,
                "athlete": person.name,
                "day": when,
                "sport": chosen,
                "lt1": result.lt1,
                "lt2": result.lt2,
                "thresholds_set": changed if set_thresholds else [],
            }
        )
        return
    kind = result.test.kind
    console.print(
        f"stored lactate test {test_id} ({chosen.label}, {when.isoformat()}, "
        f"{len(record.steps)} steps) for {person.name}"
    )
    for label, t in (("LT1", result.lt1), ("LT2", result.lt2)):
        console.print(
            f"{label}: {_intensity_text(t.intensity, kind, DistanceUnit.KM)} at "
            f"{t.lactate_mmol:.2f} mmol/L, HR {_hr_text(t.heart_rate_bpm)} ({t.label})"
        )
    if set_thresholds:
        shown = ", ".join(f"{t.kind.value} {t.value:.4g}" for t in changed)
        console.print(f"thresholds from {when.isoformat()}: {shown}")
    else:
        console.print("--set-thresholds would make these the athlete's thresholds from that day")
