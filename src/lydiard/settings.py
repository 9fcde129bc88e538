"""Settings: read once at the edge (environment, optional config file), then passed down.

Precedence, highest first: environment variables, the config file, defaults.

=========================  =======================  =========================================
environment                config file key          default
=========================  =======================  =========================================
``LYDIARD_DATA_DIR``       ``data_dir``             the user data directory (platformdirs:
                                                    ``~/.local/share/lydiard`` on Linux)
``LYDIARD_DATABASE_URL``   ``database_url``         ``sqlite:///<data_dir>/lydiard.db``
``LYDIARD_ATHLETE``        ``athlete``              ``"me"``
``LYDIARD_AUTO_UPGRADE``   ``auto_upgrade``         true: migrate the schema when opening
``LYDIARD_JOBS``           ``jobs``                 the number of CPUs (bulk import workers)
``LYDIARD_CONFIG``         (none)                   ``<user config dir>/config.toml``
=========================  =======================  =========================================

The config file is TOML with those keys at the top level, e.g.::

    database_url = "postgresql+psycopg://coach@db.example/lydiard"
    athlete = "jim"
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import platformdirs

from lydiard.errors import InputError

__all__ = ["APP_NAME", "Settings", "load_settings"]

APP_NAME = "lydiard"
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}
_KEYS = {"data_dir", "database_url", "athlete", "auto_upgrade", "jobs"}


@dataclass(frozen=True, slots=True)
class Settings:
    """Where lydiard keeps its data and how it works; built once by :func:`load_settings`.

    Attributes:
        data_dir: folder for the SQLite database and other files.
        database_url: SQLAlchemy URL of the database (SQLite or PostgreSQL).
        athlete: the athlete commands act on when none is named.
        auto_upgrade: migrate an older database schema when opening it.
        jobs: worker processes for bulk import (1 = in this process).
        config_file: the config file that was read, or None.
    """

    data_dir: Path
    database_url: str
    athlete: str = "me"
    auto_upgrade: bool = True
    jobs: int = 1
    config_file: Path | None = None

    @classmethod
    def for_data_dir(cls, data_dir: Path | str, **overrides: Any) -> Settings:
        """Settings with a SQLite database in ``data_dir`` (handy in tests and notebooks)."""
        path = Path(data_dir)
        return cls(data_dir=path, database_url=_sqlite_url(path), **overrides)


def _sqlite_url(data_dir: Path) -> str:
    return f"sqlite:///{data_dir / 'lydiard.db'}"


def _bool(value: Any, source: str) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise InputError(f"{source}: expected true or false, got {value!r}")


def _jobs(value: Any, source: str) -> int:
    try:
        jobs = int(value)
    except (TypeError, ValueError):
        jobs = 0
    if jobs < 1 or str(value).strip() != str(jobs):
        raise InputError(f"{source}: expected a whole number of workers >= 1, got {value!r}")
    return jobs


def _read_config(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{path}: not valid TOML ({exc}); fix or remove the file") from exc
    except OSError as exc:
        raise InputError(f"{path}: cannot read the config file ({exc.strerror})") from exc
    unknown = sorted(set(data) - _KEYS)
    if unknown:
        known = ", ".join(sorted(_KEYS))
        raise InputError(f"{path}: unknown setting {unknown[0]!r}; known settings: {known}")
    return data


def load_settings(
    environ: Mapping[str, str] | None = None, *, config_file: Path | str | None = None
) -> Settings:
    """Read the settings from the environment and the optional config file.

    Args:
        environ: the environment to read (``os.environ`` when None).
        config_file: a TOML file to read instead of ``$LYDIARD_CONFIG`` or the default.

    Returns:
        The settings; nothing is created on disk.

    Raises:
        InputError: when a value or the config file is invalid (the message names it).
    """
    env = os.environ if environ is None else environ
    path: Path | None
    if config_file is not None:
        path = Path(config_file)
        if not path.is_file():
            raise InputError(f"{path}: config file not found")
    elif env.get("LYDIARD_CONFIG"):
        path = Path(env["LYDIARD_CONFIG"]).expanduser()
        if not path.is_file():
            raise InputError(f"{path}: config file not found (from LYDIARD_CONFIG)")
    else:
        path = Path(platformdirs.user_config_dir(APP_NAME)) / "config.toml"
        path = path if path.is_file() else None
    config = _read_config(path) if path else {}
    where = str(path) if path else "config"

    def pick(env_name: str, key: str) -> tuple[Any, str] | None:
        if env.get(env_name):
            return env[env_name], env_name
        if key in config:
            return config[key], f"{where}: {key}"
        return None

    data_dir_value = pick("LYDIARD_DATA_DIR", "data_dir")
    data_dir = (
        Path(str(data_dir_value[0])).expanduser()
        if data_dir_value
        else Path(platformdirs.user_data_dir(APP_NAME))
    )
    url_value = pick("LYDIARD_DATABASE_URL", "database_url")
    database_url = str(url_value[0]) if url_value else _sqlite_url(data_dir)
    athlete_value = pick("LYDIARD_ATHLETE", "athlete")
    athlete = str(athlete_value[0]).strip() if athlete_value else "me"
    if not athlete:
        raise InputError("athlete: the athlete name must not be empty")
    upgrade_value = pick("LYDIARD_AUTO_UPGRADE", "auto_upgrade")
    auto_upgrade = _bool(*upgrade_value) if upgrade_value else True
    jobs_value = pick("LYDIARD_JOBS", "jobs")
    jobs = _jobs(*jobs_value) if jobs_value else max(1, os.cpu_count() or 1)
    return Settings(
        data_dir=data_dir,
        database_url=database_url,
        athlete=athlete,
        auto_upgrade=auto_upgrade,
        jobs=jobs,
        config_file=path,
    )
