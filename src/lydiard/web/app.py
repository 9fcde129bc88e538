"""The app factory: ``create_app(settings)`` builds the FastAPI application.

It opens the store (creating or migrating its schema as the settings allow), installs the
security middleware (upload cap, Host check, security headers), the one error handler,
the CSRF check on every state-changing request, the static files (plotly.js from the
installed plotly package: no CDN) and one router per resource.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import Depends, FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.routing import BaseRoute

from lydiard.settings import Settings
from lydiard.store import Store, open_store
from lydiard.web.config import WebConfig
from lydiard.web.deps import csrf_protect
from lydiard.web.errors import install_error_handlers
from lydiard.web.middleware import SecurityMiddleware
from lydiard.web.routes import ROUTERS
from lydiard.web.security import LoginThrottle
from lydiard.web.templating import make_templates

__all__ = ["create_app", "route_table"]

STATIC_DIR = Path(__file__).parent / "static"

API_DESCRIPTION = """\
Everything the lydiard pages show, as JSON. Distances are metres, times seconds, speeds
m/s, heart rate bpm; missing values are null. State-changing calls need the session
cookie and its CSRF token in the `X-CSRF-Token` header (GET `/api/me` returns it).
"""


def create_app(
    settings: Settings, config: WebConfig | None = None, *, store: Store | None = None
) -> FastAPI:
    """Build the web app.

    Args:
        settings: where the data is (the store's settings).
        config: how the server runs (loopback and local mode by default).
        store: an open store to use instead of opening the settings' one (it is then left
            open when the app stops).

    Raises:
        StoreError: when the database cannot be opened.
    """
    config = config or WebConfig()
    own_store = store is None
    opened = store if store is not None else open_store(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        if own_store:
            opened.close()

    app = FastAPI(
        title="lydiard",
        summary="Training log, analysis and planning for endurance runners",
        description=API_DESCRIPTION,
        version="1",
        docs_url=None,  # Swagger UI and ReDoc load scripts from a CDN: not offline
        redoc_url=None,
        openapi_url="/api/openapi.json",
        lifespan=lifespan,
        dependencies=[Depends(csrf_protect)],
    )
    app.state.settings = settings
    app.state.config = config
    app.state.store = opened
    app.state.templates = make_templates()
    app.state.login_throttle = LoginThrottle(config.login_attempts, config.login_window_s)
    app.state.local_athlete_id = (
        None if config.requires_login else opened.athletes.ensure(settings.athlete).id
    )
    install_error_handlers(app)
    for router in ROUTERS:
        app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.add_middleware(SecurityMiddleware, config=config)
    return app


def route_table(app: FastAPI) -> list[BaseRoute]:
    """Every route of the app, flattened out of the routers it includes (for audits)."""
    out: list[BaseRoute] = []

    def walk(routes: list[BaseRoute]) -> None:
        for route in routes:
            inner = getattr(route, "original_router", None)
            if inner is not None:
                walk(list(inner.routes))
            else:
                out.append(route)

    walk(list(app.routes))
    return out
