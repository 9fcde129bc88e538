import csv
import importlib.util
import itertools
from datetime import datetime

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.synthetic import Block, activity_from, interval_session, simulate, steady
from lydiard.analysis import PartKind, RepSource, prepare, reps
from lydiard.model import Activity, Lap, Samples, Sport

SESSIONS = {
    # name: (blocks, rep distance m)
    "20 x 1 km, 60-90 s jogs": (
        interval_session(3000, 3.3, 20, 1000, 5.5, recovery_s=(60, 90), recovery_mps=2.7),
        1000,
    ),
    "12 x 400 m, 100 m recoveries": (
        interval_session(3000, 3.3, 12, 400, 5.8, recovery_m=100, recovery_mps=1.8),
        400,
    ),
    "8 x 200 m, 400 m jogs": (
        interval_session(3000, 3.3, 8, 200, 6.4, recovery_m=400, recovery_mps=2.9),
        200,
    ),
    "5 x 1600 m, 2 min standing": (
        interval_session(3000, 3.3, 5, 1600, 5.3, recovery_s=120.0, recovery_mps=0.0),
        1600,
    ),
}


def _check_tiling(result, activity: Activity) -> None:
    parts = list(result)
    t = activity.samples.time_s
    assert parts[0].start_s == pytest.approx(t[0])
    assert parts[-1].end_s == pytest.approx(t[-1])
    for a, b in itertools.pairwise(parts):
        assert b.start_s == pytest.approx(a.end_s)
    kinds = [p.kind for p in parts]
    reps_at = [i for i, k in enumerate(kinds) if k is PartKind.REP]
    inner = kinds[reps_at[0] : reps_at[-1] + 1]
    assert set(inner) <= {PartKind.REP, PartKind.RECOVERY}
    assert all(k is PartKind.WARMUP for k in kinds[: reps_at[0]])
    assert all(k is PartKind.COOLDOWN for k in kinds[reps_at[-1] + 1 :])


@pytest.mark.parametrize("gps", [False, True], ids=["device", "gps"])
@pytest.mark.parametrize("name", list(SESSIONS))
def test_synthetic_sessions_are_found_rep_by_rep(name, gps):
    blocks, rep_m = SESSIONS[name]
    activity, truth = simulate(blocks, gps=gps, device_distance=not gps, seed=11)
    result = reps(activity)
    true_reps = [x for x in truth if x.kind == "rep"]
    found = result.reps
    assert result.source is RepSource.SPEED
    assert len(found) == len(true_reps), result.reason
    assert len(result.recoveries) == len(true_reps) - 1
    for got, want in zip(found, true_reps, strict=True):
        # Within a few seconds: the athlete takes 2-3 s to change speed.
        assert got.start_s == pytest.approx(want.start_s, abs=3.5)
        assert got.end_s == pytest.approx(want.end_s, abs=3.5)
        # GPS on a track is worse than a watch's filtered distance on short reps.
        assert got.distance_m == pytest.approx(want.distance_m, rel=0.1 if gps else 0.05)
        assert got.speed_mps == pytest.approx(want.distance_m / want.duration_s, rel=0.06)
        assert np.isfinite(got.avg_heart_rate_bpm)
    assert result.nominal_distance_m == rep_m
    _check_tiling(result, activity)


def test_recoveries_show_heart_rate_coming_down():
    blocks, _ = SESSIONS["5 x 1600 m, 2 min standing"]
    activity, _ = simulate(blocks, seed=3)
    result = reps(activity)
    for rec in result.recoveries:
        assert rec.end_heart_rate_bpm < rec.start_heart_rate_bpm - 10
        assert rec.distance_m < 30  # standing (device distance barely moves)
        assert rec.speed_mps < 0.3


def test_steady_runs_have_no_reps():
    easy = steady(3.3, 3600, heart_rate_bpm=140.0)
    assert len(reps(easy)) == 0
    assert reps(easy).reason
    noisy, _ = simulate([Block("warmup", 3.4, distance_m=12000)], gps=True, seed=9)
    assert reps(noisy).reps == ()


def _hilly(grades: np.ndarray, seconds: np.ndarray, speed_of) -> Activity:
    """A run over hills: grade and speed per stretch, one sample a second."""
    per_second_grade = np.repeat(grades, seconds.astype(int))
    v = speed_of(per_second_grade)
    t = np.arange(float(v.size))
    d = np.concatenate(([0.0], np.cumsum(v[:-1])))
    alt = 500 + np.concatenate(([0.0], np.cumsum((v * per_second_grade)[:-1])))
    return activity_from(Sport.TRAIL_RUN, time_s=t, distance_m=d, altitude_m=alt)


