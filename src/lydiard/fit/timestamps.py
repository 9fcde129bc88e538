"""Timestamps of messages with a compressed timestamp header, reconstructed in bulk.

A compressed header carries only the low 5 bits of the time. The FIT protocol defines its
timestamp from the last timestamp seen before it in the file, from a message's own
timestamp field or an earlier compressed header::

    timestamp = last + ((offset - last) mod 32)

After a message with a full timestamp ``F``, a run of compressed headers with offsets
``o1, o2, ...`` has times ``F + d1``, ``F + d1 + d2``... where ``d1 = (o1 - F) mod 32``
and ``dk = (ok - o(k-1)) mod 32`` (the low 5 bits of a reconstructed time are its
offset). So each run is a cumulative sum, done for all runs at once with numpy.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from lydiard.fit.chunk import Chunk, Floats

__all__ = ["reconstruct"]


def reconstruct(
    chunks: list[Chunk], compressed: npt.NDArray[np.int64], buf: npt.NDArray[np.uint8]
) -> int:
    """Set ``chunk.timestamps`` for chunks with compressed-header messages.

    Args:
        chunks: every chunk of the file.
        compressed: byte offsets of compressed-header messages, in file order.
        buf: the file's bytes.

    Returns:
        How many compressed-header messages come before any full timestamp (their
        time is unknown and left NaN).
    """
    if compressed.shape[0] == 0:
        return 0
    full_offsets, full_times = [], []
    for chunk in chunks:
        if chunk.has(253):
            stamps = chunk.decode(253)
            if stamps.dtype == object:
                continue
            if stamps.ndim == 2:  # a damaged definition: take the first value
                stamps = stamps[:, 0]
            valid = ~np.isnan(stamps)
            full_offsets.append(chunk.offsets[valid])
            full_times.append(stamps[valid])
    offsets = np.concatenate([compressed, *full_offsets])
    is_full = np.zeros(offsets.shape[0], dtype=bool)
    is_full[compressed.shape[0] :] = True
    value = np.concatenate([np.zeros(compressed.shape[0]), *full_times])
    low = np.zeros(offsets.shape[0], dtype=np.int64)
    low[: compressed.shape[0]] = buf[compressed] & 0x1F
    order = np.argsort(offsets, kind="stable")
    offsets, is_full, low, value = offsets[order], is_full[order], low[order], value[order]
    full_low = value.astype(np.int64) & 0x1F
    last_low = np.where(is_full, full_low, low)
    step = np.zeros(offsets.shape[0], dtype=np.int64)
    step[1:] = (low[1:] - last_low[:-1]) & 0x1F
    step[is_full] = 0
    total = np.cumsum(step)
    run = np.cumsum(is_full) - 1  # index of the last full timestamp, -1 before any
    starts = np.flatnonzero(is_full)
    times: Floats = np.full(offsets.shape[0], np.nan)
    known = run >= 0
    base = value[starts] - total[starts]
    times[known] = base[run[known]] + total[known]
    comp_times = times[~is_full]
    comp_offsets = offsets[~is_full]
    for chunk in chunks:
        where = np.searchsorted(comp_offsets, chunk.offsets)
        where = np.minimum(where, comp_offsets.shape[0] - 1)
        hit = comp_offsets[where] == chunk.offsets
        if hit.any():
            stamps = np.full(len(chunk), np.nan)
            stamps[hit] = comp_times[where[hit]]
            chunk.timestamps = stamps
    return int((~known & ~is_full).sum())
