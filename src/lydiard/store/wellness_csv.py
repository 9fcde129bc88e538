"""Read a wellness journal from CSV: validate every row before anything is stored.

Two layouts are accepted (the header decides; names are case-insensitive):

* wide: ``date`` and one column per metric, e.g. ``date,hrv,rhr,sleep,weight,notes``;
* long: ``date,metric,value`` (optionally ``note``).

Empty cells are skipped. Dates are ISO (``2024-05-01``; a time after ``T`` or a space is
ignored). Problems are reported all at once, each as ``file: line N, column 'hrv': ...``.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

from lydiard.errors import InputError, where
from lydiard.store.metrics import WellnessEntry, lookup_metric, parse_metric_value

__all__ = ["parse_wellness_csv", "read_wellness_csv"]

_DATE_NAMES = {"date", "day"}
_NOTE_NAMES = {"note", "notes", "comment", "comments"}
_MAX_REPORTED = 20


def _day(text: str) -> date:
    head = text.strip().replace(" ", "T").split("T")[0]
    return date.fromisoformat(head)


def parse_wellness_csv(text: str, name: str | None = None) -> list[WellnessEntry]:
    """Parse CSV text into wellness entries.

    Args:
        text: the CSV content with a header row.
        name: the file name for messages and each entry's ``source``.

    Raises:
        InputError: listing every bad row as "file: line N, column 'x': what is wrong".
    """
    label = where(name)
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise InputError(f"{label}: empty file; expected a header such as 'date,hrv,rhr'")
    header = [cell.strip() for cell in rows[0]]
    keys = [cell.lower() for cell in header]
    date_col = next((i for i, k in enumerate(keys) if k in _DATE_NAMES), None)
    if date_col is None:
        raise InputError(f"{label}: line 1: no 'date' column in the header {header}")
    note_col = next((i for i, k in enumerate(keys) if k in _NOTE_NAMES), None)
    long_layout = "metric" in keys and "value" in keys
    errors: list[str] = []
    if not long_layout:
        for i, column in enumerate(header):
            if i in (date_col, note_col) or not column:
                continue
            try:
                lookup_metric(column)
            except InputError as exc:
                errors.append(f"line 1, column {i + 1} {column!r}: {exc}")
        if errors:
            raise InputError(f"{label}: " + "; ".join(errors))
    entries: list[WellnessEntry] = []
    for line_no, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        cells = row + [""] * (len(header) - len(row))
        if len(row) > len(header):
            errors.append(f"line {line_no}: {len(row)} cells but the header has {len(header)}")
            continue
        try:
            day = _day(cells[date_col])
        except ValueError:
            errors.append(
                f"line {line_no}, column {date_col + 1} {header[date_col]!r}: "
                f"{cells[date_col]!r} is not a date (use YYYY-MM-DD)"
            )
            continue
        note = cells[note_col].strip() or None if note_col is not None else None
        if long_layout:
            metric_col, value_col = keys.index("metric"), keys.index("value")
            pairs = [(value_col, cells[metric_col], cells[value_col])]
        else:
            pairs = [
                (i, header[i], cells[i])
                for i in range(len(header))
                if i not in (date_col, note_col) and header[i] and cells[i].strip()
            ]
        for col, metric_name, value_text in pairs:
            try:
                metric, value = parse_metric_value(metric_name, value_text)
            except InputError as exc:
                if long_layout and "unknown" in str(exc):
                    col = keys.index("metric")
                errors.append(f"line {line_no}, column {col + 1} {header[col]!r}: {exc}")
                continue
            entries.append(WellnessEntry(day, metric.name, value, note=note, source=name))
    if errors:
        more = len(errors) - _MAX_REPORTED
        listed = "; ".join(errors[:_MAX_REPORTED]) + (f"; and {more} more" if more > 0 else "")
        raise InputError(f"{label}: nothing stored; {listed}")
    return entries


def read_wellness_csv(path: str | Path) -> list[WellnessEntry]:
    """Read and validate a wellness CSV file.

    Raises:
        InputError: when the file cannot be read or any row is bad (all are listed).
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise InputError(f"{where(path)}: no such file") from exc
    except UnicodeDecodeError as exc:
        raise InputError(f"{where(path)}: not UTF-8 text (byte {exc.start})") from exc
    except OSError as exc:
        raise InputError(f"{where(path)}: cannot read the file ({exc.strerror})") from exc
    return parse_wellness_csv(text, path.name)
