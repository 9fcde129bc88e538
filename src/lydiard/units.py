"""Units: SI aliases, exact constants, and parsers for quantities written as text.

Inside lydiard every quantity is a float in SI: metres, seconds, metres per second, bpm,
watts. Text such as "3 Mile", "400 Meters", "1:45:00" or "3:27/km" becomes SI here, once,
at the boundary; :mod:`lydiard.formatting` is the only way back to text.

Pace is never stored: "3:27/km" parses to a speed in m/s.
"""

from __future__ import annotations

import difflib
import math
import re
from dataclasses import dataclass
from enum import StrEnum
from typing import NewType

from lydiard.errors import UnitError

__all__ = [
    "METRES_PER_FOOT",
    "METRES_PER_KM",
    "METRES_PER_MILE",
    "METRES_PER_YARD",
    "RACE_DISTANCES_M",
    "RACE_PACE_DISTANCES_M",
    "SECONDS_PER_HOUR",
    "SECONDS_PER_MINUTE",
    "Bpm",
    "DistanceUnit",
    "Metres",
    "MetresPerSecond",
    "Seconds",
    "Unit",
    "UnitKind",
    "Watts",
    "lookup_unit",
    "parse_distance",
    "parse_duration",
    "parse_pace",
    "parse_race_distance",
    "parse_speed_or_pace",
    "suggest_unit",
]

Metres = NewType("Metres", float)
Seconds = NewType("Seconds", float)
MetresPerSecond = NewType("MetresPerSecond", float)
Bpm = NewType("Bpm", float)
Watts = NewType("Watts", float)

# Exact by definition (international yard and pound agreement, 1959).
METRES_PER_FOOT = 0.3048
METRES_PER_YARD = 0.9144
METRES_PER_MILE = 1609.344
METRES_PER_KM = 1000.0
SECONDS_PER_MINUTE = 60.0
SECONDS_PER_HOUR = 3600.0


class UnitKind(StrEnum):
    """What a unit measures."""

    DISTANCE = "distance"
    DURATION = "duration"


class DistanceUnit(StrEnum):
    """The two systems a runner reads distances and paces in."""

    KM = "km"
    MI = "mi"

    @property
    def metres(self) -> float:
        """Length of one unit in metres."""
        return METRES_PER_KM if self is DistanceUnit.KM else METRES_PER_MILE


@dataclass(frozen=True, slots=True)
class Unit:
    """A unit of distance or duration.

    Attributes:
        name: canonical singular name as a coach writes it ("Mile", "Meter", "km").
        kind: distance or duration.
        si: size of one unit in SI (metres or seconds).
    """

    name: str
    kind: UnitKind
    si: float


_MILE = Unit("Mile", UnitKind.DISTANCE, METRES_PER_MILE)
_METER = Unit("Meter", UnitKind.DISTANCE, 1.0)
_KM = Unit("km", UnitKind.DISTANCE, METRES_PER_KM)
_YARD = Unit("Yard", UnitKind.DISTANCE, METRES_PER_YARD)
_FOOT = Unit("Foot", UnitKind.DISTANCE, METRES_PER_FOOT)
_HOUR = Unit("Hour", UnitKind.DURATION, SECONDS_PER_HOUR)
_MINUTE = Unit("Minute", UnitKind.DURATION, SECONDS_PER_MINUTE)
_SECOND = Unit("Second", UnitKind.DURATION, 1.0)

# Every spelling seen in coaching prose, lower-cased. Lookup is case-insensitive, so the
# seed's "2 MInutes" finds "minutes".
_ALIASES: dict[str, Unit] = {
    **dict.fromkeys(("mile", "miles", "mi", "mis", "mls", "ml"), _MILE),
    **dict.fromkeys(
        ("meter", "meters", "metre", "metres", "m", "mtr", "mtrs", "mts", "mt"),
        _METER,
    ),
    **dict.fromkeys(
        ("km", "kms", "k", "kilometer", "kilometers", "kilometre", "kilometres", "kilo", "kilos"),
        _KM,
    ),
    **dict.fromkeys(("yard", "yards", "yd", "yds"), _YARD),
    **dict.fromkeys(("foot", "feet", "ft"), _FOOT),
    **dict.fromkeys(("hour", "hours", "hr", "hrs", "h"), _HOUR),
    **dict.fromkeys(
        ("minute", "minutes", "min", "mins", "mn", "'", "′", "’"),
        _MINUTE,
    ),
    **dict.fromkeys(
        ("second", "seconds", "sec", "secs", "s", '"', "″", "”", "''"),
        _SECOND,
    ),
}

