"""Strava bulk exports: activities.csv layouts, zip and folder, hostile archives."""

from __future__ import annotations

import gzip
import importlib.util
import math
import os
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest

from lydiard.errors import FileFormatError, InputError, LydiardError
from lydiard.importers import read_activities, strava
from lydiard.importers.strava import iter_export
from lydiard.importers.strava_csv import parse_activities_csv, parse_export_date
from lydiard.model import Sport

GPX = (
    b'<?xml version="1.0"?><gpx version="1.1" creator="t"><trk><name>From file</name>'
    b"<type>running</type><trkseg>"
    b'<trkpt lat="46.0" lon="8.0"><time>2024-06-04T16:39:40Z</time></trkpt>'
    b'<trkpt lat="46.001" lon="8.0"><time>2024-06-04T16:40:10Z</time></trkpt>'
    b"</trkseg></trk></gpx>"
)
TCX = (
    b'<?xml version="1.0"?><TrainingCenterDatabase><Activities><Activity Sport="Biking">'
    b'<Lap StartTime="2024-06-05T07:00:00Z"><TotalTimeSeconds>60</TotalTimeSeconds>'
    b"<DistanceMeters>500</DistanceMeters><Track>"
    b"<Trackpoint><Time>2024-06-05T07:00:00Z</Time><DistanceMeters>0</DistanceMeters></Trackpoint>"
    b"<Trackpoint><Time>2024-06-05T07:01:00Z</Time><DistanceMeters>500</DistanceMeters></Trackpoint>"
    b"</Track></Lap></Activity></Activities></TrainingCenterDatabase>"
)

HEADER_99 = None  # read from the shared sample where present, else a short current header
CURRENT_HEADER = (
    "Activity ID,Activity Date,Activity Name,Activity Type,Activity Description,Elapsed Time,"
    "Distance,Max Heart Rate,Relative Effort,Commute,Activity Private Note,Activity Gear,"
    "Filename,Athlete Weight,Bike Weight,Elapsed Time,Moving Time,Distance,Max Speed,"
    "Average Speed,Elevation Gain,Elevation Loss,Elevation Low,Elevation High,Max Grade,"
    "Average Grade,Average Positive Grade,Average Negative Grade,Max Cadence,Average Cadence,"
    "Max Heart Rate,Average Heart Rate,Max Watts,Average Watts,Calories"
)


def current_row(**values: str) -> str:
    columns = CURRENT_HEADER.split(",")
    cells = [""] * len(columns)
    seen: dict[str, int] = {}
    for i, column in enumerate(columns):
        key = column if column not in seen else f"{column} 2"
        seen[column] = i
        if key in values:
            cells[i] = values[key]
    return ",".join(cells)


CSV = "\n".join(
    [
        CURRENT_HEADER,
        current_row(
            **{
                "Activity ID": "11",
                "Activity Date": '"Jun 4, 2024, 4:39:40 PM"',
                "Activity Name": "Tempo on the ridge",
                "Activity Type": "Trail Run",
                "Activity Description": '"Felt good.\nLegs heavy, 3 x 10 min at T."',
                "Activity Gear": "Speedgoat 5",
                "Filename": "activities/11.gpx.gz",
                "Distance": "0.11",
                "Distance 2": "111.2",
                "Commute": "false",
            }
        ),
        current_row(
            **{
                "Activity ID": "12",
                "Activity Date": '"Jun 5, 2024, 7:00:00 AM"',
                "Activity Name": "Spin",
                "Activity Type": "Ride",
                "Filename": "activities/12.tcx",
            }
        ),
        current_row(
            **{
                "Activity ID": "13",
                "Activity Date": '"Jun 6, 2024, 12:30:00 PM"',
                "Activity Name": "Gym",
                "Activity Type": "Weight Training",
                "Elapsed Time": "3600",
                "Elapsed Time 2": "3600.0",
                "Moving Time": "3000",
                "Distance": "5.00",
                "Average Heart Rate": "110",
                "Calories": "400",
            }
        ),
        current_row(
            **{
                "Activity ID": "14",
                "Activity Date": '"Jun 7, 2024, 6:00:00 AM"',
                "Activity Name": "Lost file",
                "Activity Type": "Run",
                "Filename": "activities/14.fit.gz",
            }
        ),
    ]
)
FILES = {
    "activities/11.gpx.gz": gzip.compress(GPX),
    "activities/12.tcx": TCX,
    "activities/99.gpx": GPX,
}


