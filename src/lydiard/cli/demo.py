"""``lydiard demo``: the whole system, end to end, in a fresh data directory.

1. the workout language over Walmsley's seven key sessions;
2. sixteen weeks of Walmsley-style training simulated (:mod:`lydiard.simulate`) and
   written as FIT, GPX and TCX files with the project's writers, with a morning HRV and
   resting-HR journal;
3. everything imported through the real readers and :mod:`lydiard.ingest` (a process
   pool), loads computed at import with the athlete's thresholds;
4. fitness, fatigue, form, the guards week by week, and today's readiness;
5. the coming week (from a plan when planning is in the build), exported as FIT workouts
   and an ICS calendar;
6. how to look around (CLI, web view).

It never touches the user's own data: it works in a new temporary folder unless
``--data-dir`` names one.
"""

from __future__ import annotations

import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from lydiard.cli.app import app, console, console_err
from lydiard.cli.demo_block import BlockFiles, block_start, scripted_outings, simulate_block
from lydiard.cli.demo_plan import (
    adapt_to_store,
    coming_week,
    demo_plan,
    export_plan,
    plan_outings,
    scripted_week,
)
from lydiard.cli.demo_report import (
    print_caught,
    print_coming_week,
    print_today,
    print_weeks,
    screen_weeks,
)
from lydiard.cli.history import read_history, weeks
from lydiard.cli.store_access import parse_day
from lydiard.cli.workout import demo_workouts
from lydiard.errors import InputError
from lydiard.ingest import ImportItem, ImportReport, import_paths
from lydiard.planning import Plan
from lydiard.settings import Settings
from lydiard.simulate.athlete import SimAthlete
from lydiard.simulate.block import WALMSLEY_BLOCK, Outing

__all__ = ["ATHLETE", "demo", "run_demo"]

#: The demo athlete's name in its store.
ATHLETE = "jim"


