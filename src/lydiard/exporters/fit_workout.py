"""FIT workout files for watches: one file per session, steps and (nested) repeats.

Each session becomes a FIT file of type workout (``file_id``, ``workout`` and
``workout_step`` messages) that Garmin's SDK decodes back to the same steps:

* ends: a distance is ``distance`` (cm), a time ``time`` (ms), a lap-button step ``open``,
  "until HR below N" ``hr_less_than``; a range ("2-3 mi") or a share of the rep's time is
  ``open`` with the range in the step name;
* targets: a pace (or a named pace when the athlete's paces are given) is ``speed`` with
  ``custom_target_speed_low``/``high`` in m/s (a single pace gets a band of +-2 % of speed);
  heart rate is ``heart_rate`` with custom values offset by 100 (FIT's convention for bpm);
  zones Z1-Z5 are ``target_hr_zone``; power is ``power`` offset by 1000 (watts); other
  targets are ``open`` and named in the step's notes;
* repeats: a ``repeat_until_steps_cmplt`` step after the body, pointing back at the body's
  first step, with the number of times; ``n`` reps with a recovery between them are
  ``n - 1`` reps of (rep, recovery) and a last rep; nested repeats nest;
* a run with parts inside is split as :func:`lydiard.workouts.expand.envelope_parts` says.

Values that do not fit a field raise :class:`~lydiard.errors.EncodeError`.
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from lydiard.errors import EncodeError
from lydiard.fit.encode import FitWriter
from lydiard.model.sport import Sport
from lydiard.workouts import (
    Distance,
    HeartRate,
    HrBelow,
    Item,
    Power,
    Repeat,
    Role,
    Session,
    Step,
    Time,
    Workout,
    Zone,
    render,
)
from lydiard.workouts.expand import envelope_parts, with_target
from lydiard.workouts.render import ROLE_WORDS, render_end, render_target, short_name
from lydiard.workouts.totals import speed_range

__all__ = ["INTENSITY", "SPORTS", "encode_session", "encode_workout", "workout_steps"]

#: FIT sport and sub-sport of each lydiard sport.
SPORTS: dict[Sport, tuple[str, str]] = {
    Sport.RUN: ("running", "generic"),
    Sport.TRAIL_RUN: ("running", "trail"),
    Sport.TREADMILL: ("running", "treadmill"),
    Sport.WALK: ("walking", "generic"),
    Sport.HIKE: ("hiking", "generic"),
    Sport.BIKE: ("cycling", "generic"),
    Sport.NORDIC_SKI: ("cross_country_skiing", "generic"),
    Sport.SKI_ERG: ("fitness_equipment", "indoor_skiing"),
    Sport.ROW: ("rowing", "generic"),
    Sport.SWIM: ("swimming", "lap_swimming"),
    Sport.STRENGTH: ("training", "strength_training"),
    Sport.TRANSITION: ("transition", "generic"),
    Sport.OTHER: ("generic", "generic"),
}

#: FIT intensity of each role.
INTENSITY: dict[Role, str] = {
    Role.WARMUP: "warmup",
    Role.WORK: "interval",
    Role.RECOVERY: "recovery",
    Role.REST: "rest",
    Role.COOLDOWN: "cooldown",
    Role.EASY: "active",
    Role.STEADY: "active",
    Role.LONG: "active",
    Role.TEMPO: "active",
    Role.STRIDES: "interval",
    Role.HILL: "interval",
}

_BAND = 0.02
_NAME_BYTES = 50


def _cut(text: str, limit: int = _NAME_BYTES) -> str:
    data = text.encode("utf-8")[:limit]
    return data.decode("utf-8", errors="ignore")


def _step_fields(step: Step, paces: Mapping[str, float] | None) -> dict[str, Any]:
    # The watch shows the step's length itself; the name says what the step is, and gives
    # the length only where the file cannot hold it (ranges, lap button, "until HR below").
    fixed = isinstance(step.end, Time | Distance) and not _ranged(step)
    name = [] if fixed else [render_end(step.end)]
    name.append(ROLE_WORDS[step.role])
    fields: dict[str, Any] = {"intensity": INTENSITY[step.role]}
    end = step.end
    if isinstance(end, Distance) and end.upper is None:
        fields.update(duration_type="distance", duration_distance=end.min_m)
    elif isinstance(end, Time) and end.upper is None:
        fields.update(duration_type="time", duration_time=end.seconds)
    elif isinstance(end, HrBelow):
        fields.update(duration_type="hr_less_than", duration_hr=end.bpm + 100)
    else:
        fields["duration_type"] = "open"
    notes = [step.note] if step.note else []
    target = step.target
    speeds = speed_range(step, paces) if target is not None else None
    if target is None:
        fields["target_type"] = "open"
    elif speeds is not None:
        slow, fast = speeds
        if slow == fast:
            slow, fast = slow * (1 - _BAND), fast * (1 + _BAND)
        fields.update(
            target_type="speed", custom_target_speed_low=slow, custom_target_speed_high=fast
        )
        notes.append(f"@ {render_target(target)}")
    elif isinstance(target, HeartRate):
        fields.update(
            target_type="heart_rate",
            custom_target_heart_rate_low=target.bpm + 100,
            custom_target_heart_rate_high=(target.upper or target.bpm) + 100,
        )
    elif isinstance(target, Zone) and target.scale == "Z" and target.upper is None:
        fields.update(target_type="heart_rate", target_hr_zone=min(target.number, 5))
    elif isinstance(target, Power):
        fields.update(
            target_type="power",
            custom_target_power_low=target.watts + 1000,
            custom_target_power_high=(target.upper or target.watts) + 1000,
        )
    else:
        fields["target_type"] = "open"
        notes.append(f"@ {render_target(target)}")
    if target is not None:
        name.append(f"@ {render_target(target)}")
    fields["wkt_step_name"] = _cut(" ".join(n for n in name if n)) or None
    fields["notes"] = _cut("; ".join(notes), 200) or None
    return fields


def _ranged(step: Step) -> bool:
    return isinstance(step.end, Distance | Time) and step.end.upper is not None


def workout_steps(
    items: tuple[Item, ...], paces: Mapping[str, float] | None = None
) -> list[dict[str, Any]]:
    """The ``workout_step`` fields of a session's items, repeats nested, in order."""
    out: list[dict[str, Any]] = []
    _emit(items, out, paces)
    for index, fields in enumerate(out):
        fields["message_index"] = index
    return out


