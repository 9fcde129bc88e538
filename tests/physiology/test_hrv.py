import math

import numpy as np
import pytest

from lydiard.errors import InputError, NotEnoughDataError
from lydiard.physiology.hrv import (
    RmssdConvention,
    clean_rr,
    morning_hrv,
    rmssd,
    successive_differences,
)


def test_rmssd_by_hand():
    rr = [1000, 1010, 990, 1020]  # differences 10, -20, 30: sum of squares 1400
    assert rmssd(rr, filter_artefacts=False) == pytest.approx(math.sqrt(1400 / 3))
    assert rmssd(rr, convention="n-1", filter_artefacts=False) == pytest.approx(math.sqrt(700))
    with pytest.raises(NotEnoughDataError, match="successive differences"):
        rmssd([1000, 1010])


def test_rmssd_matches_hrv_analysis(shared_data):
    # hrv-analysis 1.0.6 tests: rmssd 19.5194 for tests/test_nn_intervals.txt
    nn = np.loadtxt(shared_data / "hrv" / "hrvanalysis_test_nn_intervals.txt")
    assert rmssd(nn) == pytest.approx(19.5194, abs=1e-4)
    assert clean_rr(nn).n_artefacts == 0


def test_rmssd_reproduces_hrv_logger_windows(shared_data):
    # HRV Logger (Altini) publishes rMSSD per ~30 s window in the Features files; a window
    # holds the beats stamped after the previous window's time and up to its own. With the
    # n - 1 denominator we reproduce every window the app marks artefact-free, exactly.
    folder = shared_data / "hrv" / "koplenig_hrv_logger_morning"
    checked = 0
    for rr_file in sorted(folder.glob("*_RRIntervals.csv")):
        beats = np.genfromtxt(rr_file, delimiter=",", skip_header=1)
        features = np.genfromtxt(
            str(rr_file).replace("RRIntervals", "Features"), delimiter=",", skip_header=1
        )
        previous = -np.inf
        for row in features:
            stamp, avnn, app_rmssd, artefacts = row[1], row[3], row[5], row[-1]
            window = beats[(beats[:, 0] > previous) & (beats[:, 0] <= stamp), 1]
            previous = stamp
            if artefacts:
                continue
            assert window.mean() == pytest.approx(avnn, rel=1e-12)
            ours = rmssd(window, convention=RmssdConvention.SAMPLE, filter_artefacts=False)
            assert ours == pytest.approx(app_rmssd, rel=1e-9), (rr_file.name, row[0])
            checked += 1
    assert checked == 197


def test_artefacts_are_removed_and_never_differenced():
    rr = np.array([1000.0, 1005, 995, 1002, 480, 1530, 998, 1003, 997, 2500, 1001, 999])
    cleaning = clean_rr(rr)
    # an ectopic pair (480, 1530) and an out-of-range 2500
    assert list(np.nonzero(~cleaning.valid)[0]) == [4, 5, 9]
    assert cleaning.n_artefacts == 3
    assert cleaning.artefact_fraction == pytest.approx(0.25)
    diffs = successive_differences(rr, cleaning.valid)
    # only adjacent accepted pairs: (0,1) (1,2) (2,3) (6,7) (7,8) (10,11)
    assert list(diffs) == [5, -10, 7, 5, -6, -2]
    assert rmssd(rr) == pytest.approx(math.sqrt(np.mean(np.square(diffs))))


def test_missing_beats_and_options():
    rr = [1000, np.nan, 1000, 1010]
    assert list(successive_differences(rr)) == [10]
    with pytest.raises(InputError, match="odd"):
        clean_rr(rr, median_window=4)
    assert clean_rr([]).n_beats == 0


def morning(n=300, seed=0, base=1000.0):
    rng = np.random.default_rng(seed)
    return base + 40 * np.sin(np.arange(n) / 2.0) + rng.normal(0, 10, n)


def test_morning_hrv_segment_and_values():
    rr = np.r_[morning(150, base=1200), morning(150, seed=1, base=800)]  # lying, standing
    whole = morning_hrv(rr)
    lying = morning_hrv(rr, duration_s=150)
    assert abs(lying.n_beats - 125) <= 1  # 150 s of about 1.2 s beats
    assert lying.heart_rate_bpm == pytest.approx(50, abs=1)
    assert lying.ln_rmssd == pytest.approx(math.log(lying.rmssd_ms))
    assert whole.n_beats == 300
    assert whole.duration_s == pytest.approx(np.sum(rr) / 1000)
    standing = morning_hrv(rr, start_s=200)
    assert standing.heart_rate_bpm == pytest.approx(75, abs=1)


def test_morning_hrv_refuses_short_or_noisy_recordings():
    with pytest.raises(NotEnoughDataError, match="at least 60 s"):
        morning_hrv(morning(40))
    noisy = morning(200)
    noisy[::4] = 400  # every fourth beat is an artefact
    with pytest.raises(NotEnoughDataError, match="artefacts"):
        morning_hrv(noisy)
