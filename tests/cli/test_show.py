import importlib.util
import json

import pytest

from analysis.synthetic import Block, interval_session, simulate
from lydiard.cli import main
from lydiard.cli import show as show_module
from lydiard.model import Activity, Sport


@pytest.fixture
def session(monkeypatch):
    """A 12 x 400 m session that `show` reads instead of a file."""
    blocks = interval_session(3000, 3.3, 12, 400, 5.8, recovery_m=100, recovery_mps=1.8)
    activity, _ = simulate(blocks, seed=1, altitude=True)
    seen = []

    def fake_load(source: str) -> Activity:
        seen.append(source)
        return activity

    monkeypatch.setattr(show_module, "load_activity", fake_load)
    return seen


def test_show_prints_summary_splits_reps_and_best_efforts(session, capsys):
    assert main(["show", "track.fit"]) == 0
    out = capsys.readouterr().out
    assert session == ["track.fit"]
    assert "Splits per km" in out
    assert "Reps: 12 x 400 m (found from speed)" in out
    assert "Best efforts" in out
    assert "/km" in out
    assert "decoupling" not in out.lower()  # meaningless across reps and rests


def test_show_marks_standing_rests(monkeypatch, capsys):
    blocks = interval_session(2000, 3.3, 3, 1600, 5.3, recovery_s=120.0, recovery_mps=0.0)
    activity, _ = simulate(blocks, seed=4)
    monkeypatch.setattr(show_module, "load_activity", lambda source: activity)
    assert main(["show", "session.fit"]) == 0
    out = capsys.readouterr().out
    assert out.count("standing") == 2


def test_show_per_mile_and_last(session, capsys):
    assert main(["show", "track.fit", "--per", "mi", "--last", "2"]) == 0
    out = capsys.readouterr().out
    assert "Last 2.00 mi" in out
    assert "/mi" in out


def test_show_json_is_si_and_complete(session, capsys):
    assert main(["show", "track.fit", "--json", "--last", "3km", "--hr-zones", "140,160,175"]) == 0
    data = json.loads(capsys.readouterr().out)
    analysis = data["analysis"]
    assert data["activity"]["sport"] == "run"
    assert analysis["summary"]["distance_m"] > 10000
    assert len(analysis["last_splits"]["rows"]) == 3
    assert analysis["reps"]["source"] == "speed"
    assert sum(p["kind"] == "rep" for p in analysis["reps"]["rows"]) == 12
    assert len(analysis["zones"]["seconds"]) == 4
    assert analysis["best_efforts"]["rows"][0]["name"] == "400 m"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--per", "furlong"], "--per 'furlong'"),
        (["--last", "-2km"], "last"),
        (["--hr-zones", "a,b"], "--hr-zones"),
        (["--hr-zones", "160,140"], "must increase"),
    ],
)
def test_show_bad_options_exit_with_input_error(session, capsys, args, message):
    assert main(["show", "track.fit", *args]) == 3
    assert message in capsys.readouterr().err


def test_show_missing_file_is_an_input_error(tmp_path, capsys):
    assert main(["show", str(tmp_path / "nope.fit")]) == 3
    assert "no such file" in capsys.readouterr().err


def test_show_other_sports(monkeypatch, capsys):
    blocks = [Block("warmup", 1.2, distance_m=1500)]
    activity, _ = simulate(blocks, seed=2, sport=Sport.SWIM)
    monkeypatch.setattr(show_module, "load_activity", lambda source: activity)
    assert main(["show", "pool.fit"]) == 0
    assert "/100m" in capsys.readouterr().out
    ride, _ = simulate([Block("warmup", 9.0, distance_m=20000)], seed=3, sport=Sport.BIKE)
    monkeypatch.setattr(show_module, "load_activity", lambda source: ride)
    assert main(["show", "ride.fit"]) == 0
    assert "km/h" in capsys.readouterr().out


@pytest.mark.skipif(
    importlib.util.find_spec("lydiard.importers.gpx") is None,
    reason="the GPX reader (lydiard.importers.gpx) is not available on this branch",
)
def test_show_a_real_gpx_file(shared_data, capsys):
    path = shared_data / "gpx" / "gpxpy__cerknicko-jezero.gpx"
    assert main(["show", str(path)]) == 0
    assert "Distance" in capsys.readouterr().out
