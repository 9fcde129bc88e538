"""Errors mapped to HTTP statuses in one handler.

Every lydiard error carries its status (``LydiardError.http_status``: input 422, not
found 404, permission 403, store 503...). API calls (``/api/...``, or a client that
asks for JSON) get ``{"error": {"status", "type", "message"}}``; pages get an error page.
A request that needs a login is redirected to the login form (pages) or gets 401 (API).
Anything unexpected is logged with its traceback and answered 500 without details.
"""

from __future__ import annotations

import logging
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from lydiard.errors import LydiardError, WorkoutSyntaxError
from lydiard.web.deps import LoginRequiredError
from lydiard.web.security import TooManyAttemptsError

__all__ = ["install_error_handlers", "wants_json"]

log = logging.getLogger("lydiard.web")


def wants_json(request: Request) -> bool:
    """Whether the client is an API caller rather than a browser page."""
    if request.url.path.startswith("/api/"):
        return True
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for error in exc.errors()[:5]:
        where = ".".join(str(x) for x in error.get("loc", ()) if x not in ("body", "query"))
        parts.append(f"{where}: {error.get('msg', 'invalid')}" if where else error.get("msg", ""))
    return "; ".join(parts) or "invalid request"


def _respond(request: Request, status: int, kind: str, message: str) -> Response:
    headers: dict[str, str] = {}
    if wants_json(request):
        body: dict[str, object] = {"status": status, "type": kind, "message": message}
        return JSONResponse({"error": body}, status_code=status, headers=headers)
    templates: Jinja2Templates = request.app.state.templates
    return templates.TemplateResponse(
        request,
        "error.html",
        {"status": status, "kind": kind, "message": message},
        status_code=status,
        headers=headers,
    )


async def _handle(request: Request, exc: Exception) -> Response:
    if isinstance(exc, LoginRequiredError):
        if wants_json(request):
            return _respond(request, 401, "LoginRequired", str(exc))
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={quote(target, safe='/')}", status_code=303)
    if isinstance(exc, LydiardError):
        message = exc.render() if isinstance(exc, WorkoutSyntaxError) else str(exc)
        response = _respond(request, exc.http_status, type(exc).__name__, message)
        if isinstance(exc, TooManyAttemptsError):
            response.headers["Retry-After"] = str(max(1, round(exc.retry_after_s)))
        return response
    if isinstance(exc, RequestValidationError):
        return _respond(request, 422, "InputError", _validation_message(exc))
    if isinstance(exc, StarletteHTTPException):
        reason = str(exc.detail) if exc.detail else "error"
        response = _respond(request, exc.status_code, "HTTPError", reason)
        for name, value in (exc.headers or {}).items():
            response.headers[name] = value
        return response
    log.exception("unexpected error on %s %s", request.method, request.url.path)
    return _respond(request, 500, "InternalError", "something went wrong on the server")


def install_error_handlers(app: FastAPI) -> None:
    """Route every error through the one handler."""
    for kind in (LydiardError, RequestValidationError, StarletteHTTPException, Exception):
        app.add_exception_handler(kind, _handle)
