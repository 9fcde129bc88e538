"""Sports and sub-sports, with the words files and coaches use for them."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

__all__ = ["Sport", "main_sport", "sport_from_text"]


class Sport(StrEnum):
    """A sport as lydiard counts volume: runs and trail runs add up, cross-training apart."""

    RUN = "run"
    TRAIL_RUN = "trail_run"
    TREADMILL = "treadmill"
    WALK = "walk"
    HIKE = "hike"
    BIKE = "bike"
    NORDIC_SKI = "nordic_ski"
    SKI_ERG = "ski_erg"
    ROW = "row"
    SWIM = "swim"
    STRENGTH = "strength"
    TRANSITION = "transition"
    OTHER = "other"
    MULTISPORT = "multisport"  # several sports in one file (triathlon): see its sessions

    @property
    def is_run(self) -> bool:
        """True for sports that count as running volume (road, trail, treadmill)."""
        return self in (Sport.RUN, Sport.TRAIL_RUN, Sport.TREADMILL)

    @property
    def label(self) -> str:
        """Human label: "Trail run", "Nordic ski", "Ski erg"."""
        return _LABELS[self]


_LABELS = {
    Sport.RUN: "Run",
    Sport.TRAIL_RUN: "Trail run",
    Sport.TREADMILL: "Treadmill run",
    Sport.WALK: "Walk",
    Sport.HIKE: "Hike",
    Sport.BIKE: "Bike",
    Sport.NORDIC_SKI: "Nordic ski",
    Sport.SKI_ERG: "Ski erg",
    Sport.ROW: "Row",
    Sport.SWIM: "Swim",
    Sport.STRENGTH: "Strength",
    Sport.TRANSITION: "Transition",
    Sport.OTHER: "Other",
    Sport.MULTISPORT: "Multisport",
}

# Words from FIT sport/sub_sport names, TCX Sport attributes, GPX <type>, Strava
# activity types and coaching prose, lower-cased with spaces and underscores removed.
_WORDS: dict[str, Sport] = {
    "run": Sport.RUN,
    "running": Sport.RUN,
    "road": Sport.RUN,
    "street": Sport.RUN,
    "track": Sport.RUN,
    "virtualrun": Sport.TREADMILL,
    "treadmill": Sport.TREADMILL,
    "indoorrunning": Sport.TREADMILL,
    "trail": Sport.TRAIL_RUN,
    "trailrun": Sport.TRAIL_RUN,
    "trailrunning": Sport.TRAIL_RUN,
    "mountainrun": Sport.TRAIL_RUN,
    "ultra": Sport.TRAIL_RUN,
    "walk": Sport.WALK,
    "walking": Sport.WALK,
    "hike": Sport.HIKE,
    "hiking": Sport.HIKE,
    "bike": Sport.BIKE,
    "biking": Sport.BIKE,
    "ride": Sport.BIKE,
    "cycling": Sport.BIKE,
    "cycle": Sport.BIKE,
    "virtualride": Sport.BIKE,
    "ebikeride": Sport.BIKE,
    "gravelride": Sport.BIKE,
    "mountainbikeride": Sport.BIKE,
    "nordicski": Sport.NORDIC_SKI,
    "nordicskiing": Sport.NORDIC_SKI,
    "crosscountryskiing": Sport.NORDIC_SKI,
    "crosscountryski": Sport.NORDIC_SKI,
    "xcski": Sport.NORDIC_SKI,
    "backcountryski": Sport.NORDIC_SKI,
    "rollerski": Sport.NORDIC_SKI,
    "skierg": Sport.SKI_ERG,
    "skiergometer": Sport.SKI_ERG,
    "erg": Sport.SKI_ERG,
    "row": Sport.ROW,
    "rowing": Sport.ROW,
    "indoorrowing": Sport.ROW,
    "swim": Sport.SWIM,
    "swimming": Sport.SWIM,
    "lapswimming": Sport.SWIM,
    "openwater": Sport.SWIM,
    "strength": Sport.STRENGTH,
    "strengthtraining": Sport.STRENGTH,
    "weighttraining": Sport.STRENGTH,
    "training": Sport.STRENGTH,
    "transition": Sport.TRANSITION,
    "multisport": Sport.MULTISPORT,
    "triathlon": Sport.MULTISPORT,
    "duathlon": Sport.MULTISPORT,
}


def sport_from_text(*words: str | None) -> Sport:
    """Return the sport named by the most specific of several words (sub-sport first).

    Args:
        words: candidate names, most specific first, e.g. ("trail", "running").

    Returns:
        The first sport recognised, else :attr:`Sport.OTHER`.
    """
    for word in words:
        if not word:
            continue
        key = word.lower().replace(" ", "").replace("_", "").replace("-", "")
        if key in _WORDS:
            return _WORDS[key]
    return Sport.OTHER


def main_sport(sports: Iterable[Sport]) -> Sport | None:
    """The sport of a whole activity from its sessions' sports, in time order.

    Transitions do not count. Two or more different sports make :attr:`Sport.MULTISPORT`
    (a triathlon: swim, bike, run); one sport, however many sessions, is that sport;
    only transitions give the first of them; no session gives None.
    """
    order = list(sports)
    legs = list(dict.fromkeys(s for s in order if s is not Sport.TRANSITION))
    if len(legs) > 1:
        return Sport.MULTISPORT
    if legs:
        return legs[0]
    return order[0] if order else None
