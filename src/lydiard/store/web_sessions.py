"""Web login sessions, kept on the server so that logging out really ends them.

The browser's cookie holds a random token (256 bits); the table holds only its SHA-256,
so a copy of the database does not let anyone take over a live session.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.orm import Session as OrmSession

from lydiard.store.database import Database
from lydiard.store.records import WebSession
from lydiard.store.schema import WebSessionRow

__all__ = ["WebSessionRepository", "token_digest"]


def token_digest(token: str) -> str:
    """The hex SHA-256 under which a session token is stored."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _session(row: WebSessionRow) -> WebSession:
    return WebSession(
        token_sha256=row.token_sha256,
        user_id=row.user_id,
        csrf_token=row.csrf_token,
        created_at=row.created_at,
        expires_at=row.expires_at,
    )


class WebSessionRepository:
    """Web sessions in one database."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def create(
        self, user_id: int | None, *, lifetime_s: float, now: datetime | None = None
    ) -> tuple[str, WebSession]:
        """Start a session with a fresh token and CSRF token; expired sessions are purged.

        Args:
            user_id: the user, or None for an anonymous or local session.
            lifetime_s: seconds until it expires.
            now: the current instant (an argument for tests).

        Returns:
            The token for the cookie (shown only here) and the stored session.
        """
        now = (now or datetime.now(UTC)).astimezone(UTC)
        token = secrets.token_urlsafe(32)
        row = WebSessionRow(
            token_sha256=token_digest(token),
            user_id=user_id,
            csrf_token=secrets.token_urlsafe(32),
            created_at=now,
            expires_at=now + timedelta(seconds=lifetime_s),
        )
        with self.db.transaction() as session:
            self._purge(session, now)
            session.add(row)
            session.flush()
            return token, _session(row)

    def get(self, token: str, *, now: datetime | None = None) -> WebSession | None:
        """The live session of a cookie token, or None (unknown, expired or empty token)."""
        if not token or len(token) > 200:
            return None
        now = (now or datetime.now(UTC)).astimezone(UTC)
        with self.db.transaction() as session:
            row = session.get(WebSessionRow, token_digest(token))
            if row is None:
                return None
            if row.expires_at <= now:
                session.delete(row)
                return None
            return _session(row)

    def delete(self, token: str) -> None:
        """End one session (no error when it is already gone)."""
        with self.db.transaction() as session:
            session.execute(
                delete(WebSessionRow).where(WebSessionRow.token_sha256 == token_digest(token))
            )

    def delete_for_user(self, user_id: int) -> int:
        """End every session of a user (after a password change); returns how many."""
        with self.db.transaction() as session:
            result = session.execute(delete(WebSessionRow).where(WebSessionRow.user_id == user_id))
            return int(getattr(result, "rowcount", 0) or 0)

    @staticmethod
    def _purge(session: OrmSession, now: datetime) -> None:
        session.execute(delete(WebSessionRow).where(WebSessionRow.expires_at <= now))