def _bar(label: str) -> Progress:
    return Progress(
        TextColumn(f"[bold]{label}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console_err,
        transient=True,
        disable=not console_err.is_terminal,
    )


def _setup_athlete(settings: Settings, sim: SimAthlete, first_day: date) -> None:
    from lydiard.store import Threshold, ThresholdKind, open_store

    with open_store(settings) as store:
        store.athletes.ensure(ATHLETE, timezone=sim.timezone)
        store.athletes.update(ATHLETE, sex="male")
        values = {
            ThresholdKind.HR_REST_BPM: sim.hr_rest_bpm,
            ThresholdKind.HR_MAX_BPM: sim.hr_max_bpm,
            ThresholdKind.LTHR_BPM: round(sim.lthr_bpm),
            ThresholdKind.THRESHOLD_SPEED_MPS: sim.threshold_speed_mps,
            ThresholdKind.FTP_W: sim.bike_ftp_w,
            ThresholdKind.VDOT: sim.vdot,
        }
        for kind, value in values.items():
            store.athletes.set_threshold(
                ATHLETE, Threshold(kind, float(value), first_day, source="demo")
            )


def _import(settings: Settings, block: BlockFiles) -> tuple[ImportReport, int]:
    from lydiard.store import open_store
    from lydiard.store.wellness_csv import read_wellness_csv

    with open_store(settings) as store, _bar("importing") as bar:
        task = bar.add_task("", total=None)

        def advance(item: ImportItem, done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        report = import_paths(
            [block.activities_dir],
            store,
            athlete=ATHLETE,
            jobs=settings.jobs,
            progress=advance,
        )
        person = store.athletes.get(ATHLETE)
        journal = store.wellness.put_many(person.id, read_wellness_csv(block.wellness_csv))
    return report, journal


def _schedule(
    sim: SimAthlete, today: date, weeks_count: int, scripted: bool
) -> tuple[date, list[Outing], Plan | None, dict[date, str]]:
    """(first day, outings, plan or None, notes per Monday) of the simulated weeks."""
    if scripted:
        first, outings = scripted_outings(today, weeks_count)
        block = WALMSLEY_BLOCK[len(WALMSLEY_BLOCK) - weeks_count :]
        marks = {first + timedelta(weeks=k): w.note for k, w in enumerate(block) if w.note}
        return first, outings, None, marks
    first = block_start(today, weeks_count)
    plan = demo_plan(sim, first, today)
    camp_week = next(w for w in WALMSLEY_BLOCK if w.camp)
    camp = None
    if weeks_count >= 5:  # the spike guard needs a month of runs before the camp
        camp = (first + timedelta(weeks=weeks_count - 1), camp_week)
    notes: dict[date, str] = {}
    for k in range(weeks_count):
        monday = first + timedelta(weeks=k)
        week = plan.week_of(monday + timedelta(days=3))
        if week is not None:
            notes[monday] = f"{week.phase.value} {week.kind.value}"
    if camp is not None:
        notes[camp[0]] = "camp, off plan"
    return first, plan_outings(plan, today, camp), plan, notes


def run_demo(
    folder: Path,
    today: date,
    *,
    weeks_count: int,
    seed: int,
    jobs: int,
    workouts: bool,
    scripted: bool = False,
) -> None:
    """Run every part of the demo in order (see the module docstring)."""
    from lydiard.store import open_store

    started = time.perf_counter()
    if workouts:
        console.rule("1. The workout language")
        demo_workouts()
    console.rule(f"2. {weeks_count} weeks of Walmsley-style training, simulated")
    sim = SimAthlete()
    settings = Settings.for_data_dir(folder, athlete=ATHLETE, jobs=jobs)
    first, outings, plan, notes = _schedule(sim, today, weeks_count, scripted)
    if plan is not None:
        peak = max(w.run_m for w in plan.weeks) / 1000
        console.print(
            f"The schedule: a Walmsley-preset plan to {plan.race.name} on {plan.race.day} "
            f"({len(plan.weeks)} weeks from {plan.start}, peak {peak:.0f} km), followed "
            "except for the last week, at a training camp (off plan: an overreaching week)"
        )
    else:
        console.print("The schedule: the simulator's scripted 16-week block")
    with _bar("simulating days") as bar:
        task = bar.add_task("", total=None)
        block = simulate_block(
            folder,
            sim,
            outings,
            first,
            today,
            seed=seed,
            tick=lambda done, total: bar.update(task, completed=done, total=total),
        )
    files = ", ".join(f"{n} {fmt.upper()}" for fmt, n in sorted(block.formats.items()))
    console.print(
        f"{block.activities} activities from {block.first_day} to {block.last_day} for "
        f"{sim.name} (VDOT {sim.vdot:g}, threshold HR {sim.lthr_bpm:.0f}, bike FTP "
        f"{sim.bike_ftp_w:.0f} W): {files} files (one run written twice) and "
        f"{len(block.days)} mornings of HRV in {block.seconds:.1f} s"
    )
    console.print(f"data directory: {folder}")
    console.rule("3. Import through the readers and lydiard.ingest")
    _setup_athlete(settings, sim, block.first_day)
    report, journal = _import(settings, block)
    counts = report.counts()
    console.print(
        f"{counts['added']} added, {counts['duplicate']} already stored (the same run as GPX), "
        f"{counts['replaced']} replaced, {counts['failed']} failed in {report.seconds:.1f} s "
        f"with {jobs} worker(s); loads computed at import; {journal} journal values"
    )
    for item in report.failures:
        console.print(f"  failed: {item.name}: {item.reason}")
    console.rule("4. Fitness, fatigue, form and the guards")
    with open_store(settings) as store:
        person = store.athletes.get(ATHLETE)
        history = read_history(store, person, today, start_fitness=block.start_fitness)
        rows = weeks(history, weeks_count, until=today - timedelta(days=today.weekday() + 1))
        screens = screen_weeks(history, rows)
        print_weeks(rows, screens, person.units, notes)
        print_caught(screens)
        print_today(history, person.units)
        console.rule("5. The coming week")
        if plan is not None:
            adaptation = adapt_to_store(plan, store, person, history, today)
            week = coming_week(adaptation, today)
            week.files = export_plan(adaptation, folder / "exports", folder)
        else:
            week = scripted_week(today, sim, folder / "exports")
    print_coming_week(week, sim, person.units)
    console.print("  files: " + ", ".join(str(p) for p in week.files))
    console.rule("6. Look around")
    env = f"LYDIARD_DATA_DIR={folder} LYDIARD_ATHLETE={ATHLETE}"
    console.print(f"  {env} lydiard activities --limit 10")
    console.print(f"  {env} lydiard show ID            (an id from the list)")
    console.print(f"  {env} lydiard fitness --start-fitness {block.start_fitness:g}")
    console.print(f"  {env} lydiard readiness --start-fitness {block.start_fitness:g}")
    current = plan.week_of(today) if plan is not None else None
    if current is not None:
        console.print(f"  {env} lydiard plan week {current.index + 1}")
    console.print(f"  {env} lydiard serve              (the web view)")
    console.print(f"demo finished in {time.perf_counter() - started:.0f} s")


@app.command()
def demo(
    data_dir: Annotated[
        Path | None,
        typer.Option("--data-dir", help="Work here instead of a new temporary folder."),
    ] = None,
    weeks_count: Annotated[
        int, typer.Option("--weeks", help="Weeks of training to simulate (1-16).")
    ] = len(WALMSLEY_BLOCK),
    seed: Annotated[int, typer.Option("--seed", help="Random seed of the simulation.")] = 2,
    today: Annotated[
        str | None,
        typer.Option("--today", help="The demo's today, YYYY-MM-DD (default: today)."),
    ] = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="Import worker processes.")] = 2,
    workouts: Annotated[
        bool, typer.Option("--workouts/--no-workouts", help="Show the workout language part.")
    ] = True,
    scripted: Annotated[
        bool,
        typer.Option("--scripted", help="Simulate the scripted block instead of a plan."),
    ] = False,
) -> None:
    """Show the whole system on simulated data: simulate, import, analyse, plan, export."""
    if not 1 <= weeks_count <= len(WALMSLEY_BLOCK):
        raise InputError(f"--weeks: expected 1 to {len(WALMSLEY_BLOCK)}, got {weeks_count}")
    if jobs < 1:
        raise InputError(f"--jobs: expected 1 or more, got {jobs}")
    day = parse_day(today, "--today") or datetime.now(UTC).astimezone().date()
    if data_dir is not None:
        data_dir.mkdir(parents=True, exist_ok=True)
        folder = data_dir.resolve()
    else:
        folder = Path(tempfile.mkdtemp(prefix="lydiard-demo-"))
    run_demo(
        folder,
        day,
        weeks_count=weeks_count,
        seed=seed,
        jobs=jobs,
        workouts=workouts,
        scripted=scripted,
    )
