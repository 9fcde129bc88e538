"""Read a FIT activity file into the canonical :class:`~lydiard.model.Activity`.

Built on the fast columnar reader (:func:`lydiard.fit.reader.read_messages`): samples
from ``record`` (see :mod:`.fit_samples` for channels and time rules), laps from
``lap``, one :class:`~lydiard.model.Session` per ``session`` (several in a multisport
file), sport and sub-sport, the device from ``file_id`` ("garmin fenix5"), the local time
zone offset from ``activity.local_timestamp - activity.timestamp``, RR intervals from
``hrv``, and every problem met as an :class:`~lydiard.errors.Issue` with its byte offset.
"""

from __future__ import annotations

import math
from datetime import timedelta

import numpy as np

from lydiard.errors import FileFormatError, Issue, IssueLevel, where
from lydiard.fit.columns import MessageColumns
from lydiard.fit.profile import FIT_EPOCH
from lydiard.fit.reader import FitMessages, read_messages
from lydiard.importers.absent import drop_absent
from lydiard.importers.fit_samples import records_to_columns
from lydiard.model import Activity, Lap, Samples, Session, Sport, main_sport, sport_from_text

__all__ = ["fit_sport", "read_fit"]

#: FIT date_time values below this count seconds since the device powered up.
RELATIVE_TIME_LIMIT = 0x10000000
#: Largest plausible time zone offset, seconds.
MAX_UTC_OFFSET_S = 14 * 3600

_SPORT_WORDS = {
    "e_biking": Sport.BIKE,
    "mountaineering": Sport.HIKE,
    "snowshoeing": Sport.HIKE,
}
_RUN_SUB = {
    "trail": Sport.TRAIL_RUN,
    "ultra": Sport.TRAIL_RUN,
    "treadmill": Sport.TREADMILL,
    "indoor_running": Sport.TREADMILL,
    "virtual_activity": Sport.TREADMILL,
}
_EQUIPMENT_SUB = {
    "treadmill": Sport.TREADMILL,
    "indoor_running": Sport.TREADMILL,
    "indoor_rowing": Sport.ROW,
    "indoor_cycling": Sport.BIKE,
    "spin": Sport.BIKE,
    "indoor_skiing": Sport.SKI_ERG,
    "indoor_walking": Sport.WALK,
    "strength_training": Sport.STRENGTH,
    "lap_swimming": Sport.SWIM,
    "open_water": Sport.SWIM,
}


def fit_sport(sport: str | None, sub_sport: str | None) -> Sport:
    """The lydiard sport of a FIT ``sport`` and ``sub_sport`` pair of enum names.

    ``running`` + ``trail`` is a trail run, + ``treadmill`` a treadmill run;
    ``fitness_equipment`` + ``indoor_rowing`` is rowing. A sub-sport never turns one
    sport into another (``cycling`` + ``road`` stays a ride).
    """
    base = _SPORT_WORDS.get(sport or "") or sport_from_text(sport)
    if base is Sport.RUN:
        return _RUN_SUB.get(sub_sport or "", Sport.RUN)
    if base is Sport.OTHER:
        return _EQUIPMENT_SUB.get(sub_sport or "", Sport.OTHER)
    return base


def _first(columns: MessageColumns | None, name: str) -> float | None:
    """The first value present of a numeric field, or None."""
    if columns is None:
        return None
    values = columns.scalar(name)
    found = values[~np.isnan(values)]
    return float(found[0]) if found.shape[0] else None


def _names(columns: MessageColumns, name: str) -> list[str | None]:
    return columns.names(name)


def _floats(columns: MessageColumns, name: str) -> list[float]:
    return columns.scalar(name).tolist()  # type: ignore[no-any-return]


def _device(messages: FitMessages) -> str | None:
    for kind in ("file_id", "device_info"):
        columns = messages.get(kind)
        if columns is None or "manufacturer" not in columns:
            continue
        rows: list[int] = list(range(len(columns)))
        if kind == "device_info" and "device_index" in columns:
            rows = [i for i, v in enumerate(_floats(columns, "device_index")) if v == 0]
        makers = columns.names("manufacturer")
        products = {
            n: columns.names(n) for n in ("garmin_product", "favero_product") if n in columns
        }
        labels = columns.text("product_name")
        plain = _floats(columns, "product")
        for i in rows:
            maker = makers[i]
            if maker is None:
                continue
            product = next((p[i] for p in products.values() if p[i]), None)
            if labels[i]:
                product = labels[i]
            if product is None and plain[i] == plain[i]:
                product = str(int(plain[i]))
            return f"{maker} {product}" if product else maker
    return None


