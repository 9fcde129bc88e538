"""Session templates by phase, written in the workout language.

Key sessions come from the seed (Walmsley's: 8 x 200 m, 12 x 400 m, 5 x 1600 m, 10 x 800 m,
4 x 2 mile, 10 x 1 mile, 20 x 1 km) and from Lydiard (hill circuits, steady runs, long runs).
Each template knows its running distance from its own numbers; text is seed-style prose
("3 Mile Warm Up / 8 x 200 Meter Repeats at R pace / ...") with named paces, so the
athlete's paces resolve it at export time and a plan stays valid when fitness changes.

Quality volume is scaled to the week after Daniels (Daniels' Running Formula, 3rd ed.): work
at T pace at most 10 % of the week's running, at I pace 8 % (and 10 km), at R pace 5 %
(and 8 km), never below the template's least number of repetitions. Warm-up and cool-down
are the seed's at 130 km a week and more, shorter below.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import date

from lydiard.model.sport import Sport
from lydiard.planning.plan import PlannedSession, SessionKind, When
from lydiard.units import METRES_PER_KM, METRES_PER_MILE, DistanceUnit

__all__ = [
    "ANAEROBIC_SESSIONS",
    "SHARPENING_SESSIONS",
    "ULTRA_ANAEROBIC",
    "KeySession",
    "back_to_back",
    "cross_session",
    "easy_run",
    "fast_long_run",
    "fine_step",
    "hill_session",
    "key_session",
    "long_run",
    "race_day",
    "race_pace_run",
    "round_down",
    "steady_run",
    "write_distance",
]

_SEED_VOLUME_M = 130 * METRES_PER_KM
_UNIT_WORD = {DistanceUnit.KM: "km", DistanceUnit.MI: "Mile"}

# Daniels' caps per session: share of the week's running, and an absolute cap (metres).
_QUALITY_CAP = {"T": (0.10, math.inf), "I": (0.08, 10_000.0), "R": (0.05, 8_000.0)}


def _step(units: DistanceUnit) -> float:
    return METRES_PER_KM if units is DistanceUnit.KM else 0.5 * METRES_PER_MILE


def round_down(metres: float, units: DistanceUnit, *, step: float | None = None) -> float:
    """Round a distance down to whole km or half miles (never up: caps stay caps)."""
    size = step if step is not None else _step(units)
    return math.floor(metres / size + 1e-9) * size


def write_distance(metres: float, units: DistanceUnit) -> str:
    """A distance as the workout language reads it: "12 km", "7.5 Mile", "800 Meter"."""
    if units is DistanceUnit.MI:
        value = metres / METRES_PER_MILE
        return f"{_number(value)} Mile"
    return f"{_number(metres / METRES_PER_KM)} km"


def _number(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text or "0"


def fine_step(metres: float, units: DistanceUnit) -> float:
    """The rounding step for a run of about ``metres``.

    Whole km or half miles from 20 km, 0.5 km or a quarter mile from 10 km, a tenth below
    (so a 10 % rise of a short long run is not lost to rounding).
    """
    if metres >= 20 * METRES_PER_KM:
        return _step(units)
    if metres >= 10 * METRES_PER_KM:
        return 500.0 if units is DistanceUnit.KM else 0.25 * METRES_PER_MILE
    return 100.0 if units is DistanceUnit.KM else 0.1 * METRES_PER_MILE


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


def _half(units: DistanceUnit) -> float:
    return 0.5 * (METRES_PER_KM if units is DistanceUnit.KM else METRES_PER_MILE)


def _warm(miles: float, week_m: float, units: DistanceUnit) -> float:
    scale = min(1.0, week_m / _SEED_VOLUME_M)
    metres = max(1000.0, miles * METRES_PER_MILE * scale)
    return max(_half(units), round_down(metres, units, step=_half(units)))


def _fit(
    parts: list[float], limit_m: float, units: DistanceUnit, floors: list[float]
) -> list[float]:
    """Shorten parts (warm-up, cool-down) by half units, longest first, to fit a limit.

    No part goes below its floor; the result may still exceed ``limit_m``.
    """
    parts = list(parts)
    step = _half(units)
    while sum(parts) > limit_m + 1e-6:
        i = max(range(len(parts)), key=lambda k: parts[k] - floors[k])
        if parts[i] - step < floors[i] - 1e-6:
            break
        parts[i] -= step
    return parts


def scaled_reps(session: KeySession, week_m: float, *, fraction: float = 1.0) -> int:
    """Repetitions for a week of ``week_m`` metres: Daniels' cap, at least ``min_reps``.

    Args:
        session: the template.
        week_m: the week's running volume, metres.
        fraction: a further share (0.5 in the taper: fewer reps, same pace).
    """
    by_cap = int(_quality_cap(session.pace, week_m) // session.rep_m)
    return max(session.min_reps, min(session.reps, int(by_cap * fraction)))


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
    """
    reps = scaled_reps(session, week_m, fraction=fraction)

    def work(n: int) -> float:
        return n * session.rep_m + (n - 1) * session.recovery_m

    warm = _warm(session.warmup_mi, week_m, units)
    cool = _warm(session.cooldown_mi, week_m, units)
    while reps > session.min_reps and warm + cool + work(reps) > limit_m:
        reps -= 1
    half = _half(units)
    warm, cool = _fit([warm, cool], limit_m - work(reps), units, [half, half])
    distance = warm + work(reps) + cool
    text = "\n".join(
        (
            f"{write_distance(warm, units)} Warm Up",
            f"{reps} x {session.rep_text} Repeats at {_pace_words(session.pace)}",
            session.recovery_text,
            f"{write_distance(cool, units)} Cool Down",
        )
    )
    title = f"{reps} x {session.rep_text.lower().replace(' meter', ' m')} at {session.pace}"
    return PlannedSession(
        day, kind, sport, title, text, distance, hard=True, key=True, reason=session.name
    )


