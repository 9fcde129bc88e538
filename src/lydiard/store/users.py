"""Users for the web app: argon2id password hashes, roles, coach-athlete links."""

from __future__ import annotations

import builtins
import contextlib
import re
from datetime import UTC, datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import delete, select
from sqlalchemy.orm import Session as OrmSession

from lydiard.errors import InputError, NotFoundError
from lydiard.store.database import Database
from lydiard.store.records import Role, User
from lydiard.store.schema import AthleteRow, CoachAthleteRow, UserRow

__all__ = ["MIN_PASSWORD_LENGTH", "UserRepository"]

MIN_PASSWORD_LENGTH = 8
_USERNAME = re.compile(r"^[A-Za-z0-9_.@-]{2,100}$")


def _user(row: UserRow) -> User:
    return User(
        id=row.id,
        username=row.username,
        role=Role(row.role),
        athlete_id=row.athlete_id,
        disabled=row.disabled,
    )


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InputError(f"password: use at least {MIN_PASSWORD_LENGTH} characters")


class UserRepository:
    """Users of one database.

    Args:
        db: the database.
        hasher: the argon2 hasher (argon2-cffi's RFC 9106 defaults when None; tests pass
            a cheap one).
    """

    def __init__(self, db: Database, hasher: PasswordHasher | None = None) -> None:
        self.db = db
        self.hasher = hasher or PasswordHasher()
        self._dummy_hash: str | None = None

    @staticmethod
    def _row(session: OrmSession, user: int | str) -> UserRow:
        if isinstance(user, int):
            row = session.get(UserRow, user)
        else:
            row = session.scalars(select(UserRow).where(UserRow.username == user)).first()
        if row is None:
            raise NotFoundError(f"user {user!r} not found")
        return row

    def create(
        self,
        username: str,
        password: str,
        role: Role | str,
        *,
        athlete_id: int | None = None,
        now: datetime | None = None,
    ) -> User:
        """Create a user with an argon2id password hash.

        Raises:
            InputError: for a bad username, a short password, an unknown role, or a
                username already taken.
            NotFoundError: when ``athlete_id`` names no athlete.
        """
        if not _USERNAME.match(username):
            raise InputError(
                f"username {username!r}: use 2-100 letters, digits or . _ - @ characters"
            )
        try:
            role = Role(role)
        except ValueError as exc:
            raise InputError(f"role: expected athlete, coach or admin, got {role!r}") from exc
        _check_password(password)
        password_hash = self.hasher.hash(password)
        with self.db.transaction() as session:
            taken = session.scalars(select(UserRow).where(UserRow.username == username)).first()
            if taken is not None:
                raise InputError(f"username {username!r} is already taken")
            if athlete_id is not None and session.get(AthleteRow, athlete_id) is None:
                raise NotFoundError(f"athlete {athlete_id} not found")
            row = UserRow(
                username=username,
                password_hash=password_hash,
                role=role.value,
                athlete_id=athlete_id,
                disabled=False,
                created_at=(now or datetime.now(UTC)).astimezone(UTC),
            )
            session.add(row)
            session.flush()
            return _user(row)

    def get(self, user: int | str) -> User:
        """A user by id or username.

        Raises:
            NotFoundError: when there is no such user.
        """
        with self.db.transaction() as session:
            return _user(self._row(session, user))

    def list(self) -> builtins.list[User]:
        """Every user, by username."""
        with self.db.transaction() as session:
            return [_user(r) for r in session.scalars(select(UserRow).order_by(UserRow.username))]

    def authenticate(self, username: str, password: str) -> User | None:
        """The user when the password is right and the user is enabled, else None.

        A stored hash made with weaker parameters is upgraded on a successful login.
        Unknown usernames cost the same hashing time as known ones.
        """
        with self.db.transaction() as session:
            row = session.scalars(select(UserRow).where(UserRow.username == username)).first()
            if row is None:
                if self._dummy_hash is None:
                    self._dummy_hash = self.hasher.hash("not a real password")
                with contextlib.suppress(VerificationError):
                    self.hasher.verify(self._dummy_hash, password)
                return None
            try:
                self.hasher.verify(row.password_hash, password)
            except (VerifyMismatchError, VerificationError, InvalidHashError):
                return None
            if row.disabled:
                return None
            if self.hasher.check_needs_rehash(row.password_hash):
                row.password_hash = self.hasher.hash(password)
            return _user(row)

    def set_password(self, user: int | str, password: str) -> None:
        """Change a password.

        Raises:
            InputError: when the password is too short.
            NotFoundError: when there is no such user.
        """
        _check_password(password)
        password_hash = self.hasher.hash(password)
        with self.db.transaction() as session:
            self._row(session, user).password_hash = password_hash

    def set_disabled(self, user: int | str, disabled: bool) -> None:
        """Disable (or enable again) a user's login."""
        with self.db.transaction() as session:
            self._row(session, user).disabled = disabled

    def link_coach(self, coach: int | str, athlete_id: int, *, now: datetime | None = None) -> None:
        """Give a coach access to an athlete (no error when already linked).

        Raises:
            InputError: when the user is not a coach.
            NotFoundError: when the coach or the athlete does not exist.
        """
        with self.db.transaction() as session:
            row = self._row(session, coach)
            if row.role != Role.COACH:
                raise InputError(f"user {row.username!r} is not a coach")
            if session.get(AthleteRow, athlete_id) is None:
                raise NotFoundError(f"athlete {athlete_id} not found")
            if session.get(CoachAthleteRow, (row.id, athlete_id)) is None:
                session.add(
                    CoachAthleteRow(
                        coach_id=row.id,
                        athlete_id=athlete_id,
                        created_at=(now or datetime.now(UTC)).astimezone(UTC),
                    )
                )

    def unlink_coach(self, coach: int | str, athlete_id: int) -> None:
        """Remove a coach's access to an athlete."""
        with self.db.transaction() as session:
            row = self._row(session, coach)
            session.execute(
                delete(CoachAthleteRow).where(
                    CoachAthleteRow.coach_id == row.id, CoachAthleteRow.athlete_id == athlete_id
                )
            )

    def athletes_of(self, coach: int | str) -> builtins.list[int]:
        """Ids of the athletes a coach may see."""
        with self.db.transaction() as session:
            row = self._row(session, coach)
            return list(
                session.scalars(
                    select(CoachAthleteRow.athlete_id)
                    .where(CoachAthleteRow.coach_id == row.id)
                    .order_by(CoachAthleteRow.athlete_id)
                )
            )

    def can_access(self, user: User, athlete_id: int) -> bool:
        """Whether a user may see and change an athlete's data."""
        if user.disabled:
            return False
        if user.role is Role.ADMIN:
            return True
        if user.role is Role.ATHLETE:
            return user.athlete_id == athlete_id
        return athlete_id in self.athletes_of(user.id)
