"""Public training logs: whether an athlete publishes, under which share token, and what.

Private by default: an athlete without a row, or with ``enabled`` false, has no public
log. The wellness journal and blood markers stay hidden unless the athlete turns them on.
A new token (``rotate``) makes every old share link stop working.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session as OrmSession

from lydiard.errors import NotFoundError
from lydiard.store.database import Database
from lydiard.store.records import PublicLog
from lydiard.store.rows import clip
from lydiard.store.schema import AthleteRow, PublicLogRow

__all__ = ["SharingRepository"]


def _log(row: PublicLogRow) -> PublicLog:
    return PublicLog(
        athlete_id=row.athlete_id,
        token=row.token,
        enabled=row.enabled,
        show_wellness=row.show_wellness,
        show_biomarkers=row.show_biomarkers,
        title=row.title,
        updated_at=row.updated_at,
    )


class SharingRepository:
    """Public logs of every athlete in one database."""

    def __init__(self, db: Database) -> None:
        self.db = db

    @staticmethod
    def _row(session: OrmSession, athlete_id: int, now: datetime) -> PublicLogRow:
        row = session.get(PublicLogRow, athlete_id)
        if row is None:
            if session.get(AthleteRow, athlete_id) is None:
                raise NotFoundError(f"athlete {athlete_id} not found")
            row = PublicLogRow(
                athlete_id=athlete_id,
                token=secrets.token_urlsafe(24),
                enabled=False,
                show_wellness=False,
                show_biomarkers=False,
                title=None,
                updated_at=now,
            )
            session.add(row)
            session.flush()
        return row

    def get(self, athlete_id: int) -> PublicLog:
        """An athlete's sharing settings (private, with no row written, when never set).

        Raises:
            NotFoundError: when the athlete does not exist.
        """
        with self.db.transaction() as session:
            row = session.get(PublicLogRow, athlete_id)
            if row is not None:
                return _log(row)
            if session.get(AthleteRow, athlete_id) is None:
                raise NotFoundError(f"athlete {athlete_id} not found")
            return PublicLog(athlete_id=athlete_id, token="")

    def update(
        self,
        athlete_id: int,
        *,
        enabled: bool | None = None,
        show_wellness: bool | None = None,
        show_biomarkers: bool | None = None,
        title: str | None = None,
        now: datetime | None = None,
    ) -> PublicLog:
        """Change what the log shows; arguments left None stay as they are.

        An empty title clears it. The share token is made on first use.

        Raises:
            NotFoundError: when the athlete does not exist.
        """
        now = (now or datetime.now(UTC)).astimezone(UTC)
        with self.db.transaction() as session:
            row = self._row(session, athlete_id, now)
            if enabled is not None:
                row.enabled = enabled
            if show_wellness is not None:
                row.show_wellness = show_wellness
            if show_biomarkers is not None:
                row.show_biomarkers = show_biomarkers
            if title is not None:
                row.title = clip(title.strip(), 200) or None
            row.updated_at = now
            return _log(row)

    def rotate(self, athlete_id: int, *, now: datetime | None = None) -> PublicLog:
        """Give the log a new share token: old links stop working.

        Raises:
            NotFoundError: when the athlete does not exist.
        """
        now = (now or datetime.now(UTC)).astimezone(UTC)
        with self.db.transaction() as session:
            row = self._row(session, athlete_id, now)
            row.token = secrets.token_urlsafe(24)
            row.updated_at = now
            return _log(row)

    def published(self, token: str) -> PublicLog | None:
        """The enabled public log with this token, or None (unknown or private)."""
        if not token or len(token) > 64:
            return None
        with self.db.transaction() as session:
            row = session.scalars(select(PublicLogRow).where(PublicLogRow.token == token)).first()
            if row is None or not row.enabled:
                return None
            return _log(row)
