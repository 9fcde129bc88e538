"""``lydiard lactate``: a command group for lactate step tests.

``lydiard lactate analyse TEST.csv`` finds the thresholds. The group leaves room for
``lydiard lactate add`` (keeping a test in the store) next to it.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from lydiard.cli.app import app, console
from lydiard.cli.output import print_json
from lydiard.formatting import format_pace
from lydiard.importers.lactate_csv import IntensityUnit, read_lactate_csv
from lydiard.physiology.lactate import (
    DEFAULT_LT1,
    DEFAULT_LT2,
    IntensityKind,
    LactateAnalysis,
    analyse_step_test,
)
from lydiard.physiology.zones import friel_hr_zones, friel_pace_zones
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
