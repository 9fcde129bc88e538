"""Connective words in a phrase: "with", "between", "last", "repeat", "until", "after"...

Each function takes the :class:`~lydiard.workouts.phrase.PhraseReader` whose cursor has
just passed the word, and changes the entries around it (see
:mod:`lydiard.workouts.build` for what the marks mean).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lydiard.units import lookup_unit
from lydiard.workouts import alternate, groups
from lydiard.workouts.ast import (
    Distance,
    Effort,
    HeartRate,
    HrBelow,
    LapButton,
    LengthUnit,
    NamedPace,
    Placement,
    Role,
    Target,
    Time,
    Zone,
)
from lydiard.workouts.entry import StopPhrase
from lydiard.workouts.lexer import Kind, Token
from lydiard.workouts.quantity import read_quantity
from lydiard.workouts.reptime import rep_time
from lydiard.workouts.scanner import _SCOPES, read_quantity_plain
from lydiard.workouts.vocab import Flag, lookup

if TYPE_CHECKING:
    from lydiard.workouts.phrase import PhraseReader

__all__ = ["flag", "with_clause"]

_BETWEEN_WORDS = frozenset(
    [
        "each",
        "every",
        "round",
        "rounds",
        "rep",
        "reps",
        "repeat",
        "repeats",
        "interval",
        "intervals",
        "mile",
        "miles",
        "km",
        "the",
        "sets",
        "set",
        "pyramids",
        "series",
        "all",
        "efforts",
        "effort",
    ]
)


def unknown_at(r: PhraseReader, j: int) -> None:
    """Count the word at token ``j`` (already passed) as part of a note."""
    r.slot(r.sc.toks[j], "word").unknown += 1
    r.unknown.append(j)


def flag(r: PhraseReader, t: Token, n: int, flag: Flag) -> None:
    """Act on the connective ``flag`` (``n`` words, starting at ``t``)."""
    sc = r.sc
    single_breaks = (
        Flag.WITH,
        Flag.THEN,
        Flag.LAST,
        Flag.FIRST,
        Flag.REPEAT,
        Flag.BETWEEN,
        Flag.MIDDLE,
        Flag.END,
        Flag.START,
        Flag.MIDDLE_PART,
    )
    if r.single and (flag in single_breaks or flag is Flag.AND):
        raise StopPhrase
    keeps = flag in (Flag.LAST, Flag.FIRST, Flag.MIDDLE_PART) and incomplete(r)
    closes = (Flag.LAST, Flag.FIRST, Flag.MIDDLE_PART, Flag.REPEAT, Flag.INCLUDE, Flag.THEN)
    if flag in closes and not keeps:
        r.close()
    sc.i += n
    if flag in (Flag.FILLER, Flag.TO, Flag.PACE, Flag.TIMES, Flag.SETS_OF):
        return
    if flag is Flag.AND:
        r.soft = True
    elif flag is Flag.AT:
        r._target(t, required=False)
    elif flag is Flag.IN:
        rep_time(r)
    elif flag is Flag.WITH:
        with_clause(r, t)
    elif flag is Flag.BETWEEN:
        between(r, t)
    elif flag is Flag.ALL:
        if sc.tok().is_word("with"):
            r.all_pending = True
        elif sc.tok().is_word("intervals", "reps", "repeats") and r.cur is None:
            sc.i += 1
            r.slot(t, "modifier").all_target = True
    elif flag in (Flag.LAST, Flag.FIRST, Flag.MIDDLE_PART):
        last(r, t, first=flag is Flag.FIRST, middle=flag is Flag.MIDDLE_PART)
    elif flag is Flag.ALTERNATE:
        alternate.read(r, t)
    elif flag is Flag.AFTER:
        cur = r.cur
        recovery = cur is not None and Role.RECOVERY in (cur.role, cur.weak_role)
        if cur is not None and cur.finish is not None and (recovery or r.after_mode):
            # NRC: "Recovery is 1:00 after Mile Pace and 1:30 after 5K Pace"
            cur.role = Role.RECOVERY
            cur.after = after_what(r, t)
            r.after_mode = True
        else:
            unknown_at(r, sc.i - n)
    elif flag is Flag.THEN:
        r.close()
        r.then = True
    elif flag is Flag.INCLUDE:
        r.slot(t, "modifier").include = True
    elif flag is Flag.OR:
        start, end = sc.raw_until_hard(r.stop)
        rest = " ".join(sc.text[start:end].split())
        r.slot(t, "word").notes.append(f"or {rest}".strip().replace('"', "'"))
    elif flag is Flag.REPEAT:
        repeat(r, t)
    elif flag is Flag.LAP:
        r.slot(t, "end").finish = LapButton()
    elif flag is Flag.UNTIL:
        until(r, t)
    elif flag is Flag.HR:
        hr(r, t)
    elif flag is Flag.ZONE:
        num = sc.peek()
        if num is not None and num.kind is Kind.NUM and 1 <= num.value <= 7:
            low, high = read_quantity_plain(sc)
            e = r.slot(t, "target")
            if e.target is None:
                e.target = Zone(int(low), int(high) if high else None)
    elif flag is Flag.OF:
        cur = r.cur
        if sc.tok().is_punct("(") and cur is not None and isinstance(cur.finish, Time):
            cur.of_group = groups.group_body(r, sc.tok())
    elif flag in (Flag.MIDDLE, Flag.END, Flag.START):
        host = r.cur or (r.entries[-1] if r.entries else None)
        if host is not None:
            host.placement = {
                Flag.MIDDLE: Placement.MIDDLE,
                Flag.END: Placement.END,
                Flag.START: Placement.START,
            }[flag]
    elif flag is Flag.DURING:
        if r.cur is not None:
            r.cur.during = True
    elif flag is Flag.RPE:
        unknown_at(r, sc.i - n)


def with_clause(r: PhraseReader, t: Token) -> None:
    """Read what follows "with": recoveries between reps, or the parts inside a run."""
    sc = r.sc
    grouped = sc.tok().is_punct("(")
    if grouped:
        # "with (...)": the parts inside a run, then where they fall
        clause = groups.group_body(r, sc.tok())
        where = placement(r)
        if where is not None and clause:
            clause[0].placement = where
    else:
        clause = sc.sequence(r.stop, stop_nl=True)
    if not clause:
        raise sc.error(t, "'with' needs something after it", "e.g. 'with 400 m jog'")
    if r.all_pending:
        for entry in clause:
            entry.between = entry.between or "all"
        r.all_pending = False
    target = r.cur or (r.entries[-1] if r.entries else None)
    if target is None:
        raise sc.error(t, "'with' needs a step before it")
    target.with_ = (target.with_ or []) + clause
    target.with_group = grouped
    r.close()


def after_what(r: PhraseReader, t: Token) -> Target | Role | str:
    """What a recovery follows: a pace ("Mile Pace"), an effort, a role, or "all"."""
    sc = r.sc
    words = sc.words(0, 2)
    what: Target | Role | str | None = None
    if words[:1] == ["all"]:
        sc.i += 1
        what = "all"
    else:
        name = sc.read_pace_name(single_letters=True)
        if name is not None:
            what = NamedPace(name)
        else:
            found = lookup(words)
            if found is not None and (found[1].effort or found[1].role):
                sc.i += found[0]
                meaning = found[1]
                what = Effort(meaning.effort) if meaning.effort else meaning.role
    if what is None:
        raise sc.error(t, "'after' needs the intervals it follows", "e.g. 'after 5K pace'")
    while sc.tok().is_word("intervals", "interval", "pace", "effort", "run", "reps"):
        sc.i += 1
    if sc.tok().is_word("except"):
        raise sc.error(
            sc.tok(),
            "exceptions to a recovery cannot be placed",
            "write each recovery in its place",
        )
    return what


def placement(r: PhraseReader) -> Placement | None:
    found = lookup(r.sc.words(0, 3))
    if found is None or found[1].flag not in (Flag.MIDDLE, Flag.END, Flag.START):
        return None
    r.sc.i += found[0]
    return {
        Flag.MIDDLE: Placement.MIDDLE,
        Flag.END: Placement.END,
        Flag.START: Placement.START,
    }[found[1].flag]


def between(r: PhraseReader, t: Token) -> None:
    sc = r.sc
    scope = "direct"
    while (w := sc.peek()) is not None and w.kind is Kind.WORD and w.low in _BETWEEN_WORDS:
        if scope in ("direct", "reps"):
            scope = _SCOPES.get(w.low, "reps")
        sc.i += 1
    if sc.peek() is not None and sc.tok().is_punct("#"):
        sc.raw_until_hard(r.stop)
    r.slot(t, "target" if r.cur is not None else "word").between = scope


def incomplete(r: PhraseReader) -> bool:
    cur = r.cur
    return cur is not None and not cur.complete and not cur.with_ and not r.soft


def last(r: PhraseReader, t: Token, first: bool, middle: bool = False) -> None:
    sc = r.sc
    e = r.cur if incomplete(r) and r.cur is not None else r.slot(t, "modifier")
    e.last = True
    e.last_first = first
    e.last_middle = middle
    tok = sc.peek()
    if tok is not None and tok.kind is Kind.NUM:
        unit = sc.peek(1)
        if unit is not None and (lookup_unit(unit.text) or unit.kind is Kind.MIN_MARK):
            q = read_quantity(sc)
            if q.ends:
                e.finish = q.ends[0]
        else:
            if tok.value != tok.value.to_integral_value() or tok.value < 1:
                raise sc.error(tok, "'last' needs a whole number of reps or a distance")
            e.last_count = int(tok.value)
            sc.i += 1
    elif tok is not None and tok.kind is Kind.CLOCK:
        e.finish = Time(float(tok.value))
        sc.i += 1
    elif tok is not None and (named := lookup_unit(tok.text)) is not None:
        # "the last hour", "last mile": one of the unit
        e.finish = _one(named.name)
        sc.i += 1
    else:
        word = "first" if first else "last"
        raise sc.error(t, f"'{word}' needs an amount", f"e.g. '{word} 5 at T pace'")


def repeat(r: PhraseReader, t: Token) -> None:
    sc = r.sc
    colon = sc.peek() is not None and sc.tok().is_punct(":")
    if colon:
        sc.i += 1
    num = sc.peek()
    if num is None or num.kind is not Kind.NUM or num.value < 1:
        raise sc.error(t, "'repeat' needs a number of times", "e.g. 'Repeat 3 times'")
    e = r.slot(t, "modifier")
    e.header = colon
    e.repeat_times = int(num.value)
    sc.i += 1
    while (w := sc.peek()) is not None and (w.kind is Kind.X or w.is_word("x's", "times")):
        sc.i += 1
    if sc.words(0, 3) == ["during", "the", "run"]:
        sc.i += 3
        e.during = True


def until(r: PhraseReader, t: Token) -> None:
    sc = r.sc
    words = sc.words(0, 3)
    k = 2 if words[:2] == ["heart", "rate"] else 1 if words[:1] == ["hr"] else 0
    below = sc.peek(k)
    num = sc.peek(k + 1)
    ok = below is not None and (below.is_word("below", "under") or below.is_punct("<"))
    if not ok or num is None or num.kind is not Kind.NUM:
        raise sc.error(t, "expected 'until HR below N'", "e.g. 'until HR below 130'")
    sc.i += k + 2
    if sc.tok().is_word("bpm"):
        sc.i += 1
    r.slot(t, "end").finish = HrBelow(float(num.value))


def hr(r: PhraseReader, t: Token) -> None:
    sc = r.sc
    num = sc.peek()
    if num is None or num.kind is not Kind.NUM:
        unknown_at(r, sc.i - 1)
        return
    low, high = read_quantity_plain(sc)
    if sc.tok().is_word("bpm"):
        sc.i += 1
    e = r.slot(t, "target")
    if e.target is None:
        e.target = HeartRate(low, high)


def _one(unit_name: str) -> Distance | Time:
    lengths = {"Mile": LengthUnit.MI, "km": LengthUnit.KM, "Meter": LengthUnit.M}
    if unit_name in lengths:
        return Distance(1.0, lengths[unit_name])
    return Time({"Hour": 3600.0, "Minute": 60.0}.get(unit_name, 1.0))
