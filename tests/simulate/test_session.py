"""Simulated sessions checked against the analysis module (reps, splits, climb, GAP)."""

from __future__ import annotations

import math
from datetime import UTC, datetime

import numpy as np
import pytest

from lydiard.analysis import PartKind
from lydiard.model import Sport
from lydiard.simulate.athlete import SimAthlete
from lydiard.simulate.session import SimulatedSession, simulate_session
from lydiard.workouts import parse

START = datetime(2025, 3, 4, 13, 30, tzinfo=UTC)
ATHLETE = SimAthlete()
TWENTY_K = "3 km warm-up / 20 x 1 km @ T pace, 200 m jog between / 3 km cool-down"


def sim(text: str, seed: int = 1, **options: object) -> SimulatedSession:
    return simulate_session(parse(text).sessions[0], ATHLETE, START, seed=seed, **options)


@pytest.fixture(scope="module")
def reps_session() -> SimulatedSession:
    return sim(TWENTY_K, seed=4)


@pytest.fixture(scope="module")
def trail_run() -> SimulatedSession:
    return sim("30 km trail long run @ 3:40/km", seed=2, climb_per_km=30.0, stop_chance=0.0)


def test_reps_are_found_from_speed_alone_at_the_target_pace(reps_session):
    found = reps_session.activity.reps(use_laps=False)
    reps = [p for p in found if p.kind is PartKind.REP]
    assert len(reps) == 20
    target = ATHLETE.paces.threshold_mps
    for part, truth in zip(reps, reps_session.reps, strict=True):
        # each rep is 1 km at T pace: distance within 5 %, speed within 4 % of T
        assert part.distance_m == pytest.approx(1000, rel=0.05)
        assert part.speed_mps == pytest.approx(target, rel=0.04)
        assert part.start_s == pytest.approx(truth.start_s, abs=6)


def test_structured_sessions_have_a_lap_per_step(reps_session):
    laps = reps_session.activity.laps
    assert len(laps) == 1 + 20 + 19 + 1  # warm-up, reps, jogs between, cool-down
    assert [lap.intensity for lap in laps[:3]] == ["warmup", "interval", "recovery"]
    assert laps[-1].trigger == "session_end"
    assert all(laps[i].end_s == laps[i + 1].start_s for i in range(len(laps) - 1))
    from_laps = reps_session.activity.reps()
    assert sum(p.kind is PartKind.REP for p in from_laps) == 20


def test_heart_rate_answers_the_effort(reps_session):
    hr = reps_session.activity.samples.heart_rate_bpm
    assert np.isfinite(hr).all()
    assert (hr == np.round(hr)).all()
    assert hr.max() <= ATHLETE.hr_max_bpm
    found = [p for p in reps_session.activity.reps(use_laps=False)]
    reps = [p.avg_heart_rate_bpm for p in found if p.kind is PartKind.REP]
    jogs = [p.avg_heart_rate_bpm for p in found if p.kind is PartKind.RECOVERY]
    # reps near threshold HR, recoveries well below
    assert np.mean(reps) == pytest.approx(ATHLETE.lthr_bpm, abs=8)
    assert np.mean(jogs) < np.mean(reps) - 8


def test_easy_run_splits_sit_near_easy_pace():
    run = sim("16 km easy", seed=3, stop_chance=0.0)
    splits = [s for s in run.activity.splits("km") if s.distance_m > 900]
    gap = np.array([s.gap_speed_mps for s in splits])
    e_pace = ATHLETE.paces.easy_mps
    # easy days are run by feel (2.5 % day to day) and by effort over the rolling roads:
    # the grade-adjusted pace of every km within 6 % of the day's (descents are capped)
    assert np.median(gap) == pytest.approx(e_pace, rel=0.06)
    assert np.abs(gap / np.median(gap) - 1).max() < 0.06
    cadence = run.activity.samples.cadence_rpm
    assert 84 <= np.median(cadence) <= 92  # strides per minute: 168-184 steps


