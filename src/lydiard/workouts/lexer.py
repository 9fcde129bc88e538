"""Tokens of workout prose: numbers, clocks, words, marks, quoted notes, punctuation.

The lexer is tolerant: it splits "12x400m" into 12, x, 400, m and "5 milesEasy" into
5, miles, Easy; it reads "1,600" as one number, "1/2" as a half, "a.m." as a word, and a
minute or second mark after a number ("6'", "90''") as a unit. Every token keeps its
offset so errors can point at it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from lydiard.errors import WorkoutSyntaxError
from lydiard.units import lookup_unit

__all__ = ["Kind", "Token", "position", "syntax_error", "tokenize"]


class Kind(StrEnum):
    """Token kinds."""

    NUM = "number"
    CLOCK = "clock"
    WORD = "word"
    X = "x"
    MIN_MARK = "minute mark"
    SEC_MARK = "second mark"
    QUOTE = "quoted note"
    PUNCT = "punctuation"
    NL = "line break"
    BULLET = "bullet"


@dataclass(frozen=True, slots=True)
class Token:
    """One token.

    Attributes:
        kind: what it is.
        text: the text as written (for QUOTE, the note inside the quotes).
        start: offset of its first character in the workout text.
        end: offset after its last character.
        value: the number (NUM), or seconds (CLOCK), as an exact decimal.
        space_before: whether white space precedes it.
    """

    kind: Kind
    text: str
    start: int
    end: int
    value: Decimal = Decimal(0)
    space_before: bool = False

    @property
    def low(self) -> str:
        """The text in lower case, curly apostrophes straightened."""
        return self.text.lower().replace("’", "'")

    def is_word(self, *words: str) -> bool:
        """True when this is a word equal (in any case) to one of ``words``."""
        return self.kind is Kind.WORD and self.low in words

    def is_punct(self, *marks: str) -> bool:
        """True when this is one of the punctuation ``marks``."""
        return self.kind is Kind.PUNCT and self.text in marks


def position(text: str, offset: int) -> tuple[int, int]:
    """1-based (line, column) of an offset in ``text``."""
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


def syntax_error(
    text: str, start: int, end: int, reason: str, suggestion: str | None = None
) -> WorkoutSyntaxError:
    """A :class:`WorkoutSyntaxError` pointing at ``text[start:end]``."""
    line, column = position(text, start)
    line_end = text.find("\n", start)
    stop = min(end, line_end if line_end >= 0 else len(text))
    return WorkoutSyntaxError(
        reason, text=text, line=line, column=column, length=stop - start, suggestion=suggestion
    )


_WORD = r"[^\W\d_](?:[^\W_]|[\u0300-\u036f]|['’](?=[^\W\d_])|(?<=[^\W\d_])-(?=[^\W\d_]))*"
_PATTERNS: list[tuple[str, str]] = [
    ("NL", r"\r?\n"),
    ("SPACE", r"[ \t\u00a0]+"),
    ("AMPM", r"\b[aApP]\.m\.?(?![a-zA-Z])"),
    ("WITH", r"\b[wW][/.](?=\s*[\w(])"),
    ("CLOCK", r"\d{1,3}:\d{2}(?::\d{2})?(?:\.\d+)?(?![\d:])"),
    ("FRACTION", r"\b[1-3]/[2-4](?=\s*[a-zA-Z])"),
    # 1,200 (thousands), 8,2 km (a decimal comma, only right before a word: "8,2km")
    ("NUM", r"(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+,\d{1,2}(?= ?[^\W\d_])|\d+)(?:\.\d+)?|\.\d+"),
    ("WORD", _WORD),
    ("QUOTE", r"\"[^\"\n]*\"|“[^”\n]*”"),
    ("ARROW", r"->|→"),
    ("PUNCT", r"''|[^\w\s]"),
]
_MASTER = re.compile("|".join(f"(?P<{name}>{rx})" for name, rx in _PATTERNS))
_DASHES = {"–": "-", "—": "-", "−": "-", "‐": "-", "‑": "-"}
_TIMES = {"x", "×", "X"}
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z][a-z])")


_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
}


def _number_words(tokens: list[Token]) -> list[Token]:
    """Read a number word before a unit ("two min", "two-min") as a number."""
    out: list[Token] = []
    for k, tok in enumerate(tokens):
        if tok.kind is Kind.WORD:
            head, _, tail = tok.low.partition("-")
            value = _NUMBER_WORDS.get(head)
            if value is not None and tail and lookup_unit(tail) is not None:
                cut = tok.start + len(head)
                out.append(Token(Kind.NUM, head, tok.start, cut, Decimal(value), tok.space_before))
                out.append(Token(Kind.WORD, tok.text[len(head) + 1 :], cut + 1, tok.end))
                continue
            nxt = tokens[k + 1] if k + 1 < len(tokens) else None
            if (
                value is not None
                and not tail
                and nxt is not None
                and nxt.kind is Kind.WORD
                and lookup_unit(nxt.text) is not None
            ):
                num = Token(
                    Kind.NUM, tok.text, tok.start, tok.end, Decimal(value), tok.space_before
                )
                out.append(num)
                continue
        out.append(tok)
    return out


def _number(text: str) -> Decimal:
    if _DECIMAL_COMMA.fullmatch(text):
        return Decimal(text.replace(",", "."))
    return Decimal(text.replace(",", ""))


_DECIMAL_COMMA = re.compile(r"\d+,\d{1,2}")


def _split_camel(text: str) -> list[str]:
    """Split "milesEasy" into "miles", "Easy" when the first part is a unit."""
    parts = _CAMEL.split(text)
    if len(parts) > 1 and lookup_unit(parts[0]) is not None:
        return parts
    return [text]


def tokenize(text: str) -> list[Token]:
    """Split workout prose into tokens.

    Raises:
        WorkoutSyntaxError: for a quote that is never closed.
    """
    tokens: list[Token] = []
    pos = 0
    space = True
    line_start = True
    while pos < len(text):
        match = _MASTER.match(text, pos)
        assert match is not None  # PUNCT matches any single character
        kind = match.lastgroup
        raw = match.group()
        start, end = match.start(), match.end()
        pos = end
        prev = tokens[-1] if tokens else None
        adjacent = prev is not None and not space and prev.end == start
        if kind == "SPACE":
            space = True
            continue
        if kind == "NL":
            tokens.append(Token(Kind.NL, "\n", start, end, space_before=space))
            space = True
            line_start = True
            continue
        if kind == "QUOTE" and raw[0] == '"' and prev is not None and prev.kind is Kind.NUM:  # noqa: SIM102
            if prev.end == start:
                tokens.append(Token(Kind.SEC_MARK, '"', start, start + 1))
                pos = start + 1
                space = False
                continue
        if line_start and raw in ("-", "•", "*") and pos < len(text) and text[pos] in " \t":
            tokens.append(Token(Kind.BULLET, raw, start, end, space_before=True))
            line_start = False
            continue
        line_start = False
        if kind == "AMPM":
            tokens.append(Token(Kind.WORD, raw[0].upper() + "M", start, end, space_before=space))
        elif kind == "WITH":
            tokens.append(Token(Kind.WORD, "with", start, end, space_before=space))
        elif kind == "CLOCK":
            tokens.append(_clock(text, raw, start, end, space))
        elif kind == "FRACTION":
            num, den = raw.split("/")
            value = Decimal(num) / Decimal(den)
            tokens.append(Token(Kind.NUM, raw, start, end, value, space))
        elif kind == "NUM":
            tokens.append(Token(Kind.NUM, raw, start, end, _number(raw), space))
        elif kind == "WORD":
            after_count = prev is not None and (
                (prev.kind is Kind.NUM and adjacent) or prev.is_punct(")")
            )
            if raw[0] in _TIMES and (raw in _TIMES or after_count):
                tokens.append(Token(Kind.X, raw[0], start, start + 1, space_before=space))
                pos = start + 1
            else:
                offset = start
                for i, part in enumerate(_split_camel(raw)):
                    tokens.append(
                        Token(
                            Kind.WORD, part, offset, offset + len(part), space_before=space or i > 0
                        )
                    )
                    offset += len(part)
        elif kind == "QUOTE":
            tokens.append(Token(Kind.QUOTE, raw[1:-1], start, end, space_before=space))
        elif kind == "ARROW":
            tokens.append(Token(Kind.PUNCT, "->", start, end, space_before=space))
        else:
            tokens.append(_punct(text, raw, start, end, space, prev, adjacent))
        space = False
    return _number_words(tokens)


def _clock(text: str, raw: str, start: int, end: int, space: bool) -> Token:
    parts = [Decimal(p) for p in raw.split(":")]
    seconds = Decimal(0)
    for part in parts:
        seconds = seconds * 60 + part
    if parts[-1] >= 60 or (len(parts) == 3 and parts[1] >= 60):
        raise syntax_error(text, start, end, f"'{raw}' is not a clock time: seconds reach 60")
    return Token(Kind.CLOCK, raw, start, end, seconds, space)


def _punct(
    text: str, raw: str, start: int, end: int, space: bool, prev: Token | None, adjacent: bool
) -> Token:
    after_number = prev is not None and prev.kind is Kind.NUM and adjacent
    if raw in ("'", "’", "′") and after_number:
        return Token(Kind.MIN_MARK, raw, start, end, space_before=space)
    if raw in ("''", '"', "″", "”") and after_number:
        return Token(Kind.SEC_MARK, raw, start, end, space_before=space)
    if raw in ('"', "“"):
        raise syntax_error(text, start, end, "a quoted note is never closed", "close it with '\"'")
    if raw in _TIMES:
        return Token(Kind.X, raw, start, end, space_before=space)
    return Token(Kind.PUNCT, _DASHES.get(raw, raw), start, end, space_before=space)
