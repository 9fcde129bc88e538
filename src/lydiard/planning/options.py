"""The knobs of plan building, with their defaults and the reason for each.

Every guard a plan must satisfy is expressed by one of these numbers; the property tests
check built plans against them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields

from lydiard.errors import InputError
from lydiard.units import METRES_PER_KM

__all__ = ["PlanOptions"]


@dataclass(frozen=True, slots=True)
class PlanOptions:
    """How a plan ramps, recovers, guards and tapers.

    Attributes:
        build_weeks: build weeks in a ramp cycle before a recovery week (3: "3 up, 1 down").
        recovery_fraction: a recovery week's running volume as a share of the build week
            before it (0.70-0.80 usual; 0.75 default).
        max_weekly_increase: the most a week's running volume may exceed the latest build
            week (or the athlete's current volume), as a fraction (0.10 default; the "10 %
            rule" has weak evidence, Buist et al. 2008, so it is a setting).
        max_ramp_rate: the most fitness (CTL, 42-day load average) may rise in 7 days, in
            load points (8 default: the upper end of Friel's typical 5-8).
        spike_limit: the most any run may exceed the longest run of the previous 30 days, as
            a fraction (0.10: Frandsen et al. 2025, BJSM 59:1203; race day exempt).
        long_run_share: the base long-run share of the weekly running volume (0.25); the
            allowed share rises at low volume, see :func:`long_run_share_cap`.
        peak_factor: the highest peak week as a multiple of the current weekly volume when
            the athlete gives no maximum (2.0).
        peak_m: a peak weekly running volume chosen by the user, metres (None: derived).
        doubles_threshold_m: weekly running volume from which doubles are scheduled, metres
            (110 km, about 70 mi).
        single_run_cap_m: the longest easy run before a day is split into a double, metres.
        taper_reduction: mean volume reduction over the taper (0.50; Bosquet et al. 2007:
            41-60 % works best).
        taper_weeks: freshen-up length in weeks (None: 2, or 1 when time is short).
        climb_increase: the most weekly climbing may rise over the previous week (0.15).
    """

    build_weeks: int = 3
    recovery_fraction: float = 0.75
    max_weekly_increase: float = 0.10
    max_ramp_rate: float = 8.0
    spike_limit: float = 0.10
    long_run_share: float = 0.25
    peak_factor: float = 2.0
    peak_m: float | None = None
    doubles_threshold_m: float = 110 * METRES_PER_KM
    single_run_cap_m: float = 22 * METRES_PER_KM
    taper_reduction: float = 0.50
    taper_weeks: int | None = None
    climb_increase: float = 0.15

    def __post_init__(self) -> None:
        ranges: dict[str, tuple[float, float]] = {
            "build_weeks": (1, 8),
            "recovery_fraction": (0.5, 0.95),
            "max_weekly_increase": (0.0, 0.5),
            "max_ramp_rate": (1.0, 30.0),
            "spike_limit": (0.0, 0.5),
            "long_run_share": (0.15, 0.5),
            "peak_factor": (1.0, 4.0),
            "doubles_threshold_m": (20_000.0, 500_000.0),
            "single_run_cap_m": (8_000.0, 60_000.0),
            "taper_reduction": (0.2, 0.8),
            "climb_increase": (0.0, 1.0),
        }
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name in ranges and value is not None:
                low, high = ranges[f.name]
                if not (math.isfinite(value) and low <= value <= high):
                    raise InputError(f"plan option {f.name} must be {low}-{high}, got {value!r}")
        if self.peak_m is not None and not (math.isfinite(self.peak_m) and self.peak_m > 0):
            raise InputError(f"plan option peak_m must be above zero, got {self.peak_m!r}")
        if self.taper_weeks is not None and self.taper_weeks not in (1, 2, 3):
            raise InputError(f"plan option taper_weeks must be 1-3, got {self.taper_weeks!r}")
        if not isinstance(self.build_weeks, int):
            raise InputError(f"plan option build_weeks must be a whole number: {self.build_weeks}")

    def long_run_share_cap(self, week_m: float) -> float:
        """The largest share of a week's running the long run may take.

        ``long_run_share + 12 km / week``, between 0.30 and 0.50: at 280 km a week the
        long run may take 30 %, at 60 km 45 %, at 40 km half. A long run needs a minimum
        length to be one (about two hours), which a low-volume runner reaches only with a
        larger share; Daniels' 25-30 % fits high mileage.

        Args:
            week_m: the week's running volume, metres.
        """
        if week_m <= 0:
            return 0.5
        return min(0.5, max(0.30, self.long_run_share + 12 * METRES_PER_KM / week_m))