def _emit(
    items: tuple[Item, ...], out: list[dict[str, Any]], paces: Mapping[str, float] | None
) -> None:
    for item in items:
        if isinstance(item, Step):
            parts = envelope_parts(item, paces)
            if parts == [item]:
                out.append(_step_fields(item, paces))
            else:
                _emit(tuple(parts), out, paces)
            continue
        _emit_repeat(item, out, paces)


def _emit_repeat(rep: Repeat, out: list[dict[str, Any]], paces: Mapping[str, float] | None) -> None:
    runs = [
        (rep.count - rep.last, rep.items),
        (rep.last, tuple(with_target(i, rep.last_target) for i in rep.items)),
    ]
    runs = [(n, body) for n, body in runs if n > 0]
    for k, (n, body) in enumerate(runs):
        final = k == len(runs) - 1
        loops = n - 1 if (final and rep.between is not None) else n
        if loops:
            start = len(out)
            _emit(body, out, paces)
            if rep.between is not None:
                _emit((rep.between,), out, paces)
            if loops > 1:
                out.append(
                    {
                        "duration_type": "repeat_until_steps_cmplt",
                        "duration_step": start,
                        "repeat_steps": loops,
                        # no target of its own, but some readers expect the field
                        "target_type": "open",
                    }
                )
        if final and rep.between is not None:
            _emit(body, out, paces)


def encode_session(
    session: Session,
    *,
    name: str,
    time_created: datetime,
    paces: Mapping[str, float] | None = None,
) -> bytes:
    """One session as a FIT workout file.

    Args:
        session: the session.
        name: the workout's name on the watch (cut to 50 bytes).
        time_created: when the file is made (an aware datetime).
        paces: the athlete's speeds by pace name, to turn named paces into speed targets.

    Raises:
        EncodeError: for a value that does not fit its FIT field.
    """
    steps = workout_steps(session.items, paces)
    if len(steps) > 0xFFFE:
        raise EncodeError(f"FIT workout: {len(steps)} steps are more than a file can hold")
    sport, sub_sport = SPORTS[session.sport]
    text = render(Workout((session,)))
    serial = zlib.crc32(f"{text}|{time_created.isoformat()}".encode()) or 1
    writer = FitWriter()
    writer.message(
        "file_id",
        type="workout",
        manufacturer="development",
        product=0,
        serial_number=serial,
        time_created=time_created,
    )
    writer.message(
        "workout",
        wkt_name=_cut(name) or "workout",
        sport=sport,
        sub_sport=sub_sport,
        num_valid_steps=len(steps),
    )
    for fields in steps:
        writer.message("workout_step", **fields)
    return writer.to_bytes()


def encode_workout(
    workout: Workout,
    *,
    time_created: datetime,
    paces: Mapping[str, float] | None = None,
) -> list[tuple[str, bytes]]:
    """Each session of a workout as a FIT file: ``[(suffix, data)]``.

    The suffix is "" for a one-session day and "am"/"pm" (or "1", "2"...) for doubles.
    """
    files = []
    title = short_name(workout)
    many = len(workout.sessions) > 1
    for k, session in enumerate(workout.sessions, start=1):
        suffix = (session.when.value.lower() or str(k)) if many else ""
        name = f"{title} {session.when.value}".strip() if many else title
        if many and sum(s.when is session.when for s in workout.sessions) > 1:
            suffix = f"{suffix}{k}"
        data = encode_session(session, name=name, time_created=time_created, paces=paces)
        files.append((suffix, data))
    return files
