"""A journal of biomarkers and wellness, each judged against the athlete's own baseline.

Markers (:class:`Marker`) are kept as dated entries. A value is judged by its z-score
against the athlete's previous ``baseline_days`` (60) of entries, in the direction that is
worse for that marker (cortisol up, testosterone:cortisol down, ferritin down, resting HR
up, sleep down, soreness up, mood down, RPE up; body mass either way). A z of 1 or more
in the worse direction is "watch", 2 or more "concern". Units only need to be consistent
within one marker (cortisol in nmol/L or ug/dL: the z-score does not care).

Two published fixed rules are added to the z-scores:

* testosterone:cortisol falling more than 30 % below its baseline (Adlercreutz et al. 1986,
  Int J Sports Med 7 Suppl 1:27) is a concern;
* ferritin below 35 ug/L is iron deficiency in athletes (Sim et al. 2019, Eur J Appl
  Physiol 119:1463), a concern whatever the baseline says.

No single value is a diagnosis: these are flags to talk over with a coach or a doctor.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from lydiard.errors import InputError

__all__ = [
    "JournalEntry",
    "Marker",
    "MarkerJudgement",
    "MarkerStatus",
    "judge_journal",
    "judge_marker",
    "marker_series",
]

TC_DROP_FRACTION = 0.30
FERRITIN_LOW_UG_L = 35.0


class Marker(StrEnum):
    """What a journal entry measures (unit in the comment)."""

    CORTISOL = "cortisol"  # nmol/L (or ug/dL; consistently)
    TESTOSTERONE = "testosterone"  # nmol/L
    T_C_RATIO = "t_c_ratio"  # testosterone / cortisol, same units
    FERRITIN = "ferritin"  # ug/L (= ng/mL)
    RESTING_HR = "resting_hr"  # bpm, morning
    SLEEP = "sleep"  # seconds of sleep
    BODY_MASS = "body_mass"  # kg
    SORENESS = "soreness"  # 0-10, higher = more sore
    MOOD = "mood"  # 1-10, higher = better
    RPE = "rpe"  # CR-10 of the day's main session

    @property
    def worse(self) -> int:
        """+1 when a rise is worse, -1 when a fall is, 0 when either is."""
        return _WORSE[self]


_WORSE = {
    Marker.CORTISOL: 1,
    Marker.TESTOSTERONE: -1,
    Marker.T_C_RATIO: -1,
    Marker.FERRITIN: -1,
    Marker.RESTING_HR: 1,
    Marker.SLEEP: -1,
    Marker.BODY_MASS: 0,
    Marker.SORENESS: 1,
    Marker.MOOD: -1,
    Marker.RPE: 1,
}


class MarkerStatus(StrEnum):
    """How a value compares with the athlete's own baseline."""

    NORMAL = "normal"
    WATCH = "watch"  # 1 SD or more in the worse direction
    CONCERN = "concern"  # 2 SD or more, or a published fixed rule
    NOT_ENOUGH_DATA = "not enough data"


@dataclass(frozen=True, slots=True)
class JournalEntry:
    """One dated value.

    Attributes:
        day: the athlete's local date.
        marker: what was measured.
        value: the value, in the marker's unit.
        note: free text ("lab A", "after travel").
    """

    day: date
    marker: Marker
    value: float
    note: str = ""

    def __post_init__(self) -> None:
        if not math.isfinite(self.value):
            raise InputError(f"{self.marker} on {self.day}: value must be a number")
        if self.value < 0 or (self.value == 0 and self.marker is not Marker.SORENESS):
            raise InputError(f"{self.marker} on {self.day}: {self.value!r} is not a valid value")


@dataclass(frozen=True, slots=True)
class MarkerJudgement:
    """A marker's latest value against the athlete's baseline.

    Attributes:
        marker: the marker.
        day: the date of the value judged.
        value: the value.
        baseline_mean, baseline_sd: the baseline (NaN without enough entries).
        baseline_n: entries in the baseline.
        z: (value - mean) / SD (NaN when the SD is 0 or unknown).
        status: normal, watch, concern, or not enough data.
        reason: one plain sentence.
    """

    marker: Marker
    day: date
    value: float
    baseline_mean: float
    baseline_sd: float
    baseline_n: int
    z: float
    status: MarkerStatus
    reason: str


