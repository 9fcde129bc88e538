"""Read many decimal numbers straight from a byte buffer, without a Python object each.

GPX and TCX hold one number per element (``<ele>1031.4</ele>``). Given the offsets of
each text in the document, the texts are gathered into a byte matrix (one row per number)
and read column-wise: optional sign, digits, at most one point. Rows in another form
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
_INT_POWERS = 10 ** np.arange(_MAX_DIGITS + 1, dtype=np.int64)

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
    rows = np.flatnonzero(fits)
    width = int(length[rows].max()) if rows.size else 1
    matrix = sliding_window_view(padded, width)[begin[rows]]
    columns = np.arange(width)
    inside = columns < length[rows, None]
    negative = matrix[:, 0] == 45
    signed = negative | (matrix[:, 0] == 43)
    body = inside
    body[:, 0] &= ~signed
    digit = (matrix >= 48) & (matrix <= 57) & body
    point = (matrix == 46) & body
    count = digit.sum(axis=1)
    simple = ~(body & ~digit & ~point).any(axis=1) & (point.sum(axis=1) <= 1)
    simple &= (count > 0) & (count <= _MAX_DIGITS)
    decimals = (digit & (np.cumsum(point, axis=1) > 0)).sum(axis=1)
    # Each digit's weight is 10 to the number of digits on its right.
    right = count[:, None] - np.cumsum(digit, axis=1)
    weights = np.where(digit, _INT_POWERS[np.clip(right, 0, _MAX_DIGITS)], 0)
    mantissa = ((matrix - 48).astype(np.int64) * weights).sum(axis=1)
    quick = mantissa.astype(np.float64) / _POWERS[decimals]
    quick = np.where(negative, -quick, quick)
    good = rows[simple]
    values[good] = quick[simple]
    others = np.concatenate((rows[~simple], np.flatnonzero(~fits & (length > 0))))
    if others.size:
        values[others], bad[others] = slow(begin[others], end[others])
    return values, bad
