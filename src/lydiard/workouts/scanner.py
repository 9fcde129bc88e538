"""The scanner: reads a run of tokens into :class:`Entry` objects, phrase by phrase.

Hard separators (line breaks, ".", ";", "/", "+", "then", "followed by", bullets) end a
phrase. Soft ones ("," and "and") end it only when the next part brings something the
phrase already has (a second distance, a count, a role), so "Warm up, 10 minutes" and
"Run in Z2, easy pace, 2 minutes" each stay one step while "10 minute walk, 3 minute jog"
are two.
"""

from __future__ import annotations

from decimal import Decimal

from lydiard.errors import WorkoutSyntaxError
from lydiard.units import lookup_unit
from lydiard.workouts.ast import Effort, LapButton, Placement, Rpe, Zone
from lydiard.workouts.entry import Entry
from lydiard.workouts.lexer import Kind, Token, syntax_error
from lydiard.workouts.quantity import read_quantity, zone_word
from lydiard.workouts.targets import read_clock, read_target
from lydiard.workouts.vocab import NOTE_STARTERS, PACE_WORDS, RACE_PACE_NAMES, Flag, lookup

__all__ = ["Scanner"]

_HARD = (";", ".", "•", "/", "!", "?")
_SCOPES = {"sets": "sets", "set": "sets", "pyramids": "sets", "series": "sets", "all": "all"}


