"""Aerobic decoupling: Friel's Pa:HR and Pw:HR drift between the halves of a session.

How much pace (or power) per heartbeat fell from the first half to the second.
Joe Friel, "Aerobic Endurance and Decoupling" (TrainingPeaks, 2011) and *The Triathlete's
Training Bible*: the efficiency factor of each half is speed (or power) divided by heart
rate; decoupling is ``(EF1 - EF2) / EF1`` in percent. Under 5 % on a long steady session
means aerobic endurance is good. The halves split the moving time in two; speed and power
are over moving time (pauses and stops left out), heart rate over each half's recorded
time. On hilly ground, speed is grade-adjusted (TrainingPeaks uses its
grade-adjusted NGP the same way), so a climbing second half does not read as drift.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from lydiard.analysis.segments import measure
from lydiard.analysis.track import Track, as_track
from lydiard.errors import NotEnoughDataError
from lydiard.model import Activity

__all__ = ["Decoupling", "decoupling"]

#: Below this much moving time with heart rate the drift says nothing (seconds).
MIN_DURATION_S = 20 * 60.0


@dataclass(frozen=True, slots=True)
class Decoupling:
    """Pace:HR (or power:HR) drift between the halves of the moving time.

    Attributes:
        basis: "gap_speed", "speed" or "power": what was divided by heart rate.
        first_output, second_output: mean speed (m/s) or power (W) of each half.
        first_heart_rate_bpm, second_heart_rate_bpm: mean heart rate of each half.
        first_ef, second_ef: efficiency factors (output per bpm).
        decoupling_pct: ``(EF1 - EF2) / EF1 * 100``; positive when efficiency fell.
        skipped_s: moving time left out at the start (warm-up), seconds.
    """

    basis: str
    first_output: float
    second_output: float
    first_heart_rate_bpm: float
    second_heart_rate_bpm: float
    first_ef: float
    second_ef: float
    decoupling_pct: float
    skipped_s: float = 0.0


def decoupling(
    source: Activity | Track,
    *,
    skip_s: float = 0.0,
    basis: str | None = None,
) -> Decoupling:
    """Pa:HR (or Pw:HR) decoupling between the two halves of the moving time.

    Args:
        source: the activity (or its prepared track).
        skip_s: moving time to leave out at the start (a warm-up), seconds.
        basis: "power", "gap_speed" or "speed"; default power when present on a bike or
            erg, grade-adjusted speed when altitude is known, else speed.

    Returns:
        The drift figures.

    Raises:
        NotEnoughDataError: without heart rate, without speed or power, or with less
            than 20 minutes of moving time after ``skip_s``.
    """
    track = as_track(source)
    if not track.has_heart_rate:
        raise NotEnoughDataError("decoupling needs heart rate, and this activity has none")
    if basis is None:
        if track.has_power and not track.sport.is_run:
            basis = "power"
        elif track.has_gap:
            basis = "gap_speed"
        elif track.has_distance:
            basis = "speed"
        else:
            raise NotEnoughDataError("decoupling needs speed or power, and there is neither")
    if basis not in ("power", "gap_speed", "speed"):
        raise NotEnoughDataError(f"unknown decoupling basis {basis!r}")
    total = track.moving_s - skip_s
    if total < MIN_DURATION_S:
        raise NotEnoughDataError(
            f"decoupling needs at least {MIN_DURATION_S / 60:.0f} min of moving time "
            f"after the warm-up; this has {max(total, 0) / 60:.0f} min"
        )
    # The instants at which the moving time reaches the skip, the middle, and the end.
    t = track.time_s
    start, middle = np.interp([skip_s, skip_s + total / 2], track.cum_moving_s, t)
    m = measure(track, np.array([start, middle]), np.array([middle, t[-1]]))
    if basis == "power":
        output = m.avg_power_w
    elif basis == "gap_speed":
        output = m.gap_speed_mps()
    else:
        output = m.speed_mps()
    hr = m.avg_heart_rate_bpm
    if not (np.isfinite(hr).all() and np.isfinite(output).all()):
        raise NotEnoughDataError("decoupling needs heart rate and output in both halves")
    halves = [(float(output[k]), float(hr[k]), float(output[k] / hr[k])) for k in (0, 1)]
    (o1, h1, ef1), (o2, h2, ef2) = halves
    return Decoupling(
        basis=basis,
        first_output=o1,
        second_output=o2,
        first_heart_rate_bpm=h1,
        second_heart_rate_bpm=h2,
        first_ef=ef1,
        second_ef=ef2,
        decoupling_pct=(ef1 - ef2) / ef1 * 100 if ef1 > 0 else math.nan,
        skipped_s=skip_s,
    )
