"""The canonical text of a workout: ``parse(render(w)) == w`` for every workout.

One item per line; a repeat is ``8 x 200 m @ 5K pace, 400 m jog between``; a group is
``3 x (4 x 400 m, 200 m jog between / 800 m)``; parts inside a run are
``22 mi long with (6 mi @ marathon pace) at the end``; a double day starts its sessions
with ``AM:`` and ``PM:``; the title is a first line ``# title`` and workout notes are
quoted lines at the end. Numbers are written exactly (shortest decimal that reads back
to the same float), so rendering never rounds.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from lydiard.model.sport import Sport
from lydiard.workouts.ast import (
    Distance,
    Effort,
    End,
    HeartRate,
    HrBelow,
    Item,
    LapButton,
    NamedPace,
    Pace,
    Placement,
    Power,
    Repeat,
    RepShare,
    Role,
    Rpe,
    Step,
    Target,
    Time,
    When,
    Workout,
    Zone,
)
from lydiard.workouts.intensity import default_role

__all__ = ["number", "render", "render_end", "render_target", "short_name"]

SPORT_WORDS: dict[Sport, str] = {
    Sport.RUN: "run",
    Sport.TRAIL_RUN: "trail",
    Sport.TREADMILL: "treadmill",
    Sport.WALK: "walk",
    Sport.HIKE: "hike",
    Sport.BIKE: "bike",
    Sport.NORDIC_SKI: "nordic ski",
    Sport.SKI_ERG: "ski erg",
    Sport.ROW: "row",
    Sport.SWIM: "swim",
    Sport.STRENGTH: "strength",
    Sport.TRANSITION: "transition",
    Sport.OTHER: "cross-training",
}
ROLE_WORDS: dict[Role, str] = {
    Role.WARMUP: "warm-up",
    Role.WORK: "rep",
    Role.RECOVERY: "recovery",
    Role.REST: "rest",
    Role.COOLDOWN: "cool-down",
    Role.EASY: "easy",
    Role.STEADY: "steady",
    Role.LONG: "long",
    Role.TEMPO: "tempo",
    Role.STRIDES: "strides",
    Role.HILL: "hill",
}
_PLACEMENT = {
    Placement.WITHIN: "",
    Placement.START: " at the start",
    Placement.MIDDLE: " in the middle",
    Placement.END: " at the end",
}
_PACE_LABEL = {"HM": "HM pace", "marathon": "marathon pace", "mile": "mile pace"}


def number(value: float) -> str:
    """The shortest decimal text that reads back to ``value`` exactly, never in E notation."""
    text = format(Decimal(repr(float(value))), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def _clock(seconds: float) -> str:
    exact = Decimal(repr(float(seconds)))
    hours, rest = divmod(exact, 3600)
    minutes, secs = divmod(rest, 60)
    whole, frac = divmod(secs, 1)
    frac_text = number(float(frac))[1:] if frac else ""
    if hours:
        return f"{int(hours)}:{int(minutes):02d}:{int(whole):02d}{frac_text}"
    return f"{int(minutes)}:{int(whole):02d}{frac_text}"


def _duration(seconds: float) -> str:
    exact = Decimal(repr(float(seconds)))
    if exact != exact.to_integral_value():
        return f"{number(seconds)} s"
    total = int(exact)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if not rest:
        return f"{hours} h"
    if not secs:
        return f"{hours} h {minutes} min" if hours else f"{minutes} min"
    if not hours:
        return f"{minutes} min {secs} s" if minutes else f"{secs} s"
    return f"{total} s"


def _time_range(low: float, high: float) -> str:
    for size, unit in ((3600, "h"), (60, "min")):
        a, b = Decimal(repr(low)) / size, Decimal(repr(high)) / size
        if a == a.to_integral_value() and b == b.to_integral_value():
            return f"{int(a)}-{int(b)} {unit}"
    return f"{number(low)}-{number(high)} s"


def _span(low: float, high: float | None) -> str:
    return number(low) if high is None else f"{number(low)}-{number(high)}"


def render_end(end: End) -> str:
    """The text of a step's end: "3 mi", "2-3 km", "1 h 30 min", "lap button"."""
    if isinstance(end, Distance):
        return f"{_span(end.value, end.upper)} {end.unit.value}"
    if isinstance(end, Time):
        if end.upper is not None:
            return _time_range(end.seconds, end.upper)
        return _duration(end.seconds)
    if isinstance(end, HrBelow):
        return f"until HR below {number(end.bpm)}"
    if isinstance(end, RepShare):
        return f"{_span(end.percent, end.upper)}% of rep time"
    return "lap button"


def _pace_label(name: str) -> str:
    return _PACE_LABEL.get(name, f"{name} pace")


