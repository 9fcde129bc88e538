"""Walk FIT data: file headers, definition messages and the byte offset of every message.

This is the fast reader's only loop over messages. It reads each record header byte,
parses definition messages (rare) and, for a data message, only appends its byte offset
to the list of its definition, then jumps by the definition's size. Decoding happens
later, in bulk per definition (:mod:`lydiard.fit.columns`).

Definitions with the same content (global message number, byte order, field layout)
share one offset list, however often a file re-declares them, so a message type usually
decodes in one or two numpy passes. Local definitions and the compressed-timestamp
reference carry over from one chained FIT file to the next, as in Garmin's SDK.

Damage is reported as :class:`Problem` values (an :class:`~lydiard.errors.Issue` plus
the error class strict mode raises): a file that ends early keeps every whole message
read; a structural error (a data message of an undefined local type, an impossible
definition) ends the walk of that file at the byte where it was found.
"""

from __future__ import annotations

import struct
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from lydiard.errors import FileFormatError, FileTruncatedError, Issue, IssueLevel, where
from lydiard.fit import profile
from lydiard.fit.crc import crc16

__all__ = [
    "MAX_SEGMENTS",
    "Definition",
    "DevFieldDef",
    "FieldDef",
    "Problem",
    "Segment",
    "Walk",
    "walk",
]

#: Stop after this many chained FIT files (a guard against crafted input).
MAX_SEGMENTS = 10_000

_BYTE = profile.BASE_TYPES[0x0D]
#: Longest pattern of messages (in messages) a periodic run may repeat.
_MAX_PERIOD = 8
#: Fewest messages in a run for bulk reading to pay off (else wait longer next time).
_MIN_RUN = 48
#: Messages a periodic run may start after, counted from where the search begins.
_MAX_SKIP = 4
#: Most messages walked one by one between two attempts at a periodic run.
_MAX_WAIT = 1024
_HEADER = struct.Struct("<BBHI4s")


@dataclass(frozen=True, slots=True)
class Problem:
    """A recoverable problem found while reading, and the error strict mode raises for it."""

    issue: Issue
    error: type[FileFormatError] = FileFormatError