def _pace_words(pace: str) -> str:
    if pace in ("E", "M", "T", "I", "R"):
        return f"{pace} pace"
    if pace == "marathon":
        return "marathon pace"
    return f"{pace} race pace"


def easy_run(
    day: date,
    distance_m: float,
    units: DistanceUnit,
    *,
    sport: Sport = Sport.RUN,
    kind: SessionKind = SessionKind.EASY,
    strides: int = 0,
    when: When = When.ANY,
    climb_m: float = 0.0,
    reason: str = "",
) -> PlannedSession:
    """An easy (or recovery, medium-long, back-to-back) run at E pace, maybe with strides."""
    lines = [f"{write_distance(distance_m, units)} Easy at E pace"]
    if strides:
        lines.append(f"{strides} x 100 Meter Strides")
    where = "trail" if sport is Sport.TRAIL_RUN else ""
    title = " ".join(x for x in (kind.label, where and "(trail)") if x)
    return PlannedSession(
        day,
        kind,
        sport,
        title,
        "\n".join(lines),
        distance_m + strides * 100.0,
        climb_m=climb_m,
        when=when,
        reason=reason,
    )


def long_run(
    day: date, distance_m: float, units: DistanceUnit, *, sport: Sport, climb_m: float = 0.0
) -> PlannedSession:
    """The week's long run at E pace (Lydiard: "as long as possible" at an aerobic effort)."""
    where = " on trail" if sport is Sport.TRAIL_RUN else ""
    return PlannedSession(
        day,
        SessionKind.LONG,
        sport,
        f"Long run{where}",
        f"{write_distance(distance_m, units)} Long Run at E pace",
        distance_m,
        climb_m=climb_m,
        key=True,
    )


def back_to_back(
    day: date, distance_m: float, units: DistanceUnit, *, sport: Sport, climb_m: float = 0.0
) -> PlannedSession:
    """The second day of a back-to-back weekend: long and easy on tired legs."""
    return replace(
        easy_run(day, distance_m, units, sport=sport, kind=SessionKind.BACK_TO_BACK),
        text=f"{write_distance(distance_m, units)} Long Run at E pace",
        climb_m=climb_m,
        key=True,
    )


def fast_long_run(
    day: date,
    distance_m: float,
    units: DistanceUnit,
    *,
    sport: Sport,
    pace: str,
    climb_m: float = 0.0,
) -> PlannedSession:
    """A long run whose last third is at race pace (Walmsley's fast trail long runs)."""
    fast = round_down(distance_m / 3, units)
    easy = distance_m - fast
    text = (
        f"{write_distance(easy, units)} Easy at E pace\n"
        f"{write_distance(fast, units)} at {_pace_words(pace)}"
    )
    return PlannedSession(
        day,
        SessionKind.FAST_LONG,
        sport,
        f"Fast long run, last {write_distance(fast, units).lower()} at {pace}",
        text,
        distance_m,
        climb_m=climb_m,
        hard=True,
        key=True,
    )


