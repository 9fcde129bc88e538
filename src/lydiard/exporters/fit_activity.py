"""FIT activity files: an :class:`~lydiard.model.Activity` as a watch would write it.

Messages, in time order (what Garmin's SDK and devices write):

* ``file_id`` (type activity, manufacturer ``development``, the product name) and
  ``device_info`` (the creator);
* ``event`` timer start; a ``stop_all`` / ``start`` pair around every pause of the
  recording (a gap between samples longer than 5 x the median interval, at least 10 s:
  the analysis' pause rule); a final ``stop_all``;
* ``record`` messages, one per sample, written in bulk (:meth:`FitWriter.write_many`):
  timestamp, position (semicircles), ``distance``, ``enhanced_speed``,
  ``enhanced_altitude``, heart rate, cadence, power, temperature, each only when the
  activity has that channel;
* a ``lap`` message after the records of each lap (the activity's laps, or one lap over
  everything), with its totals, trigger and intensity;
* ``hrv`` messages with the RR intervals (five per message), when the activity has them;
* one ``session`` per sport session (or one from the samples), then the ``activity``
  message with the local time when the UTC offset is known.

Values that do not fit their field raise :class:`~lydiard.errors.EncodeError` naming the
message, field and value. Times are written in whole seconds (FIT's resolution).
"""

from __future__ import annotations

import itertools
import math
import zlib
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import numpy as np

from lydiard.errors import EncodeError
from lydiard.exporters.fit_workout import SPORTS
from lydiard.fit import profile
from lydiard.fit.encode import FitWriter
from lydiard.fit.profile import FIT_EPOCH_S
from lydiard.model import Activity, Lap, Session, Sport
from lydiard.model.samples import FloatArray

__all__ = ["PRODUCT_NAME", "encode_activity", "pauses"]

#: The product name written in ``file_id`` and ``device_info``.
PRODUCT_NAME = "lydiard"
_SEMICIRCLES_PER_DEG = 2**31 / 180.0
_CHANNELS = (
    ("position_lat", "lat_deg"),
    ("position_long", "lon_deg"),
    ("distance", "distance_m"),
    ("enhanced_speed", "speed_mps"),
    ("enhanced_altitude", "altitude_m"),
    ("heart_rate", "heart_rate_bpm"),
    ("cadence", "cadence_rpm"),
    ("power", "power_w"),
    ("temperature", "temperature_c"),
)


def pauses(time_s: FloatArray) -> list[int]:
    """Indices ``i`` where the recording pauses between sample ``i - 1`` and ``i``.

    A pause is a gap longer than 5 x the median sampling interval and at least 10 s.
    """
    if time_s.size < 2:
        return []
    steps = np.diff(time_s)
    limit = max(10.0, 5.0 * float(np.median(steps)))
    return [int(i) + 1 for i in np.flatnonzero(steps > limit)]


def _sport_names(sport: Sport, sub_sport: str | None) -> tuple[str, str]:
    name, default_sub = SPORTS.get(sport, ("generic", "generic"))
    if sub_sport:
        try:
            profile.enum_value("sub_sport", sub_sport)
            return name, sub_sport
        except KeyError:
            pass
    return name, default_sub


def _stamp(start: float, seconds: float) -> float:
    return float(round(start + seconds))


def _finite(value: float) -> float | None:
    return float(value) if math.isfinite(value) else None


def _serial(activity: Activity) -> int:
    key = f"{activity.start_time.isoformat()} {activity.sport} {activity.name}"
    return zlib.crc32(key.encode("utf-8")) or 1


def _mean(values: FloatArray) -> float | None:
    finite = values[np.isfinite(values)]
    return float(finite.mean()) if finite.size else None


def _max(values: FloatArray) -> float | None:
    finite = values[np.isfinite(values)]
    return float(finite.max()) if finite.size else None


def _span_values(activity: Activity, start_s: float, end_s: float) -> dict[str, FloatArray]:
    s = activity.samples
    mask = (s.time_s >= start_s) & (s.time_s <= end_s)
    return {
        "hr": s.heart_rate_bpm[mask],
        "power": s.power_w[mask],
        "cadence": s.cadence_rpm[mask],
        "distance": s.distance_m[mask],
        "speed": s.speed_mps[mask],
    }


