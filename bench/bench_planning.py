"""Planning: a 26-week plan in < 200 ms (issue 5), and what the pieces cost."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from datetime import date, timedelta

from bench.report import Section, best_time
from lydiard.exporters.plan_html import plan_html
from lydiard.exporters.plan_ics import plan_calendar
from lydiard.physiology.readiness import Verdict
from lydiard.planning import (
    Athlete,
    DoneRecord,
    Race,
    Status,
    adapt,
    athlete_preset,
    check_plan,
    make_plan,
    plan_from_dict,
    plan_to_dict,
)

RACE_DAY = date(2027, 6, 26)
START = RACE_DAY - timedelta(weeks=26) + timedelta(days=1)  # exactly 26 weeks


_COLD = """
import time
from datetime import date, timedelta
from lydiard.planning import Race, athlete_preset, make_plan
day = date(2027, 6, 26)
a, r = athlete_preset("walmsley"), Race.from_preset("Western States 100", day)
t = time.perf_counter()
make_plan(a, r, day - timedelta(weeks=26) + timedelta(days=1))
print((time.perf_counter() - t) * 1000)
"""


def _cold_ms() -> float:
    """One plan in a new interpreter: parser and estimator caches empty."""
    out = subprocess.run([sys.executable, "-c", _COLD], capture_output=True, text=True, check=True)
    return float(out.stdout.strip())


def run(quick: bool) -> Section:
    repeat = 5 if quick else 15
    section = Section(
        module="bench_planning",
        title="Planning",
        columns=["what", "input", "median", "best", "target"],
    )

    def row(what: str, size: str, fn: Callable[[], object], target: str = "") -> None:
        median, best = best_time(fn, repeat=repeat)
        section.rows.append([what, size, f"{median * 1e3:.1f} ms", f"{best * 1e3:.1f} ms", target])

    ws = Race.from_preset("Western States 100", RACE_DAY)
    walmsley = athlete_preset("walmsley")
    ninety = Athlete(90_000.0, 30_000.0)
    for name, athlete, race in (
        ("Walmsley preset, Western States 100", walmsley, ws),
        ("90 km a week, Western States 100", ninety, ws),
        (
            "40 km a week, road marathon",
            athlete_preset("forty"),
            Race.from_preset("marathon", RACE_DAY),
        ),
    ):
        row(
            f"make_plan: {name}",
            "26 weeks",
            lambda a=athlete, r=race: make_plan(a, r, START),
            "< 200 ms",
        )
    section.rows.append(
        [
            "make_plan: Walmsley, first call in a fresh process (imports excluded)",
            "26 weeks",
            f"{_cold_ms():.1f} ms",
            "",
            "< 200 ms",
        ]
    )
    plan = make_plan(walmsley, ws, START)
    n = sum(1 for _ in plan.sessions)
    row("check_plan (every invariant)", f"{n} sessions", lambda: check_plan(plan))
    data = plan_to_dict(plan)
    row(
        "plan_to_dict + plan_from_dict", f"{n} sessions", lambda: plan_from_dict(plan_to_dict(plan))
    )
    today = START + timedelta(weeks=10)
    done = [
        DoneRecord(d.day, s.sport, s.run_m * 0.8, 3600.0)
        for d in plan.days
        if d.day < today
        for s in d.sessions
        if s.is_run
    ]
    row(
        "adapt (HRV easy, 80 % done)",
        f"{len(done)} done records",
        lambda: adapt(plan, done, today, Status(hrv=Verdict.EASY)),
    )
    row("ICS export", f"{n} events", lambda: plan_calendar(plan))
    row("HTML export with SVG charts", f"{len(plan.weeks)} weeks", lambda: plan_html(plan))
    section.notes.append(
        f"Walmsley plan: peak {max(w.training_run_m for w in plan.weeks) / 1000:.0f} km, "
        f"{n} sessions, JSON {len(str(data)) // 1024} KiB."
    )
    return section
