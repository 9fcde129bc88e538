"""From entries to the model: steps, repeats, recoveries between reps, progressions.

The conventions live here:

* a recovery written after repeats ("400 Meter Jog Recovery", "2 Minutes Rest Between
  Each Round", "w/ 400m jog") falls between reps: n reps have n - 1 recoveries;
* "between sets" goes between the outer repeats; "all with ..." between every interval;
* a recovery written inside the repeated group ("Run 90 s, walk 90 s. Repeat 8 times")
  is part of every rep;
* "with" after a single run makes the run an envelope ("8 mi w/ 10 x 100 m strides"), or
  adds the recovery after a single fast step ("3 mi at MP with 1/2 mile easy");
* "last N at X" after repeats sets the last N reps' target; after a run, its last part;
* a step without a sport word keeps the sport of the step before it (running at first).
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from lydiard.errors import InputError, WorkoutSyntaxError
from lydiard.model.sport import Sport
from lydiard.workouts.ast import (
    Distance,
    End,
    Item,
    LapButton,
    Placement,
    Repeat,
    Role,
    Step,
    Target,
    Time,
)
from lydiard.workouts.entry import Entry
from lydiard.workouts.intensity import default_role, target_intensity
from lydiard.workouts.lexer import syntax_error
from lydiard.workouts.recoveries import (
    EASYISH,
    attach,
    hard_step,
    has_recovery,
    has_sets,
    insert_after,
    interleave,
    set_target,
)

__all__ = ["Builder"]


class Builder:
    """Builds the items of one session from entries, keeping the inherited sport."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.sport = Sport.RUN
        self.notes: list[str] = []
        self.title = ""
        self.defaulted: set[int] = set()
        self.orphan_lasts: list[Entry] | None = None

    def fail(self, e: Entry, reason: str, suggestion: str | None = None) -> InputError:
        """A syntax error pointing at an entry."""
        return syntax_error(self.text, e.start, max(e.end, e.start + 1), reason, suggestion)

    # --- single entries -------------------------------------------------------------------

    def steps(self, e: Entry, *, in_repeat: bool = False, between: bool = False) -> list[Item]:
        """The step (or steps, for a ladder "4-3-2-1 min") an entry describes."""
        try:
            return self._steps(e, in_repeat=in_repeat, between=between)
        except WorkoutSyntaxError:
            raise
        except InputError as exc:
            raise self.fail(e, str(exc)) from None

    def _steps(self, e: Entry, *, in_repeat: bool, between: bool) -> list[Item]:
        if e.count is not None:
            return [self.repeat(e)]
        if e.alternate is not None:
            raise self.fail(
                e,
                "'alternate between' needs the time it fills",
                "e.g. 'alternate between 1 min hard and 2 min easy for 21 min'",
            )
        if e.sport is not None:
            self.sport = e.sport
        ends: list[End] = [e.finish or LapButton(), *e.ladder]
        targets: list[Target | None] = list(e.target_ladder) or [e.target]
        if len(targets) == 1:
            targets *= len(ends)
        elif len(ends) == 1:
            ends *= len(targets)
        if len(targets) != len(ends):
            raise self.fail(e, f"{len(ends)} lengths but {len(targets)} paces in this ladder")
        note = "; ".join(" ".join(n.split()) for n in e.notes if n.strip())
        out: list[Item] = []
        for end, target in zip(ends, targets, strict=True):
            role = (
                e.role or e.weak_role or default_role(target, in_repeat=in_repeat, between=between)
            )
            step = Step(role, end, target, self.sport, note)
            if e.role is None and e.weak_role is None:
                self.defaulted.add(id(step))
            if e.of_group:
                out.append(self.of_group(e, step))
            else:
                out.append(step)
        return out

    def of_group(self, e: Entry, step: Step) -> Item:
        """Make "24 min of (30 s hard, 2.5 min easy)" as many reps as fill the time."""
        assert e.of_group is not None
        body = self.items(e.of_group, in_repeat=True)
        period = sum(_fixed_seconds(item) for item in body)
        if not isinstance(step.end, Time) or not period or step.end.upper is not None:
            raise self.fail(e, "'of (...)' needs a fixed time and reps of fixed times")
        count = Decimal(str(step.end.seconds)) / Decimal(str(period))
        if count != count.to_integral_value():
            raise self.fail(e, f"{step.end.seconds:g} s is not a whole number of reps")
        return Repeat(int(count), tuple(body))

    def repeat(self, e: Entry) -> Repeat:
        """A repeat from an entry with a count."""
        assert e.count is not None
        assert e.body is not None
        body, pending = self.items_and_pending(e.body, in_repeat=True)
        if not body:
            raise self.fail(e, "nothing to repeat")
        count, upper = e.count
        if e.target is not None:
            body = [set_target(item, e.target) for item in body]
        rep = Repeat(count, tuple(body), count_max=upper)
        for rec in pending:
            rep = attach(rep, rec, "sets")
        return rep

    # --- sequences ------------------------------------------------------------------------

    def items(self, entries: list[Entry], *, in_repeat: bool = False) -> list[Item]:
        """Items from entries; recoveries "between sets" with nowhere to go stay in line."""
        out, pending = self.items_and_pending(entries, in_repeat=in_repeat)
        return out + list(pending)

    def items_and_pending(
        self, entries: list[Entry], *, in_repeat: bool = False
    ) -> tuple[list[Item], list[Step]]:
        """Items, and recoveries "between sets" that belong to an enclosing repeat."""
        out: list[Item] = []
        lines: list[int] = []
        pending: list[Step] = []
        boundary = 0
        include_host: int | None = None
        last_line = 0
        for e in entries:
            # keep one line number per item, whatever the previous entry added or merged
            if len(lines) < len(out):
                lines.extend([last_line] * (len(out) - len(lines)))
            del lines[len(out) :]
            last_line = e.line
            if e.note_text is not None:
                note = " ".join(e.note_text.split())
                if note:
                    self.notes.append(note)
                continue
            if e.repeat_times is not None:
                boundary = self._wrap(e, out, lines, boundary, include_host)
                self.defaulted.add(id(out[-1]))
                include_host = None
                continue
            if e.last:
                if not out and self.orphan_lasts is not None:
                    # "Progression long run 11 mi / last 3 miles @ LT": the run above
                    self.orphan_lasts.append(e)
                else:
                    self._last(e, out)
                continue
            if e.all_target:
                if e.target is None:
                    raise self.fail(e, "'all intervals' needs a target", "e.g. '@ 5K pace'")
                out[boundary:] = [set_target(item, e.target) for item in out[boundary:]]
                continue
            if e.include:
                include_host = self._include(e, out)
                continue
            if e.after is not None:
                rec = self.steps(e, between=True)[0]
                assert isinstance(rec, Step)
                out[:] = insert_after(out, e.after, rec)
                continue
            if e.between is not None:
                rec = self.steps(e, between=True)[0]
                assert isinstance(rec, Step)
                if e.between == "sets" and in_repeat and not (out and has_sets(out[-1])):
                    pending.append(rec)
                else:
                    self._attach_after(out, rec, e.between)
                continue
            made = self.steps(e, in_repeat=in_repeat)
            if e.with_:
                made = self._with(e, made, pending, in_repeat=in_repeat)
            if (
                len(made) == 1
                and isinstance(made[0], Step)
                and e.role in (Role.RECOVERY, Role.REST)
                and not e.then
                and out
                and isinstance(out[-1], Repeat)
                and out[-1].between is None
                and not has_recovery(out[-1])
            ):
                out[-1] = attach(out[-1], made[0], "reps")
                continue
            out.extend(made)
            lines.extend([e.line] * len(made))
            if any(isinstance(m, Step) and m.role is Role.WARMUP for m in made):
                boundary = len(out)
        return out, pending

    def _wrap(
        self,
        e: Entry,
        out: list[Item],
        lines: list[int],
        boundary: int,
        include_host: int | None,
    ) -> int:
        assert e.repeat_times is not None
        if include_host is not None and e.during:
            host = out[include_host]
            assert isinstance(host, Step)
            assert host.inner
            inner = (*host.inner[:-1], Repeat(e.repeat_times, (host.inner[-1],)))
            out[include_host] = dataclasses.replace(host, inner=inner)
            return boundary
        same = [k for k in range(boundary, len(out)) if lines[k] == e.line]
        start = same[0] if same else boundary
        if start >= len(out):
            raise self.fail(e, "nothing before 'repeat' to repeat")
        body = tuple(
            dataclasses.replace(i, role=Role.WORK)
            if isinstance(i, Step)
            and id(i) in self.defaulted
            and i.role is Role.EASY
            and target_intensity(i.target) is None
            else i
            for i in out[start:]
        )
        del out[start:]
        del lines[start:]
        out.append(Repeat(e.repeat_times, body))
        lines.append(e.line)
        return boundary if same else len(out)

    def _last(self, e: Entry, out: list[Item]) -> None:
        if not out:
            raise self.fail(e, "'last' needs a run or repeats before it")
        prev = out[-1]
        if isinstance(prev, Repeat) and e.finish is not None:
            # "Ride for the last hour in zone 2" after the reps: just the final stretch
            out.extend(self.steps(dataclasses.replace(e, last=False)))
            return
        if isinstance(prev, Repeat):
            if e.last_count is None or e.target is None or e.last_first or e.last_middle:
                raise self.fail(
                    e, "after repeats write 'last N at <pace>'", "e.g. 'last 5 at T pace'"
                )
            if e.last_count > prev.count:
                raise self.fail(e, f"last {e.last_count} of only {prev.count} reps")
            out[-1] = dataclasses.replace(prev, last=e.last_count, last_target=e.target)
            return
        if not isinstance(prev.end, Distance | Time):
            raise self.fail(e, "'last' needs a run with a distance or time before it")
        amount = e.finish
        if amount is None:
            assert e.last_count is not None
            if isinstance(prev.end, Distance):
                amount = Distance(float(e.last_count), prev.end.unit)
            else:
                amount = Time(e.last_count * 60.0)
        part = Step(
            e.role or default_role(e.target),
            amount,
            e.target,
            prev.sport,
            "; ".join(" ".join(n.split()) for n in e.notes),
        )
        placement = Placement.START if e.last_first else Placement.END
        if e.last_middle:
            placement = Placement.MIDDLE
        if prev.inner and prev.placement is not placement:
            placement = Placement.WITHIN
        inner = (part, *prev.inner) if e.last_first else (*prev.inner, part)
        out[-1] = dataclasses.replace(prev, inner=inner, placement=placement)

    def _include(self, e: Entry, out: list[Item]) -> int:
        if not out or not isinstance(out[-1], Step) or not isinstance(out[-1].end, Distance | Time):
            raise self.fail(e, "'include' needs a run with a distance or time before it")
        host = out[-1]
        parts = self.steps(e)
        out[-1] = dataclasses.replace(host, inner=(*host.inner, *parts))
        return len(out) - 1

    def _attach_after(self, out: list[Item], rec: Step, scope: str) -> None:
        if out and isinstance(out[-1], Repeat):
            if scope in ("direct", "sets") and out[-1].between is not None:
                out.append(rec)
            else:
                out[-1] = attach(out[-1], rec, scope)
            return
        # "200m jog between all intervals" after a ladder of single steps
        k = len(out)
        while k > 0 and hard_step(out[k - 1]):
            k -= 1
        if len(out) - k >= 2:
            out[k:] = interleave(out[k:], rec)
        else:
            out.append(rec)

    def _with(
        self, e: Entry, made: list[Item], pending: list[Step], *, in_repeat: bool
    ) -> list[Item]:
        clause = e.with_ or []
        host = made[0]
        if not e.with_group and (isinstance(host, Repeat) or len(made) > 1):
            # recoveries between reps (or between the steps of a ladder)
            result = made
            for c in clause:
                if c.count is not None or c.is_modifier:
                    result = result + self.items([c])
                    continue
                rec = self.steps(c, between=True)[0]
                assert isinstance(rec, Step)
                scope = c.between or "reps"
                if len(result) == 1 and isinstance(result[0], Repeat):
                    if scope == "sets" and in_repeat and not has_sets(result[0]):
                        pending.append(rec)
                    else:
                        result = [attach(result[0], rec, scope)]
                elif scope == "sets":
                    pending.append(rec)
                else:
                    result = interleave(result, rec)
            return result
        assert isinstance(host, Step)
        easy = all(_easyish(c) for c in clause)
        fast = host.role not in EASYISH and host.role not in (Role.LONG, Role.WARMUP)
        if not e.with_group and ((easy and fast) or not isinstance(host.end, Distance | Time)):
            return made + self.items(clause)
        placement = next((c.placement for c in clause if c.placement), Placement.WITHIN)
        saved, self.orphan_lasts = self.orphan_lasts, []
        inner = tuple(self.items(clause))
        lasts, self.orphan_lasts = self.orphan_lasts, saved
        role, target, note = host.role, host.target, host.note
        if e.envelope:
            # a line that holds the lines below it describes the whole run: its words name
            # the session ("Marathon Simulation"), they do not set a pace for all of it
            target = None
            if role is not Role.TEMPO and (e.role is None or "role" in e.prefix_fields):
                line = self.text[e.start : e.end].lower()
                role = Role.LONG if "long" in line else Role.EASY
        if e.prefix_end is not None and e.prefix_end > e.start:
            words = self.text[e.start : e.prefix_end].split()
            title = " ".join(w for w in words if w not in ("AM", "PM")).strip(" :,-")
            title = title.replace('"', "'")
            if not self.title:
                self.title = title
            if "role" in e.prefix_fields or "target" in e.prefix_fields:
                role = Role.LONG if "long" in title.lower() else Role.EASY
                target = None if "target" in e.prefix_fields else target
            kept = [n for n in note.split("; ") if n and n not in title]
            note = "; ".join(kept)
        host = dataclasses.replace(
            host, role=role, target=target, note=note, inner=inner, placement=placement
        )
        hosted: list[Item] = [host]
        for last in lasts:
            self._last(last, hosted)
        return [*hosted, *made[1:]]


# --- helpers ------------------------------------------------------------------------------


def _easyish(e: Entry) -> bool:
    if e.count is not None or e.is_modifier:
        return False
    role = e.role or e.weak_role
    if role is not None:
        return role in EASYISH
    level = target_intensity(e.target)
    return level is None or level.value in ("easy", "rest")


def _fixed_seconds(item: Item) -> float:
    if isinstance(item, Step):
        if isinstance(item.end, Time) and item.end.upper is None:
            return item.end.seconds
        return 0.0
    body = sum(_fixed_seconds(i) for i in item.items)
    between = _fixed_seconds(item.between) if item.between else 0.0
    return body * item.count + between * (item.count - 1)
