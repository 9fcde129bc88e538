"""Laps and sessions of a TCX file, and the split of its far-apart activities.

The TCX reader collects each lap as a dict: ``begin`` and ``end`` (UTC epoch seconds),
``activity`` (its activity's number), ``fields`` (the lap's totals by TCX element name)
and ``line``; these functions turn them into :class:`~lydiard.model.Lap` and
:class:`~lydiard.model.Session` values, and cut an activity into parts.
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Any

import numpy as np
import numpy.typing as npt

from lydiard.errors import Issue, IssueLevel
from lydiard.importers.track import instant
from lydiard.model import Activity, Lap, Samples, Session, sport_from_text

__all__ = ["group_sessions", "make_laps", "make_sessions", "session_part"]

_TRIGGERS = {"location": "position", "heartrate": "heart_rate"}
_INTENSITY = {"resting": "rest"}


def make_laps(
    laps: list[dict[str, Any]], origin: float, facts: list[dict[str, Any]]
) -> tuple[Lap, ...]:
    """Laps in seconds since ``origin`` (UTC epoch seconds), their sport when multisport."""
    made = []
    for lap in laps:
        fields = lap["fields"]
        trigger = str(fields.get("TriggerMethod", "")).strip().lower() or None
        intensity = str(fields.get("Intensity", "")).strip().lower() or None
        sport_text = (
            facts[lap["activity"]].get("sport") if 0 <= lap["activity"] < len(facts) else None
        )
        made.append(
            Lap(
                start_s=lap["begin"] - origin,
                end_s=lap["end"] - origin,
                distance_m=float(fields.get("DistanceMeters", math.nan)),
                timer_s=float(fields.get("TotalTimeSeconds", math.nan)),
                trigger=_TRIGGERS.get(trigger, trigger) if trigger else None,
                intensity=_INTENSITY.get(intensity, intensity) if intensity else None,
                sport=sport_from_text(sport_text) if len(facts) > 1 else None,
                avg_heart_rate_bpm=_positive(fields.get("AverageHeartRateBpm")),
                max_heart_rate_bpm=_positive(fields.get("MaximumHeartRateBpm")),
                avg_power_w=float(fields.get("AvgWatts", math.nan)),
            )
        )
    return tuple(made)


def _positive(value: Any) -> float:
    number = float(value) if value is not None else math.nan
    return number if number > 0 else math.nan


def make_sessions(
    laps: list[dict[str, Any]],
    facts: list[dict[str, Any]],
    samples: Samples,
    block: npt.NDArray[np.int64],
    origin: float,
) -> tuple[Session, ...]:
    """One session per activity, with its span and its laps' totals.

    Totals: timer time, distance, calories, maximum heart rate, and the average heart
    rate weighted by each lap's timer time.
    """
    sessions = []
    for k, fact in enumerate(facts):
        own = [lap for lap in laps if lap["activity"] == k]
        rows = np.flatnonzero(block == k)
        begins = [lap["begin"] - origin for lap in own] + (
            [float(samples.time_s[rows[0]])] if rows.size else []
        )
        ends = [lap["end"] - origin for lap in own] + (
            [float(samples.time_s[rows[-1]])] if rows.size else []
        )
        if not begins:
            continue
        fields = [lap["fields"] for lap in own]
        timers = np.array([float(f.get("TotalTimeSeconds", math.nan)) for f in fields])
        averages = np.array([_positive(f.get("AverageHeartRateBpm")) for f in fields])
        weighted = np.isfinite(timers) & np.isfinite(averages)
        sessions.append(
            Session(
                sport=sport_from_text(fact.get("sport")),
                start_s=min(begins),
                end_s=max(max(ends), min(begins)),
                distance_m=_total([f.get("DistanceMeters") for f in fields]),
                timer_s=_total([f.get("TotalTimeSeconds") for f in fields]),
                avg_heart_rate_bpm=float(np.average(averages[weighted], weights=timers[weighted]))
                if weighted.any() and timers[weighted].sum() > 0
                else math.nan,
                max_heart_rate_bpm=_maximum(
                    [_positive(f.get("MaximumHeartRateBpm")) for f in fields]
                ),
                calories_kcal=_total([f.get("Calories") for f in fields]),
            )
        )
    return tuple(sorted(sessions, key=lambda s: s.start_s))


def _total(values: list[Any]) -> float:
    numbers = [float(v) for v in values if v is not None and math.isfinite(float(v))]
    return float(sum(numbers)) if numbers else math.nan


def _maximum(values: list[float]) -> float:
    numbers = [v for v in values if math.isfinite(v)]
    return max(numbers) if numbers else math.nan


def group_sessions(sessions: tuple[Session, ...], gap_s: float) -> list[list[Session]]:
    """Consecutive sessions less than ``gap_s`` apart (end to next start), grouped."""
    groups: list[list[Session]] = []
    for session in sessions:
        if groups and session.start_s - groups[-1][-1].end_s <= gap_s:
            groups[-1].append(session)
        else:
            groups.append([session])
    return groups


def session_part(whole: Activity, group: list[Session], k: int, count: int) -> Activity:
    """The slice of an activity covering some of its sessions, re-based to its own start."""
    begin, end = group[0].start_s, max(s.end_s for s in group)
    time_s = whole.samples.time_s
    mask = (time_s >= begin) & (time_s <= end)
    picked = whole.samples.select(mask)
    shift = begin
    distance = picked.distance_m
    finite = distance[np.isfinite(distance)]
    samples = picked.replace(
        time_s=picked.time_s - shift,
        distance_m=distance - finite[0] if finite.size else distance,
    )
    laps = tuple(
        replace(lap, start_s=lap.start_s - shift, end_s=lap.end_s - shift)
        for lap in whole.laps
        if begin <= lap.start_s <= end
    )
    sessions = tuple(replace(s, start_s=s.start_s - shift, end_s=s.end_s - shift) for s in group)
    issues = tuple(i for i in whole.issues if "activities over" not in i.message)
    issues += (Issue(f"activity {k + 1} of {count} in the file", "", IssueLevel.INFO),)
    return replace(
        whole,
        start_time=instant(whole.start_time.timestamp() + shift),
        samples=samples,
        sport=group[0].sport,
        laps=laps,
        sessions=sessions,
        issues=issues,
        metadata={**whole.metadata, "part": k + 1, "parts": count},
    )