class Scanner:
    """A cursor over tokens with the readers the grammar needs."""

    def __init__(self, text: str, toks: list[Token], default_unit: str = "km") -> None:
        self.text = text
        self.toks = toks
        self.i = 0
        self.default_unit = default_unit
        self.recovery_hint = False

    # --- cursor ---------------------------------------------------------------------------

    def peek(self, k: int = 0) -> Token | None:
        """The token ``k`` places ahead, or None past the end."""
        j = self.i + k
        return self.toks[j] if 0 <= j < len(self.toks) else None

    def tok(self) -> Token:
        """The token at the cursor (an end-of-text token past the end)."""
        t = self.peek()
        if t is None:
            n = len(self.text)
            return Token(Kind.NL, "", n, n)
        return t

    def error(
        self, tok: Token, reason: str, suggestion: str | None = None, *, end: int | None = None
    ) -> WorkoutSyntaxError:
        """An error pointing at ``tok``."""
        return syntax_error(self.text, tok.start, end or tok.end, reason, suggestion)

    def words(self, k: int = 0, n: int = 5) -> list[str]:
        """Up to ``n`` lower-case words from ``k`` ahead, stopping at anything else."""
        out = []
        for j in range(k, k + n):
            t = self.peek(j)
            if t is None or t.kind is not Kind.WORD:
                break
            out.append(t.low)
        return out

    def read_pace_name(self, single_letters: bool = False) -> str | None:
        """A pace name at the cursor ("MP", "5k", "half marathon", "T"), consumed."""
        tok = self.peek()
        if tok is None:
            return None
        if tok.kind is Kind.NUM and (u := self.peek(1)) is not None:
            if u.kind is Kind.WORD and u.low in PACE_WORDS:
                # "1500 pace", "800 pace"
                bare = RACE_PACE_NAMES.get(int(tok.value)) if tok.value in (800, 1500) else None
                if bare is not None:
                    self.i += 1
                    self._skip_pace_words()
                    return bare
            unit = lookup_unit(u.text) if u.kind is Kind.WORD else None
            if unit is not None and unit.name in ("km", "Meter", "Mile"):
                metres = round(float(tok.value) * unit.si)
                name = RACE_PACE_NAMES.get(metres)
                if name is not None:
                    self.i += 2
                    self._skip_pace_words()
                    return name
            return None
        found = lookup(self.words())
        if found is not None and found[1].pace is not None:
            self.i += found[0]
            self._skip_pace_words()
            return found[1].pace
        if single_letters and tok.kind is Kind.WORD and tok.text in ("E", "M", "T", "I", "R"):
            self.i += 1
            self._skip_pace_words()
            return tok.text
        return None

    def _skip_pace_words(self) -> None:
        while self.peek() is not None and self.tok().kind is Kind.WORD:
            if self.tok().low not in PACE_WORDS:
                break
            self.i += 1

    def skip_dual(self, metres: Decimal) -> None:
        """Skip a second unit for the same distance: "5K/3.1 Mile", "(34 km)", "[14-21km]"."""
        tok = self.peek()
        if tok is None:
            return
        n = self.peek(1)
        if (
            tok.is_punct("/")
            and n
            and n.kind is Kind.NUM
            and not (tok.space_before or n.space_before)
        ):
            save = self.i
            self.i += 1
            try:
                q = read_quantity(self)
            except WorkoutSyntaxError:
                self.i = save
                return
            if not (q.ends and _close(q.ends[0], metres)):
                self.i = save

    # --- phrases --------------------------------------------------------------------------

    def sequence(self, stop: str | None = None, stop_nl: bool = False) -> list[Entry]:
        """Read entries until ``stop`` (e.g. ")"), a line break when ``stop_nl``, or the end."""
        from lydiard.workouts.phrase import PhraseReader

        return PhraseReader(self, stop, stop_nl).run()

    def note_starts(self) -> bool:
        """Whether a sentence at the cursor is advice ("If no hills...", "Stretch.")."""
        words = self.words(0, 2)
        if not words:
            return False
        return words[0] in NOTE_STARTERS or " ".join(words) in NOTE_STARTERS

    def raw_until_hard(self, stop: str | None) -> tuple[int, int]:
        """Skip to the next hard separator; return the (start, end) offsets skipped."""
        start = self.tok().start
        end = start
        while (t := self.peek()) is not None:
            if (
                t.kind in (Kind.NL, Kind.BULLET)
                or t.is_punct(".", ";", "•")
                or t.is_punct(stop or "")
            ):
                break
            end = t.end
            self.i += 1
        return start, end

    def effort_or_zone(self, entry: Entry) -> bool:
        """Read "zone 3", "Z2", "RPE 7", "HR 140-150" into the entry's target."""
        tok = self.tok()
        zone = zone_word(tok)
        if zone is not None:
            self.i += 1
            target = read_target_after_zone(self, zone)
            _set_target(entry, target)
            return True
        words = self.words(0, 2)
        if words[:1] == ["rpe"] and (n := self.peek(1)) is not None and n.kind is Kind.NUM:
            self.i += 1
            q = read_quantity_plain(self)
            _set_target(entry, Rpe(q[0], q[1]))
            return True
        return False

    def lap(self, entry: Entry) -> None:
        """A lap-button end."""
        entry.finish = LapButton()


def read_target_after_zone(sc: Scanner, zone: Zone) -> Zone:
    """Extend "Z2" to a range "Z2-Z3" when one follows."""
    from lydiard.workouts.targets import zone_range

    return zone_range(sc, zone)


def read_quantity_plain(sc: Scanner) -> tuple[float, float | None]:
    """A number or range without unit, for RPE and zones."""
    first = float(sc.tok().value)
    sc.i += 1
    n = sc.peek(1)
    dash = sc.peek() is not None and sc.tok().is_punct("-")
    if dash and n is not None and n.kind is Kind.NUM and float(n.value) > first:
        sc.i += 2
        return first, float(n.value)
    return first, None


def _set_target(entry: Entry, target: object) -> None:
    if entry.target is None:
        entry.target = target  # type: ignore[assignment]


def _close(end: object, metres: Decimal) -> bool:
    from lydiard.workouts.ast import Distance

    if not isinstance(end, Distance) or metres <= 0:
        return False
    return abs(end.min_m - float(metres)) <= 0.06 * float(metres)


__all__ += ["Effort", "Flag", "Placement", "read_clock", "read_target"]
