import math
import statistics
from datetime import date, timedelta

import pytest

from lydiard.errors import InputError
from lydiard.physiology.biomarkers import (
    JournalEntry,
    Marker,
    MarkerStatus,
    judge_journal,
    judge_marker,
    marker_series,
)

TODAY = date(2025, 4, 30)


def entries(marker, values, last=TODAY, every=1):
    n = len(values)
    return [
        JournalEntry(last - timedelta(days=every * (n - 1 - i)), marker, v)
        for i, v in enumerate(values)
    ]


RHR = [44, 46, 45, 47, 44, 46, 45, 44, 46, 45]  # baseline, then today's value appended


def test_z_score_by_hand():
    journal = entries(Marker.RESTING_HR, [*RHR, 49])
    j = judge_marker(journal, "resting_hr", TODAY)
    mean, sd = statistics.fmean(RHR), statistics.stdev(RHR)
    assert j.baseline_mean == pytest.approx(mean)
    assert j.baseline_sd == pytest.approx(sd)
    assert j.z == pytest.approx((49 - mean) / sd)
    assert j.status is MarkerStatus.CONCERN  # z = 3.9 in the worse direction (up)
    assert "above the baseline" in j.reason


@pytest.mark.parametrize(
    ("marker", "today", "status"),
    [
        (Marker.RESTING_HR, 41, MarkerStatus.NORMAL),  # lower resting HR is not worse
        (Marker.RESTING_HR, 46.5, MarkerStatus.WATCH),  # z = 1.3/1.033 = 1.26
        (Marker.MOOD, 41, MarkerStatus.CONCERN),  # lower mood is worse
        (Marker.BODY_MASS, 41, MarkerStatus.CONCERN),  # body mass: either direction
    ],
)
def test_direction_matters(marker, today, status):
    j = judge_marker(entries(marker, [*RHR, today]), marker, TODAY)
    assert j.status is status


def test_not_enough_baseline_and_stale_values():
    j = judge_marker(entries(Marker.CORTISOL, [400, 420, 500]), Marker.CORTISOL, TODAY)
    assert j.status is MarkerStatus.NOT_ENOUGH_DATA
    assert "2 cortisol entries" in j.reason
    old = entries(Marker.CORTISOL, [400] * 6, last=TODAY - timedelta(days=20))
    assert judge_marker(old, Marker.CORTISOL, TODAY) is None
    flat = judge_marker(entries(Marker.SLEEP, [28800] * 8), Marker.SLEEP, TODAY)
    assert math.isnan(flat.z)
    assert "no variation" in flat.reason


def test_testosterone_cortisol_ratio_is_derived_and_a_30_percent_fall_is_a_concern():
    t = entries(Marker.TESTOSTERONE, [20, 21, 19, 20, 22, 20, 14], every=7)
    c = entries(Marker.CORTISOL, [400, 410, 390, 400, 420, 400, 420], every=7)
    series = marker_series(t + c, Marker.T_C_RATIO)
    assert series[TODAY] == pytest.approx(14 / 420)
    j = judge_marker(t + c, Marker.T_C_RATIO, TODAY)
    assert j.value < 0.7 * j.baseline_mean
    assert j.status is MarkerStatus.CONCERN
    assert "Adlercreutz" in j.reason


def test_low_ferritin_is_a_concern_whatever_the_baseline():
    journal = entries(Marker.FERRITIN, [30, 32, 31, 29, 33, 30], every=14)
    j = judge_marker(journal, Marker.FERRITIN, TODAY)
    assert j.status is MarkerStatus.CONCERN
    assert "Sim et al. 2019" in j.reason
    short = judge_marker(entries(Marker.FERRITIN, [28]), Marker.FERRITIN, TODAY)
    assert short.status is MarkerStatus.CONCERN


def test_same_day_entries_are_averaged_and_journal_judged_in_order():
    journal = [
        JournalEntry(TODAY, Marker.SORENESS, 2),
        JournalEntry(TODAY, Marker.SORENESS, 4),
        *entries(Marker.RESTING_HR, [*RHR, 45]),
    ]
    assert marker_series(journal, Marker.SORENESS)[TODAY] == 3
    judged = judge_journal(journal, TODAY)
    assert [j.marker for j in judged] == [Marker.RESTING_HR, Marker.SORENESS]


def test_bad_entries():
    with pytest.raises(InputError, match="must be a number"):
        JournalEntry(TODAY, Marker.CORTISOL, math.nan)
    with pytest.raises(InputError, match="not a valid value"):
        JournalEntry(TODAY, Marker.BODY_MASS, 0)
    assert JournalEntry(TODAY, Marker.SORENESS, 0).value == 0
