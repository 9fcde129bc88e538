"""What the scanner reads from one phrase, before it becomes a step or a repeat."""

from __future__ import annotations

from dataclasses import dataclass, field

from lydiard.model.sport import Sport
from lydiard.workouts.ast import End, Placement, Role, Target, When

__all__ = ["Entry", "StopPhrase"]


class StopPhrase(Exception):
    """Ends a single-phrase read (the body of "8 x ...")."""


@dataclass(slots=True)
class Entry:
    """One phrase of workout prose, as read.

    Most entries become a step; an entry with ``count`` becomes a repeat; the others
    change what is around them: ``repeat_times`` wraps earlier items, ``last`` makes a
    progression, ``include`` puts its step inside the previous one, ``between`` marks a
    recovery between reps or sets, ``all_target`` sets the target of earlier reps,
    ``alternate`` holds the two parts of "alternate between A and B" (``fills_s``: the
    time they fill, when written).
    """

    start: int
    end: int = 0
    line: int = 0
    segment: int = 0
    role: Role | None = None
    weak_role: Role | None = None
    sport: Sport | None = None
    finish: End | None = None
    ladder: list[End] = field(default_factory=list)
    target: Target | None = None
    target_ladder: list[Target] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    count: tuple[int, int | None] | None = None
    body: list[Entry] | None = None
    with_: list[Entry] | None = None
    with_group: bool = False
    envelope: bool = False
    prefix_fields: set[str] = field(default_factory=set)
    placement: Placement | None = None
    between: str | None = None
    last: bool = False
    last_first: bool = False
    last_middle: bool = False
    after: Target | Role | str | None = None
    last_count: int | None = None
    repeat_times: int | None = None
    during: bool = False
    include: bool = False
    then: bool = False
    when: When | None = None
    prefix_end: int | None = None
    note_text: str | None = None
    header: bool = False
    all_target: bool = False
    of_group: list[Entry] | None = None
    alternate: list[Entry] | None = None
    fills_s: float | None = None
    unknown: int = 0
    known: int = 0

    @property
    def has_end(self) -> bool:
        """Whether the phrase gave a distance, a time or another end."""
        return self.finish is not None

    @property
    def is_modifier(self) -> bool:
        """Whether the entry changes earlier items instead of adding one."""
        return bool(self.repeat_times is not None or self.last or self.all_target)

    @property
    def complete(self) -> bool:
        """Whether a further quantity must start a new phrase."""
        return self.has_end or self.count is not None or self.is_modifier

    @property
    def empty(self) -> bool:
        """Whether nothing at all was read."""
        return not (
            self.complete
            or self.role
            or self.weak_role
            or self.sport
            or self.target
            or self.notes
            or self.between
            or self.with_
            or self.alternate
        )
