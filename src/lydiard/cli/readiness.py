"""``lydiard readiness``: today's HRV verdict and the burnout screen, from the store.

The morning HRV journal (``lydiard wellness add hrv=...`` or ``wellness import``) gives
the verdict (Plews rule by default); the screen adds the stored loads (form, monotony),
the spike guard over the last 14 days and the journal's biomarkers (resting HR, sleep,
blood markers...).
"""

from __future__ import annotations

import math
from datetime import UTC, datetime
from typing import Annotated

import typer

from lydiard.cli.app import app, console
from lydiard.cli.fitness import history_for
from lydiard.cli.history import assess
from lydiard.cli.output import print_json
from lydiard.cli.store_access import athlete_today, open_cli_store, parse_day, read_settings
from lydiard.errors import InputError
from lydiard.physiology.burnout import BurnoutAssessment, Light
from lydiard.physiology.fitness import Smoothing
from lydiard.physiology.readiness import Readiness, ReadinessRule

__all__ = ["readiness", "readiness_lines"]

_COLOURS = {Light.GREEN: "green", Light.AMBER: "yellow", Light.RED: "red"}


def readiness_lines(hrv: Readiness | None, screen: BurnoutAssessment) -> list[str]:
    """The verdict and the screen in plain words (Rich markup for the light)."""
    lines = []
    if hrv is None:
        lines.append("HRV readiness: no morning HRV in the journal (`lydiard wellness add hrv=62`)")
    else:
        lines.append(
            f"HRV readiness {hrv.day.isoformat()} ({hrv.rule.value}): [bold]{hrv.verdict.value}[/]"
        )
        lines.extend(f"  - {reason}" for reason in hrv.reasons)
    colour = _COLOURS[screen.light]
    lines.append(f"Burnout screen: [bold {colour}]{screen.light.value}[/]")
    if not screen.signals:
        lines.append("  - no warning sign")
    lines.extend(f"  - {s.level.value}: {s.reason}" for s in screen.signals)
    lines.append(f"  ({screen.disclaimer})")
    return lines


@app.command()
def readiness(
    on: Annotated[
        str | None, typer.Option("--on", help="The day, YYYY-MM-DD (default: today).")
    ] = None,
    rule: Annotated[
        ReadinessRule, typer.Option(help="HRV rule: plews (7-day mean) or kiviniemi.")
    ] = ReadinessRule.PLEWS,
    start_fitness: Annotated[
        float,
        typer.Option("--start-fitness", help="Fitness before the first stored day (for form)."),
    ] = 0.0,
    athlete: Annotated[str | None, typer.Option("--athlete", help="Whose journal.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Should I train as planned today? HRV readiness and the burnout screen."""
    if not (math.isfinite(start_fitness) and start_fitness >= 0):
        raise InputError(f"--start-fitness: expected a load of 0 or more, got {start_fitness}")
    settings = read_settings()
    with open_cli_store(settings) as store:
        person = store.athletes.ensure(athlete or settings.athlete)
        day = parse_day(on, "--on") or athlete_today(person, datetime.now(UTC))
        history = history_for(
            store,
            person,
            day,
            start_fitness=start_fitness,
            smoothing=Smoothing.RECIPROCAL,
            quiet=as_json,
        )
    hrv, screen = assess(history, day, rule=rule)
    if as_json:
        print_json({"athlete": person.name, "day": day, "hrv": hrv, "burnout": screen})
        return
    for line in readiness_lines(hrv, screen):
        console.print(line)
