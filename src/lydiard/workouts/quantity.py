"""Reading quantities and targets from tokens.

Quantities and targets as written: "3 Mile", "2-3 mi", "4-3-2-1 min", "1'30", "3:27/km",
"5:05-4:50", "96-98% 5k", "5K-10K pace", "140-150 bpm", "Z2", "RPE 7".

Numbers stay exact decimals until the model is built, so "1.5 mi" is 1.5 miles and the
canonical text of a workout reads back to the same floats.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from lydiard.units import UnitKind, lookup_unit, suggest_unit
from lydiard.workouts.ast import (
    PACE_NAMES,
    Distance,
    End,
    HeartRate,
    LengthUnit,
    NamedPace,
    Power,
    RepShare,
    Rpe,
    Target,
    Time,
    Zone,
)
from lydiard.workouts.lexer import Kind, Token
from lydiard.workouts.vocab import PACE_WORDS, RACE_PACE_NAMES, lookup

if TYPE_CHECKING:
    from lydiard.workouts.scanner import Scanner

__all__ = ["LENGTH_UNITS", "Quantity", "race_name", "read_quantity", "zone_word"]

LENGTH_UNITS = {"Mile": LengthUnit.MI, "Meter": LengthUnit.M, "km": LengthUnit.KM}
LENGTH_UNITS["Yard"] = LengthUnit.YD


class Quantity:
    """What a number (or clock) turned out to be: an end, a ladder of ends, or a target."""

    __slots__ = ("ends", "note", "prose", "target", "targets")

    def __init__(self) -> None:
        self.prose = False
        self.ends: list[End] = []
        self.targets: list[Target] = []
        self.target: Target | None = None
        self.note: str = ""


def _f(value: Decimal) -> float:
    return float(value)


def zone_word(tok: Token) -> Zone | None:
    """A zone written as one word: "Z2", "z4", "R3"."""
    low = tok.low
    if tok.kind is Kind.WORD and len(low) == 2 and low[0] in "zr" and low[1].isdigit():
        number = int(low[1])
        scale = "R" if low[0] == "r" else "Z"
        if (scale == "R" and number <= 7) or 1 <= number <= 7:
            return Zone(number, scale=scale)
    return None


def _numbers(sc: Scanner) -> list[tuple[Decimal, Token]]:
    """NUM (("-" | "to") NUM)*: a single number, a range or a ladder."""
    out = [(sc.tok().value, sc.tok())]
    sc.i += 1
    while True:
        sep = sc.peek()
        nxt = sc.peek(1)
        if sep is None or nxt is None or nxt.kind is not Kind.NUM:
            break
        if not (sep.is_punct("-") or sep.is_word("to")):
            break
        after = sc.peek(2)
        if after is not None and after.kind is Kind.X and sep.is_word("to"):
            break
        sc.i += 2
        out.append((nxt.value, nxt))
    return out


def race_name(metres: float) -> str | None:
    """The pace name of a race distance in metres ("5K", "HM"), or None."""
    return RACE_PACE_NAMES.get(round(metres)) or ("HM" if abs(metres - 21097.5) < 1 else None)


def _unit_at(sc: Scanner) -> tuple[int, object] | None:
    """A unit word (or minute/second mark) at the cursor: (tokens used, Unit)."""
    tok = sc.peek()
    if tok is None:
        return None
    if tok.kind is Kind.MIN_MARK:
        return 1, lookup_unit("min")
    if tok.kind is Kind.SEC_MARK:
        return 1, lookup_unit("s")
    if tok.kind is not Kind.WORD:
        return None
    if tok.low in ("hr", "h") and (nxt := sc.peek(1)) is not None and nxt.is_word("zone"):
        return None
    unit = lookup_unit(tok.text)
    return (1, unit) if unit is not None else None


def read_quantity(sc: Scanner, *, bare_metres: bool = False) -> Quantity:
    """Read the quantity at the cursor (a NUM token); see the module docstring."""
    first = sc.tok()
    nums = _numbers(sc)
    q = Quantity()
    tok = sc.peek()
    # "5-min": a dash between the number and its unit
    if tok is not None and tok.is_punct("-") and (u := sc.peek(1)) and lookup_unit(u.text):
        sc.i += 1
        tok = sc.peek()
    if tok is not None and tok.is_punct("%"):
        sc.i += 1
        return _percent(sc, nums, q)
    if tok is not None and tok.kind is Kind.WORD and tok.low in ("bpm", "w", "watts", "rpm"):
        sc.i += 1
        floats = [_f(v) for v, _ in nums]
        upper = floats[-1] if len(floats) > 1 else None
        if tok.low == "bpm":
            q.target = HeartRate(floats[0], upper)
        elif tok.low == "rpm":
            q.note = sc.text[first.start : tok.end]
        else:
            q.target = Power(floats[0], upper)
        return q
    found = _unit_at(sc)
    if found is None:
        return _bare(sc, nums, q, bare_metres)
    sc.i += found[0]
    unit = found[1]
    assert unit is not None
    kind = unit.kind  # type: ignore[attr-defined]
    if kind is UnitKind.DURATION:
        slash, per = sc.peek(), sc.peek(1)
        if slash is not None and per is not None and slash.is_punct("/") and not slash.space_before:
            per_unit = lookup_unit(per.text)
            if per_unit is not None and per_unit.kind is UnitKind.DISTANCE:
                # "3-5 sec/mi": a change of pace, which is advice rather than a step
                sc.i += 2
                q.prose = True
                return q
        seconds = _compound(sc, [_seconds(v, unit) for v, _ in nums])
        q.ends = _as_ends(seconds, time=True)
        return q
    lunit = LENGTH_UNITS.get(unit.name)  # type: ignore[attr-defined]
    values: list[Decimal] = [v for v, _ in nums]
    if lunit is None:  # feet
        values = [v * Decimal("0.3048") for v in values]
        lunit = LengthUnit.M
    # "15 mi-18 mi": the unit repeated after the upper end of a range
    if len(values) == 1 and sc.peek() and (sc.tok().is_punct("-") or sc.tok().is_word("to")):
        nxt, unit2 = sc.peek(1), sc.peek(2)
        if nxt and nxt.kind is Kind.NUM and unit2 and lookup_unit(unit2.text) == unit:
            sc.i += 3
            values.append(nxt.value)
    if _pace_follows(sc):
        return _race_paces(sc, values, lunit, first, q)
    q.ends = _as_ends(values, lunit=lunit)
    sc.skip_dual(values[0] * Decimal(str(lunit.metres)))
    return q


def _pace_follows(sc: Scanner) -> bool:
    tok = sc.peek()
    if tok is None or tok.kind is not Kind.WORD:
        return False
    if tok.low in PACE_WORDS:
        return True
    # "800 m to mile race pace", "15K to half marathon pace"
    if tok.low == "to" or tok.is_punct("-"):
        for k in range(1, 6):
            t = sc.peek(k)
            if t is None or t.kind is Kind.NL:
                return False
            if t.kind is Kind.WORD and t.low in PACE_WORDS:
                return True
            if t.is_punct(",", ".", ";", "(", "/"):
                return False
    return False


def _race_paces(
    sc: Scanner, values: list[Decimal], lunit: LengthUnit, first: Token, q: Quantity
) -> Quantity:
    names = []
    for v in values:
        name = race_name(float(v) * lunit.metres)
        if name is None:
            raise sc.error(first, f"no pace is named for a {v} {lunit} race", _PACE_HINT)
        names.append(name)
    words = []
    while sc.peek() is not None and sc.tok().kind is Kind.WORD and sc.tok().low in PACE_WORDS:
        words.append(sc.tok().low)
        sc.i += 1
    if len(values) == 1 and words and set(words) <= {"race", "races"}:
        # "5K race", "50 km race": the race itself, run at its own pace
        q.ends = _as_ends(values, lunit=lunit)
        q.target = NamedPace(names[0])
        return q
    if sc.peek() is not None and sc.tok().is_word("to"):
        sc.i += 1
        other = sc.read_pace_name(single_letters=True)
        if other is None:
            raise sc.error(sc.tok(), "expected a race pace after 'to'", _PACE_HINT)
        names.append(other)
    if len(names) == 1:
        q.target = NamedPace(names[0])
    elif len(names) == 2 and names[0] != names[1]:
        q.target = NamedPace(names[0], to=names[1])
    else:
        q.target = NamedPace(names[0])
    return q


_PACE_HINT = f"named paces are {', '.join(PACE_NAMES)}"


def _seconds(value: Decimal, unit: object) -> Decimal:
    return value * Decimal(str(unit.si))  # type: ignore[attr-defined]


def _compound(sc: Scanner, ends: list[Decimal]) -> list[Decimal]:
    """Add a smaller unit after a time: "2 minutes and 40 seconds", "1 h 30", "1'30"."""
    if len(ends) != 1:
        return ends
    k = 0
    if sc.peek() is not None and sc.tok().is_word("and"):
        k = 1
    num = sc.peek(k)
    if num is None or num.kind is not Kind.NUM:
        return ends
    unit_tok = sc.peek(k + 1)
    unit = lookup_unit(unit_tok.text) if unit_tok and unit_tok.kind is Kind.WORD else None
    if unit_tok is not None and unit_tok.kind is Kind.SEC_MARK:
        unit = lookup_unit("s")
    prev_mark = sc.toks[sc.i - 1]
    if unit is None and prev_mark.kind is Kind.MIN_MARK and k == 0:
        # "1'30": seconds after a minute mark
        sc.i += 1
        return [ends[0] + num.value]
    if unit is None or unit.kind is not UnitKind.DURATION:
        return ends
    added = _seconds(num.value, unit)
    if added >= ends[0]:
        return ends
    after = sc.peek(k + 2)
    if after is not None and (after.is_punct("-") or after.is_word("to")):
        return ends
    sc.i += k + 2
    return [ends[0] + added]


def _as_ends(
    values: list[Decimal], *, time: bool = False, lunit: LengthUnit = LengthUnit.M
) -> list[End]:
    def make(v: Decimal, upper: Decimal | None = None) -> End:
        up = _f(upper) if upper is not None else None
        return Time(_f(v), up) if time else Distance(_f(v), lunit, up)

    if len(values) == 2 and values[1] > values[0]:
        return [make(values[0], values[1])]
    return [make(v) for v in values]


def _percent(sc: Scanner, nums: list[tuple[Decimal, Token]], q: Quantity) -> Quantity:
    values = [float(v) for v, _ in nums]
    tok = sc.peek()
    if tok is not None and tok.is_punct("-") and (n2 := sc.peek(1)) and n2.kind is Kind.NUM:
        # "50%–90%"
        sc.i += 2
        values.append(float(n2.value))
        if sc.peek() is not None and sc.tok().is_punct("%"):
            sc.i += 1
    tok = sc.peek()
    if tok is not None and tok.kind is Kind.WORD and tok.low in ("effort",):
        sc.i += 1
        q.target = Rpe(values[0] / 10, values[1] / 10 if len(values) == 2 else None)
        return q
    if tok is not None and tok.kind is Kind.WORD and tok.low in ("of", "interval", "recovery"):
        # "of rep time", "interval time recovery", "interval recovery time"
        for options in (("of",), ("rep", "interval"), ("recovery",), ("time",), ("recovery",)):
            if sc.peek() is not None and sc.tok().is_word(*options):
                if options == ("recovery",):
                    sc.recovery_hint = True
                sc.i += 1
        upper = values[1] if len(values) == 2 else None
        q.ends = [RepShare(values[0], upper)]
        return q
    name = sc.read_pace_name()
    if name is None:
        raise sc.error(nums[0][1], "a percentage needs a pace after it ('108% MP', '96% 5K')")
    if len(values) == 2 and values[1] > values[0]:
        q.target = NamedPace(name, percent=values[0], percent_to=values[1])
    elif len(values) == 1:
        q.target = NamedPace(name, percent=values[0])
    else:
        q.targets = [NamedPace(name, percent=v) for v in values]
    return q


def _bare(sc: Scanner, nums: list[tuple[Decimal, Token]], q: Quantity, metres: bool) -> Quantity:
    tok = sc.peek()
    first = nums[0][1]
    if tok is not None and tok.kind is Kind.WORD and tok.low in PACE_WORDS and len(nums) == 1:
        name = race_name(float(nums[0][0]))
        if name is not None:
            sc.i += 1
            q.target = NamedPace(name)
            return q
    if tok is not None and tok.kind is Kind.WORD and lookup([tok.low]) is None:
        guess = suggest_unit(tok.text)
        if guess is not None and guess[0].lower() == tok.low[0]:
            raise sc.error(tok, f"unknown unit '{tok.text}'", f"did you mean '{guess}'?")
    if metres and all(v >= 50 for v, _ in nums):
        q.ends = _as_ends([v for v, _ in nums])
        return q
    last = nums[-1][1]
    raise sc.error(
        first,
        f"'{sc.text[first.start : last.end]}' needs a unit",
        "write e.g. '400 m', '3 mi', '2 km', '90 s' or '5 min'",
        end=last.end,
    )
