"""GPX edge cases on small documents written here."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from lydiard.analysis.geodesy import vincenty_m
from lydiard.errors import FileFormatError, FileTruncatedError, IssueLevel
from lydiard.importers.gpx import read_gpx
from lydiard.model import Sport

HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1" '
    'xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">\n'
)


def point(lat: float, lon: float, time: str | None = None, inner: str = "") -> str:
    when = f"<time>{time}</time>" if time else ""
    return f'<trkpt lat="{lat}" lon="{lon}">{when}{inner}</trkpt>\n'


def track(*points: str, name: str = "", kind: str = "") -> str:
    title = f"<name>{name}</name>" if name else ""
    typed = f"<type>{kind}</type>" if kind else ""
    return f"<trk>{title}{typed}<trkseg>\n{''.join(points)}</trkseg></trk>\n"


def gpx(*body: str) -> bytes:
    return (HEAD + "".join(body) + "</gpx>\n").encode()


def times(n: int, start: str = "2024-06-01T06:00:00", step: int = 1, zone: str = "Z") -> list[str]:
    t0 = datetime.fromisoformat(start)
    return [(t0 + timedelta(seconds=step * i)).isoformat() + zone for i in range(n)]


def test_track_point_extensions_with_any_prefix():
    ext = (
        "<extensions><gpxtpx:TrackPointExtension><gpxtpx:hr>{hr}</gpxtpx:hr>"
        "<gpxtpx:cad>{cad}</gpxtpx:cad><gpxtpx:atemp>{temp}</gpxtpx:atemp>"
        "</gpxtpx:TrackPointExtension><power>{power}</power></extensions>"
    )
    # The second point uses the ns3 prefix, the third an undeclared one: all are read.
    pts = [
        point(
            46.0,
            8.0,
            t,
            f"<ele>{ele}</ele>"
            + ext.format(hr=hr, cad=cad, temp=tc, power=p).replace("gpxtpx", prefix),
        )
        for t, ele, hr, cad, tc, p, prefix in zip(
            times(3),
            [500.0, 501.5, 503.0],
            [120, 121, 125],
            [80, 82, 84],
            [21.5, 21.0, 20.5],
            [250, 260, 270],
            ["gpxtpx", "ns3", "undeclared"],
            strict=True,
        )
    ]
    activity = read_gpx(gpx(track(*pts, name="Morning Run", kind="running")), name="run.gpx")
    s = activity.samples
    assert s.altitude_m.tolist() == [500.0, 501.5, 503.0]
    assert s.heart_rate_bpm.tolist() == [120, 121, 125]
    assert s.cadence_rpm.tolist() == [80, 82, 84]
    assert s.temperature_c.tolist() == [21.5, 21.0, 20.5]
    assert s.power_w.tolist() == [250, 260, 270]
    assert np.isnan(s.speed_mps).all()
    assert activity.name == "Morning Run"
    assert activity.sport is Sport.RUN
    assert activity.metadata["creator"] == "test"
    assert activity.start_time == datetime(2024, 6, 1, 6, tzinfo=UTC)
    assert s.time_s.tolist() == [0.0, 1.0, 2.0]
    assert activity.issues == ()


def test_distance_is_geodesic_and_not_bridged_across_segments():
    t = times(4, step=10)
    doc = gpx(
        "<trk><trkseg>",
        point(0.0, 0.0, t[0]),
        point(0.0, 0.001, t[1]),
        "</trkseg><trkseg>",
        point(0.0, 0.01, t[2]),
        point(0.0, 0.011, t[3]),
        "</trkseg></trk>",
    )
    s = read_gpx(doc).samples
    step = float(vincenty_m(0.0, 0.0, 0.0, 0.001)[0])
    # Hand check: 0.001 deg of longitude on the equator = a * pi/180 * 0.001 = 111.319 m;
    # Vincenty's iteration stops within 1e-12 rad, about 0.006 mm.
    assert step == pytest.approx(6378137.0 * math.pi / 180 * 0.001, abs=1e-5)
    assert s.distance_m.tolist() == pytest.approx([0.0, step, step, 2 * step])


def test_tracks_of_different_types_become_sessions_in_time_order():
    late, early = times(2, "2024-06-01T08:00:00"), times(2, "2024-06-01T07:00:00")
    doc = gpx(
        track(point(46.0, 8.0, late[0]), point(46.001, 8.0, late[1]), kind="hiking"),
        track(point(45.0, 8.0, early[0]), point(45.001, 8.0, early[1]), kind="running"),
    )
    activity = read_gpx(doc)
    assert [s.sport for s in activity.sessions] == [Sport.RUN, Sport.HIKE]
    assert activity.sessions[1].start_s == 3600.0
    assert activity.samples.lat_deg.tolist() == [45.0, 45.001, 46.0, 46.001]
    assert any("time order" in str(i) for i in activity.issues)


def test_strava_numeric_types():
    t = times(2)
    activity = read_gpx(gpx(track(point(46.0, 8.0, t[0]), point(46.0, 8.001, t[1]), kind="9")))
    assert activity.sport is Sport.RUN


def test_route_without_times_is_a_course_with_synthetic_time():
    doc = gpx(
        "<rte><name>Loop</name>",
        *(
            f'<rtept lat="{46 + i * 0.001}" lon="8.0"><ele>{100 + i}</ele></rtept>'
            for i in range(4)
        ),
        "</rte>",
    )
    activity = read_gpx(doc)
    s = activity.samples
    assert activity.metadata["course"] is True
    assert activity.name == "Loop"
    assert np.array_equal(s.time_s, s.distance_m)
    assert s.distance_m[-1] == pytest.approx(3 * 111.2, rel=2e-3)
    assert activity.start_time == datetime(1970, 1, 1, tzinfo=UTC)
    assert activity.sessions == ()


def test_course_starts_at_the_metadata_time_when_given():
    doc = gpx(
        "<metadata><time>2025-07-10T15:01:46+00:00</time></metadata>",
        track(point(46.0, 8.0), point(46.001, 8.0)),
    )
    activity = read_gpx(doc)
    assert activity.metadata["course"] is True
    assert activity.start_time == datetime(2025, 7, 10, 15, 1, 46, tzinfo=UTC)


def test_points_without_time_are_dropped_with_their_line():
    t = times(4)
    doc = gpx(
        track(
            point(46.0, 8.0, t[0]),
            point(46.0, 8.001),
            point(46.0, 8.002, t[2]),
            point(46.0, 8.003, t[3]),
        )
    )
    activity = read_gpx(doc)
    assert len(activity.samples) == 3
    (issue,) = [i for i in activity.issues if "without a readable time" in i.message]
    assert issue.where.startswith("line 5,")  # the second point's line
    with pytest.raises(FileFormatError, match=r"1 points without a readable time.*line 5"):
        read_gpx(doc, name="x.gpx", strict=True)


def test_times_going_backwards_keep_the_longest_ordered_run():
    t = times(6)
    order = [t[0], t[1], "2030-01-01T00:00:00Z", t[3], t[4], t[5]]  # one clock glitch
    activity = read_gpx(gpx(track(*(point(46.0, 8.0 + i / 1000, x) for i, x in enumerate(order)))))
    assert len(activity.samples) == 5
    assert activity.samples.time_s.tolist() == [0, 1, 3, 4, 5]
    assert any("time goes backwards" in str(i) for i in activity.issues)


def test_timestamps_with_zones_fractions_and_none():
    doc = gpx(
        track(
            point(46.0, 8.0, "2024-06-01T08:00:00.250+02:00"),
            point(46.0, 8.001, "2024-06-01T06:00:01.5Z"),
            point(46.0, 8.002, "2024-06-01T06:00:03"),
        )
    )
    activity = read_gpx(doc)
    assert activity.start_time == datetime(2024, 6, 1, 6, 0, 0, 250000, tzinfo=UTC)
    assert activity.samples.time_s.tolist() == pytest.approx([0.0, 1.25, 2.75])
    assert activity.utc_offset_s == 7200.0
    naive = [i for i in activity.issues if "no time zone" in i.message]
    assert naive
    assert naive[0].level is IssueLevel.INFO
    assert "1 timestamps" in naive[0].message


def test_all_points_at_one_time_is_a_course():
    same = "1901-12-13T20:45:52Z"
    activity = read_gpx(gpx(track(*(point(46.0, 8.0 + i / 1000, same) for i in range(5)))))
    assert activity.metadata["course"] is True
    assert any("same time" in str(i) for i in activity.issues)


def test_bad_values_become_missing_with_an_issue_naming_the_line():
    t = times(3)
    doc = gpx(
        track(
            point(46.0, 8.0, t[0], "<ele>12</ele>"),
            point(46.0, 8.001, t[1], "<ele>twelve</ele>"),
            '<trkpt lat="95.0" lon="8.002"><time>' + t[2] + "</time><ele/></trkpt>\n",
        )
    )
    activity = read_gpx(doc)
    s = activity.samples
    assert s.altitude_m[0] == 12.0
    assert np.isnan(s.altitude_m[1:]).all()  # "twelve" is bad, <ele/> is simply empty
    assert np.isnan(s.lat_deg[2])
    messages = {i.message: i.where for i in activity.issues}
    assert messages["1 unreadable <ele> values set to missing"].startswith("line 5,")
    assert messages["1 latitude values out of range set to missing (first: 95)"].startswith(
        "line 6,"
    )


def test_missing_latitude_attribute_is_reported():
    t = times(2)
    doc = gpx(track(point(46.0, 8.0, t[0]), f'<trkpt lon="8.001"><time>{t[1]}</time></trkpt>'))
    activity = read_gpx(doc)
    assert np.isnan(activity.samples.lat_deg[1])
    assert any("points without a latitude" in str(i) for i in activity.issues)


def test_single_quoted_and_reordered_attributes():
    t = times(2)
    doc = gpx(
        track(
            f"<trkpt lon='8.0' lat='46.0'><time>{t[0]}</time></trkpt>",
            f'<trkpt lon = "8.001"  lat = "46.001"><time>{t[1]}</time></trkpt>',
        )
    )
    s = read_gpx(doc).samples
    assert s.lat_deg.tolist() == [46.0, 46.001]
    assert s.lon_deg.tolist() == [8.0, 8.001]


def test_attribute_forms_mixed_in_one_track():
    t = times(4)
    doc = gpx(
        track(
            f'<trkpt lat="46.0" lon="8.0"><time>{t[0]}</time></trkpt>',
            f'<trkpt lon="8.001" lat="46.001"><time>{t[1]}</time></trkpt>',
            f'<trkpt id="3" lat="46.002" lon="8.002"><time>{t[2]}</time></trkpt>',
            f'<trkpt xlat="9" lat="46.003" lon="&#56;.003"><time>{t[3]}</time></trkpt>',
        )
    )
    s = read_gpx(doc).samples
    assert s.lat_deg.tolist() == [46.0, 46.001, 46.002, 46.003]
    assert s.lon_deg.tolist() == [8.0, 8.001, 8.002, 8.003]


def test_comments_and_cdata_hide_their_markup():
    t = times(2)
    doc = gpx(
        "<metadata><name><![CDATA[Tom & Jerry <run>]]></name></metadata>",
        "<!-- <trkpt lat='1' lon='1'><time>2000-01-01T00:00:00Z</time></trkpt> -->",
        track(
            point(46.0, 8.0, t[0], "<!-- <ele>9</ele> --><ele>5</ele>"), point(46.0, 8.001, t[1])
        ),
    )
    activity = read_gpx(doc)
    assert len(activity.samples) == 2
    assert activity.samples.altitude_m[0] == 5.0
    assert activity.name == "Tom & Jerry <run>"


def test_self_closing_extensions_do_not_swallow_later_points():
    t = times(2)
    doc = gpx(
        track(point(46.0, 8.0, t[0], "<extensions/>"), point(46.0, 8.001, t[1], "<ele>3</ele>"))
    )
    s = read_gpx(doc).samples
    assert s.altitude_m[1] == 3.0
    assert s.time_s.tolist() == [0.0, 1.0]


def test_waypoints_go_to_metadata():
    t = times(1)
    doc = gpx(
        '<wpt lat="45.9" lon="6.8"><ele>1035</ele><name>Aid &amp; water</name></wpt>',
        track(point(46.0, 8.0, t[0])),
    )
    (waypoint,) = read_gpx(doc).metadata["waypoints"]
    assert waypoint == {
        "name": "Aid & water",
        "lat_deg": 45.9,
        "lon_deg": 6.8,
        "altitude_m": 1035.0,
        "time": None,
    }


def test_gpx_10_speed_and_gpxdata_distance():
    t = times(2)
    head = '<?xml version="1.0"?><gpx version="1.0" xmlns:gpxdata="http://www.cluetrust.com/XML/GPXDATA/1/0">'
    body = "".join(
        f'<trk><trkseg><trkpt lat="46" lon="8"><time>{t[0]}</time><speed>3.5</speed>'
        f"<extensions><gpxdata:distance>10</gpxdata:distance></extensions></trkpt>"
        f'<trkpt lat="46" lon="8.001"><time>{t[1]}</time><speed>3.6</speed>'
        f"<extensions><gpxdata:distance>13</gpxdata:distance></extensions></trkpt></trkseg></trk>"
    )
    activity = read_gpx((head + body + "</gpx>").encode())
    assert activity.samples.speed_mps.tolist() == [3.5, 3.6]
    assert activity.samples.distance_m.tolist() == [10.0, 13.0]  # the device's, not computed
    assert "distance_source" not in activity.metadata


@pytest.mark.parametrize(
    ("encode", "label"),
    [
        (lambda s: s.encode("utf-16"), "utf-16 with BOM"),
        (lambda s: s.encode("utf-16-le"), "utf-16-le without BOM"),
        (lambda s: s.encode("utf-16-be"), "utf-16-be without BOM"),
        (lambda s: b"\xef\xbb\xbf" + s.encode("utf-8"), "utf-8 BOM"),
        (
            lambda s: s.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"').encode("latin-1"),
            "latin-1",
        ),
    ],
)
def test_encodings(encode, label):
    t = times(2)
    text = gpx(
        track(
            point(46.0, 8.0, t[0]),
            point(46.0, 8.001, t[1]),
            name="Mürren–Lauterbrunnen".replace("–", "-"),
        )
    ).decode()
    activity = read_gpx(encode(text), name=label)
    assert activity.name == "Mürren-Lauterbrunnen"
    assert len(activity.samples) == 2


def test_windows_1252_bytes_in_a_utf8_file_are_repaired():
    t = times(2)
    text = gpx(track(point(46.0, 8.0, t[0]), point(46.0, 8.001, t[1]), name="Caf\xe9 run"))
    broken = text.replace("Café".encode(), b"Caf\xe9")
    activity = read_gpx(broken)
    assert activity.name == "Café run"
    assert any("Windows-1252" in str(i) for i in activity.issues)


def test_truncated_file_keeps_the_points_before_the_cut():
    t = times(50)
    doc = gpx(track(*(point(46.0, 8.0 + i / 1000, x, "<ele>1</ele>") for i, x in enumerate(t))))
    cut = doc[: doc.index(b"<trkpt", len(doc) // 2) + 20]
    activity = read_gpx(cut, name="cut.gpx")
    kept = len(activity.samples)
    assert 20 < kept < 50
    (issue,) = [i for i in activity.issues if i.level is IssueLevel.ERROR]
    assert "ends early" in issue.message
    assert issue.where.startswith("line ")
    with pytest.raises(FileTruncatedError, match=r"cut\.gpx: the file ends early"):
        read_gpx(cut, name="cut.gpx", strict=True)


def test_damage_in_the_middle_keeps_what_came_before():
    t = times(20)
    doc = gpx(track(*(point(46.0, 8.0 + i / 1000, x) for i, x in enumerate(t))))
    damaged = doc.replace(b"</trkpt>", b"</trkpX>", 11).replace(b"</trkpX>", b"</trkpt>", 10)
    activity = read_gpx(damaged, name="bad.gpx")
    assert len(activity.samples) == 11
    (issue,) = [i for i in activity.issues if i.level is IssueLevel.ERROR]
    assert "mismatched tag" in issue.message
    with pytest.raises(
        FileFormatError, match=r"bad\.gpx: damaged XML \(mismatched tag\).*line \d+, column \d+"
    ):
        read_gpx(damaged, name="bad.gpx", strict=True)


def test_trailing_junk_is_a_warning():
    t = times(2)
    activity = read_gpx(
        gpx(track(point(46.0, 8.0, t[0]), point(46.0, 8.001, t[1]))) + b"<html>oops"
    )
    assert len(activity.samples) == 2
    assert any("junk after the end" in i.message for i in activity.issues)


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (b"<gpx></gpx>", "no track or route points, only 0 waypoints"),
        (b'<gpx><wpt lat="1" lon="2"/></gpx>', "only 1 waypoints"),
        (b"<TrainingCenterDatabase/>", "root element is <TrainingCenterDatabase>, not <gpx>"),
        (b"", "no XML root element"),
        (b"<?xml version='1.0'?><gp", "no XML root element"),
        (b'<?xml version="1.0" encoding="klingon"?><gpx/>', "unknown text encoding 'klingon'"),
    ],
)
def test_unusable_documents_raise_with_the_file_name(data, fragment):
    with pytest.raises(FileFormatError, match=fragment) as info:
        read_gpx(data, name="/tmp/run.gpx")
    assert str(info.value).startswith("run.gpx: ")


def test_heart_rate_zero_is_missing_not_a_value():
    t = times(3)
    ext = (
        "<extensions><gpxtpx:TrackPointExtension><gpxtpx:hr>{}</gpxtpx:hr>"
        "</gpxtpx:TrackPointExtension></extensions>"
    )
    doc = gpx(
        track(
            *(point(46.0, 8.0, x, ext.format(hr)) for x, hr in zip(t, [0, 130, 131], strict=True))
        )
    )
    activity = read_gpx(doc)
    assert math.isnan(activity.samples.heart_rate_bpm[0])
    assert activity.samples.heart_rate_bpm[1:].tolist() == [130, 131]
    assert any(i.level is IssueLevel.INFO and "no strap" in i.message for i in activity.issues)
