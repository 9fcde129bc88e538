import pickle
from datetime import UTC, datetime

import numpy as np

from lydiard.model import Activity, Samples


def test_samples_and_activities_pickle_for_worker_processes():
    samples = Samples.from_columns(
        time_s=[0.0, 1.0, 2.0], heart_rate_bpm=[120.0, np.nan, 122.0], stryd_w=[200.0, 201.0, 0.0]
    )
    copy = pickle.loads(pickle.dumps(samples))
    assert copy.equals(samples)
    assert list(copy.extra) == ["stryd_w"]
    assert not copy.heart_rate_bpm.flags.writeable
    activity = Activity(start_time=datetime(2024, 6, 1, tzinfo=UTC), samples=samples)
    assert pickle.loads(pickle.dumps(activity)).samples.equals(samples)
    assert len(pickle.loads(pickle.dumps(Samples.empty()))) == 0
