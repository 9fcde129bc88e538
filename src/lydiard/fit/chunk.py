"""The messages of one FIT definition, as a structured numpy array, and their fields.

A :class:`Chunk` gathers the bodies of every data message that used one definition into
one ``(n, size)`` byte matrix (a single fancy-indexing copy), views it with a structured
dtype built from the definition, and decodes one field at a time on request:
``raw / scale - offset`` as float64, with FIT's invalid value as NaN.
"""

from __future__ import annotations

import math
import struct
from typing import Any

import numpy as np
import numpy.typing as npt
from numpy.lib.stride_tricks import as_strided

from lydiard.fit import profile
from lydiard.fit.layout import Definition, FieldDef

#: Chunks with at most this many messages decode scalar integers through Python lists.
SMALL = 256

__all__ = ["SMALL", "Chunk", "decode_numbers", "decode_strings", "extract_bits", "struct_dtype"]

Floats = npt.NDArray[np.float64]
Bytes = npt.NDArray[np.uint8]


def _field_dtype(field: FieldDef, big: bool) -> np.dtype[Any]:
    base = field.base
    if base.name == "string":
        return np.dtype(f"S{field.size}")
    if base.name == "byte":
        return np.dtype(("u1", (field.size,))) if field.size > 1 else np.dtype("u1")
    one = base.dtype_for(big)
    count = field.size // base.size
    return np.dtype((one, (count,))) if count > 1 else one


def struct_dtype(fields: tuple[FieldDef, ...], big: bool, size: int) -> np.dtype[Any]:
    """The structured dtype of a message body: field ``i`` is named ``f<i>``."""
    return np.dtype(
        {
            "names": [f"f{i}" for i in range(len(fields))],
            "formats": [_field_dtype(f, big) for f in fields],
            "offsets": [f.offset for f in fields],
            "itemsize": size,
        }
    )


#: struct format codes by (size, numpy kind)
_CODES = {(1, "u"): "B", (1, "i"): "b", (2, "u"): "H", (2, "i"): "h", (4, "u"): "I"}
_CODES.update({(4, "i"): "i", (8, "u"): "Q", (8, "i"): "q", (4, "f"): "f", (8, "f"): "d"})


def row_struct(definition: Definition) -> struct.Struct:
    """A :class:`struct.Struct` giving one item per field of a message body, in order.

    Single integer and float values are numbers; strings, bytes and arrays raw bytes.
    Cached on the definition: small chunks are read with it, without numpy's per-call
    cost.
    """
    if definition.unpack is None:
        parts = [">" if definition.big_endian else "<"]
        for field in definition.fields:
            base = field.base
            code = _CODES.get((base.size, base.dtype.kind))
            if field.size != base.size or base.name in ("byte", "string") or code is None:
                code = f"{field.size}s"
            parts.append(code)
        definition.unpack = struct.Struct("".join(parts))
    return definition.unpack


def decode_strings(raw: npt.NDArray[Any]) -> npt.NDArray[np.object_]:
    """Decode a column of NUL-padded UTF-8 strings; empty strings become None."""
    out = np.empty(raw.shape[0], dtype=object)
    for i, value in enumerate(raw.tolist()):
        text = value.split(b"\0", 1)[0].decode("utf-8", errors="replace")
        out[i] = text or None
    return out


def decode_numbers(
    raw: npt.NDArray[Any], base: profile.BaseType, scale: float, offset: float
) -> Floats:
    """Raw values of one base type to float64 ``raw / scale - offset``, invalid as NaN.

    A ``byte`` field is invalid only when every byte of it is 0xFF (as in the FIT SDK);
    in other arrays each invalid element is NaN.
    """
    values = raw.astype(np.float64)
    if base.name == "byte":
        if values.ndim == 2:
            invalid = (raw == 0xFF).all(axis=1)
            values[invalid] = np.nan
        else:
            values[raw == 0xFF] = np.nan
    elif base.integer:
        values[raw == base.invalid] = np.nan
    if scale != 1.0:
        values /= scale
    if offset:
        values -= offset
    return values


def extract_bits(data: Bytes, bit_offset: int, bits: int) -> npt.NDArray[np.uint64]:
    """Bits ``[bit_offset, bit_offset + bits)`` of each row of little-endian bytes."""
    first = bit_offset // 8
    last = (bit_offset + bits - 1) // 8
    value = np.zeros(data.shape[0], dtype=np.uint64)
    for j in range(last, first - 1, -1):
        value = (value << np.uint64(8)) | data[:, j].astype(np.uint64)
    value >>= np.uint64(bit_offset % 8)
    return value & np.uint64((1 << bits) - 1)


