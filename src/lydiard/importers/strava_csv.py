"""Read the ``activities.csv`` of a Strava bulk export, in its old and current layouts.

Layouts:

- **legacy** (about 2016-2018, 10 columns): ``id, date, name, type, description,
  elapsed_time, distance, commute, gear, filename``; distance in metres, dates
  ``2016-09-11 09:48:01``.
- **current** (2019 on, about 99 columns): ``Activity ID, Activity Date, Activity Name,
  Activity Type, ...``. Some names appear twice: the first ``Distance`` is in kilometres,
  the second in metres (the second is used, the first only when the second is empty); the
  first ``Elapsed Time`` and ``Max Heart Rate`` come before the detailed block. Dates read
  ``Jun 4, 2024, 4:39:40 PM``.

Dates are UTC in both layouts (Strava writes the start in UTC; the local time zone is not
in the file). Descriptions may span several lines inside quotes; the csv module keeps
them whole, and each row remembers the line it starts on.
"""

from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime

from lydiard.errors import FileFormatError, Issue, IssueLevel

__all__ = ["ExportRow", "parse_activities_csv", "parse_export_date"]

_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    )
}
_US_DATE = re.compile(
    r"\s*([A-Za-z]{3})[A-Za-z]*\.?\s+(\d{1,2}),\s*(\d{4}),?\s+(\d{1,2}):(\d\d):(\d\d)\s*([AaPp][Mm])?\s*\Z"
)
_ISO_DATE = re.compile(r"\s*(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d):(\d\d)(?:\.\d+)?Z?\s*\Z")

# Column name (lower case) -> field, for each layout. For duplicated names the occurrence
# (0 = first, 1 = second) is given.
_LEGACY = {
    "id": ("strava_id", 0),
    "date": ("date", 0),
    "name": ("name", 0),
    "type": ("type", 0),
    "description": ("description", 0),
    "elapsed_time": ("elapsed_time_s", 0),
    "distance": ("distance_m", 0),
    "commute": ("commute", 0),
    "gear": ("gear", 0),
    "filename": ("filename", 0),
}
_CURRENT = {
    "activity id": ("strava_id", 0),
    "activity date": ("date", 0),
    "activity name": ("name", 0),
    "activity type": ("type", 0),
    "activity description": ("description", 0),
    "elapsed time": ("elapsed_time_s", 0),
    "distance": ("distance_km", 0),
    "activity private note": ("private_note", 0),
    "activity gear": ("gear", 0),
    "filename": ("filename", 0),
    "moving time": ("moving_time_s", 0),
    "elevation gain": ("ascent_m", 0),
    "elevation loss": ("descent_m", 0),
    "max heart rate": ("max_heart_rate_bpm", 0),
    "average heart rate": ("avg_heart_rate_bpm", 0),
    "calories": ("calories_kcal", 0),
    "commute": ("commute", 0),
    "perceived exertion": ("perceived_exertion", 0),
}
_SECOND_DISTANCE = ("distance", 1)


@dataclass(frozen=True, slots=True)
class ExportRow:
    """One row of activities.csv, in SI units.

    Attributes:
        line: the line of activities.csv the row starts on.
        strava_id: Strava's activity id.
        date: the start, UTC (None when it could not be read).
        name, type, description, gear, private_note: text as the athlete wrote it.
        filename: the activity file inside the export ("activities/123.fit.gz"), or None
            for a manual entry.
        elapsed_time_s, moving_time_s: seconds (NaN when absent).
        distance_m: metres (NaN when absent).
        ascent_m, descent_m: metres of climb and descent.
        max_heart_rate_bpm, avg_heart_rate_bpm: heart rate in bpm.
        calories_kcal: kilocalories.
        perceived_exertion: Strava's 1-10 scale.
        commute: the commute flag, if given.
        issues: what could not be read in this row.
    """

    line: int
    strava_id: str | None = None
    date: datetime | None = None
    name: str | None = None
    type: str | None = None
    description: str | None = None
    gear: str | None = None
    private_note: str | None = None
    filename: str | None = None
    elapsed_time_s: float = math.nan
    moving_time_s: float = math.nan
    distance_m: float = math.nan
    ascent_m: float = math.nan
    descent_m: float = math.nan
    max_heart_rate_bpm: float = math.nan
    avg_heart_rate_bpm: float = math.nan
    calories_kcal: float = math.nan
    perceived_exertion: float = math.nan
    commute: bool | None = None
    issues: tuple[Issue, ...] = field(default=())


