"""Time in heart-rate (or power, or pace) zones, from zone boundaries given as an argument.

Zone definitions belong to :mod:`lydiard.physiology` (Friel %LTHR, Karvonen...); this module
only counts time. Boundaries ``[b1, b2, ..., bk]`` make ``k + 1`` zones: below ``b1``,
``[b1, b2)``, ..., at or above ``bk``. Each interval between two samples counts once, at
the mean of its two ends, and only while recording (pauses do not count). Where the value
is missing the time is reported apart, as ``missing_s``, never as zone 1.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from lydiard.analysis.track import Track, as_track
from lydiard.errors import InputError
from lydiard.model import Activity

__all__ = ["ZoneTimes", "time_in_zones"]


@dataclass(frozen=True, slots=True)
class ZoneTimes:
    """Time spent in each zone.

    Attributes:
        boundaries: the lower bound of zones 2..k+1, in the channel's unit (bpm, W).
        seconds: time in each zone, seconds (``len(boundaries) + 1`` values).
        names: zone names, "Z1".. by default.
        missing_s: recorded time without a value, seconds.
        channel: the channel counted, e.g. "heart_rate_bpm".
    """

    boundaries: tuple[float, ...]
    seconds: tuple[float, ...]
    names: tuple[str, ...]
    missing_s: float
    channel: str

    @property
    def total_s(self) -> float:
        """Time with a value, seconds."""
        return float(sum(self.seconds))

    @property
    def fractions(self) -> tuple[float, ...]:
        """Share of the time with a value in each zone (0..1); NaN when there is none."""
        total = self.total_s
        return tuple(s / total if total > 0 else float("nan") for s in self.seconds)


def time_in_zones(
    source: Activity | Track,
    boundaries: Sequence[float],
    *,
    channel: str = "heart_rate_bpm",
    names: Sequence[str] | None = None,
) -> ZoneTimes:
    """Count the recorded time in each zone of a channel.

    Args:
        source: the activity (or its prepared track).
        boundaries: increasing zone boundaries in the channel's unit, e.g. bpm.
        channel: "heart_rate_bpm" (default), "power_w" or "speed_mps".
        names: one name per zone (``len(boundaries) + 1``); "Z1", "Z2"... by default.

    Returns:
        Seconds per zone.

    Raises:
        InputError: when the boundaries are empty, not finite or not increasing, the
            names do not match them, or the channel is unknown.
    """
    bounds = np.asarray(list(boundaries), dtype=np.float64)
    if bounds.ndim != 1 or bounds.size == 0 or not np.isfinite(bounds).all():
        raise InputError(f"zone boundaries must be finite numbers, got {list(boundaries)!r}")
    if (np.diff(bounds) <= 0).any():
        raise InputError(f"zone boundaries must increase, got {bounds.tolist()!r}")
    zone_names = (
        tuple(names) if names is not None else tuple(f"Z{k + 1}" for k in range(bounds.size + 1))
    )
    if len(zone_names) != bounds.size + 1:
        raise InputError(
            f"{bounds.size} boundaries make {bounds.size + 1} zones, got {len(zone_names)} names"
        )
    if channel not in ("heart_rate_bpm", "power_w", "speed_mps"):
        raise InputError(f"unknown zone channel {channel!r}; use heart_rate_bpm or power_w")
    track = as_track(source)
    values = getattr(track, channel)
    if values.size < 2:
        seconds = tuple(0.0 for _ in zone_names)
        return ZoneTimes(tuple(bounds.tolist()), seconds, zone_names, 0.0, channel)
    left, right = values[:-1], values[1:]
    with np.errstate(invalid="ignore"):
        mid = np.where(np.isnan(left), right, np.where(np.isnan(right), left, (left + right) / 2))
    dt = np.where(track.recorded, np.diff(track.time_s), 0.0)
    known = np.isfinite(mid)
    zone = np.searchsorted(bounds, mid[known], side="right")
    per_zone = np.bincount(zone, weights=dt[known], minlength=bounds.size + 1)
    return ZoneTimes(
        boundaries=tuple(bounds.tolist()),
        seconds=tuple(float(s) for s in per_zone),
        names=zone_names,
        missing_s=float(dt[~known].sum()),
        channel=channel,
    )
