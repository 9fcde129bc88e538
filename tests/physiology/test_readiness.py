import math
from datetime import UTC, date, datetime, timedelta

import numpy as np
import pytest

from lydiard.errors import InputError
from lydiard.physiology.hrv import morning_hrv
from lydiard.physiology.readiness import ReadinessRule, Verdict, readiness, readiness_series

TODAY = date(2025, 3, 31)


def series(values, last=TODAY):
    """ln rMSSD by date, the last value on ``last``."""
    return {last - timedelta(days=len(values) - 1 - i): v for i, v in enumerate(values)}


def baseline(n=28):
    return [3.9 if i % 2 else 4.1 for i in range(n)]


def test_inside_the_band_by_hand():
    mornings = series([*baseline(28), 4.0])
    r = readiness(mornings, TODAY)
    # baseline: 28 values alternating 3.9/4.1 -> mean 4.0, sample SD sqrt(28 x 0.01 / 27)
    sd = math.sqrt(28 * 0.01 / 27)
    assert r.baseline_mean_ln == pytest.approx(4.0)
    assert r.baseline_sd_ln == pytest.approx(sd)
    assert (r.band_low_ln, r.band_high_ln) == pytest.approx((4.0 - sd / 2, 4.0 + sd / 2))
    # last 7: 4.1 3.9 4.1 3.9 4.1 3.9 4.0 -> mean 4.0
    assert r.week_mean_ln == pytest.approx(4.0)
    assert r.verdict is Verdict.TRAIN
    assert r.week_mornings == 7
    assert r.baseline_mornings == 28


def test_below_the_band_is_easy_then_rest():
    values = [*baseline(30), 3.8, 3.7, 3.6, 3.6]
    days = readiness_series(series(values), TODAY - timedelta(days=3), TODAY)
    verdicts = [d.verdict for d in days]
    below = [d.days_below_band for d in days]
    assert verdicts[-1] is Verdict.REST
    assert Verdict.EASY in verdicts
    assert below == sorted(below)
    assert below[-1] >= 3
    assert "days running" in days[-1].reasons[0]


def test_above_the_band_trains_with_a_note():
    r = readiness(series([*baseline(30), 4.4, 4.5, 4.4]), TODAY)
    assert r.verdict is Verdict.TRAIN
    assert "above the band" in r.reasons[0]
    assert math.isfinite(r.week_cv_percent)


def test_not_enough_data_says_what_is_missing():
    r = readiness(series([4.0, 4.1]), TODAY)
    assert r.verdict is Verdict.NOT_ENOUGH_DATA
    assert "2 of the last 7 mornings" in r.reasons[0]
    assert "baseline" in r.reasons[1]
    sparse = {TODAY - timedelta(days=i): 4.0 + 0.01 * i for i in (0, 3, 20, 21, 22)}
    assert readiness(sparse, TODAY, min_baseline_mornings=4).verdict is Verdict.NOT_ENOUGH_DATA


def test_baseline_window_is_configurable():
    # a drop 40 days ago is inside a 60-day baseline but not a 28-day one
    values = [3.0] * 10 + baseline(40) + [4.0]
    wide = readiness(series(values), TODAY, baseline_days=60)
    narrow = readiness(series(values), TODAY, baseline_days=28)
    assert wide.baseline_mornings == 50
    assert narrow.baseline_mornings == 28
    assert wide.baseline_mean_ln < narrow.baseline_mean_ln


def test_kiviniemi_rule():
    ref = baseline(10)  # mean 4.0, SD sqrt(10 x 0.01 / 9)
    low = readiness(series([*ref, 3.85]), TODAY, rule=ReadinessRule.KIVINIEMI)
    assert low.verdict is Verdict.EASY
    assert "mean - 1 SD" in low.reasons[0]
    assert low.band_low_ln == pytest.approx(4.0 - math.sqrt(0.1 / 9))
    falling = readiness(series([*ref[:8], 4.2, 4.05, 4.0]), TODAY, rule="kiviniemi")
    assert falling.verdict is Verdict.EASY
    assert "fallen two days" in falling.reasons[-1]
    fine = readiness(series([*ref, 4.05]), TODAY, rule="kiviniemi")
    assert fine.verdict is Verdict.TRAIN
    missing = readiness(series(ref, last=TODAY - timedelta(days=1)), TODAY, rule="kiviniemi")
    assert missing.verdict is Verdict.NOT_ENOUGH_DATA


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"baseline_days": 3}, "baseline_days"),
        ({"min_week_mornings": 9}, "min_week_mornings"),
        ({"min_baseline_mornings": 1}, "min_baseline_mornings"),
        ({"swc_factor": 0}, "swc_factor"),
    ],
)
def test_bad_options(options, message):
    with pytest.raises(InputError, match=message):
        readiness({}, TODAY, **options)


def test_real_three_weeks_of_mornings(shared_data):
    # The 21 HRV Logger mornings (2023-02-08 .. 03-02), first 150 s lying down.
    folder = shared_data / "hrv" / "koplenig_hrv_logger_morning"
    mornings = {}
    for f in sorted(folder.glob("*_RRIntervals.csv")):
        beats = np.genfromtxt(f, delimiter=",", skip_header=1)
        day = datetime.fromtimestamp(beats[0, 0] / 1000, tz=UTC).date()
        mornings[day] = morning_hrv(beats[:, 1], duration_s=150).ln_rmssd
    assert len(mornings) == 21
    last = max(mornings)
    r = readiness(mornings, last)
    assert r.verdict is not Verdict.NOT_ENOUGH_DATA
    assert r.baseline_mornings == 20
    assert r.week_mornings == 6
    assert 3.5 < r.baseline_mean_ln < 4.5
    early = readiness(mornings, min(mornings) + timedelta(days=10))
    assert early.verdict is Verdict.NOT_ENOUGH_DATA