def make_folder(root: Path, csv: str = CSV, files: dict[str, bytes] | None = None) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "activities.csv").write_text(csv)
    for name, data in (FILES if files is None else files).items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    return root


def make_zip(
    path: Path, csv: str = CSV, files: dict[str, bytes] | None = None, prefix: str = ""
) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(prefix + "activities.csv", csv)
        for name, data in (FILES if files is None else files).items():
            archive.writestr(prefix + name, data)
    return path


def check_export(items: list[tuple[str, object]]) -> None:
    names = [name for name, _ in items]
    assert names == [
        "activities/11.gpx.gz",
        "activities/12.tcx",
        "activities.csv line 5",  # the first row spans lines 2-3 (a two-line description)
        "activities/14.fit.gz",
        "activities/99.gpx",
    ]
    run, ride, gym, lost, extra = (item for _, item in items)
    assert run.name == "Tempo on the ridge"
    assert run.sport is Sport.TRAIL_RUN  # the CSV type beats the file's "running"
    assert run.sessions[0].sport is Sport.TRAIL_RUN
    assert run.metadata["gear"] == "Speedgoat 5"
    assert run.metadata["description"] == "Felt good.\nLegs heavy, 3 x 10 min at T."
    assert run.metadata["strava_id"] == "11"
    assert run.metadata["commute"] is False
    assert run.metadata["export"] == "strava"
    assert len(run.samples) == 2
    assert ride.sport is Sport.BIKE
    assert ride.name == "Spin"
    assert ride.samples.distance_m[-1] == 500.0
    # A manual entry: no samples, the CSV's totals in one session.
    assert gym.source_format == "strava"
    assert gym.metadata["manual"] is True
    assert gym.start_time == datetime(2024, 6, 6, 12, 30, tzinfo=UTC)
    assert len(gym.samples) == 0
    (session,) = gym.sessions
    assert session.sport is Sport.STRENGTH
    assert (session.end_s, session.timer_s, session.distance_m) == (3600.0, 3000.0, 5000.0)
    assert (session.avg_heart_rate_bpm, session.calories_kcal) == (110.0, 400.0)
    assert gym.elapsed_s == 3600.0
    assert isinstance(lost, FileFormatError)
    assert "activities.csv line 6 names activities/14.fit.gz, which is not in the export" in str(
        lost
    )
    assert extra.name == "From file"
    assert any("not listed in activities.csv" in i.message for i in extra.issues)


def test_folder_export(tmp_path):
    check_export(list(iter_export(make_folder(tmp_path / "export"))))


def test_zip_export_and_read_activities(tmp_path):
    path = make_zip(tmp_path / "export.zip")
    check_export(list(iter_export(path)))
    check_export(list(read_activities(path)))


def test_zip_with_a_top_folder(tmp_path):
    path = make_zip(tmp_path / "export.zip", prefix="export_123/")
    check_export(list(iter_export(path)))


def test_members_are_read_lazily(tmp_path, monkeypatch):
    path = make_zip(tmp_path / "export.zip")
    reads: list[str] = []
    original = strava._Zip.read

    def spy(self, name, limit):
        reads.append(name)
        return original(self, name, limit)

    monkeypatch.setattr(strava._Zip, "read", spy)
    items = iter_export(path)
    next(items)
    assert reads == ["activities.csv", "activities/11.gpx.gz"]


def test_legacy_layout(tmp_path):
    csv = (
        "id,date,name,type,description,elapsed_time,distance,commute,gear,filename\n"
        "711084130,2016-09-11 09:48:01,Lunch Run,Run,,2710,7231.1,false,,activities/1.gpx\n"
        "711084131,2016-09-12 09:48:01,Manual,Run,,1800,5000,true,Pegasus,\n"
    )
    root = make_folder(tmp_path / "legacy", csv, {"activities/1.gpx": GPX})
    (_, run), (manual_name, manual) = iter_export(root)
    assert run.name == "Lunch Run"
    assert run.sport is Sport.RUN
    assert manual_name == "activities.csv line 3"
    assert manual.sessions[0].distance_m == 5000.0
    assert manual.metadata["commute"] is True
    assert manual.metadata["gear"] == "Pegasus"


