"""Key sessions: the seed's repetition sessions and Lydiard's hills, scaled to the week.

Key sessions come from the seed (Walmsley's: 8 x 200 m, 12 x 400 m, 5 x 1600 m, 10 x 800 m,
4 x 2 mile, 10 x 1 mile, 20 x 1 km) and from Lydiard (hill circuits; long hills for ultras).
Quality volume is scaled to the week after Daniels (Daniels' Running Formula, 3rd ed.): work
at T pace at most 10 % of the week's running, at I pace 8 % (and 10 km), at R pace 5 %
(and 8 km), never below the template's least number of repetitions. Warm-up and cool-down
are the seed's at 130 km a week and more, shorter below.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from lydiard.model.sport import Sport
from lydiard.planning.amounts import (
    fine_step,
    fit_parts,
    half_unit,
    pace_words,
    round_down,
    warm_up_length,
    write_distance,
)
from lydiard.planning.plan import PlannedSession, SessionKind
from lydiard.units import METRES_PER_MILE, DistanceUnit

__all__ = [
    "ANAEROBIC_SESSIONS",
    "SHARPENING_SESSIONS",
    "ULTRA_ANAEROBIC",
    "KeySession",
    "hill_session",
    "key_session",
    "scaled_reps",
    "smallest_taper_key_m",
]

# Daniels' caps per session: share of the week's running, and an absolute cap (metres).
_QUALITY_CAP = {"T": (0.10, math.inf), "I": (0.08, 10_000.0), "R": (0.05, 8_000.0)}


@dataclass(frozen=True, slots=True)
class KeySession:
    """A repetition session: warm-up, reps with recoveries, cool-down.

    Attributes:
        name: how coaches name it ("10 x 1 mile").
        reps: repetitions as written in the seed.
        rep_m: one repetition, metres.
        rep_text: one repetition as written ("1 Mile", "200 Meter").
        pace: the named pace of the reps (Daniels T/I/R or a race pace).
        recovery_text: the recovery line ("2 Minutes Rest", "400 Meter Recovery Jog").
        recovery_m: running distance of one recovery (0 for a standing rest).
        warmup_mi: the seed's warm-up, miles.
        cooldown_mi: the seed's cool-down, miles.
        min_reps: the fewest repetitions worth doing.
    """

    name: str
    reps: int
    rep_m: float
    rep_text: str
    pace: str
    recovery_text: str
    recovery_m: float
    warmup_mi: float
    cooldown_mi: float
    min_reps: int

    @property
    def work_m(self) -> float:
        """Distance of the repetitions alone, metres."""
        return self.reps * self.rep_m


_MI = METRES_PER_MILE

#: Lydiard's anaerobic phase with the seed's sessions. Paces: T for the long reps Walmsley
#: runs with short rests (miles, 2 miles, 20 x 1 km), I for 1600 m and 800 m.
ANAEROBIC_SESSIONS: tuple[KeySession, ...] = (
    KeySession("10 x 1 mile", 10, _MI, "1 Mile", "T", "2 Minutes Rest", 0.0, 3, 3, 3),
    KeySession("5 x 1600 m", 5, 1600.0, "1600 Meter", "I", "2 Minutes Rest", 0.0, 4, 2, 3),
    KeySession("4 x 2 mile", 4, 2 * _MI, "2 Mile", "T", "2 Minutes Rest", 0.0, 3, 1, 2),
    KeySession("20 x 1 km", 20, 1000.0, "1 km", "T", "200 Meter Recovery Jog", 200.0, 3, 2, 5),
    KeySession("10 x 800 m", 10, 800.0, "800 Meter", "I", "260 Meter Recovery Jog", 260.0, 3, 1, 4),
)

#: The ultra rotation: Walmsley's long repetitions at T first, no 800s.
ULTRA_ANAEROBIC: tuple[KeySession, ...] = (
    ANAEROBIC_SESSIONS[3],
    ANAEROBIC_SESSIONS[0],
    ANAEROBIC_SESSIONS[2],
    ANAEROBIC_SESSIONS[1],
)

#: Co-ordination (sharpening): the seed's 200 m and 400 m sessions.
SHARPENING_SESSIONS: tuple[KeySession, ...] = (
    KeySession("8 x 200 m", 8, 200.0, "200 Meter", "R", "400 Meter Recovery Jog", 400.0, 3, 2, 6),
    KeySession("12 x 400 m", 12, 400.0, "400 Meter", "R", "600 Meter Recovery Jog", 600.0, 3, 2, 6),
    KeySession(
        "12 x 400 m (short rest)",
        12,
        400.0,
        "400 Meter",
        "5K",
        "100 Meter Recovery Jog",
        100.0,
        3,
        2,
        6,
    ),
)


def _quality_cap(pace: str, week_m: float) -> float:
    share, absolute = _QUALITY_CAP.get(pace, _QUALITY_CAP["I"])
    return min(share * week_m, absolute)


def scaled_reps(session: KeySession, week_m: float, *, fraction: float = 1.0) -> int:
    """Repetitions for a week of ``week_m`` metres: Daniels' cap, at least ``min_reps``.

    Args:
        session: the template.
        week_m: the week's running volume, metres.
        fraction: a further share (0.5 in the taper: fewer reps, same pace).
    """
    by_cap = int(_quality_cap(session.pace, week_m) // session.rep_m)
    return max(session.min_reps, min(session.reps, int(by_cap * fraction)))


_CAP_WORDS = {"T": "T work at most 10 %", "I": "I work at most 8 %", "R": "R work at most 5 %"}


def _why(session: KeySession, reps: int) -> str:
    if reps == session.reps:
        return f"the seed's {session.name}"
    cap = _CAP_WORDS.get(session.pace, "quality at most 8 %")
    return f"the seed's {session.name}, {reps} reps for this week ({cap} of it, Daniels)"


def key_session(
    session: KeySession,
    day: date,
    week_m: float,
    units: DistanceUnit,
    *,
    kind: SessionKind,
    fraction: float = 1.0,
    sport: Sport = Sport.RUN,
    limit_m: float = math.inf,
    extra_m: float = 0.0,
) -> PlannedSession:
    """A repetition session scaled to the week.

    Args:
        session: the template.
        day: its date.
        week_m: the week's running volume, metres.
        units: how warm-up and cool-down are written.
        kind: anaerobic or sharpening.
        fraction: share of the reps to keep (taper).
        sport: where it is run.
        limit_m: the longest the session may be: reps drop to ``min_reps``, then warm-up
            and cool-down shorten to half a unit (it may still exceed; the caller checks).
        extra_m: easy running added to the warm-up and cool-down, metres (rounded down to
            a fine step; the reps stay as ``limit_m`` sets them): the taper's volume that
            the week's free days cannot hold. The caller keeps the total within its caps.
    """
    reps = scaled_reps(session, week_m, fraction=fraction)

    def work(n: int) -> float:
        return n * session.rep_m + (n - 1) * session.recovery_m

    warm = warm_up_length(session.warmup_mi, week_m, units)
    cool = warm_up_length(session.cooldown_mi, week_m, units)
    while reps > session.min_reps and warm + cool + work(reps) > limit_m:
        reps -= 1
    half = half_unit(units)
    warm, cool = fit_parts([warm, cool], limit_m - work(reps), units, [half, half])
    why = _why(session, reps)
    if extra_m > 0:
        step = fine_step(extra_m, units)
        more_warm = round_down(extra_m / 2, units, step=step)
        more_cool = round_down(extra_m - more_warm, units, step=step)
        warm, cool = warm + more_warm, cool + more_cool
        if more_warm + more_cool > 0:
            why += "; a longer warm-up and cool-down keep the taper's volume"
    distance = warm + work(reps) + cool
    text = "\n".join(
        (
            f"{write_distance(warm, units)} Warm Up",
            f"{reps} x {session.rep_text} Repeats at {pace_words(session.pace)}",
            session.recovery_text,
            f"{write_distance(cool, units)} Cool Down",
        )
    )
    title = f"{reps} x {session.rep_text.lower().replace(' meter', ' m')} at {session.pace}"
    return PlannedSession(day, kind, sport, title, text, distance, hard=True, key=True, reason=why)


def smallest_taper_key_m(units: DistanceUnit) -> float:
    """The lightest taper key session, metres (4.2 km; 4.8 km in miles).

    The seed's 200s at their fewest reps (6 x 200 m, 400 m jogs) with half a unit of
    warm-up and of cool-down: what the taper keeps when nothing else fits.
    """
    short = SHARPENING_SESSIONS[0]
    work = short.min_reps * short.rep_m + (short.min_reps - 1) * short.recovery_m
    return work + 2 * half_unit(units)


def hill_session(
    day: date,
    week_m: float,
    units: DistanceUnit,
    *,
    long_hills: bool,
    fraction: float = 1.0,
    sport: Sport = Sport.RUN,
    limit_m: float = math.inf,
) -> PlannedSession:
    """Hill resistance: Lydiard's hill circuit (short, springing) or long hills for ultras.

    Short hills: 300 m uphill hard, jog down (6 % of the week in reps, 6-12 reps).
    Long hills: 800 m climbs at tempo effort, jog down (8 % of the week, 4-8 reps). Climb
    is counted at an 8 % grade.
    """
    rep_m, low, high, share = (800.0, 4, 8, 0.08) if long_hills else (300.0, 6, 12, 0.06)
    reps = max(low, min(high, int(share * week_m * fraction // rep_m)))
    warm = warm_up_length(2.0, week_m, units)
    while reps > low and 2 * warm + (2 * reps - 1) * rep_m > limit_m:
        reps -= 1
    work = (2 * reps - 1) * rep_m
    half = half_unit(units)
    warm_a, warm_b = fit_parts([warm, warm], limit_m - work, units, [half, half])
    effort = "tempo effort" if long_hills else "hard effort"
    text = "\n".join(
        (
            f"{write_distance(warm_a, units)} Warm Up",
            f"{reps} x {int(rep_m)} Meter Hill Repeats at {effort}",
            f"{int(rep_m)} Meter Recovery Jog",
            f"{write_distance(warm_b, units)} Cool Down",
        )
    )
    name = "Long hills" if long_hills else "Hill circuit"
    return PlannedSession(
        day,
        SessionKind.HILLS,
        sport,
        f"{name}: {reps} x {int(rep_m)} m uphill",
        text,
        warm_a + work + warm_b,
        climb_m=round(reps * rep_m * 0.08),
        hard=True,
        key=True,
    )
