"""A plan as JSON-ready data and back (schema ``lydiard.plan/1``).

The document is plain dicts, lists, strings and numbers, so a store can keep it in one
JSON column and a web client can read it. Quantities are SI with the unit in the key,
dates ISO 8601, NaN ``null``. :func:`plan_from_dict` checks what it reads and names the
field that is wrong (``weeks[3].days[2].sessions[0].kind: 'tempo?' is not one of ...``).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import fields
from datetime import date
from enum import Enum
from typing import Any, TypeVar

from lydiard.errors import InputError
from lydiard.model.sport import Sport
from lydiard.planning.athlete import Athlete, RaceResult, Weekday
from lydiard.planning.options import PlanOptions
from lydiard.planning.periodise import Phase
from lydiard.planning.plan import Day, Plan, PlannedSession, SessionKind, Week, When
from lydiard.planning.progression import WeekKind
from lydiard.planning.race import Race, Terrain
from lydiard.units import DistanceUnit

__all__ = ["SCHEMA", "plan_from_dict", "plan_to_dict"]

SCHEMA = "lydiard.plan/1"

E = TypeVar("E", bound=Enum)
T = TypeVar("T")


def _num(value: float | None) -> float | None:
    if value is None or not math.isfinite(value):
        return None
    return float(value)


def _session(s: PlannedSession) -> dict[str, Any]:
    return {
        "day": s.day.isoformat(),
        "kind": s.kind.value,
        "sport": s.sport.value,
        "title": s.title,
        "text": s.text,
        "distance_m": _num(s.distance_m),
        "duration_s": _num(s.duration_s),
        "load": _num(s.load),
        "climb_m": _num(s.climb_m),
        "when": s.when.value,
        "hard": s.hard,
        "key": s.key,
        "reason": s.reason,
    }


def _athlete(a: Athlete) -> dict[str, Any]:
    return {
        "weekly_distance_m": a.weekly_distance_m,
        "long_run_m": a.long_run_m,
        "vdot": a.vdot,
        "races": [
            {"distance_m": r.distance_m, "time_s": r.time_s, "day": r.day and r.day.isoformat()}
            for r in a.races
        ],
        "threshold_speed_mps": a.threshold_speed_mps,
        "threshold_hr_bpm": a.threshold_hr_bpm,
        "ftp_w": a.ftp_w,
        "days_available": sorted(d.name.lower() for d in a.days_available),
        "doubles_per_week": a.doubles_per_week,
        "cross_training": sorted(s.value for s in a.cross_training),
        "max_weekly_distance_m": a.max_weekly_distance_m,
        "long_run_day": a.long_run_day.name.lower(),
        "units": a.units.value,
        "weekly_climb_m": _num(a.weekly_climb_m),
        "name": a.name,
    }


def plan_to_dict(plan: Plan) -> dict[str, Any]:
    """The plan as a JSON-ready dict (see the module docstring)."""
    return {
        "schema": SCHEMA,
        "start": plan.start.isoformat(),
        "athlete": _athlete(plan.athlete),
        "race": {
            "name": plan.race.name,
            "distance_m": plan.race.distance_m,
            "day": plan.race.day.isoformat(),
            "climb_m": plan.race.climb_m,
            "terrain": plan.race.terrain.value,
        },
        "options": {f.name: getattr(plan.options, f.name) for f in fields(plan.options)},
        "paces_mps": dict(plan.paces),
        "vdot": _num(plan.vdot),
        "peak_m": _num(plan.peak_m),
        "notes": list(plan.notes),
        "weeks": [
            {
                "index": w.index,
                "phase": w.phase.value,
                "kind": w.kind.value,
                "target_m": _num(w.target_m),
                "notes": list(w.notes),
                "days": [
                    {"day": d.day.isoformat(), "sessions": [_session(s) for s in d.sessions]}
                    for d in w.days
                ],
            }
            for w in plan.weeks
        ],
    }


class _Reader:
    """Reads one mapping, naming the path of anything wrong."""

    def __init__(self, data: Any, path: str) -> None:
        if not isinstance(data, Mapping):
            raise InputError(f"{path or 'plan'}: expected an object, got {type(data).__name__}")
        self.data = data
        self.path = path

    def _where(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def raw(self, key: str, default: Any = ...) -> Any:
        if key not in self.data:
            if default is ...:
                raise InputError(f"{self._where(key)}: missing")
            return default
        return self.data[key]

    def num(self, key: str, default: Any = ...) -> float:
        value = self.raw(key, default)
        if value is None:
            return math.nan
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise InputError(f"{self._where(key)}: expected a number, got {value!r}")
        return float(value)

    def opt_num(self, key: str) -> float | None:
        value = self.raw(key, None)
        return None if value is None else self.num(key)

    def text(self, key: str, default: Any = ...) -> str:
        value = self.raw(key, default)
        if not isinstance(value, str):
            raise InputError(f"{self._where(key)}: expected text, got {value!r}")
        return value

    def flag(self, key: str, default: Any = ...) -> bool:
        value = self.raw(key, default)
        if not isinstance(value, bool):
            raise InputError(f"{self._where(key)}: expected true or false, got {value!r}")
        return value

    def day(self, key: str) -> date:
        value = self.text(key)
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise InputError(f"{self._where(key)}: {value!r} is not a date (YYYY-MM-DD)") from None

    def enum(self, key: str, kind: type[E], default: Any = ...) -> E:
        value = self.raw(key, default)
        try:
            return kind(value)
        except ValueError:
            allowed = ", ".join(repr(m.value) for m in kind)
            raise InputError(f"{self._where(key)}: {value!r} is not one of {allowed}") from None

    def items(self, key: str) -> list[Any]:
        value = self.raw(key, [])
        if not isinstance(value, list):
            raise InputError(f"{self._where(key)}: expected a list, got {value!r}")
        return value

    def each(self, key: str) -> list[_Reader]:
        return [_Reader(v, f"{self._where(key)}[{i}]") for i, v in enumerate(self.items(key))]


def _guard(path: str, build: Callable[[], T]) -> T:
    try:
        return build()
    except InputError as exc:
        if str(exc).startswith(path):
            raise
        raise InputError(f"{path}: {exc}") from exc


def _read_athlete(r: _Reader) -> Athlete:
    def races() -> tuple[RaceResult, ...]:
        out = []
        for x in r.each("races"):
            day = x.raw("day", None)
            out.append(
                RaceResult(
                    x.num("distance_m"), x.num("time_s"), None if day is None else x.day("day")
                )
            )
        return tuple(out)

    days = frozenset(Weekday.parse(d) for d in r.items("days_available")) or None
    climb = r.raw("weekly_climb_m", None)
    return _guard(
        "athlete",
        lambda: Athlete(
            weekly_distance_m=r.num("weekly_distance_m"),
            long_run_m=r.num("long_run_m"),
            vdot=r.opt_num("vdot"),
            races=races(),
            threshold_speed_mps=r.opt_num("threshold_speed_mps"),
            threshold_hr_bpm=r.opt_num("threshold_hr_bpm"),
            ftp_w=r.opt_num("ftp_w"),
            days_available=days if days is not None else frozenset(Weekday),
            doubles_per_week=int(r.num("doubles_per_week", 0)),
            cross_training=frozenset(Sport(s) for s in r.items("cross_training")),
            max_weekly_distance_m=r.opt_num("max_weekly_distance_m"),
            long_run_day=Weekday.parse(r.text("long_run_day", "sun")),
            units=r.enum("units", DistanceUnit, "km"),
            weekly_climb_m=math.nan if climb is None else r.num("weekly_climb_m"),
            name=r.text("name", ""),
        ),
    )


def _read_session(r: _Reader) -> PlannedSession:
    return PlannedSession(
        day=r.day("day"),
        kind=r.enum("kind", SessionKind),
        sport=r.enum("sport", Sport),
        title=r.text("title"),
        text=r.text("text"),
        distance_m=r.num("distance_m"),
        duration_s=r.num("duration_s", None),
        load=r.num("load", None),
        climb_m=r.num("climb_m", 0.0),
        when=r.enum("when", When, ""),
        hard=r.flag("hard", False),
        key=r.flag("key", False),
        reason=r.text("reason", ""),
    )


def plan_from_dict(data: Any) -> Plan:
    """Read a plan written by :func:`plan_to_dict`.

    Raises:
        InputError: for another schema or a field that is missing or wrong (named by path).
    """
    r = _Reader(data, "")
    schema = r.text("schema")
    if schema != SCHEMA:
        raise InputError(f"schema: {schema!r} is not {SCHEMA!r}; this lydiard cannot read it")
    race_r = _Reader(r.raw("race"), "race")
    race = _guard(
        "race",
        lambda: Race(
            race_r.text("name"),
            race_r.num("distance_m"),
            race_r.day("day"),
            race_r.num("climb_m", 0.0),
            race_r.enum("terrain", Terrain, "road"),
        ),
    )
    opts_r = _Reader(r.raw("options", {}), "options")
    known = {f.name for f in fields(PlanOptions)}
    unknown = set(opts_r.data) - known
    if unknown:
        raise InputError(f"options: unknown option(s) {', '.join(sorted(unknown))}")
    options = _guard("options", lambda: PlanOptions(**dict(opts_r.data)))
    paces = _Reader(r.raw("paces_mps", {}), "paces_mps")
    weeks = []
    for w in r.each("weeks"):
        days = []
        for d in w.each("days"):
            sessions = tuple(_read_session(s) for s in d.each("sessions"))
            days.append(Day(d.day("day"), sessions))
        if not days:
            raise InputError(f"{w.path}.days: a week needs at least one day")
        weeks.append(
            Week(
                index=int(w.num("index")),
                phase=w.enum("phase", Phase),
                kind=w.enum("kind", WeekKind),
                target_m=w.num("target_m"),
                days=tuple(days),
                notes=tuple(str(n) for n in w.items("notes")),
            )
        )
    if not weeks:
        raise InputError("weeks: a plan needs at least one week")
    return Plan(
        athlete=_read_athlete(_Reader(r.raw("athlete"), "athlete")),
        race=race,
        start=r.day("start"),
        options=options,
        weeks=tuple(weeks),
        paces={k: paces.num(k) for k in paces.data},
        vdot=r.num("vdot", None),
        peak_m=r.num("peak_m", None),
        notes=tuple(str(n) for n in r.items("notes")),
    )
