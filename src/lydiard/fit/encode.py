"""A small FIT encoder driven by the FIT profile: messages by name, values in profile units.

Write messages one at a time with :meth:`FitWriter.message` (any field the profile knows,
including subfields such as ``duration_distance``, strings, enums by name, arrays,
timestamps) or many at once with :meth:`FitWriter.write_many`, which packs N data
messages of one definition into a numpy structured array in one step (what activity
files with a record per second need). :meth:`FitWriter.to_bytes` adds the 14-byte header
and the CRC.

Values are given in profile units (m, m/s, s, bpm...) and stored as
``round((value + offset) * scale)``. A value that does not fit the field's base type
raises :class:`~lydiard.errors.EncodeError` naming the message, the field and the value:
nothing wraps. ``None`` and NaN are written as the type's invalid value ("no value").
Timestamps (``date_time`` fields) are aware datetimes or Unix seconds.

Reference: Garmin FIT protocol (file header, record headers, definition messages, CRC);
field names, scales and offsets come from :mod:`lydiard.fit.profile`.
"""

from __future__ import annotations

import functools
import math
import struct
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np
import numpy.typing as npt

from lydiard.errors import EncodeError
from lydiard.fit import profile
from lydiard.fit.crc import crc16
from lydiard.fit.profile import FIT_EPOCH_S, BaseType

__all__ = ["FieldSpec", "FitWriter", "field_spec"]

_PROTOCOL_VERSION = 0x20  # 2.0
_LOCAL_TYPES = 16


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """How one named field (or subfield) is written.

    Attributes:
        message: the message name, for errors.
        name: the field or subfield name given.
        number: the field definition number written.
        base: the base type of the field.
        scale: profile scale (1 when none).
        offset: profile offset (0 when none).
        type_name: the profile type name ("sport", "date_time", "uint16"...).
    """

    message: str
    name: str
    number: int
    base: BaseType
    scale: float
    offset: float
    type_name: str

    @property
    def is_string(self) -> bool:
        """Whether the field holds text."""
        return self.base.name == "string"

    def raw(self, value: Any) -> int | float:
        """The raw value of one scalar, range-checked (invalid value for None/NaN).

        Raises:
            EncodeError: when the value does not fit the base type.
        """
        if value is None:
            return self.base.invalid
        if isinstance(value, str):
            return self._enum(value)
        if isinstance(value, datetime):
            value = self._datetime(value)
        elif self.type_name == "date_time" and isinstance(value, int | float):
            value = float(value) - FIT_EPOCH_S
        if isinstance(value, bool):
            value = int(value)
        if not isinstance(value, int | float | np.integer | np.floating):
            raise EncodeError(f"FIT {self.message}.{self.name}: cannot write {value!r}")
        number = float(value)
        if math.isnan(number):
            return self.base.invalid
        scaled = (number + self.offset) * self.scale
        if not self.base.integer:
            return scaled
        raw = round(scaled)
        if not self.base.min_value <= raw <= self.base.max_value:
            raise EncodeError(
                f"FIT {self.message}.{self.name}: {value!r} does not fit "
                f"{self.base.name} ({self._bounds()})"
            )
        return raw

    def _bounds(self) -> str:
        lo = self.base.min_value / self.scale - self.offset
        hi = self.base.max_value / self.scale - self.offset
        return f"{lo:g}..{hi:g}"

    def _enum(self, value: str) -> int:
        try:
            return profile.enum_value(self.type_name, value)
        except KeyError:
            raise EncodeError(
                f"FIT {self.message}.{self.name}: {value!r} is not a {self.type_name} value"
            ) from None

    def _datetime(self, value: datetime) -> float:
        if value.tzinfo is None:
            raise EncodeError(f"FIT {self.message}.{self.name}: {value!r} has no time zone")
        return value.timestamp() - FIT_EPOCH_S


@functools.lru_cache(maxsize=4096)
def field_spec(message: str, name: str) -> FieldSpec:
    """The spec of field (or subfield) ``name`` of message ``message``.

    Raises:
        EncodeError: for an unknown message or field.
    """
    try:
        mesg = profile.message_by_name(message)
    except KeyError:
        raise EncodeError(f"FIT: no message named {message!r}") from None
    fields = dict(mesg.fields)
    if 253 not in fields:
        fields[253] = profile.field(mesg.mesg_num, 253)
    for number, fld in fields.items():
        if fld is None:
            continue
        if fld.name == name:
            return _spec(message, name, number, fld, fld)
        for sub in fld.subfields or ():
            if sub.name == name:
                return _spec(message, name, number, fld, sub)
    raise EncodeError(f"FIT {message}: no field named {name!r}")


