"""Schema migrations with Alembic, run from code (no alembic.ini needed).

The migration scripts live in ``lydiard/store/migrations/versions``; the same scripts run
on SQLite and PostgreSQL. :func:`schema_status` tells whether a database is empty, behind,
current or ahead of this version of lydiard; :func:`upgrade` brings it to the head.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, event, inspect
from sqlalchemy.exc import SQLAlchemyError

from lydiard.errors import StoreError
from lydiard.store.engine import display_url, make_engine, sqlite_path

__all__ = [
    "MIGRATIONS_DIR",
    "SchemaState",
    "SchemaStatus",
    "alembic_config",
    "head_revision",
    "schema_status",
    "upgrade",
]

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


class SchemaState(StrEnum):
    """Where a database's schema stands against this version of lydiard."""

    EMPTY = "empty"
    BEHIND = "behind"
    CURRENT = "current"
    AHEAD = "ahead"
    UNKNOWN = "unknown"  # tables exist but no migration record: not a lydiard database


@dataclass(frozen=True, slots=True)
class SchemaStatus:
    """A database's schema revision against the newest this lydiard knows.

    Attributes:
        state: empty, behind, current, ahead or unknown.
        current: the database's revision, or None.
        head: the newest revision shipped with this lydiard.
    """

    state: SchemaState
    current: str | None
    head: str


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic config pointing at lydiard's migrations (and at a connection, if given)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    """The newest schema revision shipped with this lydiard."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "lydiard ships at least one migration"
    return head


def _status(connection: Connection) -> SchemaStatus:
    head = head_revision()
    current = MigrationContext.configure(connection).get_current_revision()
    if current is None:
        tables = set(inspect(connection).get_table_names()) - {"alembic_version"}
        state = SchemaState.UNKNOWN if tables else SchemaState.EMPTY
        return SchemaStatus(state, None, head)
    if current == head:
        return SchemaStatus(SchemaState.CURRENT, current, head)
    script = ScriptDirectory.from_config(alembic_config())
    known = {rev.revision for rev in script.walk_revisions()}
    state = SchemaState.BEHIND if current in known else SchemaState.AHEAD
    return SchemaStatus(state, current, head)


def schema_status(engine: Engine) -> SchemaStatus:
    """Compare the database's schema revision with this lydiard's newest.

    Raises:
        StoreError: when the database cannot be reached.
    """
    try:
        with engine.connect() as connection:
            return _status(connection)
    except SQLAlchemyError as exc:
        url = display_url(engine.url)
        cause = getattr(exc, "orig", None) or exc
        raise StoreError(
            f"database {url}: cannot reach it or read its schema revision ({cause})"
        ) from exc


def upgrade(engine: Engine) -> SchemaStatus:
    """Migrate the database to the newest schema (creating it when empty).

    Returns:
        The status after upgrading.

    Raises:
        StoreError: when the database is newer than this lydiard, is not a lydiard
            database, or the migration fails (nothing is half-applied: each revision runs
            in a transaction).
    """
    status = schema_status(engine)
    url = display_url(engine.url)
    if status.state is SchemaState.AHEAD:
        raise StoreError(
            f"database {url}: schema revision {status.current} is newer than this lydiard "
            f"knows ({status.head}); upgrade lydiard"
        )
    if status.state is SchemaState.UNKNOWN:
        raise StoreError(
            f"database {url}: has tables but no lydiard schema revision; "
            "point LYDIARD_DATABASE_URL at an empty or lydiard database"
        )
    if status.state is SchemaState.CURRENT:
        return status
    try:
        with _transactional_ddl(engine) as migrating, migrating.begin() as connection:
            command.upgrade(alembic_config(connection), "head")
    except SQLAlchemyError as exc:
        raise StoreError(
            f"database {url}: migration failed ({getattr(exc, 'orig', None) or exc})"
        ) from exc
    return schema_status(engine)


def _no_implicit_transactions(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None


def _begin_immediate(connection: Connection) -> None:
    connection.exec_driver_sql("BEGIN IMMEDIATE")


@contextmanager
def _transactional_ddl(engine: Engine) -> Iterator[Engine]:
    """An engine whose transactions include DDL: all of a migration commits, or none.

    Python's sqlite3 module begins a transaction only before INSERT/UPDATE/DELETE, so a
    CREATE TABLE outside one commits at once: a process killed while creating the schema
    left tables without their revision, a database lydiard then refused as "not a
    lydiard database". For a SQLite file, migrations therefore run on an engine that
    issues ``BEGIN IMMEDIATE`` itself (SQLAlchemy's documented recipe; IMMEDIATE also
    keeps two processes from migrating at once). PostgreSQL's DDL is transactional as is.
    """
    if engine.dialect.name != "sqlite" or sqlite_path(engine.url) is None:
        yield engine
        return
    dedicated = make_engine(engine.url)
    event.listen(dedicated, "connect", _no_implicit_transactions)
    event.listen(dedicated, "begin", _begin_immediate)
    try:
        yield dedicated
    finally:
        dedicated.dispose()
