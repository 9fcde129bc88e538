"""Dependencies of every route: the store, the config, who is asking, and what they may see.

Permission checks happen in ONE place, :func:`authorise`: every route that touches an
athlete's data takes one of the scope dependencies (:data:`AthleteScope`,
:data:`ActivityScope`, :data:`PlanScope`), which resolve the athlete from the path and
call it. An athlete sees only themselves, a coach the athletes linked to them, an admin
(and the local user in single-user mode) everyone. A route without a scope dependency
sees no athlete's data; the authorisation test walks the route table to keep it so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from fastapi import Depends, Path, Request

from lydiard.errors import LydiardError, NotFoundError, PermissionDeniedError
from lydiard.store import ActivityRecord, Athlete, Role, Store, StoredPlan, User, WebSession
from lydiard.web.config import WebConfig
from lydiard.web.security import CSRF_FIELD, CSRF_HEADER, UNSAFE_METHODS, check_csrf_token
from lydiard.web.security import read_session as _read_session

__all__ = [
    "ActivityInScope",
    "ActivityScope",
    "AthleteScope",
    "ConfigDep",
    "LoginRequiredError",
    "PlanInScope",
    "PlanScope",
    "Scope",
    "SessionDep",
    "StoreDep",
    "Viewer",
    "ViewerDep",
    "authorise",
    "csrf_protect",
    "local_day",
    "visible_athletes",
]


class LoginRequiredError(LydiardError):
    """The request needs a logged-in user (pages redirect to the login form)."""

    http_status = 401


def get_store(request: Request) -> Store:
    """The store the app opened at start-up."""
    store: Store = request.app.state.store
    return store


def get_config(request: Request) -> WebConfig:
    """The web server's config."""
    config: WebConfig = request.app.state.config
    return config


StoreDep = Annotated[Store, Depends(get_store)]
ConfigDep = Annotated[WebConfig, Depends(get_config)]


def get_session(request: Request, store: StoreDep, config: ConfigDep) -> WebSession | None:
    """The request's server-side session, or None."""
    return _read_session(request, store, config)


SessionDep = Annotated[WebSession | None, Depends(get_session)]


@dataclass(frozen=True, slots=True)
class Viewer:
    """Who is asking.

    Attributes:
        user: the logged-in user; None in local single-user mode.
        home_athlete_id: the athlete shown first (the user's own, or the local athlete).
    """

    user: User | None
    home_athlete_id: int | None

    @property
    def local(self) -> bool:
        """Local single-user mode (no login, loopback only)."""
        return self.user is None

    @property
    def role(self) -> Role:
        """The user's role; the local user is an admin of their own machine."""
        return Role.ADMIN if self.user is None else self.user.role

    @property
    def name(self) -> str:
        """The name shown in the page header."""
        return "local" if self.user is None else self.user.username


def get_viewer(request: Request, store: StoreDep, config: ConfigDep) -> Viewer:
    """The viewer of this request.

    Raises:
        LoginRequiredError: in accounts mode without a live, logged-in session.
    """
    if not config.requires_login:
        home: int | None = request.app.state.local_athlete_id
        return Viewer(user=None, home_athlete_id=home)
    session = _read_session(request, store, config)
    if session is None or session.user_id is None:
        raise LoginRequiredError("log in first")
    try:
        user = store.users.get(session.user_id)
    except NotFoundError as exc:
        raise LoginRequiredError("log in first") from exc
    if user.disabled:
        raise LoginRequiredError("this login is disabled")
    home_id = user.athlete_id
    if home_id is None and user.role is Role.COACH:
        squad = store.users.athletes_of(user.id)
        home_id = squad[0] if squad else None
    return Viewer(user=user, home_athlete_id=home_id)


ViewerDep = Annotated[Viewer, Depends(get_viewer)]


def authorise(viewer: Viewer, athlete_id: int, store: Store) -> Athlete:
    """The athlete, when the viewer may see and change their data: the one permission check.

    Raises:
        PermissionDeniedError: when the athlete is not the viewer's (HTTP 403).
        NotFoundError: when an admin asks for an athlete that does not exist (HTTP 404).
    """
    user = viewer.user
    if user is not None and not store.users.can_access(user, athlete_id):
        raise PermissionDeniedError(f"athlete {athlete_id}: not yours to see")
    return store.athletes.get(athlete_id)


