"""A whole plan as an iCalendar file (RFC 5545): one all-day event per session.

Each event's summary names the session and its distance in the athlete's units; the
description holds the workout text, the athlete's paces for the named paces it uses, and
why the session is there. UIDs are stable (plan start, day, position), so re-importing an
adapted plan updates events instead of duplicating them.
"""

from __future__ import annotations

import hashlib
import math
from datetime import UTC, datetime, time, timedelta

from icalendar import Calendar, Event

from lydiard.formatting import format_distance, format_duration, format_pace
from lydiard.planning.plan import Plan, PlannedSession

__all__ = ["pace_legend", "plan_calendar", "session_summary"]

_PACE_ORDER = ("E", "M", "T", "I", "R", "5K", "10K", "HM", "marathon", "50K", "100K")


def pace_legend(plan: Plan, text: str | None = None) -> list[str]:
    """Lines such as "T pace 3:35/km" for the named paces a text uses (all when None)."""
    units = plan.athlete.units
    out = []
    for name in _PACE_ORDER:
        speed = plan.paces.get(name)
        if speed is None:
            continue
        used = text is None or f"{name} pace" in text or f"{name} race pace" in text
        if name == "marathon":
            used = text is None or "marathon pace" in text
        if used:
            out.append(f"{name} pace {format_pace(speed, units)}")
    return out


def session_summary(plan: Plan, s: PlannedSession) -> str:
    """A one-line name: "AM Long run on trail, 50 km" or "Easy bike, 2 h 30"."""
    units = plan.athlete.units
    when = f"{s.when.value} " if s.when.value else ""
    if s.is_run and math.isfinite(s.distance_m):
        return f"{when}{s.title}, {format_distance(s.distance_m, units, decimals=1)}"
    return f"{when}{s.title}"


def _uid(plan: Plan, s: PlannedSession, position: int) -> str:
    key = f"{plan.start.isoformat()}|{plan.race.name}|{s.day.isoformat()}|{position}"
    return hashlib.sha1(key.encode(), usedforsecurity=False).hexdigest() + "@lydiard"


def plan_calendar(plan: Plan, *, stamp: datetime | None = None) -> bytes:
    """The plan as iCalendar bytes.

    Args:
        plan: the plan.
        stamp: DTSTAMP of every event (UTC); midnight UTC of the plan's start when None,
            so the same plan always gives the same file.
    """
    stamp = stamp or datetime.combine(plan.start, time(0, 0), tzinfo=UTC)
    cal = Calendar()
    cal.add("prodid", "-//lydiard//training plan//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"{plan.race.name} plan")
    for day in plan.days:
        for position, s in enumerate(day.sessions):
            event = Event()
            event.add("uid", _uid(plan, s, position))
            event.add("dtstamp", stamp)
            event.add("dtstart", s.day)
            event.add("dtend", s.day + timedelta(days=1))
            event.add("summary", session_summary(plan, s))
            lines = [s.text]
            if math.isfinite(s.duration_s):
                lines.append(f"About {format_duration(s.duration_s)}.")
            lines += pace_legend(plan, s.text)
            if s.reason:
                lines.append(f"Why: {s.reason}")
            week = plan.week_of(s.day)
            if week is not None:
                lines.append(f"Week {week.index + 1}, {week.phase.label}, {week.kind.value} week")
            event.add("description", "\n".join(lines))
            event.add("categories", [s.kind.label])
            cal.add_component(event)
    return bytes(cal.to_ical())
