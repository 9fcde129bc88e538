"""The only place numbers become text: paces, durations, distances, speeds.

Values come in SI (metres, seconds, m/s). Each function rounds once, at the end, so
7:59.6 prints as "8:00" and never as "7:60". Missing values (None, NaN) and a zero
speed (which has no pace) print as dashes.
"""

from __future__ import annotations

import math

from lydiard.units import METRES_PER_FOOT, METRES_PER_KM, METRES_PER_MILE, DistanceUnit

__all__ = [
    "format_bpm",
    "format_clock",
    "format_distance",
    "format_duration",
    "format_elevation",
    "format_pace",
    "format_pace_per",
    "format_pace_range",
    "format_speed",
    "format_speed_as",
    "pace_seconds",
]

MISSING = "--"


def _missing(value: float | None) -> bool:
    return value is None or not math.isfinite(value)


def format_clock(seconds: float | None, *, decimals: int = 0, hours: bool | None = None) -> str:
    """Format seconds as a clock: "7:05", "1:45:00", or "7:05.3" with decimals=1.

    Args:
        seconds: a duration in seconds (negative gets a leading minus).
        decimals: digits after the seconds' point.
        hours: force ("1:05:00" / "65:00") or, when None, show hours only from 1 h.

    Returns:
        The clock text, rounded once; "--:--" for a missing value.
    """
    if seconds is None or not math.isfinite(seconds):
        return "--:--"
    sign = "-" if seconds < 0 else ""
    scale = 10**decimals
    # Round once, in units of the last digit shown, then split into fields.
    ticks = round(abs(seconds) * scale)
    whole, frac = divmod(ticks, scale)
    h, rest = divmod(whole, 3600)
    m, s = divmod(rest, 60)
    frac_text = f".{frac:0{decimals}d}" if decimals else ""
    show_hours = h > 0 if hours is None else hours
    if show_hours:
        return f"{sign}{h}:{m:02d}:{s:02d}{frac_text}"
    return f"{sign}{h * 60 + m}:{s:02d}{frac_text}"


def format_duration(seconds: float | None, *, decimals: int = 0) -> str:
    """Format a duration: "45:00", "1:45:00", "0:30"; "--:--" when missing."""
    return format_clock(seconds, decimals=decimals)


def pace_seconds(speed_mps: float | None, unit: DistanceUnit | str = DistanceUnit.KM) -> float:
    """Return the seconds per km (or mile) at a speed; NaN when the speed is missing or zero."""
    unit = DistanceUnit(unit)
    if speed_mps is None or not math.isfinite(speed_mps) or speed_mps <= 0:
        return math.nan
    return unit.metres / speed_mps


def format_pace(
    speed_mps: float | None,
    unit: DistanceUnit | str = DistanceUnit.KM,
    *,
    suffix: bool = True,
    decimals: int = 0,
) -> str:
    """Format a speed as a pace: 4.8309 m/s -> "3:27/km"; a zero speed -> "--:--/km".

    Args:
        speed_mps: speed in m/s.
        unit: "km" or "mi".
        suffix: append "/km" or "/mi".
        decimals: digits after the seconds' point.
    """
    unit = DistanceUnit(unit)
    text = format_clock(pace_seconds(speed_mps, unit), decimals=decimals)
    return f"{text}/{unit.value}" if suffix else text


def format_pace_per(speed_mps: float | None, per_m: float, label: str, *, decimals: int = 0) -> str:
    """Format a speed as time per a fixed distance: swim "1:45/100m", erg "1:52.3/500m".

    Args:
        speed_mps: speed in m/s; zero or missing prints "--:--".
        per_m: the distance the time is for, metres (100 for swims, 500 for ergs).
        label: the text after the slash, e.g. "100m".
        decimals: digits after the seconds' point.
    """
    if speed_mps is None or not math.isfinite(speed_mps) or speed_mps <= 0:
        seconds = math.nan
    else:
        seconds = per_m / speed_mps
    return f"{format_clock(seconds, decimals=decimals)}/{label}"


