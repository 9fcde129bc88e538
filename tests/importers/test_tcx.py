"""TCX edge cases on small documents written here."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from lydiard.errors import FileFormatError, IssueLevel
from lydiard.importers import read_activities
from lydiard.importers.tcx import read_tcx, read_tcx_activities
from lydiard.model import Sport

NS = (
    'xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2" '
    'xmlns:ns3="http://www.garmin.com/xmlschemas/ActivityExtension/v2"'
)


def when(start: datetime, seconds: float) -> str:
    return (start + timedelta(seconds=seconds)).isoformat().replace("+00:00", "Z")


def trackpoint(
    start: datetime, t: float, distance: float | None, hr: int | None = None, extra: str = ""
) -> str:
    parts = [f"<Time>{when(start, t)}</Time>"]
    parts.append(
        f"<Position><LatitudeDegrees>{46 + t / 1e4}</LatitudeDegrees>"
        f"<LongitudeDegrees>{8 + t / 1e4}</LongitudeDegrees></Position>"
    )
    if distance is not None:
        parts.append(f"<DistanceMeters>{distance}</DistanceMeters>")
    if hr is not None:
        parts.append(f"<HeartRateBpm><Value>{hr}</Value></HeartRateBpm>")
    return "<Trackpoint>" + "".join(parts) + extra + "</Trackpoint>\n"


def lap(
    start: datetime, offset: float, seconds: float, metres: float, points: str, *, avg_hr: int = 150
) -> str:
    return (
        f'<Lap StartTime="{when(start, offset)}"><TotalTimeSeconds>{seconds}</TotalTimeSeconds>'
        f"<DistanceMeters>{metres}</DistanceMeters><Calories>50</Calories>"
        f"<AverageHeartRateBpm><Value>{avg_hr}</Value></AverageHeartRateBpm>"
        f"<MaximumHeartRateBpm><Value>{avg_hr + 10}</Value></MaximumHeartRateBpm>"
        "<Intensity>Active</Intensity><TriggerMethod>Distance</TriggerMethod>"
        f"<Track>\n{points}</Track>"
        "<Extensions><ns3:LX><ns3:AvgWatts>240</ns3:AvgWatts></ns3:LX></Extensions></Lap>\n"
    )


def activity(sport: str, start: datetime, laps: str, device: str = "Forerunner 965") -> str:
    return (
        f'<Activity Sport="{sport}"><Id>{when(start, 0)}</Id>{laps}'
        f"<Notes>Hill reps &amp; strides</Notes>"
        f'<Creator xsi:type="Device_t" xmlns:xsi="x"><Name>{device}</Name>'
        "<UnitId>1</UnitId></Creator>"
        "</Activity>\n"
    )


def tcx(*activities: str, multisport: bool = False) -> bytes:
    body = "".join(activities)
    if multisport:
        first, *rest = activities
        body = (
            "<MultiSportSession><Id>x</Id><FirstSport>"
            + first
            + "</FirstSport>"
            + "".join(f"<NextSport>{a}</NextSport>" for a in rest)
            + "</MultiSportSession>"
        )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<TrainingCenterDatabase {NS}>\n<Activities>\n'
        f"{body}</Activities>\n<Author><Name>Garmin Connect</Name></Author>\n"
        "</TrainingCenterDatabase>\n"
    ).encode()


START = datetime(2024, 6, 1, 6, 0, tzinfo=UTC)


def two_lap_run(start: datetime = START) -> str:
    tpx = (
        "<Extensions><ns3:TPX><ns3:Speed>{s}</ns3:Speed><ns3:RunCadence>{c}</ns3:RunCadence>"
        "<ns3:Watts>{w}</ns3:Watts></ns3:TPX></Extensions>"
    )
    first = "".join(
        trackpoint(start, t, 3.0 * t, 140 + t, tpx.format(s=3.0, c=85, w=250 + t))
        for t in range(0, 4)
    )
    second = "".join(
        trackpoint(start, t, 3.0 * t, 140 + t, tpx.format(s=3.2, c=88, w=260)) for t in range(5, 8)
    )
    return activity(
        "Running",
        start,
        lap(start, 0, 4.0, 12.0, first) + lap(start, 5, 3.0, 9.0, second, avg_hr=160),
    )


def test_single_activity_with_laps_and_extensions():
    act = read_tcx(tcx(two_lap_run()), name="run.tcx")
    s = act.samples
    assert len(s) == 7
    assert act.start_time == START
    assert act.sport is Sport.RUN
    assert act.device == "Forerunner 965"
    assert s.time_s.tolist() == [0, 1, 2, 3, 5, 6, 7]
    assert s.distance_m.tolist() == [0, 3, 6, 9, 15, 18, 21]
    assert s.heart_rate_bpm.tolist() == [140, 141, 142, 143, 145, 146, 147]
    assert s.speed_mps.tolist() == [3.0] * 4 + [3.2] * 3
    assert s.cadence_rpm.tolist() == [85] * 4 + [88] * 3
    assert s.power_w.tolist() == [250, 251, 252, 253, 260, 260, 260]
    first, second = act.laps
    assert (first.start_s, first.end_s, first.timer_s, first.distance_m) == (0.0, 4.0, 4.0, 12.0)
    assert (second.start_s, second.end_s) == (5.0, 8.0)
    assert first.trigger == "distance"
    assert first.intensity == "active"
    assert first.avg_heart_rate_bpm == 150
    assert second.max_heart_rate_bpm == 170
    assert first.avg_power_w == 240
    (session,) = act.sessions
    assert session.sport is Sport.RUN
    assert session.distance_m == 21.0
    assert session.timer_s == 7.0
    # Time-weighted lap average: (150 * 4 + 160 * 3) / 7.
    assert session.avg_heart_rate_bpm == pytest.approx((150 * 4 + 160 * 3) / 7)
    assert session.max_heart_rate_bpm == 170
    assert session.calories_kcal == 100
    assert act.metadata["notes"] == "Hill reps & strides"
    assert act.metadata["author"] == "Garmin Connect"
    assert act.issues == ()


def test_lap_starting_before_its_first_point_sets_the_start():
    start = START
    points = trackpoint(start, 1, 0.0) + trackpoint(start, 2, 3.0)
    act = read_tcx(tcx(activity("Running", start, lap(start, 0, 2.0, 3.0, points))))
    assert act.start_time == START
    assert act.samples.time_s.tolist() == [1.0, 2.0]
    assert act.laps[0].start_s == 0.0


def test_multisport_legs_are_sessions_of_one_activity_with_chained_distance():
    swim_start = START
    bike_start = START + timedelta(minutes=10)
    swim = activity(
        "Other",
        swim_start,
        lap(swim_start, 0, 3, 9, "".join(trackpoint(swim_start, t, 3.0 * t) for t in range(4))),
    )
    bike = activity(
        "Biking",
        bike_start,
        lap(bike_start, 0, 3, 30, "".join(trackpoint(bike_start, t, 10.0 * t) for t in range(4))),
    )
    act = read_tcx(tcx(swim, bike, multisport=True))
    assert [s.sport for s in act.sessions] == [Sport.OTHER, Sport.BIKE]
    assert act.sessions[1].start_s == 600.0
    assert act.samples.distance_m.tolist() == [0, 3, 6, 9, 9, 19, 29, 39]
    assert [lap.sport for lap in act.laps] == [Sport.OTHER, Sport.BIKE]
    assert not any("activities over" in str(i) for i in act.issues)
    assert len(read_tcx_activities(tcx(swim, bike))) == 1


def test_far_apart_activities_warn_and_split():
    later = START + timedelta(days=2)
    data = tcx(two_lap_run(), two_lap_run(later))
    whole = read_tcx(data)
    assert len(whole.sessions) == 2
    warning = [i for i in whole.issues if "activities over" in i.message]
    assert warning
    assert warning[0].level is IssueLevel.WARNING
    with pytest.raises(FileFormatError, match=r"2 activities over 2\.0 days"):
        read_tcx(data, name="two.tcx", strict=True)
    parts = read_tcx_activities(data)
    assert [p.start_time for p in parts] == [START, later]
    for part in parts:
        assert part.samples.time_s.tolist() == [0, 1, 2, 3, 5, 6, 7]
        assert part.samples.distance_m.tolist() == [0, 3, 6, 9, 15, 18, 21]
        assert [(lap.start_s, lap.end_s) for lap in part.laps] == [(0.0, 4.0), (5.0, 8.0)]
        assert part.metadata["parts"] == 2


def test_read_activities_splits_a_tcx_file(tmp_path):
    path = tmp_path / "history.tcx"
    path.write_bytes(tcx(two_lap_run(), two_lap_run(START + timedelta(days=1))))
    names = [name for name, act in read_activities(path)]
    assert names == ["history.tcx#1", "history.tcx#2"]


def test_heart_rate_zero_and_missing_times():
    start = START
    points = (
        trackpoint(start, 0, 0.0, 0)
        + "<Trackpoint><DistanceMeters>1</DistanceMeters></Trackpoint>\n"
        + trackpoint(start, 2, 6.0, 130)
    )
    act = read_tcx(tcx(activity("Running", start, lap(start, 0, 2, 6, points))))
    assert len(act.samples) == 2
    assert math.isnan(act.samples.heart_rate_bpm[0])
    messages = [i.message for i in act.issues]
    assert "1 points without a readable time dropped" in messages
    assert "1 heart-rate values of 0 read as missing (no strap)" in messages


def test_distance_wobble_is_held():
    start = START
    points = "".join(trackpoint(start, t, d) for t, d in enumerate([0.0, 5.0, 4.9, 9.0]))
    act = read_tcx(tcx(activity("Running", start, lap(start, 0, 3, 9, points))))
    assert act.samples.distance_m.tolist() == [0.0, 5.0, 5.0, 9.0]
    assert any("went backwards" in i.message for i in act.issues)


def test_positions_only_get_a_computed_distance():
    start = START
    points = "".join(trackpoint(start, t, None) for t in range(3))
    act = read_tcx(tcx(activity("Running", start, lap(start, 0, 2, 0, points))))
    assert act.samples.distance_m[0] == 0.0
    assert act.samples.distance_m[2] > act.samples.distance_m[1] > 0
    assert act.metadata["distance_source"].startswith("positions")


def test_course_file():
    start = START
    body = (
        "<Courses><Course><Name>Western States</Name><Lap><TotalTimeSeconds>3</TotalTimeSeconds>"
        "<DistanceMeters>9</DistanceMeters></Lap><Track>"
        + "".join(trackpoint(start, t, 3.0 * t) for t in range(4))
        + "</Track></Course></Courses>"
    )
    data = f'<?xml version="1.0"?><TrainingCenterDatabase {NS}>{body}</TrainingCenterDatabase>'
    act = read_tcx(data.encode())
    assert act.metadata["course"] is True
    assert act.name == "Western States"
    assert act.samples.distance_m[-1] == 9.0
    assert act.laps[0].start_s == 0.0  # a course lap has no StartTime: its first point's


def test_lap_without_start_or_points_is_dropped_with_an_issue():
    start = START
    points = "".join(trackpoint(start, t, t) for t in range(2))
    laps = lap(start, 0, 1, 1, points) + "<Lap><TotalTimeSeconds>5</TotalTimeSeconds></Lap>"
    act = read_tcx(tcx(activity("Running", start, laps)))
    assert len(act.laps) == 1
    assert any("lap 2 ignored: no start time" in str(i) for i in act.issues)


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (b"<TrainingCenterDatabase/>", "no activity or course"),
        (b"<gpx/>", "root element is <gpx>, not <TrainingCenterDatabase>"),
        (
            b"<TrainingCenterDatabase><Activities><Activity Sport='Running'><Lap",
            "ends early before any track point or lap",
        ),
    ],
)
def test_unusable_tcx(data, fragment):
    with pytest.raises(FileFormatError, match=fragment):
        read_tcx(data, name="x.tcx")


def test_truncated_tcx_keeps_points_and_laps():
    data = tcx(two_lap_run())
    second_lap = data.index(b"<Lap StartTime", data.index(b"<Lap StartTime") + 1)
    time_of_point = data.index(b"<Time>", second_lap) + len(b"<Time>")
    # Cut after the point's </Time>: its time is whole and the point is kept.
    assert data[time_of_point + 20 : time_of_point + 27] == b"</Time>"
    whole = read_tcx(data[: time_of_point + 27])
    assert len(whole.samples) == 5
    assert np.isnan(whole.samples.lat_deg[-1])
    assert len(whole.laps) == 2
    assert any(i.level is IssueLevel.ERROR and "ends early" in i.message for i in whole.issues)
    # Cut inside a number: "46.0005" cut to "46.00" would be a wrong value, so the text
    # running to the cut is not read.
    latitude = data.index(b"<LatitudeDegrees>", time_of_point) + len(b"<LatitudeDegrees>")
    assert data[latitude : latitude + 7] == b"46.0005"
    part = read_tcx(data[: latitude + 5])
    assert len(part.samples) == 5
    assert np.isnan(part.samples.lat_deg[-1])
