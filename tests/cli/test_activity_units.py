"""`activities` and `show` speak each sport's unit; missing values print "--", never 0."""

from __future__ import annotations

from datetime import timedelta

import numpy as np
import pytest

from analysis.synthetic import triathlon
from lydiard.cli import main
from lydiard.cli.app import console
from lydiard.exporters.fit_activity import encode_activity
from lydiard.model import Activity, Samples, Session, Sport


@pytest.fixture(autouse=True)
def data_dir(fresh_data_dir, monkeypatch):
    monkeypatch.setattr(console, "_width", 160)  # no column cut short (restored after)
    return fresh_data_dir


def steady(sport: Sport, seconds: int, speed_mps: float, hr_bpm: float, day: int) -> Activity:
    """A steady effort at 1 Hz with its session totals (start a day after the triathlon)."""
    t = np.arange(seconds + 1, dtype=float)
    samples = Samples.from_columns(
        time_s=t, distance_m=t * speed_mps, heart_rate_bpm=np.full(t.size, hr_bpm)
    )
    session = Session(
        sport, 0.0, float(seconds), distance_m=seconds * speed_mps, timer_s=float(seconds)
    )
    start = triathlon().start_time + timedelta(days=day)
    return Activity(start, samples, sport=sport, sessions=(session,))


@pytest.fixture
def files(tmp_path):
    folder = tmp_path / "fit"
    folder.mkdir()
    (folder / "tri.fit").write_bytes(encode_activity(triathlon()))
    # 1500 m in 1800 s: 0.8333 m/s = 2:00 per 100 m (hand: 100 / 0.8333 = 120 s).
    (folder / "swim.fit").write_bytes(
        encode_activity(steady(Sport.SWIM, 1800, 1500 / 1800, 130, 1))
    )
    # A ride without a strap: the device writes heart rate 0. 30 km in 3600 s: 30.0 km/h.
    (folder / "ride.fit").write_bytes(encode_activity(steady(Sport.BIKE, 3600, 30000 / 3600, 0, 2)))
    return folder


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def row_of(out: str, date: str) -> str:
    return next(line for line in out.splitlines() if date in line)


def test_list_uses_each_sports_unit_and_dashes_for_missing(capsys, files):
    assert run(capsys, "import", str(files))[0] == 0
    code, out, _ = run(capsys, "activities", "--limit", "0")
    assert code == 0
    tri, swim, ride = (
        row_of(out, "2024-06-02"),
        row_of(out, "2024-06-03"),
        row_of(out, "2024-06-04"),
    )
    assert "Multisport" in tri
    assert "26.09 km" in tri  # 1 + 0.06 + 20 + 0.03 + 5 km
    assert "/km" not in tri  # no single pace across swim, bike and run
    assert "km/h" not in tri
    assert "2:00/100m" in swim
    assert "/km" not in swim.replace("1.50 km", "")
    assert "30.0 km/h" in ride
    assert ride.rstrip(" │").endswith("--")  # no heart rate, not "0"


def test_show_prints_the_legs_of_a_multisport_activity(capsys, files):
    assert run(capsys, "import", str(files / "tri.fit"))[0] == 0
    code, out, _ = run(capsys, "show", "1")
    assert code == 0
    assert "Multisport" in out
    assert "Legs" in out
    legs = out[out.index("Legs") :]
    assert "1:40/100m" in legs  # swim leg: 1000 m in 1000 s
    assert "36.0 km/h" in legs  # bike leg: 20 km in 2000 s
    assert "5:00/km" in legs  # run leg: 5 km in 1500 s
    assert "Leg 3, bike: splits per km" in out
    assert "Splits per km" not in out  # no whole-activity splits across three sports
    assert "Best efforts" not in out
