"""The one exception hierarchy of lydiard.

Every error lydiard raises on purpose derives from :class:`LydiardError`::

    LydiardError                      base; carries an exit code for the CLI
    ├── InputError                    the user can fix this: bad text, bad file, bad option
    │   ├── UnitError                 a quantity, unit, pace or duration that cannot be read
    │   ├── WorkoutSyntaxError        workout prose that cannot be parsed (line, column, caret)
    │   ├── FileFormatError           a file that is not what it claims, or is damaged
    │   │   └── FileTruncatedError    a file that ends early (strict mode only; else an issue)
    │   ├── NotEnoughDataError        too little data to say anything (HRV, lactate, fits)
    │   └── PlanRequestError          a plan that cannot be built safely (says what would work)
    ├── NotFoundError                 an id or name that does not exist (athlete, activity)
    ├── PermissionDeniedError         an authenticated user asked for someone else's data
    ├── EncodeError                   a value that does not fit a file format's field
    └── StoreError                    the database failed or its schema is behind

Messages read ``file: what is wrong (where); what to do`` when a file is involved.
What can be recovered is not an exception but data: importers return a list of
:class:`Issue` objects next to the activity.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum, StrEnum
from pathlib import Path

__all__ = [
    "EncodeError",
    "ExitCode",
    "FileFormatError",
    "FileTruncatedError",
    "InputError",
    "Issue",
    "IssueLevel",
    "LydiardError",
    "NotEnoughDataError",
    "NotFoundError",
    "PermissionDeniedError",
    "PlanRequestError",
    "StoreError",
    "UnitError",
    "WorkoutSyntaxError",
    "where",
]


class ExitCode(IntEnum):
    """Process exit codes used by the CLI."""

    OK = 0
    FAILURE = 1
    USAGE = 2
    INPUT = 3
    NOT_FOUND = 4
    PERMISSION = 5
    STORE = 6


class LydiardError(Exception):
    """Base of every error lydiard raises on purpose."""

    exit_code: ExitCode = ExitCode.FAILURE
    http_status: int = 500


class InputError(LydiardError):
    """Something a user or a file caused, and that the user can fix."""

    exit_code = ExitCode.INPUT
    http_status = 422


class UnitError(InputError):
    """A distance, duration, pace or unit that cannot be read."""


class WorkoutSyntaxError(InputError):
    """Workout prose that cannot be parsed.

    Attributes:
        text: the whole workout text.
        line: 1-based line number of the problem.
        column: 1-based column of the problem.
        reason: what is wrong, without position.
        suggestion: a hint such as "did you mean 'Meter'?", or None.
    """

    def __init__(
        self,
        reason: str,
        *,
        text: str,
        line: int,
        column: int,
        length: int = 1,
        suggestion: str | None = None,
    ) -> None:
        self.reason = reason
        self.text = text
        self.line = line
        self.column = column
        self.length = max(1, length)
        self.suggestion = suggestion
        super().__init__(self.render())

    def render(self) -> str:
        """Return the message with the offending line and a caret under the problem."""
        lines = self.text.splitlines() or [""]
        source = lines[self.line - 1] if 0 < self.line <= len(lines) else ""
        hint = f"; {self.suggestion}" if self.suggestion else ""
        caret = " " * (self.column - 1) + "^" * self.length
        return f"line {self.line}, column {self.column}: {self.reason}{hint}\n  {source}\n  {caret}"


class FileFormatError(InputError):
    """A file that is not in the format it claims, or is damaged beyond use."""


class FileTruncatedError(FileFormatError):
    """A file that ends before its declared size (raised only in strict mode)."""


class NotEnoughDataError(InputError):
    """Too little data for a meaningful answer (e.g. HRV mornings, lactate steps)."""


class PlanRequestError(InputError):
    """A training plan that cannot be built safely; the message says what would work."""


class NotFoundError(LydiardError):
    """An athlete, activity, plan or file that does not exist."""

    exit_code = ExitCode.NOT_FOUND
    http_status = 404


class PermissionDeniedError(LydiardError):
    """A user asked for data that is not theirs to see or change."""

    exit_code = ExitCode.PERMISSION
    http_status = 403


class EncodeError(LydiardError):
    """A value that does not fit the field of a file format (never wrapped silently)."""

    exit_code = ExitCode.INPUT
    http_status = 422


class StoreError(LydiardError):
    """The database failed, or its schema is not at the expected migration."""

    exit_code = ExitCode.STORE
    http_status = 503


class IssueLevel(StrEnum):
    """How serious a recoverable problem found while reading a file is."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"


@dataclass(frozen=True, slots=True)
class Issue:
    """A problem that was recovered from: what was dropped or repaired, and where.

    Attributes:
        message: what happened, e.g. "lap 3 ignored: end before start".
        where: location such as "byte 768" or "line 12", or "" when not applicable.
        level: how serious it is.
    """

    message: str
    where: str = ""
    level: IssueLevel = IssueLevel.WARNING

    def __str__(self) -> str:
        loc = f" ({self.where})" if self.where else ""
        return f"{self.level}: {self.message}{loc}"


def where(path: str | Path | None) -> str:
    """Return the short name used for a file in messages ("run.fit"), or "<input>"."""
    if path is None:
        return "<input>"
    return Path(path).name or str(path)
