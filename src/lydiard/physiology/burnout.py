"""A combined overreaching / burnout screen: green, amber or red, with the reasons.

It gathers signals the literature links to non-functional overreaching (Meeusen et al.
2013, ECSS/ACSM joint consensus, Med Sci Sports Exerc 45:186) and turns them into a light:

========================================  =========================================
signal                                    level
========================================  =========================================
HRV 7-day mean below the SWC band         amber from 3 days running, red from 7
resting HR up against baseline            amber (z >= 1); red together with low HRV
form (TSB) below ``form_floor`` (-30)     amber from 7 days running, red from 14
monotony above 2.0 (Foster 1998)          amber
a session spike > 30 % in the last 14 d   amber (Frandsen et al. 2025)
any other biomarker of concern            amber each
========================================  =========================================

Overall: red with any red signal or three ambers; amber with one amber; else green. The
thresholds are lydiard's reading of those sources, not a validated model, and the
assessment is never a diagnosis.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

import numpy as np

from lydiard.physiology.biomarkers import (
    JournalEntry,
    Marker,
    MarkerJudgement,
    MarkerStatus,
    judge_journal,
)
from lydiard.physiology.fitness import DailyLoads, Smoothing, fitness_fatigue
from lydiard.physiology.readiness import Readiness, ReadinessRule, readiness
from lydiard.physiology.risk import Spike, SpikeLevel, run_spikes
from lydiard.physiology.risk import monotony as weekly_monotony

__all__ = [
    "DISCLAIMER",
    "BurnoutAssessment",
    "Light",
    "Signal",
    "assess_burnout",
    "assess_day",
]

DISCLAIMER = (
    "A screen of training and wellness data, not a diagnosis: see a doctor about "
    "persistent fatigue, illness, low mood or poor performance."
)
MONOTONY_LIMIT = 2.0
FORM_FLOOR = -30.0


class Light(StrEnum):
    """The overall state."""

    GREEN = "green"
    AMBER = "amber"
    RED = "red"


@dataclass(frozen=True, slots=True)
class Signal:
    """One warning sign.

    Attributes:
        name: short name ("hrv", "resting_hr", "form", "monotony", "spike", a marker).
        level: amber or red.
        reason: one plain sentence with the figures.
    """

    name: str
    level: Light
    reason: str


@dataclass(frozen=True, slots=True)
class BurnoutAssessment:
    """The screen for one day.

    Attributes:
        day: the date assessed.
        light: green, amber or red.
        signals: the warning signs found (empty when green).
        disclaimer: that this is not a diagnosis.
    """

    day: date
    light: Light
    signals: tuple[Signal, ...]
    disclaimer: str = DISCLAIMER


def _run_below(values: Sequence[float], floor: float) -> int:
    count = 0
    for v in reversed(values):
        if not (math.isfinite(v) and v < floor):
            break
        count += 1
    return count


def assess_burnout(
    on: date,
    *,
    hrv: Readiness | None = None,
    biomarkers: Sequence[MarkerJudgement] = (),
    form: Sequence[float] = (),
    monotony: float = math.nan,
    recent_spikes: Sequence[Spike] = (),
    form_floor: float = FORM_FLOOR,
    monotony_limit: float = MONOTONY_LIMIT,
) -> BurnoutAssessment:
    """Screen one day for overreaching and burnout.

    Args:
        on: the day.
        hrv: today's readiness (Plews rule: its ``days_below_band`` is used).
        biomarkers: today's marker judgements (resting HR is read from here).
        form: form (TSB) per day up to and including ``on`` (e.g. the last 30 days).
        monotony: today's 7-day monotony.
        recent_spikes: runs of the last 14 days judged by the spike guard.
        form_floor: form below this counts as deeply negative.
        monotony_limit: monotony above this is high.

    Returns:
        The light, the signals behind it and the disclaimer.
    """
    signals: list[Signal] = []
    hrv_low = 0
    if hrv is not None and hrv.rule is ReadinessRule.PLEWS:
        hrv_low = hrv.days_below_band
        if hrv_low >= 3:
            signals.append(
                Signal(
                    "hrv",
                    Light.RED if hrv_low >= 7 else Light.AMBER,
                    f"HRV 7-day mean below its band for {hrv_low} days running",
                )
            )
    for judged in biomarkers:
        if judged.marker is Marker.RESTING_HR:
            if judged.status in (MarkerStatus.WATCH, MarkerStatus.CONCERN):
                both = hrv_low >= 3
                signals.append(
                    Signal(
                        "resting_hr",
                        Light.RED if both else Light.AMBER,
                        judged.reason + ("; together with low HRV" if both else ""),
                    )
                )
        elif judged.status is MarkerStatus.CONCERN:
            signals.append(Signal(judged.marker.value, Light.AMBER, judged.reason))
    deep = _run_below(form, form_floor)
    if deep >= 7:
        signals.append(
            Signal(
                "form",
                Light.RED if deep >= 14 else Light.AMBER,
                f"form below {form_floor:g} for {deep} days running",
            )
        )
    if monotony > monotony_limit:  # NaN compares False; infinity (no variation) is high
        signals.append(
            Signal(
                "monotony",
                Light.AMBER,
                f"training monotony {monotony:.2f} is above {monotony_limit:g} (Foster 1998)",
            )
        )
    big = [s for s in recent_spikes if s.level in (SpikeLevel.MODERATE, SpikeLevel.LARGE)]
    if big:
        worst = max(big, key=lambda s: s.increase)
        signals.append(
            Signal(
                "spike",
                Light.AMBER,
                f"{len(big)} run(s) in the last 14 days over 30 % longer than the previous "
                f"30 days' longest (worst +{worst.increase:.0%})",
            )
        )
    reds = sum(s.level is Light.RED for s in signals)
    ambers = sum(s.level is Light.AMBER for s in signals)
    if reds or ambers >= 3:
        light = Light.RED
    elif ambers:
        light = Light.AMBER
    else:
        light = Light.GREEN
    return BurnoutAssessment(on, light, tuple(signals))


def assess_day(
    on: date,
    *,
    loads: DailyLoads | None = None,
    mornings: Mapping[date, float] | None = None,
    journal: Sequence[JournalEntry] = (),
    runs: Iterable[tuple[date, float]] = (),
    smoothing: Smoothing | str = Smoothing.RECIPROCAL,
) -> BurnoutAssessment:
    """Gather every signal for a day from the athlete's records and screen it.

    Args:
        on: the day.
        loads: daily loads (fitness, fatigue, form and monotony come from them).
        mornings: ln rMSSD by date (readiness, Plews rule with its defaults).
        journal: biomarker and wellness entries.
        runs: (date, distance_m) of runs, for the spike guard over the last 14 days.
        smoothing: the fitness/fatigue convention for form.
    """
    form: Sequence[float] = ()
    mono = math.nan
    if loads is not None:
        n = (on - loads.first_day).days + 1
        if n > 0:
            # Days after the series have no session: load 0.
            daily = np.concatenate((loads.load[:n], np.zeros(max(0, n - loads.load.size))))
            form = fitness_fatigue(daily, smoothing=smoothing).form.tolist()
            mono = float(weekly_monotony(daily)[-1])
    hrv = readiness(mornings, on) if mornings else None
    start = on - timedelta(days=13)
    spikes = [s for d, s in run_spikes(runs) if start <= d <= on]
    return assess_burnout(
        on,
        hrv=hrv,
        biomarkers=judge_journal(journal, on) if journal else [],
        form=form,
        monotony=mono,
        recent_spikes=spikes,
    )