def _block_session(
    day: date,
    units: DistanceUnit,
    week_m: float,
    block_m: float,
    limit_m: float,
    pace: str,
    kind: SessionKind,
    sport: Sport,
    title: str,
) -> PlannedSession:
    half = _half(units)
    edge = _warm(1.5, week_m, units)
    block = max(_step(units), round_down(block_m, units))
    while block > _step(units) and 2 * edge + block > limit_m:
        block -= _step(units)
    edge_a, edge_b = _fit([edge, edge], limit_m - block, units, [half, half])
    text = (
        f"{write_distance(edge_a, units)} Warm Up\n"
        f"{write_distance(block, units)} at {_pace_words(pace)}\n"
        f"{write_distance(edge_b, units)} Cool Down"
    )
    return PlannedSession(
        day,
        kind,
        sport,
        f"{title}, {write_distance(block, units).lower()} at {pace}",
        text,
        edge_a + block + edge_b,
        hard=True,
        key=True,
    )


def steady_run(
    day: date, week_m: float, units: DistanceUnit, *, sport: Sport, limit_m: float = math.inf
) -> PlannedSession:
    """Lydiard's steady ("three-quarter effort") aerobic run: a block at M pace.

    The M block is 10 % of the week (Daniels: M work up to 20 % of the week or 29 km),
    with a warm-up and cool-down either side; ``limit_m`` bounds the whole.
    """
    block = min(0.10 * week_m, 29_000.0)
    return _block_session(
        day, units, week_m, block, limit_m, "M", SessionKind.STEADY, sport, "Steady run"
    )


def race_pace_run(
    day: date,
    week_m: float,
    units: DistanceUnit,
    *,
    sport: Sport,
    pace: str,
    limit_m: float = math.inf,
) -> PlannedSession:
    """A block at goal race pace (co-ordination): 15 % of the week, up to 24 km."""
    block = min(0.15 * week_m, 24_000.0)
    return _block_session(
        day, units, week_m, block, limit_m, pace, SessionKind.RACE_PACE, sport, "Race-pace run"
    )


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
    warm = _warm(2.0, week_m, units)
    while reps > low and 2 * warm + (2 * reps - 1) * rep_m > limit_m:
        reps -= 1
    work = (2 * reps - 1) * rep_m
    half = _half(units)
    warm_a, warm_b = _fit([warm, warm], limit_m - work, units, [half, half])
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


def cross_session(
    day: date,
    sport: Sport,
    duration_s: float,
    *,
    tempo: bool = False,
    when: When = When.ANY,
    reason: str = "",
) -> PlannedSession:
    """Cross-training: an easy ride or ski on a recovery day, or a tempo piece (hybrid PM).

    Walmsley's recovery-day rides are 30-60 miles; a tempo ride or ski-erg session is the PM
    half of his hybrid doubles. Durations are whole minutes.
    """
    minutes = max(20, int(duration_s // 60))
    name = {Sport.BIKE: "Bike", Sport.NORDIC_SKI: "Nordic Ski", Sport.SKI_ERG: "Ski Erg"}.get(
        sport, sport.label
    )
    if tempo:
        warm = max(10, minutes // 4)
        block = minutes - 2 * warm
        text = (
            f"{warm} Minutes {name} Easy\n"
            f"{block} Minutes {name} at tempo effort\n"
            f"{warm} Minutes {name} Easy"
        )
        kind, title = SessionKind.CROSS_TEMPO, f"Tempo {name.lower()}, {block} min"
    else:
        text = f"{minutes} Minutes {name} Easy"
        kind, title = SessionKind.CROSS, f"Easy {name.lower()}, {_hours(minutes)}"
    return PlannedSession(
        day,
        kind,
        sport,
        title,
        text,
        math.nan,
        duration_s=minutes * 60.0,
        when=when,
        reason=reason,
    )


def _hours(minutes: int) -> str:
    h, m = divmod(minutes, 60)
    return f"{h} h {m:02d}" if h else f"{m} min"


def race_day(
    day: date, name: str, distance_m: float, climb_m: float, sport: Sport, units: DistanceUnit
) -> PlannedSession:
    """The race itself (its text names the race; its distance in the athlete's units)."""
    where = "trail run" if sport is Sport.TRAIL_RUN else "run"
    title = " ".join(name.replace('"', "").split())
    # The race's own distance to the metre (42.195 km), not rounded to a training step.
    value = distance_m / units.metres
    amount = f"{value:.6f}".rstrip("0").rstrip(".")
    text = f'# Race: {title}\n{amount} {_UNIT_WORD[units]} {where} "race"'
    return PlannedSession(
        day, SessionKind.RACE, sport, name, text, distance_m, climb_m=climb_m, hard=True, key=True
    )
