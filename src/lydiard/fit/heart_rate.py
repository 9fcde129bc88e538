"""Heart rate from ``hr`` messages merged into records, as Garmin's FIT SDK does it.

Chest straps that store heart rate while the watch cannot receive it (swimming) write
``hr`` messages: an anchor with a timestamp and an ``event_timestamp`` (seconds on the
strap's clock), then messages of up to 8 beats with 12-bit ``event_timestamp`` deltas and
``filtered_bpm``. The SDK (``hr_mesg_utils.py`` in garmin-fit-sdk 21.x) turns them into
a series of (time, bpm) values, carrying each value forward in 0.25 s steps over gaps of
up to 5 s, then gives each record ``int(mean + 0.5)`` of the values in
``(previous record time, record time]`` (the first record, and a record with the same
time as the one before, look back 1 s). This module does the same with numpy; merged
heart rates equal the SDK's. Where the SDK stops with an error (a beat before its
anchor, a message before any anchor), the values concerned are skipped and reported.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import numpy.typing as npt

from lydiard.errors import Issue

__all__ = ["expand_heart_rates", "merge_heart_rates"]

Floats = npt.NDArray[np.float64]

_STEP_S = 0.25
_MAX_STEPS = 20  # 5 s of 0.25 s steps
_ROLLOVER_S = float(0x400000)  # uint32 event_timestamp in 1/1024 s wraps at 2**32 / 1024 s


def _table(hr: Mapping[str, npt.NDArray[Any]], name: str, n: int) -> Floats:
    """A field as an ``(n, k)`` float table (NaN where absent or not numeric)."""
    values = hr.get(name)
    if values is None or values.dtype == object:
        return np.full((n, 1), np.nan)
    array = np.asarray(values, dtype=np.float64)
    return array.reshape(n, -1) if array.ndim != 2 else array


def expand_heart_rates(hr: Mapping[str, npt.NDArray[Any]]) -> tuple[Floats, Floats, list[Issue]]:
    """The (time, bpm) series of ``hr`` messages; times in FIT seconds.

    Args:
        hr: columns of the ``hr`` messages (``timestamp``, ``fractional_timestamp``,
            ``event_timestamp``, ``filtered_bpm``).

    Returns:
        times and beats per minute (gap steps included), and issues for skipped values.
    """
    empty = np.empty(0)
    if "event_timestamp" not in hr or "filtered_bpm" not in hr:
        return empty, empty, []
    n = len(hr["filtered_bpm"])
    events, beats = _table(hr, "event_timestamp", n), _table(hr, "filtered_bpm", n)
    width = max(events.shape[1], beats.shape[1])
    if events.shape[1] < width:
        events = np.pad(events, ((0, 0), (0, width - events.shape[1])), constant_values=np.nan)
    if beats.shape[1] < width:
        beats = np.pad(beats, ((0, 0), (0, width - beats.shape[1])), constant_values=np.nan)
    stamp = _table(hr, "timestamp", n)[:, 0]
    extra = _table(hr, "fractional_timestamp", n)[:, 0]
    extra = np.where(np.isnan(extra), 0.0, extra)
    has_event, has_bpm = ~np.isnan(events), ~np.isnan(beats)
    is_anchor = ~np.isnan(stamp)
    good_anchor = is_anchor & (has_event.sum(axis=1) == 1)
    anchor_time = np.where(good_anchor, stamp + extra, np.nan)
    anchor_event = np.where(good_anchor, np.where(has_event, events, -np.inf).max(axis=1), 0)
    last = np.maximum.accumulate(np.where(is_anchor, np.arange(n), -1))
    known = last >= 0
    row_time = np.where(known, anchor_time[np.maximum(last, 0)], np.nan)
    row_event = np.where(known, anchor_event[np.maximum(last, 0)], np.nan)
    usable = ~np.isnan(row_time) & (has_event.sum(axis=1) == has_bpm.sum(axis=1))
    pairs = has_event & has_bpm & usable[:, None]
    skipped = int((has_bpm & ~pairs).sum())
    event = events[pairs]
    base_event = np.broadcast_to(row_event[:, None], events.shape)[pairs]
    base_time = np.broadcast_to(row_time[:, None], events.shape)[pairs]
    bpm = beats[pairs]
    early = event < base_event
    wrapped = early & (base_event - event > _ROLLOVER_S)
    event = np.where(wrapped, event + _ROLLOVER_S, event)
    keep = ~early | wrapped
    skipped += int((~keep).sum())
    times = (base_time + (event - base_event))[keep]
    bpm = bpm[keep]
    issues = []
    if skipped:
        issues.append(Issue(f"{skipped} heart-rate values of hr messages without a usable anchor"))
    return *_fill_gaps(times, bpm), issues


def _fill_gaps(times: Floats, bpm: Floats) -> tuple[Floats, Floats]:
    """Insert the SDK's carried-forward values: every 0.25 s over gaps, up to 5 s."""
    if times.shape[0] < 2:
        return times, bpm
    gap_ms = np.abs(np.diff(times)) * 1000
    steps = np.zeros(times.shape[0], dtype=np.int64)
    wide = gap_ms > 250
    steps[1:][wide] = np.minimum(_MAX_STEPS, np.ceil(gap_ms[wide] / 250).astype(np.int64) - 1)
    if not steps.any():
        return times, bpm
    position = np.arange(times.shape[0]) + np.cumsum(steps)
    out_t = np.empty(position[-1] + 1)
    out_b = np.empty(position[-1] + 1)
    out_t[position], out_b[position] = times, bpm
    owner = np.repeat(np.arange(times.shape[0]), steps)  # the value each step follows
    step = np.arange(owner.shape[0]) - np.repeat(np.cumsum(steps) - steps, steps) + 1
    slots = np.repeat(position - steps, steps) + step - 1
    out_t[slots] = times[owner - 1] + _STEP_S * step
    out_b[slots] = bpm[owner - 1]
    return out_t, out_b


