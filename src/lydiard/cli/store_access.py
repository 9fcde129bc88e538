"""What every store command needs: settings read once, the store opened, dates parsed.

Command modules import the store lazily so that ``lydiard version`` and other commands
that never touch the database start without loading SQLAlchemy.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from lydiard.errors import InputError
from lydiard.model import Sport, sport_from_text
from lydiard.settings import Settings, load_settings

if TYPE_CHECKING:
    from lydiard.store import Athlete, Store

__all__ = ["athlete_today", "open_cli_store", "parse_day", "parse_sports", "read_settings"]


def read_settings() -> Settings:
    """The settings, from the environment and the config file."""
    return load_settings()


def open_cli_store(settings: Settings) -> Store:
    """Open the store the settings name (creating or migrating it as they allow)."""
    # Imported here: SQLAlchemy and Alembic are loaded only by commands that use them.
    from lydiard.store import open_store

    return open_store(settings)


def parse_day(text: str | None, option: str) -> date | None:
    """An ISO date from an option, or None.

    Raises:
        InputError: naming the option when the text is not a date.
    """
    if text is None:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError as exc:
        raise InputError(f"{option}: {text!r} is not a date (use YYYY-MM-DD)") from exc


def parse_sports(words: list[str] | None) -> tuple[Sport, ...]:
    """Sports from ``--sport`` words ("run", "trail", "bike"...).

    Raises:
        InputError: for a word that names no sport.
    """
    sports = []
    for word in words or []:
        sport = sport_from_text(word)
        if sport is Sport.OTHER and word.strip().lower() != "other":
            known = ", ".join(s.value for s in Sport)
            raise InputError(f"--sport: {word!r} is not a sport (known: {known})")
        sports.append(sport)
    return tuple(sports)


def athlete_today(athlete: Athlete, now: datetime) -> date:
    """The athlete's local calendar date at an instant."""
    try:
        return now.astimezone(ZoneInfo(athlete.timezone)).date()
    except (ZoneInfoNotFoundError, ValueError):
        return now.date()
