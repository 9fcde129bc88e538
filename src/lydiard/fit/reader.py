"""The fast FIT reader: every message type of a file as columns.

``read_messages(data)`` walks the message headers once (:mod:`.walk`), gathers the
messages of each definition into one numpy array (:mod:`.chunk`), and returns a mapping
from message name to :class:`~lydiard.fit.columns.MessageColumns`, decoded lazily field
by field with the profile's names, scales, offsets and units::

    messages = read_messages(Path("run.fit").read_bytes())
    records = messages["record"]
    records["heart_rate"]      # float64 bpm per record, NaN where missing
    records.units("distance")  # "m"
    messages["hrv"]["time"]    # (n, 5) RR intervals in seconds, NaN padded

Problems it recovered from are in ``messages.issues`` (with byte offsets); ``strict=True``
raises them instead. ``engine="fitdecode"`` reads the file with the fitdecode library
instead (a slower, independent decoder), and the fast path hands a file over to it by
itself when it meets something it does not cover (see :class:`Unsupported`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from lydiard.errors import FileFormatError, Issue, IssueLevel, where
from lydiard.fit.chunk import Chunk
from lydiard.fit.columns import MessageColumns
from lydiard.fit.devfields import attach_developer_fields
from lydiard.fit.layout import Problem
from lydiard.fit.spec import message_spec, unsupported
from lydiard.fit.timestamps import reconstruct
from lydiard.fit.walk import Segment, walk

__all__ = ["Engine", "FitMessages", "Unsupported", "read_messages"]

Engine = Literal["auto", "fast", "fitdecode"]


class Unsupported(Exception):
    """Raised by the fast path for a construct it does not decode; "auto" then falls back."""


@dataclass(eq=False)
class FitMessages(Mapping[str, MessageColumns]):
    """All messages of a FIT file, by message name ("record", "lap", "session"...).

    Attributes:
        messages: the columns of each message type present.
        issues: problems recovered from, with their byte offsets.
        segments: the FIT files of a chained file, in order.
        name: the file name used in messages.
        engine: "fast" or "fitdecode", whichever decoded the file.
        size: the input size in bytes.
    """

    messages: dict[str, MessageColumns]
    issues: list[Issue] = field(default_factory=list)
    segments: list[Segment] = field(default_factory=list)
    name: str | None = None
    engine: str = "fast"
    size: int = 0

    def __getitem__(self, key: str) -> MessageColumns:
        return self.messages[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.messages)

    def __len__(self) -> int:
        return len(self.messages)


def read_messages(
    data: bytes, *, name: str | None = None, strict: bool = False, engine: Engine = "auto"
) -> FitMessages:
    """Read every message of a FIT file into columns.

    Args:
        data: the whole file (one FIT file or several chained).
        name: the file name, used in messages.
        strict: raise on problems instead of listing them in ``issues``.
        engine: "fast" (this reader), "fitdecode", or "auto" (fast, falling back to
            fitdecode for what the fast path does not cover).

    Raises:
        FileFormatError: when the data is not FIT; in strict mode, for any problem
            (``FileTruncatedError`` when the file ends early).
    """
    data = bytes(data)
    if engine == "fitdecode":
        from lydiard.fit.fallback import read_with_fitdecode

        return read_with_fitdecode(data, name=name, strict=strict)
    try:
        with np.errstate(all="ignore"):  # damaged values may be huge or signalling NaNs
            return _read_fast(data, name, strict)
    except Unsupported as exc:
        if engine == "fast":
            raise FileFormatError(f"{where(name)}: the fast FIT reader {exc}") from exc
        from lydiard.fit.fallback import read_with_fitdecode

        result = read_with_fitdecode(data, name=name, strict=strict)
        result.issues.insert(
            0,
            Issue(f"read with the fitdecode fallback: the fast reader {exc}", "", IssueLevel.INFO),
        )
        return result


def _read_fast(data: bytes, name: str | None, strict: bool) -> FitMessages:
    walked = walk(data, name)
    problems = list(walked.problems)
    if strict:
        _raise_first(problems, name)
    buf = np.frombuffer(data, dtype=np.uint8)
    chunks: dict[int, list[Chunk]] = {}
    all_chunks = []
    for definition in walked.definitions:
        if definition.offsets or definition.runs:
            chunk = Chunk(definition, definition.all_offsets(), buf)
            definition.offsets, definition.runs = [], []  # now in the chunk: free them
            chunks.setdefault(definition.global_number, []).append(chunk)
            all_chunks.append(chunk)
    if walked.compressed.shape[0]:
        unknown = reconstruct(all_chunks, walked.compressed, buf)
        if unknown:
            problems.append(
                Problem(
                    Issue(
                        f"{unknown} messages with a compressed timestamp come before any full "
                        "timestamp; their time is unknown",
                        f"byte {walked.compressed[0]}",
                    )
                )
            )
    messages: dict[str, MessageColumns] = {}
    for number, found in sorted(chunks.items()):
        spec = message_spec(number)
        reason = unsupported(spec)
        if reason is not None:
            raise Unsupported(reason)
        messages[spec.name] = MessageColumns(spec, found)
    for issue in attach_developer_fields(messages):
        problems.append(Problem(issue))
    if strict:
        _raise_first(problems, name)
    return FitMessages(
        messages=messages,
        issues=[p.issue for p in problems],
        segments=walked.segments,
        name=name,
        engine="fast",
        size=len(data),
    )


def _raise_first(problems: list[Problem], name: str | None) -> None:
    for problem in problems:
        if problem.issue.level is not IssueLevel.INFO:
            if problem.strict is not None:
                raise problem.error(f"{where(name)}: {problem.strict}")
            at = f" ({problem.issue.where})" if problem.issue.where else ""
            raise problem.error(f"{where(name)}: {problem.issue.message}{at}")
