"""The loop over message headers: where each data message starts, and its definition.

:class:`Walker` reads each record header byte, parses definition messages (rare) and,
for a data message, only appends its byte offset to the list of its definition, then
jumps by the definition's size. Decoding happens later, in bulk per definition
(:mod:`lydiard.fit.chunk`). Definitions with the same content share one offset list,
however often a file re-declares them.

Two things keep the loop fast: a 256-entry table from header byte to message size and
offset list (one lookup per message), and *periodic runs*: most files repeat a short
pattern of messages (record, or record + hrv...) for long stretches; :meth:`Walker.run`
spots the pattern and confirms all its repetitions with one numpy comparison, which is
exact (see its docstring).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

import numpy as np

from lydiard.fit.chunk import row_struct, struct_dtype
from lydiard.fit.layout import Definition, layout

__all__ = ["WalkStop", "Walker"]

#: Longest pattern (in messages) a periodic run may repeat.
MAX_PERIOD = 8
#: Messages a periodic run may start after, counted from where the search begins.
MAX_SKIP = 4
#: Patterns remembered for each first header byte, tried before looking for a new one.
RECENT = 4
#: Periods a regular expression checks before numpy takes over (see :meth:`Walker.take`).
REGEX_PERIODS = 256
#: Fewest messages in a run for the next attempt to follow at once.
MIN_RUN = 64
#: Messages walked one by one after a missed attempt at a periodic run; doubled after
#: each further miss, up to :data:`MAX_WAIT`.
MIN_WAIT = 8
MAX_WAIT = 256

#: Record header bytes of data messages of each local type. Bits 4 and 5 of a normal
#: data header are reserved; like the SDK, the walker ignores them.
DATA_HEADERS = [[local | extra for extra in (0x00, 0x10, 0x20, 0x30)] for local in range(16)]


def _period(heads: bytes) -> tuple[int, int]:
    """(period, skip): the shortest pattern repeating twice after ``skip`` messages.

    (0, 0) when there is none within :data:`MAX_SKIP` messages.
    """
    for skip in range(min(MAX_SKIP, len(heads)) + 1):
        first = heads[skip : skip + 1]
        q = heads.find(first, skip + 1) - skip
        while q > 0 and skip + 2 * q <= len(heads):
            if heads[skip : skip + q] == heads[skip + q : skip + 2 * q]:
                return q, skip
            q = heads.find(first, skip + q + 1) - skip
    return 0, 0


@lru_cache(maxsize=1024)
def _period_pattern(heads: bytes, shape: tuple[int, ...], span: int) -> re.Pattern[bytes]:
    r"""A regular expression matching repetitions of a pattern of messages.

    ``heads`` are the record header bytes of the messages of one period, ``shape`` their
    offsets in it and ``span`` its length in bytes: e.g. ``(?s)(?:\x05.{21}\x06.{9})*+``
    for a 22-byte record and a 10-byte hrv message. The possessive repetition runs in C
    without backtracking.
    """
    ends = [*shape[1:], span]
    parts = [b"(?s)(?:"]
    for header, begin, end in zip(heads, shape, ends, strict=True):
        parts.append(re.escape(bytes([header])) + b".{%d}" % (end - begin - 1))
    parts.append(b")*+")
    return re.compile(b"".join(parts))


#: A periodic pattern: its regular expression, the definitions of its messages, their
#: offsets in a period, the period's length in bytes, and their header bytes.
_Period = tuple[re.Pattern[bytes], list[Definition | None], tuple[int, ...], int, bytes]


class WalkStop(Exception):
    """Ends the walk at ``position``: structural damage, or (``truncated``) the data ends."""

    def __init__(self, position: int, reason: str, truncated: bool = False) -> None:
        super().__init__(reason)
        self.position = position
        self.reason = reason
        self.truncated = truncated


def _ignore(position: int) -> None:
    """Sink of header bytes that are never data messages (their step is 0)."""


class Walker:
    """State that carries across chained files: local definitions, offset lists.

    ``steps[h]`` is the size of a data message whose record header byte is ``h`` and
    ``sinks[h]`` appends its offset to the offsets of its definition, so the hot loop
    does one table lookup per message. ``steps[h]`` is 0 for the rest (definitions,
    undefined local types, compressed timestamp headers), which :meth:`slow` handles.
    """

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.buf = np.frombuffer(data, dtype=np.uint8)
        self.steps = [0] * 256
        self.sinks: list[Callable[[int], object]] = [_ignore] * 256
        self.owners: list[Definition | None] = [None] * 256
        self.locals: list[Definition | None] = [None] * 16
        self.history: list[tuple[int, int, Definition | None, Definition | None]] = []
        self.by_key: dict[tuple[int, bool, bytes, bytes], Definition] = {}
        self.definitions: list[Definition] = []
        self.compressed: list[int] = []
        self.recent: dict[int, list[_Period]] = {}  # patterns taken, by first header

    def records(self, pos: int, limit: int) -> int:
        """Walk records from ``pos`` up to ``limit``; return the offset after the last one.

        The returned offset exceeds ``limit`` when the last message runs past it. Every
        so often (less often after each miss) :meth:`run` tries to take a periodic run
        of messages in one numpy step.

        Raises:
            WalkStop: at damage, or a definition cut short by ``limit``.
        """
        data = self.data
        steps = self.steps
        sinks = self.sinks
        slow = self.slow
        wait = MIN_WAIT
        while pos < limit:
            pos, taken = self.run(pos, limit)
            if taken >= MIN_RUN:
                wait = MIN_WAIT
                continue
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
            wait = min(2 * wait, MAX_WAIT)
        return pos

    def run(self, pos: int, limit: int) -> tuple[int, int]:
        """Take a periodic run of data messages at ``pos``, or walk up to 16 messages.

        Recent patterns starting with the header byte at ``pos`` are tried first (files
        alternate between a few patterns). Otherwise up to 16 messages are walked (and recorded) and
        looked at for the shortest repeating pattern of header bytes, allowing a few
        messages before it starts. A regular expression then checks in one C call how
        many periods follow with the same header bytes at the same places
        (:func:`_period_pattern`). This is exactly what the message-by-message walk
        would find: from a true message boundary, the walk goes to the next place of the
        pattern, and a matching header byte there sends it on to the one after.

        Returns:
            The offset to go on from, and how many messages the run took in bulk.
        """
        data, steps, sinks, recent = self.data, self.steps, self.sinks, self.recent
        for _ in range(MAX_SKIP):  # a recent pattern here, or after a message or two
            if pos >= limit:
                return pos, 0
            header = data[pos]
            for known in recent.get(header, ()):
                taken = self.take(known, pos, limit)
                if taken:
                    return pos + taken * known[3], taken * len(known[2])
            step = steps[header]
            if not step:
                return pos, 0
            sinks[header](pos)
            pos += step
        heads: list[int] = []
        places: list[int] = []
        p = pos
        while len(heads) < 2 * MAX_PERIOD and p < limit:
            header = data[p]
            step = steps[header]
            if not step:
                break
            heads.append(header)
            places.append(p)
            p += step
        period, skip = _period(bytes(heads))
        if period:
            start = places[skip]
            shape = tuple(q - start for q in places[skip : skip + period])
            span = places[skip + period] - start
            pattern = _period_pattern(bytes(heads[skip : skip + period]), shape, span)
            owners = [self.owners[h] for h in heads[skip : skip + period]]
            found = (pattern, owners, shape, span, bytes(heads[skip : skip + period]))
            count = self.take(found, start, limit)
            if count:
                patterns = self.recent.setdefault(heads[skip], [])
                patterns.insert(0, found)
                del patterns[RECENT:]
                for header, place in zip(heads[:skip], places, strict=False):
                    sinks[header](place)
                return start + count * span, count * period
        for header, place in zip(heads, places, strict=True):
            sinks[header](place)  # no run: the messages walked are recorded one by one
        return p, 0

    def take(self, found: _Period, start: int, limit: int) -> int:
        """Record the repetitions of a pattern from ``start`` (if 2 or more); how many.

        The regular expression checks up to :data:`REGEX_PERIODS` periods (fast to
        start, slower per period); numpy takes the rest of a long run in growing batches
        (slow to start, fast per period).
        """
        pattern, owners, shape, span, heads = found
        end = min(limit, start + REGEX_PERIODS * span)
        match = pattern.match(self.data, start, end)  # ``*+`` matches, if only empty
        count = (match.end() - start) // span if match else 0
        if count == REGEX_PERIODS:
            count += self.confirm(start + count * span, limit, shape, span, heads)
        if count < 2:
            return 0
        for owner, place in zip(owners, shape, strict=True):
            assert owner is not None  # a header byte with a step has an owner
            owner.runs.append((start + place, span, count))
        return count

    def confirm(
        self, start: int, limit: int, shape: tuple[int, ...], span: int, heads: bytes
    ) -> int:
        """How many periods from ``start`` have the header bytes ``heads`` at ``shape``."""
        count = 0
        batch = 4 * REGEX_PERIODS
        while True:
            first = start + count * span
            room = min(batch, (limit - first) // span)
            if room <= 0:
                return count
            rows = self.buf[first : first + room * span].reshape(room, span)
            good = rows[:, shape[0]] == heads[0]
            for place, header in zip(shape[1:], heads[1:], strict=True):
                good &= rows[:, place] == header
            ok = room if good.all() else int(np.argmin(good))
            count += ok
            if ok < room:
                return count
            batch *= 4

    def use(self, local: int, definition: Definition | None, position: int) -> None:
        """Route data messages of ``local`` to ``definition`` (None: undefined)."""
        self.history.append((position, local, self.locals[local], definition))
        if self.locals[local] is definition:
            return  # the same layout declared again (some devices do it every few messages)
        self.locals[local] = definition
        self.recent.clear()
        size = definition.size + 1 if definition is not None else 0
        append = definition.offsets.append if definition is not None else _ignore
        for header in DATA_HEADERS[local]:
            self.steps[header] = size
            self.sinks[header] = append
            self.owners[header] = definition

    def rollback(self, position: int) -> None:
        """Undo the local definitions made at ``position`` or later."""
        while self.history and self.history[-1][0] >= position:
            _, local, previous, _ = self.history.pop()
            self.use(local, previous, -1)
            self.history.pop()  # the undo itself is not history

    def slow(self, pos: int, limit: int) -> int:
        """A definition or compressed-timestamp message at ``pos``; the offset after it."""
        header = self.data[pos]
        if header & 0x80:  # compressed timestamp header: local type in bits 5-6
            found = self.locals[(header >> 5) & 0x03]
            if found is None:
                local = (header >> 5) & 0x03
                raise WalkStop(
                    pos, f"a data message of local type {local}, which has no definition"
                )
            found.offsets.append(pos)
            self.compressed.append(pos)
            return pos + found.size + 1
        if not header & 0x40:
            local = header & 0x0F
            raise WalkStop(pos, f"a data message of local type {local}, which has no definition")
        return self.definition(pos, limit)

    def definition(self, pos: int, limit: int) -> int:
        """Parse the definition message at ``pos``; return the offset after it."""
        data = self.data
        header = data[pos]
        if pos + 6 > limit:
            raise WalkStop(pos, "a definition message cut short", truncated=True)
        architecture = data[pos + 2]
        if architecture > 1:
            raise WalkStop(pos, f"a definition message with byte order {architecture} (not 0 or 1)")
        big = architecture == 1
        number = int.from_bytes(data[pos + 3 : pos + 5], "big" if big else "little")
        end = pos + 6 + 3 * data[pos + 5]
        if end > limit:
            raise WalkStop(pos, "a definition message cut short", truncated=True)
        fields = data[pos + 6 : end]
        dev = b""
        if header & 0x20:
            if end + 1 > limit:
                raise WalkStop(pos, "a definition message cut short", truncated=True)
            dev_end = end + 1 + 3 * data[end]
            if dev_end > limit:
                raise WalkStop(pos, "a definition message cut short", truncated=True)
            dev = data[end + 1 : dev_end]
            end = dev_end
        key = (number, big, fields, dev)
        definition = self.by_key.get(key)
        if definition is None:
            template, reason = layout(number, big, fields, dev)
            if reason is not None:
                raise WalkStop(pos, reason)
            if template.dtype is None:  # built once per layout, shared by its copies
                template.dtype = struct_dtype(template.fields, big, template.size)
                template.index = {f.number: i for i, f in enumerate(template.fields)}
            definition = Definition(
                number,
                big,
                template.fields,
                template.dev_fields,
                template.size,
                pos,
                dtype=template.dtype,
                unpack=row_struct(template),
                index=template.index,
            )
            self.by_key[key] = definition
            self.definitions.append(definition)
        self.use(header & 0x0F, definition, pos)
        return end

    def sizes_before(self, position: int) -> tuple[list[int], list[tuple[int, int, int]]]:
        """Local message sizes as they were at ``position``, and the changes since.

        Returns:
            The size (header byte included, 0 if undefined) of each local type before
            ``position``, and (position, local, size) for each later definition.
        """
        sizes = [d.size + 1 if d is not None else 0 for d in self.locals]
        later = []
        for at, local, previous, new in reversed(self.history):
            if at < position:
                break
            sizes[local] = previous.size + 1 if previous is not None else 0
            later.append((at, local, new.size + 1 if new is not None else 0))
        return sizes, later[::-1]

    def drop_from(self, position: int) -> int:
        """Forget every data message and definition at ``position`` or later.

        Returns:
            How many data messages were dropped.
        """
        dropped = sum(definition.drop_from(position) for definition in self.definitions)
        while self.compressed and self.compressed[-1] >= position:
            self.compressed.pop()
        self.rollback(position)
        return dropped
