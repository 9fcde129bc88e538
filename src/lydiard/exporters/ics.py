"""An ICS calendar event for a dated session, with the steps in the description.

One all-day event per workout (a double day's sessions are listed together): the summary
is the title (or the first step) and the total distance; the description is the canonical
text of the workout, then its totals. The UID is derived from the date and the text, so
exporting the same day again updates the event instead of adding a second one.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta

from icalendar import Calendar, Event

from lydiard.formatting import format_distance, format_duration
from lydiard.workouts import Workout, render
from lydiard.workouts.render import short_name

__all__ = ["ics_calendar", "ics_event"]


def _summary(workout: Workout, distance_m: float) -> str:
    first = short_name(workout)
    if distance_m == distance_m and distance_m > 0:
        return f"{first} ({format_distance(distance_m, 'km', decimals=1)})"
    return first


def ics_event(
    workout: Workout,
    day: date,
    *,
    paces: Mapping[str, float] | None = None,
    stamp: datetime | None = None,
) -> Event:
    """The calendar event for ``workout`` on ``day``.

    Args:
        workout: the workout.
        day: the athlete's local calendar date of the session.
        paces: the athlete's speeds by pace name, for the time estimate.
        stamp: the DTSTAMP (when the event was made); now when None.
    """
    text = render(workout)
    totals = workout.totals(paces)
    lines = [text, ""]
    distance = (
        totals.distance_m if totals.distance_m == totals.distance_m else totals.known_distance_m
    )
    if distance > 0:
        lines.append(
            f"Distance: {format_distance(distance, 'km')} / {format_distance(distance, 'mi')}"
        )
    if totals.duration_s == totals.duration_s:
        lines.append(f"Time: {format_duration(totals.duration_s)}")
    event = Event()
    uid = hashlib.sha1(f"{day.isoformat()}|{text}".encode()).hexdigest()[:20]
    event.add("uid", f"{uid}@lydiard")
    event.add("dtstamp", stamp or datetime.now(UTC))
    event.add("dtstart", day)
    event.add("dtend", day + timedelta(days=1))
    event.add("summary", _summary(workout, distance))
    event.add("description", "\n".join(lines).strip())
    event.add("categories", ["Training"])
    return event


def ics_calendar(events: list[Event]) -> bytes:
    """A VCALENDAR holding ``events``, as bytes ready to write to a .ics file."""
    calendar = Calendar()
    calendar.add("prodid", "-//lydiard//workouts//EN")
    calendar.add("version", "2.0")
    for event in events:
        calendar.add_component(event)
    return bytes(calendar.to_ical())
