"""Parentheses and brackets in a phrase: groups of steps, dual units, notes.

"(...)" after a count is the repeated group; "(...) x 6" repeats it after the fact; a
parenthesis holding clean steps ("(jog 4 min recovery)") adds them; one holding only the
same distance in other units ("(34 km)") is dropped; anything else is a note.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lydiard.errors import WorkoutSyntaxError
from lydiard.workouts.ast import Distance, Role, Time
from lydiard.workouts.entry import Entry
from lydiard.workouts.lexer import Kind, Token

if TYPE_CHECKING:
    from lydiard.workouts.phrase import PhraseReader

__all__ = ["bracket", "group", "group_body", "matching"]


def matching(r: PhraseReader, open_tok: Token, close: str) -> int:
    """The index of the token that closes ``open_tok``.

    Raises:
        WorkoutSyntaxError: when nothing closes it.
    """
    sc = r.sc
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


def group_body(r: PhraseReader, open_tok: Token) -> list[Entry]:
    """The entries inside "(...)" at the cursor; the cursor moves past ")"."""
    sc = r.sc
    j = matching(r, open_tok, ")")
    sc.i += 1
    entries = sc.sequence(")")
    sc.i = j + 1
    return entries


def group(r: PhraseReader, open_tok: Token) -> None:
    """A parenthesis in a phrase: a repeated group, added steps, a dual unit or a note."""
    sc = r.sc
    j = matching(r, open_tok, ")")
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
            group_body(r, open_tok)  # raises the error inside
        e = r.slot(open_tok, "count")
        e.count = (int(n.value), None)
        e.body = entries
        sc.i += 2
        return
    cur = r.cur
    if entries:
        first = entries[0]
        if len(entries) == 1 and _pure_quantity(first):
            if cur is None:
                r.entries.append(Entry(start=open_tok.start, end=sc.toks[j].end, note_text=inner))
            return
        if len(entries) == 1 and _only_target(first) and cur is not None:
            if cur.target is None:
                cur.target = first.target
            else:
                cur.notes.append(inner)
            return
        if all(_clean(en) for en in entries) and any(_structural(en) for en in entries):
            r.close()
            r.entries.extend(entries)
            return
    r.slot(open_tok, "word").notes.append(" ".join(inner.split()).replace('"', "'"))


def bracket(r: PhraseReader, open_tok: Token) -> None:
    """A bracketed aside ("[14-21km]"): a note unless it repeats the distance."""
    sc = r.sc
    j = matching(r, open_tok, "]")
    inner = sc.text[open_tok.end : sc.toks[j].start].strip()
    sc.i = j + 1
    if r.cur is None or not r.cur.has_end:
        r.slot(open_tok, "word").notes.append(inner)


# --- words ----------------------------------------------------------------------------


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
