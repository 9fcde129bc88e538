"""The Settings page: profile, units, thresholds over time, and what follows from them.

What follows: training paces, heart-rate zones and pace zones.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from lydiard.errors import InputError, UnitError
from lydiard.physiology.paces import TrainingPaces, training_paces, vdot_from_threshold_speed
from lydiard.physiology.zones import Zone, friel_hr_zones, friel_pace_zones
from lydiard.store import Athlete, Threshold, ThresholdKind
from lydiard.units import parse_speed_or_pace

__all__ = [
    "THRESHOLD_LABELS",
    "AthleteSettings",
    "athlete_paces",
    "parse_threshold",
    "settings_view",
]

#: Threshold kinds in the order the page lists them, with labels and units.
THRESHOLD_LABELS: dict[ThresholdKind, tuple[str, str]] = {
    ThresholdKind.HR_MAX_BPM: ("Maximum heart rate", "bpm"),
    ThresholdKind.HR_REST_BPM: ("Resting heart rate", "bpm"),
    ThresholdKind.LTHR_BPM: ("Threshold heart rate (LT2)", "bpm"),
    ThresholdKind.LT1_HR_BPM: ("Aerobic threshold heart rate (LT1)", "bpm"),
    ThresholdKind.THRESHOLD_SPEED_MPS: ("Threshold pace (LT2)", "pace"),
    ThresholdKind.LT1_SPEED_MPS: ("Aerobic threshold pace (LT1)", "pace"),
    ThresholdKind.CRITICAL_SPEED_MPS: ("Critical speed", "pace"),
    ThresholdKind.FTP_W: ("Cycling FTP", "W"),
    ThresholdKind.VDOT: ("VDOT", ""),
    ThresholdKind.VO2MAX_ML_KG_MIN: ("VO2max", "ml/kg/min"),
    ThresholdKind.BODY_MASS_KG: ("Body mass", "kg"),
}
_SPEEDS = {
    ThresholdKind.THRESHOLD_SPEED_MPS,
    ThresholdKind.LT1_SPEED_MPS,
    ThresholdKind.CRITICAL_SPEED_MPS,
}


def parse_threshold(kind: ThresholdKind, text: str) -> float:
    """A threshold value from what a user typed.

    Paces as "3:05/km" or "16 km/h", anything else a number in the kind's unit.

    Raises:
        InputError: naming the threshold and what was typed.
    """
    label = THRESHOLD_LABELS[kind][0]
    raw = text.strip()
    if kind in _SPEEDS:
        try:
            return float(parse_speed_or_pace(raw))
        except UnitError as exc:
            raise InputError(f"{label}: {exc} (write it like 3:05/km or 16 km/h)") from exc
    try:
        value = float(raw)
    except ValueError as exc:
        raise InputError(f"{label}: {raw!r} is not a number") from exc
    if not math.isfinite(value) or value <= 0:
        raise InputError(f"{label}: must be a positive number, got {raw!r}")
    return value


def athlete_paces(athlete: Athlete, day: date) -> TrainingPaces | None:
    """Daniels training paces from the athlete's VDOT, else from their threshold pace."""
    vdot = athlete.threshold_on(ThresholdKind.VDOT, day)
    if vdot is None:
        speed = athlete.threshold_on(ThresholdKind.THRESHOLD_SPEED_MPS, day)
        if speed is None:
            return None
        vdot = vdot_from_threshold_speed(speed)
    try:
        return training_paces(vdot)
    except InputError:
        return None


@dataclass(frozen=True, slots=True)
class CurrentThreshold:
    """A threshold's value today and the day it took effect.

    Attributes:
        kind: which threshold.
        label: what the page calls it.
        unit: "bpm", "pace", "W", ...
        value: the value in SI (speeds in m/s), or None when never set.
        since: the day it took effect, or None.
    """

    kind: ThresholdKind
    label: str
    unit: str
    value: float | None
    since: date | None


@dataclass(frozen=True, slots=True)
class AthleteSettings:
    """Everything the Settings page shows.

    Attributes:
        athlete: the profile.
        current: each threshold's value today.
        history: every threshold value, newest first.
        paces: training paces, or None without VDOT or threshold pace.
        hr_zones: Friel zones from threshold HR, or empty.
        pace_zones: Friel pace zones from threshold pace, or empty.
    """

    athlete: Athlete
    current: list[CurrentThreshold]
    history: list[Threshold]
    paces: TrainingPaces | None
    hr_zones: list[Zone]
    pace_zones: list[Zone]


def settings_view(athlete: Athlete, today: date) -> AthleteSettings:
    """Build the Settings page's data."""
    current = []
    for kind, (label, unit) in THRESHOLD_LABELS.items():
        past = [t for t in athlete.thresholds if t.kind is kind and t.effective_from <= today]
        latest = max(past, key=lambda t: t.effective_from) if past else None
        current.append(
            CurrentThreshold(
                kind,
                label,
                unit,
                latest.value if latest else None,
                latest.effective_from if latest else None,
            )
        )
    lthr = athlete.threshold_on(ThresholdKind.LTHR_BPM, today)
    speed = athlete.threshold_on(ThresholdKind.THRESHOLD_SPEED_MPS, today)
    return AthleteSettings(
        athlete=athlete,
        current=current,
        history=sorted(athlete.thresholds, key=lambda t: (t.effective_from, t.kind), reverse=True),
        paces=athlete_paces(athlete, today),
        hr_zones=list(friel_hr_zones(lthr)) if lthr else [],
        pace_zones=list(friel_pace_zones(speed)) if speed else [],
    )