def _lap_fields(
    activity: Activity, lap: Lap, index: int, start: float, sport: tuple[str, str]
) -> dict[str, Any]:
    values = _span_values(activity, lap.start_s, lap.end_s)
    distance = lap.distance_m
    if not math.isfinite(distance):
        d = values["distance"][np.isfinite(values["distance"])]
        distance = float(d[-1] - d[0]) if d.size >= 2 else math.nan
    timer = lap.timer_s if math.isfinite(lap.timer_s) else lap.elapsed_s
    avg_hr = lap.avg_heart_rate_bpm
    max_hr = lap.max_heart_rate_bpm
    return {
        "timestamp": _stamp(start, lap.end_s),
        "start_time": _stamp(start, lap.start_s),
        "total_elapsed_time": lap.elapsed_s,
        "total_timer_time": timer,
        "total_distance": _finite(distance),
        "avg_speed": distance / timer if math.isfinite(distance) and timer > 0 else None,
        "max_speed": _max(values["speed"]),
        "avg_heart_rate": _finite(avg_hr) if math.isfinite(avg_hr) else _mean(values["hr"]),
        "max_heart_rate": _finite(max_hr) if math.isfinite(max_hr) else _max(values["hr"]),
        "avg_cadence": _mean(values["cadence"]),
        "avg_power": _finite(lap.avg_power_w)
        if math.isfinite(lap.avg_power_w)
        else _mean(values["power"]),
        "max_power": _max(values["power"]),
        "total_ascent": _finite(lap.ascent_m),
        "total_descent": _finite(lap.descent_m),
        "intensity": lap.intensity if lap.intensity else None,
        "lap_trigger": lap.trigger if lap.trigger else None,
        "sport": sport[0],
        "sub_sport": sport[1],
        "event": "lap",
        "event_type": "stop",
        "message_index": index,
    }


def _session_from_samples(activity: Activity) -> Session:
    s = activity.samples
    end = float(s.time_s[-1]) if len(s) else 0.0
    d = s.distance_m[np.isfinite(s.distance_m)]
    return Session(
        sport=activity.sport,
        start_s=float(s.time_s[0]) if len(s) else 0.0,
        end_s=end,
        sub_sport=activity.sub_sport,
        distance_m=float(d[-1] - d[0]) if d.size >= 2 else math.nan,
    )


def _session_fields(
    activity: Activity,
    session: Session,
    index: int,
    start: float,
    laps: tuple[int, int],
) -> dict[str, Any]:
    values = _span_values(activity, session.start_s, session.end_s)
    sport = _sport_names(session.sport, session.sub_sport)
    timer = session.timer_s if math.isfinite(session.timer_s) else session.elapsed_s
    distance = session.distance_m
    avg_hr = session.avg_heart_rate_bpm
    max_hr = session.max_heart_rate_bpm
    return {
        "timestamp": _stamp(start, session.end_s),
        "start_time": _stamp(start, session.start_s),
        "sport": sport[0],
        "sub_sport": sport[1],
        "total_elapsed_time": session.elapsed_s,
        "total_timer_time": timer,
        "total_distance": _finite(distance),
        "avg_speed": distance / timer if math.isfinite(distance) and timer > 0 else None,
        "max_speed": _max(values["speed"]),
        "avg_heart_rate": _finite(avg_hr) if math.isfinite(avg_hr) else _mean(values["hr"]),
        "max_heart_rate": _finite(max_hr) if math.isfinite(max_hr) else _max(values["hr"]),
        "avg_cadence": _mean(values["cadence"]),
        "avg_power": _mean(values["power"]),
        "max_power": _max(values["power"]),
        "total_ascent": _finite(session.ascent_m),
        "total_descent": _finite(session.descent_m),
        "total_calories": _finite(session.calories_kcal),
        "first_lap_index": laps[0],
        "num_laps": laps[1],
        "event": "session",
        "event_type": "stop",
        "trigger": "activity_end",
        "message_index": index,
    }


def _record_columns(activity: Activity, start: float) -> dict[str, FloatArray]:
    s = activity.samples
    columns: dict[str, FloatArray] = {"timestamp": np.round(start + s.time_s)}
    for field, channel in _CHANNELS:
        values = np.asarray(getattr(s, channel), dtype=np.float64)
        if not np.isfinite(values).any():
            continue
        if field.startswith("position"):
            values = np.round(values * _SEMICIRCLES_PER_DEG)
        columns[field] = values
    return columns


