"""The web app in a real browser: Debian's chromium driven by playwright.

One browser for the whole module, one server (a background thread on a free loopback
port, accounts on, a temporary data folder). Skipped, with the reason, where
/usr/bin/chromium or playwright is missing.
"""

from __future__ import annotations

import importlib.util
import io
import shutil
import tempfile
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import fitdecode
import pytest

from lydiard.settings import Settings
from lydiard.store import Threshold, ThresholdKind, open_store
from lydiard.web import WebConfig, create_app
from lydiard.web.server import background_server
from lydiard.web.views.loads import score_missing
from store_factories import make_activity
from web_support import PASSWORD, fit_run

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
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
TODAY = date(2024, 6, 20)

if not CHROMIUM.exists():
    pytest.skip(
        f"{CHROMIUM} not installed (CI installs Debian's chromium)", allow_module_level=True
    )
if importlib.util.find_spec("playwright") is None:
    pytest.skip("playwright is not installed", allow_module_level=True)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    folder = tmp_path_factory.mktemp("browser-data")
    settings = Settings.for_data_dir(folder)
    store = open_store(settings)
    athlete = store.athletes.ensure("ann", timezone="UTC")
    for kind, value in (
        (ThresholdKind.HR_MAX_BPM, 190),
        (ThresholdKind.HR_REST_BPM, 45),
        (ThresholdKind.LTHR_BPM, 170),
        (ThresholdKind.VDOT, 60),
    ):
        store.athletes.set_threshold(athlete.id, Threshold(kind, value, date(2024, 1, 1)))
    for day in range(0, 60, 2):
        start = datetime(2024, 4, 22, 6, tzinfo=UTC) + timedelta(days=day)
        store.activities.add(athlete.id, make_activity(start, n=1200, seed=day, timezone="UTC"))
    score_missing(store, store.athletes.get(athlete.id))
    store.users.create("ann", PASSWORD, "athlete", athlete_id=athlete.id)
    clock = datetime(2024, 6, 20, 12, tzinfo=UTC)
    app = create_app(settings, WebConfig(accounts=True, clock=lambda: clock), store=store)
    with background_server(app) as url:
        yield url, athlete.id
    store.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    profile = tempfile.mkdtemp(prefix="lydiard-chromium-")
    try:
        with sync_playwright() as p:
            context = p.chromium.launch_persistent_context(
                profile,
                executable_path=str(CHROMIUM),
                headless=True,
                args=ARGS,
                accept_downloads=True,
                viewport={"width": 1280, "height": 900},
            )
            yield context
            context.close()
    finally:
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def page(browser, server):
    """A page logged in as ann (logging in through the form when the session is new)."""
    url, athlete_id = server
    page = browser.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{url}/athletes/{athlete_id}/today")
    if "/login" in page.url:
        page.fill("input[name=username]", "ann")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"**/athletes/{athlete_id}/today")
    page.errors = errors  # type: ignore[attr-defined]
    yield page
    page.close()


def test_login_then_today(browser, server):
    url, athlete_id = server
    browser.clear_cookies()
    page = browser.new_page()
    page.goto(f"{url}/athletes/{athlete_id}/today")
    assert "/login" in page.url
    page.fill("input[name=username]", "ann")
    page.fill("input[name=password]", "wrong password")
    page.click("button[type=submit]")
    assert page.locator("[role=alert]").inner_text() == "Wrong user name or password."
    page.fill("input[name=username]", "ann")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"**/athletes/{athlete_id}/today")
    assert page.locator("#readiness h3").inner_text().lower() == "readiness"
    assert "Thursday 20 June 2024" in page.locator("h1").inner_text()
    page.close()


def test_fitness_chart_is_drawn_without_console_errors(page, server):
    url, athlete_id = server
    page.goto(f"{url}/athletes/{athlete_id}/fitness")
    page.wait_for_selector("#chart-pmc svg.main-svg")
    page.wait_for_selector("#chart-volume svg.main-svg")
    assert page.locator("#chart-pmc .scatterlayer .trace").count() >= 3
    assert page.locator("#chart-volume .barlayer .trace").count() >= 1
    assert page.errors == []


def test_build_a_workout_and_download_its_fit(page, server):
    from playwright.sync_api import expect

    url, athlete_id = server
    page.goto(f"{url}/athletes/{athlete_id}/workouts")
    area = page.locator("#workout-text")
    area.fill("3 km warm-up\n6 x 800 m at I pace, 400 m jog between\n2 km cool-down")
    expect(page.locator("#wk-title")).to_have_text("6 x 800 m @ I pace")
    # 3 km + 6 x 800 m + 5 x 400 m + 2 km = 11.80 km (hand calculation).
    assert page.locator("#wk-distance").inner_text() == "11.80 km"
    area.fill("3 km warm-up\n6 x 800 Metr")
    expect(page.locator("#wk-error")).to_be_visible()
    assert "did you mean" in page.locator("#wk-error").inner_text()
    assert page.locator("#download-fit").is_disabled()
    area.fill("3 km warm-up\n6 x 800 m at I pace, 400 m jog between\n2 km cool-down")
    expect(page.locator("#download-fit")).to_be_enabled()
    with page.expect_download() as info:
        page.click("#download-fit")
    download = info.value
    assert download.suggested_filename == "6-x-800-m-i-pace.fit"
    data = Path(download.path()).read_bytes()
    assert data[8:12] == b".FIT"
    steps = []
    with fitdecode.FitReader(io.BytesIO(data)) as reader:
        for frame in reader:
            if isinstance(frame, fitdecode.FitDataMessage) and frame.name == "workout_step":
                steps.append(frame)
    assert len(steps) >= 3
    assert page.errors == []


def test_upload_a_fit_file_and_see_its_splits(page, server, tmp_path):
    if importlib.util.find_spec("lydiard.importers.fit") is None:
        pytest.skip("the FIT reader (lydiard.importers.fit) is not merged yet")
    url, athlete_id = server
    path = tmp_path / "intervals.fit"
    path.write_bytes(fit_run(datetime(2024, 6, 20, 10, tzinfo=UTC)))
    page.goto(f"{url}/athletes/{athlete_id}/upload")
    page.set_input_files("#files", str(path))
    page.wait_for_selector("#results a.activity-link")
    assert "added" in page.locator("#results .outcome").inner_text()
    page.click("#results a.activity-link")
    page.wait_for_selector("#splits table")
    # 2700 s: 600 s at 3.2 m/s, 5 x (180 s at 5.4 + 120 s at 3.2), 600 s at 3.2 = 10.26 km.
    assert page.locator("#splits tbody tr").count() == 11
    assert page.locator("#reps").is_visible()
    page.wait_for_selector("#chart-activity svg.main-svg")
    assert page.errors == []
