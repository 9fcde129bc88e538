"""A database handle: the engine, sessions, and transactions that map errors to StoreError."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError, OperationalError, ProgrammingError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from lydiard.errors import StoreError
from lydiard.store.engine import display_url

__all__ = ["Database"]

_MISSING_TABLE = ("no such table", "does not exist", "undefinedtable")


class Database:
    """The engine and a session factory; repositories run their work through it.

    Args:
        engine: a SQLAlchemy engine (see :func:`lydiard.store.engine.make_engine`).
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.sessions = sessionmaker(engine, expire_on_commit=False)

    @property
    def url(self) -> str:
        """The database URL with its password hidden."""
        return display_url(self.engine.url)

    @property
    def dialect(self) -> str:
        """The SQLAlchemy dialect name: sqlite or postgresql."""
        return self.engine.dialect.name

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session whose work commits at the end of the block, or rolls back entirely.

        Raises:
            StoreError: when the database fails; the message says what to do.
        """
        session = self.sessions()
        try:
            with session.begin():
                yield session
        except IntegrityError as exc:
            raise StoreError(
                f"database {self.url}: the change conflicts with stored data ({exc.orig})"
            ) from exc
        except (OperationalError, ProgrammingError) as exc:
            text = str(exc.orig).lower()
            if any(marker in text for marker in _MISSING_TABLE):
                raise StoreError(
                    f"database {self.url}: its tables are missing or old; run `lydiard db upgrade`"
                ) from exc
            raise StoreError(f"database {self.url}: {exc.orig}") from exc
        except SQLAlchemyError as exc:
            raise StoreError(f"database {self.url}: {exc}") from exc
        finally:
            session.close()

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()
