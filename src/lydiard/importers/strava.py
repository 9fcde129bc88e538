"""Read a Strava bulk export: its zip, or the folder it unpacks to.

The export holds ``activities.csv`` (one row per activity: name, type, gear, description,
totals, and the activity file's path) and ``activities/`` with the files (``.fit.gz``,
``.gpx.gz``, ``.tcx.gz``, sometimes uncompressed). :func:`iter_export` yields each activity
with the CSV's facts merged in:

- ``name`` from the CSV; ``metadata``: ``strava_id``, ``strava_type``, ``gear``,
  ``description``, ``commute``, ``private_note``, ``perceived_exertion``, ``export``.
- The sport from the CSV type (``sport_from_text``), except that a generic "Run" keeps a
  file's more specific trail or treadmill run, and a type lydiard does not know keeps the
  file's sport.
- **Manual entries** (no file): an Activity without samples, starting at the CSV date,
  with one Session carrying the CSV totals (elapsed and moving time, distance, climb,
  heart rate, calories) and ``metadata["manual"] = True``, so that their volume and load
  still count.
- Files under ``activities/`` that no row names are read too, without CSV facts.

Safety: zip members are read one at a time, only when needed. An archive whose end record
declares more than :data:`MAX_MEMBERS` entries (checked before ``zipfile`` parses its
directory), a member name that climbs out of the archive (``..``, an
absolute path), or an activities.csv larger than :data:`MAX_CSV_BYTES` is refused; a
member declaring more than :data:`~lydiard.importers.sniff.MAX_DECOMPRESSED_BYTES`, or
compressed more than :data:`MAX_RATIO` times, is refused on its own; all members read
together may not exceed :data:`MAX_TOTAL_BYTES`, nor :data:`MAX_RATIO` times the archive's
own size (at least :data:`TOTAL_FLOOR_BYTES`): many small members of zeros stop there, so
the time and memory an archive costs are bounded by its size. In a folder, a file name that leads
outside the folder (also through a symbolic link) is refused.
"""

from __future__ import annotations

import math
import struct
import zipfile
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path, PurePosixPath
from typing import Any

from lydiard.errors import (
    FileFormatError,
    InputError,
    Issue,
    IssueLevel,
    LydiardError,
    where,
)
from lydiard.importers import read_bytes
from lydiard.importers.sniff import MAX_DECOMPRESSED_BYTES
from lydiard.importers.strava_csv import ExportRow, parse_activities_csv
from lydiard.model import Activity, Samples, Session, Sport, sport_from_text

__all__ = [
    "MAX_MEMBERS",
    "MAX_RATIO",
    "MAX_TOTAL_BYTES",
    "declared_entries",
    "iter_export",
    "merge_row",
]

#: Most entries a zip may list.
MAX_MEMBERS = 200_000
#: Highest compression ratio accepted for a member larger than 1 MiB (bombs reach 1000+).
MAX_RATIO = 100
#: Most bytes inflated from one export, all members together.
MAX_TOTAL_BYTES = 64 * 1024**3
#: Inflated bytes any archive may reach whatever its size (see :data:`MAX_RATIO`).
TOTAL_FLOOR_BYTES = 256 * 1024**2
#: Largest activities.csv accepted.
MAX_CSV_BYTES = 256 * 1024**2
_ACTIVITY_SUFFIXES = (".fit", ".gpx", ".tcx", ".fit.gz", ".gpx.gz", ".tcx.gz")


class _Source:
    """Named files of an export, read one at a time."""

    label: str

    def names(self) -> list[str]:
        raise NotImplementedError

    def has(self, name: str) -> bool:
        raise NotImplementedError

    def read(self, name: str, limit: int) -> bytes:
        raise NotImplementedError

    def close(self) -> None:
        """Release the archive."""


