"""Activities and GPX files built in tests (no real files needed)."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

import numpy as np

from lydiard.errors import Issue, IssueLevel
from lydiard.model import Activity, Lap, Samples, Session, Sport

START = datetime(2024, 6, 1, 6, 30, tzinfo=UTC)


def make_samples(n: int = 600, seed: int = 1, start_lat: float = 39.0) -> Samples:
    """A run of n seconds at about 3 m/s with FIT-like resolutions and an HR dropout."""
    rng = np.random.default_rng(seed)
    time = np.arange(n, dtype=float)
    speed = np.round((3.0 + 0.3 * np.sin(time / 60) + rng.normal(0, 0.05, n)) * 1000) / 1000
    distance = np.round(np.cumsum(speed) * 100) / 100
    heart = np.round(140 + 15 * np.sin(time / 200) + rng.normal(0, 1, n))
    heart[n // 3 : n // 3 + 20] = np.nan
    altitude = np.round((1800 + 20 * np.sin(time / 150)) * 5) / 5
    lat = np.round((start_lat + distance * 1e-5 / 1.11) * 2**31 / 180) * (180 / 2**31)
    lon = np.round((-105.0 + 0 * distance) * 2**31 / 180) * (180 / 2**31)
    return Samples.from_columns(
        time_s=time,
        speed_mps=speed,
        distance_m=distance,
        heart_rate_bpm=heart,
        altitude_m=altitude,
        lat_deg=lat,
        lon_deg=lon,
        stryd_power_w=np.round(250 + rng.normal(0, 5, n)),
    )


def make_activity(
    start: datetime = START,
    *,
    n: int = 600,
    seed: int = 1,
    sport: Sport = Sport.RUN,
    source_format: str = "fit",
    name: str | None = "Morning Run",
    device: str | None = "garmin fenix5",
    timezone: str | None = "America/Denver",
    rr: bool = False,
) -> Activity:
    samples = make_samples(n, seed)
    half = float(n // 2)
    laps = (
        Lap(
            0.0,
            half,
            distance_m=float(samples.distance_m[n // 2 - 1]),
            timer_s=half,
            trigger="distance",
            intensity="active",
            avg_heart_rate_bpm=141.0,
            ascent_m=12.4,
        ),
        Lap(half, float(n - 1), distance_m=math.nan, trigger="session_end", sport=sport),
    )
    sessions = (
        Session(
            sport,
            0.0,
            float(n - 1),
            sub_sport="trail",
            distance_m=float(samples.distance_m[-1]),
            timer_s=float(n - 1),
            ascent_m=40.0,
            descent_m=38.0,
            avg_heart_rate_bpm=140.0,
            max_heart_rate_bpm=171.0,
            calories_kcal=520.0,
        ),
    )
    return Activity(
        start_time=start,
        samples=samples,
        sport=sport,
        sub_sport="trail",
        laps=laps,
        sessions=sessions,
        name=name,
        device=device,
        utc_offset_s=-6 * 3600.0 if timezone else None,
        timezone=timezone,
        source_format=source_format,
        source_name=f"run-{start:%Y%m%d-%H%M}.{source_format}",
        rr_intervals_s=np.round(np.random.default_rng(seed).normal(0.8, 0.05, 300), 3)
        if rr
        else None,
        issues=(
            Issue("lap 3 ignored: end before start", "byte 768"),
            Issue("clock jump", level=IssueLevel.INFO),
        ),
        metadata={
            "gear": "Speedgoat 5",
            "strava_id": 123,
            "bad": math.nan,
            "when": start,
            "tags": ("long", "trail"),
        },
    )


def gpx_bytes(
    start: datetime, n: int = 120, *, name: str = "Test run", lat0: float = 46.0
) -> bytes:
    """A tiny GPX 1.1 track: one point a second, heading north at ~3 m/s, with HR."""
    points = []
    for i in range(n):
        when = (start + timedelta(seconds=i)).strftime("%Y-%m-%dT%H:%M:%SZ")
        lat = lat0 + i * 3 / 111_195
        points.append(
            f'<trkpt lat="{lat:.7f}" lon="7.0000000"><ele>{1000 + i * 0.2:.1f}</ele>'
            f"<time>{when}</time><extensions><gpxtpx:TrackPointExtension>"
            f"<gpxtpx:hr>{130 + i % 20}</gpxtpx:hr></gpxtpx:TrackPointExtension></extensions>"
            "</trkpt>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<gpx version="1.1" creator="lydiard tests" xmlns="http://www.topografix.com/GPX/1/1" '
        'xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">'
        f"<trk><name>{name}</name><type>running</type><trkseg>{''.join(points)}</trkseg></trk></gpx>"
    ).encode()


def read_test_gpx(data: bytes, name: str | None = None, *, strict: bool = False) -> Activity:
    """A minimal GPX reader for tests (the real one lives in lydiard.importers.gpx)."""
    from defusedxml import ElementTree

    from lydiard.errors import FileFormatError

    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as exc:
        raise FileFormatError(f"{name}: not valid XML ({exc})") from exc
    ns = {
        "g": "http://www.topografix.com/GPX/1/1",
        "x": "http://www.garmin.com/xmlschemas/TrackPointExtension/v1",
    }
    points = root.findall(".//g:trkpt", ns)
    if not points:
        raise FileFormatError(f"{name}: no track points")
    times = [
        datetime.fromisoformat(p.findtext("g:time", namespaces=ns).replace("Z", "+00:00"))
        for p in points
    ]
    start = times[0]
    return Activity(
        start_time=start,
        samples=Samples.from_columns(
            time_s=[(t - start).total_seconds() for t in times],
            lat_deg=[float(p.get("lat")) for p in points],
            lon_deg=[float(p.get("lon")) for p in points],
            altitude_m=[float(p.findtext("g:ele", "nan", ns)) for p in points],
            heart_rate_bpm=[float(p.findtext(".//x:hr", "nan", ns)) for p in points],
        ),
        sport=Sport.RUN,
        name=root.findtext(".//g:name", None, ns),
        source_format="gpx",
        source_name=name,
    )


def fake_fit_bytes(start: datetime, seed: int = 1, n: int = 120) -> bytes:
    """Stand-in for a FIT file: JSON that :func:`read_mixed` turns into a FIT-like activity."""
    import json

    return json.dumps({"fake_fit": True, "start": start.isoformat(), "seed": seed, "n": n}).encode()


def read_mixed(data: bytes, name: str | None = None, *, strict: bool = False) -> Activity:
    """Test reader: GPX through :func:`read_test_gpx`, fake FIT JSON through make_activity."""
    import json

    from lydiard.errors import FileFormatError

    if data.lstrip().startswith(b"<"):
        return read_test_gpx(data, name, strict=strict)
    try:
        spec = json.loads(data)
    except ValueError as exc:
        raise FileFormatError(f"{name}: not a FIT, GPX, TCX, gzip or Strava export file") from exc
    activity = make_activity(
        datetime.fromisoformat(spec["start"]), n=spec["n"], seed=spec["seed"], source_format="fit"
    )
    import dataclasses

    return dataclasses.replace(activity, source_name=name)


def read_slowly(data: bytes, name: str | None = None, *, strict: bool = False) -> Activity:
    """A reader that takes 0.3 s per file, for interruption tests."""
    import time

    time.sleep(0.3)
    return read_mixed(data, name, strict=strict)


def read_or_crash(data: bytes, name: str | None = None, *, strict: bool = False) -> Activity:
    """A reader with a bug on files named crash*: it raises a plain RuntimeError."""
    if name and name.startswith("crash"):
        raise RuntimeError("index out of range in the test reader")
    return read_mixed(data, name, strict=strict)


def read_and_die(data: bytes, name: str | None = None, *, strict: bool = False) -> Activity:
    """A reader whose process dies (as if killed by the out-of-memory killer)."""
    import os

    os._exit(1)
