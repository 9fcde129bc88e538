"""Screenshots of every page for docs/screenshots (``python -m bench.screenshots``).

Builds a store with two years of synthetic training (bench/synthetic_history.py) and a
coach's squad, serves the app on a free loopback port, and photographs each page with
Debian's chromium through playwright.
"""

from __future__ import annotations

import argparse
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path

from bench.synthetic_history import build_history
from lydiard.settings import Settings
from lydiard.store import ActivityFilter, open_store
from lydiard.web import WebConfig, create_app
from lydiard.web.server import background_server

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
END = date(2025, 3, 12)


def pages(store, athlete_id: int) -> dict[str, str]:
    runs = store.activities.list(ActivityFilter(athlete_id=athlete_id, end=END))
    intervals = next(r for r in runs if r.name and " x " in r.name)
    long_run = next(r for r in runs if r.name == "Long run")
    log = store.sharing.update(athlete_id, enabled=True, title="Jim's training log")
    base = f"/athletes/{athlete_id}"
    return {
        "today": f"{base}/today",
        "calendar": f"{base}/calendar",
        "activities": f"{base}/activities",
        "activity": f"/activities/{intervals.id}",
        "activity-long-run": f"/activities/{long_run.id}",
        "fitness": f"{base}/fitness",
        "plan": f"{base}/plan",
        "workouts": f"{base}/workouts",
        "upload": f"{base}/upload",
        "settings": f"{base}/settings",
        "sharing": f"{base}/sharing",
        "squad": "/squad",
        "public-log": f"/share/{log.token}",
        "public-activity": f"/share/{log.token}/activities/{intervals.id}",
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--years", type=float, default=2.0)
    parser.add_argument("--only", nargs="*", help="page names to take")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="lydiard-shots-") as folder:
        settings = Settings.for_data_dir(folder, athlete="jim")
        store = open_store(settings)
        report = build_history(store, name="jim", years=args.years, end=END)
        build_history(store, name="ann", years=0.4, end=END, seed=2, units="mi")
        clock = datetime(END.year, END.month, END.day, 19, 0, tzinfo=UTC)
        app = create_app(settings, WebConfig(clock=lambda: clock), store=store)
        targets = pages(store, report.athlete_id)
        args.out.mkdir(parents=True, exist_ok=True)
        with background_server(app) as url, sync_playwright() as p:
            context = p.chromium.launch_persistent_context(
                tempfile.mkdtemp(prefix="lydiard-chromium-"),
                executable_path=CHROMIUM,
                headless=True,
                args=ARGS,
                viewport={"width": 1280, "height": 900},
                device_scale_factor=1,
            )
            page = context.new_page()
            for name, path in targets.items():
                if args.only and name not in args.only:
                    continue
                page.goto(url + path, wait_until="networkidle")
                page.wait_for_timeout(400)
                page.screenshot(path=str(args.out / f"{name}.png"), full_page=True)
                print(f"{name}: {path}")
            context.close()
        store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
