"""Web fixtures: a store with two athletes, their users and a coach; clients per mode."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from lydiard.model import Sport
from lydiard.settings import Settings
from lydiard.store import (
    PlannedSession,
    Store,
    StoredPlan,
    Threshold,
    ThresholdKind,
    WellnessEntry,
    open_store,
)
from lydiard.web import WebConfig, create_app
from store_factories import make_activity
from web_support import LOOPBACK, PASSWORD, TestClient, login

#: Cheap argon2 parameters: tests check behaviour, not hashing cost.
FAST_HASHER = PasswordHasher(time_cost=1, memory_cost=64, parallelism=1)
NOW = datetime(2024, 6, 20, 18, 0, tzinfo=UTC)
TODAY = date(2024, 6, 20)


@dataclass
class World:
    """Two athletes (A: ann, B: ben) with users, a coach of A, an admin, and their data."""

    store: Store
    settings: Settings
    a: int
    b: int
    a_activity: int
    b_activity: int
    a_plan: int
    b_plan: int


def _fill(store: Store, athlete_id: int, first: datetime, seed: int) -> tuple[int, int]:
    ids = []
    for day in range(0, 14, 2):
        start = first + timedelta(days=day)
        result = store.activities.add(athlete_id, make_activity(start, n=900, seed=seed + day))
        ids.append(result.activity_id)
    store.wellness.put_many(
        athlete_id,
        [
            WellnessEntry(TODAY - timedelta(days=i), "hrv_rmssd_ms", 60.0 + (i * 7) % 11)
            for i in range(40)
        ],
    )
    plan = store.plans.add(
        athlete_id,
        StoredPlan(
            name="Summer block",
            start_date=TODAY - timedelta(days=7),
            end_date=TODAY + timedelta(days=14),
            sessions=(
                PlannedSession(TODAY, Sport.RUN, "Hill circuits", "6 x 400 m uphill", 12000.0),
                PlannedSession(TODAY + timedelta(days=1), Sport.RUN, "Easy run", "60 min easy"),
            ),
        ),
    )
    assert plan.id is not None
    return ids[-1], plan.id


@dataclass(frozen=True)
class _Template:
    path: Path
    ids: tuple[int, int, int, int, int, int]


@pytest.fixture(scope="session")
def _world_template(tmp_path_factory: pytest.TempPathFactory) -> _Template:
    """The world built once; each test gets a copy of its database file."""
    folder = tmp_path_factory.mktemp("web-world")
    store = open_store(Settings.for_data_dir(folder))
    store.users.hasher = FAST_HASHER
    a = store.athletes.ensure("ann", timezone="America/Denver")
    b = store.athletes.ensure("ben", timezone="Europe/Oslo")
    for athlete in (a, b):
        for kind, value in (
            (ThresholdKind.HR_MAX_BPM, 190),
            (ThresholdKind.HR_REST_BPM, 45),
            (ThresholdKind.LTHR_BPM, 170),
        ):
            store.athletes.set_threshold(athlete.id, Threshold(kind, value, date(2024, 1, 1)))
    a_activity, a_plan = _fill(store, a.id, datetime(2024, 6, 6, 12, tzinfo=UTC), 1)
    b_activity, b_plan = _fill(store, b.id, datetime(2024, 6, 6, 7, tzinfo=UTC), 50)
    store.users.create("ann", PASSWORD, "athlete", athlete_id=a.id)
    store.users.create("ben", PASSWORD, "athlete", athlete_id=b.id)
    store.users.create("coach", PASSWORD, "coach")
    store.users.link_coach("coach", a.id)
    store.users.create("root", PASSWORD, "admin")
    store.close()
    return _Template(folder / "lydiard.db", (a.id, b.id, a_activity, b_activity, a_plan, b_plan))


@pytest.fixture
def world(tmp_path: Path, _world_template: _Template) -> Iterator[World]:
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copy(_world_template.path, folder / "lydiard.db")
    settings = Settings.for_data_dir(folder, athlete="ann")
    store = open_store(settings)
    store.users.hasher = FAST_HASHER
    try:
        yield World(store, settings, *_world_template.ids)
    finally:
        store.close()


ClientFactory = Callable[..., TestClient]


@pytest.fixture
def make_client(world: World) -> Iterator[ClientFactory]:
    clients: list[TestClient] = []

    def make(*, accounts: bool = True, user: str | None = None, **options: object) -> TestClient:
        config = WebConfig(accounts=accounts, clock=lambda: NOW, **options)  # type: ignore[arg-type]
        app = create_app(world.settings, config, store=world.store)
        client = TestClient(app, base_url=LOOPBACK, follow_redirects=False)
        clients.append(client)
        if user is not None:
            login(client, user)
        return client

    yield make
    for client in clients:
        client.close()
