"""The vectorised heart-rate merge equals the SDK's loop (kept as _merge_loop)."""

import numpy as np
import pytest

from lydiard.fit.heart_rate import _merge_loop, _merge_sorted_records


@pytest.mark.parametrize("seed", range(40))
def test_vectorised_merge_equals_the_loop(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 60))
    # records in time order, with repeated times; values mostly in order, some not
    ends = np.cumsum(rng.choice([0, 1, 1, 1, 2], size=n)).astype(float) + 1000
    times = np.sort(rng.uniform(990, ends[-1] + 5, size=int(rng.integers(1, 200))))
    shuffle = rng.random(times.shape[0]) < 0.1
    times[shuffle] -= rng.uniform(0, 3, size=int(shuffle.sum()))
    bpms = rng.integers(60, 190, size=times.shape[0]).astype(float)
    rows = np.arange(n)
    looped = np.full(n, np.nan)
    _merge_loop(times, bpms, rows, ends, looped)
    vectorised = np.full(n, np.nan)
    _merge_sorted_records(times, bpms, rows, ends, vectorised)
    assert np.array_equal(looped, vectorised, equal_nan=True)
