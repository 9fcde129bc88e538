"""Values a device writes when it measured nothing, read as missing (NaN), not as zero.

A watch with no chest strap or optical reading writes a heart rate of 0 (a FIT field's
invalid value, 0xFF, already reads as missing); an indoor rower, a strength session or a
treadmill run without a foot pod writes a distance of 0 in every record and a session
total of 0 m. Taken at their word these make an average heart rate of "0", a distance of
"0.00 km" and, with nothing ever moving, a moving time of 0:00. The rules, applied once
after a file is read (:func:`drop_absent`):

* heart rate: a value of 0 bpm is no reading; a recording whose every value is 0 has no
  heart rate at all (an issue says so). A session's or lap's average or maximum of 0 is
  unknown.
* distance: a distance channel that never rises above 0, in a file without positions,
  is no distance at all (an issue says so; with positions, standing still is real); a
  session total of 0 m is unknown (a device that measured none), as is a lap's when the
  file has no distance anywhere (a rest lap of a pool swim keeps its 0 m).

Speed, power and cadence are left alone: 0 there is a real value (standing, coasting).
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np

from lydiard.errors import Issue, IssueLevel
from lydiard.model import Activity, Lap, Session

__all__ = ["drop_absent"]

_NAN = math.nan


def _zero_is_unknown(value: float) -> float:
    return _NAN if value == 0 else value


def _session(session: Session) -> Session:
    return dataclasses.replace(
        session,
        distance_m=_zero_is_unknown(session.distance_m),
        avg_heart_rate_bpm=_zero_is_unknown(session.avg_heart_rate_bpm),
        max_heart_rate_bpm=_zero_is_unknown(session.max_heart_rate_bpm),
    )


def _lap(lap: Lap, *, no_distance: bool) -> Lap:
    return dataclasses.replace(
        lap,
        distance_m=_NAN if no_distance and lap.distance_m == 0 else lap.distance_m,
        avg_heart_rate_bpm=_zero_is_unknown(lap.avg_heart_rate_bpm),
        max_heart_rate_bpm=_zero_is_unknown(lap.max_heart_rate_bpm),
    )


def drop_absent(activity: Activity) -> Activity:
    """The activity with "measured nothing" zeros read as missing (rules in the module doc).

    Returns the same object when there is nothing to change.
    """
    samples = activity.samples
    issues: list[Issue] = []
    columns = {}
    hr = samples.heart_rate_bpm
    zero_hr = hr == 0
    if zero_hr.any():
        columns["heart_rate_bpm"] = np.where(zero_hr, _NAN, hr)
        if not (hr > 0).any():
            issues.append(
                Issue(
                    "heart rate is 0 in every record (no strap or sensor reading); "
                    "read as no heart rate",
                    level=IssueLevel.INFO,
                )
            )
    distance = samples.distance_m
    known = np.isfinite(distance)
    rises = bool((distance[known] > 0).any())
    if known.any() and not rises and not samples.has("lat_deg"):
        columns["distance_m"] = np.full(len(samples), _NAN)
        issues.append(
            Issue(
                "distance is 0 in every record (no GPS, foot pod or machine distance); "
                "read as no distance",
                level=IssueLevel.INFO,
            )
        )
    no_distance = not (rises or samples.has("lat_deg") or samples.has("speed_mps"))
    sessions = tuple(_session(s) for s in activity.sessions)
    laps = tuple(_lap(lap, no_distance=no_distance) for lap in activity.laps)
    changed = (
        columns
        or any(_differs(a, b) for a, b in zip(sessions, activity.sessions, strict=True))
        or any(_differs(a, b) for a, b in zip(laps, activity.laps, strict=True))
    )
    if not changed:
        return activity
    return dataclasses.replace(
        activity,
        samples=samples.replace(**columns) if columns else samples,
        sessions=sessions,
        laps=laps,
        issues=(*activity.issues, *issues),
    )


def _differs(a: Session | Lap, b: Session | Lap) -> bool:
    """True when a zero became NaN in one of the fields :func:`drop_absent` reads."""
    fields = ("distance_m", "avg_heart_rate_bpm", "max_heart_rate_bpm")
    return any(math.isnan(getattr(a, f)) != math.isnan(getattr(b, f)) for f in fields)