def format_pace_range(
    slow_mps: float, fast_mps: float, unit: DistanceUnit | str = DistanceUnit.KM
) -> str:
    """Format a pace range from the slower to the faster speed: "4:10-3:55/km"."""
    unit = DistanceUnit(unit)
    slow = format_pace(slow_mps, unit, suffix=False)
    fast = format_pace(fast_mps, unit, suffix=False)
    if slow == fast:
        return f"{slow}/{unit.value}"
    return f"{slow}-{fast}/{unit.value}"


def format_distance(
    metres: float | None,
    unit: DistanceUnit | str = DistanceUnit.KM,
    *,
    decimals: int = 2,
    suffix: bool = True,
) -> str:
    """Format a distance in km or miles: 12446.72 m -> "12.45 km" or "7.73 mi".

    Args:
        metres: the distance in metres.
        unit: "km" or "mi".
        decimals: digits after the point.
        suffix: append the unit.
    """
    unit = DistanceUnit(unit)
    if _missing(metres):
        return f"{MISSING} {unit.value}" if suffix else MISSING
    assert metres is not None
    per = METRES_PER_KM if unit is DistanceUnit.KM else METRES_PER_MILE
    text = f"{metres / per:.{decimals}f}"
    if text.startswith("-") and float(text) == 0:
        text = text[1:]
    return f"{text} {unit.value}" if suffix else text


def format_speed(speed_mps: float | None, unit: DistanceUnit | str = DistanceUnit.KM) -> str:
    """Format a speed in km/h or mph with one decimal: 8.333 m/s -> "30.0 km/h"."""
    unit = DistanceUnit(unit)
    label = "km/h" if unit is DistanceUnit.KM else "mph"
    if _missing(speed_mps):
        return f"{MISSING} {label}"
    assert speed_mps is not None
    return f"{speed_mps * 3600 / unit.metres:.1f} {label}"


def format_speed_as(
    speed_mps: float | None, kind: str | None, unit: DistanceUnit | str = DistanceUnit.KM
) -> str:
    """Format a speed the way a sport reads it (the kind comes from ``analysis.speed_kind``).

    Args:
        speed_mps: speed in m/s.
        kind: "pace" (per km or mile), "pace_100m" (swims), "pace_500m" (rowing, ski
            erg) or "speed" (km/h or mph); None when there is no single unit (a
            multisport activity), which prints "--".
        unit: "km" or "mi".
    """
    if kind == "pace":
        return format_pace(speed_mps, unit)
    if kind == "pace_100m":
        return format_pace_per(speed_mps, 100.0, "100m")
    if kind == "pace_500m":
        return format_pace_per(speed_mps, 500.0, "500m", decimals=1)
    if kind == "speed":
        return format_speed(speed_mps, unit)
    if kind is None:
        return MISSING
    raise ValueError(f"unknown speed kind {kind!r}")


def format_elevation(metres: float | None, unit: DistanceUnit | str = DistanceUnit.KM) -> str:
    """Format a climb or altitude in whole metres (km users) or feet (mile users).

    1234.4 m -> "1234 m" or "4050 ft"; "-- m" when missing.
    """
    unit = DistanceUnit(unit)
    label = "m" if unit is DistanceUnit.KM else "ft"
    if _missing(metres):
        return f"{MISSING} {label}"
    assert metres is not None
    value = metres if unit is DistanceUnit.KM else metres / METRES_PER_FOOT
    return f"{math.floor(value + 0.5)} {label}"  # half up, not to even


def format_bpm(bpm: float | None) -> str:
    """Format a heart rate in whole beats per minute: 147.6 -> "148"; "--" when missing."""
    if _missing(bpm):
        return MISSING
    assert bpm is not None
    return f"{math.floor(bpm + 0.5)}"
