"""``lydiard demo`` end to end on a short block (the full one is ``make demo``)."""

from __future__ import annotations

import json
import zipfile

from lydiard.cli import main
from lydiard.planning.serial import plan_from_dict


def test_demo_runs_the_whole_loop_in_its_own_folder(capsys, tmp_path, monkeypatch):
    # the user's own settings must not matter: the demo works in the folder it is given
    monkeypatch.setenv("LYDIARD_DATABASE_URL", "sqlite:////nonexistent/never.db")
    folder = tmp_path / "demo"
    argv = ["demo", "--weeks", "5", "--no-workouts", "--jobs", "1", "--data-dir", str(folder)]
    code = main([*argv, "--today", "2025-05-07"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "The schedule: a Walmsley-preset plan to Western States 100" in out
    assert "already stored (the same run as GPX)" in out
    assert "0 failed" in out
    assert "camp" in out  # the off-plan week, marked in the table
    assert "What the guards caught" in out
    assert "spike" in out  # the camp's 68 km long run
    assert "HRV readiness 2025-05-07" in out
    assert "The coming week: Western States 100" in out
    assert (folder / "lydiard.db").is_file()
    fits = list((folder / "activities").rglob("*.fit"))
    assert len(fits) > 40
    with zipfile.ZipFile(folder / "exports" / "plan-workouts.zip") as archive:
        assert all(name.endswith(".fit") for name in archive.namelist())
    assert (folder / "exports" / "plan.ics").read_bytes().startswith(b"BEGIN:VCALENDAR")
    plan = plan_from_dict(json.loads((folder / "plan.json").read_text()))
    assert plan.race.name == "Western States 100"


def test_demo_refuses_bad_options(capsys):
    assert main(["demo", "--weeks", "20"]) == 3
    assert "--weeks: expected 1 to 16" in capsys.readouterr().err
