import numpy as np
import pytest

from analysis.synthetic import activity_from, steady
from lydiard.analysis import decoupling, pacing, time_in_zones
from lydiard.errors import InputError, NotEnoughDataError
from lydiard.model import Sport


def test_time_in_zones_by_hand():
    # 100 s at 120 bpm, 100 s at 150, 100 s at 175 (1 s samples).
    hr = np.r_[np.full(100, 120.0), np.full(100, 150.0), np.full(101, 175.0)]
    a = steady(3.0, 300, heart_rate_bpm=hr)
    z = time_in_zones(a, [130, 160, 170])
    # The two intervals that straddle a change count at their mean (135 and 162.5).
    assert z.seconds == pytest.approx((99.0, 100.0, 1.0, 100.0))
    assert z.names == ("Z1", "Z2", "Z3", "Z4")
    assert z.total_s == pytest.approx(300.0)
    assert sum(z.fractions) == pytest.approx(1.0)
    assert z.missing_s == 0.0


def test_missing_heart_rate_and_pauses_are_not_zone_one():
    t = np.r_[np.arange(0.0, 100.0), np.arange(700.0, 800.0)]
    hr = np.where(t < 50, np.nan, 140.0)
    a = activity_from(time_s=t, heart_rate_bpm=hr, distance_m=t * 3)
    z = time_in_zones(a, [130], names=["easy", "hard"])
    assert z.missing_s == pytest.approx(49.0)
    assert z.seconds[0] == 0.0
    assert z.seconds[1] == pytest.approx(50 + 99)  # the 600 s pause does not count


@pytest.mark.parametrize(
    ("bounds", "kwargs", "message"),
    [
        ([], {}, "finite numbers"),
        ([150, 140], {}, "must increase"),
        ([140, float("nan")], {}, "finite"),
        ([140], {"names": ["a"]}, "2 zones"),
        ([140], {"channel": "cadence"}, "unknown zone channel"),
    ],
)
def test_bad_zones(bounds, kwargs, message):
    with pytest.raises(InputError, match=message):
        time_in_zones(steady(3.0, 60, heart_rate_bpm=140.0), bounds, **kwargs)


def test_power_zones():
    t = np.arange(0.0, 61.0)
    a = activity_from(Sport.BIKE, time_s=t, distance_m=t * 8, power_w=np.full(61, 250.0))
    assert time_in_zones(a, [200, 300], channel="power_w").seconds == (0.0, 60.0, 0.0)


def test_decoupling_by_hand():
    # 60 min at a steady 3 m/s while heart rate drifts linearly from 140 to 152 bpm.
    hr = np.linspace(140, 152, 3601)
    d = decoupling(steady(3.0, 3600, heart_rate_bpm=hr))
    # Half means 143 and 149 bpm: EF1 = 3/143, EF2 = 3/149, (EF1-EF2)/EF1 = 1 - 143/149.
    assert d.basis == "speed"
    assert d.first_heart_rate_bpm == pytest.approx(143.0, abs=0.01)
    assert d.second_heart_rate_bpm == pytest.approx(149.0, abs=0.01)
    assert d.decoupling_pct == pytest.approx((1 - 143 / 149) * 100, abs=0.01)


def test_decoupling_skips_the_warm_up_and_uses_power_on_a_bike():
    t = np.arange(0.0, 3601.0)
    power = np.where(t < 600, 150.0, 220.0)
    a = activity_from(
        Sport.BIKE, time_s=t, distance_m=t * 8, power_w=power, heart_rate_bpm=np.full(3601, 140.0)
    )
    d = decoupling(a, skip_s=600)
    assert d.basis == "power"
    assert d.first_output == pytest.approx(220.0, abs=0.5)
    assert d.decoupling_pct == pytest.approx(0.0, abs=0.1)


def test_decoupling_needs_heart_rate_and_time():
    with pytest.raises(NotEnoughDataError, match="heart rate"):
        decoupling(steady(3.0, 3600))
    with pytest.raises(NotEnoughDataError, match="20 min"):
        decoupling(steady(3.0, 900, heart_rate_bpm=140.0))


def test_negative_split_and_fade():
    # 5 km at 4 m/s then 5 km at 4.2 m/s.
    first = 5000 / 4.0
    t_total = first + 5000 / 4.2
    v = np.where(np.arange(0, int(t_total) + 1) < first, 4.0, 4.2)
    p = pacing(steady(v, int(t_total)))
    assert p.negative_split
    assert p.first_speed_mps == pytest.approx(4.0, rel=1e-3)
    assert p.fade_pct == pytest.approx(-5.0, abs=0.2)
    assert p.difference_s < 0
    assert np.isnan(p.gap_fade_pct)


def test_pacing_needs_distance():
    with pytest.raises(NotEnoughDataError, match="distance"):
        pacing(activity_from(time_s=np.arange(10.0)))