class _Folder(_Source):
    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self.label = where(root)

    def names(self) -> list[str]:
        found = ["activities.csv"]
        folder = self.root / "activities"
        if folder.is_dir():
            for path in sorted(folder.rglob("*")):
                if path.is_file():
                    found.append(path.relative_to(self.root).as_posix())
        return found

    def has(self, name: str) -> bool:
        return (self.root / name).is_file()

    def read(self, name: str, limit: int) -> bytes:
        path = (self.root / name).resolve()
        if not path.is_relative_to(self.root):
            raise FileFormatError(f"{self.label}: {name!r} leads outside the export; refused")
        try:
            size = path.stat().st_size
            if size > limit:
                raise FileFormatError(
                    f"{self.label}: {name} is {size // 2**20} MiB, more than the "
                    f"{limit // 2**20} MiB an activity file may be; refused"
                )
            return path.read_bytes()
        except FileNotFoundError as exc:
            raise FileFormatError(f"{self.label}: {name} is not in the export") from exc
        except OSError as exc:
            raise InputError(f"{self.label}: cannot read {name} ({exc.strerror})") from exc


def _unsafe(name: str) -> bool:
    if "\\" in name or name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        return True
    return ".." in PurePosixPath(name).parts


_EOCD = b"PK\x05\x06"
_ZIP64_EOCD = b"PK\x06\x06"


def declared_entries(path: Path) -> int | None:
    """The entry count a zip's end record declares, read before the directory is parsed.

    ``zipfile`` builds an object per entry when it opens an archive, so a small upload
    listing millions of entries would cost gigabytes before any count could be checked;
    this reads only the last 64 KiB (the end record, its comment, the zip64 record).
    None when no end record is found (``zipfile`` then reports the damage).
    """
    try:
        with path.open("rb") as handle:
            size = handle.seek(0, 2)
            handle.seek(max(0, size - (1 << 16) - 22 - 56 - 20))
            tail = handle.read()
    except OSError:
        return None
    at = tail.rfind(_EOCD)
    if at < 0 or len(tail) < at + 22:
        return None
    count = int(struct.unpack_from("<H", tail, at + 10)[0])
    if count == 0xFFFF:
        at64 = tail.rfind(_ZIP64_EOCD, 0, at)
        if at64 >= 0 and len(tail) >= at64 + 40:
            count = int(struct.unpack_from("<Q", tail, at64 + 32)[0])
    return count


class _Zip(_Source):
    def __init__(self, path: Path) -> None:
        self.label = where(path)
        self.total = 0
        declared = declared_entries(path)
        if declared is not None and declared > MAX_MEMBERS:
            raise FileFormatError(
                f"{self.label}: the archive lists {declared} entries, more than "
                f"{MAX_MEMBERS}; refused as a possible zip bomb"
            )
        try:
            self.archive = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError, EOFError) as exc:
            raise FileFormatError(f"{self.label}: not a readable zip archive ({exc})") from exc
        entries = self.archive.infolist()
        if len(entries) > MAX_MEMBERS:
            self.archive.close()
            raise FileFormatError(
                f"{self.label}: the archive lists {len(entries)} entries, more than "
                f"{MAX_MEMBERS}; refused as a possible zip bomb"
            )
        for info in entries:
            if _unsafe(info.filename):
                self.archive.close()
                raise FileFormatError(
                    f"{self.label}: the entry {info.filename!r} leads outside the archive; "
                    "refused (path traversal)"
                )
        self.entries = {info.filename: info for info in entries if not info.is_dir()}
        size = path.stat().st_size
        self.budget = min(MAX_TOTAL_BYTES, max(TOTAL_FLOOR_BYTES, MAX_RATIO * size))

    def names(self) -> list[str]:
        return sorted(self.entries)

    def has(self, name: str) -> bool:
        return name in self.entries

    def read(self, name: str, limit: int) -> bytes:
        info = self.entries.get(name)
        if info is None:
            raise FileFormatError(f"{self.label}: {name} is not in the archive")
        if info.flag_bits & 0x1:
            raise FileFormatError(f"{self.label}: {name} is encrypted; cannot read it")
        if info.file_size > limit:
            raise FileFormatError(
                f"{self.label}: {name} declares {info.file_size // 2**20} MiB, more than "
                f"{limit // 2**20} MiB; refused as a possible zip bomb"
            )
        if info.file_size > 2**20 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise FileFormatError(
                f"{self.label}: {name} inflates {info.file_size // max(info.compress_size, 1)} "
                f"times; refused as a possible zip bomb"
            )
        if self.total + info.file_size > self.budget:
            raise FileFormatError(
                f"{self.label}: the export inflates to more than "
                f"{self.budget / 2**30:.3g} GiB ({MAX_RATIO} times its size at most); "
                "refused as a possible zip bomb"
            )
        try:
            with self.archive.open(info) as member:
                data = member.read(limit + 1)
        except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError) as exc:
            raise FileFormatError(
                f"{self.label}: {name} is damaged in the archive ({exc})"
            ) from exc
        self.total += len(data)
        if len(data) != info.file_size:
            raise FileFormatError(
                f"{self.label}: {name} holds {len(data)} bytes, not the {info.file_size} "
                "its entry declares; the archive is damaged"
            )
        return data

    def close(self) -> None:
        self.archive.close()


