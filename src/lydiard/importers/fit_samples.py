"""FIT ``record`` messages to :class:`~lydiard.model.Samples`, with the time rules.

Channels, converted once here to SI: positions from semicircles to degrees (× 180 / 2**31),
altitude from ``enhanced_altitude`` (which the 16-bit ``altitude`` also fills), speed
from ``enhanced_speed`` (likewise), distance, heart rate (with ``hr`` messages merged in
as the FIT SDK does), cadence plus ``fractional_cadence``, power, temperature. A few
running-dynamics fields and every numeric developer field go to ``Samples.extra`` under
names that carry their unit.

Rules where lydiard differs from the SDK, which returns every record as written:

* a record without a valid timestamp is dropped (reported with the byte of the first);
* a record more than an hour (or 10 % of their span) outside the sessions is dropped;
* a lone record whose time is ahead of the next one while the one before is not (a
  glitch) is dropped;
* then a record whose time is before an earlier record's is dropped (a clock jump);
* records with the same timestamp are merged into one sample: per channel, the last
  value present wins (reported as information).

Developer fields: a field that the description ties to a standard record field
(``native_field_num``) fills that channel when the device recorded none; a field named
"Power" in watts (Stryd and similar) becomes ``power_w`` when the device recorded no
power. Otherwise each numeric developer field becomes an extra channel named from its
name and unit ("Form Power" in Watts -> ``form_power_w``), prefixed ``dev_`` when that
name is taken.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import numpy.typing as npt

from lydiard.errors import Issue, IssueLevel
from lydiard.fit.columns import MessageColumns
from lydiard.fit.heart_rate import merge_heart_rates
from lydiard.fit.reader import FitMessages
from lydiard.model import CHANNELS, FloatArray

__all__ = ["RecordTable", "records_to_columns"]

SEMICIRCLE_DEG = 180.0 / 2**31

#: Native record fields kept as extra channels: name -> (extra name, factor to SI).
NATIVE_EXTRAS: dict[str, tuple[str, float]] = {
    "vertical_oscillation": ("vertical_oscillation_m", 0.001),  # mm
    "stance_time": ("stance_time_s", 0.001),  # ms
    "stance_time_balance": ("stance_time_balance_pct", 1.0),
    "step_length": ("step_length_m", 0.001),  # mm
    "vertical_ratio": ("vertical_ratio_pct", 1.0),
    "enhanced_respiration_rate": ("respiration_rate_brpm", 1.0),
    "core_temperature": ("core_temperature_c", 1.0),
    "grade": ("grade_pct", 1.0),
}

#: Record field number a developer field may stand for -> standard channel.
NATIVE_CHANNELS = {
    2: "altitude_m",
    3: "heart_rate_bpm",
    4: "cadence_rpm",
    5: "distance_m",
    6: "speed_mps",
    7: "power_w",
    13: "temperature_c",
}

#: Developer field units -> (suffix, factor to SI).
UNITS: dict[str, tuple[str, float]] = {
    "w": ("w", 1.0),
    "watt": ("w", 1.0),
    "watts": ("w", 1.0),
    "m": ("m", 1.0),
    "meters": ("m", 1.0),
    "mm": ("m", 0.001),
    "cm": ("m", 0.01),
    "km": ("m", 1000.0),
    "s": ("s", 1.0),
    "sec": ("s", 1.0),
    "ms": ("s", 0.001),
    "milliseconds": ("s", 0.001),
    "centimeters": ("m", 0.01),
    "millimeters": ("m", 0.001),
    "seconds": ("s", 1.0),
    "m/s": ("mps", 1.0),
    "km/h": ("mps", 1 / 3.6),
    "kph": ("mps", 1 / 3.6),
    "bpm": ("bpm", 1.0),
    "rpm": ("rpm", 1.0),
    "spm": ("spm", 1.0),
    "%": ("pct", 1.0),
    "percent": ("pct", 1.0),
    "c": ("c", 1.0),
    "°c": ("c", 1.0),
    "degc": ("c", 1.0),
    "kcal": ("kcal", 1.0),
    "w/kg": ("w_per_kg", 1.0),
}


def _slug(text: str) -> str:
    return re.sub(r"[^0-9a-z]+", "_", text.lower()).strip("_")


class RecordTable:
    """Record channels in file order, before the time rules are applied."""

    def __init__(self, times: FloatArray, offsets: npt.NDArray[np.int64]) -> None:
        self.times = times
        self.offsets = offsets
        self.channels: dict[str, FloatArray] = {}


def _get(records: MessageColumns, name: str) -> FloatArray | None:
    """A record field decoded for this use only (not kept by the columns: memory)."""
    return records.scalar(name, keep=False) if name in records else None


def _standard(messages: FitMessages, records: MessageColumns, issues: list[Issue]) -> RecordTable:
    n = len(records)
    times = _get(records, "timestamp")
    table = RecordTable(times if times is not None else np.full(n, np.nan), records.offsets)
    ch = table.channels
    lat, lon = _get(records, "position_lat"), _get(records, "position_long")
    if lat is not None and lon is not None:
        lat *= SEMICIRCLE_DEG
        lon *= SEMICIRCLE_DEG
        ch["lat_deg"], ch["lon_deg"] = lat, lon
    for channel, field in (
        ("altitude_m", "enhanced_altitude"),
        ("distance_m", "distance"),
        ("speed_mps", "enhanced_speed"),
        ("heart_rate_bpm", "heart_rate"),
        ("power_w", "power"),
        ("temperature_c", "temperature"),
    ):
        value = _get(records, field)
        if value is not None:
            ch[channel] = value
    cadence = _get(records, "cadence")
    if cadence is not None:
        fraction = _get(records, "fractional_cadence")
        if fraction is not None:
            cadence += np.nan_to_num(fraction)
        ch["cadence_rpm"] = cadence
    hr = messages.get("hr")
    if hr is not None and len(hr):
        own = ch.get("heart_rate_bpm", np.full(n, np.nan))
        merged, found = merge_heart_rates(hr, table.times, own)
        issues.extend(found)
        ch["heart_rate_bpm"] = merged
    for field, (extra, factor) in NATIVE_EXTRAS.items():
        value = _get(records, field)
        if value is not None and np.isfinite(value).any():
            value *= factor
            ch[extra] = value
    return table


def _developer(records: MessageColumns, table: RecordTable) -> None:
    ch = table.channels
    for key, values in records.dev.items():
        if values.dtype == object:
            continue
        info: Any = records.dev_info[key]
        value = np.asarray(values[:, 0] if values.ndim == 2 else values, dtype=np.float64)
        if not np.isfinite(value).any():
            continue
        units = (info.units or "").strip()
        suffix, factor = UNITS.get(units.lower(), (_slug(units), 1.0))
        if factor != 1.0:
            value = value * factor
        native = NATIVE_CHANNELS.get(info.native_field_num) if info.native_field_num else None
        base = _slug(info.field_name or key) or f"dev_{info.dev_index}_{info.number}"
        if native is None and base == "power" and suffix == "w":
            native = "power_w"
        if native is not None and not np.isfinite(ch.get(native, np.full(1, np.nan))).any():
            ch[native] = value
            continue
        name = f"{base}_{suffix}" if suffix and not base.endswith(f"_{suffix}") else base
        if name in ch or name in CHANNELS:
            name = f"dev_{name}"
        while name in ch:
            name = f"{name}_{info.dev_index}"
        ch[name] = value


def _session_span(messages: FitMessages) -> tuple[float, float] | None:
    """(first start, last end) of the sessions in FIT seconds, when they give them."""
    sessions = messages.get("session")
    if sessions is None or "start_time" not in sessions or "total_elapsed_time" not in sessions:
        return None
    starts = sessions.scalar("start_time")
    ends = starts + sessions.scalar("total_elapsed_time")
    good = np.isfinite(starts) & np.isfinite(ends) & (ends >= starts)
    if not good.any():
        return None
    return float(starts[good].min()), float(ends[good].max())


def records_to_columns(
    messages: FitMessages, issues: list[Issue]
) -> tuple[dict[str, FloatArray], float | None]:
    """Sample channels from the ``record`` messages, after the time rules.

    Returns:
        The channels (``time_s`` relative to the first sample) and the first sample's
        time in FIT seconds, or ({}, None) when there are no usable records.
    """
    records = messages.get("record")
    if records is None or len(records) == 0:
        return {}, None
    table = _standard(messages, records, issues)
    _developer(records, table)
    keep = _time_rules(table, issues, _session_span(messages))
    times = table.times[keep]
    if times.shape[0] == 0:
        return {}, None
    columns = table.channels
    if not keep.all():
        for name in list(columns):  # one at a time, so each full array is freed in turn
            columns[name] = columns[name][keep]
    times = _merge_duplicates(times, columns, issues)
    start = float(times[0])
    columns["time_s"] = times - start
    return columns, start


def _report(
    issues: list[Issue], table: RecordTable, mask: npt.NDArray[np.bool_], what: str
) -> None:
    if mask.any():
        first = int(table.offsets[np.flatnonzero(mask)[0]])
        issues.append(Issue(f"{int(mask.sum())} records {what}", f"byte {first}"))


def _time_rules(
    table: RecordTable, issues: list[Issue], span: tuple[float, float] | None
) -> npt.NDArray[np.bool_]:
    """Which records to keep: see the module docstring for the rules."""
    times = table.times
    keep = ~np.isnan(times)
    _report(issues, table, ~keep, "without a timestamp dropped")
    if span is not None:
        margin = max(3600.0, 0.1 * (span[1] - span[0]))
        outside = keep & ((times < span[0] - margin) | (times > span[1] + margin))
        _report(issues, table, outside, "dropped whose time is far outside the sessions'")
        keep &= ~outside
    index = np.flatnonzero(keep)
    kept = times[index]
    if kept.shape[0] >= 2:
        # a lone record later than the next, while the one before is not: a glitch
        ahead = np.zeros(kept.shape[0], dtype=bool)
        ahead[:-1] = kept[:-1] > kept[1:]
        ahead[1:-1] &= kept[:-2] <= kept[2:]
        spikes = np.zeros(times.shape[0], dtype=bool)
        spikes[index[ahead]] = True
        _report(issues, table, spikes, "dropped whose time is ahead of the records around them")
        keep &= ~spikes
    filled = np.where(keep, times, -np.inf)
    latest = np.maximum.accumulate(filled)
    backwards = keep.copy()
    backwards[0] = False
    backwards[1:] &= times[1:] < latest[:-1]
    _report(issues, table, backwards, "dropped whose time is before an earlier record's")
    return keep & ~backwards


def _merge_duplicates(
    times: FloatArray, columns: dict[str, FloatArray], issues: list[Issue]
) -> FloatArray:
    """One sample per timestamp: per channel (in place) the last value present in a group.

    Returns:
        The times, one per group.
    """
    new_group = np.ones(times.shape[0], dtype=bool)
    new_group[1:] = times[1:] != times[:-1]
    if new_group.all():
        return times
    starts = np.flatnonzero(new_group)
    issues.append(
        Issue(
            f"{times.shape[0] - starts.shape[0]} records share a timestamp with the one "
            "before; merged into one sample each (the last value present wins)",
            level=IssueLevel.INFO,
        )
    )
    index = np.arange(times.shape[0])
    ends = np.empty_like(starts)
    ends[:-1] = starts[1:] - 1
    ends[-1] = times.shape[0] - 1
    for name in list(columns):
        value = columns[name]
        missing = np.isnan(value)
        if not missing.any():
            columns[name] = value[ends]  # the last value of each group
            continue
        # the last index with a value up to each group's end; used if inside the group
        last = np.maximum.accumulate(np.where(missing, -1, index))[ends]
        columns[name] = np.where(last >= starts, value[last], np.nan)
    return times[starts]
