"""The store: one object holding a database and a repository per aggregate.

Open it with :func:`open_store`, which also keeps the schema current: an empty database
is created and an older one is migrated automatically (a SQLite file is first copied to
``lydiard.db.before-<revision>``). With ``auto_upgrade=False`` (``LYDIARD_AUTO_UPGRADE=0``,
sensible for a shared PostgreSQL server) an older schema raises :class:`StoreError`
telling the user to run ``lydiard db upgrade``.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from sqlalchemy import func, select

from lydiard.errors import StoreError
from lydiard.settings import Settings
from lydiard.store.activities import ActivityRepository
from lydiard.store.athletes import AthleteRepository
from lydiard.store.database import Database
from lydiard.store.engine import make_engine, normalise_url, sqlite_path
from lydiard.store.lactate import LactateRepository
from lydiard.store.migrate import SchemaState, SchemaStatus, schema_status, upgrade
from lydiard.store.plans import PlanRepository
from lydiard.store.schema import Base
from lydiard.store.sharing import SharingRepository
from lydiard.store.users import UserRepository
from lydiard.store.web_sessions import WebSessionRepository
from lydiard.store.wellness import WellnessRepository

__all__ = ["Store", "StoreInfo", "connect", "open_store"]


@dataclass(frozen=True, slots=True)
class StoreInfo:
    """Where the database is and what it holds.

    Attributes:
        url: the database URL, password hidden.
        dialect: "sqlite" or "postgresql".
        path: the SQLite file, or None.
        size_bytes: the SQLite file's size with its write-ahead log, or None.
        schema: the schema revision against this lydiard's newest.
        counts: rows per table (empty when the schema is not current).
    """

    url: str
    dialect: str
    path: Path | None
    size_bytes: int | None
    schema: SchemaStatus
    counts: dict[str, int]


class Store:
    """A database with a repository per aggregate.

    Attributes:
        db: the database (engine, sessions, transactions).
        athletes, activities, wellness, lactate, plans, users: the repositories.
        web_sessions, sharing: web login sessions and public training logs.
    """

    def __init__(self, db: Database) -> None:
        self.db = db
        self.athletes = AthleteRepository(db)
        self.activities = ActivityRepository(db)
        self.wellness = WellnessRepository(db)
        self.lactate = LactateRepository(db)
        self.plans = PlanRepository(db)
        self.users = UserRepository(db)
        self.web_sessions = WebSessionRepository(db)
        self.sharing = SharingRepository(db)

    @property
    def url(self) -> str:
        """The database URL with its password hidden."""
        return self.db.url

    def status(self) -> SchemaStatus:
        """The schema revision against this lydiard's newest."""
        return schema_status(self.db.engine)

    def upgrade(self) -> SchemaStatus:
        """Migrate the schema to the newest revision (backing up a SQLite file first)."""
        status = self.status()
        path = sqlite_path(self.db.engine.url)
        if status.state is SchemaState.BEHIND and path is not None and path.exists():
            _backup_sqlite(path, path.with_name(f"{path.name}.before-{status.head}"))
        return upgrade(self.db.engine)

    def info(self) -> StoreInfo:
        """Where the database is, its schema revision and how many rows each table has."""
        status = self.status()
        counts: dict[str, int] = {}
        if status.state is SchemaState.CURRENT:
            with self.db.transaction() as session:
                for name, table in sorted(Base.metadata.tables.items()):
                    counts[name] = int(session.scalar(select(func.count()).select_from(table)) or 0)
        path = sqlite_path(self.db.engine.url)
        size = None
        if path is not None and path.exists():
            wal = path.with_name(path.name + "-wal")
            size = path.stat().st_size + (wal.stat().st_size if wal.exists() else 0)
        return StoreInfo(self.url, self.db.dialect, path, size, status, counts)

    def close(self) -> None:
        """Release the database connections."""
        self.db.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def _backup_sqlite(source: Path, target: Path) -> None:
    try:
        with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
            src.backup(dst)
    except sqlite3.Error as exc:
        raise StoreError(f"{source}: cannot back up before migrating ({exc})") from exc
    finally:
        # sqlite3's context manager commits but does not close.
        pass


def _url_of(target: Settings | str) -> str:
    return target.database_url if isinstance(target, Settings) else target


def connect(target: Settings | str) -> Store:
    """A store on a database without checking its schema (``db info``, ``db upgrade``)."""
    return Store(Database(make_engine(normalise_url(_url_of(target)))))


def open_store(target: Settings | str, *, auto_upgrade: bool | None = None) -> Store:
    """Open the store, creating or migrating its schema as settings allow.

    Args:
        target: settings (their database URL and ``auto_upgrade``) or a database URL.
        auto_upgrade: override the settings' choice (True when only a URL is given).

    Raises:
        StoreError: when the database cannot be reached, is newer than this lydiard, is
            not a lydiard database, or is behind and may not be upgraded automatically.
    """
    if auto_upgrade is None:
        auto_upgrade = target.auto_upgrade if isinstance(target, Settings) else True
    store = connect(target)
    try:
        status = store.status()
        if status.state is SchemaState.CURRENT:
            return store
        if status.state is SchemaState.EMPTY or (
            status.state is SchemaState.BEHIND and auto_upgrade
        ):
            store.upgrade()
            return store
        if status.state is SchemaState.BEHIND:
            raise StoreError(
                f"database {store.url}: schema revision {status.current} is older than "
                f"this lydiard's {status.head}; run `lydiard db upgrade`"
            )
        upgrade(store.db.engine)  # raises the right StoreError for ahead / unknown
        return store
    except BaseException:
        store.close()
        raise
