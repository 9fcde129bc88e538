from datetime import UTC, datetime, timedelta, timezone

import numpy as np
import pytest

from lydiard.model import Activity, Lap, Samples, Sport, sport_from_text


def test_samples_fill_missing_channels_with_nan_and_are_read_only():
    s = Samples.from_columns(time_s=[0, 1, 2], heart_rate_bpm=[120, 121, 122], stryd_w=[1, 2, 3])
    assert len(s) == 3
    assert np.isnan(s.power_w).all()
    assert s.has("heart_rate_bpm")
    assert not s.has("power_w")
    assert s.extra["stryd_w"].tolist() == [1, 2, 3]
    assert "stryd_w" in s.present()
    with pytest.raises(ValueError, match="read-only"):
        s.heart_rate_bpm[0] = 1


def test_samples_reject_bad_shapes_and_time():
    with pytest.raises(ValueError, match="expected 3"):
        Samples.from_columns(time_s=[0, 1, 2], heart_rate_bpm=[1, 2])
    with pytest.raises(ValueError, match="non-decreasing"):
        Samples.from_columns(time_s=[0, 2, 1])


def test_samples_select_replace_equals():
    s = Samples.from_columns(time_s=[0, 1, 2, 3], speed_mps=[1, 2, 3, 4])
    sub = s.select(s.speed_mps > 2)
    assert sub.time_s.tolist() == [2, 3]
    doubled = s.replace(speed_mps=s.speed_mps * 2)
    assert doubled.speed_mps.tolist() == [2, 4, 6, 8]
    assert not doubled.equals(s)
    assert s.equals(Samples.from_columns(time_s=[0, 1, 2, 3], speed_mps=[1, 2, 3, 4]))


def test_activity_checks_utc_and_sorts_laps():
    start = datetime(2024, 6, 1, 12, tzinfo=UTC)
    samples = Samples.from_columns(time_s=[0.0, 10.0, 20.0])
    act = Activity(
        start_time=start,
        samples=samples,
        sport=Sport.RUN,
        laps=(Lap(10, 20), Lap(0, 10)),
        utc_offset_s=-7 * 3600,
    )
    assert [lap.start_s for lap in act.laps] == [0, 10]
    assert act.elapsed_s == 20
    assert act.end_time == start + timedelta(seconds=20)
    assert act.local_start.hour == 5
    with pytest.raises(ValueError, match="UTC"):
        Activity(start_time=datetime(2024, 6, 1), samples=samples)  # noqa: DTZ001
    plus_two = timezone(timedelta(hours=2))
    with pytest.raises(ValueError, match="UTC"):
        Activity(start_time=datetime(2024, 6, 1, tzinfo=plus_two), samples=samples)
    with pytest.raises(ValueError, match="before start_s"):
        Lap(5, 4)


@pytest.mark.parametrize(
    ("words", "sport"),
    [
        (("trail", "running"), Sport.TRAIL_RUN),
        ((None, "Run"), Sport.RUN),
        (("cross_country_skiing",), Sport.NORDIC_SKI),
        (("VirtualRide",), Sport.BIKE),
        (("curling",), Sport.OTHER),
    ],
)
def test_sport_from_text(words, sport):
    assert sport_from_text(*words) is sport
