"""Compare athletes' speed profiles: VDOT-equivalent times and the gap in s/km.

The seed compares Walmsley's 1500 m (3:48) with Brett Robinson's (3:38) and Bekele's
(3:32). Carried to other distances with the VDOT model (Daniels & Gilbert 1979), each mark
gives an equivalent time; the gap between two athletes at a distance is the difference of
their paces in seconds per km. The equivalents assume each athlete's endurance matches
the model's average runner, which a Walmsley is precisely not: read them as "what this
speed is worth", not as predictions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from lydiard.physiology.races import (
    DEFAULT_RATIO_100K,
    STANDARD_DISTANCES_M,
    equivalent_time,
    vdot,
)

__all__ = ["AthleteMark", "ProfileRow", "SpeedProfile", "compare_speed_profiles"]


@dataclass(frozen=True, slots=True)
class AthleteMark:
    """One athlete's performance to compare.

    Attributes:
        name: label ("Walmsley").
        distance_m: metres.
        time_s: seconds.
    """

    name: str
    distance_m: float
    time_s: float


@dataclass(frozen=True, slots=True)
class ProfileRow:
    """Equivalent times at one distance for every athlete.

    Attributes:
        distance_name: "5K", "marathon"...
        distance_m: metres.
        times_s: one equivalent time per athlete, in the order given.
        gaps_s_per_km: pace difference from the first athlete, s/km (positive = slower
            than the first athlete; the first entry is 0).
    """

    distance_name: str
    distance_m: float
    times_s: tuple[float, ...]
    gaps_s_per_km: tuple[float, ...]


@dataclass(frozen=True, slots=True)
class SpeedProfile:
    """The comparison: each athlete's VDOT and a row per distance.

    Attributes:
        athletes: the marks compared, in order (the first is the reference).
        vdots: VDOT of each mark.
        rows: equivalents per distance.
    """

    athletes: tuple[AthleteMark, ...]
    vdots: tuple[float, ...]
    rows: tuple[ProfileRow, ...]


def compare_speed_profiles(
    marks: Sequence[AthleteMark],
    distances_m: dict[str, float] | None = None,
    *,
    ratio_100k: float = DEFAULT_RATIO_100K,
) -> SpeedProfile:
    """Compare athletes through their VDOT-equivalent times at standard distances.

    Args:
        marks: two or more performances; the first is the reference for the gaps.
        distances_m: name -> metres; :data:`~lydiard.physiology.races.STANDARD_DISTANCES_M`
            when None.
        ratio_100k: ultra ratio model parameter for distances beyond the marathon.

    Returns:
        The profile; for 1500 m in 3:48 vs 3:38 the second gap is -6.67 s/km at 1500 m.
    """
    table = STANDARD_DISTANCES_M if distances_m is None else distances_m
    values = tuple(vdot(m.distance_m, m.time_s, ratio_100k=ratio_100k) for m in marks)
    rows = []
    for name, d in table.items():
        times = tuple(equivalent_time(v, d, ratio_100k=ratio_100k) for v in values)
        ref = times[0] / (d / 1000.0)
        gaps = tuple(t / (d / 1000.0) - ref for t in times)
        rows.append(ProfileRow(name, d, times, gaps))
    return SpeedProfile(tuple(marks), values, tuple(rows))
