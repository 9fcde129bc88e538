"""Alternation: "alternate between 1:00 hard and 2:00 easy for 21:00" (Nike Run Club).

A fartlek written as two parts to alternate for a stretch of time is a repeat: the
stretch divided by one cycle (the two parts) is the count, so "alternate between 1 min
hard and 2 min easy for 21 min" reads as ``7 x (1 min hard, 2 min easy)``. The time may
come on the line before as the block's header ("21:00 Fartlek" then "Alternate between
1:00 hard and 2:00 easy"): the header becomes the repeat rather than adding its 21 min
again. A count may be written instead: "alternate 6 times between 30 s fast and 90 s
easy". A time that is not a whole number of cycles is a pointed error.

NRC plans wrap the sentence over lines ("Alternate between 1:00 Hard / Running and 2:00
Easy Running / for 21:00"); :func:`continues` tells the parser to join such lines.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from lydiard.formatting import format_clock
from lydiard.workouts.ast import Time
from lydiard.workouts.lexer import Kind, Token, syntax_error
from lydiard.workouts.quantity import read_quantity
from lydiard.workouts.scanner import _HARD, Scanner
from lydiard.workouts.targets import read_clock

if TYPE_CHECKING:
    from lydiard.workouts.entry import Entry
    from lydiard.workouts.phrase import PhraseReader

__all__ = ["attach_headers", "continues", "read"]

_EXAMPLE = "e.g. 'alternate between 1 min hard and 2 min easy for 21 min'"


def continues(tokens: list[Token], nxt: list[Token]) -> bool:
    """Whether line ``nxt`` carries on the "alternate between" sentence in ``tokens``."""
    start = next((k for k, t in enumerate(tokens) if t.is_word("alternate")), None)
    if start is None or not nxt:
        return False
    rest = tokens[start + 1 :]
    if _for_index(rest) is not None:
        return False
    if nxt[0].is_word("for"):
        return True
    joined = next((k for k, t in enumerate(rest) if t.is_word("and")), None)
    return joined is None or not any(_is_amount(t) for t in rest[joined + 1 :])


def read(r: PhraseReader, t: Token) -> None:
    """Read "alternate [N times] between A and B [for T]"; the cursor is past the flag."""
    sc = r.sc
    r.close()
    count = _written_count(sc)
    end = sc.i
    while end < len(sc.toks) and not _stops(sc.toks[end], r.stop):
        end += 1
    toks = sc.toks[sc.i : end]
    sc.i = end
    fill = _for_index(toks)
    parts_toks = toks if fill is None else toks[:fill]
    joined = next((k for k, tok in enumerate(parts_toks) if tok.is_word("and")), None)
    if joined is None or joined == 0 or joined == len(parts_toks) - 1:
        raise sc.error(t, "'alternate between' needs two parts joined by 'and'", _EXAMPLE)
    parts = [_part(sc, t, parts_toks[:joined]), _part(sc, t, parts_toks[joined + 1 :])]
    e = r.slot(t, "count")
    e.alternate = parts
    e.end = toks[-1].end if toks else t.end
    if fill is not None:
        fills = _fill_time(sc, toks[fill], toks[fill + 1 :])
        e.fills_s = fills
        whole = _cycles(sc.text, e, fills)
        if count is not None and count != whole:
            raise sc.error(
                t,
                f"{count} cycles of {format_clock(_cycle_s(e))} do not fill {format_clock(fills)}",
                f"{whole} cycles do",
            )
        count = whole
    if count is not None:
        e.count = (count, None)
        e.body = parts
    r.close()


def attach_headers(text: str, read_lines: list[list[Entry]]) -> None:
    """Join each "alternate between" line to the header line above it that gives its time.

    "21:00 Fartlek" then "Alternate between 1:00 hard and 2:00 easy [for 21:00]": the
    header becomes the repeat (it does not add another 21 min). Changes ``read_lines``.
    """
    for k in range(1, len(read_lines)):
        entries, above = read_lines[k], read_lines[k - 1]
        if not entries or entries[0].alternate is None or not above:
            continue
        e, prev = entries[0], above[-1]
        header = (
            isinstance(prev.finish, Time)
            and prev.finish.upper is None
            and prev.count is None
            and prev.alternate is None
            and not (prev.with_ or prev.ladder or prev.is_modifier)
        )
        if not header:
            continue
        assert isinstance(prev.finish, Time)
        if e.count is None:
            count = _cycles(text, e, prev.finish.seconds)
            e.count = (count, None)
            e.body = e.alternate
        elif e.fills_s != prev.finish.seconds:
            continue  # a different time: the line above is a run of its own
        e.start, e.line = prev.start, prev.line
        above[-1] = e
        del entries[0]


def _written_count(sc: Scanner) -> int | None:
    """The count in "alternate 6 times between"; the cursor moves past "between"."""
    num, mark, word = sc.peek(), sc.peek(1), sc.peek(2)
    if (
        num is not None
        and num.kind is Kind.NUM
        and mark is not None
        and (mark.is_word("times") or mark.kind is Kind.X)
        and word is not None
        and word.is_word("between")
    ):
        if num.value != num.value.to_integral_value() or num.value < 1:
            raise sc.error(num, "a count of cycles must be a whole number, 1 or more")
        sc.i += 3
        return int(num.value)
    if sc.tok().is_word("between"):
        sc.i += 1
    return None


def _part(sc: Scanner, t: Token, toks: list[Token]) -> Entry:
    """One part to alternate: a single step of a fixed time ("1:00 Hard Running")."""
    entries = Scanner(sc.text, toks, sc.default_unit).sequence()
    steps = [e for e in entries if e.note_text is None]
    if len(steps) != 1 or steps[0].count is not None or steps[0].is_modifier:
        raise sc.error(
            toks[0], "each part of 'alternate between' must be one step", _EXAMPLE, end=toks[-1].end
        )
    e = steps[0]
    if not isinstance(e.finish, Time):
        raise sc.error(
            toks[0], "each part of 'alternate between' needs a time", _EXAMPLE, end=toks[-1].end
        )
    if e.finish.upper is not None:
        raise sc.error(
            toks[0], "a part of 'alternate between' needs one time, not a range", end=toks[-1].end
        )
    return e


def _fill_time(sc: Scanner, for_tok: Token, toks: list[Token]) -> float:
    sub = Scanner(sc.text, toks, sc.default_unit)
    q = read_clock(sub) if toks[0].kind is Kind.CLOCK else read_quantity(sub)
    if sub.i != len(toks) or len(q.ends) != 1 or q.target is not None:
        raise sc.error(for_tok, "'for' needs one time after it", _EXAMPLE)
    end = q.ends[0]
    if not isinstance(end, Time) or end.upper is not None:
        raise sc.error(for_tok, "'for' needs one time after it", _EXAMPLE)
    return end.seconds


def _cycle_s(e: Entry) -> float:
    assert e.alternate is not None
    total = Decimal(0)
    for part in e.alternate:
        assert isinstance(part.finish, Time)
        total += Decimal(str(part.finish.seconds))
    return float(total)


def _cycles(text: str, e: Entry, fills_s: float) -> int:
    """How many (A, B) cycles fill ``fills_s`` seconds; an error unless a whole number."""
    cycle = Decimal(str(_cycle_s(e)))
    count = Decimal(str(fills_s)) / cycle
    if count != count.to_integral_value() or count < 1:
        raise syntax_error(
            text,
            e.start,
            max(e.end, e.start + 1),
            f"the times do not divide: {format_clock(fills_s)} is not a whole number of "
            f"{format_clock(float(cycle))} cycles",
            "make the time a multiple of one cycle, or write the reps, e.g. '7 x (1 min"
            " hard, 2 min easy)'",
        )
    return int(count)


def _for_index(toks: list[Token]) -> int | None:
    """Where "for <time>" starts, or None."""
    for k in range(len(toks) - 2, -1, -1):
        if toks[k].is_word("for") and _is_amount(toks[k + 1]):
            return k
    return None


def _is_amount(t: Token) -> bool:
    return t.kind in (Kind.NUM, Kind.CLOCK)


def _stops(t: Token, stop: str | None) -> bool:
    hard = tuple(p for p in _HARD if p != "/")
    return t.kind in (Kind.NL, Kind.BULLET) or t.is_punct(*hard) or bool(stop and t.is_punct(stop))
