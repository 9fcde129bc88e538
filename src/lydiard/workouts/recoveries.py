"""Where recoveries go: between reps, between sets, between every interval, after a pace.

* :func:`attach` puts a recovery on a repeat: "direct" (a bare "between": this repeat),
  "sets" (the outer repeat), "reps" (the innermost reps, and between the intervals of a
  rep that has several), "all" (every interval at every level);
* :func:`interleave` puts one between steps that are not recoveries already;
* :func:`insert_after` puts one after every step with a given pace ("Recovery is 1:00
  after Mile Pace").
"""

from __future__ import annotations

import dataclasses

from lydiard.workouts.ast import Item, NamedPace, Repeat, Role, Step, Target

__all__ = [
    "EASYISH",
    "attach",
    "hard_step",
    "has_recovery",
    "has_sets",
    "insert_after",
    "interleave",
    "is_rest",
    "matches",
    "set_target",
]

EASYISH = (Role.RECOVERY, Role.REST, Role.EASY)
_HARD_ROLES = (Role.WORK, Role.HILL, Role.TEMPO, Role.STRIDES, Role.STEADY)


def matches(step: Step, what: Target | Role | str) -> bool:
    """Whether a work step is one that ``what`` (a pace, an effort, a role, "all") names."""
    if step.role in EASYISH or step.role in (Role.WARMUP, Role.COOLDOWN):
        return False
    if what == "all":
        return True
    if isinstance(what, Role):
        return step.role is what
    if isinstance(what, NamedPace) and isinstance(step.target, NamedPace):
        return step.target.name == what.name
    return step.target == what


def insert_after(items: list[Item], what: Target | Role | str, rec: Step) -> list[Item]:
    """Put ``rec`` after every step that ``what`` names, inside repeats too."""
    out: list[Item] = []
    for item in items:
        if isinstance(item, Repeat):
            body = tuple(insert_after(list(item.items), what, rec))
            out.append(dataclasses.replace(item, items=body))
        else:
            out.append(item)
            if matches(item, what):
                out.append(rec)
    return out


def hard_step(item: Item) -> bool:
    """Whether an item is a single interval (not easy running, a recovery or a warm-up)."""
    return isinstance(item, Step) and item.role in _HARD_ROLES


def has_recovery(rep: Repeat) -> bool:
    """Whether the repeated items already hold their own recovery (Garmin-style sets)."""
    for item in rep.items:
        if isinstance(item, Step) and item.role in EASYISH:
            return True
        if isinstance(item, Repeat) and (item.between is not None or has_recovery(item)):
            return True
    return False


def has_sets(item: Item) -> bool:
    """Whether an item is a repeat of repeats (sets)."""
    return isinstance(item, Repeat) and any(isinstance(i, Repeat) for i in item.items)


def interleave(items: list[Item] | tuple[Item, ...], rec: Step) -> list[Item]:
    """Put ``rec`` between consecutive items where neither is already a recovery."""
    out: list[Item] = []
    for item in items:
        if out and not is_rest(out[-1]) and not is_rest(item):
            out.append(rec)
        out.append(item)
    return out


def is_rest(item: Item) -> bool:
    """Whether an item is a recovery or a standing rest."""
    return isinstance(item, Step) and item.role in (Role.RECOVERY, Role.REST)


def attach(rep: Repeat, rec: Step, scope: str) -> Repeat:
    """Put a recovery between the reps of ``rep`` (see the module docstring).

    ``scope`` is "direct" (a bare "between": this repeat), "sets" (the outer repeat),
    "reps" (the innermost reps, and between the intervals of a rep that has several),
    or "all" (between every interval at every level).
    """
    if scope in ("sets", "direct"):
        return dataclasses.replace(rep, between=rec) if rep.between is None else rep
    nested = any(isinstance(i, Repeat) for i in rep.items)
    if scope == "all":
        items = [attach(i, rec, "all") if isinstance(i, Repeat) else i for i in rep.items]
        items = interleave(items, rec)
        return dataclasses.replace(rep, items=tuple(items), between=rep.between or rec)
    if nested:
        items = [attach(i, rec, scope) if isinstance(i, Repeat) else i for i in rep.items]
        return dataclasses.replace(rep, items=tuple(items))
    items = list(rep.items)
    if len(items) > 1 and not any(is_rest(i) for i in items):
        items = interleave(items, rec)
    if rep.between is not None:
        return dataclasses.replace(rep, items=tuple(items))
    return dataclasses.replace(rep, items=tuple(items), between=rec)


def set_target(item: Item, target: Target) -> Item:
    """``item`` with ``target`` on the work steps that have none ("All intervals @ 5K")."""
    if isinstance(item, Step):
        if item.target is None and item.role not in EASYISH:
            return dataclasses.replace(item, target=target)
        return item
    return dataclasses.replace(item, items=tuple(set_target(i, target) for i in item.items))
