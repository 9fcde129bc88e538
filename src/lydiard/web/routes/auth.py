"""Logging in and out, and who am I.

Login starts a fresh server-side session (the pre-login session is deleted: no session
fixation); logout deletes the session on the server. In local single-user mode there is
nothing to log into: the login page says so and sends the browser home.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from lydiard.store import Role
from lydiard.web.deps import (
    ConfigDep,
    LoginRequiredError,
    SessionDep,
    StoreDep,
    ViewerDep,
    visible_athletes,
)
from lydiard.web.encoding import json_response
from lydiard.web.security import (
    clear_session_cookie,
    end_session,
    set_session_cookie,
    start_session,
)
from lydiard.web.templating import render

__all__ = ["router"]

router = APIRouter(tags=["accounts"])


def _safe_next(target: str | None) -> str:
    """Only same-site paths: never redirect to another site after login."""
    if not target:
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return "/"
    return target


@router.get("/login", response_class=HTMLResponse, include_in_schema=False)
def login_form(request: Request, store: StoreDep, config: ConfigDep, next: str = "/") -> Response:
    """The login form (local mode goes straight home)."""
    if not config.requires_login:
        return RedirectResponse("/", status_code=303)
    no_users = not store.users.list()
    return render(
        request, "login.html", {"next": _safe_next(next), "error": None, "no_users": no_users}
    )


@router.post("/login", include_in_schema=False)
def login(
    request: Request,
    store: StoreDep,
    config: ConfigDep,
    username: Annotated[str, Form(max_length=100)],
    password: Annotated[str, Form(max_length=1000)],
    next: Annotated[str, Form()] = "/",
) -> Response:
    """Check the password, start a new session and go where the user was heading.

    ``POST /login`` with ``username``, ``password``, ``csrf_token`` (form fields).
    """
    if not config.requires_login:
        return RedirectResponse("/", status_code=303)
    throttle = request.app.state.login_throttle
    address = request.client.host if request.client else "?"
    throttle.check(username, address)
    user = store.users.authenticate(username, password)
    if user is None:
        throttle.failed(username, address)
        return render(
            request,
            "login.html",
            {"next": _safe_next(next), "error": "Wrong user name or password.", "no_users": False},
            status_code=401,
        )
    throttle.succeeded(username, address)
    token, _ = start_session(request, store, config, user.id)
    response = RedirectResponse(_safe_next(next), status_code=303)
    set_session_cookie(response, token, config)
    return response


@router.post("/logout", include_in_schema=False)
def logout(request: Request, store: StoreDep, config: ConfigDep) -> Response:
    """End the session on the server and forget the cookie."""
    end_session(request, store)
    response = RedirectResponse("/login" if config.requires_login else "/", status_code=303)
    clear_session_cookie(response, config)
    return response


@dataclass(frozen=True, slots=True)
class AthleteBrief:
    """An athlete the viewer may see.

    Attributes:
        id: the athlete's id.
        name: the athlete's name.
        units: "km" or "mi".
    """

    id: int
    name: str
    units: str


@dataclass(frozen=True, slots=True)
class Me:
    """Who is logged in.

    Attributes:
        username: the user name ("local" in single-user mode).
        role: athlete, coach or admin.
        local: single-user mode without login.
        home_athlete_id: the athlete shown first.
        athletes: the athletes the user may see.
        csrf_token: the token for state-changing calls (X-CSRF-Token header).
    """

    username: str
    role: Role
    local: bool
    home_athlete_id: int | None
    athletes: list[AthleteBrief]
    csrf_token: str | None


@router.get("/api/me", response_model=Me)
def me(viewer: ViewerDep, store: StoreDep, session: SessionDep) -> Response:
    """Who is logged in, the athletes they may see, and the CSRF token of their session.

    ```
    GET /api/me
    {"username": "coach", "role": "coach", "local": false, "home_athlete_id": 2,
     "athletes": [{"id": 2, "name": "ann", "units": "km"}], "csrf_token": "..."}
    ```
    """
    athletes = [AthleteBrief(a.id, a.name, a.units) for a in visible_athletes(viewer, store)]
    return json_response(
        Me(
            username=viewer.name,
            role=viewer.role,
            local=viewer.local,
            home_athlete_id=viewer.home_athlete_id,
            athletes=athletes,
            csrf_token=session.csrf_token if session else None,
        )
    )


@dataclass(frozen=True, slots=True)
class SessionInfo:
    """The caller's session.

    Attributes:
        csrf_token: send it back in the ``X-CSRF-Token`` header of state-changing calls.
        logged_in: whether the session belongs to a user (always true in local mode).
    """

    csrf_token: str
    logged_in: bool


@router.get("/api/session", response_model=SessionInfo)
def session_info(
    request: Request, store: StoreDep, config: ConfigDep, session: SessionDep
) -> Response:
    """The caller's CSRF token, starting an anonymous session (cookie) when there is none.

    API clients call this first, then ``POST /api/login``:
    ```
    GET /api/session                      -> {"csrf_token": "Xy...", "logged_in": false}
    POST /api/login  X-CSRF-Token: Xy...  {"username": "ann", "password": "..."}
    ```
    """
    token = None
    if session is None:
        token, session = start_session(request, store, config, None)
    logged_in = session.user_id is not None or not config.requires_login
    response = json_response(SessionInfo(session.csrf_token, logged_in))
    if token:
        set_session_cookie(response, token, config)
    return response


@dataclass(frozen=True, slots=True)
class Credentials:
    """A user name and password.

    Attributes:
        username: the user name.
        password: the password.
    """

    username: str
    password: str


@router.post("/api/login", response_model=SessionInfo)
def api_login(
    request: Request, store: StoreDep, config: ConfigDep, credentials: Credentials
) -> Response:
    """Log in from a script: a new session cookie and its CSRF token (401 when wrong).

    ```
    POST /api/login  {"username": "ann", "password": "correct horse"}
    200 {"csrf_token": "...", "logged_in": true}   (Set-Cookie: lydiard_session=...)
    ```
    """
    throttle = request.app.state.login_throttle
    address = request.client.host if request.client else "?"
    throttle.check(credentials.username, address)
    user = store.users.authenticate(credentials.username[:100], credentials.password[:1000])
    if user is None:
        throttle.failed(credentials.username, address)
        raise LoginRequiredError("wrong user name or password")
    throttle.succeeded(credentials.username, address)
    token, session = start_session(request, store, config, user.id)
    response = json_response(SessionInfo(session.csrf_token, True))
    set_session_cookie(response, token, config)
    return response


@router.post("/api/logout", status_code=204)
def api_logout(request: Request, store: StoreDep, config: ConfigDep) -> Response:
    """End the session on the server (``POST /api/logout`` -> 204)."""
    end_session(request, store)
    response = Response(status_code=204)
    clear_session_cookie(response, config)
    return response
