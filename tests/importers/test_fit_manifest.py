"""Every shared FIT sample, checked against the manifest (fit_manifest.toml).

The manifest holds, per file, what Garmin's FIT SDK reads (``sdk_*``, written by
scripts/make_fit_manifest.py; fitdecode where the SDK cannot read compressed timestamp
headers), SOURCES.md's independent summary (``source_*``) and lydiard's reviewed output.
The SDK itself runs live on the small files, to keep the manifest honest.

Where lydiard and the SDK differ on purpose, the rule is in importers/fit_samples.py and
tested in test_fit.py: records without a time, with a time before an earlier record's
or far ahead of their neighbours are dropped, and records sharing a time merged; here
``samples`` pins the outcome per file.
"""

from __future__ import annotations

import math
import re
import tomllib
from pathlib import Path

import numpy as np
import pytest

from fit.sdk import column, merged_heart_rate, sdk_read
from lydiard.fit.reader import read_messages
from lydiard.importers.fit import read_fit

MANIFEST = tomllib.loads((Path(__file__).parent / "fit_manifest.toml").read_text())["file"]
#: Files the SDK reads live in every test run (small enough to take well under 2 s).
LIVE_LIMIT_BYTES = 40_000


def _id(entry: dict) -> str:
    return Path(entry["path"]).stem


@pytest.fixture(params=MANIFEST, ids=_id)
def sample(request, shared_data):
    entry = request.param
    path = shared_data / entry["path"]
    if not path.exists():
        pytest.skip(f"{entry['path']} is not in the shared data folder")
    return entry, path.read_bytes()


def _sum(values: np.ndarray) -> tuple[float, int]:
    values = np.asarray(values, dtype=np.float64)
    found = values[~np.isnan(values)]
    return math.fsum(found.tolist()), int(found.shape[0])


def test_records_agree_with_the_sdk(sample):
    entry, data = sample
    messages = read_messages(data)
    records = messages["record"]
    rows = entry.get("sdk_prefix", entry["sdk_records"])
    assert len(records) >= rows
    if "sdk_prefix" not in entry:
        assert len(records) == entry["sdk_records"]
    times = records["timestamp"][:rows]
    assert times[~np.isnan(times)][0] == entry["sdk_first_time"]
    assert times[~np.isnan(times)][-1] == entry["sdk_last_time"]
    for name, field in (
        ("lat", "position_lat"),
        ("lon", "position_long"),
        ("distance", "distance"),
    ):
        values = records[field][:rows] if field in records else np.full(rows, np.nan)
        total, count = _sum(values)
        assert count == entry[f"sdk_{name}_count"], name
        assert total == pytest.approx(entry[f"sdk_{name}_sum"], rel=1e-12, abs=1e-6), name
    total, count = _sum(merged_heart_rate(messages)[:rows])
    assert (total, count) == (entry["sdk_hr_sum"], entry["sdk_hr_count"])


def test_laps_and_sessions_agree_with_the_sdk(sample):
    entry, data = sample
    messages = read_messages(data)
    assert len(messages.get("lap", [])) == entry["sdk_laps"]
    sessions = messages.get("session")
    assert (len(sessions) if sessions is not None else 0) == entry["sdk_sessions"]
    if sessions is None:
        return
    assert sessions.names("sport") == entry["sdk_session_sports"]
    for field, key in (
        ("total_distance", "sdk_session_distance_m"),
        ("total_timer_time", "sdk_session_timer_s"),
    ):
        mine = sessions[field].tolist() if field in sessions else [math.nan] * len(sessions)
        assert np.allclose(mine, entry[key], equal_nan=True), field


def test_activity_matches_the_manifest(sample):
    entry, data = sample
    activity = read_fit(data, name=Path(entry["path"]).name)
    assert len(activity.samples) == entry["samples"]
    assert str(activity.sport) == entry["sport"]
    assert len(activity.laps) == entry["laps"]
    assert activity.elapsed_s == pytest.approx(entry["elapsed_s"], abs=1e-3)
    assert [c for c in activity.samples.present() if c != "time_s"] == entry["channels"]
    assert [re.sub(r"\d+", "#", i.message)[:60] for i in activity.issues] == entry["issues"]


def test_activity_matches_the_sources_summary(sample):
    """SOURCES.md (an independent summary made with fitdecode) says the same things."""
    entry, data = sample
    activity = read_fit(data)
    channels = activity.samples.present()
    if "source_gps" in entry:
        assert (entry["source_gps"] == "Y") == ("lat_deg" in channels)
    # SOURCES.md looks at native fields only; developer fields may add HR or power
    for flag, channel in (("source_hr", "heart_rate_bpm"), ("source_power", "power_w")):
        if entry.get(flag) == "Y":
            # A heart rate field of zeros only (no strap) is read as no heart rate.
            no_strap = flag == "source_hr" and entry.get("sdk_hr_sum") == 0
            assert (channel not in channels) if no_strap else (channel in channels), flag
    if entry.get("source_sessions", "-").isdigit():
        assert len(activity.sessions) == int(entry["source_sessions"])
    km = entry.get("source_km", "-")
    if km != "-" and activity.sessions:
        total = math.fsum(s.distance_m for s in activity.sessions if not math.isnan(s.distance_m))
        assert total / 1000 == pytest.approx(float(km), abs=0.006)


SMALL = [
    e for e in MANIFEST if e["size"] <= LIVE_LIMIT_BYTES and e["reference"] == "garmin-fit-sdk"
]


@pytest.mark.parametrize("entry", SMALL, ids=_id)
def test_the_manifest_matches_the_sdk_on_small_files(entry, shared_data):
    path = shared_data / entry["path"]
    if not path.exists():
        pytest.skip(f"{entry['path']} is not in the shared data folder")
    data = path.read_bytes()
    messages, _ = sdk_read(data)
    records = messages.get("record_mesgs", [])
    assert len(records) == entry["sdk_records"]
    assert _sum(column(records, "heart_rate")) == (entry["sdk_hr_sum"], entry["sdk_hr_count"])
    assert len(messages.get("lap_mesgs", [])) == entry["sdk_laps"]
