"""Workouts as a device runs them: runs with parts inside split in order, repeats flattened.

* A run with parts inside (``8 mi with (10 x 100 m strides)``) becomes the easy running
  around the parts and the parts themselves: the parts come at the end for ``END``, at the
  start for ``START``, and in the middle (half the running before, half after) otherwise.
  The easy running is the run minus what the parts cover when both are known in the run's
  own unit (distance or time); otherwise it is an open step ("rest of the 8 mi").
* :func:`flatten` turns repeats into :class:`Block` objects that hold steps only, for
  formats without nesting (intervals.icu): a repeat whose body holds repeats is unrolled,
  and ``n`` reps with a recovery between them become ``n - 1`` reps of (rep, recovery) and
  one last rep. The lower end of a range of reps is used.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass

from lydiard.workouts.ast import (
    Distance,
    Item,
    LapButton,
    Placement,
    Repeat,
    Role,
    Step,
    Target,
    Time,
    Workout,
)
from lydiard.workouts.render import render_end

__all__ = ["Block", "envelope_parts", "flatten", "with_target"]


@dataclass(frozen=True, slots=True)
class Block:
    """``count`` runs of ``steps`` (steps only, no nesting)."""

    count: int
    steps: tuple[Step, ...]


def with_target(item: Item, target: Target | None) -> Item:
    """``item`` with ``target`` on its work steps (for "last N at X" reps)."""
    if target is None:
        return item
    if isinstance(item, Step):
        if item.role in (Role.RECOVERY, Role.REST, Role.EASY):
            return item
        return dataclasses.replace(item, target=target)
    return dataclasses.replace(item, items=tuple(with_target(i, target) for i in item.items))


def envelope_parts(step: Step, paces: Mapping[str, float] | None = None) -> list[Item]:
    """The items a run with parts inside is made of, in the order they are run."""
    if not step.inner:
        return [step]
    from lydiard.workouts.totals import totals

    host = dataclasses.replace(step, inner=())
    part_totals = totals(Workout.of(*step.inner), paces)
    filler: list[Step] = []
    if (
        isinstance(step.end, Distance)
        and step.end.upper is None
        and part_totals.distance_m == part_totals.distance_m
    ):
        left = step.end.min_m - part_totals.distance_max_m
        if left > 0:
            unit = step.end.unit
            filler = [dataclasses.replace(host, end=Distance(left / unit.metres, unit))]
    elif (
        isinstance(step.end, Time)
        and step.end.upper is None
        and part_totals.duration_s == part_totals.duration_s
    ):
        left = step.end.seconds - part_totals.duration_max_s
        if left > 0:
            filler = [dataclasses.replace(host, end=Time(left))]
    else:
        note = f"rest of the {render_end(step.end)}"
        filler = [dataclasses.replace(host, end=LapButton(), note=note)]
    parts = list(step.inner)
    if not filler:
        return parts
    if step.placement is Placement.END:
        return [*filler, *parts]
    if step.placement is Placement.START:
        return [*parts, *filler]
    half = filler[0]
    if isinstance(half.end, Distance):
        halves = [dataclasses.replace(half, end=Distance(half.end.value / 2, half.end.unit))] * 2
    elif isinstance(half.end, Time):
        halves = [dataclasses.replace(half, end=Time(half.end.seconds / 2))] * 2
    else:
        return [*parts, half]
    return [halves[0], *parts, halves[1]]


def flatten(
    items: tuple[Item, ...], paces: Mapping[str, float] | None = None
) -> list[Step | Block]:
    """Steps and one-level blocks, as formats without nesting need them."""
    out: list[Step | Block] = []
    for item in items:
        if isinstance(item, Step):
            parts = envelope_parts(item, paces)
            if parts == [item]:
                out.append(item)
            else:
                out.extend(flatten(tuple(parts), paces))
        else:
            out.extend(_flatten_repeat(item, paces))
    return out


def _flatten_repeat(rep: Repeat, paces: Mapping[str, float] | None) -> list[Step | Block]:
    plain = rep.count - rep.last
    runs = [
        (plain, rep.items),
        (rep.last, tuple(with_target(i, rep.last_target) for i in rep.items)),
    ]
    runs = [(n, body) for n, body in runs if n > 0]
    out: list[Step | Block] = []
    for k, (n, body) in enumerate(runs):
        final = k == len(runs) - 1
        parts = flatten(body, paces)
        if all(isinstance(p, Step) for p in parts):
            steps = tuple(p for p in parts if isinstance(p, Step))
            if rep.between is None:
                out.append(Block(n, steps))
                continue
            looped = n - 1 if final else n
            if looped:
                out.append(Block(looped, (*steps, rep.between)))
            if final:
                out.append(Block(1, steps))
            continue
        for r in range(n):
            out.extend(parts)
            if rep.between is not None and not (final and r == n - 1):
                out.append(rep.between)
    return out
