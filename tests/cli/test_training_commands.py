"""fitness, readiness, show ID and lactate add over a store filled by the simulator."""

from __future__ import annotations

import csv
import json
import math
import re
from datetime import date, timedelta
from pathlib import Path

import pytest

from lydiard.cli import main
from lydiard.exporters.fit_activity import encode_activity
from lydiard.ingest import InlineExecutor, import_paths
from lydiard.simulate.athlete import SimAthlete
from lydiard.simulate.block import BlockWeek, scripted_block, simulate_days
from lydiard.simulate.wellness import Body
from lydiard.store import Threshold, ThresholdKind, open_store

MONDAY = date(2025, 1, 6)
WEEKS = 5
ATHLETE = SimAthlete()


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data directory with five simulated weeks imported and a morning journal."""
    folder = tmp_path_factory.mktemp("training")
    weeks = [BlockWeek(110, "10x1mi", "", 24)] * (WEEKS - 1) + [BlockWeek(150, "", "", 40)]
    outings = scripted_block(MONDAY, weeks, doubles=True)
    files = folder / "activities"
    files.mkdir()
    rows = []
    body = Body(ATHLETE, fitness=60.0)
    for day in simulate_days(ATHLETE, outings, seed=2, body=body):
        for k, sim in enumerate(day.sessions):
            (files / f"{day.day}-{k}.fit").write_bytes(encode_activity(sim.activity))
        m = day.morning
        if math.isfinite(m.ln_rmssd):
            rows.append([day.day.isoformat(), f"{m.rmssd_ms:.1f}", f"{m.resting_hr_bpm:.0f}"])
    with (folder / "wellness.csv").open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["date", "hrv", "rhr"])
        writer.writerows(rows)
    with open_store(f"sqlite:///{folder / 'lydiard.db'}") as store:
        store.athletes.ensure("jim", timezone=ATHLETE.timezone)
        for kind, value in (
            (ThresholdKind.HR_REST_BPM, ATHLETE.hr_rest_bpm),
            (ThresholdKind.HR_MAX_BPM, ATHLETE.hr_max_bpm),
            (ThresholdKind.LTHR_BPM, round(ATHLETE.lthr_bpm)),
        ):
            store.athletes.set_threshold("jim", Threshold(kind, value, MONDAY))
        import_paths([files], store, athlete="jim", executor=InlineExecutor())
    return folder


@pytest.fixture(autouse=True)
def env(filled, monkeypatch, tmp_path):
    for name in ("LYDIARD_DATABASE_URL", "LYDIARD_CONFIG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LYDIARD_DATA_DIR", str(filled))
    monkeypatch.setenv("LYDIARD_ATHLETE", "jim")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("LYDIARD_JOBS", "1")


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


LAST = MONDAY + timedelta(weeks=WEEKS, days=-1)


def test_fitness_json_follows_the_stored_loads(capsys, filled):
    code, out, _ = run(capsys, "fitness", "--on", LAST.isoformat(), "--weeks", "5", "--json")
    assert code == 0
    data = json.loads(out)
    series = data["series"]
    assert series["first_day"] == MONDAY.isoformat()
    loads = series["load"]
    assert len(loads) == WEEKS * 7
    # fitness is the 42-day EWMA (k = 1/42) of the daily loads, from 0
    fitness = 0.0
    for load in loads:
        fitness += (load - fitness) / 42
    assert series["fitness"][-1] == pytest.approx(fitness)
    assert [w["monday"] for w in data["weeks"]] == [
        (MONDAY + timedelta(weeks=k)).isoformat() for k in range(WEEKS)
    ]
    week = data["weeks"][0]
    assert week["load"] == pytest.approx(sum(loads[:7]))
    # one file per activity, named by its day: the week counts activities, not days
    first_week = [MONDAY + timedelta(days=k) for k in range(7)]
    files = [
        f
        for f in (filled / "activities").iterdir()
        if date.fromisoformat(f.name[:10]) in first_week
    ]
    assert sum(week["sessions"].values()) == len(files)
    assert 90_000 < sum(v for k, v in week["distance_m"].items() if "run" in k) < 130_000
    # the last week's 40 km long run is 30-100 % over the 24 km of the month before
    spikes = data["guards"]["spikes"]
    assert [s[1]["level"] for s in spikes] == ["moderate"]


def test_fitness_text_and_a_starting_fitness(capsys):
    code, out, _ = run(capsys, "fitness", "--on", LAST.isoformat(), "--start-fitness", "60")
    assert code == 0
    assert "training since 2025-01-06" in out
    # the 40 km long run of the last Saturday, measured against the longest run before it
    said = re.search(
        r"Spike guard: 2025-02-08 run of ([\d.]+) km is (\d+)% longer than the longest of the 30"
        r" days before \(([\d.]+) km\): moderate",
        " ".join(out.split()),
    )
    assert said, out
    longest, over, before = float(said[1]), int(said[2]), float(said[3])
    assert 38 < longest < 42
    assert before < longest
    assert abs(over - 100 * (longest / before - 1)) <= 1  # both lengths are rounded to 0.1 km
    code, out, _ = run(
        capsys, "fitness", "--on", LAST.isoformat(), "--json", "--start-fitness", "60"
    )
    assert json.loads(out)["series"]["fitness"][0] > 55  # starts near 60, not 0


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["fitness", "--weeks", "0"], "--weeks: expected 1 or more"),
        (["fitness", "--start-fitness", "-5"], "--start-fitness: expected a load of 0 or more"),
        (["fitness", "--on", "yesterday"], "--on: 'yesterday' is not a date"),
        (["readiness", "--start-fitness", "nan"], "--start-fitness"),
    ],
)
def test_bad_options_say_what_is_wrong(capsys, argv, message):
    code, _, err = run(capsys, *argv)
    assert code == 3
    assert message in err


def test_readiness_from_the_journal(capsys, filled):
    code, out, _ = run(capsys, "readiness", "--on", LAST.isoformat())
    assert code == 0
    assert "no morning HRV in the journal" in out  # nothing imported yet
    assert "Burnout screen:" in out
    code, _, _ = run(capsys, "wellness", "import", str(filled / "wellness.csv"))
    assert code == 0
    code, out, _ = run(capsys, "readiness", "--on", LAST.isoformat(), "--json")
    data = json.loads(out)
    # about 32 measured mornings: a baseline of 14 or more before the last week
    assert data["hrv"]["rule"] == "plews"
    assert data["hrv"]["baseline_mornings"] >= 14
    assert data["hrv"]["verdict"] in {"train as planned", "easy", "rest"}
    assert data["burnout"]["light"] in {"green", "amber", "red"}
    assert data["burnout"]["disclaimer"].startswith("A screen")


def test_show_a_stored_activity_by_id(capsys):
    code, out, _ = run(capsys, "activities", "--limit", "1", "--json")
    record = json.loads(out)[0]
    code, out, _ = run(capsys, "show", str(record["id"]), "--json")
    assert code == 0
    shown = json.loads(out)
    assert shown["activity"]["start_time"] == record["start_time"]
    assert shown["analysis"]["summary"]["distance_m"] == pytest.approx(
        record["distance_m"], rel=0.01
    )
    code, _, err = run(capsys, "show", "999999")
    assert code == 4
    assert "activity 999999 not found" in err


def test_lactate_add_stores_the_test_and_sets_thresholds(capsys, shared_data, filled):
    test = shared_data / "lactate" / "lactate_thresholds_running_simple.csv"
    argv = ["lactate", "add", str(test), "--athlete", "ann"]
    code, out, _ = run(capsys, *argv, "--date", "2025-01-20", "--json")
    assert code == 0
    first = json.loads(out)
    assert first["sport"] == "run"
    assert first["thresholds_set"] == []
    code, out, _ = run(capsys, *argv, "--date", "2025-01-21", "--set-thresholds")
    assert code == 0
    assert "thresholds from 2025-01-21: threshold_speed_mps" in out
    with open_store(f"sqlite:///{filled / 'lydiard.db'}") as store:
        ann = store.athletes.get("ann")
        tests = store.lactate.list(ann.id)
        assert [t.day for t in tests] == [date(2025, 1, 20), date(2025, 1, 21)]
        assert len(tests[0].steps) == 9  # 8 steps and the resting sample
        lt2 = ann.threshold_on(ThresholdKind.THRESHOLD_SPEED_MPS, date(2025, 1, 21))
        # modified Dmax of this test: 3:33/km (docs/physiology.md), 16.9 km/h
        assert lt2 == pytest.approx(first["lt2"]["intensity"])
        assert lt2 * 3.6 == pytest.approx(16.9, abs=0.1)
        assert ann.threshold_on(ThresholdKind.THRESHOLD_SPEED_MPS, date(2025, 1, 20)) is None


def test_lactate_add_refuses_a_bad_file(capsys, tmp_path):
    bad = tmp_path / "steps.csv"
    bad.write_text("speed,lactate\n10,1.0\n11,1.1\n")
    code, _, err = run(capsys, "lactate", "add", str(bad))
    assert code == 3
    assert "steps.csv" in err