def _timer_event(writer: FitWriter, when: float, kind: str) -> None:
    writer.message("event", timestamp=when, event="timer", event_type=kind, event_group=0)


def _write_records(
    writer: FitWriter,
    columns: dict[str, FloatArray],
    first: int,
    end: int,
    breaks: set[int],
) -> None:
    """Records ``first`` to ``end`` (exclusive), with timer events at pauses."""
    cut = [first, *sorted(b for b in breaks if first < b < end), end]
    for a, b in itertools.pairwise(cut):
        if a in breaks and a != 0:
            _timer_event(writer, float(columns["timestamp"][a - 1]), "stop_all")
            _timer_event(writer, float(columns["timestamp"][a]), "start")
        if b > a:
            writer.write_many("record", {k: v[a:b] for k, v in columns.items()})


def encode_activity(
    activity: Activity,
    *,
    time_created: datetime | None = None,
    product_name: str = PRODUCT_NAME,
    serial_number: int | None = None,
) -> bytes:
    """The FIT activity file of an activity.

    Args:
        activity: the activity (any sport; indoor activities have no positions).
        time_created: written in ``file_id`` (the activity's start when None).
        product_name: the device name written in ``file_id`` and ``device_info``.
        serial_number: the device serial (a hash of the activity when None).

    Returns:
        The file's bytes.

    Raises:
        EncodeError: when the activity has no samples, or a value does not fit its field.
    """
    samples = activity.samples
    if len(samples) == 0:
        raise EncodeError("FIT activity: the activity has no samples to write")
    start = activity.start_time.timestamp()
    sport = _sport_names(activity.sport, activity.sub_sport)
    serial = serial_number if serial_number is not None else _serial(activity)
    writer = FitWriter()
    writer.message(
        "file_id",
        type="activity",
        manufacturer="development",
        product=1,
        serial_number=serial,
        time_created=time_created or activity.start_time,
        product_name=product_name[:20],
    )
    first_stamp = _stamp(start, float(samples.time_s[0]))
    writer.message(
        "device_info",
        timestamp=first_stamp,
        device_index=0,  # the creator
        manufacturer="development",
        product=1,
        serial_number=serial,
        software_version=1.0,
        product_name=product_name[:20],
    )
    _timer_event(writer, first_stamp, "start")
    columns = _record_columns(activity, start)
    breaks = set(pauses(samples.time_s))
    laps: Sequence[Lap] = activity.laps or (
        Lap(float(samples.time_s[0]), float(samples.time_s[-1]), trigger="session_end"),
    )
    time_s = samples.time_s
    written = 0
    for index, lap in enumerate(laps):
        last = index == len(laps) - 1
        end = len(samples) if last else int(np.searchsorted(time_s, lap.end_s, side="left"))
        end = max(end, written)
        _write_records(writer, columns, written, end, breaks)
        written = end
        writer.message("lap", **_lap_fields(activity, lap, index, start, sport))
    if activity.rr_intervals_s is not None:
        rr = np.asarray(activity.rr_intervals_s, dtype=np.float64).ravel()
        rr = rr[np.isfinite(rr)]
        if rr.size:
            padded = np.full(-(-rr.size // 5) * 5, np.nan)
            padded[: rr.size] = rr
            writer.write_many("hrv", {"time": padded.reshape(-1, 5)})
    last_stamp = _stamp(start, float(time_s[-1]))
    _timer_event(writer, last_stamp, "stop_all")
    sessions = activity.sessions or (_session_from_samples(activity),)
    lap_index = 0
    for index, session in enumerate(sessions):
        count = (
            len(laps)
            if len(sessions) == 1
            else sum(1 for lap in laps if session.start_s <= lap.start_s < session.end_s)
        )
        fields = _session_fields(activity, session, index, start, (lap_index, count))
        writer.message("session", **fields)
        lap_index += count
    timer = sum(s.timer_s if math.isfinite(s.timer_s) else s.elapsed_s for s in sessions)
    local = None
    if activity.utc_offset_s is not None:
        # local_date_time is not a date_time: the writer takes it raw, from FIT's epoch
        local = last_stamp + activity.utc_offset_s - FIT_EPOCH_S
    writer.message(
        "activity",
        timestamp=last_stamp,
        total_timer_time=timer,
        num_sessions=len(sessions),
        type="manual",
        event="activity",
        event_type="stop",
        local_timestamp=local,
    )
    return writer.to_bytes()
