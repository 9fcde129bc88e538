"""Sessions, CSRF and login throttling: the security model of the web app in one place.

* **Sessions** live on the server (:class:`~lydiard.store.web_sessions.WebSessionRepository`):
  the cookie holds a random 256-bit token; logging in always starts a new session (no
  fixation) and logging out deletes it on the server. Cookies are ``HttpOnly``,
  ``SameSite=Lax``, and ``Secure`` when the server is not on loopback.
* **CSRF**: every session carries its own token. Forms send it in the ``csrf_token``
  field, fetch calls in the ``X-CSRF-Token`` header; every POST, PUT, PATCH and DELETE is
  refused (HTTP 403) without the right one, compared in constant time.
* **Login throttling**: after ``login_attempts`` failures for one user name from one
  address within ``login_window_s``, further attempts get HTTP 429 until the window passes.
"""

from __future__ import annotations

import hmac
import threading
import time
from collections import deque
from dataclasses import dataclass

from fastapi import Request, Response

from lydiard.errors import LydiardError, PermissionDeniedError
from lydiard.store import Store, WebSession
from lydiard.web.config import WebConfig

__all__ = [
    "COOKIE_NAME",
    "CSRF_FIELD",
    "CSRF_HEADER",
    "LoginThrottle",
    "TooManyAttemptsError",
    "check_csrf_token",
    "end_session",
    "read_session",
    "set_session_cookie",
    "start_session",
]

COOKIE_NAME = "lydiard_session"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class TooManyAttemptsError(LydiardError):
    """Too many failed logins for one user name from one address."""

    http_status = 429

    def __init__(self, message: str, retry_after_s: float) -> None:
        super().__init__(message)
        self.retry_after_s = retry_after_s


def read_session(request: Request, store: Store, config: WebConfig) -> WebSession | None:
    """The live server-side session of the request's cookie, cached on the request."""
    if hasattr(request.state, "web_session"):
        cached: WebSession | None = request.state.web_session
        return cached
    token = request.cookies.get(COOKIE_NAME, "")
    session = store.web_sessions.get(token, now=config.clock()) if token else None
    request.state.web_session = session
    return session


def start_session(
    request: Request, store: Store, config: WebConfig, user_id: int | None
) -> tuple[str, WebSession]:
    """Start a fresh session (ending the request's old one, if any): never reuse a token."""
    old = request.cookies.get(COOKIE_NAME)
    if old:
        store.web_sessions.delete(old)
    token, session = store.web_sessions.create(
        user_id, lifetime_s=config.session_lifetime_s, now=config.clock()
    )
    request.state.web_session = session
    request.state.new_session_token = token
    return token, session


def end_session(request: Request, store: Store) -> None:
    """Delete the request's session on the server (logging out)."""
    token = request.cookies.get(COOKIE_NAME)
    if token:
        store.web_sessions.delete(token)
    request.state.web_session = None


def set_session_cookie(response: Response, token: str, config: WebConfig) -> None:
    """Put a session token in the response's cookie with the safe flags."""
    response.set_cookie(
        COOKIE_NAME,
        token,
        max_age=int(config.session_lifetime_s),
        httponly=True,
        samesite="lax",
        secure=config.cookies_secure,
        path="/",
    )


def clear_session_cookie(response: Response, config: WebConfig) -> None:
    """Remove the session cookie from the browser."""
    response.delete_cookie(
        COOKIE_NAME, httponly=True, samesite="lax", secure=config.cookies_secure, path="/"
    )


def check_csrf_token(session: WebSession | None, sent: str | None) -> None:
    """Refuse a state-changing request whose CSRF token is missing or wrong.

    Raises:
        PermissionDeniedError: naming what is missing (HTTP 403).
    """
    if session is None:
        raise PermissionDeniedError("CSRF check failed: no session; reload the page and try again")
    if not sent:
        raise PermissionDeniedError(
            f"CSRF check failed: send the {CSRF_HEADER} header or the {CSRF_FIELD} form field"
        )
    if not hmac.compare_digest(session.csrf_token.encode(), sent.encode()):
        raise PermissionDeniedError("CSRF check failed: the token does not match this session")


@dataclass
class LoginThrottle:
    """Counts failed logins per (user name, address) in a sliding window (in memory)."""

    attempts: int
    window_s: float

    def __post_init__(self) -> None:
        self._failures: dict[tuple[str, str], deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: tuple[str, str], now: float) -> deque[float]:
        times = self._failures.setdefault(key, deque())
        while times and times[0] <= now - self.window_s:
            times.popleft()
        return times

    def check(self, username: str, address: str) -> None:
        """Raise when this user name from this address has failed too often lately.

        Raises:
            TooManyAttemptsError: with the seconds to wait (HTTP 429).
        """
        now = time.monotonic()
        key = (username.lower(), address)
        with self._lock:
            times = self._recent(key, now)
            if len(times) >= self.attempts:
                wait = times[0] + self.window_s - now
                raise TooManyAttemptsError(
                    f"too many failed logins for {username!r}; try again in "
                    f"{max(1, round(wait / 60))} min",
                    retry_after_s=wait,
                )

    def failed(self, username: str, address: str) -> None:
        """Count one failed login."""
        with self._lock:
            self._recent((username.lower(), address), time.monotonic()).append(time.monotonic())

    def succeeded(self, username: str, address: str) -> None:
        """Forget the failures of a user name from an address after a good login."""
        with self._lock:
            self._failures.pop((username.lower(), address), None)