def parse_export_date(text: str) -> datetime | None:
    """Read an export date ("Jun 4, 2024, 4:39:40 PM" or "2016-09-11 09:48:01") as UTC."""
    match = _US_DATE.match(text)
    try:
        if match:
            month = _MONTHS.get(match.group(1).lower())
            if month is None:
                return None
            hour = int(match.group(4))
            meridiem = (match.group(7) or "").lower()
            if meridiem:
                if not 1 <= hour <= 12:
                    return None
                hour = hour % 12 + (12 if meridiem == "pm" else 0)
            return datetime(
                int(match.group(3)),
                month,
                int(match.group(2)),
                hour,
                int(match.group(5)),
                int(match.group(6)),
                tzinfo=UTC,
            )
        match = _ISO_DATE.match(text)
        if match:
            year, month, day, hour, minute, second = (int(match.group(g)) for g in range(1, 7))
            return datetime(year, month, day, hour, minute, second, tzinfo=UTC)
    except ValueError:
        return None
    return None


def _number(text: str) -> float:
    text = text.strip()
    if not text:
        return math.nan
    if "," in text and "." in text:
        text = text.replace(",", "")  # thousands separators
    try:
        value = float(text)
    except ValueError:
        return math.nan
    return value if math.isfinite(value) else math.nan


def _columns(header: list[str], label: str) -> tuple[dict[str, int], str]:
    """Field -> column index for the layout the header shows."""
    names = [h.strip().lstrip("\ufeff").lower() for h in header]
    layout, table = ("current", _CURRENT) if "activity id" in names else ("legacy", _LEGACY)
    if layout == "legacy" and not {"id", "filename"} <= set(names):
        raise FileFormatError(
            f"{label}: not a Strava activities.csv (line 1): expected an 'Activity ID' or 'id' "
            f"column and 'Filename', found {', '.join(header[:6])}..."
        )
    positions: dict[str, list[int]] = {}
    for index, column in enumerate(names):
        positions.setdefault(column, []).append(index)
    out: dict[str, int] = {}
    for column, (field_name, occurrence) in table.items():
        found = positions.get(column, [])
        if len(found) > occurrence:
            out[field_name] = found[occurrence]
    second = positions.get(_SECOND_DISTANCE[0], [])
    if layout == "current" and len(second) > _SECOND_DISTANCE[1]:
        out["distance_m"] = second[_SECOND_DISTANCE[1]]
    return out, layout


def _row(values: list[str], columns: dict[str, int], line: int, label: str) -> ExportRow:
    def text(field_name: str) -> str | None:
        index = columns.get(field_name)
        if index is None or index >= len(values):
            return None
        value = values[index].strip()
        return value or None

    issues: list[Issue] = []
    raw_date = text("date")
    date = parse_export_date(raw_date) if raw_date else None
    if raw_date and date is None:
        issues.append(Issue(f"{label}: unreadable date {raw_date!r}", f"line {line}"))
    numbers = {
        name: _number(text(name) or "")
        for name in (
            "elapsed_time_s",
            "moving_time_s",
            "distance_m",
            "ascent_m",
            "descent_m",
            "max_heart_rate_bpm",
            "avg_heart_rate_bpm",
            "calories_kcal",
            "perceived_exertion",
        )
    }
    if math.isnan(numbers["distance_m"]):
        numbers["distance_m"] = _number(text("distance_km") or "") * 1000.0
    commute_text = (text("commute") or "").lower()
    commute = {"true": True, "1": True, "false": False, "0": False}.get(commute_text)
    return ExportRow(
        line=line,
        strava_id=text("strava_id"),
        date=date,
        name=text("name"),
        type=text("type"),
        description=text("description"),
        gear=text("gear"),
        private_note=text("private_note"),
        filename=text("filename"),
        commute=commute,
        issues=tuple(issues),
        **numbers,
    )


def parse_activities_csv(data: bytes, label: str = "activities.csv") -> list[ExportRow]:
    """Read every row of a Strava export's activities.csv.

    Args:
        data: the file's bytes (UTF-8, with or without a byte-order mark).
        label: the name used in messages.

    Raises:
        FileFormatError: when the text is not UTF-8 or the header is not a Strava layout.
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileFormatError(f"{label}: not UTF-8 text (byte {exc.start})") from exc
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise FileFormatError(f"{label}: the file is empty (line 1); nothing to import") from None
    except csv.Error as exc:
        raise FileFormatError(f"{label}: unreadable CSV header (line 1): {exc}") from exc
    columns, _ = _columns(header, label)
    rows: list[ExportRow] = []
    start = reader.line_num + 1
    while True:
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            rows.append(
                ExportRow(
                    line=start,
                    issues=(
                        Issue(
                            f"{label}: unreadable CSV row ({exc})",
                            f"line {start}",
                            IssueLevel.ERROR,
                        ),
                    ),
                )
            )
            break
        if any(v.strip() for v in values):
            rows.append(_row(values, columns, start, label))
        start = reader.line_num + 1
    return rows
