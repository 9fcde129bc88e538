import math
from datetime import UTC, date, datetime

import numpy as np
import pytest

from lydiard.errors import InputError
from lydiard.model import Activity, Samples, Session, Sport
from lydiard.physiology.load import hr_load, pace_load, power_load
from lydiard.physiology.session import LoadMethod, Thresholds, activity_loads

TH = Thresholds(
    hr_rest_bpm=45,
    hr_max_bpm=190,
    lthr_bpm=168,
    threshold_speed_mps=5.0,
    bike_ftp_w=300,
    ski_erg_ftp_w=220,
)
START = datetime(2025, 6, 1, 22, 30, tzinfo=UTC)


def activity(sport, n=1800, utc_offset_s=None, **channels):
    t = np.arange(n, dtype=float)
    columns = {k: np.resize(np.asarray(v, dtype=float), n) for k, v in channels.items()}
    return Activity(
        start_time=START,
        samples=Samples.from_columns(time_s=t, **columns),
        sport=sport,
        utc_offset_s=utc_offset_s,
    )


def test_run_with_heart_rate_uses_hr_load_and_local_date():
    hr = [150, 160, 170]
    run = activity(Sport.RUN, heart_rate_bpm=hr, speed_mps=[4.0, 4.5], utc_offset_s=7200)
    (load,) = activity_loads(run, TH)
    assert load.method is LoadMethod.HR
    t, h = run.samples.time_s, run.samples.heart_rate_bpm
    assert load.load == pytest.approx(hr_load(t, h, hr_rest_bpm=45, hr_max_bpm=190, lthr_bpm=168))
    assert load.hr_load == load.load
    # the pace load is computed too, for the store, but not chosen
    assert load.pace_load == pytest.approx(
        pace_load(t, run.samples.speed_mps, threshold_speed_mps=5.0)
    )
    assert load.day == date(2025, 6, 2)  # 22:30 UTC is 00:30 the next day at UTC+2
    assert load.sport is Sport.RUN
    assert load.duration_s == pytest.approx(1799)


def test_bike_without_heart_rate_falls_back_to_power():
    ride = activity(Sport.BIKE, power_w=[200, 260, 320])
    (load,) = activity_loads(ride, TH)
    assert load.method is LoadMethod.POWER
    t, p = ride.samples.time_s, ride.samples.power_w
    assert load.load == pytest.approx(power_load(t, p, ftp_w=300))
    assert math.isnan(load.trimp)
    assert "no heart rate" in load.note


def test_ski_erg_uses_its_own_ftp():
    erg = activity(Sport.SKI_ERG, power_w=[180, 240])
    (load,) = activity_loads(erg, TH)
    assert load.load == pytest.approx(
        power_load(erg.samples.time_s, erg.samples.power_w, ftp_w=220)
    )


def test_run_without_hr_uses_grade_adjusted_speed_when_given():
    run = activity(Sport.TRAIL_RUN, speed_mps=[3.0, 3.5])
    gas = np.resize([4.0, 4.4], 1800)
    (plain,) = activity_loads(run, TH)
    (graded,) = activity_loads(run, TH, grade_adjusted_speed_mps=gas)
    assert plain.method is graded.method is LoadMethod.PACE
    assert "plain speed" in plain.note
    assert graded.load > plain.load
    with pytest.raises(InputError, match="grade-adjusted speed has 3 values"):
        activity_loads(run, TH, grade_adjusted_speed_mps=[1, 2, 3])


def test_nordic_ski_counts_through_heart_rate_only():
    ski = activity(Sport.NORDIC_SKI, heart_rate_bpm=[140, 155], speed_mps=[5.0])
    (load,) = activity_loads(ski, TH)
    assert load.method is LoadMethod.HR
    assert math.isnan(load.pace_load)  # pace load is for runs


def test_average_hr_when_there_is_no_stream():
    run = Activity(
        start_time=START,
        samples=Samples.from_columns(time_s=np.arange(600.0)),
        sport=Sport.RUN,
        sessions=(Session(Sport.RUN, 0, 3600, timer_s=3600, avg_heart_rate_bpm=168),),
    )
    (load,) = activity_loads(run, TH)
    assert load.load == pytest.approx(100.0)  # an hour at LTHR
    assert "average heart rate" in load.note


def test_requested_rpe_and_unscorable_sessions():
    run = activity(Sport.RUN, heart_rate_bpm=[150])
    (load,) = activity_loads(run, TH, method="rpe", rpe=6)
    assert load.method is LoadMethod.RPE
    assert load.load == pytest.approx(6 * 1799 / 60)
    (none,) = activity_loads(activity(Sport.STRENGTH), Thresholds())
    assert none.method is None
    assert math.isnan(none.load)
    assert "no auto load" in none.note


def test_multisport_gives_one_load_per_session():
    n = 3600
    hr = np.where(np.arange(n) < 1800, 140.0, 165.0)
    brick = Activity(
        start_time=START,
        samples=Samples.from_columns(time_s=np.arange(n, dtype=float), heart_rate_bpm=hr),
        sport=Sport.BIKE,
        sessions=(Session(Sport.BIKE, 0, 1799), Session(Sport.RUN, 1800, 3599)),
    )
    bike, run = activity_loads(brick, TH)
    assert (bike.sport, run.sport) == (Sport.BIKE, Sport.RUN)
    assert run.load > bike.load > 0


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"hr_rest_bpm": 60, "hr_max_bpm": 50}, "hr_max_bpm"),
        ({"hr_rest_bpm": 50, "hr_max_bpm": 190, "lthr_bpm": 200}, "lthr_bpm"),
        ({"bike_ftp_w": -5}, "bike_ftp_w"),
    ],
)
def test_thresholds_are_checked(kwargs, message):
    with pytest.raises(InputError, match=message):
        Thresholds(**kwargs)
