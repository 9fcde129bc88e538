"""Importers: FIT, GPX, TCX, gzip of any of them, and Strava bulk exports.

Every reader returns the canonical :class:`~lydiard.model.Activity`, with the problems it
recovered from in ``activity.issues``. What cannot be recovered raises a
:class:`~lydiard.errors.LydiardError` whose message names the file, what is wrong and where.

Readers by format (each ``reader(data: bytes, *, name: str | None, strict: bool) ->
Activity``) are looked up in :data:`READERS`, so adding a format is one line here. A
format whose files can hold several activities (TCX) may also name, in
:data:`MULTI_READERS`, a reader returning a list; :func:`read_activities` uses it.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, cast

from lydiard.errors import FileFormatError, InputError, LydiardError, where
from lydiard.importers.sniff import Format, gunzip, sniff, sniff_path
from lydiard.model import Activity

__all__ = [
    "MULTI_READERS",
    "READERS",
    "read_activities",
    "read_activity",
    "read_bytes",
    "read_bytes_all",
]

#: Format -> "module:function" of its reader.
READERS: dict[Format, str] = {
    Format.FIT: "lydiard.importers.fit:read_fit",
    Format.GPX: "lydiard.importers.gpx:read_gpx",
    Format.TCX: "lydiard.importers.tcx:read_tcx",
}

#: Format -> "module:function" of a reader returning every activity of a file (a list).
MULTI_READERS: dict[Format, str] = {
    Format.TCX: "lydiard.importers.tcx:read_tcx_activities",
}

_EXPORT_READER = "lydiard.importers.strava:iter_export"

Reader = Callable[..., Activity]


def _load(spec: str, kind: Format | None = None, name: str | None = None) -> Any:
    module, _, function = spec.partition(":")
    try:
        return getattr(importlib.import_module(module), function)
    except ModuleNotFoundError as exc:
        if exc.name != module:
            raise
        missing: Exception = exc
    except AttributeError as exc:
        missing = exc
    what = f"{kind.value.upper()} files" if kind is not None else "this input"
    raise FileFormatError(
        f"{where(name)}: this lydiard build cannot read {what} yet ({spec} is missing)"
    ) from missing


def _inflate(data: bytes, name: str | None) -> tuple[bytes, str | None, Format]:
    """Unwrap one level of gzip; return (content, inner name, inner format)."""
    kind = sniff(data, name)
    if kind is not Format.GZIP:
        return data, name, kind
    inner_name = name[:-3] if name and name.lower().endswith(".gz") else name
    inner = gunzip(data, name)
    inner_kind = sniff(inner, inner_name)
    if inner_kind in (Format.GZIP, Format.ZIP):
        raise FileFormatError(f"{where(name)}: nested archives are not supported")
    return inner, inner_name, inner_kind


def read_bytes(data: bytes, name: str | None = None, *, strict: bool = False) -> Activity:
    """Read one activity from a file's bytes, recognising the format by content.

    Args:
        data: the file content (FIT, GPX, TCX, or gzip of one of them).
        name: the file name, used in messages.
        strict: raise on problems that would otherwise be listed as issues.

    Raises:
        LydiardError: when the data cannot be read; the message names the file.
    """
    data, name, kind = _inflate(data, name)
    if kind is Format.ZIP:
        raise InputError(
            f"{where(name)}: a zip archive holds many activities; "
            "use lydiard.read_activities() or `lydiard import`"
        )
    reader = cast(Reader, _load(READERS[kind], kind, name))
    return reader(data, name=name, strict=strict)


def read_bytes_all(data: bytes, name: str | None = None, *, strict: bool = False) -> list[Activity]:
    """Read every activity in a file's bytes (a TCX file may hold several).

    Raises:
        LydiardError: when the data cannot be read; the message names the file.
    """
    inner, inner_name, kind = _inflate(data, name)
    if kind in MULTI_READERS:
        reader = _load(MULTI_READERS[kind], kind, inner_name)
        return list(reader(inner, name=inner_name, strict=strict))
    return [read_bytes(data, name, strict=strict)]


def read_activity(path: str | Path, *, strict: bool = False) -> Activity:
    """Read one activity file (FIT, GPX, TCX, or any of them gzipped).

    Args:
        path: the file.
        strict: raise on problems that would otherwise be listed as issues.

    Returns:
        The activity, with recovered problems in ``activity.issues``.

    Raises:
        LydiardError: when the file is missing, unreadable or of no known format.
    """
    path = Path(path)
    if path.is_dir() or sniff_path_safe(path) in (Format.ZIP, Format.STRAVA_FOLDER):
        raise InputError(
            f"{where(path)}: a Strava export holds many activities; "
            "use lydiard.read_activities() or `lydiard import`"
        )
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise InputError(f"{where(path)}: no such file") from exc
    except OSError as exc:
        raise InputError(f"{where(path)}: cannot read the file ({exc.strerror})") from exc
    return read_bytes(data, path.name, strict=strict)


def sniff_path_safe(path: Path) -> Format | None:
    """The format of a path, or None when it cannot be opened or recognised."""
    try:
        return sniff_path(path)
    except (LydiardError, OSError):
        return None


def read_activities(
    path: str | Path, *, strict: bool = False
) -> Iterator[tuple[str, Activity | LydiardError]]:
    """Read every activity under a path: a file, a Strava export (zip or folder).

    Yields ``(name, activity)`` for each activity read and ``(name, error)`` for each file
    that failed, so one bad file never stops the rest.
    """
    path = Path(path)
    kind = sniff_path_safe(path)
    if kind in (Format.ZIP, Format.STRAVA_FOLDER):
        yield from _load(_EXPORT_READER, kind, path.name)(path, strict=strict)
        return
    try:
        if path.is_dir():
            raise InputError(
                f"{where(path)}: a folder without activities.csv is not a Strava export"
            )
        try:
            data = path.read_bytes()
        except FileNotFoundError as exc:
            raise InputError(f"{where(path)}: no such file") from exc
        except OSError as exc:
            raise InputError(f"{where(path)}: cannot read the file ({exc.strerror})") from exc
        activities = read_bytes_all(data, path.name, strict=strict)
    except LydiardError as exc:
        yield path.name, exc
        return
    for k, activity in enumerate(activities):
        label = path.name if len(activities) == 1 else f"{path.name}#{k + 1}"
        yield label, activity
