"""Every page renders for its owner, with the athlete's units and real numbers."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "path",
    [
        "/athletes/{a}/today",
        "/athletes/{a}/fitness",
        "/athletes/{a}/fitness?days=90",
        "/athletes/{a}/fitness?days=0",
        "/athletes/{a}/calendar",
        "/athletes/{a}/activities",
        "/athletes/{a}/upload",
        "/athletes/{a}/settings",
        "/activities/{act}",
        "/squad",
    ],
)
def test_pages_render_for_their_owner(world, make_client, path):
    client = make_client(user="ann")
    response = client.get(path.format(a=world.a, act=world.a_activity))
    assert response.status_code == 200, response.text[:500]
    assert "text/html" in response.headers["content-type"]
    assert "ann" in response.text


def test_api_twins_of_the_pages(world, make_client):
    client = make_client(user="ann")
    today = client.get(f"/api/athletes/{world.a}/today").json()
    assert today["today"] == "2024-06-20"
    assert [p["title"] for p in today["planned"]] == ["Hill circuits"]
    assert today["readiness"]["verdict"] in ("train as planned", "easy", "rest", "not enough data")
    activity = client.get(f"/api/activities/{world.a_activity}").json()
    assert activity["units"] == "km"
    # 900 s at about 3 m/s = 2.7 km: two whole kilometres and the rest.
    assert [s["partial"] for s in activity["splits"]] == [False, False, True]
    assert len(activity["streams"]["time_s"]) == 900
    svg = client.get(f"/api/activities/{world.a_activity}/route.svg")
    assert svg.headers["content-type"] == "image/svg+xml"
    assert svg.text.startswith("<svg")
    listing = client.get(f"/api/athletes/{world.a}/activities?limit=3").json()
    assert len(listing) == 3
    assert listing[0]["local_date"] >= listing[-1]["local_date"]
    spec = client.get("/api/openapi.json").json()
    assert "/api/athletes/{athlete_id}/fitness" in spec["paths"]
    assert "/login" not in spec["paths"]


def test_units_follow_the_athlete(world, make_client):
    client = make_client(user="ann")
    assert client.patch(f"/api/athletes/{world.a}", json={"units": "mi"}).json()["units"] == "mi"
    page = client.get(f"/activities/{world.a_activity}").text
    assert "Splits per mi" in page
    assert "/mi" in page
    assert client.get(f"/api/activities/{world.a_activity}").json()["units"] == "mi"
    bad = client.patch(f"/api/athletes/{world.a}", json={"units": "furlong"})
    assert bad.status_code == 422


def test_multisport_activity_page_shows_each_leg_in_its_unit(world, make_client):
    from analysis.synthetic import triathlon

    race = world.store.activities.add(world.a, triathlon()).activity_id
    client = make_client(user="ann")
    page = client.get(f"/activities/{race}").text
    legs = page[page.index('id="legs"') :]
    assert "1:40/100m" in legs  # swim leg: 1000 m in 1000 s
    assert "36.0 km/h" in legs  # bike leg: 20 km in 2000 s
    assert "5:00/km" in legs  # run leg: 5 km in 1500 s
    assert "No distance in this recording" not in page
    listing = client.get(f"/athletes/{world.a}/activities").text
    assert "Multisport" in listing
