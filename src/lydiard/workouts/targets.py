"""Reading targets, and clocks outside a target.

Targets as written after "@" or "at": "3:27/km", "5:05-4:50", "5K pace to 10K pace",
"MP - 10s", "Z2-Z3", "RPE 7", "HR 140-150", "easy".
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from lydiard.units import lookup_unit, suggest_unit
from lydiard.workouts.ast import (
    Distance,
    Effort,
    EffortWord,
    HeartRate,
    LengthUnit,
    NamedPace,
    Pace,
    Rpe,
    Target,
    Time,
    Zone,
)
from lydiard.workouts.lexer import Kind
from lydiard.workouts.quantity import LENGTH_UNITS, Quantity, race_name, read_quantity, zone_word
from lydiard.workouts.vocab import lookup

if TYPE_CHECKING:
    from lydiard.workouts.scanner import Scanner

__all__ = ["read_clock", "read_target", "zone_range"]


def read_target(sc: Scanner) -> Target | list[Target] | None:
    """Read a target at the cursor (after "@" or "at"); None when there is none."""
    tok = sc.peek()
    if tok is None:
        return None
    if tok.kind is Kind.CLOCK:
        return _pace(sc)
    if tok.kind is Kind.NUM:
        save = sc.i
        q = read_quantity(sc)
        if isinstance(q.target, NamedPace):
            return _offset(sc, _pace_range(sc, q.target))
        if q.target is not None:
            return q.target
        if q.targets:
            return q.targets
        if len(q.ends) == 1 and isinstance(q.ends[0], Distance):
            d = q.ends[0]
            name = race_name(d.min_m)
            if name is not None:
                if d.upper is not None:
                    upper = race_name(d.max_m)
                    if upper is not None:
                        return NamedPace(name, to=upper)
                return NamedPace(name)
        sc.i = save
        return None
    zone = zone_word(tok)
    if zone is not None:
        sc.i += 1
        return zone_range(sc, zone)
    name = sc.read_pace_name(single_letters=True)
    if name is not None:
        return _offset(sc, _pace_range(sc, NamedPace(name)))
    return _word_target(sc)


def _pace_range(sc: Scanner, pace: NamedPace) -> NamedPace:
    """Read "5K pace to 10K pace": a second pace name after "to"."""
    if pace.to is not None or pace.percent is not None:
        return pace
    if sc.peek() is None or not sc.tok().is_word("to"):
        return pace
    save = sc.i
    sc.i += 1
    to = sc.read_pace_name(single_letters=True)
    if to is None or to == pace.name:
        sc.i = save
        return pace
    return NamedPace(pace.name, to=to)


_EFFORT_WORDS = {
    "easy": EffortWord.EASY,
    "steady": EffortWord.STEADY,
    "tempo": EffortWord.TEMPO,
}


def _word_target(sc: Scanner) -> Target | None:
    """Read "RPE 7", "HR 140-150", "zone 3", "easy", "very hard" after "@"."""
    words = sc.words(0, 2)
    if not words:
        return None
    nxt = sc.peek(1)
    if words[0] in ("rpe", "hr", "zone") and nxt is not None and nxt.kind is Kind.NUM:
        sc.i += 1
        low = float(sc.tok().value)
        sc.i += 1
        high = None
        n = sc.peek(1)
        dash = sc.peek() is not None and sc.tok().is_punct("-")
        if dash and n and n.kind is Kind.NUM and float(n.value) > low:
            high = float(n.value)
            sc.i += 2
        if words[0] == "rpe":
            return Rpe(low, high)
        if words[0] == "zone":
            return Zone(int(low), int(high) if high else None)
        if sc.tok().is_word("bpm"):
            sc.i += 1
        return HeartRate(low, high)
    found = lookup(words)
    if found is not None and found[1].effort is not None:
        sc.i += found[0]
        return Effort(found[1].effort)
    if words[0] in _EFFORT_WORDS:
        sc.i += 1
        return Effort(_EFFORT_WORDS[words[0]])
    return None


def zone_range(sc: Scanner, zone: Zone) -> Zone:
    """Extend "Z2" at the cursor to a range "Z2-Z3" when one follows."""
    if sc.peek() is not None and sc.tok().is_punct("-"):
        nxt = sc.peek(1)
        other = zone_word(nxt) if nxt else None
        if other is not None and other.scale == zone.scale and other.number > zone.number:
            sc.i += 2
            return Zone(zone.number, other.number, zone.scale)
        if nxt is not None and nxt.kind is Kind.NUM and int(nxt.value) > zone.number <= 7:
            sc.i += 2
            return Zone(zone.number, min(7, int(nxt.value)), zone.scale)
    return zone


def _offset(sc: Scanner, pace: NamedPace) -> NamedPace:
    """Read "MP - 10s", "HMP -10s", "marathon pace +15 s/km": seconds added to the pace."""
    sign = sc.peek()
    num = sc.peek(1)
    if sign is None or num is None or not sign.is_punct("-", "+") or num.kind is not Kind.NUM:
        return pace
    unit = sc.peek(2)
    if unit is None or lookup_unit(unit.text) != lookup_unit("s"):
        return pace
    sc.i += 3
    seconds = float(num.value) * (-1 if sign.text == "-" else 1)
    per = LengthUnit(sc.default_unit)
    if sc.peek() is not None and sc.tok().is_punct("/") and (u := sc.peek(1)):
        found = lookup_unit(u.text)
        if found is not None and found.name in LENGTH_UNITS:
            sc.i += 2
            per = LENGTH_UNITS[found.name]
    return NamedPace(pace.name, pace.to, pace.percent, pace.percent_to, seconds, per)


def _pace(sc: Scanner) -> Pace:
    first = sc.tok()
    sc.i += 1
    seconds = first.value
    to: Decimal | None = None
    n = sc.peek(1)
    if sc.peek() is not None and sc.tok().is_punct("-") and n and n.kind is Kind.CLOCK:
        sc.i += 2
        to = n.value
    unit = LengthUnit(sc.default_unit)
    length = Decimal(1)
    if sc.peek() is not None and sc.tok().is_punct("/") and (u := sc.peek(1)):
        if u.kind is Kind.NUM and (after := sc.peek(2)) is not None:
            # "1:08/400 m": a time per a length of its own
            length, u = u.value, after
            sc.i += 1
        found = lookup_unit(u.text)
        if found is None or found.name not in LENGTH_UNITS:
            guess = suggest_unit(u.text)
            hint = f"did you mean '{guess}'?" if guess else "write '/km' or '/mi'"
            raise sc.error(u, f"unknown pace unit '{u.text}'", hint)
        sc.i += 2
        unit = LENGTH_UNITS[found.name]
    if seconds <= 0 or (to is not None and to <= 0):
        raise sc.error(first, "a pace needs a time above zero")
    if length <= 0:
        raise sc.error(first, "a pace needs a length above zero")
    if to is not None and to == seconds:
        to = None
    return Pace(float(seconds), unit, float(to) if to is not None else None, float(length))


def read_clock(sc: Scanner) -> Quantity:
    """A clock outside a target: "3:27/km" is a pace, "5:00" a time."""
    q = Quantity()
    nxt = sc.peek(1)
    if nxt is not None and nxt.is_punct("/", "-"):
        after = sc.peek(2)
        ranged = after is not None and after.kind is Kind.CLOCK and _clock_pace_range(sc)
        if nxt.text == "/" or ranged:
            q.target = _pace(sc)
            return q
    tok = sc.tok()
    sc.i += 1
    q.ends = [Time(float(tok.value))]
    return q


def _clock_pace_range(sc: Scanner) -> bool:
    after = sc.peek(3)
    return after is not None and after.is_punct("/")
