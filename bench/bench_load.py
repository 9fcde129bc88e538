"""Load: 20 logged-in clients for 60 s against the real server on loopback (zero errors).

The app runs with uvicorn in its own process (:mod:`bench.load_server`: one process,
accounts mode, as ``lydiard serve`` runs it) over a copy of the web benchmark's ten-year
database. Twenty client threads (httpx, one connection each) each log in through the API,
then loop over a weighted mix of the main pages, the JSON API, a static file and a small
write (an activity's notes, with the session's CSRF token) until the time is up. Every
response must be the expected status; the table gives per route group the requests,
errors and client-side latency percentiles (request sent to body read).
"""

from __future__ import annotations

import math
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from bench.bench_web import cached_database
from bench.report import Section
from lydiard.settings import Settings
from lydiard.store import ActivityFilter, open_store
from lydiard.web.server import free_port

ROOT = Path(__file__).resolve().parents[1]
CLIENTS = 20
PASSWORD = "load test password"
#: (group, weight): how often each kind of request is made.
WEIGHTS = {
    "page: Today": 6,
    "page: Calendar": 4,
    "page: Activities": 4,
    "page: Activity": 6,
    "page: Fitness (1 year)": 3,
    "page: Fitness (all years)": 1,
    "page: Plan": 2,
    "page: Squad": 2,
    "page: Settings": 2,
    "API: me": 4,
    "API: today": 4,
    "API: activities (50)": 4,
    "API: activity": 4,
    "API: fitness (90 d)": 3,
    "API: squad": 2,
    "API: edit notes (PATCH)": 2,
    "static: app.css": 3,
}


@dataclass
class Tally:
    """Latencies and failures of one route group."""

    times_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _percentile(ordered: list[float], q: float) -> float:
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _prepare(work: Path) -> dict[str, object]:
    """Copy the database, add a login for jim, and pick the ids the clients use."""
    shutil.copy(cached_database(10.0), work / "lydiard.db")
    store = open_store(Settings.for_data_dir(work, athlete="jim"))
    try:
        athlete = store.athletes.get("jim")
        if not any(u.username == "jim" for u in store.users.list()):
            store.users.create("jim", PASSWORD, "athlete", athlete_id=athlete.id)
        records = store.activities.list(ActivityFilter(athlete_id=athlete.id, limit=200))
        plan = store.plans.list(athlete.id)[0]
        return {
            "athlete": athlete.id,
            "activities": [r.id for r in records],
            "plan": plan.id,
            "count": store.info().counts.get("activities", 0),
        }
    finally:
        store.close()


