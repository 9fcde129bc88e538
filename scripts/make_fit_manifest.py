"""Write tests/importers/fit_manifest.toml: reference values for every shared FIT sample.

Usage: .venv/bin/python scripts/make_fit_manifest.py [shared data folder]

For each FIT file under fit/ and intervals_trail/ it records:

* ``sdk_*``: what Garmin's official decoder (garmin-fit-sdk, test-only dependency) reads:
  record count, first and last record time, sums of positions, distance and merged
  heart rate, lap and session counts, session sports and totals. Where the SDK cannot
  read a file (compressed timestamp headers) the values come from fitdecode instead and
  ``reference`` says so.
* ``source_*``: the independent summary in the shared folder's SOURCES.md (sport,
  minutes, km, laps, sessions, whether GPS / HR / power are present).
* ``samples``, ``sport``, ``channels``: what lydiard's importer gives, after reviewing
  it against the two above; the tests keep these from changing unnoticed.

The SDK takes about 35 s for the whole set, which is why the tests read this file
instead of running it (they run it live on the small files only).
"""

from __future__ import annotations

import datetime as dt
import math
import re
import sys
from pathlib import Path
from typing import Any

import fitdecode
from garmin_fit_sdk import Decoder, Stream

from lydiard.fit.profile import FIT_EPOCH_S
from lydiard.importers.fit import read_fit

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "tests" / "importers" / "fit_manifest.toml"


def _seconds(value: Any) -> float | None:
    if isinstance(value, dt.datetime):
        return value.timestamp() - FIT_EPOCH_S
    return None if value is None else float(value)


def _number(value: Any) -> float:
    return float("nan") if value is None else float(value)


#: Files where lydiard and the SDK read different records on purpose: compare the first
#: ``sdk_prefix`` records only.
PREFIX = {
    # The Strava app wrote a record one byte short at byte 7451: the SDK stops at byte
    # 7471; lydiard drops that record, resynchronises and reads the remaining 50 minutes.
    "fit/fitparse__strava-android-app-201.10-b1218918.fit": 472,
}


def _first(value: Any) -> Any:
    return value[0] if isinstance(value, list | tuple) else value


def _sums(records: list[dict[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    times = [_seconds(r.get("timestamp")) for r in records]
    times = [t for t in times if t is not None]
    out["first_time"] = times[0] if times else None
    out["last_time"] = times[-1] if times else None
    for key, name in (
        ("position_lat", "lat"),
        ("position_long", "lon"),
        ("distance", "distance"),
        ("heart_rate", "hr"),
    ):
        values = [_first(r.get(key)) for r in records]
        values = [float(v) for v in values if isinstance(v, int | float)]
        out[f"{name}_sum"] = math.fsum(values)
        out[f"{name}_count"] = len(values)
    return out


def _sdk(path: Path) -> dict[str, Any]:
    stream = Stream.from_file(str(path))
    try:
        messages, errors = Decoder(stream).read()
    finally:
        stream._buffered_reader.close()  # the SDK leaves the file open
    records = messages.get("record_mesgs", [])
    sessions = messages.get("session_mesgs", [])
    out = {
        "reference": "garmin-fit-sdk",
        "sdk_error": str(errors[0]) if errors else "",
        "sdk_records": len(records),
        "sdk_laps": len(messages.get("lap_mesgs", [])),
        "sdk_sessions": len(sessions),
        "sdk_session_sports": [str(s.get("sport")) for s in sessions],
        "sdk_session_distance_m": [_number(s.get("total_distance")) for s in sessions],
        "sdk_session_timer_s": [_number(s.get("total_timer_time")) for s in sessions],
    }
    prefix = PREFIX.get(path.relative_to(path.parents[1]).as_posix())
    if prefix is not None:
        out["sdk_prefix"] = prefix
        records = records[:prefix]
    out.update({f"sdk_{k}": v for k, v in _sums(records).items()})
    return out


def _fitdecode(path: Path) -> dict[str, Any]:
    records, sessions, laps = [], [], 0
    with fitdecode.FitReader(
        str(path),
        check_crc=fitdecode.CrcCheck.DISABLED,
        processor=fitdecode.DataProcessorBase(),
    ) as reader:
        for frame in reader:
            if not isinstance(frame, fitdecode.FitDataMessage):
                continue
            row = {f.name: f.value for f in frame.fields}
            if frame.name == "record":
                records.append(row)
            elif frame.name == "session":
                sessions.append(row)
            elif frame.name == "lap":
                laps += 1
    out = {
        "reference": "fitdecode (the SDK does not read compressed timestamp headers)",
        "sdk_error": "",
        "sdk_records": len(records),
        "sdk_laps": laps,
        "sdk_sessions": len(sessions),
        "sdk_session_sports": [str(s.get("sport")) for s in sessions],
        "sdk_session_distance_m": [_number(s.get("total_distance")) for s in sessions],
        "sdk_session_timer_s": [_number(s.get("total_timer_time")) for s in sessions],
    }
    out.update({f"sdk_{k}": v for k, v in _sums(records).items()})
    return out


def _sources(folder: Path) -> dict[str, dict[str, str]]:
    table: dict[str, dict[str, str]] = {}
    text = (folder / "SOURCES.md").read_text()
    section = text.split("## FIT", 1)[1].split("\n## ", 1)[0]
    lines = [line for line in section.splitlines() if line.startswith("| `")]
    columns = ["file", "source", "size", "type", "sport", "min", "km", "records", "laps"]
    columns += ["sessions", "gps", "hr", "power", "dev", "notes"]
    for line in lines:
        cells = [c.strip() for c in line.strip("|").split("|")]
        row = dict(zip(columns, cells, strict=False))
        table[row["file"].strip("`")] = row
    return table


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return "nan" if math.isnan(value) else repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    if value is None:
        return '"none"'
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


def main() -> int:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "data"
    sources = _sources(folder)
    paths = sorted(folder.glob("fit/*.[fF][iI][tT]")) + sorted(folder.glob("intervals_trail/*.fit"))
    out = [
        "# Reference values for the shared FIT samples; written by scripts/make_fit_manifest.py",
        "# (see its docstring). sdk_* come from garmin-fit-sdk (or fitdecode where the SDK",
        "# cannot read the file), source_* from the shared folder's SOURCES.md, the rest",
        "# is lydiard's reviewed output.",
        "",
    ]
    for path in paths:
        relative = path.relative_to(folder).as_posix()
        print(relative, file=sys.stderr)
        entry: dict[str, Any] = {"path": relative, "size": path.stat().st_size}
        sdk = _sdk(path)
        if "Compressed timestamp" in sdk["sdk_error"]:
            sdk = _fitdecode(path)
        entry.update(sdk)
        source = sources.get(relative, {})
        for key in ("sport", "min", "km", "laps", "sessions", "gps", "hr", "power"):
            if key in source:
                entry[f"source_{key}"] = source[key]
        activity = read_fit(path.read_bytes(), name=path.name)
        entry["samples"] = len(activity.samples)
        entry["elapsed_s"] = round(activity.elapsed_s, 3)
        entry["sport"] = str(activity.sport)
        entry["laps"] = len(activity.laps)
        entry["channels"] = [c for c in activity.samples.present() if c != "time_s"]
        entry["issues"] = [re.sub(r"\d+", "#", i.message)[:60] for i in activity.issues]
        out.append("[[file]]")
        out.extend(f"{key} = {_value(value)}" for key, value in entry.items())
        out.append("")
    OUT.write_text("\n".join(out))
    print(f"wrote {OUT}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
