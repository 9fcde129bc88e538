"""Accounts and the security model: sessions, CSRF, cookies, throttling, caps, headers."""

from __future__ import annotations

import pytest

from lydiard.errors import InputError
from lydiard.web import WebConfig
from lydiard.web.config import is_loopback
from lydiard.web.security import COOKIE_NAME
from web_support import PASSWORD, csrf_of, login, page_csrf


def _cookie_header(response) -> str:
    headers = [v for k, v in response.headers.multi_items() if k == "set-cookie"]
    return next(h for h in headers if h.startswith(COOKIE_NAME + "="))


def test_form_login_rotates_the_session_and_logout_ends_it_on_the_server(world, make_client):
    client = make_client()
    # Pages need a login: the browser is sent to the form, which starts a pre-login session.
    home = client.get(f"/athletes/{world.a}/today")
    assert home.status_code == 303
    assert home.headers["location"] == f"/login?next=/athletes/{world.a}/today"
    form = client.get("/login?next=/athletes/1/today")
    before = client.cookies[COOKIE_NAME]
    token = page_csrf(form.text)
    done = client.post(
        "/login",
        data={"username": "ann", "password": PASSWORD, "csrf_token": token, "next": "/squad"},
    )
    assert done.status_code == 303
    assert done.headers["location"] == "/squad"
    after = client.cookies[COOKIE_NAME]
    assert after != before  # a new session: no fixation
    flags = _cookie_header(done).lower()
    assert "httponly" in flags
    assert "samesite=lax" in flags
    assert "secure" not in flags  # loopback over plain HTTP in this test
    assert world.store.web_sessions.get(before) is None
    assert client.get(f"/athletes/{world.a}/today").status_code == 200
    page_token = page_csrf(client.get(f"/athletes/{world.a}/today").text)
    assert client.post("/logout", data={"csrf_token": page_token}).status_code == 303
    assert world.store.web_sessions.get(after) is None
    # The old cookie is worthless now, even if someone kept a copy.
    client.cookies.set(COOKIE_NAME, after)
    assert client.get(f"/api/athletes/{world.a}/today").status_code == 401


def test_wrong_passwords_are_refused_then_throttled(world, make_client):
    client = make_client(login_attempts=3)
    token = page_csrf(client.get("/login").text)
    for _ in range(3):
        wrong = client.post(
            "/login", data={"username": "ann", "password": "nope nope", "csrf_token": token}
        )
        assert wrong.status_code == 401
        assert "Wrong user name or password" in wrong.text
    blocked = client.post(
        "/login", data={"username": "ann", "password": PASSWORD, "csrf_token": token}
    )
    assert blocked.status_code == 429
    assert int(blocked.headers["retry-after"]) > 0
    # Another user from the same address is not blocked by ann's failures.
    other = client.post(
        "/login", data={"username": "ben", "password": PASSWORD, "csrf_token": token}
    )
    assert other.status_code == 303


def test_login_redirects_only_within_the_site(world, make_client):
    client = make_client()
    token = page_csrf(client.get("/login").text)
    for target in ("https://evil.example/", "//evil.example/x", "javascript:alert(1)"):
        done = client.post(
            "/login",
            data={"username": "ann", "password": PASSWORD, "csrf_token": token, "next": target},
        )
        assert done.headers["location"] == "/"
        token = page_csrf(client.get("/login").text)


def test_state_changes_need_the_sessions_csrf_token(world, make_client):
    client = make_client(user="ann")
    url = f"/api/activities/{world.a_activity}"
    good = client.headers.pop("X-CSRF-Token")
    assert client.patch(url, json={"name": "x"}).status_code == 403
    assert (
        client.patch(url, json={"name": "x"}, headers={"X-CSRF-Token": "forged"}).status_code == 403
    )
    other = make_client(user="ann")  # another session's token is not this session's
    assert other.headers["X-CSRF-Token"] != good
    response = client.patch(
        url, json={"name": "x"}, headers={"X-CSRF-Token": other.headers["X-CSRF-Token"]}
    )
    assert response.status_code == 403
    assert "CSRF" in response.json()["error"]["message"]
    assert world.store.activities.get(world.a_activity).name == "Morning Run"
    ok = client.patch(url, json={"name": "Hill circuits"}, headers={"X-CSRF-Token": good})
    assert ok.status_code == 200
    assert ok.json()["name"] == "Hill circuits"
    # Login itself needs the token of the pre-login session (no login CSRF).
    fresh = make_client()
    assert (
        fresh.post("/api/login", json={"username": "ann", "password": PASSWORD}).status_code == 403
    )


