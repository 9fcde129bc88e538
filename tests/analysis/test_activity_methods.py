import numpy as np
import pytest

from analysis.synthetic import interval_session, simulate, steady
from lydiard.analysis import ActivityAnalysis, analyse


def test_activity_methods_call_the_analysis():
    blocks = interval_session(2000, 3.3, 6, 400, 5.8, recovery_m=200, recovery_mps=2.0)
    a, _ = simulate(blocks, seed=6, altitude=True)
    assert len(a.splits("km")) == len(a.splits(per="km"))
    assert a.splits("mi", last="1 mi")[0].distance_m == pytest.approx(1609.344)
    assert len(a.reps().reps) == 6
    assert a.best_efforts()[0].name == "400 m"
    assert a.summary().distance_m == pytest.approx(a.track().distance_total_m)
    assert len(a.laps_table()) == 0
    assert a.pacing().half_m > 0
    assert sum(a.time_in_zones([140, 160]).seconds) > 0
    assert a.decoupling(skip_s=0).basis in ("gap_speed", "speed")


def test_analyse_leaves_decoupling_out_of_interval_sessions():
    blocks = interval_session(2000, 3.3, 6, 1000, 5.5, recovery_s=90.0, recovery_mps=2.5)
    a, _ = simulate(blocks, seed=6)
    result = analyse(a)
    assert len(result.reps.reps) == 6
    assert result.decoupling is None
    assert "decoupling: not computed for an interval session" in result.notes


def test_analyse_bundles_everything_and_notes_what_is_missing():
    a = steady(3.0, 600)  # 10 min, no heart rate
    result = analyse(a, last="1 km", hr_zones=[140, 160])
    assert isinstance(result, ActivityAnalysis)
    assert result.decoupling is None
    assert any(note.startswith("decoupling:") for note in result.notes)
    assert result.last_splits is not None
    assert len(result.last_splits) == 1
    assert result.zones is not None
    assert result.zones.missing_s == pytest.approx(600)
    assert np.isclose(result.summary.distance_m, 1800.0)
