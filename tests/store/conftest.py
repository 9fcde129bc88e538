"""Store fixtures: every store test runs on SQLite, and on PostgreSQL when one is given.

PostgreSQL runs when ``LYDIARD_TEST_POSTGRES_URL`` (or a PostgreSQL
``LYDIARD_DATABASE_URL``) is set, e.g. by ``eval "$(.ci/postgres.sh start)"``. Each test
session works in a throwaway schema; tables are emptied before each test.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from sqlalchemy import create_engine, text

from lydiard.store import Store, open_store
from lydiard.store.engine import normalise_url
from lydiard.store.schema import Base

BACKENDS = [
    "sqlite",
    pytest.param("postgresql", marks=pytest.mark.postgres),
]

#: Cheap argon2 parameters: tests check behaviour, not hashing cost.
FAST_HASHER = PasswordHasher(time_cost=1, memory_cost=64, parallelism=1)


def postgres_url() -> str | None:
    for name in ("LYDIARD_TEST_POSTGRES_URL", "LYDIARD_DATABASE_URL"):
        url = os.environ.get(name, "")
        if url.startswith(("postgres://", "postgresql")):
            return url
    return None


def with_search_path(url: str, schema: str) -> str:
    parsed = normalise_url(url)
    query = dict(parsed.query)
    query["options"] = f"-csearch_path={schema}"
    return parsed.set(query=query).render_as_string(hide_password=False)


@pytest.fixture
def pg_schema() -> Iterator[str]:
    """A fresh, empty PostgreSQL schema; its URL is yielded and the schema dropped after."""
    url = postgres_url()
    if url is None:
        pytest.skip("PostgreSQL not configured: set LYDIARD_TEST_POSTGRES_URL (.ci/postgres.sh)")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(normalise_url(url))
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield with_search_path(url, schema)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(scope="session")
def _pg_session_schema() -> Iterator[str]:
    url = postgres_url()
    if url is None:
        pytest.skip("PostgreSQL not configured: set LYDIARD_TEST_POSTGRES_URL (.ci/postgres.sh)")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(normalise_url(url))
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    schema_url = with_search_path(url, schema)
    open_store(schema_url).close()
    try:
        yield schema_url
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "lydiard.db"
    store = open_store(f"sqlite:///{path}")
    store.close()
    return path


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A migrated, empty database on each backend."""
    if request.param == "sqlite":
        target = tmp_path / "lydiard.db"
        shutil.copy(request.getfixturevalue("_sqlite_template"), target)
        return f"sqlite:///{target}"
    url: str = request.getfixturevalue("_pg_session_schema")
    engine = create_engine(normalise_url(url))
    tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    engine.dispose()
    return url


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    store = open_store(db_url)
    store.users.hasher = FAST_HASHER
    try:
        yield store
    finally:
        store.close()
