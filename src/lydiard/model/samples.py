"""Samples: the recorded streams of an activity, columnar, SI, NaN for missing."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["CHANNELS", "FloatArray", "Samples"]

FloatArray = npt.NDArray[np.float64]

#: The standard channels and their units. ``time_s`` is seconds since the activity start.
#: Cadence is as the device records it: revolutions (bike) or strides (run, one foot) per
#: minute. Temperature is in degrees Celsius, the one non-SI unit kept as recorded.
CHANNELS: dict[str, str] = {
    "time_s": "s since start",
    "lat_deg": "degrees",
    "lon_deg": "degrees",
    "altitude_m": "m",
    "distance_m": "m",
    "speed_mps": "m/s",
    "heart_rate_bpm": "beats/min",
    "cadence_rpm": "cycles/min",
    "power_w": "W",
    "temperature_c": "°C",
}


def _column(values: Any, n: int | None, name: str) -> FloatArray:
    array = np.array(values, dtype=np.float64, copy=True)
    if array.ndim != 1:
        raise ValueError(f"samples channel {name!r} must be one-dimensional, got {array.ndim}-D")
    if n is not None and array.shape[0] != n:
        raise ValueError(f"samples channel {name!r} has {array.shape[0]} values, expected {n}")
    array.flags.writeable = False
    return array


@dataclass(frozen=True, slots=True, eq=False)
class Samples:
    """Columnar streams of one activity: one float64 array per channel, equal lengths.

    Missing values are NaN. Arrays are copied on construction and read-only afterwards.
    ``extra`` holds other numeric channels found in a file (developer fields such as
    Stryd power, "form_power_w"), with their unit in the name.

    Attributes:
        time_s: seconds since the activity start, non-decreasing.
        lat_deg, lon_deg: position in degrees (WGS84).
        altitude_m: elevation in metres.
        distance_m: cumulative distance in metres.
        speed_mps: speed in m/s.
        heart_rate_bpm: heart rate in beats per minute.
        cadence_rpm: cadence in cycles per minute, as recorded.
        power_w: power in watts.
        temperature_c: temperature in degrees Celsius.
        extra: further channels by name.
    """

    time_s: FloatArray
    lat_deg: FloatArray
    lon_deg: FloatArray
    altitude_m: FloatArray
    distance_m: FloatArray
    speed_mps: FloatArray
    heart_rate_bpm: FloatArray
    cadence_rpm: FloatArray
    power_w: FloatArray
    temperature_c: FloatArray
    extra: Mapping[str, FloatArray] = field(default_factory=dict)

    def __post_init__(self) -> None:
        time = _column(self.time_s, None, "time_s")
        n = time.shape[0]
        object.__setattr__(self, "time_s", time)
        for name in CHANNELS:
            if name != "time_s":
                object.__setattr__(self, name, _column(getattr(self, name), n, name))
        extra = {key: _column(value, n, key) for key, value in dict(self.extra).items()}
        object.__setattr__(self, "extra", MappingProxyType(extra))
        if n > 1:
            steps = np.diff(time)
            if np.isnan(time).any() or (steps < 0).any():
                raise ValueError("samples time_s must be finite and non-decreasing")

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickle by columns: the read-only ``extra`` mapping cannot be pickled as is, and
        # activities travel to worker processes (bulk import, Dask).
        return (_from_columns, (dict(self.channels()),))

    @classmethod
    def from_columns(cls, n: int | None = None, **columns: Any) -> Samples:
        """Build samples from some channels; absent standard channels are all NaN.

        Args:
            n: number of samples, needed only when ``time_s`` is not given.
            columns: arrays by channel name; names not in :data:`CHANNELS` go to ``extra``.
        """
        if "time_s" not in columns:
            if n is None:
                raise ValueError("samples need time_s or an explicit length n")
            columns["time_s"] = np.arange(n, dtype=np.float64)
        length = len(columns["time_s"])
        standard: dict[str, Any] = {}
        extra: dict[str, Any] = dict(columns.pop("extra", {}) or {})
        for name, values in columns.items():
            if name in CHANNELS:
                standard[name] = values
            else:
                extra[name] = values
        for name in CHANNELS:
            standard.setdefault(name, np.full(length, np.nan))
        return cls(extra=extra, **standard)

    @classmethod
    def empty(cls) -> Samples:
        """Samples with no rows."""
        return cls.from_columns(time_s=np.empty(0))

    def __len__(self) -> int:
        return int(self.time_s.shape[0])

    def channels(self) -> Iterator[tuple[str, FloatArray]]:
        """Yield (name, array) for every standard and extra channel."""
        for name in CHANNELS:
            yield name, getattr(self, name)
        yield from self.extra.items()

    def has(self, name: str) -> bool:
        """True when the channel exists and holds at least one finite value."""
        array = getattr(self, name, None) if name in CHANNELS else self.extra.get(name)
        return array is not None and bool(np.isfinite(array).any())

    def present(self) -> list[str]:
        """Names of the channels that hold at least one value."""
        return [name for name, array in self.channels() if np.isfinite(array).any()]

    def select(self, mask_or_slice: Any) -> Samples:
        """Return the rows picked by a boolean mask, slice or index array."""
        picked: dict[str, Any] = {name: array[mask_or_slice] for name, array in self.channels()}
        return Samples.from_columns(**picked)

    def replace(self, **columns: Any) -> Samples:
        """Return a copy with some channels replaced (same length)."""
        current: dict[str, Any] = dict(self.channels())
        current.update(columns)
        return Samples.from_columns(**current)

    def equals(self, other: Samples) -> bool:
        """True when both hold the same channels with the same values (NaN equals NaN)."""
        mine, theirs = dict(self.channels()), dict(other.channels())
        if mine.keys() != theirs.keys():
            return False
        return all(np.array_equal(mine[k], theirs[k], equal_nan=True) for k in mine)

    @property
    def nbytes(self) -> int:
        """Memory held by the arrays, in bytes."""
        return sum(array.nbytes for _, array in self.channels())

    def to_pandas(self) -> pd.DataFrame:
        """Return a DataFrame with one column per channel (needs the ``pandas`` extra)."""
        import pandas as pd

        return pd.DataFrame({name: np.asarray(array) for name, array in self.channels()})


def _from_columns(columns: dict[str, Any]) -> Samples:
    """Rebuild samples from their columns (the pickle constructor)."""
    return Samples.from_columns(**columns)
