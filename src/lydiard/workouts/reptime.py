"""Rep times: "400 m in 68 s", "1 mile in 5:00", "8 x 400 in 68-70", "32:00 8,2 km".

Coaches give a track rep its time rather than its pace. The time to cover the step's own
distance becomes a pace over that distance (``Pace(68, "m", length=400)``), so totals,
exports and the renderer ("@ 1:08/400 m") treat it like any other pace.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from lydiard.units import UnitKind, lookup_unit
from lydiard.workouts.ast import Distance, End, Pace, Time
from lydiard.workouts.lexer import Kind

if TYPE_CHECKING:
    from lydiard.workouts.entry import Entry
    from lydiard.workouts.phrase import PhraseReader
    from lydiard.workouts.scanner import Scanner

__all__ = ["rep_time", "time_beside_distance"]


def rep_time(r: PhraseReader) -> bool:
    """Read the time after "in" as the current step's pace over its distance.

    Returns False (nothing read) when "in" is a plain word: no distance before it
    ("in the hills"), a distance range, or no time after it.
    """
    sc = r.sc
    cur = r.cur
    finish = cur.finish if cur is not None else None
    if cur is None or not isinstance(finish, Distance) or finish.upper is not None:
        return False
    start = sc.i
    times = _times(sc)
    if times is None:
        sc.i = start
        return False
    seconds, to = times
    if seconds <= 0 or (to is not None and to <= 0):
        raise sc.error(sc.toks[start], "a rep time needs a time above zero")
    if cur.target is None:
        cur.target = Pace(
            float(seconds),
            finish.unit,
            float(to) if to is not None and to != seconds else None,
            length=finish.value,
        )
    return True


def _times(sc: Scanner) -> tuple[Decimal, Decimal | None] | None:
    """A time or a range of times: "5:00", "5:00-5:10", "68 s", "68-70", "68 to 70 sec"."""
    first = sc.peek()
    if first is None:
        return None
    if first.kind is Kind.CLOCK:
        sc.i += 1
        dash, other = sc.peek(), sc.peek(1)
        if (
            dash is not None
            and dash.is_punct("-")
            and other is not None
            and other.kind is Kind.CLOCK
        ):
            sc.i += 2
            return first.value, other.value
        return first.value, None
    if first.kind is not Kind.NUM:
        return None
    sc.i += 1
    values = [first.value]
    sep, other = sc.peek(), sc.peek(1)
    ranged = sep is not None and (sep.is_punct("-") or sep.is_word("to"))
    if ranged and other is not None and other.kind is Kind.NUM:
        sc.i += 2
        values.append(other.value)
    scale = Decimal(1)  # a bare number after a rep is seconds ("8 x 400 in 68-70")
    unit_tok = sc.peek()
    if unit_tok is not None and unit_tok.kind is Kind.SEC_MARK:
        sc.i += 1
    elif unit_tok is not None and unit_tok.kind is Kind.MIN_MARK:
        sc.i += 1
        scale = Decimal(60)
    elif unit_tok is not None and unit_tok.kind is Kind.WORD:
        unit = lookup_unit(unit_tok.text)
        if unit is not None and unit.kind is not UnitKind.DURATION:
            return None  # "in 2 km": not a time
        if unit is not None:
            sc.i += 1
            scale = Decimal(str(unit.si))
    seconds = [v * scale for v in values]
    return seconds[0], seconds[1] if len(seconds) > 1 else None


def time_beside_distance(cur: Entry | None, end: End) -> bool:
    """Join "32:00 8,2 km" (or "8.2 km 32:00") into one step: the distance in that time.

    The caller joins only a clock written beside a distance.

    Only a bare time and a bare distance written side by side join; anything else on the
    step (a count, role, sport, target) keeps them two steps. Returns True when joined.
    """
    if cur is None or cur.count is not None or cur.role is not None or cur.sport is not None:
        return False
    if cur.target is not None or cur.ladder or cur.body or cur.with_ or cur.notes:
        return False
    first, second = cur.finish, end
    time, distance = (first, second) if isinstance(first, Time) else (second, first)
    if not (isinstance(time, Time) and isinstance(distance, Distance)):
        return False
    if time.upper is not None or distance.upper is not None:
        return False
    cur.finish = distance
    cur.target = Pace(time.seconds, distance.unit, length=distance.value)
    return True