def test_shared_csv_layouts(shared_data):
    legacy = parse_activities_csv(
        (shared_data / "strava" / "alevinval_trainer_legacy_activities.csv").read_bytes()
    )
    (row,) = legacy
    assert row.strava_id == "711084130"
    assert row.date == datetime(2016, 9, 11, 9, 48, 1, tzinfo=UTC)
    assert (row.elapsed_time_s, row.distance_m) == (2710.0, 7231.1)
    assert row.filename == "activities/783319746.fit.gz"
    header = (shared_data / "strava" / "activities_header_99col.csv").read_text().strip()
    assert header.count(",") == 98
    first_km = header.split(",").index("Distance")
    cells = [""] * 99
    cells[0], cells[1], cells[first_km] = "1", '"Jun 4, 2024, 4:39:40 PM"', "12.5"
    (only_km,) = parse_activities_csv((header + "\n" + ",".join(cells)).encode())
    assert only_km.distance_m == 12500.0  # the first Distance is km; no metres given
    second_m = header.split(",").index("Distance", first_km + 1)
    cells[second_m] = "12487.3"
    (both,) = parse_activities_csv((header + "\n" + ",".join(cells)).encode())
    assert both.distance_m == 12487.3
    assert both.date == datetime(2024, 6, 4, 16, 39, 40, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Jun 4, 2024, 4:39:40 PM", datetime(2024, 6, 4, 16, 39, 40, tzinfo=UTC)),
        ("Jun 4, 2024, 12:05:00 AM", datetime(2024, 6, 4, 0, 5, tzinfo=UTC)),
        ("Dec 31, 2023, 12:59:59 PM", datetime(2023, 12, 31, 12, 59, 59, tzinfo=UTC)),
        ("Sept 1, 2023, 1:00:00 PM", datetime(2023, 9, 1, 13, 0, tzinfo=UTC)),
        ("2016-09-11 09:48:01", datetime(2016, 9, 11, 9, 48, 1, tzinfo=UTC)),
        ("4. Juni 2024, 16:39:40", None),
        ("Foo 4, 2024, 4:39:40 PM", None),
        ("Jun 31, 2024, 4:39:40 PM", None),
        ("Jun 4, 2024, 13:39:40 PM", None),
    ],
)
def test_export_dates(text, expected):
    assert parse_export_date(text) == expected


def test_bad_rows_are_issues_or_errors_in_strict_mode(tmp_path):
    csv = (
        CURRENT_HEADER
        + "\n"
        + current_row(
            **{
                "Activity ID": "1",
                "Activity Date": "yesterday",
                "Activity Name": "Odd",
                "Activity Type": "Run",
                "Filename": "activities/11.gpx.gz",
            }
        )
    )
    root = make_folder(tmp_path / "e", csv, {"activities/11.gpx.gz": gzip.compress(GPX)})
    ((_, activity),) = iter_export(root)
    assert any("unreadable date 'yesterday'" in str(i) for i in activity.issues)
    ((_, error),) = iter_export(root, strict=True)
    assert isinstance(error, FileFormatError)
    assert "line 2" in str(error)
    manual_csv = CURRENT_HEADER + "\n" + current_row(**{"Activity ID": "2", "Activity Date": "?"})
    ((_, manual),) = iter_export(make_folder(tmp_path / "m", manual_csv, {}))
    assert isinstance(manual, FileFormatError)
    assert "no file and no readable date" in str(manual)


def test_a_damaged_member_does_not_stop_the_rest(tmp_path):
    files = dict(FILES)
    files["activities/11.gpx.gz"] = gzip.compress(GPX)[:30]
    items = dict(iter_export(make_zip(tmp_path / "e.zip", files=files)))
    assert isinstance(items["activities/11.gpx.gz"], LydiardError)
    assert items["activities/12.tcx"].name == "Spin"


def test_zip_bomb_by_ratio(tmp_path):
    files = dict(FILES)
    files["activities/11.gpx.gz"] = bytes(3 * 2**20)  # 3 MiB of zeros: ratio ~1000
    items = dict(iter_export(make_zip(tmp_path / "bomb.zip", files=files)))
    assert "refused as a possible zip bomb" in str(items["activities/11.gpx.gz"])
    assert items["activities/12.tcx"].name == "Spin"


def test_zip_bomb_by_declared_size(tmp_path, monkeypatch):
    monkeypatch.setattr(strava, "MAX_DECOMPRESSED_BYTES", 2**20)
    files = dict(FILES)
    files["activities/11.gpx.gz"] = os.urandom(2 * 2**20)
    items = dict(iter_export(make_zip(tmp_path / "big.zip", files=files)))
    assert "declares 2 MiB, more than 1 MiB" in str(items["activities/11.gpx.gz"])