def _sessions(messages: FitMessages, t0: float) -> list[Session]:
    columns = messages.get("session")
    if columns is None:
        return []
    sports, subs = _names(columns, "sport"), _names(columns, "sub_sport")
    starts, ends = _floats(columns, "start_time"), _floats(columns, "timestamp")
    elapsed = _floats(columns, "total_elapsed_time")
    totals = {
        key: _floats(columns, field)
        for key, field in (
            ("distance_m", "total_distance"),
            ("timer_s", "total_timer_time"),
            ("ascent_m", "total_ascent"),
            ("descent_m", "total_descent"),
            ("avg_heart_rate_bpm", "avg_heart_rate"),
            ("max_heart_rate_bpm", "max_heart_rate"),
            ("calories_kcal", "total_calories"),
        )
    }
    out = []
    for i in range(len(columns)):
        start = starts[i] if starts[i] == starts[i] else ends[i] - elapsed[i]
        span = elapsed[i] if elapsed[i] == elapsed[i] else ends[i] - start
        if not (math.isfinite(start) and math.isfinite(span)) or span < 0:
            continue
        sub = subs[i] if subs[i] != "generic" else None
        out.append(
            Session(
                sport=fit_sport(sports[i], subs[i]),
                start_s=start - t0,
                end_s=start - t0 + span,
                sub_sport=sub,
                **{key: values[i] for key, values in totals.items()},
            )
        )
    return out


def _laps(messages: FitMessages, t0: float, multisport: bool, issues: list[Issue]) -> list[Lap]:
    columns = messages.get("lap")
    if columns is None:
        return []
    sports, subs = _names(columns, "sport"), _names(columns, "sub_sport")
    triggers, intensities = _names(columns, "lap_trigger"), _names(columns, "intensity")
    starts, ends = _floats(columns, "start_time"), _floats(columns, "timestamp")
    elapsed = _floats(columns, "total_elapsed_time")
    field = {
        name: _floats(columns, name)
        for name in (
            "total_distance",
            "total_timer_time",
            "avg_heart_rate",
            "max_heart_rate",
            "total_ascent",
            "total_descent",
            "avg_power",
        )
    }
    out = []
    for i in range(len(columns)):
        start = starts[i] if starts[i] == starts[i] else ends[i] - elapsed[i]
        span = elapsed[i] if elapsed[i] == elapsed[i] else ends[i] - start
        if not (math.isfinite(start) and math.isfinite(span)) or span < 0:
            issues.append(
                Issue(
                    f"lap {i + 1} ignored: no start time or duration", f"byte {columns.offsets[i]}"
                )
            )
            continue
        out.append(
            Lap(
                start_s=start - t0,
                end_s=start - t0 + span,
                distance_m=field["total_distance"][i],
                timer_s=field["total_timer_time"][i],
                trigger=triggers[i],
                intensity=intensities[i],
                sport=fit_sport(sports[i], subs[i]) if multisport and sports[i] else None,
                avg_heart_rate_bpm=field["avg_heart_rate"][i],
                max_heart_rate_bpm=field["max_heart_rate"][i],
                ascent_m=field["total_ascent"][i],
                descent_m=field["total_descent"][i],
                avg_power_w=field["avg_power"][i],
            )
        )
    return out


def _first_time(messages: FitMessages) -> float | None:
    for kind, field in (
        ("session", "start_time"),
        ("lap", "start_time"),
        ("activity", "timestamp"),
        ("file_id", "time_created"),
    ):
        value = _first(messages.get(kind), field)
        if value is not None:
            return value
    return None


