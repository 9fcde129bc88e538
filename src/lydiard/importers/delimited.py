"""Small delimited text tables (CSV, semicolon, tab or whitespace) as exported by apps.

Used by the RR-interval and lactate-test readers. The delimiter is guessed from the first
non-blank line; a first line holding any letter is a header. A semicolon table whose
numbers use a decimal comma ("1,8") is read as such. Every row keeps its line number for
messages.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from lydiard.errors import FileFormatError, InputError, where

__all__ = ["Table", "decode_text", "parse_table", "read_text"]

_LETTER = re.compile(r"[A-Za-z]")


@dataclass(frozen=True, slots=True)
class Table:
    """A parsed table.

    Attributes:
        name: the file name, for messages.
        header: column names as written (stripped), or None without a header line.
        rows: cells per data row, stripped.
        lines: the 1-based line number of each data row.
        decimal_comma: True when "1,8" means 1.8.
    """

    name: str
    header: list[str] | None
    rows: list[list[str]]
    lines: list[int]
    decimal_comma: bool

    def number(self, row: int, column: int, label: str) -> float:
        """The cell as a float; NaN for an empty cell.

        Raises:
            FileFormatError: when the cell is not a number (names the line and column).
        """
        cells = self.rows[row]
        text = cells[column] if column < len(cells) else ""
        if not text:
            return float("nan")
        if self.decimal_comma:
            text = text.replace(",", ".")
        try:
            return float(text)
        except ValueError:
            raise FileFormatError(
                f"{self.name}: line {self.lines[row]}: {text!r} in column '{label}' is not a number"
            ) from None


def read_text(path: str | Path) -> str:
    """Read a small text file, with a clear error when it is missing or not text."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise InputError(f"{where(path)}: no such file") from exc
    except IsADirectoryError as exc:
        raise InputError(f"{where(path)}: is a folder, not a file") from exc
    except OSError as exc:
        raise InputError(f"{where(path)}: cannot read the file ({exc.strerror})") from exc
    return decode_text(data, path.name)


def decode_text(data: bytes, name: str | None = None) -> str:
    """Decode UTF-8 (with or without BOM), UTF-16 with BOM, or Latin-1 text.

    Raises:
        FileFormatError: for binary content.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if b"\x00" in data[:4096]:
        raise FileFormatError(f"{where(name)}: binary content, not a text table")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def parse_table(text: str, name: str | None = None) -> Table:
    """Split text into a header and rows of cells.

    Raises:
        FileFormatError: for a file with no data rows.
    """
    label = where(name)
    raw = text.splitlines()
    numbered = [(i + 1, line) for i, line in enumerate(raw) if line.strip()]
    if not numbered:
        raise FileFormatError(f"{label}: the file is empty; expected a table of numbers")
    first = numbered[0][1]
    counts = {d: first.count(d) for d in (",", ";", "\t")}
    delimiter = max(counts, key=lambda d: counts[d]) if any(counts.values()) else None
    decimal_comma = delimiter == ";" and any(re.search(r"\d,\d", line) for _, line in numbered[1:6])
    rows: list[list[str]] = []
    lines: list[int] = []
    for number, line in numbered:
        if delimiter is None:
            cells = line.split()
        else:
            cells = next(csv.reader(io.StringIO(line), delimiter=delimiter))
        rows.append([c.strip() for c in cells])
        lines.append(number)
    header = None
    if _LETTER.search(first) and not _is_number_row(rows[0]):
        header = rows.pop(0)
        lines.pop(0)
    if not rows:
        raise FileFormatError(f"{label}: a header but no data rows")
    return Table(label, header, rows, lines, decimal_comma)


def _is_number_row(cells: list[str]) -> bool:
    try:
        for c in cells:
            if c:
                float(c.replace(",", "."))
    except ValueError:
        return False
    return True