def test_a_hilly_long_run_is_not_taken_for_reps():
    # Irregular climbs and descents of 2-12 minutes at 4-15 %, hiked up and run down.
    rng = np.random.default_rng(4)
    grades = rng.uniform(0.04, 0.15, 24) * np.tile([1, -1], 12)
    seconds = rng.uniform(120, 720, 24)
    a = _hilly(grades, seconds, lambda g: np.where(g > 0, 3.2 - 12 * g, 3.4 - 3 * g))
    result = reps(a)
    assert result.reps == ()
    assert "irregular" in result.reason or "distinct" in result.reason


def test_hill_repeats_are_found():
    # 2 km flat warm-up, 8 x 90 s hard up a 10 % hill, jog back down, 2 km cool-down.
    grades = np.r_[0.0, np.tile([0.10, -0.10], 8), 0.0]
    seconds = np.r_[600, np.tile([90, 150], 8), 600]
    a = _hilly(grades, seconds, lambda g: np.where(g > 0, 3.6, np.where(g < 0, 2.4, 3.3)))
    result = reps(a)
    assert len(result.reps) == 8
    assert all(r.ascent_m > 25 for r in result.reps)  # 90 s at 3.6 m/s up 10 % = 32 m
    assert [r.elapsed_s for r in result.reps] == pytest.approx([90] * 8, abs=4)


def test_tempo_run_with_warmup_is_not_intervals():
    # Warm-up 15 min, tempo 30 min, cool-down 10 min: one hard stretch is not a rep set.
    v = np.r_[np.full(900, 3.0), np.full(1800, 4.2), np.full(601, 3.0)]
    assert reps(steady(v, 3300)).reps == ()


def test_reps_from_manual_laps():
    blocks, _ = SESSIONS["12 x 400 m, 100 m recoveries"]
    activity, truth = simulate(blocks, seed=5)
    laps = tuple(Lap(start_s=x.start_s, end_s=x.end_s, trigger="manual") for x in truth)
    lapped = Activity(start_time=activity.start_time, samples=activity.samples, laps=laps)
    result = reps(lapped)
    assert result.source is RepSource.LAPS
    assert len(result.reps) == 12
    for got, want in zip(result.reps, [x for x in truth if x.kind == "rep"], strict=True):
        assert got.start_s == pytest.approx(want.start_s)
        assert got.end_s == pytest.approx(min(want.end_s, activity.samples.time_s[-1]))
    _check_tiling(result, lapped)


def test_laps_with_intensity_are_used_as_they_are():
    activity = steady(3.0, 1000)
    laps = (
        Lap(0, 200, intensity="warmup"),
        Lap(200, 400, intensity="active"),
        Lap(400, 500, intensity="rest"),
        Lap(500, 700, intensity="active"),
        Lap(700, 1000, intensity="cooldown"),
    )
    lapped = Activity(start_time=activity.start_time, samples=activity.samples, laps=laps)
    result = reps(lapped)
    assert result.source is RepSource.LAPS
    assert [(p.kind.value, p.start_s, p.end_s) for p in result] == [
        ("warmup", 0, 200),
        ("rep", 200, 400),
        ("recovery", 400, 500),
        ("rep", 500, 700),
        ("cooldown", 700, 1000),
    ]


def test_automatic_km_laps_are_ignored():
    blocks, _ = SESSIONS["20 x 1 km, 60-90 s jogs"]
    activity, _ = simulate(blocks, seed=8)
    tr = prepare(activity)
    bounds = np.interp(np.arange(0, tr.distance_total_m, 1000.0), tr.distance_m, tr.time_s)
    ends = np.append(bounds[1:], tr.time_s[-1])
    laps = tuple(Lap(a, b, trigger="distance") for a, b in zip(bounds, ends, strict=True))
    lapped = Activity(start_time=activity.start_time, samples=activity.samples, laps=laps)
    result = reps(lapped)
    assert result.source is RepSource.SPEED
    assert len(result.reps) == 20
    assert reps(lapped, use_laps=False).source is RepSource.SPEED


def test_no_samples():
    empty = activity_from(time_s=np.zeros(0))
    assert reps(empty).reason == "no samples"


def _tcpd(shared_data):
    path = shared_data / "intervals_trail" / "tcpd_run_log_stats.csv"
    with path.open() as f:
        rows = list(csv.DictReader(f))
    stamps = [datetime.fromisoformat(r["Time"].replace("Z", "+00:00")) for r in rows]
    t = np.array([(s - stamps[0]).total_seconds() for s in stamps])
    d = np.array([float(r["Distance"]) for r in rows])  # metres
    samples = Samples.from_columns(time_s=t, distance_m=d)
    activity = Activity(start_time=stamps[0], samples=samples, sport=Sport.RUN)
    stages = [r["Stage"] for r in rows]
    return activity, t, stages


