"""Read RR intervals (beat-to-beat times) from text, CSV or FIT files.

Text and CSV: one interval per line, or a column named like ``rr``, ``rr_ms``, ``rri``,
``ibi``, ``nn`` or ``rr (ms)`` (HRV Logger, Elite HRV, Polar, Kubios, systole exports). A
``timestamp`` column in epoch milliseconds or seconds dates the recording. Values below 10
are taken as seconds and converted to milliseconds.

FIT: the reader from :mod:`lydiard.importers` fills ``Activity.rr_intervals_s`` from the
file's hrv messages.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from lydiard.errors import FileFormatError, InputError, where
from lydiard.importers.delimited import decode_text, parse_table
from lydiard.model.samples import FloatArray

__all__ = ["RrRecording", "parse_rr_text", "read_rr"]

_RR_NAMES = ("rr", "rrms", "rri", "rrinterval", "rrintervals", "ibi", "nn", "nni", "rrinterval(ms)")
_TIME_NAMES = ("timestamp", "time", "unixtime", "epoch")


@dataclass(frozen=True, slots=True)
class RrRecording:
    """RR intervals of one recording.

    Attributes:
        rr_ms: intervals in milliseconds, in beat order (NaN = missing beat).
        name: the file name.
        start_time: when the recording started (UTC), if the file says.
        source_format: "text", "csv" or "fit".
    """

    rr_ms: FloatArray
    name: str
    start_time: datetime | None = None
    source_format: str = "text"


def _key(name: str) -> str:
    return re.sub(r"[\s_\-\[\]]", "", name.lower()).replace("(ms)", "")


def _to_ms(values: FloatArray, name: str) -> FloatArray:
    finite = values[np.isfinite(values)]
    if finite.size == 0:
        raise FileFormatError(f"{name}: no RR intervals found")
    if (finite <= 0).any():
        raise FileFormatError(f"{name}: RR intervals must be positive, found {finite.min():g}")
    return values * 1000.0 if float(np.median(finite)) < 10 else values


def _epoch(value: float) -> datetime | None:
    if not math.isfinite(value) or value <= 0:
        return None
    seconds = value / 1000.0 if value > 1e11 else value
    try:
        return datetime.fromtimestamp(seconds, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None


def parse_rr_text(text: str, name: str | None = None) -> RrRecording:
    """Parse RR intervals from text or CSV content.

    Raises:
        FileFormatError: when no RR column can be found or a value is not a number.
    """
    label = where(name)
    table = parse_table(text, label)
    width = max(len(r) for r in table.rows)
    rr_col: int | None = None
    time_col: int | None = None
    if table.header is not None:
        keys = [_key(h) for h in table.header]
        for i, k in enumerate(keys):
            if rr_col is None and k in _RR_NAMES:
                rr_col = i
            if time_col is None and k in _TIME_NAMES:
                time_col = i
        if rr_col is None:
            raise FileFormatError(
                f"{label}: no RR column among {', '.join(repr(h) for h in table.header)}; "
                "name it 'rr' (milliseconds)"
            )
    elif width == 1:
        rr_col = 0
    else:
        raise FileFormatError(
            f"{label}: {width} columns without a header; give one RR value per line or a "
            "header with an 'rr' column"
        )
    column = table.header[rr_col] if table.header else "rr"
    values = np.array(
        [table.number(i, rr_col, column) for i in range(len(table.rows))], dtype=np.float64
    )
    start = None
    if time_col is not None and table.header is not None:
        start = _epoch(table.number(0, time_col, table.header[time_col]))
    fmt = "csv" if table.header is not None or width > 1 else "text"
    return RrRecording(_to_ms(values, label), label, start, fmt)


def read_rr(path: str | Path) -> RrRecording:
    """Read RR intervals from a text/CSV file or a FIT file with hrv messages.

    Raises:
        InputError: when the file is missing, unreadable, or holds no RR intervals.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise InputError(f"{where(path)}: no such file") from exc
    except OSError as exc:
        raise InputError(f"{where(path)}: cannot read the file ({exc.strerror})") from exc
    if len(data) >= 12 and data[8:12] == b".FIT":
        return _read_fit(path)
    return parse_rr_text(decode_text(data, path.name), path.name)


def _read_fit(path: Path) -> RrRecording:
    from lydiard.importers import read_activity

    try:
        activity = read_activity(path)
    except ModuleNotFoundError as exc:
        raise InputError(f"{where(path)}: FIT files need the FIT reader ({exc.name})") from exc
    rr = activity.rr_intervals_s
    if rr is None or np.asarray(rr).size == 0:
        raise FileFormatError(
            f"{where(path)}: no RR intervals (hrv messages) in this FIT file; record with a "
            "chest strap and HRV logging on"
        )
    ms = np.asarray(rr, dtype=np.float64) * 1000.0
    return RrRecording(ms, path.name, activity.start_time, "fit")
