"""One router per resource; :data:`ROUTERS` is what the app includes, in order."""

from __future__ import annotations

from fastapi import APIRouter

from lydiard.web.routes import (
    activities,
    assets,
    athletes,
    auth,
    calendar,
    fitness,
    home,
    plans,
    sharing,
    today,
    uploads,
    workouts,
)

__all__ = ["ROUTERS"]

ROUTERS: list[APIRouter] = [
    assets.router,
    auth.router,
    home.router,
    today.router,
    fitness.router,
    calendar.router,
    activities.router,
    uploads.router,
    athletes.router,
    workouts.router,
    plans.router,
    sharing.router,
]