# Spellings offered as suggestions, most common first (ties go to the earlier one).
_SUGGESTIONS = [
    "meter",
    "meters",
    "metres",
    "mile",
    "miles",
    "kilometer",
    "kilometers",
    "kilometres",
    "yard",
    "yards",
    "minute",
    "minutes",
    "second",
    "seconds",
    "hour",
    "hours",
]

# Race names as runners write them, in metres (marathon = 42.195 km by IAAF rule).
RACE_DISTANCES_M: dict[str, float] = {
    "800": 800.0,
    "1500": 1500.0,
    "mile": METRES_PER_MILE,
    "1 mile": METRES_PER_MILE,
    "3k": 3000.0,
    "2 mile": 2 * METRES_PER_MILE,
    "5k": 5000.0,
    "8k": 8000.0,
    "10k": 10000.0,
    "15k": 15000.0,
    "10 mile": 10 * METRES_PER_MILE,
    "20k": 20000.0,
    "half marathon": 21097.5,
    "half": 21097.5,
    "hm": 21097.5,
    "hmp": 21097.5,
    "25k": 25000.0,
    "30k": 30000.0,
    "marathon": 42195.0,
    "mp": 42195.0,
    "50k": 50000.0,
    "50 mile": 50 * METRES_PER_MILE,
    "100k": 100000.0,
    "100 mile": 100 * METRES_PER_MILE,
}

#: The races whose pace a session may name, by canonical pace name, in order of distance:
#: the workout language's race paces ("5K pace", "50 mile pace") and the race equivalents
#: physiology computes for them.
RACE_PACE_DISTANCES_M: dict[str, float] = {
    "800": 800.0,
    "1500": 1500.0,
    "mile": METRES_PER_MILE,
    "3K": 3000.0,
    "2 mile": 2 * METRES_PER_MILE,
    "5K": 5000.0,
    "8K": 8000.0,
    "10K": 10000.0,
    "12K": 12000.0,
    "15K": 15000.0,
    "10 mile": 10 * METRES_PER_MILE,
    "HM": 21097.5,
    "25K": 25000.0,
    "30K": 30000.0,
    "marathon": 42195.0,
    "50K": 50000.0,
    "50 mile": 50 * METRES_PER_MILE,
    "100K": 100000.0,
    "100 mile": 100 * METRES_PER_MILE,
}

_NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+"
_QUANTITY_RE = re.compile(rf"^\s*(?P<num>{_NUMBER})\s*-?\s*(?P<unit>[^\d\s].*?)?\s*$")
_CLOCK_RE = re.compile(r"^\s*(?:(?P<h>\d+):)?(?P<m>\d{1,2}):(?P<s>\d{1,2}(?:\.\d+)?)\s*$")
_PACE_RE = re.compile(
    r"^\s*(?P<clock>\d+:\d{1,2}(?:\.\d+)?|\d+(?:\.\d+)?)\s*(?:min(?:ute)?s?)?\s*"
    r"(?:/|per\s+)\s*(?P<unit>[a-z]+)\s*$",
    re.IGNORECASE,
)


def _number(text: str) -> float:
    return float(text.replace(",", ""))


def lookup_unit(word: str) -> Unit | None:
    """Return the unit a word names (any case, singular or plural), or None.

    Args:
        word: a unit as written, e.g. "Meters", "MInutes", "km", "yd".
    """
    key = word.strip().lower().rstrip(".")
    return _ALIASES.get(key)


def suggest_unit(word: str) -> str | None:
    """Return the closest known unit spelling for a misspelt word, or None.

    The suggestion keeps the capitalisation style of common coaching prose
    ("Metr" -> "Meter").
    """
    key = word.strip().lower()
    if len(key) < 2:
        return None
    close = difflib.get_close_matches(key, _SUGGESTIONS, n=1, cutoff=0.6)
    if not close:
        return None
    match = close[0]
    return match.capitalize() if word[:1].isupper() else match


def _unknown_unit(text: str, unit: str) -> UnitError:
    guess = suggest_unit(unit)
    hint = f"; did you mean '{guess}'?" if guess else ""
    return UnitError(f"{text!r}: unknown unit '{unit}'{hint}")


def _quantity(text: str, kind: UnitKind) -> float:
    match = _QUANTITY_RE.match(text)
    if not match:
        raise UnitError(f"{text!r}: expected a number followed by a {kind} unit")
    value = _number(match["num"])
    unit_text = (match["unit"] or "").strip()
    if not unit_text:
        raise UnitError(f"{text!r}: a {kind} needs a unit (e.g. 'm', 'km', 'mile', 'min', 's')")
    unit = lookup_unit(unit_text)
    if unit is None:
        raise _unknown_unit(text, unit_text)
    if unit.kind is not kind:
        raise UnitError(f"{text!r}: '{unit_text}' is a {unit.kind}, not a {kind}")
    return value * unit.si


