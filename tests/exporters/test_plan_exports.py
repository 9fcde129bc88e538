"""Plan exports: ICS parses with icalendar; the HTML's charts are well-formed SVG."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import icalendar
import pytest
from defusedxml import ElementTree

from lydiard.exporters.plan_html import plan_html, stacked_bars_svg
from lydiard.exporters.plan_ics import pace_legend, plan_calendar, session_summary
from lydiard.planning import make_plan
from lydiard.planning.athlete import athlete_preset
from lydiard.planning.race import Race


@pytest.fixture(scope="module")
def plan():
    return make_plan(
        athlete_preset("walmsley"),
        Race.from_preset("Western States 100", date(2027, 6, 26)),
        date(2027, 2, 1),
    )


def test_ics_has_one_event_per_session_on_its_day(plan):
    cal = icalendar.Calendar.from_ical(plan_calendar(plan))
    events = list(cal.walk("VEVENT"))
    sessions = list(plan.sessions)
    assert len(events) == len(sessions)
    for event, s in zip(events, sessions, strict=True):
        assert event.decoded("dtstart") == s.day
        assert s.text.splitlines()[0] in str(event.get("description"))
    assert len({str(e.get("uid")) for e in events}) == len(events)
    race = events[-1]
    assert "Western States 100" in str(race.get("summary"))


def test_ics_is_stable_and_names_the_paces(plan):
    assert plan_calendar(plan) == plan_calendar(plan)
    key = next(s for s in plan.sessions if "T pace" in s.text)
    legend = pace_legend(plan, key.text)
    assert legend
    assert legend[0].startswith("T pace ")
    assert legend[0].endswith("/mi")  # the Walmsley preset reads miles


def test_summary_in_the_athletes_units(plan):
    long_run = next(s for s in plan.sessions if s.kind.value == "long")
    assert session_summary(plan, long_run).endswith(" mi")
    km = replace(plan, athlete=replace(plan.athlete, units="km"))
    assert session_summary(km, long_run).endswith(" km")


def test_html_is_self_contained_with_valid_svg(plan):
    page = plan_html(plan)
    assert "<script" not in page
    assert "src=" not in page
    start = page.index("<svg")
    svg = page[start : page.index("</svg>", start) + len("</svg>")]
    root = ElementTree.fromstring(svg)
    assert root.tag.endswith("svg")
    for w in plan.weeks:
        assert f"Week {w.index + 1}:" in page


def test_bars_are_proportional_and_stacked():
    svg = stacked_bars_svg(
        [{"a": 10.0, "b": 5.0}, {"a": 20.0}],
        {"a": "#111", "b": "#222"},
        unit="km",
        title="t",
        width=200,
        height=124,
    )
    rects = [
        r
        for r in ElementTree.fromstring(svg).iter()
        if r.tag.endswith("rect") and r.get("fill") in ("#111", "#222")
    ]
    heights = [float(r.get("height")) for r in rects]
    # Plot height 124 - 24 - 12 = 88 px; the axis tops at 20 (steps of 5): 10 -> 44 px,
    # 5 -> 22 px, 20 -> 88 px (hand calculation).
    assert heights == pytest.approx([44.0, 22.0, 88.0], abs=0.1)
    # "b" sits on top of "a" in the first bar.
    assert float(rects[1].get("y")) + 22.0 == pytest.approx(float(rects[0].get("y")), abs=0.1)


def test_fit_zip_decodes_with_garmin_sdk(plan):
    import io
    import zipfile

    from garmin_fit_sdk import Decoder, Stream

    from lydiard.exporters.plan_workouts import plan_fit_zip

    data = plan_fit_zip(plan)
    assert data == plan_fit_zip(plan)  # stable bytes
    archive = zipfile.ZipFile(io.BytesIO(data))
    names = archive.namelist()
    runs = [s for s in plan.sessions if s.kind.value != "race"]
    assert len(names) == len(runs)
    key = next(n for n in names if "20-x-1-km" in n)
    for name in (names[0], key):
        raw = bytearray(archive.read(name))
        assert Decoder(Stream.from_byte_array(raw)).check_integrity()
        messages, errors = Decoder(Stream.from_byte_array(raw)).read()
        assert errors == []
        assert messages["workout_mesgs"][0]["num_valid_steps"] == len(
            messages["workout_step_mesgs"]
        )
    # The 20 x 1 km at T pace carries the athlete's T speed as a target.
    messages, _ = Decoder(Stream.from_byte_array(bytearray(archive.read(key)))).read()
    speeds = [
        s.get("custom_target_speed_low")
        for s in messages["workout_step_mesgs"]
        if s.get("custom_target_speed_low")
    ]
    assert speeds
    assert max(speeds) == pytest.approx(plan.paces["T"] * 0.98, rel=0.02)


def test_icu_text_has_a_dated_block_per_session(plan):
    import re

    from lydiard.exporters.plan_workouts import plan_icu_text

    text = plan_icu_text(plan)
    sessions = list(plan.sessions)
    headers = re.findall(r"^\d{4}-\d{2}-\d{2} .*$", text, flags=re.MULTILINE)
    assert len(headers) == len(sessions)
    first = sessions[0]
    assert text.startswith(first.day.isoformat())
    assert "/mi Pace" in text  # the Walmsley preset's paces in miles
