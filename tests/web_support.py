"""Helpers for the web tests: logging in and reading CSRF tokens."""

from __future__ import annotations

import itertools
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


def fit_run(start, n: int = 2700, *, reps: int = 5, lat0: float = 46.0) -> bytes:
    """A FIT activity file of a run with ``reps`` fast kilometres (written by lydiard's
    FIT encoder; timestamps, positions, distance, speed, altitude, heart rate, laps)."""
    from datetime import timedelta

    import numpy as np

    from lydiard.fit.encode import FitWriter

    t = np.arange(n, dtype=float)
    speed = np.full(n, 3.2)
    laps = []
    cursor = 600.0
    for _ in range(reps):
        speed[(t >= cursor) & (t < cursor + 180)] = 5.4
        laps.append((cursor, cursor + 180))
        cursor += 300
    distance = np.concatenate(([0.0], np.cumsum(speed[1:])))
    lat = lat0 + distance * np.cos(distance / 800) / 111_195
    lon = 7.0 + distance * np.sin(distance / 800) / 111_195 / 0.69
    semicircles = 2**31 / 180
    writer = FitWriter()
    writer.message("file_id", type="activity", manufacturer="development", time_created=start)
    writer.write_many(
        "record",
        {
            "timestamp": start.timestamp() + t,  # Unix seconds
            "position_lat": np.round(lat * semicircles).astype(np.int64),
            "position_long": np.round(lon * semicircles).astype(np.int64),
            "distance": distance,
            "enhanced_speed": speed,
            "enhanced_altitude": 1500 + 30 * np.sin(distance / 1500),
            "heart_rate": np.round(130 + 35 * (speed - 3.2) / 2.2 + 5 * np.sin(t / 300)),
        },
    )
    edges = [0.0]
    for a, b in laps:
        edges += [a, b]
    edges.append(float(n - 1))
    for a, b in itertools.pairwise(edges):
        i, j = int(a), int(b)
        writer.message(
            "lap",
            timestamp=start + timedelta(seconds=b),
            start_time=start + timedelta(seconds=a),
            total_elapsed_time=b - a,
            total_timer_time=b - a,
            total_distance=float(distance[j] - distance[i]),
            intensity="active" if speed[i] > 5 else "warmup",
        )
    writer.message(
        "session",
        timestamp=start + timedelta(seconds=n - 1),
        start_time=start,
        sport="running",
        total_elapsed_time=float(n - 1),
        total_timer_time=float(n - 1),
        total_distance=float(distance[-1]),
    )
    writer.message("activity", timestamp=start + timedelta(seconds=n - 1), num_sessions=1)
    return writer.to_bytes()
