"""Writing a plan's exports: ICS, FIT zip, intervals.icu text, HTML, JSON."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from lydiard.exporters.plan_html import plan_html
from lydiard.exporters.plan_ics import plan_calendar
from lydiard.exporters.plan_workouts import plan_fit_zip, plan_icu_text
from lydiard.planning.plan import Plan
from lydiard.planning.serial import plan_to_dict

__all__ = ["export_plan"]


def export_plan(
    plan: Plan,
    *,
    ics: Path | None = None,
    fit_zip: Path | None = None,
    icu: Path | None = None,
    html: Path | None = None,
    json_path: Path | None = None,
) -> Iterator[str]:
    """Write each requested export; yield one line per file written."""
    if ics is not None:
        data = plan_calendar(plan)
        ics.write_bytes(data)
        yield f"{ics}: {sum(1 for _ in plan.sessions)} events"
    if html is not None:
        html.write_text(plan_html(plan), encoding="utf-8")
        yield f"{html}: {len(plan.weeks)} weeks"
    if json_path is not None:
        json_path.write_text(json.dumps(plan_to_dict(plan), indent=1) + "\n", encoding="utf-8")
        yield f"{json_path}: plan JSON"
    if fit_zip is not None:
        data = plan_fit_zip(plan)
        fit_zip.write_bytes(data)
        count = sum(1 for s in plan.sessions if s.kind.value != "race")
        yield f"{fit_zip}: {count} FIT workouts"
    if icu is not None:
        icu.write_text(plan_icu_text(plan), encoding="utf-8")
        yield f"{icu}: intervals.icu text"
