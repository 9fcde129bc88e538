from __future__ import annotations

from datetime import UTC, date, datetime

from icalendar import Calendar

from lydiard.exporters.ics import ics_calendar, ics_event
from lydiard.workouts import parse

TEXT = "3 Mile Warm Up / 8 x 200 Meter Repeats / 400 Meter Jog Recovery / 2 Mile Cool Down"
STAMP = datetime(2027, 1, 1, tzinfo=UTC)


def test_event_for_a_dated_session() -> None:
    data = ics_calendar([ics_event(parse(TEXT), date(2027, 1, 5), stamp=STAMP)])
    (event,) = Calendar.from_ical(data).walk("VEVENT")
    assert event.decoded("dtstart") == date(2027, 1, 5)
    assert event.decoded("dtend") == date(2027, 1, 6)
    assert str(event["summary"]) == "8 x 200 m (12.4 km)"
    description = str(event["description"])
    assert "8 x 200 m, 400 m jog between" in description
    assert "Distance: 12.45 km / 7.73 mi" in description


def test_uid_is_stable_for_the_same_day_and_session() -> None:
    a = ics_event(parse(TEXT), date(2027, 1, 5), stamp=STAMP)
    b = ics_event(parse(TEXT), date(2027, 1, 5), stamp=STAMP)
    c = ics_event(parse(TEXT), date(2027, 1, 6), stamp=STAMP)
    assert a["uid"] == b["uid"] != c["uid"]


def test_time_appears_when_paces_are_known() -> None:
    event = ics_event(parse("10 km @ 4:00/km"), date(2027, 1, 5), stamp=STAMP)
    assert "Time: 40:00" in str(event["description"])
