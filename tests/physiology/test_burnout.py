from datetime import date

import pytest

from lydiard.physiology.biomarkers import Marker, MarkerJudgement, MarkerStatus
from lydiard.physiology.burnout import DISCLAIMER, Light, assess_burnout, assess_day
from lydiard.physiology.readiness import Readiness, ReadinessRule, Verdict
from lydiard.physiology.risk import Spike, SpikeLevel

DAY = date(2025, 6, 1)


def hrv(days_below):
    return Readiness(DAY, Verdict.EASY, (), ReadinessRule.PLEWS, days_below_band=days_below)


def marker(m, status):
    return MarkerJudgement(m, DAY, 1.0, 1.0, 0.1, 10, 2.5, status, f"{m} reason")


def test_green_when_nothing_is_wrong():
    a = assess_burnout(DAY, hrv=hrv(0), form=[-5.0] * 20, monotony=1.4)
    assert a.light is Light.GREEN
    assert a.signals == ()
    assert a.disclaimer == DISCLAIMER
    assert "not a diagnosis" in a.disclaimer


@pytest.mark.parametrize(
    ("kwargs", "name", "light"),
    [
        ({"hrv": hrv(3)}, "hrv", Light.AMBER),
        ({"hrv": hrv(7)}, "hrv", Light.RED),
        ({"form": [-10] + [-35] * 7}, "form", Light.AMBER),
        ({"form": [-35] * 14}, "form", Light.RED),
        ({"monotony": 2.3}, "monotony", Light.AMBER),
        ({"monotony": float("inf")}, "monotony", Light.AMBER),
        (
            {"recent_spikes": [Spike(30000, 20000, 0.5, SpikeLevel.MODERATE)]},
            "spike",
            Light.AMBER,
        ),
        ({"biomarkers": [marker(Marker.FERRITIN, MarkerStatus.CONCERN)]}, "ferritin", Light.AMBER),
        (
            {"biomarkers": [marker(Marker.RESTING_HR, MarkerStatus.WATCH)]},
            "resting_hr",
            Light.AMBER,
        ),
    ],
)
def test_each_signal(kwargs, name, light):
    a = assess_burnout(DAY, **kwargs)
    assert [s.name for s in a.signals] == [name]
    assert a.light is light


def test_a_short_dip_or_a_small_spike_is_not_a_signal():
    a = assess_burnout(
        DAY,
        hrv=hrv(2),
        form=[-35] * 6,
        monotony=1.9,
        recent_spikes=[Spike(23000, 20000, 0.15, SpikeLevel.SMALL)],
        biomarkers=[marker(Marker.CORTISOL, MarkerStatus.WATCH)],
    )
    assert a.light is Light.GREEN


def test_resting_hr_up_with_low_hrv_is_red():
    a = assess_burnout(DAY, hrv=hrv(4), biomarkers=[marker(Marker.RESTING_HR, MarkerStatus.WATCH)])
    assert a.light is Light.RED
    assert "together with low HRV" in a.signals[-1].reason


def test_three_ambers_make_red():
    a = assess_burnout(DAY, hrv=hrv(3), monotony=2.5, form=[-40] * 8)
    assert [s.level for s in a.signals] == [Light.AMBER] * 3
    assert a.light is Light.RED


def test_assess_day_gathers_the_signals_from_records():
    from datetime import timedelta

    import numpy as np

    from lydiard.physiology.biomarkers import JournalEntry
    from lydiard.physiology.fitness import daily_loads

    start = DAY - timedelta(days=59)
    # 45 days of 60, then 15 days of 160 with no rest: form deeply negative, a high monotony
    loads = daily_loads([(start + timedelta(days=i), 60.0 if i < 45 else 160.0) for i in range(60)])
    rhr = [45, 46, 44, 45, 47, 45, 44, 46, 45]
    journal = [
        JournalEntry(DAY - timedelta(days=len(rhr) - i), Marker.RESTING_HR, v)
        for i, v in enumerate(rhr)
    ] + [JournalEntry(DAY, Marker.RESTING_HR, 52)]
    mornings = {start + timedelta(days=i): 4.0 + 0.05 * np.sin(i) for i in range(50)}
    mornings |= {DAY - timedelta(days=i): 3.5 for i in range(10)}
    runs = [(DAY - timedelta(days=20), 20000), (DAY - timedelta(days=3), 32000)]
    a = assess_day(DAY, loads=loads, mornings=mornings, journal=journal, runs=runs)
    names = {s.name for s in a.signals}
    assert names == {"hrv", "resting_hr", "form", "monotony", "spike"}
    assert a.light is Light.RED
    quiet = assess_day(DAY + timedelta(days=400), loads=loads)  # long after: all rest
    assert quiet.light is Light.GREEN