def _open(path: Path) -> _Source:
    if path.is_dir():
        if not (path / "activities.csv").is_file():
            raise FileFormatError(
                f"{where(path)}: a folder without activities.csv is not a Strava export"
            )
        return _Folder(path)
    if not path.exists():
        raise InputError(f"{where(path)}: no such file or folder")
    return _Zip(path)


def _csv_name(names: list[str], label: str) -> str:
    """The activities.csv of an export: at the root, or in its single top folder."""
    candidates = [n for n in names if PurePosixPath(n).name.lower() == "activities.csv"]
    candidates.sort(key=lambda n: n.count("/"))
    if not candidates or candidates[0].count("/") > 1:
        raise FileFormatError(f"{label}: no activities.csv in this archive; not a Strava export")
    return candidates[0]


def merge_row(activity: Activity, row: ExportRow) -> Activity:
    """Return the activity with a CSV row's name, sport, gear and other facts merged in."""
    csv_sport = sport_from_text(row.type)
    sport = activity.sport
    if csv_sport is not Sport.OTHER and not (csv_sport is Sport.RUN and activity.sport.is_run):
        sport = csv_sport
    sessions = activity.sessions
    if len(sessions) == 1 and sessions[0].sport is not sport:
        sessions = (replace(sessions[0], sport=sport),)
    metadata: dict[str, Any] = {**activity.metadata, **_facts(row)}
    return replace(
        activity,
        name=row.name or activity.name,
        sport=sport,
        sessions=sessions,
        issues=activity.issues + row.issues,
        metadata=metadata,
    )


def _facts(row: ExportRow) -> dict[str, Any]:
    facts: dict[str, Any] = {"export": "strava", "activities_csv_line": row.line}
    for key, value in (
        ("strava_id", row.strava_id),
        ("strava_type", row.type),
        ("gear", row.gear),
        ("description", row.description),
        ("private_note", row.private_note),
        ("commute", row.commute),
    ):
        if value is not None:
            facts[key] = value
    if math.isfinite(row.perceived_exertion):
        facts["perceived_exertion"] = row.perceived_exertion
    return facts


