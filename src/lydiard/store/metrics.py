"""Wellness and biomarker metrics: names, units, plausible ranges, and how to read values.

A wellness entry is one value of one metric on one day. Metric names carry their unit
(``hrv_rmssd_ms``, ``body_mass_kg``); scores (mood, soreness...) are on the scale given.
Each metric has aliases that CSV headers and the CLI accept (``hrv``, ``rhr``, ``weight``),
and a plausible range that rejects typos (an HRV of 6500 ms) rather than storing them.
"""

from __future__ import annotations

import difflib
import math
import re
from dataclasses import dataclass
from datetime import date, datetime

from lydiard.errors import InputError, UnitError
from lydiard.units import SECONDS_PER_HOUR, parse_duration

__all__ = [
    "METRICS",
    "Metric",
    "WellnessEntry",
    "lookup_metric",
    "parse_metric_value",
]

_POUND_KG = 0.45359237  # exact, international avoirdupois pound


@dataclass(frozen=True, slots=True)
class Metric:
    """A wellness or biomarker metric.

    Attributes:
        name: canonical name, with its unit.
        label: human label.
        unit: unit of stored values ("ms", "bpm", "s", "kg", "score 1-5"...).
        low, high: plausible range (inclusive) of stored values.
        aliases: other names accepted in CSV headers and on the command line.
        description: what it is, and any convention.
    """

    name: str
    label: str
    unit: str
    low: float
    high: float
    aliases: tuple[str, ...] = ()
    description: str = ""


METRICS: dict[str, Metric] = {
    m.name: m
    for m in (
        Metric(
            "hrv_rmssd_ms",
            "HRV (rMSSD)",
            "ms",
            1,
            400,
            ("hrv", "rmssd", "hrv_ms"),
            "morning rMSSD of RR intervals",
        ),
        Metric(
            "resting_hr_bpm",
            "Resting HR",
            "bpm",
            20,
            150,
            ("rhr", "resting_hr", "hr_rest"),
            "morning resting heart rate",
        ),
        Metric(
            "sleep_s",
            "Sleep",
            "s",
            0,
            24 * 3600,
            ("sleep", "sleep_h", "sleep_hours"),
            "sleep duration; bare numbers are hours, '7:30' is 7 h 30 min",
        ),
        Metric(
            "sleep_quality",
            "Sleep quality",
            "score 1-5",
            1,
            5,
            ("sleep_score_5",),
            "1 very poor .. 5 very good",
        ),
        Metric("sleep_score", "Sleep score", "score 0-100", 0, 100, (), "a device's sleep score"),
        Metric(
            "body_mass_kg",
            "Body mass",
            "kg",
            20,
            300,
            ("weight", "mass", "body_mass", "weight_kg", "body_mass_lb", "weight_lb"),
            "morning body mass",
        ),
        Metric("body_fat_pct", "Body fat", "%", 1, 70, ("body_fat", "fat_pct"), ""),
        Metric(
            "soreness",
            "Soreness",
            "score 0-10",
            0,
            10,
            ("doms", "muscle_soreness"),
            "0 none .. 10 worst",
        ),
        Metric("fatigue", "Fatigue", "score 0-10", 0, 10, ("tiredness",), "0 fresh .. 10 worst"),
        Metric("stress", "Stress", "score 0-10", 0, 10, (), "0 none .. 10 worst"),
        Metric("mood", "Mood", "score 0-10", 0, 10, (), "0 worst .. 10 best"),
        Metric("motivation", "Motivation", "score 0-10", 0, 10, (), "0 none .. 10 highest"),
        Metric(
            "rpe",
            "RPE",
            "CR-10",
            0,
            10,
            ("session_rpe", "day_rpe"),
            "Borg CR-10 rating of the day's training (Foster et al. 2001)",
        ),
        Metric(
            "cortisol_nmol_l",
            "Cortisol",
            "nmol/L",
            0,
            3000,
            ("cortisol",),
            "serum or saliva; keep one method per athlete",
        ),
        Metric("testosterone_nmol_l", "Testosterone", "nmol/L", 0, 100, ("testosterone",), ""),
        Metric(
            "ferritin_ug_l",
            "Ferritin",
            "µg/L",
            0,
            3000,
            ("ferritin", "ferritin_ng_ml"),
            "serum ferritin (µg/L = ng/mL)",
        ),
        Metric(
            "haemoglobin_g_dl",
            "Haemoglobin",
            "g/dL",
            3,
            25,
            ("hb", "hemoglobin", "haemoglobin"),
            "",
        ),
        Metric("spo2_pct", "SpO2", "%", 50, 100, ("spo2",), "blood oxygen saturation"),
        Metric(
            "menstrual_day",
            "Cycle day",
            "day",
            1,
            60,
            ("cycle_day",),
            "day of the menstrual cycle (1 = first day of bleeding)",
        ),
    )
}

