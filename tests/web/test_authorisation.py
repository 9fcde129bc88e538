"""The authorisation matrix: for EVERY route of the app, athlete B cannot read or change
athlete A's data (403 or 404), and a coach cannot reach an athlete not linked to them.

The route list comes from the app's own route table, so a new route is tested the day it
is added; a route without an athlete, activity or plan in its path must be listed in
UNSCOPED below with the reason it shows no athlete's data, or this test fails.
"""

from __future__ import annotations

import re

import pytest
from starlette.routing import Mount, Route

from lydiard.web import create_app
from lydiard.web.app import route_table

#: Path parameters that name an athlete's data; the scope dependencies check them.
SCOPED_PARAMS = {"athlete_id", "activity_id", "plan_id"}

#: Routes that take no athlete from the path, and why that is safe.
UNSCOPED = {
    "/": "redirects to the viewer's own page",
    "/login": "the login form",
    "/logout": "ends the caller's own session",
    "/api/session": "the caller's own CSRF token",
    "/api/login": "logs the caller in",
    "/api/logout": "ends the caller's own session",
    "/api/me": "the viewer and the athletes authorise() lets them see",
    "/squad": "lists only visible_athletes() of the viewer",
    "/api/squad": "lists only visible_athletes() of the viewer",
    "/api/openapi.json": "the API description",
    "/static": "stylesheets and scripts",
    "/static/vendor/plotly-{version}.min.js": "plotly.js",
    "/share/{token}": "a public log the athlete published (checked in test_sharing)",
    "/share/{token}/activities/{share_activity_id}": "an activity of that public log",
    "/api/share/{token}": "a public log the athlete published (checked in test_sharing)",
}


def _template(path: str) -> str:
    return re.sub(r"plotly-[^/]+\.min\.js", "plotly-{version}.min.js", path)


def _routes(world):
    app = create_app(world.settings, store=world.store)
    out = []
    for route in route_table(app):
        if isinstance(route, Mount):
            out.append((route.path, set(), {"GET"}))
        elif isinstance(route, Route):
            params = set(re.findall(r"{(\w+)(?::\w+)?}", route.path))
            out.append((route.path, params, set(route.methods or ()) - {"HEAD"}))
    return out


def test_every_route_is_scoped_or_explained(world):
    routes = _routes(world)
    assert len(routes) > 25
    unexplained = [
        path
        for path, params, _ in routes
        if not params & SCOPED_PARAMS and _template(path) not in UNSCOPED
    ]
    assert unexplained == [], "routes without an athlete scope: explain them in UNSCOPED"
    stale = set(UNSCOPED) - {_template(path) for path, _, _ in routes}
    assert stale == set(), "UNSCOPED lists routes that do not exist"


def _fill(path: str, ids: dict[str, str]) -> str:
    return re.sub(r"{(\w+)(?::\w+)?}", lambda m: ids.get(m.group(1), "1"), path)


def _snapshot(world):
    store = world.store
    record = store.activities.get(world.a_activity)
    return (
        store.activities.count(athlete_id=world.a),
        record.name,
        record.notes,
        record.rpe,
        [(p.id, p.name, len(p.sessions)) for p in store.plans.list(world.a)],
        store.athletes.get(world.a),
        len(store.wellness.list(world.a)),
        store.sharing.get(world.a),
    )


BODIES = {
    "PATCH": {"name": "pwned", "notes": "x", "rpe": 9, "units": "mi"},
    "POST": {
        "kind": "lthr_bpm",
        "value": "100",
        "effective_from": "2024-01-02",
        "day": "2024-06-20",
        "values": {"hrv": "50"},
        "text": "10 x 400 m",
        "enabled": True,
    },
    "PUT": {"enabled": True, "show_wellness": True},
}


@pytest.mark.parametrize(
    ("intruder", "victim"),
    [("ben", "a"), ("coach", "b")],
    ids=["athlete B on athlete A", "coach of A on athlete B"],
)
def test_nobody_reaches_another_athletes_data(world, make_client, intruder, victim):
    client = make_client(user=intruder)
    if victim == "a":
        ids = {"athlete_id": world.a, "activity_id": world.a_activity, "plan_id": world.a_plan}
    else:
        ids = {"athlete_id": world.b, "activity_id": world.b_activity, "plan_id": world.b_plan}
    values = {k: str(v) for k, v in ids.items()}
    values |= {"kind": "lthr_bpm", "effective_from": "2024-01-01"}
    before = _snapshot(world)
    checked = 0
    for path, params, methods in _routes(world):
        if not params & SCOPED_PARAMS:
            continue
        url = _fill(path, values)
        for method in sorted(methods):
            if method == "POST" and path.endswith("/uploads"):
                response = client.post(url, files={"files": ("x.gpx", b"<gpx/>")})
            else:
                response = client.request(method, url, json=BODIES.get(method))
            assert response.status_code in (403, 404), (method, url, response.status_code)
            checked += 1
    assert checked >= 20
    assert _snapshot(world) == before


