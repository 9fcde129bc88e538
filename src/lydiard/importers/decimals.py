"""Read many decimal numbers straight from a byte buffer, without a Python object each.

GPX and TCX hold one number per element (``<ele>1031.4</ele>``). Given the offsets of
each text in the document, the texts are gathered into a byte matrix (one row per number,
right-aligned) and read column-wise: optional sign, digits, at most one point. All digits
are read as one integer with a single product by the powers of ten (the point reads as a
0 digit); the digits before the point, ten times too big, are its part above the last
``decimals`` digits, divided by ten. Rows in another form
(exponents, blanks, entities, more than 15 significant digits, longer than the matrix)
are read one by one with ``float``, so every result equals ``float(text)`` exactly: up to
15 significant digits the integer of the digits and the power of ten are exact doubles and
their quotient is correctly rounded (IEEE 754 division).
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import numpy.typing as npt
from numpy.lib.stride_tricks import sliding_window_view

from lydiard.model.samples import FloatArray

__all__ = ["WIDTH", "read_decimals"]

#: Longest text read column-wise; longer ones are read one by one.
WIDTH = 24
_MAX_DIGITS = 15
_POWERS = 10.0 ** np.arange(WIDTH + 1)
_INT_POWERS = 10 ** np.arange(_MAX_DIGITS + 2, dtype=np.int64)
#: Distance of each column from the last one, and its power of ten (0 beyond int64).
_DISTANCE = np.arange(WIDTH)[::-1].copy()
_WEIGHTS = np.array([10**j if j <= 18 else 0 for j in _DISTANCE.tolist()], dtype=np.int64)

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


def read_decimals(
    padded: npt.NDArray[np.uint8],
    begin: IntArray,
    end: IntArray,
    slow: Callable[[IntArray, IntArray], tuple[FloatArray, BoolArray]],
) -> tuple[FloatArray, BoolArray]:
    """Numbers written in ``padded[begin:end]`` for each row.

    Args:
        padded: the document bytes followed by at least :data:`WIDTH` zero bytes.
        begin: offset of each text.
        end: offset just past each text.
        slow: reads some texts the slow way, (values, bad), given their offsets.

    Returns:
        (values, bad): NaN and True where a text is not a number; blank text is NaN
        without being bad.
    """
    n = begin.shape[0]
    values = np.full(n, math.nan)
    bad = np.zeros(n, dtype=bool)
    if n == 0:
        return values, bad
    length = end - begin
    fits = (length > 0) & (length <= WIDTH)
    width = int(length[fits].max()) if fits.any() else 1
    fits &= end >= width  # right-aligned rows must start inside the buffer
    rows = np.flatnonzero(fits)
    size = length[rows]
    # Right-aligned: the last character of every text in the last column, so a column's
    # distance from the end (its power of ten) is the same in every row.
    matrix = sliding_window_view(padded, width)[end[rows] - width]
    inside = _DISTANCE[-width:] < size[:, None]
    digits = matrix - 48  # uint8: bytes below "0" wrap above 9
    digit = (digits < 10) & inside
    point = (matrix == 46) & inside
    first = matrix[np.arange(rows.size), width - size]
    negative = first == 45
    signed = negative | (first == 43)
    count = digit.sum(axis=1)
    points = point.sum(axis=1)
    simple = (count + points + signed == size) & (points <= 1)
    simple &= (count > 0) & (count <= _MAX_DIGITS)
    # All digits read as one integer, the point counting as a 0 digit: the digits after
    # the point are its last ``decimals`` digits, those before it are ten times too big.
    whole = np.where(digit, digits, 0).astype(np.int64) @ _WEIGHTS[-width:]
    decimals = np.where(simple & (points > 0), width - 1 - point.argmax(axis=1), 0)
    low = whole % _INT_POWERS[decimals]
    mantissa = np.where(points > 0, low + (whole - low) // 10, whole)
    quick = mantissa.astype(np.float64) / _POWERS[decimals]
    quick = np.where(negative, -quick, quick)
    good = rows[simple]
    values[good] = quick[simple]
    others = np.concatenate((rows[~simple], np.flatnonzero(~fits & (length > 0))))
    if others.size:
        values[others], bad[others] = slow(begin[others], end[others])
    return values, bad
