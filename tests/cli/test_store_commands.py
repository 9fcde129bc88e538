"""The store's commands: db, import, activities, wellness (through lydiard.cli.main)."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from lydiard.cli import main
from lydiard.importers import READERS
from lydiard.importers.sniff import Format
from store_factories import START, gpx_bytes


@pytest.fixture(autouse=True)
def data_dir(fresh_data_dir, monkeypatch):
    # GPX goes through the real content sniffing to a small test reader until the
    # real GPX reader is merged.
    monkeypatch.setitem(READERS, Format.GPX, "store_factories:read_test_gpx")
    return fresh_data_dir


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def runs(tmp_path):
    folder = tmp_path / "runs"
    folder.mkdir()
    for i, name in enumerate(["Easy run", "Hill reps", "Long run"]):
        (folder / f"run{i}.gpx").write_bytes(gpx_bytes(START + timedelta(days=i), name=name))
    return folder


def test_db_info_and_upgrade(capsys, data_dir):
    code, out, _ = run(capsys, "db", "info", "--json")
    info = json.loads(out)
    assert code == 0
    assert info["schema"]["state"] == "empty"
    assert info["path"] == str(data_dir / "lydiard.db")
    code, out, _ = run(capsys, "db", "upgrade")
    assert code == 0
    assert "schema upgraded from empty to 0002" in out
    code, out, _ = run(capsys, "db", "upgrade")
    assert "already current (0002)" in out
    code, out, _ = run(capsys, "db", "info")
    assert "Schema    0002 (newest 0002): current" in out
    assert "activities" in out


def test_import_lists_failures_and_is_idempotent(capsys, runs):
    (runs / "broken.gpx").write_bytes(b"<gpx><trk>")
    code, out, err = run(capsys, "import", str(runs))
    assert code == 3  # some files failed; the others are stored
    assert "3 added, 1 failed" in out
    assert "broken.gpx" in out
    assert "not valid XML" in out
    code, out, _ = run(capsys, "import", str(runs), "--json")
    report = json.loads(out)
    assert report["counts"]["skipped"] == 3
    assert report["counts"]["failed"] == 1
    (runs / "broken.gpx").unlink()
    code, out, _ = run(capsys, "import", str(runs))
    assert code == 0
    assert "0 added, 3 files imported before" in out
    code, _, err = run(capsys, "import", str(runs), "--jobs", "0")
    assert code == 3
    assert "--jobs: expected 1 or more" in err


def test_activities_list_and_filters(capsys, runs):
    assert run(capsys, "import", str(runs))[0] == 0
    code, out, _ = run(capsys, "activities")
    assert code == 0
    for name in ("Easy", "Hill", "Long"):  # names may wrap at 80 columns
        assert name in out
    assert "2024-06-03" in out
    assert "5:33/km" in out  # 357 m in 119 s: 3.0 m/s
    assert "0.36 km" in out  # 119 steps of 3 m
    code, out, _ = run(capsys, "activities", "--json")
    listed = json.loads(out)
    assert [a["name"] for a in listed] == ["Long run", "Hill reps", "Easy run"]
    assert listed[0]["sport"] == "run"
    assert listed[0]["local_date"] == "2024-06-03"
    _, out, _ = run(capsys, "activities", "--json", "--from", "2024-06-02", "--to", "2024-06-02")
    assert [a["name"] for a in json.loads(out)] == ["Hill reps"]
    _, out, _ = run(capsys, "activities", "--json", "--text", "LONG")
    assert [a["name"] for a in json.loads(out)] == ["Long run"]
    _, out, _ = run(capsys, "activities", "--json", "--text", "run1.gpx")  # file names too
    assert [a["name"] for a in json.loads(out)] == ["Hill reps"]
    _, out, _ = run(capsys, "activities", "--json", "--sport", "bike")
    assert json.loads(out) == []
    _, out, _ = run(capsys, "activities", "--limit", "1")
    assert "1 of 3; --limit 0 shows all" in out
    code, _, err = run(capsys, "activities", "--from", "June")
    assert code == 3
    assert "--from: 'June' is not a date (use YYYY-MM-DD)" in err
    code, _, err = run(capsys, "activities", "--sport", "curling")
    assert code == 3
    assert "'curling' is not a sport" in err


def test_wellness_add_list_and_errors(capsys):
    code, out, _ = run(
        capsys,
        "wellness",
        "add",
        "hrv=62.5",
        "rhr=44",
        "sleep=7:30",
        "--date",
        "2024-05-01",
        "--note",
        "after travel",
    )
    assert code == 0
    assert "2024-05-01: stored hrv_rmssd_ms 62.5, resting_hr_bpm 44, sleep_s 27000" in out
    _, out, _ = run(capsys, "wellness", "list", "--json")
    entries = json.loads(out)
    assert {(e["metric"], e["value"]) for e in entries} == {
        ("hrv_rmssd_ms", 62.5),
        ("resting_hr_bpm", 44.0),
        ("sleep_s", 27000.0),
    }
    assert {e["note"] for e in entries} == {"after travel"}
    _, out, _ = run(capsys, "wellness", "list")
    assert "7:30:00" in out  # sleep shown as a duration
    code, _, err = run(capsys, "wellness", "add", "hrv=6500")
    assert code == 3
    assert "outside the plausible range" in err
    code, _, err = run(capsys, "wellness", "add", "hrv")
    assert code == 3
    assert "write METRIC=VALUE" in err
    code, _, err = run(capsys, "wellness", "list", "--metric", "vibes")
    assert code == 3
    assert "unknown wellness metric 'vibes'" in err


def test_wellness_import_is_all_or_nothing(capsys, tmp_path):
    good = tmp_path / "journal.csv"
    good.write_text("date,hrv,rhr,weight\n2024-05-01,60,45,61.5\n2024-05-02,64,44,\n")
    code, out, _ = run(capsys, "wellness", "import", str(good))
    assert code == 0
    assert "journal.csv: stored 5 values from 2024-05-01 to 2024-05-02" in out
    bad = tmp_path / "bad.csv"
    bad.write_text("date,hrv\n2024-05-03,61\n2024-05-04,lots\n")
    code, _, err = run(capsys, "wellness", "import", str(bad))
    assert code == 3
    assert "bad.csv: nothing stored; line 3, column 2 'hrv'" in err
    _, out, _ = run(capsys, "wellness", "list", "--json")
    assert len(json.loads(out)) == 5  # the good row of bad.csv was not stored either
    code, _, err = run(capsys, "wellness", "import", str(tmp_path / "missing.csv"))
    assert code == 3
    assert "missing.csv: no such file" in err
