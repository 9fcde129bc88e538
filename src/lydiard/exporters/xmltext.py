"""Sample columns as the text XML activity formats (GPX, TCX) hold, one string per sample.

Missing values (NaN) are None, so writers leave the element out.
"""

from __future__ import annotations

import numpy as np

from lydiard.model import Activity
from lydiard.model.samples import FloatArray

__all__ = ["decimal_texts", "integer_texts", "iso_times"]


def iso_times(activity: Activity) -> list[str]:
    """UTC time of every sample, ISO 8601 with "Z"; milliseconds only when not whole."""
    start = np.datetime64(activity.start_time.replace(tzinfo=None), "ms")
    offsets = np.round(activity.samples.time_s * 1000.0).astype("timedelta64[ms]")
    whole = bool(np.all(np.mod(activity.samples.time_s, 1.0) == 0.0)) and (
        activity.start_time.microsecond == 0
    )
    text = np.datetime_as_string(start + offsets, unit="s" if whole else "ms")
    return [f"{t}Z" for t in text.tolist()]


def decimal_texts(values: FloatArray, fmt: str) -> list[str | None]:
    """Each value with a format such as ".7f" (None for NaN)."""
    return [None if v != v else format(v, fmt) for v in values.tolist()]


def integer_texts(values: FloatArray) -> list[str | None]:
    """Each value rounded to a whole number (None for NaN)."""
    return [None if v != v else str(round(v)) for v in values.tolist()]
