"""Vectorised reading of ISO 8601 timestamps ("2014-01-16T18:48:44.340Z") into UTC seconds.

GPX and TCX files carry one timestamp per point, usually all in one layout. Strings of equal
length are checked and converted column-wise with numpy (digits and separators at fixed
positions); a string that does not fit its group's layout is read on its own. Accepted:
``YYYY-MM-DD[T ]hh:mm:ss[.fraction][Z|+hh:mm|-hh:mm|+hhmm|+hh]``. A timestamp without a
zone is read as UTC and flagged as naive, so the importer can say so.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from numpy.lib.stride_tricks import sliding_window_view

from lydiard.model.samples import FloatArray

__all__ = ["IsoTimes", "parse_iso_buffer", "parse_iso_times"]

_PATTERN = re.compile(
    rb"\s*(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d):(\d\d)(?:[.,](\d+))?"
    rb"(Z|z|[+-]\d\d(?::?\d\d)?)?\s*\Z"
)
_DAYS_BEFORE_MONTH = np.array([0, 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334])
_MONTH_DAYS = np.array([0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])


@dataclass(frozen=True, slots=True, eq=False)
class IsoTimes:
    """Timestamps read from text.

    Attributes:
        epoch_s: seconds since 1970-01-01T00:00:00Z (UTC), NaN where the text was not a
            timestamp.
        bad: True where the text could not be read.
        naive: True where the text had no zone (read as UTC).
        offset_s: the zone offset written in the text, seconds east of UTC (0 for Z/naive).
    """

    epoch_s: FloatArray
    bad: npt.NDArray[np.bool_]
    naive: npt.NDArray[np.bool_]
    offset_s: FloatArray


def _days_from_civil(
    year: npt.NDArray[np.int64], month: npt.NDArray[np.int64], day: npt.NDArray[np.int64]
) -> npt.NDArray[np.int64]:
    """Days since 1970-01-01 of a proleptic Gregorian date (vectorised)."""
    y = year - 1
    days = y * 365 + y // 4 - y // 100 + y // 400 + _DAYS_BEFORE_MONTH[month] + day - 719163
    leap = ((year % 4 == 0) & (year % 100 != 0)) | (year % 400 == 0)
    return np.asarray(days + ((month > 2) & leap), dtype=np.int64)


def _valid_fields(
    year: npt.NDArray[np.int64],
    month: npt.NDArray[np.int64],
    day: npt.NDArray[np.int64],
    hour: npt.NDArray[np.int64],
    minute: npt.NDArray[np.int64],
    second: npt.NDArray[np.int64],
) -> npt.NDArray[np.bool_]:
    month_ok = (month >= 1) & (month <= 12)
    leap = ((year % 4 == 0) & (year % 100 != 0)) | (year % 400 == 0)
    limit = _MONTH_DAYS[np.where(month_ok, month, 1)] - (
        (np.where(month_ok, month, 1) == 2) & ~leap
    )
    return np.asarray(
        month_ok
        & (year >= 1)
        & (day >= 1)
        & (day <= limit)
        & (hour <= 23)
        & (minute <= 59)
        & (second <= 60),  # a leap second reads as the next minute's first
        dtype=np.bool_,
    )


def _digits(matrix: npt.NDArray[np.uint8], start: int, stop: int) -> npt.NDArray[np.int64]:
    value = np.zeros(matrix.shape[0], dtype=np.int64)
    for col in range(start, stop):
        value = value * 10 + (matrix[:, col].astype(np.int64) - 48)
    return value


def _layout(sample: bytes) -> re.Match[bytes] | None:
    match = _PATTERN.match(sample)
    if match is None or match.start(1) != 0 or match.end(0) != len(sample):
        return None  # leading/trailing blanks: let the slow path take them
    return match


def _read_group(
    matrix: npt.NDArray[np.uint8], out: IsoTimes, positions: npt.NDArray[np.intp]
) -> npt.NDArray[np.intp]:
    """Read same-length rows (a byte matrix) column-wise; return rows for the slow path."""
    rows = matrix
    match = None
    for probe in (0, len(rows) // 2, len(rows) - 1):
        match = _layout(rows[probe].tobytes())
        if match is not None:
            break
    if match is None:
        return positions
    width = matrix.shape[1]
    first = np.frombuffer(match.string, dtype=np.uint8)
    digit_cols = [c for g in (1, 2, 3, 4, 5, 6) for c in range(match.start(g), match.end(g))]
    ok = np.ones(len(rows), dtype=bool)
    if match.group(7) is not None:
        digit_cols += list(range(match.start(7), match.end(7)))
    zone = match.group(8)
    sign_col = -1
    if zone and zone[:1] in b"+-":
        sign_col = match.start(8)
        digit_cols += [c for c in range(sign_col + 1, match.end(8)) if zone[c - sign_col] != 58]
        ok &= (matrix[:, sign_col] == 43) | (matrix[:, sign_col] == 45)
    fixed = sorted(set(range(width)) - set(digit_cols) - {sign_col})
    digits = matrix[:, digit_cols]
    ok &= ((digits >= 48) & (digits <= 57)).all(axis=1)
    if fixed:
        ok &= (matrix[:, fixed] == first[fixed]).all(axis=1)
    year = _digits(matrix, match.start(1), match.end(1))
    month = _digits(matrix, match.start(2), match.end(2))
    day = _digits(matrix, match.start(3), match.end(3))
    hour = _digits(matrix, match.start(4), match.end(4))
    minute = _digits(matrix, match.start(5), match.end(5))
    second = _digits(matrix, match.start(6), match.end(6))
    ok &= _valid_fields(year, month, day, hour, minute, second)
    seconds = (
        _days_from_civil(year, np.clip(month, 1, 12), day) * 86400
        + hour * 3600
        + minute * 60
        + second
    ).astype(np.float64)
    if match.group(7) is not None:
        frac_digits = match.end(7) - match.start(7)
        # Up to 15 digits fit an int64 exactly; more are beyond any clock's resolution.
        used = min(frac_digits, 15)
        frac = _digits(matrix, match.start(7), match.start(7) + used)
        seconds += frac / 10.0**used
    offset = np.zeros(len(rows))
    if sign_col >= 0:
        zone_digits = [c for c in range(sign_col + 1, match.end(8)) if zone[c - sign_col] != 58]
        hh = _digits(matrix, zone_digits[0], zone_digits[0] + 2)
        mm = _digits(matrix, zone_digits[2], zone_digits[2] + 2) if len(zone_digits) == 4 else 0
        sign = np.where(matrix[:, sign_col] == 45, -1.0, 1.0)
        offset = sign * (hh * 3600 + mm * 60)
        ok &= (hh <= 23) & (np.asarray(mm) <= 59)
    good = positions[ok]
    out.epoch_s[good] = (seconds - offset)[ok]
    out.offset_s[good] = offset[ok]
    out.naive[good] = zone is None
    out.bad[good] = False
    return positions[~ok]


def _read_one(text: bytes) -> tuple[float, float, bool] | None:
    """Read one timestamp; (epoch seconds, offset seconds, naive) or None."""
    match = _PATTERN.match(text)
    if match is None:
        return None
    year, month, day, hour, minute, second = (int(match.group(g)) for g in range(1, 7))
    fields = [np.array([v], dtype=np.int64) for v in (year, month, day, hour, minute, second)]
    if not _valid_fields(*fields)[0]:
        return None
    days = int(_days_from_civil(fields[0], fields[1], fields[2])[0])
    seconds = days * 86400 + hour * 3600 + minute * 60 + second
    fraction = match.group(7)
    value = seconds + (int(fraction[:15]) / 10.0 ** len(fraction[:15]) if fraction else 0.0)
    zone = match.group(8)
    if zone is None:
        return value, 0.0, True
    offset = 0.0
    if zone[:1] in b"+-":
        digits = zone[1:].replace(b":", b"")
        hh, mm = int(digits[:2]), int(digits[2:4] or b"0")
        if hh > 23 or mm > 59:
            return None
        offset = (hh * 3600 + mm * 60) * (-1.0 if zone[:1] == b"-" else 1.0)
    return value - offset, offset, False


def parse_iso_times(texts: Sequence[bytes]) -> IsoTimes:
    """Read ISO 8601 timestamps into UTC seconds since the Unix epoch.

    Args:
        texts: one timestamp text per point, as bytes (surrounding blanks allowed).

    Returns:
        The instants, with which texts were bad and which had no zone.
    """
    n = len(texts)
    out = IsoTimes(
        epoch_s=np.full(n, np.nan),
        bad=np.ones(n, dtype=bool),
        naive=np.zeros(n, dtype=bool),
        offset_s=np.zeros(n),
    )
    if n == 0:
        return out
    lengths = np.fromiter(map(len, texts), np.int64, n)
    padded = np.frombuffer(b"".join(texts) + bytes(_MAX_WIDTH), dtype=np.uint8)
    begin = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    return _parse(padded, begin, begin + lengths, out, lambda i: texts[i])


_MAX_WIDTH = 64


def parse_iso_buffer(
    padded: npt.NDArray[np.uint8], begin: npt.NDArray[np.int64], end: npt.NDArray[np.int64]
) -> IsoTimes:
    """Read timestamps written at ``padded[begin:end]`` (the buffer padded with 64 zeros).

    Same rules as :func:`parse_iso_times`, without a Python object per timestamp.
    """
    n = begin.shape[0]
    out = IsoTimes(
        epoch_s=np.full(n, np.nan),
        bad=np.ones(n, dtype=bool),
        naive=np.zeros(n, dtype=bool),
        offset_s=np.zeros(n),
    )
    return _parse(padded, begin, end, out, lambda i: padded[begin[i] : end[i]].tobytes())


def _parse(
    padded: npt.NDArray[np.uint8],
    begin: npt.NDArray[np.int64],
    end: npt.NDArray[np.int64],
    out: IsoTimes,
    text_of: Callable[[int], bytes],
) -> IsoTimes:
    lengths = end - begin
    slow: list[npt.NDArray[np.intp]] = []
    for length in np.unique(lengths).tolist():
        positions = np.flatnonzero(lengths == length)
        if length <= 0 or length > _MAX_WIDTH:
            slow.append(positions)
            continue
        matrix = sliding_window_view(padded, length)[begin[positions]]
        slow.append(_read_group(matrix, out, positions))
    for position in np.concatenate(slow).tolist() if slow else ():
        one = _read_one(text_of(position))
        if one is not None:
            out.epoch_s[position], out.offset_s[position], out.naive[position] = one
            out.bad[position] = False
    return out