class Chunk:
    """The data messages of one definition, in file order.

    Attributes:
        definition: the definition.
        offsets: byte offset of each message (its record header), int64.
        body: ``(n, size)`` bytes of the message bodies.
        timestamps: FIT timestamps of messages with a compressed timestamp header (NaN
            for the others), or None when there are none.
    """

    __slots__ = (
        "_body",
        "_buf",
        "_bytes",
        "_index",
        "_rows",
        "_struct",
        "definition",
        "offsets",
        "timestamps",
    )

    def __init__(self, definition: Definition, offsets: npt.NDArray[np.int64], buf: Bytes):
        self.definition = definition
        self.offsets = offsets
        self.timestamps: Floats | None = None
        self._buf = buf
        self._body: Bytes | None = None
        self._struct: npt.NDArray[Any] | None = None
        self._rows: list[Any] | None = None
        self._bytes: dict[int, tuple[Bytes, npt.NDArray[np.bool_]]] = {}
        if definition.index is None:
            definition.index = {field.number: i for i, field in enumerate(definition.fields)}
        self._index = definition.index

    @property
    def body(self) -> Bytes:
        """``(n, size)`` bytes of the message bodies (gathered on first use)."""
        if self._body is None:
            size = self.definition.size
            buf = self._buf
            if size:
                windows = as_strided(buf[1:], shape=(buf.shape[0] - size, size), strides=(1, 1))
                self._body = windows[self.offsets]
            else:
                self._body = np.zeros((len(self.offsets), 0), dtype=np.uint8)
        return self._body

    @property
    def struct(self) -> npt.NDArray[Any]:
        """The bodies viewed with the definition's structured dtype (fields ``f<i>``)."""
        if self._struct is None:
            definition = self.definition
            if definition.dtype is None:  # shared by every definition with this layout
                definition.dtype = struct_dtype(
                    definition.fields, definition.big_endian, definition.size
                )
            self._struct = self.body.view(definition.dtype).reshape(len(self))
        return self._struct

    def __len__(self) -> int:
        return int(self.offsets.shape[0])

    def has(self, number: int) -> bool:
        """Whether the definition holds field ``number``."""
        return number in self._index

    def field(self, number: int) -> FieldDef:
        """The definition of field ``number``."""
        return self.definition.fields[self._index[number]]

    def raw(self, number: int) -> npt.NDArray[Any]:
        """Raw values of field ``number``: ``(n,)`` or ``(n, count)``, file byte order."""
        return self.struct[f"f{self._index[number]}"]

    def decode(self, number: int, scale: float = 1.0, offset: float = 0.0) -> npt.NDArray[Any]:
        """Field ``number`` as float64 (NaN when invalid), or an object array of strings.

        A few messages (file_id, session, laps...) are read through Python lists: for
        them that is several times faster than numpy's per-call cost, and gives the same
        float64 values.
        """
        field = self.field(number)
        base = field.base
        if len(self) <= SMALL:
            values = self.values(number, scale, offset)
            if values is not None:
                return np.array(values, dtype=np.float64)
        raw = self.raw(number)
        if base.name == "string":
            return decode_strings(raw)
        return decode_numbers(raw, base, scale, offset)

    def rows(self) -> list[tuple[Any, ...]]:
        """The message bodies as tuples, one item per field (see :func:`row_struct`)."""
        if self._rows is None:
            unpack = row_struct(self.definition).unpack_from
            data = self._buf.data
            self._rows = [unpack(data, offset + 1) for offset in self.offsets.tolist()]
        return self._rows

    def values(
        self, number: int, scale: float = 1.0, offset: float = 0.0, *, raw: bool = False
    ) -> list[float] | None:
        """Field ``number`` of a small chunk as Python floats (NaN when invalid or absent).

        None when the field is not a single integer (strings, arrays, floats): those
        go through numpy. Rows are read with :func:`row_struct`, without numpy's
        per-call cost, which dominates for a few messages. ``raw``: the integers as
        written, invalid values included.
        """
        index = self._index.get(number)
        if index is None:
            return [math.nan] * len(self)
        field = self.definition.fields[index]
        base = field.base
        if not base.integer or base.name in ("byte", "string") or field.size != base.size:
            return None
        if raw:
            return [r[index] for r in self.rows()]
        invalid = base.invalid
        return [math.nan if r[index] == invalid else r[index] / scale - offset for r in self.rows()]

    def texts(self, number: int) -> list[str | None] | None:
        """A string field of a small chunk (as :func:`decode_strings`), or None if not text."""
        index = self._index.get(number)
        if index is None or self.definition.fields[index].base.name != "string":
            return None
        out = []
        for row in self.rows():
            text = row[index].split(b"\0", 1)[0].decode("utf-8", errors="replace")
            out.append(text or None)
        return out

    def field_bytes(self, number: int) -> tuple[Bytes, npt.NDArray[np.bool_]]:
        """Field ``number`` as little-endian bytes per row, and which rows are valid.

        Array fields are their elements one after another, as the SDK's bit stream
        reads them. A row is invalid when all its elements are invalid.
        """
        found = self._bytes.get(number)
        if found is not None:
            return found
        field = self.field(number)
        block = self.body[:, field.offset : field.offset + field.size]
        base = field.base
        if self.definition.big_endian and base.size > 1 and base.name != "byte":
            count = field.size // base.size
            block = block.reshape(-1, count, base.size)[:, :, ::-1].reshape(-1, field.size)
        if base.name in ("byte", "string"):
            valid = (block != 0xFF).any(axis=1)
        else:
            raw = self.raw(number)
            if raw.ndim == 1:
                valid = raw != base.invalid if base.integer else ~np.isnan(raw)
            elif base.integer:
                valid = (raw != base.invalid).any(axis=1)
            else:
                valid = (~np.isnan(raw)).any(axis=1)
        found = np.ascontiguousarray(block), valid
        self._bytes[number] = found  # components of one field each read it
        return found