def test_owner_coach_and_admin_do_reach_it(world, make_client):
    for user in ("ann", "coach", "root"):
        client = make_client(user=user)
        for url in (
            f"/api/athletes/{world.a}/today",
            f"/api/activities/{world.a_activity}",
            f"/athletes/{world.a}/fitness",
        ):
            assert client.get(url).status_code == 200, (user, url)
    # The coach of A is not the coach of B, and B sees only B.
    coach = make_client(user="coach")
    assert [a["name"] for a in coach.get("/api/me").json()["athletes"]] == ["ann"]
    assert [r["name"] for r in coach.get("/api/squad").json()] == ["ann"]
    ben = make_client(user="ben")
    assert [a["name"] for a in ben.get("/api/me").json()["athletes"]] == ["ben"]
    root = make_client(user="root")
    assert {a["name"] for a in root.get("/api/me").json()["athletes"]} == {"ann", "ben"}


def test_without_login_nothing_is_served(world, make_client):
    client = make_client()
    for path, params, methods in _routes(world):
        if not params & SCOPED_PARAMS:
            continue
        url = _fill(path, {"athlete_id": str(world.a), "activity_id": str(world.a_activity)})
        for method in methods:
            response = client.request(method, url)
            # Pages redirect to the login form; the API says 401; unsafe calls without a
            # session fail the CSRF check first (403).
            assert response.status_code in (303, 401, 403), (method, url, response.status_code)
            if response.status_code == 303:
                assert response.headers["location"].startswith("/login?next=")


#: Routes anyone may call without logging in, and why. Every other route of the route
#: table must refuse an anonymous caller (login redirect, 401, or 403 from the CSRF check).
PUBLIC = {
    ("/login", "GET"): "the login form",
    ("/login", "POST"): "logging in (needs the pre-login session's CSRF token)",
    ("/logout", "POST"): "ends the caller's own session, if any (CSRF-checked)",
    ("/api/session", "GET"): "starts an anonymous session to carry the login CSRF token",
    ("/api/login", "POST"): "logging in from a script (CSRF-checked)",
    ("/api/logout", "POST"): "ends the caller's own session, if any (CSRF-checked)",
    ("/api/openapi.json", "GET"): "the API description, no data",
    ("/static", "GET"): "stylesheets and scripts",
    ("/static/vendor/plotly-{version}.min.js", "GET"): "plotly.js",
    ("/share/{token}", "GET"): "a log its athlete published (404 unless enabled)",
    ("/share/{token}/activities/{share_activity_id}", "GET"): "an activity of that log",
    ("/api/share/{token}", "GET"): "a log its athlete published, as JSON",
}


def test_anonymous_callers_reach_only_the_public_routes(world, make_client):
    client = make_client()
    ids = {"athlete_id": str(world.a), "activity_id": str(world.a_activity)}
    ids |= {"plan_id": str(world.a_plan), "token": "not-a-share-token"}
    routes = _routes(world)
    seen = set()
    for path, _, methods in routes:
        for method in sorted(methods):
            key = (_template(path), method)
            seen.add(key)
            if key in PUBLIC:
                continue
            url = _fill(path, ids)
            response = client.request(method, url, json=BODIES.get(method))
            assert response.status_code in (303, 401, 403), (method, url, response.status_code)
            if response.status_code == 303:
                assert response.headers["location"].startswith("/login?next="), (method, url)
            else:
                assert "error" in response.json(), (method, url)
    assert len(seen) > len(PUBLIC) + 25
    stale = set(PUBLIC) - seen
    assert stale == set(), "PUBLIC lists routes that do not exist"
    # The public share routes show nothing unless the athlete published the log.
    for path in ("/share/nope", "/api/share/nope", "/share/nope/activities/1"):
        assert client.get(path).status_code == 404, path