def test_real_run_walk_session_matches_its_stage_labels(shared_data):
    # RunDouble, 5 s samples: WU, 1, 1R, 2, 2R, 3, 3R, 4, CD (runs and walking breaks).
    activity, t, stages = _tcpd(shared_data)
    result = reps(activity)
    assert len(result.reps) == 4
    assert len(result.recoveries) == 3
    starts = [t[stages.index(s)] for s in ("1", "2", "3", "4")]
    ends = [t[stages.index(s)] for s in ("1R", "2R", "3R", "CD")]
    for rep, start, end in zip(result.reps, starts, ends, strict=True):
        # Phone GPS at 5 s: within two samples of the labelled changes.
        assert rep.start_s == pytest.approx(start, abs=10.5)
        assert rep.end_s == pytest.approx(end, abs=10.5)
    # The labelled reps are 3, 5, 3 and 5 minutes of running.
    durations = [r.elapsed_s for r in result.reps]
    assert durations == pytest.approx([180, 300, 180, 300], abs=15)
    _check_tiling(result, activity)


needs_fit = pytest.mark.skipif(
    importlib.util.find_spec("lydiard.importers.fit") is None,
    reason="the FIT reader (lydiard.importers.fit) is not available on this branch",
)


@needs_fit
def test_real_fit_with_five_manual_lap_reps(shared_data):
    from lydiard.importers import read_activity

    a = read_activity(shared_data / "intervals_trail" / "sportslib_6914538454.fit")
    result = reps(a)
    # SOURCES.md: 5 reps of ~3:22 (~850 m at ~3:57/km) with 1 min recoveries.
    assert len(result.reps) == 5
    assert [r.elapsed_s for r in result.reps[1:]] == pytest.approx([202] * 4, abs=4)
    assert all(55 <= r.elapsed_s <= 65 for r in result.recoveries)
    assert reps(a, use_laps=False).reps  # found from speed too


@needs_fit
@pytest.mark.parametrize(
    "name", ["sportslib_samples_garmin_fr910xt_mountain.fit", "sportslib_6910052863.fit"]
)
def test_real_mountain_runs_have_no_reps(shared_data, name):
    from lydiard.importers import read_activity

    a = read_activity(shared_data / "intervals_trail" / name)
    assert reps(a).reps == ()


@settings(max_examples=15, deadline=None)
@given(
    count=st.integers(3, 10),
    rep_m=st.sampled_from([200.0, 400.0, 800.0, 1000.0]),
    rep_mps=st.floats(4.8, 6.5),
    rest=st.sampled_from(["jog", "walk", "stand"]),
    seed=st.integers(0, 10_000),
    gps=st.booleans(),
)
def test_reps_and_recoveries_tile_the_session(count, rep_m, rep_mps, rest, seed, gps):
    recovery_mps = {"jog": 2.6, "walk": 1.4, "stand": 0.0}[rest]
    blocks = interval_session(
        1500, 3.2, count, rep_m, rep_mps, recovery_s=75.0, recovery_mps=recovery_mps, seed=seed
    )
    activity, _ = simulate(blocks, gps=gps, device_distance=not gps, seed=seed)
    result = reps(activity)
    assert len(result.reps) == count
    _check_tiling(result, activity)
    track = prepare(activity)
    assert sum(p.elapsed_s for p in result) == pytest.approx(track.elapsed_s)
    assert sum(p.distance_m for p in result) == pytest.approx(track.distance_total_m)
    assert sum(p.moving_s for p in result) == pytest.approx(track.moving_s)


@settings(max_examples=15, deadline=None)
@given(
    speed=st.floats(2.5, 4.5),
    minutes=st.floats(20, 60),
    stops=st.lists(st.floats(20, 90), max_size=3),
    wobble=st.floats(0.02, 0.06),
    seed=st.integers(0, 10_000),
    gps=st.booleans(),
)
def test_steady_runs_with_stops_have_no_reps(speed, minutes, stops, wobble, seed, gps):
    # Traffic lights: standing 20-90 s a few times in a steady run is not a rep set.
    leg = speed * minutes * 60 / (len(stops) + 1)
    blocks = [Block("warmup", speed, distance_m=leg)]
    for pause in stops:
        blocks += [Block("recovery", 0.0, duration_s=pause), Block("warmup", speed, distance_m=leg)]
    activity, _ = simulate(blocks, gps=gps, device_distance=not gps, seed=seed, speed_wobble=wobble)
    assert reps(activity).reps == ()
