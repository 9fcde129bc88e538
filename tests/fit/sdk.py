"""Garmin's official FIT decoder (garmin-fit-sdk, a test-only dependency) as a reference."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pytest

from lydiard.fit.heart_rate import merge_heart_rates
from lydiard.fit.profile import FIT_EPOCH_S
from lydiard.fit.reader import FitMessages

garmin_fit_sdk = pytest.importorskip("garmin_fit_sdk")


def sdk_read(data: bytes) -> tuple[dict[str, list[dict[str, Any]]], list[Exception]]:
    """All messages as the SDK decodes them (heart rates merged into records)."""
    stream = garmin_fit_sdk.Stream.from_byte_array(bytearray(data))
    messages, errors = garmin_fit_sdk.Decoder(stream).read()
    return messages, errors


def column(rows: list[dict[str, Any]], name: str) -> np.ndarray:
    """One field of SDK messages as float64: seconds for datetimes, first of lists, NaN."""
    out = []
    for row in rows:
        value = row.get(name)
        if isinstance(value, list | tuple):
            value = value[0] if value else None
        if isinstance(value, dt.datetime):
            value = value.timestamp() - FIT_EPOCH_S
        out.append(np.nan if value is None else float(value))
    return np.array(out, dtype=np.float64)


def merged_heart_rate(messages: FitMessages) -> np.ndarray:
    """Record heart rates with hr messages merged, from lydiard's columns."""
    records = messages["record"]
    own = records["heart_rate"] if "heart_rate" in records else np.full(len(records), np.nan)
    if "hr" not in messages:
        return np.asarray(own, dtype=np.float64)
    merged, _ = merge_heart_rates(messages["hr"], records["timestamp"], own)
    return merged
