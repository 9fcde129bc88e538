"""intervals.icu workout text: one text per session, repeats one level deep.

intervals.icu's builder reads lines starting with "-": an optional cue, a duration
("10m", "1h30m", "45s") or distance ("2km", "400mtr", "1.5mi"; there ``m`` means minutes,
so metres are written ``mtr``), then a target ("5:00/km Pace", "4:50-5:05/km Pace",
"Z2 HR", "250w"). A line "8x" repeats the steps below it up to the next blank line.
Nested repeats do not exist there, so they are flattened
(:func:`lydiard.workouts.expand.flatten`); ``n`` reps with a recovery between them become
"(n-1)x" of rep and recovery, then the last rep. Named paces become absolute paces when
the athlete's paces are given; otherwise, like RPE, effort words and heart rates in bpm,
they stay in the cue. Open steps end with "press lap".
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from lydiard.formatting import format_pace
from lydiard.model.sport import Sport
from lydiard.workouts import (
    Distance,
    LapButton,
    LengthUnit,
    NamedPace,
    Pace,
    Power,
    Role,
    Session,
    Step,
    Time,
    Workout,
    Zone,
)
from lydiard.workouts.expand import flatten
from lydiard.workouts.render import ROLE_WORDS, number, render_end, render_target
from lydiard.workouts.totals import speed_range

__all__ = ["icu_session", "icu_texts"]


def _duration(seconds: float) -> str:
    total = Decimal(repr(float(seconds)))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    text = ""
    if hours:
        text += f"{int(hours)}h"
    if minutes:
        text += f"{int(minutes)}m"
    if secs or not text:
        text += f"{number(float(secs))}s"
    return text


def _distance(d: Distance) -> str:
    if d.unit is LengthUnit.MI:
        return f"{number(round(d.value, 3))}mi"
    metres = d.min_m
    if metres < 1000 and float(metres).is_integer():
        return f"{int(metres)}mtr"
    return f"{number(round(metres / 1000, 4))}km"


def _pace_text(slow_mps: float, fast_mps: float, unit: str) -> str:
    slow = format_pace(slow_mps, unit, suffix=False)
    fast = format_pace(fast_mps, unit, suffix=False)
    return f"{slow}/{unit} Pace" if slow == fast else f"{slow}-{fast}/{unit} Pace"


def _line(step: Step, paces: Mapping[str, float] | None) -> str:
    word = ROLE_WORDS[step.role]
    if step.role is Role.RECOVERY and step.sport is Sport.RUN:
        word = "jog"
    cue = [word.capitalize()]
    end = step.end
    amount = ""
    if isinstance(end, Distance):
        amount = _distance(end)
        if end.upper is not None:
            cue.append(f"({render_end(end)})")
    elif isinstance(end, Time):
        amount = _duration(end.seconds)
        if end.upper is not None:
            cue.append(f"({render_end(end)})")
    elif not isinstance(end, LapButton):
        cue.append(render_end(end))
    target = step.target
    aim = ""
    running = step.sport in (Sport.RUN, Sport.TRAIL_RUN, Sport.TREADMILL)
    if isinstance(target, Pace):
        unit = target.unit.value if target.unit in (LengthUnit.KM, LengthUnit.MI) else "km"
        aim = _pace_text(*target.speeds_mps, unit)
    elif isinstance(target, NamedPace) and running and (speeds := speed_range(step, paces)):
        unit = "mi" if isinstance(end, Distance) and end.unit is LengthUnit.MI else "km"
        aim = _pace_text(speeds[0], speeds[1], unit)
        cue.append(f"@ {render_target(target)}")
    elif isinstance(target, Zone) and target.scale == "Z":
        zones = f"Z{target.number}" + (f"-Z{target.upper}" if target.upper else "")
        aim = f"{zones} HR" if running else zones
    elif isinstance(target, Power):
        aim = f"{number(target.watts)}w" + (f"-{number(target.upper)}w" if target.upper else "")
    elif target is not None:
        cue.append(f"@ {render_target(target)}")
    if step.note:
        cue.append(step.note)
    words = [w for w in (" ".join(c for c in cue if c), amount, aim) if w]
    if not amount:
        words.append("press lap")
    return "- " + " ".join(words)


def icu_session(session: Session, paces: Mapping[str, float] | None = None) -> str:
    """One session as intervals.icu workout text."""
    blocks: list[str] = []
    loose: list[str] = []
    for part in flatten(session.items, paces):
        if isinstance(part, Step):
            loose.append(_line(part, paces))
            continue
        if loose:
            blocks.append("\n".join(loose))
            loose = []
        lines = [_line(s, paces) for s in part.steps]
        if part.count > 1:
            lines.insert(0, f"{part.count}x")
        blocks.append("\n".join(lines))
    if loose:
        blocks.append("\n".join(loose))
    return "\n\n".join(blocks) + "\n"


def icu_texts(workout: Workout, paces: Mapping[str, float] | None = None) -> list[tuple[str, str]]:
    """Each session as ``(label, text)``: label "" for a one-session day, else "AM"/"PM"."""
    many = len(workout.sessions) > 1
    return [
        (session.when.value if many else "", icu_session(session, paces))
        for session in workout.sessions
    ]
