"""Reading phrases into entries: the main loop of the workout grammar.

One :class:`PhraseReader` reads a run of tokens (a line, a parenthesised group, the rest
of a "with" clause) into :class:`Entry` objects. See :mod:`lydiard.workouts.scanner` for
how separators split phrases.
"""

from __future__ import annotations

import contextlib

from lydiard.errors import InputError, WorkoutSyntaxError
from lydiard.units import lookup_unit
from lydiard.workouts.ast import (
    Distance,
    Effort,
    EffortWord,
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
from lydiard.workouts.entry import Entry
from lydiard.workouts.lexer import Kind, Token
from lydiard.workouts.quantity import Quantity, read_clock, read_quantity, read_target
from lydiard.workouts.scanner import _HARD, _SCOPES, Scanner, read_quantity_plain
from lydiard.workouts.vocab import Flag, lookup

__all__ = ["PhraseReader"]

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


class PhraseReader:
    """Reads entries from the scanner's cursor until a stop."""

    def __init__(
        self, sc: Scanner, stop: str | None, stop_nl: bool, *, single: bool = False
    ) -> None:
        self.sc = sc
        self.stop = stop
        self.stop_nl = stop_nl
        self.single = single
        self.bare_metres = single
        self.entries: list[Entry] = []
        self.cur: Entry | None = None
        self.soft = False
        self.then = False
        self.all_pending = False
        self.unknown: list[int] = []
        self.done = False
        self.segment = 0
        self.after_mode = False

    # --- entries --------------------------------------------------------------------------

    def slot(self, tok: Token, kind: str) -> Entry:
        """The entry an element of ``kind`` goes into, starting a new one when needed."""
        cur = self.cur
        new = cur is None or kind == "modifier"
        if (
            cur is not None
            and not new
            and (
                (kind in ("end", "count") and cur.complete)
                or (self.soft and cur.complete and kind in ("role", "sport"))
            )
        ):
            new = True
        if cur is not None and not new and kind == "word" and self.soft and cur.complete:
            new = True
        if new and self.single and cur is not None:
            self.done = True
            raise _Stop
        if new:
            self.close()
            self.cur = Entry(start=tok.start, then=self.then)
            self.then = False
        self.soft = False
        assert self.cur is not None
        return self.cur

    def close(self) -> None:
        """Finish the current entry and keep it unless it is empty."""
        e = self.cur
        self.cur = None
        self.soft = False
        if e is None:
            return
        if self.unknown:
            self._flush_unknown(e)
        if e.empty:
            return
        e.end = max(e.end, self.sc.toks[self.sc.i - 1].end if self.sc.i else e.start)
        prose = e.unknown > 0 and not e.complete and e.role not in (Role.RECOVERY, Role.REST)
        if prose and e.with_ is None and e.between is None and not e.include:
            text = self.sc.text[e.start : e.end].strip(" ,.;:")
            self.entries.append(Entry(start=e.start, end=e.end, note_text=text.replace('"', "'")))
            return
        if e.notes and _only_notes(e):
            text = "; ".join(" ".join(n.split()) for n in e.notes)
            e = Entry(start=e.start, end=e.end, note_text=text)
            self.entries.append(e)
            return
        e.segment = self.segment
        self.entries.append(e)

    def _flush_unknown(self, e: Entry) -> None:
        toks = self.sc.toks
        runs: list[list[int]] = []
        for j in self.unknown:
            if runs and runs[-1][-1] == j - 1:
                runs[-1].append(j)
            else:
                runs.append([j])
        for run in runs:
            text = self.sc.text[toks[run[0]].start : toks[run[-1]].end]
            e.notes.append(text.replace('"', "'"))
        self.unknown = []

    # --- main loop ------------------------------------------------------------------------

    def run(self) -> list[Entry]:
        """Read until the stop; return the entries."""
        with contextlib.suppress(_Stop):
            self._loop()
        if self.cur is not None:
            self.close()
        return self.entries

    def _loop(self) -> None:
        sc = self.sc
        while (t := sc.peek()) is not None:
            if self.stop and t.is_punct(self.stop):
                return
            if t.kind is Kind.NL:
                if self.stop_nl:
                    return
                self.close()
                sc.i += 1
                continue
            if t.kind is Kind.BULLET or t.is_punct(*_HARD):
                if self.single:
                    return
                self.close()
                if t.is_punct("•"):
                    self.segment += 1
                sc.i += 1
                continue
            if t.is_punct("+"):
                if self.cur is not None and self.cur.complete:
                    if self.single:
                        return
                    self.close()
                sc.i += 1
                continue
            if t.is_punct(",", "&"):
                if self.single:
                    return
                self.soft = True
                sc.i += 1
                continue
            try:
                self._element(t)
            except WorkoutSyntaxError:
                raise
            except InputError as exc:  # a value the model refuses, e.g. "0 km"
                raise sc.error(t, str(exc)) from None

    def _element(self, t: Token) -> None:
        sc = self.sc
        if t.is_punct(":"):
            nxt = sc.peek(1)
            cur = self.cur
            sc.i += 1
            if cur is not None and (nxt is None or nxt.kind is Kind.NL):
                cur.header = True
            elif cur is not None and cur.count is None and isinstance(cur.finish, Distance | Time):
                # "44 min change-of-pace tempo run: 4 min fast, ...": the rest is inside it
                clause = sc.sequence(self.stop, stop_nl=True)
                if clause:
                    cur.with_ = (cur.with_ or []) + clause
                    cur.with_group = True
                    cur.envelope = True
                    self.close()
        elif t.is_punct("("):
            if self.single and self.cur is not None and self.cur.complete:
                raise _Stop
            self._group(t)
        elif t.is_punct("["):
            self._bracket(t)
        elif t.is_punct("->"):
            raise sc.error(
                t,
                "a progression written with '->' cannot be read as steps",
                "write the parts, e.g. '5 km @ 4:40/km, 5 km @ 4:10/km'",
            )
        elif t.is_punct("@"):
            sc.i += 1
            self._target(t, required=True)
        elif t.is_punct("#") and (n := sc.peek(1)) is not None and n.kind is Kind.NUM:
            self.slot(t, "word").notes.append(f"#{n.text}")
            sc.i += 2
        elif t.kind is Kind.QUOTE:
            self.slot(t, "word").notes.append(t.text)
            sc.i += 1
        elif t.kind is Kind.PUNCT or t.kind in (Kind.MIN_MARK, Kind.SEC_MARK):
            sc.i += 1
        elif self.cur is None and not self.single and sc.note_starts():
            start, end = sc.raw_until_hard(self.stop)
            note = sc.text[start:end].strip(" ,").replace('"', "'")
            self.entries.append(Entry(start=start, end=end, note_text=note))
        elif t.kind is Kind.NUM:
            self._number(t)
        elif t.kind is Kind.CLOCK:
            self._quantity(t, read_clock(sc))
        elif t.kind is Kind.X:
            raise sc.error(t, "'x' needs a count before it", "write e.g. '8 x 200 m'")
        elif t.kind is Kind.WORD:
            self._word(t)
        else:  # pragma: no cover - every kind is handled above
            sc.i += 1

    # --- numbers --------------------------------------------------------------------------

    def _count(self) -> tuple[int, int | None, str] | None:
        sc = self.sc
        first = sc.tok()
        if first.value != first.value.to_integral_value():
            return None
        k = 1
        upper = None
        sep = sc.peek(1)
        nxt = sc.peek(2)
        ranged = sep is not None and (sep.is_punct("-") or sep.is_word("to"))
        whole = nxt is not None and nxt.kind is Kind.NUM
        if ranged and whole and nxt is not None and nxt.value == nxt.value.to_integral_value():
            after = sc.peek(3)
            if after is not None and (after.kind is Kind.X or after.is_word("sets", "set")):
                upper = int(nxt.value)
                k = 3
        mark = sc.peek(k)
        if mark is None:
            return None
        if mark.kind is Kind.X:
            kind = "x"
            k += 1
        elif mark.is_word("sets", "set") and (of := sc.peek(k + 1)) and of.is_word("of"):
            kind = "sets"
            k += 2
        else:
            return None
        count = int(first.value)
        if count < 1 or (upper is not None and upper <= count):
            raise sc.error(first, f"a repeat count must be 1 or more, rising: {count}")
        sc.i += k
        return count, upper, kind

    def _number(self, t: Token) -> None:
        sc = self.sc
        counted = self._count()
        word, of = sc.peek(1), sc.peek(2)
        if (
            counted is None
            and word is not None
            and of is not None
            and word.kind is Kind.WORD
            and lookup_unit(word.text) is None
            and lookup([word.low]) is None
            and of.is_word("of")
            and t.value == t.value.to_integral_value()
            and t.value >= 1
        ):
            # "3 pyramids of effort." over indented lines: repeat those lines
            e = self.slot(t, "modifier")
            e.repeat_times = int(t.value)
            e.header = True
            sc.raw_until_hard(self.stop)
            return
        if counted is None:
            self._quantity(t, read_quantity(sc, bare_metres=self.bare_metres))
            return
        count, upper, kind = counted
        e = self.slot(t, "count")
        e.count = (count, upper)
        if e.prefix_end is None:
            e.prefix_end = t.start
        if sc.tok().is_punct("("):
            e.body = self._group_body(sc.tok())
        elif kind == "sets":
            e.body = sc.sequence(self.stop, stop_nl=True)
        else:
            body = PhraseReader(sc, self.stop, True, single=True).run()
            if not body:
                raise sc.error(t, f"'{count} x' needs something to repeat", "e.g. '8 x 200 m'")
            e.body = body[:1]
        if not e.body:
            raise sc.error(t, "nothing to repeat")

    def _quantity(self, t: Token, q: Quantity) -> None:
        self.bare_metres = False
        if q.prose:
            e = self.slot(t, "word")
            e.unknown += 1
            self.unknown.extend(range(self.sc.toks.index(t), self.sc.i))
            return
        if q.ends:
            e = self.slot(t, "end")
            e.finish = q.ends[0]
            e.ladder = list(q.ends[1:])
            if e.prefix_end is None:
                e.prefix_end = t.start
            if self.sc.recovery_hint:
                e.weak_role = e.weak_role or Role.RECOVERY
                self.sc.recovery_hint = False
        if q.target is not None or q.targets:
            e = self.slot(t, "target")
            if q.targets:
                e.target_ladder = list(q.targets)
            elif e.target is None:
                e.target = q.target
        if q.note:
            self.slot(t, "target").notes.append(q.note)

    def _target(self, t: Token, required: bool) -> None:
        sc = self.sc
        found = read_target(sc)
        if found is None:
            if required:
                raise sc.error(
                    t,
                    "expected a target after '@'",
                    "e.g. '@ 3:27/km', '@ 5K pace', '@ MP', '@ Z2', '@ 150 bpm'",
                )
            return
        e = self.slot(t, "target")
        if isinstance(found, list):
            e.target_ladder = found
        elif e.target is None:
            e.target = found

    # --- groups ---------------------------------------------------------------------------

    def _matching(self, open_tok: Token, close: str) -> int:
        sc = self.sc
        depth = 0
        opener = open_tok.text
        for j in range(sc.i, len(sc.toks)):
            tok = sc.toks[j]
            if tok.is_punct(opener):
                depth += 1
            elif tok.is_punct(close):
                depth -= 1
                if depth == 0:
                    return j
        raise sc.error(open_tok, f"'{opener}' is never closed", f"add '{close}'")

    def _group_body(self, open_tok: Token) -> list[Entry]:
        sc = self.sc
        j = self._matching(open_tok, ")")
        sc.i += 1
        entries = sc.sequence(")")
        sc.i = j + 1
        return entries

    def _group(self, open_tok: Token) -> None:
        sc = self.sc
        j = self._matching(open_tok, ")")
        inner = sc.text[open_tok.end : sc.toks[j].start].strip()
        open_index = sc.i
        sc.i += 1
        try:
            entries: list[Entry] | None = sc.sequence(")")
        except WorkoutSyntaxError:
            entries = None
        sc.i = j + 1
        x, n = sc.peek(), sc.peek(1)
        if x is not None and x.kind is Kind.X and n is not None and n.kind is Kind.NUM:
            if entries is None:
                sc.i = open_index
                self._group_body(open_tok)  # raises the error inside
            e = self.slot(open_tok, "count")
            e.count = (int(n.value), None)
            e.body = entries
            sc.i += 2
            return
        cur = self.cur
        if entries:
            first = entries[0]
            if len(entries) == 1 and _pure_quantity(first):
                if cur is None:
                    self.entries.append(
                        Entry(start=open_tok.start, end=sc.toks[j].end, note_text=inner)
                    )
                return
            if len(entries) == 1 and _only_target(first) and cur is not None:
                if cur.target is None:
                    cur.target = first.target
                else:
                    cur.notes.append(inner)
                return
            if all(_clean(en) for en in entries) and any(_structural(en) for en in entries):
                self.close()
                self.entries.extend(entries)
                return
        self.slot(open_tok, "word").notes.append(" ".join(inner.split()).replace('"', "'"))

    def _bracket(self, open_tok: Token) -> None:
        sc = self.sc
        j = self._matching(open_tok, "]")
        inner = sc.text[open_tok.end : sc.toks[j].start].strip()
        sc.i = j + 1
        if self.cur is None or not self.cur.has_end:
            self.slot(open_tok, "word").notes.append(inner)

    # --- words ----------------------------------------------------------------------------

    def _word(self, t: Token) -> None:
        sc = self.sc
        if t.text in ("AM", "PM"):
            sc.i += 1
            return
        if self._zone_like(t) and sc.effort_or_zone(self.slot(t, "target")):
            return
        found = lookup(sc.words())
        if found is None:
            self._unknown(t)
            return
        n, meaning = found
        if meaning.flag is not None:
            self._flag(t, n, meaning.flag)
            return
        if meaning.pace is not None:
            e = self.slot(t, "target")
            if e.prefix_end is None:
                e.prefix_fields.add("target")
            target = read_target(sc)
            if e.target is None and target is not None and not isinstance(target, list):
                e.target = target
            e.known += 1
            return
        sc.i += n
        kind = "role" if meaning.role else ("sport" if meaning.sport else "target")
        e = self.slot(t, kind)
        e.known += 1
        if e.prefix_end is None:
            if meaning.role or meaning.weak_role:
                e.prefix_fields.add("role")
            if meaning.sport:
                e.prefix_fields.add("sport")
            if meaning.effort:
                e.prefix_fields.add("target")
        if meaning.role is not None:
            if e.role is None:
                e.role = meaning.role
            elif meaning.role is Role.EASY and e.target is None:
                e.target = Effort(EffortWord.EASY)
            elif meaning.role is Role.STEADY and e.target is None:
                e.target = Effort(EffortWord.STEADY)
        if meaning.weak_role is not None and e.weak_role is None:
            e.weak_role = meaning.weak_role
        if meaning.sport is not None and (e.sport is None or e.sport.value == "other"):
            e.sport = meaning.sport
        if meaning.effort is not None and e.target is None:
            e.target = Effort(meaning.effort)
        if meaning.note:
            e.notes.append(meaning.note)

    def _zone_like(self, t: Token) -> bool:
        low = t.low
        return (len(low) == 2 and low[0] in "zr" and low[1].isdigit()) or low == "rpe"

    def _unknown(self, t: Token) -> None:
        sc = self.sc
        if self.single and self.cur is not None and self.cur.complete and lookup_unit(t.text):
            raise _Stop
        self.slot(t, "word").unknown += 1
        self.unknown.append(sc.i)
        sc.i += 1

    def _unknown_at(self, j: int) -> None:
        """Count the word at token ``j`` (already passed) as part of a note."""
        self.slot(self.sc.toks[j], "word").unknown += 1
        self.unknown.append(j)

    def _flag(self, t: Token, n: int, flag: Flag) -> None:
        sc = self.sc
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
        if self.single and (flag in single_breaks or flag is Flag.AND):
            raise _Stop
        keeps = flag in (Flag.LAST, Flag.FIRST, Flag.MIDDLE_PART) and self._incomplete()
        closes = (Flag.LAST, Flag.FIRST, Flag.MIDDLE_PART, Flag.REPEAT, Flag.INCLUDE, Flag.THEN)
        if flag in closes and not keeps:
            self.close()
        sc.i += n
        if flag in (Flag.FILLER, Flag.TO, Flag.PACE, Flag.TIMES, Flag.SETS_OF):
            return
        if flag is Flag.AND:
            self.soft = True
        elif flag is Flag.AT:
            self._target(t, required=False)
        elif flag is Flag.WITH:
            self._with(t)
        elif flag is Flag.BETWEEN:
            self._between(t)
        elif flag is Flag.ALL:
            if sc.tok().is_word("with"):
                self.all_pending = True
            elif sc.tok().is_word("intervals", "reps", "repeats") and self.cur is None:
                sc.i += 1
                self.slot(t, "modifier").all_target = True
        elif flag in (Flag.LAST, Flag.FIRST, Flag.MIDDLE_PART):
            self._last(t, first=flag is Flag.FIRST, middle=flag is Flag.MIDDLE_PART)
        elif flag is Flag.ALTERNATE:
            raise sc.error(
                t,
                "'alternate between' cannot be read as steps",
                "write the reps, e.g. '7 x (1 min hard, 2 min easy)'",
            )
        elif flag is Flag.AFTER:
            cur = self.cur
            recovery = cur is not None and Role.RECOVERY in (cur.role, cur.weak_role)
            if cur is not None and cur.finish is not None and (recovery or self.after_mode):
                # NRC: "Recovery is 1:00 after Mile Pace and 1:30 after 5K Pace"
                cur.role = Role.RECOVERY
                cur.after = self._after_what(t)
                self.after_mode = True
            else:
                self._unknown_at(sc.i - n)
        elif flag is Flag.THEN:
            self.close()
            self.then = True
        elif flag is Flag.INCLUDE:
            self.slot(t, "modifier").include = True
        elif flag is Flag.OR:
            start, end = sc.raw_until_hard(self.stop)
            rest = " ".join(sc.text[start:end].split())
            self.slot(t, "word").notes.append(f"or {rest}".strip().replace('"', "'"))
        elif flag is Flag.REPEAT:
            self._repeat(t)
        elif flag is Flag.LAP:
            self.slot(t, "end").finish = LapButton()
        elif flag is Flag.UNTIL:
            self._until(t)
        elif flag is Flag.HR:
            self._hr(t)
        elif flag is Flag.ZONE:
            num = sc.peek()
            if num is not None and num.kind is Kind.NUM and 1 <= num.value <= 7:
                low, high = read_quantity_plain(sc)
                e = self.slot(t, "target")
                if e.target is None:
                    e.target = Zone(int(low), int(high) if high else None)
        elif flag is Flag.OF:
            cur = self.cur
            if sc.tok().is_punct("(") and cur is not None and isinstance(cur.finish, Time):
                cur.of_group = self._group_body(sc.tok())
        elif flag in (Flag.MIDDLE, Flag.END, Flag.START):
            host = self.cur or (self.entries[-1] if self.entries else None)
            if host is not None:
                host.placement = {
                    Flag.MIDDLE: Placement.MIDDLE,
                    Flag.END: Placement.END,
                    Flag.START: Placement.START,
                }[flag]
        elif flag is Flag.DURING:
            if self.cur is not None:
                self.cur.during = True
        elif flag is Flag.RPE:
            self._unknown_at(sc.i - n)

    def _with(self, t: Token) -> None:
        sc = self.sc
        grouped = sc.tok().is_punct("(")
        if grouped:
            # "with (...)": the parts inside a run, then where they fall
            clause = self._group_body(sc.tok())
            placement = self._placement()
            if placement is not None and clause:
                clause[0].placement = placement
        else:
            clause = sc.sequence(self.stop, stop_nl=True)
        if not clause:
            raise sc.error(t, "'with' needs something after it", "e.g. 'with 400 m jog'")
        if self.all_pending:
            for entry in clause:
                entry.between = entry.between or "all"
            self.all_pending = False
        target = self.cur or (self.entries[-1] if self.entries else None)
        if target is None:
            raise sc.error(t, "'with' needs a step before it")
        target.with_ = (target.with_ or []) + clause
        target.with_group = grouped
        self.close()

    def _after_what(self, t: Token) -> Target | Role | str:
        """What a recovery follows: a pace ("Mile Pace"), an effort, a role, or "all"."""
        sc = self.sc
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

    def _placement(self) -> Placement | None:
        found = lookup(self.sc.words(0, 3))
        if found is None or found[1].flag not in (Flag.MIDDLE, Flag.END, Flag.START):
            return None
        self.sc.i += found[0]
        return {
            Flag.MIDDLE: Placement.MIDDLE,
            Flag.END: Placement.END,
            Flag.START: Placement.START,
        }[found[1].flag]

    def _between(self, t: Token) -> None:
        sc = self.sc
        scope = "direct"
        while (w := sc.peek()) is not None and w.kind is Kind.WORD and w.low in _BETWEEN_WORDS:
            if scope in ("direct", "reps"):
                scope = _SCOPES.get(w.low, "reps")
            sc.i += 1
        if sc.peek() is not None and sc.tok().is_punct("#"):
            sc.raw_until_hard(self.stop)
        self.slot(t, "target" if self.cur is not None else "word").between = scope

    def _incomplete(self) -> bool:
        cur = self.cur
        return cur is not None and not cur.complete and not cur.with_ and not self.soft

    def _last(self, t: Token, first: bool, middle: bool = False) -> None:
        sc = self.sc
        e = self.cur if self._incomplete() and self.cur is not None else self.slot(t, "modifier")
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

    def _repeat(self, t: Token) -> None:
        sc = self.sc
        colon = sc.peek() is not None and sc.tok().is_punct(":")
        if colon:
            sc.i += 1
        num = sc.peek()
        if num is None or num.kind is not Kind.NUM or num.value < 1:
            raise sc.error(t, "'repeat' needs a number of times", "e.g. 'Repeat 3 times'")
        e = self.slot(t, "modifier")
        e.header = colon
        e.repeat_times = int(num.value)
        sc.i += 1
        while (w := sc.peek()) is not None and (w.kind is Kind.X or w.is_word("x's", "times")):
            sc.i += 1
        if sc.words(0, 3) == ["during", "the", "run"]:
            sc.i += 3
            e.during = True

    def _until(self, t: Token) -> None:
        sc = self.sc
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
        self.slot(t, "end").finish = HrBelow(float(num.value))

    def _hr(self, t: Token) -> None:
        sc = self.sc
        num = sc.peek()
        if num is None or num.kind is not Kind.NUM:
            self._unknown_at(sc.i - 1)
            return
        low, high = read_quantity_plain(sc)
        if sc.tok().is_word("bpm"):
            sc.i += 1
        e = self.slot(t, "target")
        if e.target is None:
            e.target = HeartRate(low, high)


class _Stop(Exception):
    """Ends a single-phrase read (the body of "8 x ...")."""


def _only_notes(e: Entry) -> bool:
    return not (
        e.complete
        or e.role
        or e.weak_role
        or e.sport
        or e.target
        or e.target_ladder
        or e.between
        or e.with_
        or e.include
    )


def _one(unit_name: str) -> Distance | Time:
    lengths = {"Mile": LengthUnit.MI, "km": LengthUnit.KM, "Meter": LengthUnit.M}
    if unit_name in lengths:
        return Distance(1.0, lengths[unit_name])
    return Time({"Hour": 3600.0, "Minute": 60.0}.get(unit_name, 1.0))


def _pure_quantity(e: Entry) -> bool:
    return (
        isinstance(e.finish, Distance | Time)
        and not e.ladder
        and e.count is None
        and e.role is None
        and e.target is None
        and not e.notes
        and e.sport is None
    )


def _only_target(e: Entry) -> bool:
    return e.target is not None and e.finish is None and e.count is None and e.role is None


def _clean(e: Entry) -> bool:
    if e.note_text is not None:
        return False
    return e.unknown == 0 or e.role in (Role.RECOVERY, Role.REST)


def _structural(e: Entry) -> bool:
    return bool(e.complete or e.between or e.role or e.sport or e.weak_role)


__all__ += ["NamedPace"]
