"""Training load at import (LoadScorer), later scoring, and the thresholds of a day."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime

import pytest

from lydiard.exporters.fit_activity import encode_activity
from lydiard.ingest import InlineExecutor, import_paths
from lydiard.physiology import activity_loads
from lydiard.simulate.athlete import SimAthlete
from lydiard.simulate.session import simulate_session
from lydiard.store import Threshold, ThresholdKind
from lydiard.store.scoring import UNSCORED, LoadScorer, score_missing, thresholds_on
from lydiard.workouts import parse

ATHLETE = SimAthlete()
DAY = date(2025, 3, 4)


def run_file(tmp_path, text="12 km easy", seed=1):
    start = datetime(2025, 3, 4, 13, 30, tzinfo=UTC)
    activity = simulate_session(parse(text).sessions[0], ATHLETE, start, seed=seed).activity
    path = tmp_path / f"run{seed}.fit"
    path.write_bytes(encode_activity(activity))
    return path, activity


def set_thresholds(store, name, day):
    store.athletes.ensure(name, timezone="America/Phoenix")
    for kind, value in (
        (ThresholdKind.HR_REST_BPM, ATHLETE.hr_rest_bpm),
        (ThresholdKind.HR_MAX_BPM, ATHLETE.hr_max_bpm),
        (ThresholdKind.LTHR_BPM, round(ATHLETE.lthr_bpm)),
        (ThresholdKind.THRESHOLD_SPEED_MPS, ATHLETE.threshold_speed_mps),
    ):
        store.athletes.set_threshold(name, Threshold(kind, value, day))
    return store.athletes.get(name)


def test_thresholds_of_a_day_follow_their_effective_dates(store):
    person = set_thresholds(store, "jim", date(2025, 1, 1))
    store.athletes.set_threshold("jim", Threshold(ThresholdKind.LTHR_BPM, 175, date(2025, 3, 1)))
    store.athletes.set_threshold("jim", Threshold(ThresholdKind.FTP_W, 330, date(2025, 1, 1)))
    person = store.athletes.get("jim")
    assert thresholds_on(person, date(2025, 2, 1)).lthr_bpm == round(ATHLETE.lthr_bpm)
    later = thresholds_on(person, date(2025, 3, 2))
    assert later.lthr_bpm == 175
    assert later.bike_ftp_w == later.ski_erg_ftp_w == 330
    assert math.isnan(thresholds_on(person, date(2024, 12, 31)).lthr_bpm)
    # a threshold HR above the maximum leaves the HR values out instead of failing
    store.athletes.set_threshold("jim", Threshold(ThresholdKind.LTHR_BPM, 200, date(2025, 4, 1)))
    odd = thresholds_on(store.athletes.get("jim"), date(2025, 4, 2))
    assert math.isnan(odd.lthr_bpm)
    assert odd.threshold_speed_mps == pytest.approx(ATHLETE.threshold_speed_mps)


def test_import_stores_the_load_the_physiology_core_gives(store, tmp_path):
    person = set_thresholds(store, "jim", date(2025, 1, 1))
    path, activity = run_file(tmp_path)
    report = import_paths([path], store, athlete="jim", executor=InlineExecutor())
    record = store.activities.get(report.items[0].activity_id)
    expected = activity_loads(activity, thresholds_on(person, DAY))[0]
    assert record.load_method == "hr"
    # the same function on the stored (FIT-rounded) samples: within 0.5 %
    assert record.load == pytest.approx(expected.load, rel=0.005)
    assert record.trimp == pytest.approx(expected.trimp, rel=0.005)
    assert record.pace_load is not None
    assert record.pace_load > 0
    direct = LoadScorer(person)(activity)
    assert direct.load == pytest.approx(expected.load)


def test_activities_imported_before_thresholds_are_scored_later(store, tmp_path):
    store.athletes.ensure("ann")
    path, _ = run_file(tmp_path, seed=2)
    report = import_paths([path], store, athlete="ann", executor=InlineExecutor())
    record = store.activities.get(report.items[0].activity_id)
    assert (record.load, record.load_method) == (None, UNSCORED)  # tried: nothing to go on
    person = store.athletes.get("ann")
    assert score_missing(store, person).scored == 0  # not tried again unless asked
    person = set_thresholds(store, "ann", date(2025, 1, 1))
    seen = []
    done = score_missing(store, person, retry=True, progress=lambda d, t: seen.append((d, t)))
    assert (done.scored, done.unscorable, seen) == (1, 0, [(1, 1)])
    assert store.activities.get(record.id).load_method == "hr"
