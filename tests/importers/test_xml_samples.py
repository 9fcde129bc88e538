"""The shared GPX/TCX samples read as their manifest (xml_samples.toml) says."""

from __future__ import annotations

import gzip
import tomllib
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
import pytest

from lydiard.errors import FileFormatError
from lydiard.importers import read_activities, read_activity, read_bytes
from lydiard.importers.gpx import read_gpx
from lydiard.importers.tcx import read_tcx

MANIFEST = tomllib.loads((Path(__file__).parent / "xml_samples.toml").read_text())["sample"]
READERS = {"gpx": read_gpx, "tcx": read_tcx}


def _instant(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


@pytest.fixture(params=MANIFEST, ids=[s["file"].split("/")[-1] for s in MANIFEST])
def sample(request: pytest.FixtureRequest, shared_data: Path) -> tuple[dict, bytes]:
    spec = request.param
    return spec, (shared_data / spec["file"]).read_bytes()


def test_sample_reads_as_the_manifest_says(sample):
    spec, data = sample
    reader = READERS[spec["format"]]
    if "error" in spec:
        with pytest.raises(FileFormatError, match=spec["error"]):
            reader(data, name=spec["file"])
        return
    activity = reader(data, name=spec["file"])
    samples = activity.samples
    assert activity.source_format == spec["format"]
    assert len(samples) == spec["points"] - spec.get("dropped", 0)
    if spec.get("course"):
        assert activity.metadata["course"] is True
    else:
        assert "course" not in activity.metadata
        # Times to the millisecond; the file's own text is the reference.
        first = activity.start_time + timedelta(seconds=float(samples.time_s[0]))
        last = activity.start_time + timedelta(seconds=float(samples.time_s[-1]))
        assert abs((first - _instant(spec["first"])).total_seconds()) < 1e-3
        assert abs((last - _instant(spec["last"])).total_seconds()) < 1e-3
    if "distance_m" in spec:
        assert np.nanmax(samples.distance_m) == pytest.approx(
            spec["distance_m"], rel=spec["distance_rel_tol"]
        )
    assert len(activity.laps) == spec.get("laps", 0)
    if "sessions" in spec:
        assert len(activity.sessions) == spec["sessions"]
    if "sport" in spec:
        assert activity.sport.value == spec["sport"]
    for key in ("device", "name"):
        if key in spec:
            assert getattr(activity, key) == spec[key]
    for channel in spec["channels"]:
        assert samples.has(channel), channel
    for channel in spec.get("absent", []):
        assert not samples.has(channel), channel
    if "waypoints" in spec:
        assert len(activity.metadata["waypoints"]) == spec["waypoints"]
    if "issue" in spec:
        assert any(spec["issue"] in str(i) for i in activity.issues), activity.issues
    if spec.get("notes"):
        assert activity.metadata["notes"]
    # Invariants every import keeps.
    assert (np.diff(samples.time_s) >= 0).all()
    distance = samples.distance_m[np.isfinite(samples.distance_m)]
    assert (np.diff(distance) >= -1e-9).all()
    for lap in activity.laps:
        assert lap.end_s >= lap.start_s >= -1e-9


def test_gzip_and_suffix_free_names_read_the_same(sample):
    spec, data = sample
    if "error" in spec:
        return
    direct = READERS[spec["format"]](data, name=spec["file"])
    via_gzip = read_bytes(gzip.compress(data), "no-suffix.gz")
    assert via_gzip.samples.equals(direct.samples)
    assert via_gzip.start_time == direct.start_time


def test_gpx_distances_agree_with_gpxpy_segment_by_segment(shared_data):
    """gpxpy's length_2d per track, against our WGS84 distance over the same points."""
    gpxpy = pytest.importorskip("gpxpy")
    path = shared_data / "gpx" / "gpxpy__cerknicko-jezero.gpx"
    parsed = gpxpy.parse(path.read_text(encoding="utf-8-sig"))
    ours = read_gpx(path.read_bytes())
    # gpxpy and we both add nothing across segment and track breaks.
    assert np.nanmax(ours.samples.distance_m) == pytest.approx(parsed.length_2d(), rel=2e-3)
    points = [p for t in parsed.tracks for s in t.segments for p in s.points]
    assert ours.samples.lat_deg.tolist() == [p.latitude for p in points]
    assert ours.samples.altitude_m.tolist() == [p.elevation for p in points]


def test_multi_activity_tcx_splits_in_read_activities(shared_data):
    spec = next(s for s in MANIFEST if s.get("parts"))
    path = shared_data / spec["file"]
    parts = list(read_activities(path))
    assert len(parts) == spec["parts"]
    assert [name for name, _ in parts][:2] == [f"{path.name}#1", f"{path.name}#2"]
    activities = [a for _, a in parts]
    assert all(not isinstance(a, Exception) for a in activities)
    assert [a.sport.value for a in activities] == ["run", "bike", "run", "bike"]
    # Each part starts at its own time, with its own distance from 0.
    starts = [a.start_time for a in activities]
    assert starts == sorted(starts)
    assert starts[0] == _instant(spec["first"])
    for activity in activities:
        assert activity.samples.time_s[0] == pytest.approx(0.0, abs=1.0)
        distance = activity.samples.distance_m
        if np.isfinite(distance).any():
            assert np.nanmin(distance) == pytest.approx(0.0, abs=1e-6)
        assert len(activity.sessions) == 1
        assert not any("activities over" in str(i) for i in activity.issues)
    total = sum(float(np.nanmax(a.samples.distance_m)) for a in activities)
    assert total == pytest.approx(spec["distance_m"], rel=1e-3)
    assert sum(len(a.samples) for a in activities) == spec["points"]


def test_read_activity_on_a_shared_course(shared_data):
    activity = read_activity(shared_data / "courses" / "danielissing_lake-sonoma-55k.gpx")
    samples = activity.samples
    # A course without times: time_s is the distance at a nominal 1 m/s.
    assert np.array_equal(samples.time_s, samples.distance_m - samples.distance_m[0])
    assert np.isnan(samples.speed_mps).all()
    assert activity.elapsed_s == pytest.approx(51537.8, rel=2e-3)
