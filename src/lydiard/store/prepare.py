"""Turn an Activity into what the store writes: encoded samples plus metadata and summary.

Preparing is the CPU-heavy part of storing (summary and samples codec), so bulk import
does it in worker processes and sends the small, picklable result to the process that
writes the database.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import Any

import numpy as np

from lydiard.model import Activity, Samples
from lydiard.store.codec import Compression, encode_samples
from lydiard.store.scoring import ActivityLoad, Scorer
from lydiard.store.summary import ActivitySummary, summarise

__all__ = ["PreparedActivity", "Summariser", "jsonable", "prepare_activity", "source_rank"]

Summariser = Callable[[Activity], ActivitySummary]

#: How much a recording format usually holds: a richer one replaces a poorer duplicate.
_RANK = {"fit": 3, "tcx": 2, "gpx": 1}


def source_rank(source_format: str) -> int:
    """Higher for formats that carry more (FIT > TCX > GPX > anything else)."""
    return _RANK.get(source_format.lower(), 0)


@dataclass(frozen=True, slots=True)
class PreparedActivity:
    """An activity ready to write.

    Attributes:
        activity: the activity without its samples and RR intervals (metadata, laps,
            sessions, issues).
        summary: its summary metrics.
        samples_blob: the samples, encoded by :func:`~lydiard.store.codec.encode_samples`.
        n_rows: number of samples.
        raw_bytes: size of the samples as float64 arrays, bytes.
        channels: the channels that hold at least one value.
        rr_blob: RR intervals encoded the same way (as channel ``rr_s``), or None.
        load: its training load, when a scorer computed it (else the stored load is
            cleared, to be computed later).
    """

    activity: Activity
    summary: ActivitySummary
    samples_blob: bytes
    n_rows: int
    raw_bytes: int
    channels: tuple[str, ...]
    rr_blob: bytes | None = None
    load: ActivityLoad | None = None


def prepare_activity(
    activity: Activity,
    summariser: Summariser = summarise,
    compression: Compression | str = Compression.ZLIB,
    scorer: Scorer | None = None,
) -> PreparedActivity:
    """Summarise an activity, compute its load and encode its samples.

    Args:
        activity: the activity.
        summariser: the function computing summary metrics.
        compression: the samples codec's compressor.
        scorer: computes the activity's training load (e.g.
            :class:`~lydiard.store.scoring.LoadScorer`), or None to leave it for later.
    """
    samples = activity.samples
    rr_blob = None
    if activity.rr_intervals_s is not None:
        rr = np.asarray(activity.rr_intervals_s, dtype=np.float64).ravel()
        rr_samples = Samples.from_columns(time_s=np.arange(rr.size, dtype=np.float64), rr_s=rr)
        rr_blob = encode_samples(rr_samples, compression)
    stripped = dataclasses.replace(activity, samples=Samples.empty(), rr_intervals_s=None)
    return PreparedActivity(
        activity=stripped,
        summary=summariser(activity),
        load=scorer(activity) if scorer is not None else None,
        samples_blob=encode_samples(samples, compression),
        n_rows=len(samples),
        raw_bytes=samples.nbytes,
        channels=tuple(samples.present()),
        rr_blob=rr_blob,
    )


def jsonable(value: Any) -> Any:
    """Make metadata JSON-safe: NaN becomes None, dates ISO text, other objects text."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, np.generic):
        return jsonable(value.item())
    if isinstance(value, Enum):
        return jsonable(value.value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset | np.ndarray):
        return [jsonable(v) for v in value]
    return str(value)
