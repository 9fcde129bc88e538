"""Parse coaching prose into a :class:`~lydiard.workouts.ast.Workout`.

The text is split into sessions at AM/PM markers ("AM: 22 km trail run; PM: 60 min tempo
ride", "Recovery 6 miles a.m., 5 miles p.m."), each session into lines, each line into
phrases (see :mod:`lydiard.workouts.scanner`), and the phrases are built into steps and
repeats (see :mod:`lydiard.workouts.build`). Line structure matters in three places:

* a first line without any distance or time, or one followed only by bullet lines, is the
  title ("Zone 3 Ladder", "General aerobic + speed"); so is a first line "# title";
* a line that ends with ":" after a distance or time ("10 miles, consisting of:") holds
  the lines below it, and so does a first line such as "Lactate threshold 8 mi" whose
  words come before the distance: the rest of the run is easy running around them;
* "repeat: 3" followed by indented lines repeats those lines.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from lydiard.errors import WorkoutSyntaxError
from lydiard.units import lookup_unit
from lydiard.workouts import alternate
from lydiard.workouts.ast import Distance, Item, Role, Session, Time, When, Workout
from lydiard.workouts.build import Builder
from lydiard.workouts.entry import Entry
from lydiard.workouts.lexer import Kind, Token, syntax_error, tokenize
from lydiard.workouts.scanner import Scanner

__all__ = ["parse"]

_MAX_CHARS = 20_000


@dataclass(slots=True)
class _Line:
    tokens: list[Token]
    indent: int
    bullet: bool


def parse(text: str) -> Workout:
    """Parse a workout written as coaches write it.

    Args:
        text: one step per line, or steps separated by commas, slashes or "then";
            any case; miles, metres, km, yards, minutes, seconds.

    Returns:
        The workout.

    Raises:
        WorkoutSyntaxError: with line, column, a caret under the problem and a
            suggestion where one fits.
    """
    if not isinstance(text, str):
        raise WorkoutSyntaxError("a workout must be text", text="", line=1, column=1)
    if len(text) > _MAX_CHARS:
        raise syntax_error(text, 0, 1, f"workout text is longer than {_MAX_CHARS} characters")
    if not text.strip():
        raise WorkoutSyntaxError("empty workout", text=text, line=1, column=1)
    try:
        return _parse(text)
    except RecursionError:
        raise syntax_error(
            text, 0, 1, "the workout nests too deeply to read", "use fewer levels of repeats"
        ) from None


def _parse(text: str) -> Workout:
    tokens = _join_slashed_words(tokenize(text))
    default_unit = _default_unit(tokens)
    title, tokens = _title_line(text, tokens)
    notes: list[str] = []
    sessions: list[Session] = []
    chunks = _sessions(tokens)
    for when, chunk in chunks:
        builder = Builder(text)
        items, line_title = _block(text, chunk, builder, default_unit)
        title = title or line_title or builder.title
        notes.extend(builder.notes)
        if items:
            sessions.append(Session(tuple(items), when))
    if not sessions:
        first_line = text.strip().splitlines()[0]
        start = text.find(first_line)
        raise syntax_error(
            text,
            start,
            start + len(first_line),
            "no workout steps found",
            "write e.g. '3 mi warm-up / 8 x 200 m / 2 mi cool-down'",
        )
    if len(sessions) > 1 and any(s.when is When.ANY for s in sessions):
        sessions = [Session(s.items, s.when or When.AM) for s in sessions]
    return Workout(tuple(sessions), title=title, notes=tuple(notes))


def _title_line(text: str, tokens: list[Token]) -> tuple[str, list[Token]]:
    """A first line "# title" (a space after the hash) is the title."""
    if len(tokens) >= 2 and tokens[0].is_punct("#") and tokens[1].space_before:
        end = next((k for k, t in enumerate(tokens) if t.kind is Kind.NL), len(tokens))
        if end > 1:
            title = " ".join(text[tokens[1].start : tokens[end - 1].end].split())
            return title.replace('"', "'"), tokens[end:]
    return "", tokens


def _join_slashed_words(tokens: list[Token]) -> list[Token]:
    """Join "run/walk" and "bike/row/step" into one word, not two phrases."""
    out: list[Token] = []
    k = 0
    while k < len(tokens):
        tok = tokens[k]
        if (
            tok.kind is Kind.WORD
            and out
            and out[-1].is_punct("/")
            and len(out) >= 2
            and out[-2].kind is Kind.WORD
            and out[-2].end == out[-1].start
            and out[-1].end == tok.start
            and lookup_unit(tok.text) is None
        ):
            slash = out.pop()
            word = out.pop()
            joined = word.text + slash.text + tok.text
            tok = Token(Kind.WORD, joined, word.start, tok.end, space_before=word.space_before)
        out.append(tok)
        k += 1
    return out


def _default_unit(tokens: list[Token]) -> str:
    miles = sum(1 for t in tokens if t.kind is Kind.WORD and t.low in ("mi", "mile", "miles"))
    metric = sum(1 for t in tokens if t.kind is Kind.WORD and t.low in ("km", "k", "m", "meters"))
    return "mi" if miles > metric else "km"


def _sessions(tokens: list[Token]) -> list[tuple[When, list[Token]]]:
    """Split at AM/PM markers: "AM: ..." (before), "... a.m." (after) or "Recovery AM 4 mi"."""
    marks = [k for k, t in enumerate(tokens) if t.kind is Kind.WORD and t.text in ("AM", "PM")]
    if not marks:
        return [(When.ANY, tokens)]
    prefix = any(k + 1 < len(tokens) and tokens[k + 1].is_punct(":") for k in marks)
    last = max(
        k for k, t in enumerate(tokens) if not t.is_punct(".", ",", ";") and t.kind is not Kind.NL
    )
    postfix = not prefix and last in marks
    cuts: list[int] = []
    for k in marks:
        if prefix:
            cuts.append(k)
        elif postfix:
            cuts.append(k + 1)
        else:
            j = k
            while (
                j > 0
                and tokens[j - 1].kind is Kind.WORD
                and lookup_unit(tokens[j - 1].text) is None
            ):
                j -= 1
            cuts.append(j)
    chunks: list[tuple[When, list[Token]]] = []
    bounds = [0, *cuts, len(tokens)]
    for a, b in itertools.pairwise(bounds):
        chunk = tokens[a:b]
        content = [t for t in chunk if t.kind is not Kind.NL and not t.is_punct(",", ";", "/", ".")]
        if not content:
            continue
        whens = [t.text for t in chunk if t.kind is Kind.WORD and t.text in ("AM", "PM")]
        chunks.append((When(whens[0]) if whens else When.ANY, chunk))
    if len(chunks) > 1 and chunks[0][0] is When.ANY:
        other = {c[0] for c in chunks[1:]}
        chunks[0] = (When.AM if When.PM in other else When.PM, chunks[0][1])
    return chunks


def _lines(tokens: list[Token], text: str) -> list[_Line]:
    lines: list[_Line] = []
    current: list[Token] = []
    for tok in [*tokens, Token(Kind.NL, "\n", len(text), len(text))]:
        if tok.kind is Kind.NL:
            content = [t for t in current if t.kind is not Kind.BULLET]
            if content:
                first = current[0]
                indent = first.start - (text.rfind("\n", 0, first.start) + 1)
                lines.append(_Line(current, indent, current[0].kind is Kind.BULLET))
            current = []
        else:
            current.append(tok)
    return _join_alternates(lines)


def _join_alternates(lines: list[_Line]) -> list[_Line]:
    """Join an "alternate between" sentence that wraps onto the next lines (NRC plans)."""
    out: list[_Line] = []
    for line in lines:
        prev = out[-1] if out else None
        if prev is not None and not line.bullet and alternate.continues(prev.tokens, line.tokens):
            prev.tokens = prev.tokens + line.tokens
        else:
            out.append(line)
    return out


def _read_line(text: str, line: _Line, index: int, default_unit: str) -> list[Entry]:
    sc = Scanner(text, line.tokens, default_unit)
    entries = sc.sequence()
    for e in entries:
        e.line = index * 1000 + e.segment
    return entries


def _block(
    text: str, tokens: list[Token], builder: Builder, default_unit: str
) -> tuple[list[Item], str]:
    lines = _lines(tokens, text)
    if not lines:
        return [], ""
    title = ""
    head = [t for t in lines[0].tokens if t.kind is not Kind.BULLET]
    rest_bullets = len(lines) >= 2 and lines[1].bullet and not lines[0].bullet
    read = [
        [] if rest_bullets and k == 0 else _read_line(text, line, k, default_unit)
        for k, line in enumerate(lines)
    ]
    alternate.attach_headers(text, read)
    if not title and len(lines) >= 2:
        no_quantity = not any(e.complete or e.with_ for e in read[0])
        if rest_bullets or no_quantity:
            title = text[head[0].start : head[-1].end].strip().rstrip(":").strip()
            title = " ".join(title.replace('"', "'").split())
            lines, read = lines[1:], read[1:]
    entries = _nest(lines, read)
    items = builder.items(entries)
    return items, title


def _nest(lines: list[_Line], read: list[list[Entry]]) -> list[Entry]:
    """Apply line structure: headers ending in ':', a first-line envelope, 'repeat: N'."""
    out: list[Entry] = []
    k = 0
    while k < len(lines):
        entries = read[k]
        last = entries[-1] if entries else None
        below = k + 1
        while below < len(lines) and lines[below].indent > lines[k].indent:
            below += 1
        if last is not None and last.repeat_times is not None and last.header and below > k + 1:
            body = _nest(lines[k + 1 : below], read[k + 1 : below])
            out.extend(entries[:-1])
            out.append(
                Entry(
                    start=last.start,
                    end=last.end,
                    line=last.line,
                    count=(last.repeat_times, None),
                    body=body,
                )
            )
            k = below
            continue
        if (
            k == 0
            and len(entries) > 1
            and _titled_total(entries[0], lines[0])
            and not (entries[1].is_modifier or entries[1].then or entries[1].note_text is not None)
        ):
            # "Lactate Threshold 12 miles, 44 min tempo ...": the rest is inside the 12 miles
            host = entries[0]
            host.with_ = entries[1:] + _nest(lines[1:], read[1:])
            host.with_group = True
            host.envelope = True
            return [host]
        single = k == 0 and len(lines) == 1 and len(entries) > 1
        if single and _bare_total(entries[0]) and entries[1].count is not None:
            host = entries[0]
            host.with_ = entries[1:]
            host.with_group = True
            return [host]
        first_alone = k == 0 and len(entries) == 1 and not lines[0].bullet
        envelope = last is not None and k + 1 < len(lines) and _holds_lines(last, first_alone)
        if envelope and last is not None:
            scope_end = below if below > k + 1 else len(lines)
            body = _nest(lines[k + 1 : scope_end], read[k + 1 : scope_end])
            if body:
                last.with_ = (last.with_ or []) + body
                last.with_group = True
                last.envelope = True
            out.extend(entries)
            k = scope_end
            continue
        out.extend(entries)
        k += 1
    return out


def _bare_total(e: Entry) -> bool:
    """Tell a bare "14k" before a comma: the day's total, written as quick plans do."""
    return (
        isinstance(e.finish, Distance | Time)
        and e.finish.upper is None
        and not (e.role or e.weak_role or e.sport or e.target or e.notes or e.with_ or e.ladder)
        and e.count is None
        and not e.is_modifier
    )


def _titled_total(e: Entry, line: _Line) -> bool:
    """Tell "Lactate Threshold 12 miles": words naming the session, then its distance."""
    if line.bullet or not isinstance(e.finish, Distance | Time) or e.count is not None:
        return False
    if e.with_ or e.ladder or e.role in (Role.WARMUP, Role.COOLDOWN):
        return False
    titled = "target" in e.prefix_fields or "role" in e.prefix_fields
    return titled and e.prefix_end is not None and e.prefix_end > e.start


def _holds_lines(e: Entry, first_alone: bool) -> bool:
    if not isinstance(e.finish, Distance | Time) or e.count is not None or e.ladder:
        return False
    if e.is_modifier or e.between or e.role in (Role.WARMUP, Role.COOLDOWN):
        return False
    if e.header:
        return True
    if not first_alone or e.prefix_end is None or e.prefix_end <= e.start:
        return False
    return bool(e.prefix_fields or e.notes)
