"""The Plan page and its exports (for plans stored with or without the planner's spec)."""

from __future__ import annotations

import io
import zipfile

import fitdecode
from icalendar import Calendar


def test_plan_page_redirects_to_the_current_plan(world, make_client):
    client = make_client(user="ann")
    home = client.get(f"/athletes/{world.a}/plan")
    assert home.status_code == 303
    assert home.headers["location"] == f"/plans/{world.a_plan}"
    page = client.get(f"/plans/{world.a_plan}")
    assert page.status_code == 200
    assert "Summer block" in page.text
    assert "This week" in page.text
    data = client.get(f"/api/plans/{world.a_plan}").json()
    # The plan runs from a week before 20 June to two weeks after: 4 Monday weeks.
    assert [w["start"] for w in data["weeks"]] == [
        "2024-06-10",
        "2024-06-17",
        "2024-06-24",
        "2024-07-01",
    ]
    assert data["current_week"] == 1
    assert data["weeks"][1]["planned_m"] == 12000.0
    assert data["phases"] == []  # not made by the planner: no phases to show


def test_plan_exports(world, make_client):
    client = make_client(user="ann")
    ics = client.get(f"/api/plans/{world.a_plan}/export.ics")
    assert ics.status_code == 200
    assert ics.headers["content-type"].startswith("text/calendar")
    events = [c for c in Calendar.from_ical(ics.content).walk() if c.name == "VEVENT"]
    assert len(events) == 2
    assert sorted(str(e["dtstart"].dt) for e in events) == ["2024-06-20", "2024-06-21"]
    fit = client.get(f"/api/plans/{world.a_plan}/export.zip")
    assert fit.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(fit.content))
    names = archive.namelist()
    assert names == ["2024-06-20-000-hill-circuits.fit", "2024-06-21-001-easy-run.fit"]
    for name in names:
        with fitdecode.FitReader(io.BytesIO(archive.read(name))) as reader:
            kinds = {f.name for f in reader if isinstance(f, fitdecode.FitDataMessage)}
        assert {"file_id", "workout", "workout_step"} <= kinds


def test_no_plan_page(world, make_client):
    world.store.plans.delete(world.a_plan)
    client = make_client(user="ann")
    page = client.get(f"/athletes/{world.a}/plan")
    assert page.status_code == 200
    assert "has no plan yet" in page.text


def test_a_planner_plan_shows_its_phases_and_exports_through_the_planner(world, make_client):
    from datetime import date

    from lydiard.cli.plan_store import stored_plan
    from lydiard.planning import Race, athlete_preset, make_plan

    plan = make_plan(
        athlete_preset("forty"),
        Race.from_preset("Road marathon", date(2024, 10, 13)),
        date(2024, 6, 3),
    )
    saved = world.store.plans.add(world.a, stored_plan(plan))
    sessions = list(plan.sessions)
    client = make_client(user="ann")
    data = client.get(f"/api/plans/{saved.id}").json()
    phases = [p["phase"] for p in data["phases"]]
    assert phases == list(dict.fromkeys(w.phase.value for w in plan.weeks))
    assert sum(p["weeks"] for p in data["phases"]) == len(plan.weeks)
    assert data["weeks"][0]["kind"] == plan.weeks[0].kind.value
    assert data["current_week"] == 2  # 20 June is in the third week from 3 June
    assert data["paces"]["T"] == plan.paces["T"]
    page = client.get(f"/plans/{saved.id}")
    assert "Aerobic conditioning" in page.text
    ics = client.get(f"/api/plans/{saved.id}/export.ics")
    events = [c for c in Calendar.from_ical(ics.content).walk() if c.name == "VEVENT"]
    assert len(events) == len(sessions)
    assert "X-Lydiard-Skipped" not in ics.headers
    archive = zipfile.ZipFile(io.BytesIO(client.get(f"/api/plans/{saved.id}/export.zip").content))
    assert len(archive.namelist()) >= len(sessions) - 1  # the race has no workout file
