"""Sessions from an attacker's side: fixation, stolen cookies after logout, cookie flags,
and CSRF tokens in every state-changing form the pages render."""

from __future__ import annotations

import re

from starlette.routing import Route

from lydiard.web import create_app
from lydiard.web.app import route_table
from lydiard.web.security import COOKIE_NAME
from web_support import PASSWORD, csrf_of


def _issued(response) -> str:
    return _set_cookie(response).split(";", 1)[0].split("=", 1)[1]


def _set_cookie(response) -> str:
    headers = [v for k, v in response.headers.multi_items() if k == "set-cookie"]
    return next(h for h in headers if h.startswith(COOKIE_NAME + "="))


def test_a_planted_pre_login_session_is_replaced_at_login(world, make_client):
    attacker = make_client()
    planted_csrf = csrf_of(attacker)
    planted = attacker.cookies[COOKIE_NAME]
    victim = make_client()
    victim.cookies.set(COOKIE_NAME, planted, domain="127.0.0.1")  # e.g. from a subdomain
    done = victim.post(
        "/api/login",
        json={"username": "ann", "password": PASSWORD},
        headers={"X-CSRF-Token": planted_csrf},
    )
    assert done.status_code == 200
    fresh = _issued(done)
    assert fresh != planted
    assert done.json()["csrf_token"] != planted_csrf
    assert world.store.web_sessions.get(planted) is None
    # The attacker's copy of the planted cookie is not logged in as ann.
    assert attacker.get("/api/me").status_code == 401
    assert victim.get("/api/me").json()["username"] == "ann"


def test_a_cookie_the_server_never_issued_is_never_adopted(world, make_client):
    client = make_client()
    chosen = "A" * 43
    client.cookies.set(COOKIE_NAME, chosen, domain="127.0.0.1")
    assert client.get("/api/me").status_code == 401
    response = client.get("/api/session")
    assert response.json()["logged_in"] is False
    issued = _issued(response)
    assert issued != chosen
    assert len(issued) >= 43  # 256 random bits, URL-safe base64
    assert world.store.web_sessions.get(chosen) is None


def test_logout_kills_the_session_on_the_server(world, make_client):
    client = make_client()
    token = csrf_of(client)
    login = client.post(
        "/api/login",
        json={"username": "ben", "password": PASSWORD},
        headers={"X-CSRF-Token": token},
    )
    cookie = client.cookies[COOKIE_NAME]
    csrf = login.json()["csrf_token"]
    assert client.get(f"/api/athletes/{world.b}/today").status_code == 200
    out = client.post("/api/logout", headers={"X-CSRF-Token": csrf})
    assert out.status_code == 204
    cleared = _set_cookie(out).lower()
    assert "max-age=0" in cleared or "expires=" in cleared
    assert world.store.web_sessions.get(cookie) is None
    # A copy of the old cookie (stolen, or a second tab) is worthless now.
    thief = make_client()
    thief.cookies.set(COOKIE_NAME, cookie)
    assert thief.get(f"/api/athletes/{world.b}/today").status_code == 401
    assert thief.get(f"/athletes/{world.b}/today").status_code == 303
    assert (
        thief.patch(
            f"/api/activities/{world.b_activity}",
            json={"name": "x"},
            headers={"X-CSRF-Token": csrf},
        ).status_code
        == 403
    )


def test_every_session_cookie_is_httponly_and_samesite(world, make_client):
    client = make_client()
    responses = [client.get("/api/session"), client.get("/login")]
    token = client.get("/api/session").json()["csrf_token"]
    responses.append(
        client.post(
            "/api/login",
            json={"username": "ann", "password": PASSWORD},
            headers={"X-CSRF-Token": token},
        )
    )
    for response in responses:
        if not any(k == "set-cookie" for k, _ in response.headers.multi_items()):
            continue
        flags = [f.strip().lower() for f in _set_cookie(response).split(";")]
        assert "httponly" in flags
        assert "samesite=lax" in flags
        assert "path=/" in flags


_FORM = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.S | re.I)


def test_every_post_form_carries_the_csrf_token(world, make_client):
    client = make_client(user="ann")
    app = create_app(world.settings, store=world.store)
    ids = {"athlete_id": world.a, "activity_id": world.a_activity, "plan_id": world.a_plan}
    pages = [
        route.path
        for route in route_table(app)
        if isinstance(route, Route)
        and "GET" in (route.methods or ())
        and not route.path.startswith(("/api/", "/static", "/share"))
    ]
    checked = 0
    for path in pages:
        url = re.sub(r"{(\w+)}", lambda m: str(ids[m.group(1)]), path)
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.headers["content-type"]:
            continue
        token = client.headers["X-CSRF-Token"]
        assert f'data-csrf="{token}"' in response.text, url  # for the fetch-driven forms
        for attributes, body in _FORM.findall(response.text):
            if re.search(r'method="post"', attributes, re.I):
                assert f'name="csrf_token" value="{token}"' in body, (url, attributes)
                checked += 1
    assert checked >= 3  # log-out on every page, and the workout exports
