"""Web: server time per page on a simulated 10-year database (target: p95 < 150 ms).

The database comes from :func:`bench.synthetic_history.build_history` (ten years of
training written through the store's repositories: about 4,000 activities with samples,
11,000 journal values, a plan), built once and cached under the system temp folder. Each
page is requested repeatedly through the ASGI app; the figure is the server's own time
from its ``Server-Timing`` header (request in, response started: routing, database,
analysis, template), so the client's overhead is not counted.
"""

from __future__ import annotations

import os
import shutil
import statistics
import tempfile
import time
import warnings
from datetime import UTC, date, datetime
from pathlib import Path

from bench.report import Section
from bench.synthetic_history import build_history
from lydiard.settings import Settings
from lydiard.store import ActivityFilter, open_store
from lydiard.web import WebConfig, create_app
from lydiard.web.server import settle_heap

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message=".*httpx.*")
    from fastapi.testclient import TestClient

END = date(2025, 3, 12)
TARGET_MS = 150.0
CACHE_VERSION = 2


def cached_database(years: float) -> Path:
    """A database with ``years`` of synthetic training, built once per version and size."""
    root = Path(os.environ.get("LYDIARD_BENCH_CACHE", tempfile.gettempdir()))
    folder = root / f"lydiard-bench-web-v{CACHE_VERSION}-{years:g}y"
    path = folder / "lydiard.db"
    if path.exists():
        return path
    building = folder.with_name(folder.name + ".building")
    shutil.rmtree(building, ignore_errors=True)
    building.mkdir(parents=True)
    store = open_store(Settings.for_data_dir(building))
    started = time.perf_counter()
    report = build_history(store, name="jim", years=years, end=END)
    store.close()
    print(f"built {report.activities} activities in {time.perf_counter() - started:.0f} s")
    building.rename(folder)
    return path


def _server_ms(response) -> float:
    timing = response.headers["server-timing"]
    return float(timing.split("dur=")[1])


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def run(quick: bool = False) -> Section:
    years = 1.0 if quick else 10.0
    repeat = 5 if quick else 25
    source = cached_database(years)
    work = Path(tempfile.mkdtemp(prefix="lydiard-bench-web-"))
    shutil.copy(source, work / "lydiard.db")
    settings = Settings.for_data_dir(work, athlete="jim")
    store = open_store(settings)
    clock = datetime(END.year, END.month, END.day, 19, tzinfo=UTC)
    app = create_app(settings, WebConfig(clock=lambda: clock), store=store)
    client = TestClient(app, base_url="http://127.0.0.1:8000")
    settle_heap()  # as ``lydiard serve`` does before its first request
    athlete = store.athletes.get("jim")
    records = store.activities.list(ActivityFilter(athlete_id=athlete.id, end=END))
    long_run = next(r for r in records if r.name == "Long run")
    intervals = next(r for r in records if r.name and " x " in r.name)
    log = store.sharing.update(athlete.id, enabled=True)
    plan = store.plans.list(athlete.id)[0]
    a = f"/athletes/{athlete.id}"
    pages = {
        "Today": f"{a}/today",
        "Calendar (5 weeks)": f"{a}/calendar",
        "Activities (newest 50)": f"{a}/activities",
        f"Activity: long run ({long_run.moving_s / 3600:.1f} h)": f"/activities/{long_run.id}",
        "Activity: intervals": f"/activities/{intervals.id}",
        "Fitness (1 year)": f"{a}/fitness",
        "Fitness (all years)": f"{a}/fitness?days=0",
        "Plan (20 weeks, by the planner)": f"/plans/{plan.id}",
        "Workout builder": f"{a}/workouts",
        "Upload": f"{a}/upload",
        "Settings": f"{a}/settings",
        "Share settings": f"{a}/sharing",
        "Squad": "/squad",
        "Public log": f"/share/{log.token}",
        "API: fitness (1 year)": f"/api/athletes/{athlete.id}/fitness",
        "API: activity": f"/api/activities/{long_run.id}",
    }
    section = Section(
        module="bench_web",
        title="Web: server time per page",
        columns=[
            "page",
            "p50 ms",
            "p95 ms",
            "max ms",
            "CPU p50 ms",
            "CPU p95 ms",
            "size kB",
            f"p95 < {TARGET_MS:g} ms",
        ],
    )
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code, response.text[:300])
        times, cpu = [], []
        for _ in range(repeat):
            started = time.process_time()
            response = client.get(url)
            cpu.append((time.process_time() - started) * 1000)
            times.append(_server_ms(response))
        p95 = _p95(times)
        section.rows.append(
            [
                name,
                f"{statistics.median(times):.0f}",
                f"{p95:.0f}",
                f"{max(times):.0f}",
                f"{statistics.median(cpu):.0f}",
                f"{_p95(cpu):.0f}",
                f"{len(response.content) / 1024:.0f}",
                "yes" if p95 < TARGET_MS else "**no**",
            ]
        )
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    counts = store.info().counts
    section.notes.append(
        f"Database: {years:g} years of synthetic training ({counts.get('activities', 0)} "
        f"activities with samples every 5 s, {counts.get('wellness', 0)} journal values, "
        f"{counts.get('planned_sessions', 0)} planned sessions), SQLite; "
        f"{repeat} requests per page after one warm-up."
    )
    section.notes.append(
        "Server time is the app's own wall-clock time (Server-Timing header): routing, "
        "database, analysis and template, not the client. CPU time is this process's CPU "
        "per request (server and test client together), which other jobs on the machine do "
        f"not stretch; the machine is shared (2 vCPUs, load average {load:.1f} at the end "
        "of the run), so wall-clock maxima are noisy."
    )
    client.close()
    store.close()
    shutil.rmtree(work, ignore_errors=True)
    return section
