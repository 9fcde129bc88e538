"""What the pages compute: checked against hand calculations and the core's own functions."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, timedelta

import numpy as np
import pytest

from lydiard.errors import InputError
from lydiard.model import Sport
from lydiard.physiology import fitness_fatigue
from lydiard.store import PlannedSession, StoredPlan, Threshold, ThresholdKind, open_store
from lydiard.web.encoding import html_json, jsonable
from lydiard.web.views.calendar import calendar_view
from lydiard.web.views.fitness import fitness_view
from lydiard.web.views.history import week_start
from lydiard.web.views.loads import thresholds_on
from lydiard.web.views.route import route_svg
from lydiard.web.views.settings import parse_threshold
from lydiard.web.views.workouts import workout_preview
from store_factories import make_activity


@pytest.fixture
def store(tmp_path):
    store = open_store(f"sqlite:///{tmp_path / 'views.db'}")
    yield store
    store.close()


def _run(store, athlete_id, day: date, *, hour=6, sport=Sport.RUN, n=600, load=None):
    start = datetime(day.year, day.month, day.day, hour, tzinfo=UTC)
    result = store.activities.add(
        athlete_id, make_activity(start, n=n, sport=sport, timezone="UTC", seed=day.day + hour)
    )
    if load is not None:
        store.activities.set_load(result.activity_id, load=load, load_method="hr")
    return result.activity_id


def test_fitness_matches_the_core_and_a_hand_calculation(store):
    athlete = store.athletes.ensure("ann")
    first = date(2024, 5, 1)
    loads = {first: 100.0, first + timedelta(days=3): 50.0, first + timedelta(days=10): 80.0}
    for day, load in loads.items():
        _run(store, athlete.id, day, load=load)
    today = first + timedelta(days=20)
    view = fitness_view(store, athlete, today, 0)
    assert view.days[0] == first
    assert view.days[-1] == today
    expected = np.zeros(21)
    for day, load in loads.items():
        expected[(day - first).days] = load
    core = fitness_fatigue(expected)
    np.testing.assert_allclose(view.fitness, core.fitness, rtol=0, atol=1e-12)
    np.testing.assert_allclose(view.form, core.form, rtol=0, atol=1e-12)
    # By hand (TrainingPeaks 1/N): CTL after day 0 = 100/42; ATL = 100/7.
    assert view.fitness[0] == pytest.approx(100 / 42, abs=1e-12)
    assert view.fatigue[0] == pytest.approx(100 / 7, abs=1e-12)
    assert view.form[1] == pytest.approx(100 / 42 - 100 / 7, abs=1e-12)
    # A 90-day window of a 21-day history is the whole history.
    assert len(fitness_view(store, athlete, today, 90).days) == 21


def test_long_windows_are_thinned_to_weekly_points(store):
    athlete = store.athletes.ensure("ann")
    first = date(2021, 3, 3)
    today = first + timedelta(days=1000)
    # A load every 9th day (varying), so weeks hold 0, 1 or 2 sessions.
    for k, offset in enumerate(range(0, 1001, 9)):
        _run(store, athlete.id, first + timedelta(days=offset), n=60, load=40.0 + k % 7 * 10)
    daily = fitness_view(store, athlete, today, 0, weekly=False)
    view = fitness_view(store, athlete, today, 0)
    assert daily.step_days == 1
    assert len(daily.days) == 1001
    assert view.step_days == 7  # 1001 days > DAILY_LIMIT_DAYS
    # Points every 7 days ending today: 1000 // 7 + 1 = 143, the first on day 1000 % 7 = 6.
    assert len(view.days) == 143
    assert view.days[-1] == today
    assert view.days[0] == first + timedelta(days=6)
    assert all((b - a).days == 7 for a, b in zip(view.days, view.days[1:], strict=False))
    at = [(d - first).days for d in view.days]
    np.testing.assert_array_equal(view.fitness, daily.fitness[at])
    np.testing.assert_array_equal(view.form, daily.form[at])
    # Load: the mean of the 7 days ending on the point (hand: first point covers days 0-6,
    # which hold the day-0 load 40 only -> 40 / 7).
    assert view.load[0] == pytest.approx(40.0 / 7, abs=1e-12)
    assert view.load[-1] == pytest.approx(daily.load[-7:].mean(), abs=1e-12)
    assert view.guards == daily.guards
    assert view.weeks == daily.weeks
    # Two years or less stays daily.
    assert fitness_view(store, athlete, today, 730).step_days == 1
    # A window starting mid-week counts only its own days in its first week.
    short = fitness_view(store, athlete, today, 90)
    in_window = [o for o in range(0, 1001, 9) if o > 1000 - 90]
    assert sum(w.count for w in short.weeks) == len(in_window) == 10
    assert short.weeks[0].week == week_start(first + timedelta(days=in_window[0]))


def test_weekly_volume_per_sport(store):
    athlete = store.athletes.ensure("ann")
    monday = date(2024, 6, 3)
    a = _run(store, athlete.id, monday, n=600)
    b = _run(store, athlete.id, monday + timedelta(days=2), n=900)
    c = _run(store, athlete.id, monday + timedelta(days=3), sport=Sport.BIKE, n=1200)
    d = _run(store, athlete.id, monday + timedelta(days=7), n=300)
    view = fitness_view(store, athlete, monday + timedelta(days=8), 0)
    weeks = {(w.week, w.sport): w for w in view.weeks}
    runs = weeks[(monday, Sport.RUN)]
    records = [store.activities.get(i) for i in (a, b, c, d)]
    assert runs.count == 2
    assert runs.distance_m == pytest.approx(records[0].distance_m + records[1].distance_m)
    assert weeks[(monday, Sport.BIKE)].moving_s == pytest.approx(records[2].moving_s)
    assert weeks[(monday + timedelta(days=7), Sport.RUN)].count == 1
    assert view.unscored == 4  # no loads were set


def test_calendar_matches_plan_and_done(store):
    athlete = store.athletes.ensure("ann")
    monday = date(2024, 6, 3)
    trail = _run(store, athlete.id, monday, sport=Sport.TRAIL_RUN)
    bike = _run(store, athlete.id, monday + timedelta(days=1), sport=Sport.BIKE)
    store.plans.add(
        athlete.id,
        StoredPlan(
            name="block",
            start_date=monday,
            end_date=monday + timedelta(days=6),
            sessions=(
                PlannedSession(monday, Sport.RUN, "Easy", planned_distance_m=10_000),
                PlannedSession(monday + timedelta(days=1), Sport.RUN, "Tempo"),
                PlannedSession(monday + timedelta(days=4), Sport.RUN, "Long run"),
            ),
        ),
    )
    view = calendar_view(store, athlete.id, "km", monday + timedelta(days=2), monday, 1)
    days = view.weeks[0].days
    # A trail run does for a planned run; a ride does not.
    assert days[0].planned[0].status == "done"
    assert days[0].planned[0].done_by is not None
    assert days[0].planned[0].done_by.id == trail
    assert days[0].unplanned == []
    assert days[1].planned[0].status == "missed"
    assert days[1].unplanned == [bike]
    assert days[4].planned[0].status == "planned"
    week = view.weeks[0]
    assert week.planned_m == {Sport.RUN: 10_000}
    assert set(week.done_m) == {Sport.TRAIL_RUN, Sport.BIKE}


def test_route_svg_north_up_and_thinned():
    # A square of about 1 km a side at 46 N, four fixes per side, with a missing fix.
    lat = np.array([46.0, 46.0, 46.0, 46.009, 46.009, 46.009, np.nan, 46.0])
    lon = np.array([7.0, 7.0065, 7.013, 7.013, 7.0065, 7.0, 7.0, 7.0])
    route = route_svg(lat, lon, width=200, height=200, pad=10)
    assert route is not None
    # 0.009 deg of latitude = 1000.8 m; 0.013 deg of longitude at 46 N = 1003.7 m.
    assert route.height_m == pytest.approx(1000.8, rel=2e-3)
    assert route.width_m == pytest.approx(1003.7, rel=2e-3)
    assert route.points == 7  # the NaN fix is skipped
    assert 'class="route-start"' in route.svg
    # The start (south-west) is drawn low and left: north up.
    start = route.svg.split('class="route-line"')[0]
    first = start.split('d="M')[1].split(" L")[0].split()
    assert float(first[0]) < 50
    assert float(first[1]) > 150
    assert route_svg(np.array([46.0]), np.array([7.0])) is None
    assert route_svg(np.array([np.nan, np.nan]), np.array([7.0, 7.1])) is None


def test_thresholds_for_loads_drop_inconsistent_heart_rates():
    from lydiard.store import Athlete

    day = date(2024, 6, 1)
    athlete = Athlete(
        id=1,
        name="x",
        thresholds=(
            Threshold(ThresholdKind.HR_MAX_BPM, 150, day),
            Threshold(ThresholdKind.LTHR_BPM, 170, day),  # above max: a typo
            Threshold(ThresholdKind.HR_REST_BPM, 45, day),
            Threshold(ThresholdKind.THRESHOLD_SPEED_MPS, 5.0, day),
        ),
    )
    th = thresholds_on(athlete, day)
    assert math.isnan(th.lthr_bpm)
    assert th.threshold_speed_mps == 5.0
    assert math.isnan(thresholds_on(athlete, day - timedelta(days=1)).threshold_speed_mps)


def test_threshold_text():
    assert parse_threshold(ThresholdKind.THRESHOLD_SPEED_MPS, "3:05/km") == pytest.approx(
        1000 / 185
    )
    assert parse_threshold(ThresholdKind.THRESHOLD_SPEED_MPS, "16 km/h") == pytest.approx(16 / 3.6)
    assert parse_threshold(ThresholdKind.LTHR_BPM, " 172 ") == 172.0
    with pytest.raises(InputError, match=r"Threshold pace \(LT2\): .*3:05/km"):
        parse_threshold(ThresholdKind.THRESHOLD_SPEED_MPS, "fast")
    with pytest.raises(InputError, match="Maximum heart rate: 'x' is not a number"):
        parse_threshold(ThresholdKind.HR_MAX_BPM, "x")
    with pytest.raises(InputError, match="positive"):
        parse_threshold(ThresholdKind.FTP_W, "-3")


def test_workout_preview_totals_and_errors():
    seed = "3 Mile Warm Up\n8 x 200 Meter Repeats\n400 Meter Jog Recovery\n2 Mile Cool Down"
    preview = workout_preview(seed, {})
    assert preview.ok
    # 3 mi + 8 x 200 m + 7 x 400 m + 2 mi = 4828.032 + 1600 + 2800 + 3218.688 m.
    assert preview.distance_m == pytest.approx(12446.72, abs=1e-6)
    assert [line.text for line in preview.lines] == [
        "3 mi warm-up",
        "8 x 200 m, 400 m jog between",
        "2 mi cool-down",
    ]
    assert math.isnan(preview.duration_s)  # no paces, no times
    timed = workout_preview("10 km easy", {"E": 4.0})
    assert timed.duration_s == pytest.approx(2500.0)  # 10 km at 4 m/s
    bad = workout_preview("8 x 200 Metr Repeats", {})
    assert not bad.ok
    assert bad.error is not None
    assert (bad.error.line, bad.error.column, bad.error.length) == (1, 9, 4)
    assert "did you mean 'Meter'" in bad.error.message


def test_json_encoding_for_api_and_pages():
    data = jsonable({"a": np.array([1.0, np.nan, np.inf]), "b": math.nan, "d": date(2024, 1, 2)})
    assert data == {"a": [1.0, None, None], "b": None, "d": "2024-01-02"}
    assert "<" not in html_json({"x": "</script><script>alert(1)</script>"})
    with pytest.raises(TypeError):
        jsonable(object())


def test_route_label_is_escaped():
    lat = np.array([46.0, 46.001])
    lon = np.array([7.0, 7.001])
    route = route_svg(lat, lon, label='"><script>alert(1)</script>')
    assert route is not None
    assert "<script>" not in route.svg
    assert "&quot;&gt;&lt;script&gt;" in route.svg
