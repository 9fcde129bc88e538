"""Helpers for the web tests: logging in and reading CSRF tokens."""

from __future__ import annotations

import re
import warnings

# Starlette's TestClient warns that it will move to httpx2 (not installed here); the
# client works, and this warning is not about lydiard.
with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message=".*httpx.*")
    from fastapi.testclient import TestClient

PASSWORD = "correct horse battery"
LOOPBACK = "http://127.0.0.1:8000"

__all__ = ["LOOPBACK", "PASSWORD", "TestClient", "csrf_of", "login", "page_csrf"]


def csrf_of(client: TestClient) -> str:
    token: str = client.get("/api/session").json()["csrf_token"]
    return token


def login(client: TestClient, username: str, password: str = PASSWORD) -> str:
    """Log in through the API; the client then sends the CSRF token on every request."""
    token = csrf_of(client)
    response = client.post(
        "/api/login",
        json={"username": username, "password": password},
        headers={"X-CSRF-Token": token},
    )
    assert response.status_code == 200, response.text
    csrf: str = response.json()["csrf_token"]
    client.headers["X-CSRF-Token"] = csrf
    return csrf


def page_csrf(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html) or re.search(
        r'data-csrf="([^"]+)"', html
    )
    assert found, "no CSRF token in the page"
    return found.group(1)
