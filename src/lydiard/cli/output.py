"""Helpers shared by commands: JSON output that scripts can rely on."""

from __future__ import annotations

import json
import math
from datetime import date, datetime
from enum import Enum
from typing import Any

from lydiard.cli.app import console

__all__ = ["print_json", "to_jsonable"]


def to_jsonable(value: Any) -> Any:
    """Convert dataclasses, enums, dates, numpy values and NaN into JSON-ready values.

    NaN and infinities become ``null``: JSON has no way to write them.
    """
    import dataclasses

    import numpy as np

    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: to_jsonable(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if not f.name.startswith("_")
        }
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [to_jsonable(v) for v in value]
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, np.ndarray):
        return [to_jsonable(v) for v in value.tolist()]
    if isinstance(value, np.generic):
        return to_jsonable(value.item())
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def print_json(value: Any) -> None:
    """Print a value as indented JSON on stdout, without Rich markup or wrapping."""
    console.file.write(json.dumps(to_jsonable(value), indent=2, ensure_ascii=False) + "\n")