def _spec(message: str, name: str, number: int, fld: Any, shape: Any) -> FieldSpec:
    base = profile.field_base_type(fld)
    type_name = getattr(shape.type, "name", base.name)
    scale = float(shape.scale) if shape.scale else 1.0
    offset = float(shape.offset) if shape.offset else 0.0
    return FieldSpec(message, name, number, base, scale, offset, type_name)


@dataclass(frozen=True, slots=True)
class _Definition:
    global_number: int
    fields: tuple[tuple[int, int, int], ...]  # (number, size in bytes, base type byte)


class FitWriter:
    """Collects FIT messages and writes the file.

    Example::

        writer = FitWriter()
        writer.message("file_id", type="workout", manufacturer="development")
        writer.message("workout", wkt_name="8 x 200 m", sport="running", num_valid_steps=3)
        data = writer.to_bytes()
    """

    def __init__(self) -> None:
        self._chunks: list[bytes] = []
        self._locals: OrderedDict[_Definition, int] = OrderedDict()
        self.messages = 0

    def _local(self, definition: _Definition) -> int:
        """The local type of a definition, writing the definition message when needed."""
        if definition in self._locals:
            self._locals.move_to_end(definition)
            return self._locals[definition]
        if len(self._locals) < _LOCAL_TYPES:
            local = len(self._locals)
        else:
            _, local = self._locals.popitem(last=False)
        self._locals[definition] = local
        head = struct.pack(
            "<BBBHB", 0x40 | local, 0, 0, definition.global_number, len(definition.fields)
        )
        body = b"".join(struct.pack("<BBB", *f) for f in definition.fields)
        self._chunks.append(head + body)
        return local

    def message(self, name: str, **values: Any) -> None:
        """Write one data message; fields whose value is None are left out.

        Args:
            name: the profile message name ("file_id", "workout_step", "record").
            values: field or subfield names and values in profile units; enums by name;
                strings; lists for array fields; aware datetimes for timestamps.

        Raises:
            EncodeError: for an unknown message or field, or a value that does not fit.
        """
        mesg_num = _message_number(name)
        fields: list[tuple[int, int, int]] = []
        parts: list[bytes] = []
        seen: set[int] = set()
        for field_name, value in values.items():
            if value is None:
                continue
            spec = field_spec(name, field_name)
            if spec.number in seen:
                raise EncodeError(f"FIT {name}: field {spec.number} given twice ({field_name})")
            seen.add(spec.number)
            data = _pack(spec, value)
            fields.append((spec.number, len(data), spec.base.number))
            parts.append(data)
        local = self._local(_Definition(mesg_num, tuple(fields)))
        self._chunks.append(bytes([local]) + b"".join(parts))
        self.messages += 1

    def write_many(self, name: str, columns: Mapping[str, Any]) -> int:
        """Write N data messages of one message type from columns, vectorised.

        Args:
            name: the profile message name ("record", "lap", "hrv"...).
            columns: field name to a 1-D array (one value per message), a 2-D array
                (an array field, one row per message) or a scalar (the same in every
                message). NaN means no value. Enum columns may hold names.

        Returns:
            The number of messages written.

        Raises:
            EncodeError: for an unknown field, mismatched lengths, or any value that does
                not fit (the message names the first offending row).
        """
        mesg_num = _message_number(name)
        specs = [field_spec(name, field_name) for field_name in columns]
        arrays = [np.asarray(columns[spec.name]) for spec in specs]
        lengths = {len(a) for a in arrays if a.ndim >= 1}
        if len(lengths) > 1:
            raise EncodeError(f"FIT {name}: columns have different lengths {sorted(lengths)}")
        n = lengths.pop() if lengths else 1
        if n == 0:
            return 0
        dtype_fields: list[tuple[str, Any]] = [("header", "u1")]
        raw_columns = []
        fields = []
        for spec, array in zip(specs, arrays, strict=True):
            if spec.is_string:
                raise EncodeError(f"FIT {name}.{spec.name}: write text with message()")
            raw = _raw_column(spec, array, n)
            count = raw.shape[1] if raw.ndim == 2 else 1
            shape: tuple[int, ...] = (count,) if raw.ndim == 2 else ()
            dtype_fields.append(
                (f"f{spec.number}", (spec.base.dtype, shape) if shape else spec.base.dtype)
            )
            raw_columns.append(raw)
            fields.append((spec.number, spec.base.size * count, spec.base.number))
        local = self._local(_Definition(mesg_num, tuple(fields)))
        table = np.zeros(n, dtype=np.dtype(dtype_fields))
        table["header"] = local
        for spec, raw in zip(specs, raw_columns, strict=True):
            table[f"f{spec.number}"] = raw
        self._chunks.append(table.tobytes())
        self.messages += n
        return n

    def to_bytes(self) -> bytes:
        """The whole file: header, messages, CRC."""
        data = b"".join(self._chunks)
        if len(data) > 0xFFFFFFFF:
            raise EncodeError(f"FIT: {len(data)} bytes of messages exceed the 4 GiB limit")
        version = _profile_version()
        head = struct.pack("<BBHI4s", 14, _PROTOCOL_VERSION, version, len(data), b".FIT")
        head += struct.pack("<H", crc16(head))
        body = head + data
        return body + struct.pack("<H", crc16(body))


