"""Reading phrases into entries: the main loop of the workout grammar.

One :class:`PhraseReader` reads a run of tokens (a line, a parenthesised group, the rest
of a "with" clause) into :class:`Entry` objects. See :mod:`lydiard.workouts.scanner` for
how separators split phrases.
"""

from __future__ import annotations

import contextlib

from lydiard.errors import InputError, WorkoutSyntaxError
from lydiard.units import lookup_unit
from lydiard.workouts import connectives, groups
from lydiard.workouts.ast import (
    Distance,
    Effort,
    EffortWord,
    Role,
    Time,
)
from lydiard.workouts.entry import Entry, StopPhrase
from lydiard.workouts.lexer import Kind, Token
from lydiard.workouts.quantity import Quantity, read_quantity
from lydiard.workouts.reptime import time_beside_distance
from lydiard.workouts.scanner import _HARD, Scanner
from lydiard.workouts.targets import read_clock, read_target
from lydiard.workouts.vocab import lookup

__all__ = ["PhraseReader"]


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
            raise StopPhrase
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
        with contextlib.suppress(StopPhrase):
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
                raise StopPhrase
            groups.group(self, t)
        elif t.is_punct("["):
            groups.bracket(self, t)
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
            e.body = groups.group_body(self, sc.tok())
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
        at = self.sc.toks.index(t)
        if q.prose:
            e = self.slot(t, "word")
            e.unknown += 1
            self.unknown.extend(range(at, self.sc.i))
            return
        before = self.sc.toks[at - 1] if at else None
        # a clock beside a distance is how long it took ("32:00 8,2km", "8.2 km 32:00")
        beside = before is not None and Kind.CLOCK in (t.kind, before.kind)
        if (
            beside
            and len(q.ends) == 1
            and q.target is None
            and time_beside_distance(self.cur, q.ends[0])
        ):
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
            connectives.flag(self, t, n, meaning.flag)
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
            raise StopPhrase
        self.slot(t, "word").unknown += 1
        self.unknown.append(sc.i)
        sc.i += 1


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