def _start_server(work: Path, port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'src'}"}
    server = subprocess.Popen(
        [sys.executable, "-m", "bench.load_server", str(work), str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the server exited: {server.stderr.read().decode()[-2000:]}")
        try:
            httpx.get(f"http://127.0.0.1:{port}/login", timeout=2)
            return server
        except httpx.HTTPError:
            time.sleep(0.2)
    server.terminate()
    raise RuntimeError("the server did not start within 60 s")


@dataclass
class Clock:
    """The timed phase, shared by the clients: it starts once all have logged in."""

    duration_s: float
    barrier: threading.Barrier = field(init=False)
    stop_at: float = 0.0
    started: float = 0.0

    def __post_init__(self) -> None:
        self.barrier = threading.Barrier(CLIENTS, action=self._start)

    def _start(self) -> None:
        self.started = time.perf_counter()
        self.stop_at = time.monotonic() + self.duration_s


def _client(
    base: str,
    ids: dict[str, object],
    clock: Clock,
    seed: int,
    tallies: dict[str, Tally],
    lock: threading.Lock,
) -> None:
    rng = random.Random(seed)
    a = ids["athlete"]
    activities: list[int] = ids["activities"]  # type: ignore[assignment]
    groups = list(WEIGHTS)
    weights = list(WEIGHTS.values())
    local: dict[str, Tally] = {g: Tally() for g in groups}
    with httpx.Client(base_url=base, timeout=60, follow_redirects=False) as client:
        try:
            csrf = client.get("/api/session").json()["csrf_token"]
            done = client.post(
                "/api/login",
                json={"username": "jim", "password": PASSWORD},
                headers={"X-CSRF-Token": csrf},
            )
            done.raise_for_status()
            csrf = done.json()["csrf_token"]
        except Exception:
            clock.barrier.abort()  # the others must not wait for this client forever
            raise
        clock.barrier.wait()  # logins (argon2) are not part of the timed phase
        while time.monotonic() < clock.stop_at:
            group = rng.choices(groups, weights)[0]
            activity = rng.choice(activities)
            method, url, body = "GET", "", None
            url = {
                "page: Today": f"/athletes/{a}/today",
                "page: Calendar": f"/athletes/{a}/calendar",
                "page: Activities": f"/athletes/{a}/activities",
                "page: Activity": f"/activities/{activity}",
                "page: Fitness (1 year)": f"/athletes/{a}/fitness",
                "page: Fitness (all years)": f"/athletes/{a}/fitness?days=0",
                "page: Plan": f"/plans/{ids['plan']}",
                "page: Squad": "/squad",
                "page: Settings": f"/athletes/{a}/settings",
                "API: me": "/api/me",
                "API: today": f"/api/athletes/{a}/today",
                "API: activities (50)": f"/api/athletes/{a}/activities?limit=50",
                "API: activity": f"/api/activities/{activity}",
                "API: fitness (90 d)": f"/api/athletes/{a}/fitness?days=90",
                "API: squad": "/api/squad",
                "API: edit notes (PATCH)": f"/api/activities/{activity}",
                "static: app.css": "/static/app.css",
            }[group]
            if group == "API: edit notes (PATCH)":
                method, body = "PATCH", {"notes": f"load test {rng.random():.6f}"}
            started = time.perf_counter()
            try:
                response = client.request(
                    method, url, json=body, headers={"X-CSRF-Token": csrf} if body else None
                )
                elapsed = (time.perf_counter() - started) * 1000
                if response.status_code != 200:
                    local[group].errors.append(f"{method} {url}: {response.status_code}")
                else:
                    local[group].times_ms.append(elapsed)
            except httpx.HTTPError as exc:
                local[group].errors.append(f"{method} {url}: {type(exc).__name__} {exc}")
    with lock:
        for group, tally in local.items():
            tallies[group].times_ms += tally.times_ms
            tallies[group].errors += tally.errors


def run(quick: bool = False) -> Section:
    duration_s = 15.0 if quick else 60.0
    work = Path(tempfile.mkdtemp(prefix="lydiard-bench-load-"))
    ids = _prepare(work)
    port = free_port()
    server = _start_server(work, port)
    tallies = {group: Tally() for group in WEIGHTS}
    lock = threading.Lock()
    clock = Clock(duration_s)
    try:
        threads = [
            threading.Thread(
                target=_client,
                args=(f"http://127.0.0.1:{port}", ids, clock, seed, tallies, lock),
            )
            for seed in range(CLIENTS)
        ]
        for thread in threads:
            thread.start()
        cpu_before = math.nan
        while not clock.started and any(t.is_alive() for t in threads):
            time.sleep(0.01)
        cpu_before = _cpu_seconds(server.pid)
        for thread in threads:
            thread.join()
        wall_s = time.perf_counter() - clock.started
        cpu = _cpu_seconds(server.pid) - cpu_before
    finally:
        server.terminate()
        server.wait(30)
        shutil.rmtree(work, ignore_errors=True)
    section = Section(
        module="bench_load",
        title=f"Load: {CLIENTS} logged-in clients for {duration_s:g} s on loopback",
        columns=["route group", "requests", "errors", "p50 ms", "p95 ms", "p99 ms", "max ms"],
    )
    every: list[float] = []
    errors: list[str] = []
    for group, tally in tallies.items():
        ordered = sorted(tally.times_ms)
        every += ordered
        errors += tally.errors
        section.rows.append(_row(group, ordered, tally.errors))
    section.rows.append(_row("**all**", sorted(every), errors))
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    total = len(every) + len(errors)
    section.notes.append(
        f"{total} requests in {wall_s:.1f} s: {total / wall_s:.1f} requests/s; "
        f"**{len(errors)} errors** (any status but 200, or a connection failure)."
        + (f" First errors: {errors[:5]}" if errors else "")
    )
    section.notes.append(
        f"Server: uvicorn, one process (as `lydiard serve`), accounts mode, over the web "
        f"benchmark's 10-year database ({ids['count']} activities), SQLite; it used "
        f"{cpu:.0f} s of CPU in {wall_s:.0f} s. Clients: {CLIENTS} threads in the benchmark "
        "process, httpx, one keep-alive connection each, logged in through /api/login; "
        "each picks a route group by weight (pages 30, API 27 incl. a PATCH of an "
        "activity's notes, static 3 of 60) and an activity among the newest 200."
    )
    section.notes.append(
        "Latency is the client's (request sent to body read), so it includes queueing "
        "behind the other 19 clients: with one server process on a shared 2-vCPU machine "
        f"(load average {load:.1f} at the end; the clients share the same cores) the "
        "percentiles measure throughput under contention, not the single-request times "
        "of the web benchmark above."
    )
    if errors:
        print(f"LOAD TEST ERRORS: {errors[:20]}", file=sys.stderr)
    return section


def _row(group: str, ordered: list[float], errors: list[str]) -> list[object]:
    return [
        group,
        len(ordered) + len(errors),
        len(errors),
        f"{statistics.median(ordered):.0f}" if ordered else "-",
        f"{_percentile(ordered, 0.95):.0f}",
        f"{_percentile(ordered, 0.99):.0f}",
        f"{max(ordered):.0f}" if ordered else "-",
    ]


def _cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a running process (Linux /proc), NaN elsewhere."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return float("nan")
