"""Jinja2 templates: number filters from :mod:`lydiard.formatting`, and page rendering.

Every page goes through :func:`render`, which adds who is viewing, the athletes they may
switch to, the CSRF token of their session (starting one when there is none) and the
athlete's units.
"""

from __future__ import annotations

import math
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from lydiard import formatting
from lydiard.model import Sport
from lydiard.store import Store
from lydiard.web.config import WebConfig
from lydiard.web.deps import Scope, visible_athletes
from lydiard.web.encoding import html_json
from lydiard.web.routes.assets import PLOTLY_URL
from lydiard.web.security import read_session, set_session_cookie, start_session
from lydiard.web.views.activity import speed_text
from lydiard.web.views.plan import PHASE_COLOURS

__all__ = ["make_templates", "page", "render"]

TEMPLATES_DIR = Path(__file__).parent / "templates"


def _distance(metres: float | None, units: str = "km", decimals: int = 1) -> str:
    return formatting.format_distance(metres, units, decimals=decimals)


def _number(value: float | None, decimals: int = 0) -> str:
    if value is None or not math.isfinite(value):
        return formatting.MISSING
    text = f"{value:.{decimals}f}"
    return text[1:] if text.startswith("-") and float(text) == 0 else text


def _signed(value: float | None, decimals: int = 0) -> str:
    text = _number(value, decimals)
    return f"+{text}" if value is not None and math.isfinite(value) and value > 0 else text


def _day(value: date | datetime | None, style: str = "short") -> str:
    if value is None:
        return formatting.MISSING
    if style == "long":
        return f"{value:%A} {value.day} {value:%B %Y}"
    if style == "weekday":
        return f"{value:%a} {value.day}"
    return f"{value:%a} {value.day} {value:%b %Y}"


def _sport_label(value: str | Sport | None) -> str:
    if value is None:
        return ""
    try:
        return Sport(value).label
    except ValueError:
        return str(value)


def _hours(seconds: float | None) -> str:
    if seconds is None or not math.isfinite(seconds):
        return formatting.MISSING
    return f"{seconds / 3600:.1f} h"


@cache
def make_templates() -> Jinja2Templates:
    """The template set with lydiard's filters (built once per process)."""
    templates = Jinja2Templates(directory=str(TEMPLATES_DIR))
    env = templates.env
    env.filters.update(
        distance=_distance,
        pace=lambda v, units="km", suffix=True: formatting.format_pace(v, units, suffix=suffix),
        speed=lambda v, units="km": formatting.format_speed(v, units),
        duration=formatting.format_duration,
        elevation=lambda v, units="km": formatting.format_elevation(v, units),
        bpm=formatting.format_bpm,
        number=_number,
        signed=_signed,
        day=_day,
        hours=_hours,
        sport=_sport_label,
        json_data=html_json,
        sport_speed=lambda v, sport, units="km": speed_text(v, Sport(sport), units),
    )
    env.globals["unit_label"] = lambda units: "mi" if units == "mi" else "km"
    env.globals["inf"] = math.inf
    env.globals["plotly_url"] = PLOTLY_URL
    env.globals["phase_colours"] = PHASE_COLOURS
    return templates


def render(
    request: Request,
    name: str,
    context: dict[str, Any],
    *,
    status_code: int = 200,
) -> HTMLResponse:
    """Render a page with the viewer, the athlete switcher and the session's CSRF token."""
    app_state = request.app.state
    store: Store = app_state.store
    config: WebConfig = app_state.config
    session = read_session(request, store, config)
    new_token = getattr(request.state, "new_session_token", None)
    if session is None:
        new_token, session = start_session(request, store, config, None)
    full = {"csrf_token": session.csrf_token, "accounts": config.requires_login, **context}
    templates: Jinja2Templates = app_state.templates
    response = templates.TemplateResponse(request, name, full, status_code=status_code)
    if new_token:
        set_session_cookie(response, new_token, config)
    return response


def page(
    request: Request,
    name: str,
    scope: Scope,
    active: str,
    context: dict[str, Any],
    *,
    status_code: int = 200,
) -> HTMLResponse:
    """Render an athlete's page: the navigation, the athlete switcher and the units."""
    store: Store = request.app.state.store
    full = {
        "viewer": scope.viewer,
        "athlete": scope.athlete,
        "units": scope.athlete.units,
        "today": scope.today,
        "athletes": visible_athletes(scope.viewer, store),
        "active": active,
        **context,
    }
    return render(request, name, full, status_code=status_code)
