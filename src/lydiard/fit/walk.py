"""Walk FIT data: file headers, CRCs, and the byte offset of every message.

:func:`walk` goes through every FIT file of a (possibly chained) file: it checks each
file header and CRC, and lets :class:`~lydiard.fit.walker.Walker` find where each data
message starts. Local definitions and the compressed-timestamp reference carry over from
one chained file to the next, as in Garmin's SDK.

Damage is reported as :class:`~lydiard.fit.layout.Problem` values (an
:class:`~lydiard.errors.Issue` plus the error class strict mode raises), with byte
offsets:

* a file that ends early keeps every whole message read (``FileTruncatedError``);
* a CRC that does not match is reported; the data are kept;
* structural damage (a data message of an undefined local type, an impossible
  definition) makes the walk look for a place to go on from (:mod:`.resync`): the
  messages read from garbage are dropped and the skipped byte range reported; where
  there is none, the rest of that FIT file is skipped;
* bytes after the last FIT file that are not a FIT file are ignored and reported.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from lydiard.errors import FileFormatError, FileTruncatedError, Issue, IssueLevel, where
from lydiard.fit.crc import crc16
from lydiard.fit.layout import Definition, DevFieldDef, FieldDef, Problem
from lydiard.fit.resync import BACK, find_restart
from lydiard.fit.walker import Walker, WalkStop

__all__ = [
    "MAX_RESYNCS",
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
#: Give up on a FIT file after this many places of damage.
MAX_RESYNCS = 16

_HEADER = struct.Struct("<BBHI4s")


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
    """What the walk found: definitions with their message offsets, and problems.

    Attributes:
        definitions: every distinct definition, with the offsets of its data messages.
        compressed: offsets of messages with a compressed timestamp header, sorted.
        segments: the FIT files read.
        problems: what was recovered from.
        size: the input size in bytes.
    """

    definitions: list[Definition]
    compressed: npt.NDArray[np.int64]
    segments: list[Segment]
    problems: list[Problem]
    size: int


def _header(data: bytes, pos: int) -> tuple[int, int, int, int] | None:
    """(header size, protocol, profile, data size) of a FIT header at ``pos``, or None."""
    if pos + 12 > len(data) or data[pos] not in (12, 14):
        return None
    size, protocol, profile_version, data_size, magic = _HEADER.unpack_from(data, pos)
    if magic != b".FIT":
        return None
    return size, protocol, profile_version, data_size


class _Problems(list[Problem]):
    def add(
        self,
        message: str,
        position: int,
        level: IssueLevel = IssueLevel.WARNING,
        error: type[FileFormatError] = FileFormatError,
        strict: str | None = None,
    ) -> None:
        issue = Issue(message, f"byte {position}", level)
        self.append(Problem(issue, error, position, strict))


def walk(data: bytes, name: str | None = None) -> Walk:
    """Walk every chained FIT file in ``data``.

    Args:
        data: the whole file.
        name: the file name for messages.

    Raises:
        FileFormatError: when ``data`` does not start with a FIT file header.
    """
    if _header(data, 0) is None:
        raise FileFormatError(
            f"{where(name)}: not a FIT file: no FIT file header (12 or 14 bytes, '.FIT' "
            "at bytes 8-11) (byte 0)"
        )
    walker = Walker(data)
    problems = _Problems()
    segments: list[Segment] = []
    pos, n = 0, len(data)
    while pos < n and len(segments) < MAX_SEGMENTS:
        head = _header(data, pos)
        if head is None:
            problems.add(
                f"{n - pos} bytes after the end of the FIT data are not a FIT file; ignored",
                pos,
            )
            break
        segment = _segment(walker, problems, pos, *head)
        segments.append(segment)
        pos = segment.data_start + segment.data_size + 2
    compressed = np.array(walker.compressed, dtype=np.int64)
    return Walk(walker.definitions, compressed, segments, list(problems), n)


def _segment(
    walker: Walker,
    problems: _Problems,
    start: int,
    header_size: int,
    protocol: int,
    profile_version: int,
    size: int,
) -> Segment:
    data = walker.data
    n = len(data)
    if header_size == 14 and start + 14 <= n:
        stored = int.from_bytes(data[start + 12 : start + 14], "little")
        if stored and stored != crc16(data[start : start + 12]):
            problems.add("the file header CRC does not match its content", start)
    data_start = start + header_size
    end = data_start + size
    if end > n:
        early = (
            f"the file ends early: its header declares {size} bytes of data but only "
            f"{max(0, n - data_start)} follow"
        )
        problems.add(
            f"{early}; kept every whole message read",
            n,
            error=FileTruncatedError,
            strict=f"{early}; the upload or copy may be incomplete (byte {n})",
        )
    elif end + 2 > n:
        problems.add("the file ends before its CRC", n, error=FileTruncatedError)
    limit = min(end, n)
    stop = _records(walker, problems, data_start, limit)
    if stop > limit:
        _drop_last(walker, problems, limit, end)
    crc_ok: bool | None = None
    if end + 2 <= n:
        crc_ok = int.from_bytes(data[end : end + 2], "little") == crc16(data[start:end])
        if not crc_ok:
            problems.add("the file CRC does not match its content; values may be damaged", end)
    return Segment(start, header_size, protocol, profile_version, data_start, size, crc_ok)


def _records(walker: Walker, problems: _Problems, pos: int, limit: int) -> int:
    """Walk the records of one FIT file, resynchronising after damage."""
    first = pos
    failed_before = -1
    for _ in range(MAX_RESYNCS + 1):
        try:
            return walker.records(pos, limit)
        except WalkStop as exc:
            if exc.truncated:
                problems.add(
                    f"the file ends inside {exc.reason}", exc.position, error=FileTruncatedError
                )
                return limit
            failed = exc.position
            restart = None
            if failed > failed_before:
                low = max(first, pos, failed - BACK)
                sizes, changes = walker.sizes_before(low)
                seen = any(c < low for c in walker.compressed)
                restart = find_restart(walker.data, low, failed, limit, sizes, changes, seen)
            if restart is None:
                problems.add(
                    f"damaged data: {exc.reason}; the remaining {limit - failed} bytes of "
                    "this FIT file were skipped",
                    failed,
                )
                return limit
            cut = min(failed, restart)
            last = _last_before(walker, restart)
            if last is not None and last[0] >= first and sum(last) > restart:
                cut = last[0]  # it runs over the restart: it was read from garbage
            dropped = walker.drop_from(cut)
            problems[:] = [p for p in problems if p.position is None or p.position < cut]
            problems.add(
                f"damaged data: {exc.reason} at byte {failed}; bytes {cut} to {restart} "
                f"skipped ({dropped} messages read from them dropped), reading resumed at "
                f"byte {restart}",
                cut,
                strict=f"damaged data: {exc.reason} (byte {failed})",
            )
            failed_before, pos = failed, restart
    problems.add("too much damaged data; the rest of this FIT file was skipped", pos)
    return limit


def _last_before(walker: Walker, position: int) -> tuple[int, int] | None:
    """(offset, size) of the last data message recorded before ``position``, if any."""
    best: tuple[int, int] | None = None
    for definition in walker.definitions:
        last = definition.last_before(position)
        if last is not None and (best is None or last > best[0]):
            best = (last, definition.size + 1)
    return best


def _drop_last(walker: Walker, problems: _Problems, limit: int, end: int) -> None:
    """Remove the one message that runs past ``limit`` (the last one walked)."""
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
        problems.add(
            "the file ends inside a message; that message was dropped",
            position,
            error=FileTruncatedError,
        )
    else:
        problems.add("the last message runs past the declared data size; it was dropped", position)
