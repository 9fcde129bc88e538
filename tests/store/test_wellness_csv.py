from datetime import date

import pytest

from lydiard.errors import InputError
from lydiard.store.metrics import lookup_metric, parse_metric_value
from lydiard.store.wellness_csv import parse_wellness_csv, read_wellness_csv


@pytest.mark.parametrize(
    ("name", "text", "metric", "value"),
    [
        ("hrv", "62.5", "hrv_rmssd_ms", 62.5),
        ("RHR", " 44 ", "resting_hr_bpm", 44.0),
        ("sleep", "7.5", "sleep_s", 27_000.0),  # bare numbers are hours
        ("sleep", "7:30", "sleep_s", 27_000.0),  # h:mm
        ("sleep", "7h30", "sleep_s", 27_000.0),
        ("sleep_s", "27000", "sleep_s", 27_000.0),
        ("weight", "61,5", "body_mass_kg", 61.5),  # decimal comma
        ("weight_lb", "150", "body_mass_kg", 150 * 0.45359237),
        ("Ferritin", "35", "ferritin_ug_l", 35.0),
        ("muscle-soreness", "3", "soreness", 3.0),
    ],
)
def test_metric_values_are_read_in_the_stored_unit(name, text, metric, value):
    got_metric, got = parse_metric_value(name, text)
    assert got_metric.name == metric
    assert got == pytest.approx(value, rel=1e-12)


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("hrvv", "60", "did you mean 'hrv'"),
        ("hrv", "sixty", "'sixty' is not a number"),
        ("hrv", "6500", "outside the plausible range 1-400 ms"),
        ("sleep", "lots", "not a duration"),
        ("mood", "", "empty value"),
        ("rpe", "11", "0-10 CR-10"),
    ],
)
def test_bad_metric_values(name, text, message):
    with pytest.raises(InputError, match=message):
        parse_metric_value(name, text)


def test_every_alias_names_one_metric():
    assert lookup_metric("HRV").name == "hrv_rmssd_ms"
    assert lookup_metric("body mass").name == "body_mass_kg"


WIDE = """\ufeffDate,HRV,rhr,sleep,weight,notes
2024-05-01,62.5,44,7:45,61.2,
2024-05-02,58,46,,61.0,long day at work

2024-05-03T06:10:00,,45,8,,
"""


def test_wide_csv():
    entries = parse_wellness_csv(WIDE, "journal.csv")
    by_key = {(e.day, e.metric): e for e in entries}
    assert len(entries) == 4 + 3 + 2  # filled cells per row
    assert by_key[(date(2024, 5, 1), "sleep_s")].value == 7.75 * 3600
    assert by_key[(date(2024, 5, 2), "hrv_rmssd_ms")].note == "long day at work"
    assert (date(2024, 5, 2), "sleep_s") not in by_key  # empty cells are skipped
    assert by_key[(date(2024, 5, 3), "resting_hr_bpm")].value == 45
    assert {e.source for e in entries} == {"journal.csv"}


def test_long_csv():
    text = "date,metric,value,note\n2024-05-01,hrv,60,\n2024-05-01,ferritin,30,lab\n"
    entries = parse_wellness_csv(text, "long.csv")
    assert [(e.metric, e.value, e.note) for e in entries] == [
        ("hrv_rmssd_ms", 60.0, None),
        ("ferritin_ug_l", 30.0, "lab"),
    ]


def test_bad_rows_are_all_reported_with_line_and_column():
    text = (
        "date,hrv,rhr\n2024-05-01,60,44\n2024-13-01,61,45\n2024-05-03,abc,46\n2024-05-04,60,999\n"
    )
    with pytest.raises(InputError) as info:
        parse_wellness_csv(text, "journal.csv")
    message = str(info.value)
    assert message.startswith("journal.csv: nothing stored; ")
    assert "line 3, column 1 'date': '2024-13-01' is not a date" in message
    assert "line 4, column 2 'hrv': hrv_rmssd_ms: 'abc' is not a number" in message
    assert "line 5, column 3 'rhr': resting_hr_bpm: 999 is outside" in message


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty file"),
        ("hrv,rhr\n60,44\n", "line 1: no 'date' column"),
        ("date,hrv,heart\n2024-05-01,60,44\n", "line 1, column 3 'heart': unknown wellness metric"),
        ("date,hrv\n2024-05-01,60,44\n", "line 2: 3 cells but the header has 2"),
        ("date,metric,value\n2024-05-01,vibes,3\n", "line 2, column 2 'metric': unknown"),
    ],
)
def test_bad_files(text, message):
    with pytest.raises(InputError, match=message):
        parse_wellness_csv(text, "w.csv")


def test_read_file_errors(tmp_path):
    with pytest.raises(InputError, match=r"missing\.csv: no such file"):
        read_wellness_csv(tmp_path / "missing.csv")
    binary = tmp_path / "latin.csv"
    binary.write_bytes(b"date,mood\n2024-05-01,\xe9\n")
    with pytest.raises(InputError, match=r"latin\.csv: not UTF-8 text"):
        read_wellness_csv(binary)
    good = tmp_path / "ok.csv"
    good.write_text("date,hrv\n2024-05-01,60\n")
    assert read_wellness_csv(good)[0].value == 60.0