def render_target(target: Target) -> str:
    """The text of a target, without the "@"."""
    if isinstance(target, Pace):
        to = f"-{_clock(target.to)}" if target.to is not None else ""
        per = f"{number(target.length)} " if target.length != 1 else ""
        return f"{_clock(target.seconds)}{to}/{per}{target.unit.value}"
    if isinstance(target, NamedPace):
        text = _pace_label(target.name)
        if target.to is not None:
            text = f"{text} to {_pace_label(target.to)}"
        if target.percent is not None:
            text = f"{_span(target.percent, target.percent_to)}% {text}"
        if target.offset_s:
            sign = "+" if target.offset_s > 0 else "-"
            text += f" {sign}{number(abs(target.offset_s))} s/{target.offset_unit.value}"
        return text
    if isinstance(target, HeartRate):
        return f"{_span(target.bpm, target.upper)} bpm"
    if isinstance(target, Zone):
        upper = f"-{target.scale}{target.upper}" if target.upper is not None else ""
        return f"{target.scale}{target.number}{upper}"
    if isinstance(target, Power):
        return f"{_span(target.watts, target.upper)} W"
    if isinstance(target, Rpe):
        return f"RPE {_span(target.value, target.upper)}"
    assert isinstance(target, Effort)
    return target.word.value


class _Renderer:
    """Renders items in order, tracking the sport a step without a sport word inherits."""

    def __init__(self) -> None:
        self.sport = Sport.RUN

    def items(self, items: tuple[Item, ...], *, in_repeat: bool = False) -> list[str]:
        out: list[str] = []
        prev: Item | None = None
        for item in items:
            text = self.item(item, in_repeat=in_repeat)
            if (
                isinstance(item, Step)
                and item.role in (Role.RECOVERY, Role.REST)
                and isinstance(prev, Repeat)
                and prev.between is None
            ):
                text = f"then {text}"
            out.append(text)
            prev = item
        return out

    def item(self, item: Item, *, in_repeat: bool = False) -> str:
        if isinstance(item, Step):
            return self.step(item, in_repeat=in_repeat)
        return self.repeat(item)

    def repeat(self, rep: Repeat) -> str:
        count = _span(rep.count, rep.count_max)
        only = rep.items[0]
        if len(rep.items) == 1 and isinstance(only, Step) and not only.inner:
            body = self.step(only, in_repeat=True)
        else:
            body = "(" + " / ".join(self.items(rep.items, in_repeat=True)) + ")"
        parts = [f"{count} x {body}"]
        if rep.last and rep.last_target is not None:
            parts.append(f"last {rep.last} @ {render_target(rep.last_target)}")
        if rep.between is not None:
            parts.append(self.step(rep.between, between=True) + " between")
        return ", ".join(parts)

    def step(self, step: Step, *, in_repeat: bool = False, between: bool = False) -> str:
        words: list[str] = []
        if not isinstance(step.end, LapButton):
            words.append(render_end(step.end))
        implied = default_role(step.target, in_repeat=in_repeat, between=between)
        if step.sport is not self.sport:
            words.append(SPORT_WORDS[step.sport])
            if step.sport is Sport.WALK:
                implied = Role.RECOVERY
            self.sport = step.sport
        if step.role is not implied or between:
            word = ROLE_WORDS[step.role]
            if step.role is Role.RECOVERY and step.sport is Sport.RUN:
                word = "jog"
            words.append(word)
        if isinstance(step.end, LapButton):
            words.insert(0, "lap button")
        if step.target is not None:
            words.append(f"@ {render_target(step.target)}")
        if step.note:
            words.append(f'"{step.note}"')
        text = " ".join(words)
        if step.inner:
            inner = " / ".join(self.items(step.inner))
            text += f" with ({inner}){_PLACEMENT[step.placement]}"
        return text


def short_name(workout: Workout) -> str:
    """A short name: the title, else the main part of each session ("8 x 200 m").

    The main part is the first repeat, else the first step that is not a warm-up or a
    cool-down, written without its recovery or notes.
    """
    if workout.title:
        return workout.title
    names = []
    for session in workout.sessions:
        items = session.items
        quiet = (Role.WARMUP, Role.COOLDOWN, Role.EASY, Role.RECOVERY, Role.REST)
        main: Item | None = next((i for i in items if isinstance(i, Repeat)), None)
        if main is None:
            main = next((i for i in items if isinstance(i, Step) and i.role not in quiet), None)
        if main is None:
            main = next(
                (i for i in items if isinstance(i, Step) and i.role not in quiet[:2]), items[0]
            )
        if isinstance(main, Repeat):
            main = dataclasses.replace(main, between=None, last=0, last_target=None)
        elif isinstance(main, Step):
            main = dataclasses.replace(main, note="", inner=())
        names.append(_Renderer().item(main).removeprefix("lap button ").strip())
    return " + ".join(names)


def render(workout: Workout) -> str:
    """The canonical text of a workout (see the module docstring)."""
    lines: list[str] = []
    if workout.title:
        lines.append(f"# {workout.title}")
    for session in workout.sessions:
        body = _Renderer().items(session.items)
        if session.when is not When.ANY:
            body[0] = f"{session.when.value}: {body[0]}"
        lines.extend(body)
    lines.extend(f'"{note}"' for note in workout.notes)
    return "\n".join(lines)
