"""Database engines: SQLite (WAL, foreign keys) by default, PostgreSQL through psycopg 3."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.pool import StaticPool

from lydiard.errors import InputError, StoreError

__all__ = ["display_url", "make_engine", "normalise_url"]

#: Seconds a writer waits for another writer's lock before SQLite gives up.
SQLITE_BUSY_TIMEOUT_S = 30


def normalise_url(url: str) -> URL:
    """Parse a database URL; plain ``postgresql://`` and ``postgres://`` use psycopg 3.

    Raises:
        InputError: when the URL cannot be parsed or names an unsupported database.
    """
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise InputError(f"database URL {url!r} cannot be read ({exc})") from exc
    backend = parsed.get_backend_name()
    if backend in {"postgres", "postgresql"}:
        if parsed.drivername in {"postgres", "postgresql"}:
            parsed = parsed.set(drivername="postgresql+psycopg")
        return parsed
    if backend == "sqlite":
        return parsed
    raise InputError(
        f"database URL {display_url(parsed)}: lydiard supports sqlite:/// and postgresql:// URLs"
    )


def display_url(url: str | URL) -> str:
    """The URL with its password hidden, for messages and ``db info``."""
    try:
        parsed = make_url(url) if isinstance(url, str) else url
    except ArgumentError:
        return "<unreadable URL>"
    return parsed.render_as_string(hide_password=True)


def sqlite_path(url: URL) -> Path | None:
    """The database file of a SQLite URL, or None for an in-memory database."""
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    return Path(url.database)


def _on_sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_S * 1000}")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
    finally:
        cursor.close()


def make_engine(url: str | URL) -> Engine:
    """Create an engine for a SQLite or PostgreSQL URL.

    SQLite gets its parent folder created, write-ahead logging (readers never block the
    writer), foreign keys and a busy timeout. An in-memory SQLite database is shared by
    every connection of the engine.

    Raises:
        InputError: when the URL is not supported.
        StoreError: when the SQLite folder cannot be created.
    """
    parsed = normalise_url(url) if isinstance(url, str) else url
    if parsed.get_backend_name() == "sqlite":
        path = sqlite_path(parsed)
        kwargs: dict[str, Any] = {}
        if path is None:
            kwargs = {"poolclass": StaticPool, "connect_args": {"check_same_thread": False}}
        else:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(
                    f"{path.parent}: cannot create the data folder ({exc.strerror}); "
                    "set LYDIARD_DATA_DIR to a writable folder"
                ) from exc
            kwargs = {"connect_args": {"timeout": SQLITE_BUSY_TIMEOUT_S}}
        engine = create_engine(parsed, **kwargs)
        event.listen(engine, "connect", _on_sqlite_connect)
        return engine
    return create_engine(parsed, pool_pre_ping=True)