def local_day(athlete: Athlete, config: WebConfig) -> date:
    """Today in the athlete's time zone, by the app's clock."""
    now = config.clock()
    try:
        return now.astimezone(ZoneInfo(athlete.timezone)).date()
    except (ZoneInfoNotFoundError, ValueError):
        return now.date()


@dataclass(frozen=True, slots=True)
class Scope:
    """An athlete the viewer may see, with the athlete's local today."""

    viewer: Viewer
    athlete: Athlete
    today: date

    @property
    def units(self) -> str:
        """The athlete's distance unit, "km" or "mi"."""
        return self.athlete.units


def athlete_scope(
    athlete_id: Annotated[int, Path(ge=1, description="the athlete's id")],
    viewer: ViewerDep,
    store: StoreDep,
    config: ConfigDep,
) -> Scope:
    """The athlete named in the path, checked by :func:`authorise`."""
    athlete = authorise(viewer, athlete_id, store)
    return Scope(viewer, athlete, local_day(athlete, config))


AthleteScope = Annotated[Scope, Depends(athlete_scope)]


@dataclass(frozen=True, slots=True)
class ActivityInScope:
    """An activity whose athlete the viewer may see."""

    scope: Scope
    record: ActivityRecord


def activity_scope(
    activity_id: Annotated[int, Path(ge=1, description="the activity's id")],
    viewer: ViewerDep,
    store: StoreDep,
    config: ConfigDep,
) -> ActivityInScope:
    """The activity named in the path; its athlete is checked by :func:`authorise`."""
    record = store.activities.get(activity_id)
    athlete = authorise(viewer, record.athlete_id, store)
    return ActivityInScope(Scope(viewer, athlete, local_day(athlete, config)), record)


ActivityScope = Annotated[ActivityInScope, Depends(activity_scope)]


@dataclass(frozen=True, slots=True)
class PlanInScope:
    """A plan whose athlete the viewer may see."""

    scope: Scope
    plan: StoredPlan


def plan_scope(
    plan_id: Annotated[int, Path(ge=1, description="the plan's id")],
    viewer: ViewerDep,
    store: StoreDep,
    config: ConfigDep,
) -> PlanInScope:
    """The plan named in the path; its athlete is checked by :func:`authorise`."""
    plan = store.plans.get(plan_id)
    assert plan.athlete_id is not None, "stored plans have an athlete"
    athlete = authorise(viewer, plan.athlete_id, store)
    return PlanInScope(Scope(viewer, athlete, local_day(athlete, config)), plan)


PlanScope = Annotated[PlanInScope, Depends(plan_scope)]


async def csrf_protect(request: Request, store: StoreDep, config: ConfigDep) -> None:
    """Refuse POST, PUT, PATCH and DELETE without this session's CSRF token (HTTP 403).

    The token comes from the ``X-CSRF-Token`` header (fetch calls) or the ``csrf_token``
    field of a form (the form is parsed once; the route reads the same parsed form).
    """
    if request.method not in UNSAFE_METHODS:
        return
    sent = request.headers.get(CSRF_HEADER)
    kind = request.headers.get("content-type", "")
    if not sent and kind.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        form = await request.form()
        value = form.get(CSRF_FIELD)
        sent = value if isinstance(value, str) else None
    check_csrf_token(_read_session(request, store, config), sent)


def visible_athletes(viewer: Viewer, store: Store) -> list[Athlete]:
    """The athletes a viewer may switch between (the same rule as :func:`authorise`)."""
    user = viewer.user
    if user is None or user.role is Role.ADMIN:
        return store.athletes.list()
    ids = set(store.users.athletes_of(user.id)) if user.role is Role.COACH else set()
    if user.athlete_id is not None:
        ids.add(user.athlete_id)
    return [store.athletes.get(i) for i in sorted(ids)]