_ALIASES: dict[str, str] = {}
for _metric in METRICS.values():
    _ALIASES[_metric.name] = _metric.name
    for _alias in _metric.aliases:
        _ALIASES[_alias] = _metric.name

_POUND_ALIASES = {"body_mass_lb", "weight_lb"}
_HOUR_CLOCK = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*$")


def _key(name: str) -> str:
    return re.sub(r"[\s\-]+", "_", name.strip().lower())


def lookup_metric(name: str) -> Metric:
    """The metric a name or alias stands for (any case; spaces or dashes for underscores).

    Raises:
        InputError: for an unknown name, suggesting the closest known one.
    """
    canonical = _ALIASES.get(_key(name))
    if canonical is None:
        close = difflib.get_close_matches(_key(name), list(_ALIASES), n=1, cutoff=0.6)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise InputError(f"unknown wellness metric {name!r}{hint} (known: {', '.join(METRICS)})")
    return METRICS[canonical]


def parse_metric_value(name: str, text: str) -> tuple[Metric, float]:
    """Read a value written for a metric name or alias, in the metric's stored unit.

    Sleep accepts hours ("7.5"), an hours clock ("7:30") or a duration ("7h30", "450 min");
    ``*_lb`` body-mass aliases convert pounds to kilograms.

    Raises:
        InputError: when the name is unknown, the value is not a number, or it is outside
            the metric's plausible range (the message gives the range).
    """
    metric = lookup_metric(name)
    raw = text.strip()
    if not raw:
        raise InputError(f"{metric.name}: empty value")
    value: float
    try:
        value = (
            float(raw.replace(",", ".")) if raw.count(",") == 1 and "." not in raw else float(raw)
        )
    except ValueError:
        value = math.nan
    if metric.name == "sleep_s":
        if math.isfinite(value):
            value = value * (1.0 if _key(name) == "sleep_s" else SECONDS_PER_HOUR)
        else:
            clock = _HOUR_CLOCK.match(raw)
            try:
                value = (
                    (int(clock[1]) * 60 + int(clock[2])) * 60.0 if clock else parse_duration(raw)
                )
            except UnitError as exc:
                raise InputError(f"{metric.name}: {raw!r} is not a duration ({exc})") from exc
    if not math.isfinite(value):
        raise InputError(f"{metric.name}: {raw!r} is not a number")
    if _key(name) in _POUND_ALIASES:
        value *= _POUND_KG
    if not metric.low <= value <= metric.high:
        raise InputError(
            f"{metric.name}: {raw} is outside the plausible range "
            f"{metric.low:g}-{metric.high:g} {metric.unit}"
        )
    return metric, value


@dataclass(frozen=True, slots=True)
class WellnessEntry:
    """One value of one wellness metric on one day.

    Attributes:
        day: the athlete's local date it belongs to.
        metric: canonical metric name (a key of :data:`METRICS`).
        value: the value in the metric's unit.
        note: free text.
        source: where it came from ("manual", a file name, a device).
        recorded_at: when it was measured, if known (aware UTC).
    """

    day: date
    metric: str
    value: float
    note: str | None = None
    source: str | None = None
    recorded_at: datetime | None = None

    def __post_init__(self) -> None:
        metric = METRICS.get(self.metric)
        if metric is None:
            raise ValueError(f"wellness metric {self.metric!r} is not a canonical metric name")
        if not math.isfinite(self.value) or not metric.low <= self.value <= metric.high:
            raise ValueError(
                f"wellness {self.metric}: value {self.value!r} is outside "
                f"{metric.low:g}-{metric.high:g} {metric.unit}"
            )