def parse_distance(text: str) -> Metres:
    """Parse a distance written as a coach writes it into metres.

    Accepts "3 Mile", "400 Meter", "400 Meters", "400 metres", "400m", "1 km", "1.5 mi",
    "800 yd", "1,200m", "5K" (as 5 km).

    Args:
        text: the distance.

    Returns:
        The distance in metres.

    Raises:
        UnitError: when there is no number, no unit, or an unknown unit.
    """
    return Metres(_quantity(text, UnitKind.DISTANCE))


def parse_duration(text: str) -> Seconds:
    """Parse a duration into seconds.

    Accepts "2 Minutes", "2 MInutes", "90 s", '90"', "45'", "1:45:00", "3:30", "1h30",
    "1 h 30 min", "1.5 hours".

    A bare clock "m:ss" is minutes and seconds; "h:mm:ss" adds hours.

    Raises:
        UnitError: when the text is not a duration.
    """
    stripped = text.strip()
    clock = _CLOCK_RE.match(stripped)
    if clock:
        hours = float(clock["h"] or 0)
        minutes = float(clock["m"])
        seconds = float(clock["s"])
        if seconds >= 60 or (clock["h"] is not None and minutes >= 60):
            raise UnitError(f"{text!r}: minutes and seconds must be below 60")
        return Seconds(hours * SECONDS_PER_HOUR + minutes * SECONDS_PER_MINUTE + seconds)
    compound = re.fullmatch(
        r"(?P<h>\d+(?:\.\d+)?)\s*(?:h|hr|hrs|hours?)\s*(?P<m>\d+(?:\.\d+)?)?\s*"
        r"(?:m|min|mins|minutes?|')?",
        stripped,
        re.IGNORECASE,
    )
    if compound and compound["m"]:
        return Seconds(
            float(compound["h"]) * SECONDS_PER_HOUR + float(compound["m"]) * SECONDS_PER_MINUTE
        )
    return Seconds(_quantity(stripped, UnitKind.DURATION))


def parse_pace(text: str) -> MetresPerSecond:
    """Parse a pace such as "3:27/km", "5:33/mi", "5:33 min/mile" or "7 min per mile".

    Returns:
        The speed in m/s that the pace describes.

    Raises:
        UnitError: when the text is not a pace or the time is zero.
    """
    match = _PACE_RE.match(text)
    if not match:
        raise UnitError(f"{text!r}: expected a pace like '3:27/km' or '5:33/mi'")
    unit = lookup_unit(match["unit"])
    if unit is None or unit.kind is not UnitKind.DISTANCE:
        raise _unknown_unit(text, match["unit"])
    clock = match["clock"]
    seconds = parse_duration(clock) if ":" in clock else float(clock) * SECONDS_PER_MINUTE
    if seconds <= 0:
        raise UnitError(f"{text!r}: a pace needs a time above zero")
    return MetresPerSecond(unit.si / seconds)


def parse_speed_or_pace(text: str) -> MetresPerSecond:
    """Parse a pace ("3:27/km") or a speed ("16 km/h", "10 mph") into m/s.

    Raises:
        UnitError: when the text is neither.
    """
    speed = re.fullmatch(
        r"\s*(?P<v>\d+(?:\.\d+)?)\s*(?P<u>km/h|kph|kmh|mph|m/s)\s*", text, re.IGNORECASE
    )
    if speed:
        value = float(speed["v"])
        factor = {"km/h": 1 / 3.6, "kph": 1 / 3.6, "kmh": 1 / 3.6, "mph": METRES_PER_MILE / 3600}
        return MetresPerSecond(value * factor.get(speed["u"].lower(), 1.0))
    return parse_pace(text)


def parse_race_distance(text: str) -> Metres:
    """Parse a race name or distance: "5K", "10k", "half marathon", "HM", "marathon", "50 km".

    Raises:
        UnitError: when the text names no known race distance.
    """
    key = re.sub(r"\s+", " ", text.strip().lower())
    key = re.sub(r"\b(race|pace)\b", "", key).strip().removesuffix("-").strip()
    key = key.replace("-", " ")
    key = re.sub(r"^(\d+) ?km?$", r"\1k", key)
    key = re.sub(r"^(\d+) ?(?:mi|miles?)$", r"\1 mile", key)
    if key in RACE_DISTANCES_M:
        return Metres(RACE_DISTANCES_M[key])
    try:
        value = parse_distance(text)
    except UnitError:
        raise UnitError(
            f"{text!r}: unknown race distance; use e.g. '5K', '10K', 'half marathon', "
            "'marathon', '50 km', '100 mile'"
        ) from None
    if not math.isfinite(value) or value <= 0:
        raise UnitError(f"{text!r}: a race distance must be above zero")
    return value
