"""Read a lactate step test from a CSV (or semicolon, tab or whitespace) table.

Columns are found by name, in the spirit of the lactate-thresholds package (``step``,
``length``, ``intensity``, ``lactate``, ``heart_rate``) and the spellings labs use:

* intensity: ``intensity``, ``speed``/``velocity`` (km/h unless the name says m/s or mph),
  ``pace`` (min:s per km, or per mile when the name says mi), ``power``/``watts``/``load``;
* lactate: ``lactate``, ``lac``, ``la``, ``bla``; with several (``lactate_4``,
  ``lactate_8``: samples at 4 and 8 min of a step) the last one is the step's end value;
* heart rate: ``heart_rate``, ``heartrate``, ``hr``, ``bpm``.

A bare ``intensity`` column is power in watts when its largest value is above 40, else
speed in km/h; ``intensity_unit`` overrides the guess. A step at intensity 0 is the
resting sample. Units become SI here: speeds in m/s.
"""

from __future__ import annotations

import math
import re
from enum import StrEnum
from pathlib import Path

import numpy as np

from lydiard.errors import FileFormatError, InputError, UnitError, where
from lydiard.importers.delimited import Table, parse_table, read_text
from lydiard.physiology.lactate import IntensityKind, StepTest, step_test
from lydiard.units import METRES_PER_MILE, parse_pace

__all__ = ["IntensityUnit", "parse_lactate_csv", "read_lactate_csv"]


class IntensityUnit(StrEnum):
    """The unit of a step test's intensity column."""

    KMH = "kmh"
    MPS = "mps"
    MPH = "mph"
    WATTS = "w"
    PACE_KM = "pace_km"
    PACE_MI = "pace_mi"


_KIND = {
    IntensityUnit.KMH: IntensityKind.SPEED,
    IntensityUnit.MPS: IntensityKind.SPEED,
    IntensityUnit.MPH: IntensityKind.SPEED,
    IntensityUnit.PACE_KM: IntensityKind.SPEED,
    IntensityUnit.PACE_MI: IntensityKind.SPEED,
    IntensityUnit.WATTS: IntensityKind.POWER,
}
_HR_NAMES = {"heartrate", "hr", "bpm", "heartratebpm", "hf", "puls", "pulse"}
_LACTATE = re.compile(r"^(?:bloodlactate|lactate|lactaat|laktat|lac|la|bla)(?:mmol(?:/l)?)?(\d*)$")


def _key(name: str) -> str:
    return re.sub(r"[\s_\-\[\]()]", "", name.lower())


def _unit_from_name(key: str) -> IntensityUnit | None:
    if key.startswith("pace"):
        return IntensityUnit.PACE_MI if "mi" in key[4:] else IntensityUnit.PACE_KM
    if key.startswith(("speed", "velocity", "kmh", "km/h", "mph", "mps", "m/s")):
        if "m/s" in key or "mps" in key:
            return IntensityUnit.MPS
        if "mph" in key:
            return IntensityUnit.MPH
        return IntensityUnit.KMH
    if key.startswith(("power", "watt", "load", "workload")) or key in {"w", "p"}:
        return IntensityUnit.WATTS
    return None


def _columns(table: Table) -> tuple[int, IntensityUnit | None, int, int | None]:
    if table.header is None:
        raise FileFormatError(
            f"{table.name}: no header line; name the columns, e.g. 'intensity,lactate,heart_rate'"
        )
    keys = [_key(h) for h in table.header]
    intensity: tuple[int, IntensityUnit | None] | None = None
    lactates: list[tuple[int, int]] = []
    heart: int | None = None
    for i, k in enumerate(keys):
        unit = _unit_from_name(k)
        if intensity is None and (k == "intensity" or unit is not None):
            intensity = (i, unit)
            continue
        match = _LACTATE.match(k)
        if match:
            lactates.append((int(match.group(1) or 0), i))
        elif heart is None and k in _HR_NAMES:
            heart = i
    names = ", ".join(repr(h) for h in table.header)
    if intensity is None:
        raise FileFormatError(
            f"{table.name}: no intensity column among {names}; name it 'speed', 'pace', "
            "'power' or 'intensity'"
        )
    if not lactates:
        raise FileFormatError(f"{table.name}: no lactate column among {names}")
    return intensity[0], intensity[1], max(lactates)[1], heart


def _speed_from_pace(text: str, unit: IntensityUnit, where_: str) -> float:
    if not text:
        return math.nan
    suffix = "/mi" if unit is IntensityUnit.PACE_MI else "/km"
    try:
        return float(parse_pace(text if "/" in text else text + suffix))
    except UnitError as exc:
        raise FileFormatError(f"{where_}: {exc}") from None


def parse_lactate_csv(
    text: str,
    name: str | None = None,
    *,
    intensity_unit: IntensityUnit | str | None = None,
) -> StepTest:
    """Parse a step test from a table's text.

    Args:
        text: the file content.
        name: file name for messages.
        intensity_unit: the intensity column's unit, overriding the guess.

    Raises:
        FileFormatError: for missing columns or cells that are not numbers.
        InputError, NotEnoughDataError: for a test the analysis cannot use (too few steps,
            intensity not increasing, lactate that never rises).
    """
    label = where(name)
    table = parse_table(text, label)
    col, named_unit, lac_col, hr_col = _columns(table)
    assert table.header is not None
    unit = IntensityUnit(intensity_unit) if intensity_unit is not None else named_unit
    n = len(table.rows)
    if unit in (IntensityUnit.PACE_KM, IntensityUnit.PACE_MI):
        x = np.array(
            [
                _speed_from_pace(
                    table.rows[i][col] if col < len(table.rows[i]) else "",
                    unit,
                    f"{label}: line {table.lines[i]}",
                )
                for i in range(n)
            ]
        )
    else:
        x = np.array([table.number(i, col, table.header[col]) for i in range(n)])
        if unit is None:
            unit = IntensityUnit.WATTS if np.nanmax(x) > 40 else IntensityUnit.KMH
        x = (
            x
            * {
                IntensityUnit.KMH: 1 / 3.6,
                IntensityUnit.MPS: 1.0,
                IntensityUnit.MPH: METRES_PER_MILE / 3600.0,
                IntensityUnit.WATTS: 1.0,
            }[unit]
        )
    y = np.array([table.number(i, lac_col, table.header[lac_col]) for i in range(n)])
    hr = (
        None
        if hr_col is None
        else np.array([table.number(i, hr_col, table.header[hr_col]) for i in range(n)])
    )
    return step_test(x, y, hr, kind=_KIND[unit], source=label)


def read_lactate_csv(
    path: str | Path, *, intensity_unit: IntensityUnit | str | None = None
) -> StepTest:
    """Read a step test from a file (see :func:`parse_lactate_csv`).

    Raises:
        InputError: for a missing or unreadable file, or a bad test (the message names
            the file and the step).
    """
    try:
        unit = IntensityUnit(intensity_unit) if intensity_unit is not None else None
    except ValueError:
        choices = ", ".join(u.value for u in IntensityUnit)
        raise InputError(
            f"unknown intensity unit {intensity_unit!r}; use one of {choices}"
        ) from None
    return parse_lactate_csv(read_text(path), Path(path).name, intensity_unit=unit)
