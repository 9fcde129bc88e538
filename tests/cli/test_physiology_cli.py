import importlib
import json

import pytest

from lydiard.cli import main
from lydiard.cli.race import parse_performance
from lydiard.errors import UnitError
from lydiard.physiology.paces import PACE_NAMES


def importable(module: str) -> bool:
    """True when a reader from another branch imports with everything it needs."""
    try:
        importlib.import_module(module)
    except ImportError:
        return False
    return True


def run_json(capsys, *args):
    assert main([*args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_parse_performance():
    assert parse_performance("10k 29:08") == (10000.0, 1748.0)
    assert parse_performance("half marathon 1:04:30") == (21097.5, 3870.0)
    assert parse_performance("1500 3:48") == (1500.0, 228.0)
    assert parse_performance("Walmsley=1500 in 3:48") == (1500.0, 228.0)
    for bad in ("10k", "fast 29:08", "10k 0:00"):
        with pytest.raises(UnitError):
            parse_performance(bad)


def test_race_equivalents(capsys):
    assert main(["race", "--from", "10k 40:00"]) == 0
    out = capsys.readouterr().out
    assert "VDOT 51.9" in out
    assert "marathon" in out
    data = run_json(capsys, "race", "--from", "10k 40:00", "--to", "50k")
    assert data["vdot"] == pytest.approx(51.944, abs=1e-3)
    (row,) = data["predictions"]
    assert row["name"] == "50K"
    data = run_json(capsys, "race", "--from", "10k 40:00", "--to", "50k", "--to", "100 mile")
    assert [r["name"] for r in data["predictions"]] == ["50K", "100 mile"]


def test_race_riegel_fitted_from_two_results(capsys):
    data = run_json(
        capsys, "race", "--from", "5k 15:00", "--from", "10k 31:18", "--model", "riegel"
    )
    assert data["riegel_exponent"] == pytest.approx(data["riegel_fit"]["exponent"])
    assert 1.0 < data["riegel_exponent"] < 1.1


def test_race_speed_profile_comparison(capsys):
    args = ["race", "--from", "Walmsley=1500 3:48", "--vs", "Robinson=1500 3:38"]
    args += ["--vs", "1500 3:32"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "Speed profile" in out
    assert "Robinson" in out
    data = run_json(capsys, *args)
    first = data["comparison"]["rows"][0]
    assert first["gaps_s_per_km"] == pytest.approx([0, -10 / 1.5, -16 / 1.5])


def test_race_bad_input(capsys):
    assert main(["race", "--from", "10k"]) == 3
    assert "distance and a time" in capsys.readouterr().err


@pytest.mark.parametrize(
    "args",
    [["--vdot", "70"], ["--from", "5k 13:52"], ["--threshold-pace", "3:05/km"]],
)
def test_paces_three_ways(capsys, args):
    data = run_json(capsys, "paces", *args)
    assert list(data["paces_mps"]) == list(PACE_NAMES)
    assert main(["paces", *args, "--unit", "mi"]) == 0
    assert "/mi" in capsys.readouterr().out


def test_paces_needs_exactly_one_source(capsys):
    assert main(["paces"]) == 3
    assert main(["paces", "--vdot", "60", "--from", "5k 17:00"]) == 3
    assert "exactly one" in capsys.readouterr().err


def test_zones(capsys):
    data = run_json(capsys, "zones", "--lthr", "170", "--hr-max", "195", "--hr-rest", "45")
    assert set(data) == {"friel_hr", "percent_max", "karvonen"}
    assert main(["zones", "--threshold-pace", "3:20/km"]) == 0
    assert "Friel pace" in capsys.readouterr().out
    assert main(["zones"]) == 3


def test_lactate_analyse(shared_data, capsys):
    path = str(shared_data / "lactate" / "lactate_thresholds_running_simple.csv")
    assert main(["lactate", "analyse", path]) == 0
    out = capsys.readouterr().out
    assert "Modified Dmax" in out
    assert "LT2" in out
    data = run_json(capsys, "lactate", "analyse", path, "--lt1", "loglog", "--lt2", "obla4.0")
    assert data["lt1"]["key"] == "loglog"
    assert data["lt2"]["lactate_mmol"] == pytest.approx(4.0)
    cycling = str(shared_data / "lactate" / "lactate_thresholds_cycling2.csv")
    assert main(["lactate", "analyse", cycling]) == 0
    assert " W " in capsys.readouterr().out


def test_lactate_bad_file(tmp_path, capsys):
    bad = tmp_path / "flat.csv"
    bad.write_text("speed,lactate\n10,1.0\n11,1.1\n12,1.0\n13,1.2\n14,1.4\n")
    assert main(["lactate", "analyse", str(bad)]) == 3
    assert "flat.csv: lactate never rises" in capsys.readouterr().err


def test_hrv_files_and_readiness(shared_data, capsys):
    folder = shared_data / "hrv" / "koplenig_hrv_logger_morning"
    files = [str(p) for p in sorted(folder.glob("*_RRIntervals.csv"))]
    data = run_json(capsys, "hrv", *files, "--duration", "150", "--tz", "Europe/Vienna")
    assert len(data["readings"]) == 21
    assert data["readiness"]["day"] == "2023-03-02"
    assert data["readiness"]["verdict"] in {"train as planned", "easy", "rest"}
    assert main(["hrv", *files, "--duration", "150", "--series", "--rule", "kiviniemi"]) == 0
    assert "Readiness by day" in capsys.readouterr().out


def test_hrv_reports_bad_files_but_keeps_the_rest(shared_data, tmp_path, capsys):
    good = str(shared_data / "hrv" / "systole_rr.txt")
    assert main(["hrv", good, str(tmp_path / "missing.txt")]) == 3
    captured = capsys.readouterr()
    assert "systole_rr.txt" in captured.out
    assert "missing.txt: no such file" in captured.err
    assert "1 of 2 files" in captured.err
    assert main(["hrv", good, "--tz", "Mars/Olympus"]) == 0  # no date: zone unused


@pytest.mark.skipif(
    not importable("lydiard.importers.gpx"),
    reason="the GPX reader (lydiard.importers.gpx) is on another branch",
)
def test_race_on_a_course(shared_data, capsys):
    course = str(shared_data / "courses" / "danielissing_lake-sonoma-55k.gpx")
    data = run_json(capsys, "race", "--from", "marathon 2:20:00", "--course", course)
    assert data["course"]["climb_m"] > 1000
    # slower than the marathon's pace over the same distance: it climbs
    assert data["course"]["time_s"] > data["course"]["distance_m"] * 8400 / 42195


@pytest.mark.skipif(
    importable("lydiard.importers.gpx"),
    reason="only meaningful where the GPX reader is missing",
)
def test_race_on_a_course_without_the_gpx_reader(shared_data, capsys):
    course = str(shared_data / "courses" / "danielissing_lake-sonoma-55k.gpx")
    assert main(["race", "--from", "marathon 2:20:00", "--course", course]) == 3
    assert "not in this build" in capsys.readouterr().err
