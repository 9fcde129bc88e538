from __future__ import annotations

import json
from pathlib import Path

import pytest
from garmin_fit_sdk import Decoder, Stream

from lydiard.cli import main

SEED = "3 Mile Warm Up / 8 x 200 Meter Repeats / 400 Meter Jog Recovery / 2 Mile Cool Down"


def test_workout_table_in_km_and_mi(capsys) -> None:
    assert main(["workout", SEED]) == 0
    out = capsys.readouterr().out
    assert "8 x 200 m, 400 m jog between" in out
    assert "12.45" in out
    assert "7.73" in out


def test_workout_json(capsys) -> None:
    assert main(["workout", SEED, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["totals"]["distance_m"] == 12446.72
    assert data["workout"]["sessions"][0]["items"][1]["count"] == 8
    assert data["workout"]["sessions"][0]["items"][0]["end"] == {
        "type": "Distance",
        "value": 3.0,
        "unit": "mi",
        "upper": None,
    }
    assert data["text"].startswith("3 mi warm-up")


def test_workout_paces_give_times(capsys) -> None:
    args = ["workout", "20 x 1 km, last 5 at T pace", "--pace", "T=3:05/km", "--pace", "I=2:52/km"]
    assert main(args) == 0
    # 15 x 172 s + 5 x 185 s = 3505 s
    assert "58:25" in capsys.readouterr().out


def test_workout_fit_and_ics(tmp_path: Path, capsys) -> None:
    fit, ics = tmp_path / "s.fit", tmp_path / "s.ics"
    assert (
        main(["workout", SEED, "--fit", str(fit), "--ics", str(ics), "--date", "2027-01-05"]) == 0
    )
    assert Decoder(Stream.from_byte_array(bytearray(fit.read_bytes()))).check_integrity()
    assert b"DTSTART;VALUE=DATE:20270105" in ics.read_bytes()
    out = capsys.readouterr().out
    assert "wrote" in out


def test_workout_icu(capsys) -> None:
    assert main(["workout", SEED, "--icu"]) == 0
    assert "7x\n- Rep 200mtr" in capsys.readouterr().out


def test_workout_errors_are_one_pointed_message(capsys) -> None:
    assert main(["workout", "8 x 200 Metr"]) == 3
    err = capsys.readouterr().err
    assert "unknown unit 'Metr'; did you mean 'Meter'?" in err
    assert "^^^^" in err
    assert main(["workout", SEED, "--ics", "x.ics"]) == 3
    assert "--ics needs --date" in capsys.readouterr().err
    assert main(["workout", SEED, "--pace", "Q=3:00/km"]) == 3
    assert "unknown pace name" in capsys.readouterr().err
    assert main(["workout", SEED, "--pace", "T=fast"]) == 3
    assert "T=fast" in capsys.readouterr().err


def test_demo_shows_the_seven_key_sessions(capsys) -> None:
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    assert out.count("walmsley-") == 7
    assert "10 x 1 mi" in out


def test_vdot_gives_daniels_times(capsys):
    # Daniels' table: VDOT 50 runs T pace at 4:15/km, so 10 km at T takes about 2550 s;
    # the closed-form paces match the table within a few seconds per km.
    assert main(["workout", "10 km at T pace", "--vdot", "50", "--json"]) == 0
    totals = json.loads(capsys.readouterr().out)["totals"]
    assert totals["duration_s"] == pytest.approx(2550, abs=30)


def test_threshold_pace_sets_t_exactly(capsys):
    # --threshold-pace 3:05/km is T itself: 5 km at T = 5 x 185 s.
    assert main(["workout", "5 km at T pace", "--threshold-pace", "3:05/km", "--json"]) == 0
    totals = json.loads(capsys.readouterr().out)["totals"]
    assert totals["duration_s"] == pytest.approx(925.0)


def test_explicit_pace_overrides_vdot(capsys):
    argv = ["workout", "5 km at T pace", "--vdot", "50", "--pace", "T=4:00/km", "--json"]
    assert main(argv) == 0
    assert json.loads(capsys.readouterr().out)["totals"]["duration_s"] == pytest.approx(1200.0)


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        (["--vdot", "50", "--threshold-pace", "3:05/km"], "not both"),
        (["--threshold-pace", "fast"], "--threshold-pace 'fast'"),
        (["--vdot", "500"], "VDOT"),
    ],
)
def test_bad_pace_options(capsys, argv, fragment):
    assert main(["workout", "5 km at T pace", *argv]) == 3
    assert fragment in capsys.readouterr().err
