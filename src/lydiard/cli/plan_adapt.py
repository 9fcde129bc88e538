"""``lydiard plan adapt`` and ``lydiard plan export``: rewrite the coming days, write files."""

from __future__ import annotations

import math
from datetime import timedelta
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from lydiard.cli.app import console
from lydiard.cli.output import print_json
from lydiard.cli.plan import Json, PlanFile, parse_date, plan_app, plan_path, show_distance
from lydiard.cli.plan_io import load_plan, local_today, read_done, save_plan
from lydiard.errors import InputError
from lydiard.physiology.burnout import Light
from lydiard.physiology.readiness import Verdict
from lydiard.planning import Plan, PlannedSession, Status, adapt, compliance

__all__ = ["adapt_cmd", "export"]


def _named(plan: Plan, s: PlannedSession) -> str:
    return f"{s.title} {show_distance(plan, s.run_m, 1)}" if s.is_run else s.title


@plan_app.command("adapt")
def adapt_cmd(
    done: Annotated[
        Path | None, typer.Option("--done", help="What was done: CSV or JSON records.")
    ] = None,
    today: Annotated[
        str | None, typer.Option("--today", help="The first day that may change (default: today).")
    ] = None,
    hrv: Annotated[
        str | None, typer.Option("--hrv", help="Morning HRV verdict: train, easy or rest.")
    ] = None,
    light: Annotated[
        str | None, typer.Option("--light", help="Burnout screen: green, amber or red.")
    ] = None,
    reason: Annotated[
        list[str] | None, typer.Option("--reason", help="Why (shown with the changes; repeatable).")
    ] = None,
    horizon: Annotated[int, typer.Option("--days", help="How many days ahead may change.")] = 7,
    from_store: Annotated[
        bool,
        typer.Option(
            "--from-store",
            help="Read what was done (activities) and morning HRV from the store.",
        ),
    ] = False,
    athlete: Annotated[
        str | None, typer.Option("--athlete", help="Whose records (with --from-store).")
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show the changes without saving.")
    ] = False,
    plan_file: PlanFile = None,
    json_: Json = False,
) -> None:
    """Rewrite the coming days from what was done and how you are; every change says why."""
    path = plan_path(plan_file)
    plan = load_plan(path)
    first = parse_date(today, "--today") if today else local_today()
    verdicts = {"train": Verdict.TRAIN, "easy": Verdict.EASY, "rest": Verdict.REST}
    if hrv is not None and hrv not in verdicts:
        raise InputError(f"--hrv: {hrv!r} is not train, easy or rest")
    try:
        lamp = Light(light) if light else None
    except ValueError:
        raise InputError(f"--light: {light!r} is not green, amber or red") from None
    records = read_done(done) if done else []
    stored = Status()
    if from_store:
        from lydiard.cli.plan_store import from_store as read_store

        more, stored = read_store(athlete, first)
        records += more
    # What the options say overrides what the store says.
    status = Status(
        verdicts[hrv] if hrv else stored.hrv,
        lamp or stored.light,
        tuple(reason or ()) or stored.reasons,
    )
    result = adapt(plan, records, first, status, horizon_days=horizon)
    if not dry_run:
        save_plan(result.plan, path)
    if json_:
        print_json(
            [
                {
                    "day": c.day,
                    "rule": c.rule,
                    "reason": c.reason,
                    "before": [s.text for s in c.before],
                    "after": [s.text for s in c.after],
                }
                for c in result.changes
            ]
        )
        return
    if not result.changes:
        console.print("no change: the coming days stand as planned")
    for c in result.changes:
        before = "; ".join(_named(plan, s) for s in c.before) or "rest"
        after = "; ".join(_named(plan, s) for s in c.after) or "rest"
        console.print(
            f"{c.day:%a %d %b}  {before} -> {after}\n  why ({c.rule.value}): {c.reason}",
            markup=False,
        )
    if records:
        table = Table(title="planned vs done", show_edge=False)
        for col in ("wk", "dates", "planned", "done", "%", "key done"):
            table.add_column(col)
        for wc in compliance(plan, records, first - timedelta(days=1))[-6:]:
            ratio = "" if math.isnan(wc.run_ratio) else f"{wc.run_ratio:.0%}"
            table.add_row(
                str(wc.index + 1),
                f"{wc.start:%d %b}-{wc.end:%d %b}",
                show_distance(plan, wc.planned_run_m),
                show_distance(plan, wc.done_run_m),
                ratio,
                f"{wc.key_done}/{wc.key_planned}",
            )
        console.print(table)
    if not dry_run:
        console.print(f"saved to {path}")


@plan_app.command("export")
def export(
    ics: Annotated[
        Path | None, typer.Option("--ics", help="iCalendar file of every session.")
    ] = None,
    fit_zip: Annotated[
        Path | None, typer.Option("--fit-zip", help="Zip of FIT workouts for a watch.")
    ] = None,
    icu: Annotated[Path | None, typer.Option("--icu", help="intervals.icu workout text.")] = None,
    html: Annotated[
        Path | None, typer.Option("--html", help="Printable HTML plan with charts.")
    ] = None,
    json_path: Annotated[Path | None, typer.Option("--json-file", help="The plan as JSON.")] = None,
    to_store: Annotated[
        bool, typer.Option("--to-store", help="Save it as the athlete's active plan in the store.")
    ] = False,
    athlete: Annotated[
        str | None, typer.Option("--athlete", help="Whose plan (with --to-store).")
    ] = None,
    plan_file: PlanFile = None,
) -> None:
    """Export the plan: calendar, watch workouts, intervals.icu text, HTML, JSON."""
    from lydiard.cli.plan_export import export_plan

    plan = load_plan(plan_path(plan_file))
    if not any((ics, fit_zip, icu, html, json_path, to_store)):
        raise InputError(
            "nothing to export: give --ics, --fit-zip, --icu, --html, --json-file or --to-store"
        )
    if to_store:
        from lydiard.cli.plan_store import save_to_store

        plan_id, replaced = save_to_store(plan, athlete)
        console.print(f"store: plan {plan_id} {'replaced' if replaced else 'added'}")
    for line in export_plan(
        plan, ics=ics, fit_zip=fit_zip, icu=icu, html=html, json_path=json_path
    ):
        console.print(line, markup=False)
