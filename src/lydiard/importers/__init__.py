"""Importers: FIT, GPX, TCX, gzip of any of them, and Strava bulk exports.

Every reader returns the canonical :class:`~lydiard.model.Activity`, with the problems it
recovered from in ``activity.issues``. What cannot be recovered raises a
:class:`~lydiard.errors.LydiardError` whose message names the file, what is wrong and where.

Readers by format (each ``reader(data: bytes, *, name: str | None, strict: bool) ->
Activity``) are looked up in :data:`READERS`, so adding a format is one line here.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, cast

from lydiard.errors import FileFormatError, InputError, LydiardError, where
from lydiard.importers.sniff import Format, gunzip, sniff, sniff_path
from lydiard.model import Activity

__all__ = ["READERS", "read_activities", "read_activity", "read_bytes"]

#: Format -> "module:function" of its reader.
READERS: dict[Format, str] = {
    Format.FIT: "lydiard.importers.fit:read_fit",
    Format.GPX: "lydiard.importers.gpx:read_gpx",
    Format.TCX: "lydiard.importers.tcx:read_tcx",
}

_EXPORT_READER = "lydiard.importers.strava:iter_export"

Reader = Callable[..., Activity]


def _load(spec: str) -> Any:
    module, _, function = spec.partition(":")
    return getattr(importlib.import_module(module), function)


def read_bytes(data: bytes, name: str | None = None, *, strict: bool = False) -> Activity:
    """Read one activity from a file's bytes, recognising the format by content.

    Args:
        data: the file content (FIT, GPX, TCX, or gzip of one of them).
        name: the file name, used in messages.
        strict: raise on problems that would otherwise be listed as issues.

    Raises:
        LydiardError: when the data cannot be read; the message names the file.
    """
    kind = sniff(data, name)
    if kind is Format.GZIP:
        inner_name = name[:-3] if name and name.lower().endswith(".gz") else name
        inner = gunzip(data, name)
        inner_kind = sniff(inner, inner_name)
        if inner_kind in (Format.GZIP, Format.ZIP):
            raise FileFormatError(f"{where(name)}: nested archives are not supported")
        return read_bytes(inner, inner_name, strict=strict)
    if kind is Format.ZIP:
        raise InputError(
            f"{where(name)}: a zip archive holds many activities; "
            "use lydiard.read_activities() or `lydiard import`"
        )
    reader = cast(Reader, _load(READERS[kind]))
    return reader(data, name=name, strict=strict)


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
        yield from _load(_EXPORT_READER)(path, strict=strict)
        return
    try:
        yield path.name, read_activity(path, strict=strict)
    except LydiardError as exc:
        yield path.name, exc
