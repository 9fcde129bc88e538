"""Fast paths for the commonest columns: plain fields, without the general machinery.

:meth:`MessageColumns.column <lydiard.fit.columns.MessageColumns.column>` decodes any
field through :meth:`~lydiard.fit.columns.MessageColumns.value_in` (components,
sub-fields, compressed timestamps) chunk by chunk, then joins the chunks. Most fields
need none of that, and two costs dominate for them:

* for message types with a few messages (file_id, session, laps, events...) numpy's
  per-call cost: :func:`small` reads them through Python lists (rows unpacked with
  :mod:`struct`), texts and sub-fields included;
* for message types spread over many definitions (a Garmin file may define records 26
  ways), decoding each definition's part: :func:`joined` joins the raw values of the
  chunks first (cheap views) and decodes them once.

Both give exactly the values of the general path, and return None for anything they do
not cover, which then goes the general way.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from lydiard.fit.chunk import Chunk, Floats, decode_numbers
from lydiard.fit.spec import SubFieldSpec

if TYPE_CHECKING:
    from lydiard.fit.columns import MessageColumns

__all__ = ["joined", "small"]


def small(columns: MessageColumns, name: str) -> npt.NDArray[Any] | None:
    """A field of a few messages through Python lists, or None to use the general path.

    Integer fields, texts and sub-fields of integers that no component or compressed
    timestamp touches.
    """
    spec = columns.spec
    field = spec.by_name.get(name)
    sub = spec.subfields.get(name) if field is None else None
    if name in spec.sources or (field is None and sub is None):
        return None
    values: list[Any] = []
    text = False
    part: list[Any] | None
    for chunk in columns.chunks:
        if name == "timestamp" and chunk.timestamps is not None:
            return None
        if sub is not None:
            part = _small_subfield(chunk, sub)
        elif field is not None and field.base.name == "string" and chunk.has(field.number):
            part, text = chunk.texts(field.number), True
        else:
            part = chunk.values(field.number, field.scale, field.offset)  # type: ignore[union-attr]
        if part is None:
            return None
        values += part
    if text:
        if any(isinstance(v, float) and v == v for v in values):
            return None  # numbers and texts mixed (damaged definitions)
        column = np.array([None if isinstance(v, float) else v for v in values], dtype=object)
    else:
        column = np.array(values, dtype=np.float64)
    return columns.ordered(column)


def _small_subfield(chunk: Chunk, sub: SubFieldSpec) -> list[float] | None:
    """Sub-field ``sub`` of a small chunk (as ``subfield_in``), or None."""
    if not chunk.has(sub.parent):
        return [math.nan] * len(chunk)
    match = [False] * len(chunk)
    for ref, raw_value in sub.refs:
        if chunk.has(ref):
            raws = chunk.values(ref, raw=True)
            if raws is None:
                return None
            match = [m or r == raw_value for m, r in zip(match, raws, strict=True)]
    values = chunk.values(sub.parent, sub.scale, sub.offset)
    if values is None:
        return None
    return [v if m else math.nan for v, m in zip(values, match, strict=True)]


def joined(columns: MessageColumns, name: str) -> Floats | None:
    """A numeric field over several chunks, decoded once from the joined raw values.

    Covers fields of one base type and one number of values in every chunk that has
    them (the others get NaN), untouched by compressed timestamps, and the targets of
    a single whole-field component (``enhanced_speed`` from ``speed``) in files where no
    message holds the target itself. None for anything else.
    """
    spec = columns.spec
    chunks = columns.chunks
    if len(chunks) < 2:
        return None
    if name == "timestamp" and any(c.timestamps is not None for c in chunks):
        return None
    field = spec.by_name.get(name)
    if field is None:
        return None
    if name not in spec.sources:
        return joined_field(columns, field.number, field.scale, field.offset)
    pairs = spec.sources[name]
    source = spec.by_name.get(pairs[0][0])
    if len(pairs) != 1 or source is None or any(c.has(field.number) for c in chunks):
        return None
    comp = pairs[0][1]
    for chunk in chunks:  # the conditions of components.whole_field, in every chunk
        if chunk.has(source.number):
            own = chunk.field(source.number)
            base = own.base
            whole = not comp.bit_offset and comp.bits == 8 * base.size and base.integer
            if not whole or own.size != base.size or field.base.size <= base.size:
                return None
    return joined_field(columns, source.number, comp.scale, comp.offset)


def joined_field(
    columns: MessageColumns, number: int, scale: float, offset: float
) -> Floats | None:
    """Field ``number`` of every chunk joined raw and decoded once, or None if it cannot.

    The chunks that have the field must hold it as one base type and size (no bytes or
    texts); the others get NaN.
    """
    raws: list[npt.NDArray[Any] | None] = []
    kind = None
    for chunk in columns.chunks:
        if not chunk.has(number):
            raws.append(None)
            continue
        own = chunk.field(number)
        base = own.base
        if base.name in ("byte", "string") or own.size % base.size:
            return None
        if kind is None:
            kind = (base, own.size)
        elif kind != (base, own.size):
            return None
        raws.append(chunk.raw(number))
    if kind is None:
        return None
    present = [r for r in raws if r is not None]
    absent = None
    if len(present) == len(raws):
        raw = np.concatenate(present)
    else:
        first = present[0]
        raw = np.zeros((len(columns), *first.shape[1:]), dtype=first.dtype.newbyteorder("="))
        absent = np.zeros(len(columns), dtype=bool)
        start = 0
        for chunk, part in zip(columns.chunks, raws, strict=True):
            stop = start + len(chunk)
            if part is None:
                absent[start:stop] = True
            else:
                raw[start:stop] = part
            start = stop
    values = decode_numbers(raw, kind[0], scale, offset)
    if absent is not None:
        values[absent] = np.nan
    return columns.ordered(values)
