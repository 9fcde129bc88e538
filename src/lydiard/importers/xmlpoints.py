"""Per-point values from located tags: which point owns a tag, and bulk conversion.

Shared by the GPX and TCX readers. A point (``trkpt``, ``Trackpoint``) owns every wanted
tag between its start tag and the next boundary: the next point, or a container start or
end (segment, track, lap, activity). Both formats allow nothing else between two points,
so closing point tags need not be scanned.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable

import numpy as np
import numpy.typing as npt

from lydiard.errors import Issue
from lydiard.importers.xmltokens import Tags

__all__ = ["Locate", "Owners", "PointTimes"]

Locate = Callable[[int], str]
IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


class Owners:
    """Which point owns each tag, and how deep each tag sits in extension elements.

    Args:
        tags: the located tags.
        point: the code of the point tag whose values are wanted.
        opening: codes of all point-like tags (a wanted point, a waypoint...).
        walls: codes whose start or end tag ends the current point.
        closing: codes whose end tag ends the current point (route points, waypoints).
        extensions: the code of the extension container, if any.
    """

    def __init__(
        self,
        tags: Tags,
        point: int,
        *,
        opening: Iterable[int],
        walls: Iterable[int],
        closing: Iterable[int] = (),
        extensions: int | None = None,
    ) -> None:
        code = tags.code
        self.tags = tags
        self.point = point
        walls = list(walls)
        opens = np.isin(code, list(opening)) & ~tags.closed
        ends = np.isin(code, [*walls, *(-w for w in walls), *(-c for c in closing)]) | tags.closed
        index = np.arange(code.shape[0])
        last = np.maximum.accumulate(np.where(opens | ends, index, -1)) if index.size else index
        inside = last >= 0
        inside[inside] = opens[last[inside]]
        #: Index of the owning point tag per tag, -1 outside points.
        self.owner = np.where(inside, last, -1)
        self.owner_code = np.where(inside, code[np.maximum(last, 0)], 0)
        depth = tags.depth(extensions) if extensions is not None else np.zeros(len(code), np.int64)
        self.in_extensions = depth > 0
        #: Tag indices of the wanted points, in document order.
        self.starts = np.flatnonzero(code == point)
        self.number = np.cumsum(code == point) - 1

    def __len__(self) -> int:
        return int(self.starts.size)

    def children(
        self, codes: Iterable[int], *, extensions: bool | None, kind: int | None = None
    ) -> tuple[IntArray, IntArray]:
        """(tag indices, owning point numbers) of child tags with some codes."""
        kind = self.point if kind is None else kind
        index = self.tags.where(codes)
        keep = self.owner_code[index] == kind
        if extensions is not None:
            keep &= self.in_extensions[index] == extensions
        index = index[keep]
        number = self.number if kind == self.point else np.cumsum(self.tags.code == kind) - 1
        return index, number[self.owner[index]]

    def values(
        self,
        codes: Iterable[int],
        label: str,
        issues: list[Issue],
        locate: Locate,
        *,
        extensions: bool | None = None,
        index: IntArray | None = None,
        point: IntArray | None = None,
    ) -> FloatArray | None:
        """One number per point from child tags (NaN where absent), or None if none.

        Unreadable numbers are NaN and reported once with a count and the first line.
        """
        if index is None or point is None:
            index, point = self.children(codes, extensions=extensions)
        if index.size == 0:
            return None
        values, bad = self.tags.numbers(index)
        if bad.any():
            first = int(np.flatnonzero(bad)[0])
            issues.append(
                Issue(
                    f"{int(bad.sum())} unreadable {label} values set to missing",
                    locate(int(point[first])),
                )
            )
        out = np.full(len(self), math.nan)
        out[point] = values
        return out

    def times(self, code: int, issues: list[Issue], locate: Locate) -> PointTimes:
        """The time of each point from a child tag (``time``, ``Time``)."""
        epoch = np.full(len(self), math.nan)
        index, point = self.children([code], extensions=False)
        if index.size == 0:
            return PointTimes(epoch, 0, None)
        times = self.tags.times(index)
        epoch[point] = times.epoch_s
        if times.bad.any():
            first = int(np.flatnonzero(times.bad)[0])
            issues.append(
                Issue(f"{int(times.bad.sum())} unreadable times", locate(int(point[first])))
            )
        good = np.flatnonzero(~times.bad)
        offset = None
        if good.size and not times.naive[good[0]] and times.offset_s[good[0]] != 0:
            offset = float(times.offset_s[good[0]])
        return PointTimes(epoch, int(times.naive.sum()), offset)


class PointTimes:
    """Times of points: UTC epoch seconds (NaN where missing), naive count, first offset."""

    __slots__ = ("epoch_s", "naive", "utc_offset_s")

    def __init__(self, epoch_s: FloatArray, naive: int, utc_offset_s: float | None) -> None:
        self.epoch_s = epoch_s
        self.naive = naive
        self.utc_offset_s = utc_offset_s
