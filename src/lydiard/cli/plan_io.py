"""Files for ``lydiard plan``: the current plan (JSON) and records of what was done.

The current plan lives in ``<data dir>/plan.json`` (``LYDIARD_DATA_DIR`` or the platform's
user data folder) unless ``--plan-file`` names another; it is the ``lydiard.plan/1``
document of :mod:`lydiard.planning.serial`, which the store can keep as a JSON column.

What was done is read from a CSV (header ``date,sport,distance,duration,load,climb_m``;
distance as "12.5 km", "8 mi" or metres, duration as "1:05:00" or seconds) or a JSON list
of objects with the same keys.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from lydiard.errors import FileFormatError, InputError, NotFoundError, UnitError, where
from lydiard.model.sport import Sport, sport_from_text
from lydiard.planning.done import DoneRecord
from lydiard.planning.plan import Plan
from lydiard.planning.serial import plan_from_dict, plan_to_dict
from lydiard.units import parse_distance, parse_duration

__all__ = ["default_plan_file", "load_plan", "local_today", "read_done", "save_plan"]


def local_today() -> date:
    """Today's date on this computer's clock (the edge reads the clock; the core never)."""
    return datetime.now(UTC).astimezone().date()


def default_plan_file() -> Path:
    """``<data dir>/plan.json``, the data dir from the settings."""
    from lydiard.settings import load_settings

    return load_settings().data_dir / "plan.json"


def save_plan(plan: Plan, path: Path) -> None:
    """Write the plan as JSON, atomically (a crash never leaves half a file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(plan_to_dict(plan), indent=1, ensure_ascii=False)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".plan-", suffix=".json")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text + "\n")
    Path(tmp).replace(path)


def load_plan(path: Path) -> Plan:
    """Read the plan saved at ``path``.

    Raises:
        NotFoundError: when there is no plan there.
        FileFormatError: when the file is not a plan (the message names the field).
    """
    if not path.is_file():
        raise NotFoundError(f"{path}: no plan here; make one with 'lydiard plan new'")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FileFormatError(f"{where(path)}: not JSON ({exc})") from exc
    try:
        return plan_from_dict(data)
    except InputError as exc:
        raise FileFormatError(f"{where(path)}: {exc}") from exc


def _number(value: Any, parse: Any, name: str, at: str) -> float:
    if value is None or (isinstance(value, str) and not value.strip()):
        return math.nan
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    text = str(value).strip()
    try:
        return float(text)
    except ValueError:
        pass
    try:
        return float(parse(text))
    except UnitError as exc:
        raise InputError(f"{at}: {name}: {exc}") from exc


def _record(row: dict[str, Any], at: str) -> DoneRecord:
    try:
        day = date.fromisoformat(str(row.get("date", "")).strip())
    except ValueError:
        raise InputError(f"{at}: date {row.get('date')!r} is not YYYY-MM-DD") from None
    word = str(row.get("sport") or "run")
    sport = sport_from_text(word)
    if sport is Sport.OTHER and word.strip().lower() != "other":
        raise InputError(f"{at}: sport {word!r} is not a sport")
    return DoneRecord(
        day,
        sport,
        distance_m=_number(
            row.get("distance", row.get("distance_m")), parse_distance, "distance", at
        ),
        duration_s=_number(
            row.get("duration", row.get("duration_s")), parse_duration, "duration", at
        ),
        load=_number(row.get("load"), float, "load", at),
        climb_m=_number(row.get("climb_m"), float, "climb_m", at),
    )


def read_done(path: Path) -> list[DoneRecord]:
    """Records of what was done, from CSV or JSON (see the module docstring).

    Raises:
        NotFoundError: when the file does not exist.
        InputError: naming the file, row and field of anything unreadable.
    """
    if not path.is_file():
        raise NotFoundError(f"{path}: file not found")
    text = path.read_text(encoding="utf-8-sig")
    name = where(path)
    if text.lstrip().startswith(("[", "{")):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise FileFormatError(f"{name}: not JSON ({exc})") from exc
        if not isinstance(data, list) or not all(isinstance(x, dict) for x in data):
            raise FileFormatError(f"{name}: expected a JSON list of records")
        return [_record(x, f"{name}: record {i + 1}") for i, x in enumerate(data)]
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or "date" not in reader.fieldnames:
        raise FileFormatError(f"{name}: a CSV of done sessions needs a 'date' column")
    return [_record(row, f"{name}: line {i + 2}") for i, row in enumerate(reader)]