def test_cookies_are_secure_beyond_loopback():
    assert WebConfig(host="0.0.0.0").cookies_secure
    assert WebConfig(host="0.0.0.0").requires_login
    assert not WebConfig(host="127.0.0.1").requires_login
    assert WebConfig(host="127.0.0.1", accounts=True).requires_login
    with pytest.raises(InputError, match="requires accounts"):
        WebConfig(host="192.168.1.20", accounts=False)
    assert [
        is_loopback(h)
        for h in ("127.0.0.1", "::1", "[::1]", "localhost", "10.0.0.1", "example.org")
    ] == [True, True, True, True, False, False]


def test_secure_cookie_flag_when_configured(world, make_client):
    client = make_client(secure_cookies=True)
    response = client.get("/api/session")
    assert "secure" in _cookie_header(response).lower()


def test_local_mode_needs_no_login_and_answers_loopback_only(world, make_client):
    client = make_client(accounts=False)
    home = client.get("/")
    assert home.status_code == 303
    assert home.headers["location"].endswith("/today")
    assert client.get(f"/api/athletes/{world.b}/today").status_code == 200
    assert client.get("/login").headers["location"] == "/"
    # A page of another site resolving its name to 127.0.0.1 (DNS rebinding) is refused.
    rebound = client.get("/api/me", headers={"host": "attacker.example"})
    assert rebound.status_code == 400
    # Even locally, state changes need the CSRF token of the browser's session.
    assert client.post(f"/api/athletes/{world.a}/loads").status_code == 403
    token = csrf_of(client)
    assert (
        client.post(f"/api/athletes/{world.a}/loads", headers={"X-CSRF-Token": token}).status_code
        == 200
    )


def test_upload_cap_is_enforced(world, make_client):
    client = make_client(user="ann", max_upload_bytes=4096)
    big = client.post(
        f"/api/athletes/{world.a}/uploads", files={"files": ("big.gpx", b"x" * 10_000)}
    )
    assert big.status_code == 413
    assert "cap" in big.json()["error"]["message"]


def test_security_headers_on_every_response(world, make_client):
    client = make_client(user="ann")
    for url in ("/login", f"/athletes/{world.a}/today", "/api/me", "/static/app.css", "/nope"):
        headers = client.get(url).headers
        assert "script-src 'self'" in headers["content-security-policy"]
        assert "frame-ancestors 'none'" in headers["content-security-policy"]
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["x-frame-options"] == "DENY"


def test_disabled_users_and_changed_passwords_end_sessions(world, make_client):
    client = make_client(user="ann")
    assert client.get("/api/me").status_code == 200
    world.store.users.set_disabled("ann", True)
    assert client.get("/api/me").status_code == 401
    world.store.users.set_disabled("ann", False)
    fresh = make_client()
    with pytest.raises(AssertionError):
        login(fresh, "ann", "wrong password")


def test_errors_map_to_statuses_in_one_handler(world, make_client):
    client = make_client(user="ann")
    missing = client.get("/api/activities/99999")
    assert missing.status_code == 404
    assert missing.json()["error"]["type"] == "NotFoundError"
    page = client.get("/activities/99999")
    assert page.status_code == 404
    assert "Not found" in page.text
    bad = client.get(f"/api/athletes/{world.a}/fitness?days=17")
    assert bad.status_code == 422
    assert "choose one of 90, 180, 365, 730, 0" in bad.json()["error"]["message"]
    typo = client.post(
        f"/api/athletes/{world.a}/thresholds",
        json={"kind": "threshold_speed_mps", "value": "fast", "effective_from": "2024-06-01"},
    )
    assert typo.status_code == 422
    assert "Threshold pace" in typo.json()["error"]["message"]
    unknown = client.get("/no/such/page")
    assert unknown.status_code == 404