def marker_series(entries: Iterable[JournalEntry], marker: Marker) -> dict[date, float]:
    """One value per day for a marker (the mean of a day's entries).

    Testosterone:cortisol is derived from same-day testosterone and cortisol where it was
    not recorded itself.
    """
    by_day: dict[date, list[float]] = {}
    entries = list(entries)
    for e in entries:
        if e.marker is marker:
            by_day.setdefault(e.day, []).append(e.value)
    if marker is Marker.T_C_RATIO:
        t = marker_series(entries, Marker.TESTOSTERONE)
        c = marker_series(entries, Marker.CORTISOL)
        for day in t.keys() & c.keys():
            if day not in by_day and c[day] > 0:
                by_day[day] = [t[day] / c[day]]
    return {day: statistics.fmean(values) for day, values in sorted(by_day.items())}


def judge_marker(
    entries: Iterable[JournalEntry],
    marker: Marker | str,
    on: date,
    *,
    baseline_days: int = 60,
    min_baseline: int = 5,
    max_age_days: int = 7,
) -> MarkerJudgement | None:
    """Judge the latest value of a marker (within ``max_age_days`` of ``on``).

    Args:
        entries: the journal.
        marker: which marker.
        on: the day of the judgement.
        baseline_days: days before the value whose entries form the baseline.
        min_baseline: fewest baseline entries for a z-score.
        max_age_days: ignore a latest value older than this.

    Returns:
        The judgement, or None when there is no recent value.
    """
    marker = Marker(marker)
    if baseline_days < 2 or min_baseline < 2:
        raise InputError("baseline_days and min_baseline must be at least 2")
    series = marker_series(entries, marker)
    recent = [d for d in series if on - timedelta(days=max_age_days) <= d <= on]
    if not recent:
        return None
    day = max(recent)
    value = series[day]
    base = [v for d, v in series.items() if day - timedelta(days=baseline_days) <= d < day]
    name = marker.value.replace("_", " ")
    if len(base) < min_baseline:
        status = MarkerStatus.NOT_ENOUGH_DATA
        if marker is Marker.FERRITIN and value < FERRITIN_LOW_UG_L:
            status = MarkerStatus.CONCERN
            reason = f"ferritin {value:g} ug/L is below {FERRITIN_LOW_UG_L:g} (Sim et al. 2019)"
        else:
            reason = f"{len(base)} {name} entries in the baseline; {min_baseline} needed"
        return MarkerJudgement(
            marker, day, value, math.nan, math.nan, len(base), math.nan, status, reason
        )
    mean, sd = statistics.fmean(base), statistics.stdev(base)
    z = (value - mean) / sd if sd > 0 else math.nan
    signed = abs(z) if marker.worse == 0 else z * marker.worse
    status = MarkerStatus.NORMAL
    if math.isfinite(signed) and signed >= 2:
        status = MarkerStatus.CONCERN
    elif math.isfinite(signed) and signed >= 1:
        status = MarkerStatus.WATCH
    direction = "above" if value >= mean else "below"
    z_text = f"z {z:+.1f}" if math.isfinite(z) else "no variation in the baseline"
    reason = f"{name} {value:g} is {direction} the baseline {mean:g} ({z_text})"
    if marker is Marker.T_C_RATIO and value < (1 - TC_DROP_FRACTION) * mean:
        status = MarkerStatus.CONCERN
        reason += f"; more than {TC_DROP_FRACTION:.0%} below baseline (Adlercreutz et al. 1986)"
    if marker is Marker.FERRITIN and value < FERRITIN_LOW_UG_L:
        status = MarkerStatus.CONCERN
        reason += f"; below {FERRITIN_LOW_UG_L:g} ug/L, iron deficiency (Sim et al. 2019)"
    return MarkerJudgement(marker, day, value, mean, sd, len(base), z, status, reason)


def judge_journal(
    entries: Sequence[JournalEntry], on: date, **options: int
) -> list[MarkerJudgement]:
    """Judge every marker with a recent value, in :class:`Marker` order."""
    out = []
    for marker in Marker:
        judged = judge_marker(entries, marker, on, **options)
        if judged is not None:
            out.append(judged)
    return out
