"""The physiology the planner leans on: paces, the spike reference, the fitness ramp.

Nothing here re-derives a formula: VDOT and training paces come from
:mod:`lydiard.physiology.races` and :mod:`lydiard.physiology.paces`, the 30-day spike
reference from :func:`lydiard.physiology.risk.session_spike`, fitness (CTL) and its 7-day
ramp from :func:`lydiard.physiology.fitness.fitness_fatigue`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from lydiard.physiology.fitness import fitness_fatigue
from lydiard.physiology.paces import training_paces, vdot_from_threshold_speed
from lydiard.physiology.races import vdot as race_vdot
from lydiard.physiology.risk import SPIKE_WINDOW_DAYS, session_spike
from lydiard.planning.athlete import Athlete

__all__ = [
    "DEFAULT_VDOT",
    "AthletePaces",
    "RampGuard",
    "athlete_paces",
    "spike_reference",
]

#: The VDOT assumed when an athlete gives no race, VDOT or threshold (a recreational
#: runner's; the plan says so in its notes).
DEFAULT_VDOT = 45.0


@dataclass(frozen=True, slots=True)
class AthletePaces:
    """The athlete's VDOT and pace mapping.

    Attributes:
        vdot: the VDOT used.
        paces: pace name -> speed in m/s (:data:`lydiard.workouts.PACE_NAMES`).
        source: where the VDOT came from ("vdot", "race", "threshold", "assumed").
    """

    vdot: float
    paces: dict[str, float]
    source: str


def athlete_paces(athlete: Athlete) -> AthletePaces:
    """The athlete's paces: from their VDOT, else their best race, else their threshold.

    With none of these, :data:`DEFAULT_VDOT` is assumed (``source == "assumed"``).
    """
    if athlete.vdot is not None:
        value, source = athlete.vdot, "vdot"
    elif athlete.races:
        value, source = max(race_vdot(r.distance_m, r.time_s) for r in athlete.races), "race"
    elif athlete.threshold_speed_mps is not None:
        value, source = vdot_from_threshold_speed(athlete.threshold_speed_mps), "threshold"
    else:
        value, source = DEFAULT_VDOT, "assumed"
    return AthletePaces(value, training_paces(value).as_mapping(), source)


def spike_reference(runs: Iterable[tuple[date, float]], first: date, last: date) -> float:
    """The longest run inside every 30-day look-back of the days ``first``..``last``.

    A run on day d is judged against [d - 30, d); the intersection over the week is
    [last - 30, first), so a cap set from it holds for every day of the week.

    Returns:
        The reference distance, metres (0 when there is no run in the window).
    """
    window = SPIKE_WINDOW_DAYS - (last - first).days
    spike = session_spike(first, 0.0, runs, window_days=max(1, window))
    return spike.reference_m if math.isfinite(spike.reference_m) else 0.0


@dataclass(frozen=True, slots=True)
class RampGuard:
    """The 7-day fitness rise of a candidate week (TrainingPeaks 1/N smoothing, N = 42).

    Attributes:
        initial_fitness: fitness (and fatigue) before the plan, load points a day.
    """

    initial_fitness: float

    def __call__(self, before: Sequence[float], week: Sequence[float]) -> float:
        """Fitness at the end of ``week`` minus fitness 7 days earlier."""
        series = fitness_fatigue(
            [*before, *week],
            initial_fitness=self.initial_fitness,
            initial_fatigue=self.initial_fitness,
        )
        return float(series.ramp[-1])

    def rises(self, loads: Sequence[float]) -> list[float]:
        """The 7-day fitness rise at the end of each day of a whole plan."""
        series = fitness_fatigue(
            loads, initial_fitness=self.initial_fitness, initial_fatigue=self.initial_fitness
        )
        return [float(x) for x in series.ramp]
