"""JSON for the API and for data embedded in pages: dataclasses, dates, enums, NaN as null.

The API documents its responses with ``response_model`` and returns
:func:`json_response`, which serialises the same dataclasses directly (faster than
validating thousands of chart points through pydantic). Missing numbers (NaN, None)
become ``null``; infinities too.
"""

from __future__ import annotations

import dataclasses
import json
import math
from collections.abc import Mapping
from datetime import date, datetime
from enum import Enum
from typing import Annotated, Any

import numpy as np
from fastapi.responses import JSONResponse
from pydantic import PlainSerializer, PlainValidator, WithJsonSchema

from lydiard.model import FloatArray

__all__ = ["Series", "html_json", "json_response", "jsonable"]


_FIELDS: dict[type, tuple[str, ...]] = {}


def _field_names(kind: type) -> tuple[str, ...]:
    names = _FIELDS.get(kind)
    if names is None:
        names = tuple(f.name for f in dataclasses.fields(kind))
        _FIELDS[kind] = names
    return names


def jsonable(value: Any) -> Any:
    """Plain JSON-ready data from dataclasses, mappings, sequences, dates, enums, arrays."""
    kind = type(value)
    # The common exact types first: a ten-year page holds tens of thousands of values.
    if kind is float:
        return value if math.isfinite(value) else None
    if value is None or kind is str or kind is int or kind is bool:
        return value
    if kind is list or kind is tuple:
        return [jsonable(x) for x in value]
    if kind is date or kind is datetime:
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, bool | str | int):
        return value
    if isinstance(value, float):
        return float(value) if math.isfinite(value) else None
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, np.ndarray):
        array = value.astype(np.float64) if value.dtype.kind in "fiu" else value
        if array.dtype.kind == "f":
            cleaned = np.where(np.isfinite(array), array, np.nan)
            return [None if math.isnan(x) else x for x in cleaned.tolist()]
        return [jsonable(x) for x in array.tolist()]
    if isinstance(value, np.generic):
        return jsonable(value.item())
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {name: jsonable(getattr(value, name)) for name in _field_names(kind)}
    if isinstance(value, Mapping):
        return {str(jsonable(k)): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [jsonable(x) for x in value]
    raise TypeError(f"cannot turn {type(value).__name__} into JSON")


def _dumps(value: Any) -> str:
    return json.dumps(jsonable(value), ensure_ascii=False, allow_nan=False, separators=(",", ":"))


def json_response(value: Any, status_code: int = 200) -> JSONResponse:
    """A JSON response of any value :func:`jsonable` takes."""
    return JSONResponse(content=jsonable(value), status_code=status_code)


def html_json(value: Any) -> str:
    """JSON safe to place inside ``<script type="application/json">`` in a page."""
    text = _dumps(value)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _as_array(value: Any) -> Any:
    return np.asarray(value, dtype=np.float64)


#: A numpy series in a view: serialised as a list of numbers with null for NaN, and
#: documented as such in the OpenAPI schema.
Series = Annotated[
    FloatArray,
    PlainValidator(_as_array),
    PlainSerializer(jsonable, return_type=list[float | None]),
    WithJsonSchema(
        {
            "type": "array",
            "items": {"anyOf": [{"type": "number"}, {"type": "null"}]},
            "description": "one value per day or sample; null where missing",
        }
    ),
]
