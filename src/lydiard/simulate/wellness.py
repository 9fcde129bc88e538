"""The body between sessions: fitness and fatigue, and the morning HRV and resting HR.

The simulator keeps the athlete's true state as the performance-management model does
(:mod:`lydiard.physiology.fitness`: exponentially weighted load, k = 1/N, fitness over
N = 42 days) over the loads the physiology core gives each simulated activity, with the
body's fatigue on a shorter time constant (N = 5 days: HRV and resting HR come back
within days of rest after a hard block), and reads the morning from it. With
``r = (fatigue - fitness) / fitness``, the relative excess of recent load over what the
athlete is used to:

* morning ln rMSSD = baseline - 0.05 r - 1.2 max(0, r - 0.15) + 0.10 (fitness /
  reference - 1) + noise: the load the athlete is used to barely moves HRV, a clear
  excess over it (overreaching) lowers it, and rest restores it (Plews et al. 2012, Eur J
  Appl Physiol 112:3729, saw the 7-day mean fall in a runner heading into non-functional
  overreaching; Le Meur et al. 2013 in functional overreaching);
* morning resting HR = resting + 2 r + 15 max(0, r - 0.15) - 2 (fitness / reference - 1)
  + noise (whole bpm);
* noise: AR(1) with the athlete's day-to-day SD (0.04 ln ms, 0.8 bpm), correlation 0.3;
  about 1 morning in 12 is not measured.

:meth:`Body.fatigue_index` (0-1, r / 0.5 clipped) is what slows the athlete and
suppresses heart rate in a session (:mod:`.segments`, :mod:`.heart`).
The coefficients are lydiard's, chosen so that a week of clear overload (fatigue 25-30 %
above fitness) takes the 7-day HRV mean below the smallest-worthwhile-change band, as in
those studies, while ordinary hard weeks mostly do not; they are not fitted to anyone.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

import numpy as np

from lydiard.physiology.fitness import FITNESS_DAYS
from lydiard.simulate.athlete import SimAthlete

__all__ = ["BODY_FATIGUE_DAYS", "Body", "Morning"]

#: Time constant of the body's fatigue, days.
BODY_FATIGUE_DAYS = 5

_HRV_LOAD = 0.05
_HRV_EXCESS = 1.2
_RHR_LOAD = 2.0
_RHR_EXCESS = 15.0
_ACCUSTOMED = 0.15
_HRV_FITNESS = 0.10
_RHR_FITNESS = 2.0
_NOISE_CORRELATION = 0.3
_MISSED = 1.0 / 12.0


@dataclass(frozen=True, slots=True)
class Morning:
    """One morning's readings.

    Attributes:
        day: the date.
        ln_rmssd: ln of rMSSD in ms (NaN when not measured).
        resting_hr_bpm: resting heart rate (NaN when not measured).
        fitness, fatigue: the true state going into the day (load units).
    """

    day: date
    ln_rmssd: float
    resting_hr_bpm: float
    fitness: float
    fatigue: float

    @property
    def rmssd_ms(self) -> float:
        """RMSSD in milliseconds (NaN when not measured)."""
        return math.exp(self.ln_rmssd) if math.isfinite(self.ln_rmssd) else math.nan


class Body:
    """The athlete's state, updated day by day (a small mutable simulation object)."""

    def __init__(
        self,
        athlete: SimAthlete,
        *,
        fitness: float | None = None,
        fatigue: float | None = None,
    ) -> None:
        """Start from a fitness and fatigue (the athlete's reference fitness by default)."""
        self.athlete = athlete
        self.fitness = athlete.reference_fitness if fitness is None else float(fitness)
        self.fatigue = self.fitness if fatigue is None else float(fatigue)
        self._hrv_noise = 0.0
        self._rhr_noise = 0.0

    @property
    def overload(self) -> float:
        """``(fatigue - fitness) / fitness``: recent load above what the body is used to."""
        return (self.fatigue - self.fitness) / max(self.fitness, 20.0)

    def fatigue_index(self) -> float:
        """0 (fresh or in balance) to 1 (fatigue 50 % above fitness or more)."""
        return float(min(max(self.overload / 0.5, 0.0), 1.0))

    def morning(self, day: date, rng: np.random.Generator) -> Morning:
        """The readings of a morning, from the state going into the day."""
        a = self.athlete
        rho = _NOISE_CORRELATION
        keep = math.sqrt(1 - rho * rho)
        self._hrv_noise = rho * self._hrv_noise + keep * float(rng.normal(0.0, a.ln_rmssd_sd))
        self._rhr_noise = rho * self._rhr_noise + keep * float(rng.normal(0.0, a.resting_hr_sd_bpm))
        trained = self.fitness / a.reference_fitness - 1.0
        r = self.overload
        excess = max(0.0, r - _ACCUSTOMED)
        ln = (
            a.ln_rmssd
            - _HRV_LOAD * r
            - _HRV_EXCESS * excess
            + _HRV_FITNESS * trained
            + self._hrv_noise
        )
        rhr = (
            a.hr_rest_bpm
            + _RHR_LOAD * r
            + _RHR_EXCESS * excess
            - _RHR_FITNESS * trained
            + self._rhr_noise
        )
        measured = rng.random() >= _MISSED
        return Morning(
            day,
            ln if measured else math.nan,
            float(round(rhr)) if measured else math.nan,
            self.fitness,
            self.fatigue,
        )

    def end_day(self, load: float) -> None:
        """Add a day's total load (0 on a rest day) to fitness and fatigue."""
        load = load if math.isfinite(load) else 0.0
        self.fitness += (load - self.fitness) / FITNESS_DAYS
        self.fatigue += (load - self.fatigue) / BODY_FATIGUE_DAYS