def test_zip_with_too_many_entries(tmp_path, monkeypatch):
    monkeypatch.setattr(strava, "MAX_MEMBERS", 3)
    with pytest.raises(FileFormatError, match="more than 3; refused"):
        list(iter_export(make_zip(tmp_path / "many.zip")))


def test_export_total_is_capped(tmp_path, monkeypatch):
    monkeypatch.setattr(strava, "MAX_TOTAL_BYTES", len(CSV) + 100)
    items = dict(iter_export(make_zip(tmp_path / "e.zip")))
    assert "inflates to more than" in str(items["activities/12.tcx"])


@pytest.mark.parametrize(
    "name", ["../evil.gpx", "/etc/evil.gpx", "a/../../evil.gpx", "C:\\evil.gpx"]
)
def test_zip_path_traversal_names_are_refused(tmp_path, name):
    path = make_zip(tmp_path / "evil.zip")
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr(zipfile.ZipInfo(name), GPX)
    with pytest.raises(FileFormatError, match="leads outside the archive"):
        list(iter_export(path))


def test_csv_filenames_cannot_leave_the_folder(tmp_path):
    (tmp_path / "secret.gpx").write_bytes(GPX)
    csv = (
        CURRENT_HEADER
        + "\n"
        + current_row(
            **{
                "Activity ID": "1",
                "Activity Date": '"Jun 4, 2024, 4:39:40 PM"',
                "Filename": "../secret.gpx",
            }
        )
    )
    ((_, error),) = iter_export(make_folder(tmp_path / "e", csv, {}))
    assert isinstance(error, FileFormatError)
    assert "leads outside the export" in str(error)


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links here")
def test_symbolic_links_cannot_leave_the_folder(tmp_path):
    (tmp_path / "secret.gpx").write_bytes(GPX)
    csv = (
        CURRENT_HEADER
        + "\n"
        + current_row(
            **{
                "Activity ID": "1",
                "Activity Date": '"Jun 4, 2024, 4:39:40 PM"',
                "Filename": "activities/a.gpx",
            }
        )
    )
    root = make_folder(tmp_path / "e", csv, {})
    (root / "activities").mkdir()
    (root / "activities" / "a.gpx").symlink_to(tmp_path / "secret.gpx")
    ((_, error),) = iter_export(root)
    assert "leads outside the export" in str(error)


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b"PK\x03\x04 not really", "not a readable zip archive"),
        (None, "no activities.csv in this archive"),
    ],
)
def test_unusable_archives(tmp_path, content, fragment):
    path = tmp_path / "x.zip"
    if content is None:
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("notes.txt", "hi")
    else:
        path.write_bytes(content)
    with pytest.raises(FileFormatError, match=fragment):
        list(iter_export(path))


def test_missing_export_and_bad_csv(tmp_path):
    with pytest.raises(InputError, match="no such file or folder"):
        list(iter_export(tmp_path / "nope.zip"))
    with pytest.raises(FileFormatError, match=r"not a Strava activities\.csv"):
        list(iter_export(make_folder(tmp_path / "f", "a,b,c\n1,2,3\n", {})))
    with pytest.raises(FileFormatError, match="not UTF-8"):
        parse_activities_csv(b"id,filename\n\xff\xfe,x\n")


@pytest.mark.skipif(
    importlib.util.find_spec("lydiard.importers.fit") is None,
    reason="the FIT reader (lydiard.importers.fit) has not landed on this branch",
)
def test_fit_member(tmp_path, shared_data):
    fit = (shared_data / "fit" / "fitparse__garmin-fenix-5-run.fit").read_bytes()
    csv = (
        CURRENT_HEADER
        + "\n"
        + current_row(
            **{
                "Activity ID": "5",
                "Activity Date": '"Jun 4, 2024, 4:39:40 PM"',
                "Activity Name": "Watch run",
                "Activity Type": "Run",
                "Filename": "activities/5.fit.gz",
            }
        )
    )
    ((_, activity),) = iter_export(
        make_zip(tmp_path / "fit.zip", csv, {"activities/5.fit.gz": gzip.compress(fit)})
    )
    assert not isinstance(activity, Exception), activity
    assert activity.name == "Watch run"
    assert activity.source_format == "fit"
    assert len(activity.samples) > 0
    assert math.isfinite(float(np.nanmax(activity.samples.distance_m)))