def merge_heart_rates(
    hr: Mapping[str, npt.NDArray[Any]], record_times: Floats, record_bpm: Floats
) -> tuple[Floats, list[Issue]]:
    """Record heart rates with the ``hr`` messages merged in (SDK rule, see module doc).

    Args:
        hr: columns of the ``hr`` messages.
        record_times: record timestamps in FIT seconds, in file order (NaN: skipped).
        record_bpm: the records' own heart rates (NaN where missing).

    Returns:
        Heart rate per record in bpm, and issues.
    """
    times, bpms, issues = expand_heart_rates(hr)
    merged = np.array(record_bpm, dtype=np.float64, copy=True)
    rows = np.flatnonzero(~np.isnan(record_times))
    if times.shape[0] == 0 or rows.shape[0] == 0:
        return merged, issues
    ends = record_times[rows]
    if (np.diff(ends) < 0).any():
        _merge_loop(times, bpms, rows, ends, merged)
        return merged, issues
    _merge_sorted_records(times, bpms, rows, ends, merged)
    return merged, issues


def _merge_sorted_records(
    times: Floats, bpms: Floats, rows: npt.NDArray[np.intp], ends: Floats, merged: Floats
) -> None:
    """The SDK's loop, vectorised, for records in time order (values in any order).

    The loop scans the values once, record after record: for a record ending at ``e``
    it skips values up to the window start, adds those in ``(start, e]`` and stops at the
    first value after ``e``, where the next record's scan begins (one value earlier for a
    record with the same time as the one before). Every value it has passed is at most the
    current end, so where a scan stops is the first value anywhere above the end: a
    search in the running maximum of the values. Each value then belongs to the scan
    between two stops and counts if it is after that record's window start.
    """
    count = times.shape[0]
    stops = np.searchsorted(np.maximum.accumulate(times), ends, side="right")
    previous = np.zeros_like(stops)
    previous[1:] = stops[:-1]
    starts = np.empty_like(ends)
    starts[0] = ends[0]
    starts[1:] = ends[:-1]
    back = starts == ends  # the first record, or the same time as the one before
    starts[back] -= 1
    # the scan of each value: how many stops are at or before it (stops are sorted)
    owner = np.cumsum(np.bincount(stops, minlength=count + 1)[:count])
    scanned = owner < rows.shape[0]
    counted = np.zeros(count, dtype=bool)
    counted[scanned] = times[scanned] > starts[owner[scanned]]
    totals = np.bincount(owner[counted], weights=bpms[counted], minlength=rows.shape[0])
    found = np.bincount(owner[counted], minlength=rows.shape[0]).astype(np.float64)
    again = np.flatnonzero(back & (previous > 0))  # a repeated time looks one value back
    extra = previous[again] - 1
    hit = times[extra] > starts[again]
    np.add.at(totals, again[hit], bpms[extra[hit]])
    np.add.at(found, again[hit], 1.0)
    done = (stops < count) & (found > 0)
    merged[rows[done]] = np.floor(totals[done] / found[done] + 0.5)


def _merge_loop(
    times: Floats, bpms: Floats, rows: npt.NDArray[np.intp], ends: Floats, merged: Floats
) -> None:
    """The SDK's loop, step for step, for records that are not in time order."""
    t, b = times.tolist(), bpms.tolist()
    index, count = 0, len(t)
    start: float | None = None
    for row, end in zip(rows.tolist(), ends.tolist(), strict=True):
        total, found = 0.0, 0
        if start is None:
            start = end
        if start == end:
            start -= 1
            index = index - 1 if index >= 1 else 0
        while index < count:
            at = t[index]
            if start < at <= end:
                total += b[index]
                found += 1
            elif at > end:
                if found:
                    merged[row] = int(total / found + 0.5)
                start = end
                break
            index += 1