def _manual(row: ExportRow, label: str) -> Activity:
    """An Activity for a row without a file: no samples, one session with the CSV totals."""
    if row.date is None:
        raise FileFormatError(
            f"{label}: activities.csv row has no file and no readable date (line {row.line}); "
            "cannot place it in time"
        )
    sport = sport_from_text(row.type)
    elapsed = (
        row.elapsed_time_s if math.isfinite(row.elapsed_time_s) and row.elapsed_time_s >= 0 else 0.0
    )
    session = Session(
        sport=sport,
        start_s=0.0,
        end_s=elapsed,
        distance_m=row.distance_m,
        timer_s=row.moving_time_s,
        ascent_m=row.ascent_m,
        descent_m=row.descent_m,
        avg_heart_rate_bpm=row.avg_heart_rate_bpm,
        max_heart_rate_bpm=row.max_heart_rate_bpm,
        calories_kcal=row.calories_kcal,
    )
    facts = _facts(row)
    facts["manual"] = True
    return Activity(
        start_time=row.date,
        samples=Samples.empty(),
        sport=sport,
        sessions=(session,),
        name=row.name,
        source_format="strava",
        source_name="activities.csv",
        issues=(
            Issue(
                "manual entry: totals only, no recorded samples",
                f"line {row.line}",
                IssueLevel.INFO,
            ),
            *row.issues,
        ),
        metadata=facts,
    )


def _strict_row(row: ExportRow, label: str) -> None:
    for issue in row.issues:
        if issue.level is not IssueLevel.INFO:
            raise FileFormatError(f"{issue.message} ({issue.where})")


def iter_export(
    path: Path, *, strict: bool = False
) -> Iterator[tuple[str, Activity | LydiardError]]:
    """Yield every activity of a Strava bulk export, zip or unpacked folder.

    Args:
        path: the export's zip file or its folder (holding activities.csv).
        strict: raise-level checking for every activity file and CSV row; a failing item is
            yielded as its error, the rest continue.

    Yields:
        ``(name, activity)`` per activity read, ``(name, error)`` per item that failed: the
        name is the file's path inside the export, or ``activities.csv line N`` for a
        manual entry.

    Raises:
        LydiardError: when the export as a whole cannot be read (not a zip, a refused
            archive, no activities.csv); raised when iteration starts.
    """
    source = _open(Path(path))
    try:
        names = source.names()
        csv_name = _csv_name(names, source.label)
        base = csv_name[: -len("activities.csv")]
        rows = parse_activities_csv(
            source.read(csv_name, MAX_CSV_BYTES), f"{source.label}: {csv_name}"
        )
        referenced: set[str] = set()
        for row in rows:
            if not row.filename:
                label = f"activities.csv line {row.line}"
                try:
                    if strict:
                        _strict_row(row, source.label)
                    yield label, _manual(row, source.label)
                except LydiardError as exc:
                    yield label, exc
                continue
            member = base + row.filename.lstrip("./")
            referenced.add(member)
            try:
                if _unsafe(row.filename):
                    raise FileFormatError(
                        f"{source.label}: activities.csv line {row.line} names "
                        f"{row.filename!r}, which leads outside the export; refused"
                    )
                if strict:
                    _strict_row(row, source.label)
                if not source.has(member):
                    raise FileFormatError(
                        f"{source.label}: activities.csv line {row.line} names "
                        f"{row.filename}, which is not in the export"
                    )
                data = source.read(member, MAX_DECOMPRESSED_BYTES)
                activity = read_bytes(data, PurePosixPath(member).name, strict=strict)
                yield row.filename, merge_row(activity, row)
            except LydiardError as exc:
                yield row.filename, exc
        for member in names:
            if member in referenced or not member.lower().endswith(_ACTIVITY_SUFFIXES):
                continue
            if not member.startswith(base + "activities/"):
                continue
            label = member[len(base) :]
            try:
                activity = read_bytes(
                    source.read(member, MAX_DECOMPRESSED_BYTES),
                    PurePosixPath(member).name,
                    strict=strict,
                )
                note = Issue(
                    "not listed in activities.csv: no name, gear or type merged",
                    "",
                    IssueLevel.INFO,
                )
                yield label, replace(activity, issues=(*activity.issues, note))
            except LydiardError as exc:
                yield label, exc
    finally:
        source.close()
