"""Definition messages: the layout of fields in the data messages that follow them.

A definition message names a global message number, a byte order and, per field, its
number, size and base type (then the same for developer fields). :func:`layout` turns
those bytes into :class:`FieldDef` values, once per distinct content (cached), and says
when a definition cannot be right (an unknown base type: the FIT SDK refuses those too),
which the walker takes as a sign of damage.
"""

from __future__ import annotations

import bisect
import struct
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from lydiard.errors import FileFormatError, Issue
from lydiard.fit import profile

__all__ = ["Definition", "DevFieldDef", "FieldDef", "Problem", "layout"]

_BYTE = profile.BASE_TYPES[0x0D]
_CACHE: dict[tuple[int, bool, bytes, bytes], tuple[Definition, str | None]] = {}
_CACHE_SIZE = 4096


@dataclass(frozen=True, slots=True)
class Problem:
    """A recoverable problem found while reading, and the error strict mode raises for it.

    Attributes:
        issue: what happened and where.
        error: the exception class strict mode raises.
        position: byte offset, when there is one (for filtering after a resync).
        strict: the error message strict mode raises, when it differs from the issue's
            (which may say how the problem was repaired).
    """

    issue: Issue
    error: type[FileFormatError] = FileFormatError
    position: int | None = None
    strict: str | None = None


@dataclass(frozen=True, slots=True)
class FieldDef:
    """One field of a definition message.

    Attributes:
        number: field definition number.
        size: bytes in the message.
        base: base type used to decode it (``byte`` when the size is not a multiple of
            the declared type's, as the FIT SDK does).
        offset: byte offset in the message body (after the record header byte).
    """

    number: int
    size: int
    base: profile.BaseType
    offset: int


@dataclass(frozen=True, slots=True)
class DevFieldDef:
    """One developer field of a definition message (its meaning is in field_description)."""

    number: int
    size: int
    dev_index: int
    offset: int


@dataclass(eq=False, slots=True)
class Definition:
    """A message layout and the byte offsets of the data messages that use it.

    Attributes:
        global_number: the global message number (20 = record).
        big_endian: byte order of multi-byte values.
        fields: the fields in message order (fields of size 0 left out).
        dev_fields: the developer fields after them.
        size: body size in bytes (the record header byte excluded).
        position: byte offset of the first definition message with this layout.
        offsets: byte offsets of data messages found one by one, in file order.
        runs: data messages found in periodic runs, as (first offset, bytes between
            two, count) triples.
        dtype: the structured dtype of the bodies, once a reader has built it.
        unpack: a :class:`struct.Struct` for single bodies, once a reader has built it.
        index: position of each field number in ``fields``, once a reader has built it.
    """

    global_number: int
    big_endian: bool
    fields: tuple[FieldDef, ...]
    dev_fields: tuple[DevFieldDef, ...]
    size: int
    position: int = 0
    offsets: list[int] = field(default_factory=list)
    runs: list[tuple[int, int, int]] = field(default_factory=list)
    dtype: np.dtype[Any] | None = None
    unpack: struct.Struct | None = None
    index: dict[int, int] | None = None

    def all_offsets(self) -> npt.NDArray[np.int64]:
        """Every data message offset of this definition, sorted (file order)."""
        found = np.fromiter(self.offsets, dtype=np.int64, count=len(self.offsets))
        if not self.runs:
            return found
        first, span, count = np.array(self.runs, dtype=np.int64).T
        # offset k of run r is first[r] + span[r] * k: all runs in one go
        run = np.repeat(np.arange(count.shape[0]), count)
        k = np.arange(run.shape[0]) - np.repeat(np.cumsum(count) - count, count)
        in_runs = first[run] + span[run] * k
        return np.sort(np.concatenate([found, in_runs]), kind="stable")

    def drop_from(self, position: int) -> int:
        """Forget data messages at ``position`` or later; return how many there were."""
        dropped = 0
        while self.offsets and self.offsets[-1] >= position:
            self.offsets.pop()
            dropped += 1
        kept = []
        for first, span, count in self.runs:
            left = min(count, max(0, -(-(position - first) // span)))  # first + span*k < pos
            dropped += count - left
            if left:
                kept.append((first, span, left))
        self.runs = kept
        return dropped

    def last_before(self, position: int) -> int | None:
        """The offset of the last data message before ``position``, if any."""
        index = bisect.bisect_left(self.offsets, position)
        best = self.offsets[index - 1] if index else None
        for first, span, count in self.runs:
            if first < position:
                last = first + span * min(count - 1, (position - 1 - first) // span)
                best = last if best is None else max(best, last)
        return best


def layout(number: int, big: bool, fields: bytes, dev: bytes) -> tuple[Definition, str | None]:
    """The layout of a definition message, and what makes it impossible (or None).

    Args:
        number: global message number.
        big: big-endian byte order.
        fields: the 3-byte field entries (number, size, base type).
        dev: the 3-byte developer field entries (number, size, developer index).

    Returns:
        A template :class:`Definition` (position 0, no offsets) and None, or a reason the
        definition cannot be genuine (an unknown base type).
    """
    key = (number, big, fields, dev)
    found = _CACHE.get(key)
    if found is not None:
        return found
    out = []
    offset = 0
    reason = None
    for i in range(0, len(fields), 3):
        num, size, type_byte = fields[i], fields[i + 1], fields[i + 2]
        base = profile.BASE_TYPES.get(type_byte & 0x1F)
        if base is None:
            reason = f"a definition with unknown base type 0x{type_byte:02x} (field {num})"
            base = _BYTE
        elif size % base.size:
            base = _BYTE
        if size:
            out.append(FieldDef(num, size, base, offset))
        offset += size
    dev_out = []
    for i in range(0, len(dev), 3):
        num, size, index = dev[i], dev[i + 1], dev[i + 2]
        if size:
            dev_out.append(DevFieldDef(num, size, index, offset))
        offset += size
    result = (Definition(number, big, tuple(out), tuple(dev_out), offset), reason)
    if len(_CACHE) >= _CACHE_SIZE:
        _CACHE.clear()
    _CACHE[key] = result
    return result
