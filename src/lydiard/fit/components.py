"""Components: fields whose bits give the values of other fields, and rolling counters.

The FIT profile says that some fields are made of others' bits: ``record.speed`` also
gives ``enhanced_speed``; the 3 bytes of ``compressed_speed_distance`` give 12 bits of
``speed`` and 12 bits of a rolling ``distance`` counter; ``hr.event_timestamp_12`` packs
eight 12-bit deltas of ``event_timestamp``. These functions compute such targets for the
messages of one chunk (or, for accumulating targets, for a whole message type in file
order) with vectorised bit extraction, nested components included, as the FIT SDK does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from lydiard.fit.chunk import Bytes, Chunk, Floats, extract_bits
from lydiard.fit.plain import joined_field
from lydiard.fit.spec import Component

if TYPE_CHECKING:
    from lydiard.fit.columns import MessageColumns

__all__ = ["MAX_DEPTH", "accumulated", "from_components", "source_bytes"]

#: Deepest chain of components followed (a component of a component of a field).
MAX_DEPTH = 3


def _width(array: npt.NDArray[Any]) -> int:
    return 1 if array.ndim == 1 else int(array.shape[1])


def _widen(array: Floats, width: int) -> Floats:
    if array.ndim == 2 and array.shape[1] == width:
        return array
    out = np.full((array.shape[0], width), np.nan)
    out[:, : _width(array)] = array if array.ndim == 2 else array[:, None]
    return out


def source_bytes(
    columns: MessageColumns, chunk: Chunk, source: str, depth: int
) -> tuple[Bytes, npt.NDArray[np.bool_]] | None:
    """A component source as little-endian bytes per row, with its valid rows."""
    spec = columns.spec
    field = spec.by_name.get(source)
    if field is not None and chunk.has(field.number):
        return chunk.field_bytes(field.number)
    sub = spec.subfields.get(source)
    if sub is not None:
        if not chunk.has(sub.parent) or (value := columns.subfield_in(chunk, sub)) is None:
            return None
        data, valid = chunk.field_bytes(sub.parent)
        return data, valid & ~np.isnan(value if value.ndim == 1 else value[:, 0])
    if field is None or depth >= MAX_DEPTH:
        return None
    derived = columns.value_in(chunk, source, depth + 1)  # itself a component target
    if derived is None or derived.dtype == object or derived.ndim != 1:
        return None
    valid = ~np.isnan(derived)
    raw = np.where(valid, np.rint((derived + field.offset) * field.scale), 0)
    as_int = raw.astype(np.int64).astype(f"<u{field.base.size}")
    return as_int.view(np.uint8).reshape(len(chunk), field.base.size), valid


def component_bits(
    columns: MessageColumns, chunk: Chunk, name: str, depth: int
) -> list[tuple[npt.NDArray[np.uint64], npt.NDArray[np.bool_], Component]]:
    """Raw component values for target ``name``: (bits, valid rows, component)."""
    out = []
    for source, comp in columns.spec.sources[name]:
        got = source_bytes(columns, chunk, source, depth)
        if got is None:
            continue
        data, valid = got
        if comp.bit_offset + comp.bits > 8 * data.shape[1]:
            continue  # the profile lists more components than the field holds
        out.append((extract_bits(data, comp.bit_offset, comp.bits), valid, comp))
    return out


def whole_field(columns: MessageColumns, chunk: Chunk, name: str) -> Floats | None:
    """A target that is a whole source field (``speed`` -> ``enhanced_speed``), or None.

    Decoded in one step instead of through bytes and bit extraction.
    """
    pairs = columns.spec.sources[name]
    if len(pairs) != 1:
        return None
    source, comp = pairs[0]
    field = columns.spec.by_name.get(source)
    target = columns.spec.by_name.get(name)
    if field is None or target is None or not chunk.has(field.number):
        return None
    base = chunk.field(field.number).base
    if comp.bit_offset or comp.bits != 8 * base.size or not base.integer:
        return None
    if chunk.field(field.number).size != base.size or target.base.size <= base.size:
        return None  # an array, or a target whose invalid value a source value can hit
    return chunk.decode(field.number, comp.scale, comp.offset)


def from_components(columns: MessageColumns, chunk: Chunk, name: str, depth: int) -> Floats | None:
    """Target ``name`` from the components of the chunk's fields, or None if none apply.

    A component's value is ``bits / scale - offset``; it is NaN where its source is
    invalid or where, written back in the target's units, it is the target's invalid
    value (as the SDK checks). Several components of one target give an ``(n, k)`` array.
    """
    whole = whole_field(columns, chunk, name)
    if whole is not None:
        return whole
    target = columns.spec.by_name.get(name)
    values = []
    for bits, valid, comp in component_bits(columns, chunk, name, depth):
        value = bits.astype(np.float64) / comp.scale - comp.offset
        value[~valid] = np.nan
        if target is not None and target.base.integer:
            raw = np.rint((value + target.offset) * target.scale)
            value[raw == target.base.invalid] = np.nan
        values.append(value)
    if not values:
        return None
    if len(values) == 1:
        return values[0]
    stacked: Floats = np.column_stack(values)
    return stacked


def accumulated(columns: MessageColumns, name: str) -> Floats:
    """A target of accumulating components (rolling counters) over the whole file.

    As in the SDK: a message holding the target itself resets the running value; a
    component adds ``(bits - previous bits) mod 2**n`` to it, message after message.
    """
    first = next(c for _, c in columns.spec.sources[name] if c.accumulate)
    field = columns.spec.by_name.get(name)
    sources = {
        columns.spec.by_name[s].number
        for s, _ in columns.spec.sources[name]
        if s in columns.spec.by_name
    }
    if not any(chunk.has(number) for chunk in columns.chunks for number in sources):
        # no counter in this file: the field as written (the common case)
        if field is not None and len(columns.chunks) > 1:
            plain = joined_field(columns, field.number, field.scale, field.offset)
            if plain is not None:
                return plain
        return columns.assemble(
            [columns.value_in(chunk, name, MAX_DEPTH) for chunk in columns.chunks]
        )
    parts: list[npt.NDArray[Any] | None] = []
    owns: list[npt.NDArray[Any] | None] = []
    any_component = False
    for chunk in columns.chunks:
        direct = None
        if field is not None and chunk.has(field.number):
            direct = chunk.decode(field.number, field.scale, field.offset)
        comps = component_bits(columns, chunk, name, 0)
        any_component = any_component or bool(comps)
        if direct is None and not comps:
            parts.append(None)
            owns.append(None)
            continue
        n = len(chunk)
        comp = np.full((n, 1), np.nan)
        if comps:
            comp = np.column_stack(
                [np.where(valid, bits.astype(np.float64), np.nan) for bits, valid, _ in comps]
            )
        own = np.full((n, 1), np.nan) if direct is None else _widen(direct, _width(direct))
        width = max(_width(comp), _width(own))
        comp, own = _widen(comp, width), _widen(own, width)
        has_own = np.asarray(~np.isnan(own).all(axis=1), dtype=bool).reshape(n, 1)
        # a message's own value resets the counter, in component units
        parts.append(np.where(has_own, (own + first.offset) * first.scale, comp))
        owns.append(np.where(has_own, own, np.nan))
    own_table = columns.assemble(owns)
    if not any_component:
        return own_table
    table = columns.assemble(parts)
    flat = table.reshape(-1).copy()
    own_flat = own_table.reshape(-1)
    is_reset = ~np.isnan(own_flat)
    present = ~np.isnan(flat)
    raw = np.rint(flat[present]).astype(np.int64)
    running = _accumulate(raw, is_reset[present], first.bits)
    flat[present] = running / first.scale - first.offset
    flat[is_reset] = own_flat[is_reset]  # own values exactly, not rounded to the counter
    return flat.reshape(table.shape)


def _accumulate(raw: npt.NDArray[np.int64], reset: npt.NDArray[np.bool_], bits: int) -> Floats:
    """Running value of a rolling ``bits``-bit counter; ``reset`` marks absolute values."""
    if raw.shape[0] == 0:
        return np.empty(0)
    step = np.zeros_like(raw)
    step[1:] = (raw[1:] - raw[:-1]) & ((1 << bits) - 1)
    starts = reset.copy()
    starts[0] = True
    step[starts] = 0
    total = np.cumsum(step)
    segment = np.cumsum(starts) - 1
    first = np.flatnonzero(starts)
    base = raw[first] - total[first]
    running: Floats = (base[segment] + total).astype(np.float64)
    return running
