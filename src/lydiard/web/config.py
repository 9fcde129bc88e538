"""How the web app runs: address, accounts or local mode, cookies, upload cap, clock.

Local single-user mode (no login) is allowed only when the server is bound to a loopback
address; any other address requires accounts (``lydiard user add``). Cookies are marked
``Secure`` when the server is not on loopback (put it behind HTTPS).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from lydiard.errors import InputError

__all__ = ["DEFAULT_MAX_UPLOAD_BYTES", "WebConfig", "is_loopback"]

#: Upload cap: a Strava export of a few years fits; a runaway upload does not.
DEFAULT_MAX_UPLOAD_BYTES = 200 * 1024 * 1024
_LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost"}


def is_loopback(host: str) -> bool:
    """Whether a host name or address is this machine only (127.0.0.0/8, ::1, localhost)."""
    name = host.strip().strip("[]").lower()
    if name in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def _utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class WebConfig:
    """Settings of the web server (the store's settings come from :mod:`lydiard.settings`).

    Attributes:
        host: the address the server binds to ("127.0.0.1" by default).
        port: the TCP port.
        accounts: require login; None decides from the host (loopback: local mode).
        secure_cookies: mark cookies Secure; None decides from the host (not loopback).
        max_upload_bytes: the largest request body accepted (HTTP 413 above).
        session_lifetime_s: how long a login lasts.
        allowed_hosts: Host headers accepted; empty means loopback names in local mode
            (against DNS rebinding) and any host with accounts.
        login_attempts: failed logins per user and address within ``login_window_s``
            before further attempts are refused (HTTP 429).
        login_window_s: the window for counting failed logins.
        clock: the current instant (UTC); tests and screenshots pass a fixed one.
    """

    host: str = "127.0.0.1"
    port: int = 8000
    accounts: bool | None = None
    secure_cookies: bool | None = None
    max_upload_bytes: int = DEFAULT_MAX_UPLOAD_BYTES
    session_lifetime_s: float = 14 * 24 * 3600.0
    allowed_hosts: tuple[str, ...] = ()
    login_attempts: int = 5
    login_window_s: float = 15 * 60.0
    clock: Callable[[], datetime] = field(default=_utc_now, compare=False)

    def __post_init__(self) -> None:
        if not 0 < self.port < 65536:
            raise InputError(f"--port: expected 1-65535, got {self.port}")
        if self.max_upload_bytes < 1024:
            raise InputError(
                f"upload cap: expected at least 1024 bytes, got {self.max_upload_bytes}"
            )
        if self.accounts is False and not is_loopback(self.host):
            raise InputError(
                f"--host {self.host}: serving beyond this machine requires accounts; "
                "create one with `lydiard user add` and drop --no-accounts"
            )

    @property
    def loopback(self) -> bool:
        """Whether the server is reachable from this machine only."""
        return is_loopback(self.host)

    @property
    def requires_login(self) -> bool:
        """Accounts mode: every page but the login and public logs needs a login."""
        return self.accounts if self.accounts is not None else not self.loopback

    @property
    def cookies_secure(self) -> bool:
        """Whether cookies carry the Secure flag."""
        return self.secure_cookies if self.secure_cookies is not None else not self.loopback

    def host_allowed(self, host_header: str) -> bool:
        """Whether a request's Host header is one this server answers."""
        name = host_header.rsplit(":", 1)[0] if not host_header.endswith("]") else host_header
        if host_header.startswith("[") and "]" in host_header:
            name = host_header[: host_header.index("]") + 1]
        if self.allowed_hosts:
            return name.lower() in {h.lower() for h in self.allowed_hosts}
        if self.requires_login:
            return True
        return is_loopback(name)