def _clock(messages: FitMessages, t0: float, issues: list[Issue]) -> tuple[float, float | None]:
    """(start as absolute FIT seconds, UTC offset in seconds or None)."""
    activity = messages.get("activity")
    stamp, local = _first(activity, "timestamp"), _first(activity, "local_timestamp")
    if t0 < RELATIVE_TIME_LIMIT:
        if stamp is not None and local is not None and stamp < RELATIVE_TIME_LIMIT <= local:
            issues.append(
                Issue(
                    "times in this file count from the device's power-up; the start time is "
                    "taken from the activity's local time and its UTC offset is unknown"
                )
            )
            return t0 + (local - stamp), None
        issues.append(
            Issue("times in this file count from the device's power-up; the date is unknown")
        )
        return t0, None
    if stamp is None or local is None or min(stamp, local) < RELATIVE_TIME_LIMIT:
        return t0, None
    offset = round((local - stamp) / 900.0) * 900.0  # time zones are whole quarter hours
    if abs(offset) > MAX_UTC_OFFSET_S:
        issues.append(
            Issue(
                f"implausible local time offset of {offset / 3600:.1f} h ignored",
                level=IssueLevel.INFO,
            )
        )
        return t0, None
    return t0, offset


def _rr_intervals(messages: FitMessages) -> np.ndarray | None:
    hrv = messages.get("hrv")
    if hrv is None or "time" not in hrv:
        return None
    values = hrv.column("time", keep=False)
    if values.dtype == object:
        return None
    values = values.reshape(-1)
    values = values[np.isfinite(values)]
    return values if values.shape[0] else None


def read_fit(data: bytes, *, name: str | None = None, strict: bool = False) -> Activity:
    """Read a FIT activity (see :func:`_read_fit`); numpy warnings on damaged values off."""
    with np.errstate(all="ignore"):
        return _read_fit(data, name=name, strict=strict)


def _read_fit(data: bytes, *, name: str | None = None, strict: bool = False) -> Activity:
    """Read a FIT activity.

    Args:
        data: the file content (one FIT file or several chained).
        name: the file name, used in messages and kept as ``source_name``.
        strict: raise on any problem instead of listing it in ``activity.issues``.

    Raises:
        FileFormatError: when the data is not a FIT activity, or (strict) is damaged;
            ``FileTruncatedError`` (strict) when it ends early.
    """
    messages = read_messages(data, name=name, strict=strict)
    issues: list[Issue] = list(messages.issues)
    found: list[Issue] = []
    columns, t0 = records_to_columns(messages, found)
    if t0 is None:
        t0 = _first_time(messages)
        if t0 is None:
            kind = None
            if "file_id" in messages and "type" in messages["file_id"]:
                kind = next((k for k in messages["file_id"].names("type") if k), None)
            what = f"a FIT {kind} file" if kind and kind != "activity" else "a FIT file"
            raise FileFormatError(
                f"{where(name)}: {what} with no activity data (no records, laps or sessions "
                "with a time); nothing to import"
            )
    start, utc_offset = _clock(messages, t0, found)
    sessions = _sessions(messages, t0)
    laps = _laps(messages, t0, len(sessions) > 1, found)
    issues.extend(found)
    if strict:
        for issue in found:
            if issue.level is not IssueLevel.INFO:
                at = f" ({issue.where})" if issue.where else ""
                raise FileFormatError(f"{where(name)}: {issue.message}{at}")
    sport, sub_sport = Sport.OTHER, None
    if sessions:
        sport = main_sport(s.sport for s in sessions) or Sport.OTHER
        sub_sport = sessions[0].sub_sport if sport is sessions[0].sport else None
    elif "sport" in messages:
        kinds, subs = _names(messages["sport"], "sport"), _names(messages["sport"], "sub_sport")
        sport = fit_sport(kinds[0], subs[0])
        sub_sport = subs[0] if subs[0] != "generic" else None
    metadata: dict[str, object] = {"fit_segments": len(messages.segments)}
    if "file_id" in messages:
        file_id = messages["file_id"]
        metadata["fit_file_type"] = next((k for k in _names(file_id, "type") if k), None)
        serial = _first(file_id, "serial_number")
        if serial is not None:
            metadata["serial_number"] = int(serial)
    device, rr_intervals = _device(messages), _rr_intervals(messages)
    del messages  # free the message bodies before the samples copy the channels
    samples = Samples.from_columns(**columns) if columns else Samples.empty()  # type: ignore[arg-type]
    del columns
    return drop_absent(
        Activity(
            start_time=FIT_EPOCH + timedelta(seconds=start),
            samples=samples,
            sport=sport,
            sub_sport=sub_sport,
            laps=tuple(laps),
            sessions=tuple(sessions),
            device=device,
            utc_offset_s=utc_offset,
            source_format="fit",
            source_name=name,
            rr_intervals_s=rr_intervals,
            issues=tuple(issues),
            metadata=metadata,
        )
    )