@dataclass(frozen=True, slots=True)
class FieldDef:
    """One field of a definition message.

    Attributes:
        number: field definition number.
        size: bytes in the message.
        base: base type used to decode it (``byte`` when the declared type does not fit).
        offset: byte offset in the message body (after the record header byte).
    """

    number: int
    size: int
    base: profile.BaseType
    offset: int

    @property
    def count(self) -> int:
        """Number of values in the field (1 for a scalar; strings count as one)."""
        return 1 if self.base.name == "string" else max(1, self.size // self.base.size)


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
        fields: the fields in message order.
        dev_fields: the developer fields after them.
        size: body size in bytes (the record header byte excluded).
        position: byte offset of the first definition message with this layout.
        offsets: byte offsets of data messages found one by one, in file order.
        blocks: arrays of byte offsets of data messages found in periodic runs.
    """

    global_number: int
    big_endian: bool
    fields: tuple[FieldDef, ...]
    dev_fields: tuple[DevFieldDef, ...]
    size: int
    position: int
    offsets: list[int] = field(default_factory=list)
    blocks: list[npt.NDArray[np.int64]] = field(default_factory=list)

    def all_offsets(self) -> npt.NDArray[np.int64]:
        """Every data message offset of this definition, sorted (file order)."""
        found = np.array(self.offsets, dtype=np.int64)
        if not self.blocks:
            return found
        return np.sort(np.concatenate([found, *self.blocks]))


@dataclass(frozen=True, slots=True)
class Segment:
    """One FIT file of a possibly chained file.

    Attributes:
        start: byte offset of its file header.
        header_size: 12 or 14.
        protocol_version: protocol version byte (e.g. 0x20 for 2.0).
        profile_version: profile version times 100 (2132 = 21.32).
        data_start: byte offset of its first record.
        data_size: data size declared by the header, in bytes.
        crc_ok: whether the file CRC matched; None when the file ends before its CRC.
    """

    start: int
    header_size: int
    protocol_version: int
    profile_version: int
    data_start: int
    data_size: int
    crc_ok: bool | None


@dataclass(slots=True)
class Walk:
    """What the header walk found: definitions with their message offsets, and problems."""

    definitions: list[Definition]
    compressed: npt.NDArray[np.int64]
    segments: list[Segment]
    problems: list[Problem]
    size: int


def _ignore(position: int) -> None:
    """Sink of header bytes that are never data messages (the table is never read there)."""


class _Stop(Exception):
    """Ends the walk of one FIT file at ``position`` (structural damage or truncation)."""

    def __init__(self, position: int, reason: str, truncated: bool = False) -> None:
        super().__init__(reason)
        self.position = position
        self.reason = reason
        self.truncated = truncated


#: Record header bytes of data messages of each local type. Bits 4 and 5 of a normal
#: data header are reserved; like the SDK, the walker ignores them.
_DATA_HEADERS = [[local | extra for extra in (0x00, 0x10, 0x20, 0x30)] for local in range(16)]


class _Walker:
    """State that carries across chained files: local definitions, offset lists.

    ``steps[h]`` is the size of a data message whose record header byte is ``h`` and
    ``sinks[h]`` appends its offset to the offsets of its definition, so the hot loop
    does one table lookup per message. ``steps[h]`` is 0 for the rest (definitions,
    undefined local types, compressed timestamp headers), which :meth:`slow` handles.
    """

    def __init__(self, data: bytes, label: str) -> None:
        self.data = data
        self.label = label
        self.buf = np.frombuffer(data, dtype=np.uint8)
        self.steps = [0] * 256
        self.sinks: list[Callable[[int], object]] = [_ignore] * 256
        self.owners: list[Definition | None] = [None] * 256
        self.locals: list[Definition | None] = [None] * 16
        self.by_key: dict[tuple[int, bool, bytes, bytes], Definition] = {}
        self.definitions: list[Definition] = []
        self.compressed: list[int] = []
        self.problems: list[Problem] = []

    def problem(
        self,
        message: str,
        position: int | None,
        level: IssueLevel = IssueLevel.WARNING,
        error: type[FileFormatError] = FileFormatError,
    ) -> None:
        at = f"byte {position}" if position is not None else ""
        self.problems.append(Problem(Issue(message, at, level), error))

    def records(self, pos: int, limit: int) -> int:
        """Walk records from ``pos`` up to ``limit``; return the offset after the last one.

        The returned offset exceeds ``limit`` when the last message runs past it. Every
        so often (less often after each miss) :meth:`run` tries to take a periodic run
        of messages in one numpy step.
        """
        data = self.data
        steps = self.steps
        sinks = self.sinks
        slow = self.slow
        wait = 4
        while pos < limit:
            pos, taken = self.run(pos, limit)
            if taken >= _MIN_RUN:
                wait = 4
                continue
            wait = min(2 * wait, _MAX_WAIT)
            for _ in range(wait):
                if pos >= limit:
                    break
                header = data[pos]
                step = steps[header]
                if step:
                    sinks[header](pos)
                    pos += step
                else:
                    pos = slow(pos, limit)
        return pos

    def run(self, pos: int, limit: int) -> tuple[int, int]:
        """Take a periodic run of data messages starting at ``pos`` in bulk.

        Walks up to 16 messages ahead without recording them and looks for the shortest
        repeating pattern of header bytes (period ``T`` bytes). Then numpy checks that
        each later period has the same header bytes at the same places: from a true
        message boundary, a matching header at the next expected place is exactly where
        the message-by-message walk would go, so the run is what that walk would find.

        Returns:
            The offset to go on from, and how many messages the run took in bulk.
        """
        data, steps = self.data, self.steps
        heads: list[int] = []
        places: list[int] = []
        p = pos
        while len(heads) < 2 * _MAX_PERIOD and p < limit:
            header = data[p]
            step = steps[header]
            if not step:
                break
            heads.append(header)
            places.append(p - pos)
            p += step
        period = skip = 0
        for skip in range(min(_MAX_SKIP, len(heads)) + 1):
            rest = heads[skip:]
            period = next(
                (q for q in range(1, len(rest) // 2 + 1) if rest[:q] == rest[q : 2 * q]), 0
            )
            if period:
                break
        if not period:
            return pos, 0
        if skip:  # messages before the pattern starts: recorded one by one
            for j in range(skip):
                self.sinks[heads[j]](pos + places[j])
            heads, base = heads[skip:], places[skip]
            places = [place - base for place in places[skip:]]
            pos += base
        span = places[period]  # bytes per period
        count = 0
        batch = 64
        while True:
            start = pos + count * span
            room = min(batch, (limit - start) // span)
            if room <= 0:
                break
            rows = self.buf[start : start + room * span].reshape(room, span)
            good = rows[:, places[0]] == heads[0]
            for j in range(1, period):
                good &= rows[:, places[j]] == heads[j]
            ok = room if good.all() else int(np.argmin(good))
            count += ok
            if ok < room:
                break
            batch *= 4
        if count < 2:
            return pos, 0  # (any skipped messages are recorded)
        steps_of = np.arange(count, dtype=np.int64) * span
        for j in range(period):
            owner = self.owners[heads[j]]
            assert owner is not None  # a header with a step has an owner
            found = steps_of + (pos + places[j])
            owner.blocks.append(found)
        return pos + count * span, count * period

    def use(self, local: int, definition: Definition) -> None:
        """Route data messages of ``local`` to ``definition`` from now on."""
        self.locals[local] = definition
        size = definition.size + 1
        append = definition.offsets.append
        for header in _DATA_HEADERS[local]:
            self.steps[header] = size
            self.sinks[header] = append
            self.owners[header] = definition

    def slow(self, pos: int, limit: int) -> int:
        """A definition or compressed-timestamp message at ``pos``; the offset after it."""
        header = self.data[pos]
        if header & 0x80:  # compressed timestamp header: local type in bits 5-6
            found = self.locals[(header >> 5) & 0x03]
            if found is None:
                raise _Stop(
                    pos,
                    f"a data message of local type {(header >> 5) & 3}, which has no definition",
                )
            found.offsets.append(pos)
            self.compressed.append(pos)
            return pos + found.size + 1
        if not header & 0x40:
            raise _Stop(pos, f"a data message of local type {header & 15}, which has no definition")
        return self.definition(pos, limit)

    def definition(self, pos: int, limit: int) -> int:
        """Parse the definition message at ``pos``; return the offset after it."""
        data = self.data
        header = data[pos]
        if pos + 6 > limit:
            raise _Stop(pos, "a definition message cut short", truncated=True)
        architecture = data[pos + 2]
        if architecture > 1:
            raise _Stop(pos, f"a definition message with byte order {architecture} (not 0 or 1)")
        big = architecture == 1
        number = int.from_bytes(data[pos + 3 : pos + 5], "big" if big else "little")
        end = pos + 6 + 3 * data[pos + 5]
        if end > limit:
            raise _Stop(pos, "a definition message cut short", truncated=True)
        layout = data[pos + 6 : end]
        dev_layout = b""
        if header & 0x20:
            if end + 1 > limit:
                raise _Stop(pos, "a definition message cut short", truncated=True)
            dev_end = end + 1 + 3 * data[end]
            if dev_end > limit:
                raise _Stop(pos, "a definition message cut short", truncated=True)
            dev_layout = data[end + 1 : dev_end]
            end = dev_end
        key = (number, big, layout, dev_layout)
        definition = self.by_key.get(key)
        if definition is None:
            fields, dev_fields, size, notes = _layout(number, big, layout, dev_layout)
            for message, level in notes:
                self.problem(message, pos, level)
            definition = Definition(number, big, fields, dev_fields, size, pos)
            self.by_key[key] = definition
            self.definitions.append(definition)
        self.use(header & 0x0F, definition)
        return end


_LAYOUTS: dict[tuple[int, bool, bytes, bytes], Any] = {}
_LAYOUT_CACHE_SIZE = 4096


def _layout(
    number: int, big: bool, layout: bytes, dev: bytes
) -> tuple[tuple[FieldDef, ...], tuple[DevFieldDef, ...], int, list[tuple[str, IssueLevel]]]:
    """Fields, developer fields, body size and notes of a definition (cached by content)."""
    key = (number, big, layout, dev)
    found = _LAYOUTS.get(key)
    if found is not None:
        return found  # type: ignore[no-any-return]
    fields = []
    notes: list[tuple[str, IssueLevel]] = []
    offset = 0
    for i in range(0, len(layout), 3):
        num, size, type_byte = layout[i], layout[i + 1], layout[i + 2]
        base = profile.BASE_TYPES.get(type_byte & 0x1F)
        if base is None:
            notes.append(
                (
                    f"message {number} field {num}: unknown base type 0x{type_byte:02x}; "
                    "kept as raw bytes",
                    IssueLevel.WARNING,
                )
            )
            base = _BYTE
        elif size % base.size:
            base = _BYTE  # as the SDK does: a size that is no multiple is read as bytes
        if size == 0:
            notes.append((f"message {number} field {num} has size 0; ignored", IssueLevel.INFO))
        else:
            fields.append(FieldDef(num, size, base, offset))
        offset += size
    dev_fields = []
    for i in range(0, len(dev), 3):
        num, size, index = dev[i], dev[i + 1], dev[i + 2]
        if size:
            dev_fields.append(DevFieldDef(num, size, index, offset))
        offset += size
    result = (tuple(fields), tuple(dev_fields), offset, notes)
    if len(_LAYOUTS) >= _LAYOUT_CACHE_SIZE:
        _LAYOUTS.clear()
    _LAYOUTS[key] = result
    return result


def _header(data: bytes, pos: int) -> tuple[int, int, int, int] | None:
    """(header size, protocol, profile, data size) of a FIT header at ``pos``, or None."""
    if pos + 12 > len(data) or data[pos] not in (12, 14):
        return None
    size, protocol, profile_version, data_size, magic = _HEADER.unpack_from(data, pos)
    if magic != b".FIT":
        return None
    return size, protocol, profile_version, data_size


def walk(data: bytes, name: str | None = None) -> Walk:
    """Walk every chained FIT file in ``data``.

    Args:
        data: the whole file.
        name: the file name for messages.

    Raises:
        FileFormatError: when ``data`` does not start with a FIT file header.
    """
    label = where(name)
    head = _header(data, 0)
    if head is None:
        raise FileFormatError(
            f"{label}: not a FIT file: no FIT file header (12 or 14 bytes, '.FIT' at "
            "bytes 8-11) (byte 0)"
        )
    walker = _Walker(data, label)
    segments: list[Segment] = []
    pos = 0
    n = len(data)
    while pos < n and len(segments) < MAX_SEGMENTS:
        head = _header(data, pos)
        if head is None:
            walker.problem(
                f"{n - pos} bytes after the end of the FIT data are not a FIT file; ignored",
                pos,
                IssueLevel.WARNING,
            )
            break
        segments.append(_segment(walker, pos, *head))
        seg = segments[-1]
        pos = seg.data_start + seg.data_size + 2
    compressed = np.array(walker.compressed, dtype=np.int64)
    return Walk(walker.definitions, compressed, segments, walker.problems, n)


def _segment(
    walker: _Walker, start: int, header_size: int, protocol: int, profile_v: int, size: int
) -> Segment:
    data = walker.data
    n = len(data)
    if header_size == 14 and start + 14 <= n:
        stored = int.from_bytes(data[start + 12 : start + 14], "little")
        if stored and stored != crc16(data[start : start + 12]):
            walker.problem("the file header CRC does not match its content", start)
    data_start = start + header_size
    end = data_start + size
    if end > n:
        walker.problem(
            f"the file ends early: its header declares {size} bytes of data but only "
            f"{max(0, n - data_start)} follow; kept every whole message read",
            n,
            error=FileTruncatedError,
        )
    elif end + 2 > n:
        walker.problem("the file ends before its CRC", n, error=FileTruncatedError)
    limit = min(end, n)
    stop = limit
    try:
        stop = walker.records(data_start, limit)
    except _Stop as exc:
        skipped = limit - exc.position
        if exc.truncated:
            walker.problem(
                f"the file ends inside {exc.reason}", exc.position, error=FileTruncatedError
            )
        else:
            walker.problem(
                f"damaged data: {exc.reason}; the remaining {skipped} bytes of this FIT "
                "file were skipped",
                exc.position,
            )
    if stop > limit:
        _drop_last(walker, limit, end)
    crc_ok: bool | None = None
    if end + 2 <= n:
        stored = int.from_bytes(data[end : end + 2], "little")
        crc_ok = stored == crc16(data[start:end])
        if not crc_ok:
            walker.problem("the file CRC does not match its content; values may be damaged", end)
    return Segment(start, header_size, protocol, profile_v, data_start, size, crc_ok)


def _drop_last(walker: _Walker, limit: int, end: int) -> None:
    """Remove the one message that runs past ``limit`` (it is the last one appended)."""
    last: Definition | None = None
    for definition in walker.definitions:
        if definition.offsets and (last is None or definition.offsets[-1] > last.offsets[-1]):
            last = definition
    if last is None:
        return
    position = last.offsets.pop()
    if walker.compressed and walker.compressed[-1] == position:
        walker.compressed.pop()
    if limit < end:
        walker.problem(
            "the file ends inside a message; that message was dropped",
            position,
            error=FileTruncatedError,
        )
    else:
        walker.problem(
            "the last message runs past the declared data size; it was dropped", position
        )