def _profile_version() -> int:
    """The profile version for the header: SDK 21.171 is 2117 (version x 100)."""
    try:
        return round(float(profile.profile_version()) * 100) & 0xFFFF
    except ValueError:
        return 0


def _message_number(name: str) -> int:
    try:
        return int(profile.message_by_name(name).mesg_num)
    except KeyError:
        raise EncodeError(f"FIT: no message named {name!r}") from None


def _pack(spec: FieldSpec, value: Any) -> bytes:
    if spec.is_string:
        if not isinstance(value, str):
            raise EncodeError(f"FIT {spec.message}.{spec.name}: text expected, got {value!r}")
        data = value.encode("utf-8") + b"\0"
        if len(data) > 255:
            raise EncodeError(f"FIT {spec.message}.{spec.name}: text longer than 254 bytes")
        return data
    many = isinstance(value, Sequence | np.ndarray) and not isinstance(value, str | bytes)
    values = list(value) if many else [value]
    if not values or len(values) * spec.base.size > 255:
        raise EncodeError(f"FIT {spec.message}.{spec.name}: {len(values)} values do not fit")
    raws = [spec.raw(v) for v in values]
    return np.asarray(raws, dtype=spec.base.dtype).tobytes()


def _raw_column(spec: FieldSpec, array: npt.NDArray[Any], n: int) -> npt.NDArray[Any]:
    """Raw values for one column, range-checked, with invalid values for NaN."""
    if array.ndim == 0:
        array = np.full(n, array.item(), dtype=array.dtype)
    if array.dtype.kind in "US" or array.dtype == object:
        lookup = {}
        flat = array.reshape(-1)
        for name in set(flat.tolist()):
            lookup[name] = spec.raw(name)
        return np.array([lookup[v] for v in flat.tolist()], dtype=spec.base.dtype).reshape(
            array.shape
        )
    if array.dtype.kind == "M":
        seconds = array.astype("datetime64[ns]").astype(np.int64) / 1e9
        values = seconds - FIT_EPOCH_S
    else:
        values = array.astype(np.float64)
        if spec.type_name == "date_time":
            values = values - FIT_EPOCH_S
    scaled = (values + spec.offset) * spec.scale
    missing = np.isnan(scaled)
    if not spec.base.integer:
        return np.where(missing, np.nan, scaled).astype(spec.base.dtype)
    raw = np.round(np.where(missing, 0.0, scaled))
    bad = ~missing & ((raw < spec.base.min_value) | (raw > spec.base.max_value))
    if bad.any():
        index = int(np.flatnonzero(bad.reshape(len(bad), -1).any(axis=1))[0])
        row = array[index]
        shown = row.tolist() if isinstance(row, np.ndarray | np.generic) else row
        raise EncodeError(
            f"FIT {spec.message}.{spec.name}: {shown!r} (row {index}) does not fit "
            f"{spec.base.name} ({spec._bounds()})"
        )
    out = raw.astype(spec.base.dtype)
    out[missing] = spec.base.invalid
    return out
