"""A tiny FIT byte builder for tests: definitions, data messages, headers and CRCs.

Test-only: it writes exactly the bytes a test asks for (including wrong ones), with no
profile knowledge. The project's real encoder lives elsewhere.

    fit = FitBuilder()
    fit.define(0, 20, [(253, 4, UINT32), (3, 1, UINT8)])
    fit.data(0, 1_000_000_000, 150)
    data = fit.build()
"""

from __future__ import annotations

import struct
from collections.abc import Sequence
from typing import Any

from lydiard.fit.crc import crc16

ENUM, SINT8, UINT8, SINT16, UINT16, SINT32, UINT32 = 0x00, 0x01, 0x02, 0x83, 0x84, 0x85, 0x86
STRING, FLOAT32, UINT8Z, BYTE = 0x07, 0x88, 0x0A, 0x0D

_FORMATS = {
    0x00: "B",
    0x01: "b",
    0x02: "B",
    0x83: "h",
    0x84: "H",
    0x85: "i",
    0x86: "I",
    0x88: "f",
    0x89: "d",
    0x0A: "B",
    0x8B: "H",
    0x8C: "I",
    0x0D: "B",
}
INVALID = {0x00: 0xFF, 0x01: 0x7F, 0x02: 0xFF, 0x83: 0x7FFF, 0x84: 0xFFFF, 0x85: 0x7FFFFFFF}
INVALID |= {0x86: 0xFFFFFFFF, 0x0D: 0xFF}

Field = tuple[int, int, int]  # (field number, size in bytes, base type byte)


class FitBuilder:
    """Collects messages and writes one FIT file (header, records, CRC)."""

    def __init__(self, *, header_size: int = 14, protocol: int = 0x20, profile: int = 2132):
        self.header_size = header_size
        self.protocol = protocol
        self.profile = profile
        self.body = bytearray()
        self.layouts: dict[int, tuple[list[Field], list[Field], str]] = {}

    def define(
        self,
        local: int,
        global_number: int,
        fields: Sequence[Field],
        *,
        big_endian: bool = False,
        dev_fields: Sequence[Field] = (),
    ) -> FitBuilder:
        """Add a definition message; ``dev_fields`` are (number, size, developer index)."""
        header = 0x40 | local | (0x20 if dev_fields else 0)
        order = ">" if big_endian else "<"
        out = bytearray([header, 0, 1 if big_endian else 0])
        out += struct.pack(order + "H", global_number)
        out.append(len(fields))
        for number, size, base in fields:
            out += bytes([number, size, base])
        if dev_fields:
            out.append(len(dev_fields))
            for number, size, index in dev_fields:
                out += bytes([number, size, index])
        self.body += out
        self.layouts[local] = (list(fields), list(dev_fields), order)
        return self

    def assume(self, local: int, fields: Sequence[Field], *, big_endian: bool = False) -> None:
        """Know the layout of ``local`` without writing a definition (defined earlier)."""
        self.layouts[local] = (list(fields), [], ">" if big_endian else "<")

    def pack(self, local: int, values: Sequence[Any], dev_types: Sequence[int] = ()) -> bytes:
        """The body of a data message of ``local`` with ``values`` in definition order.

        A value may be an int/float, a list (array field), bytes/str (raw or string field)
        or None (the base type's invalid value). Developer values come after, with base
        types ``dev_types``.
        """
        fields, dev_fields, order = self.layouts[local]
        types = [base for _, _, base in fields] + list(dev_types)
        sizes = [size for _, size, _ in fields] + [size for _, size, _ in dev_fields]
        out = bytearray()
        for value, base, size in zip(values, types, sizes, strict=True):
            out += _pack(value, base, size, order)
        return bytes(out)

    def data(self, local: int, *values: Any, dev_types: Sequence[int] = ()) -> FitBuilder:
        """Add a data message with a normal header."""
        self.body.append(local)
        self.body += self.pack(local, values, dev_types)
        return self

    def compressed(self, local: int, time_offset: int, *values: Any) -> FitBuilder:
        """Add a data message with a compressed timestamp header (local types 0-3)."""
        self.body.append(0x80 | (local << 5) | (time_offset & 0x1F))
        self.body += self.pack(local, values)
        return self

    def raw(self, data: bytes) -> FitBuilder:
        """Add bytes as they are."""
        self.body += data
        return self

    def build(self, *, crc: bool = True, data_size: int | None = None) -> bytes:
        """The file: header (with its CRC when 14 bytes), records, file CRC."""
        size = len(self.body) if data_size is None else data_size
        header = struct.pack(
            "<BBHI4s", self.header_size, self.protocol, self.profile, size, b".FIT"
        )
        if self.header_size == 14:
            header += struct.pack("<H", crc16(header))
        content = header + bytes(self.body)
        return content + (struct.pack("<H", crc16(content)) if crc else b"")


def _pack(value: Any, base: int, size: int, order: str) -> bytes:
    if base == STRING:
        raw = value.encode() if isinstance(value, str) else bytes(value or b"")
        return raw[:size].ljust(size, b"\0")
    if isinstance(value, bytes | bytearray):
        return bytes(value).ljust(size, b"\xff")[:size]
    fmt = _FORMATS[base]
    width = struct.calcsize(fmt)
    count = size // width
    items = list(value) if isinstance(value, list | tuple) else [value]
    items += [None] * (count - len(items))
    out = bytearray()
    for item in items:
        if item is None and fmt in "fd":
            out += b"\xff" * width  # float invalid: all bits set
        else:
            out += struct.pack(order + fmt, INVALID.get(base, 0) if item is None else item)
    return bytes(out)


def chain(*files: bytes) -> bytes:
    """Several FIT files one after the other (a chained FIT file)."""
    return b"".join(files)


def semicircles(degrees: float) -> int:
    """Degrees to FIT semicircles (2**31 per 180 degrees), rounded."""
    return round(degrees * 2**31 / 180)