def test_trail_run_climb_and_grade_adjusted_pace(trail_run):
    summary = trail_run.activity.summary()
    assert trail_run.activity.sport is Sport.TRAIL_RUN
    assert trail_run.activity.sub_sport == "trail"
    # the analysis finds the profile's climb (barometric noise, smoothing): within 8 %
    assert summary.ascent_m == pytest.approx(trail_run.climb_m, rel=0.08)
    assert trail_run.climb_m == pytest.approx(900, rel=0.15)  # 30 m/km over 30 km
    # held at equal effort: grade-adjusted pace near the target (descents are capped, so
    # a little slower), the plain pace clearly slower on this hilly loop
    target = 1000 / 220
    assert summary.gap_speed_mps == pytest.approx(target, rel=0.05)
    assert summary.speed_mps < 0.95 * target
    # the device's own climb is the barometer's: within 3 % of the truth
    assert trail_run.activity.sessions[0].ascent_m == pytest.approx(trail_run.climb_m, rel=0.05)


def test_the_same_seed_gives_the_same_activity():
    a, b, c = sim("10 km easy", 9), sim("10 km easy", 9), sim("10 km easy", 10)
    assert a.activity.samples.equals(b.activity.samples)
    assert a.activity.laps == b.activity.laps
    assert not a.activity.samples.equals(c.activity.samples)


def test_a_paused_stop_leaves_a_gap_and_stops_the_timer():
    for seed in range(40):
        run = sim("20 km easy", seed=seed, stop_chance=1.0)
        paused = [s for s in run.segments if not s.recorded]
        if paused:
            break
    else:
        pytest.fail("no paused stop in 40 seeds (each long easy step stops; 35 % pause)")
    time_s = run.activity.samples.time_s
    assert np.diff(time_s).max() == pytest.approx(paused[0].end_s - paused[0].start_s + 1)
    session = run.activity.sessions[0]
    assert session.timer_s < session.elapsed_s - 50


def test_cross_training_sports():
    ride = sim("2 h bike Z2", seed=1)
    power = ride.activity.samples.power_w
    # Z2 is easy: 0.60 of VO2max = 0.60 / 0.8799 of FTP (225 W), ridden harder uphill
    assert np.nanmean(power) == pytest.approx(0.60 / 0.8799 * ATHLETE.bike_ftp_w, rel=0.12)
    assert 20 < ride.activity.summary().speed_mps * 3.6 < 45
    erg = sim("10 min easy ski erg / 6 x 4 min hard ski erg, 2 min easy between", seed=1)
    s = erg.activity.samples
    assert erg.activity.sport is Sport.SKI_ERG
    assert erg.activity.sub_sport == "indoor_skiing"
    assert np.isnan(s.lat_deg).all()
    assert np.isnan(s.altitude_m).all()
    assert np.isfinite(s.power_w).all()
    assert np.nanmax(s.cadence_rpm) < 70
    ski = sim("75 min Nordic ski easy", seed=1)
    assert ski.activity.sport is Sport.NORDIC_SKI
    assert 3.5 < ski.activity.summary().speed_mps < 7.5
    assert math.isnan(ski.activity.samples.power_w[0])


def test_beat_to_beat_intervals_match_the_heart_rate():
    run = sim("8 km easy", seed=2, rr=True)
    rr = np.asarray(run.activity.rr_intervals_s)
    samples = run.activity.samples
    beats = np.sum(samples.heart_rate_bpm[:-1] * np.diff(samples.time_s)) / 60
    assert rr.size == pytest.approx(beats, abs=2)
    assert rr.sum() == pytest.approx(samples.time_s[-1], rel=0.01)


def test_fatigue_slows_easy_running_and_lowers_heart_rate():
    fresh = sim("12 km easy", seed=5, stop_chance=0.0)
    tired = sim("12 km easy", seed=5, stop_chance=0.0, fatigue=1.0)
    assert tired.activity.summary().speed_mps < 0.985 * fresh.activity.summary().speed_mps
    hr_fresh = fresh.activity.summary().avg_heart_rate_bpm
    assert tired.activity.summary().avg_heart_rate_bpm < hr_fresh - 3
