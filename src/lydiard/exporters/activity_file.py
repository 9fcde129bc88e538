"""Activity files in any of the formats lydiard writes, with a device-like file name."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import assert_never

from lydiard.exporters.fit_activity import encode_activity
from lydiard.exporters.gpx import encode_gpx
from lydiard.exporters.tcx import encode_tcx
from lydiard.model import Activity

__all__ = ["ActivityFormat", "activity_file_name", "encode_activity_file", "write_activity_file"]


class ActivityFormat(StrEnum):
    """A file format for recorded activities."""

    FIT = "fit"
    GPX = "gpx"
    TCX = "tcx"


def encode_activity_file(activity: Activity, fmt: ActivityFormat | str) -> bytes:
    """The activity as a file of that format.

    Raises:
        EncodeError: when the activity does not fit the format (GPX without positions).
    """
    fmt = ActivityFormat(fmt)
    if fmt is ActivityFormat.FIT:
        return encode_activity(activity)
    if fmt is ActivityFormat.GPX:
        return encode_gpx(activity)
    if fmt is ActivityFormat.TCX:
        return encode_tcx(activity)
    assert_never(fmt)


def activity_file_name(activity: Activity, fmt: ActivityFormat | str) -> str:
    """``2025-03-29-0600-trail_run.fit``: local start, sport, format."""
    local = activity.local_start
    return f"{local:%Y-%m-%d-%H%M}-{activity.sport.value}.{ActivityFormat(fmt).value}"


def write_activity_file(activity: Activity, folder: Path, fmt: ActivityFormat | str) -> Path:
    """Write the activity into a folder (created if needed); returns the file's path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / activity_file_name(activity, fmt)
    path.write_bytes(encode_activity_file(activity, fmt))
    return path
