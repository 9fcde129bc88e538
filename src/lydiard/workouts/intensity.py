"""How hard a target is, and the role a step gets when the text names none.

Intensity follows Daniels' bands. Named paces map directly (E easy, M steady, T threshold,
I interval, R repetition); race paces by distance (800, 1500 and mile R; 3K, 2 mile, 5K
and 8K I; 10K to HM T; 25K to 50K M; 50 mile and longer E, as ultra race paces fall in
Daniels' E range); zones Z1-Z2 easy, Z3 steady, Z4 threshold, Z5+
interval (R0-R3: easy, steady, threshold, interval); RPE 1-4 easy, 5-6 steady, 7
threshold, 8-9 interval, 10 repetition; effort words as in :class:`EffortWord`.
An explicit pace, heart rate or power has no intensity without an athlete's paces and
zones, so the step's role decides.
"""

from __future__ import annotations

from lydiard.workouts.ast import (
    Effort,
    EffortWord,
    Intensity,
    NamedPace,
    Pace,
    Role,
    Rpe,
    Target,
    Zone,
)

__all__ = [
    "PACE_INTENSITY",
    "ROLE_INTENSITY",
    "ROLE_PACE",
    "default_role",
    "step_intensity",
    "target_intensity",
]

_I = Intensity

#: Intensity of each pace name.
PACE_INTENSITY: dict[str, Intensity] = {
    "E": _I.EASY,
    "M": _I.STEADY,
    "T": _I.THRESHOLD,
    "I": _I.INTERVAL,
    "R": _I.REPETITION,
    "800": _I.REPETITION,
    "1500": _I.REPETITION,
    "mile": _I.REPETITION,
    "3K": _I.INTERVAL,
    "2 mile": _I.INTERVAL,
    "5K": _I.INTERVAL,
    "8K": _I.INTERVAL,
    "10K": _I.THRESHOLD,
    "12K": _I.THRESHOLD,
    "15K": _I.THRESHOLD,
    "10 mile": _I.THRESHOLD,
    "HM": _I.THRESHOLD,
    "25K": _I.STEADY,
    "30K": _I.STEADY,
    "marathon": _I.STEADY,
    "50K": _I.STEADY,
    "50 mile": _I.EASY,
    "100K": _I.EASY,
    "100 mile": _I.EASY,
}

#: Intensity of a step by role when its target gives none.
ROLE_INTENSITY: dict[Role, Intensity] = {
    Role.WARMUP: _I.EASY,
    Role.WORK: _I.INTERVAL,
    Role.RECOVERY: _I.EASY,
    Role.REST: _I.REST,
    Role.COOLDOWN: _I.EASY,
    Role.EASY: _I.EASY,
    Role.STEADY: _I.STEADY,
    Role.LONG: _I.EASY,
    Role.TEMPO: _I.THRESHOLD,
    Role.STRIDES: _I.REPETITION,
    Role.HILL: _I.INTERVAL,
}

#: The Daniels pace used to estimate time for a step by role, when its target gives none.
ROLE_PACE: dict[Role, str | None] = {
    Role.WARMUP: "E",
    Role.WORK: "I",
    Role.RECOVERY: "E",
    Role.REST: None,
    Role.COOLDOWN: "E",
    Role.EASY: "E",
    Role.STEADY: "M",
    Role.LONG: "E",
    Role.TEMPO: "T",
    Role.STRIDES: "R",
    Role.HILL: "I",
}

_EFFORT_INTENSITY = {
    EffortWord.EASY: _I.EASY,
    EffortWord.MODERATE: _I.STEADY,
    EffortWord.STEADY: _I.STEADY,
    EffortWord.TEMPO: _I.THRESHOLD,
    EffortWord.HARD: _I.INTERVAL,
    EffortWord.VERY_HARD: _I.REPETITION,
    EffortWord.MAX: _I.REPETITION,
}
_ZONE_INTENSITY = {
    "Z": [
        _I.EASY,
        _I.EASY,
        _I.EASY,
        _I.STEADY,
        _I.THRESHOLD,
        _I.INTERVAL,
        _I.INTERVAL,
        _I.REPETITION,
    ],
    "R": [
        _I.EASY,
        _I.STEADY,
        _I.THRESHOLD,
        _I.INTERVAL,
        _I.REPETITION,
        _I.REPETITION,
        _I.REPETITION,
        _I.REPETITION,
    ],
}


def target_intensity(target: Target | None) -> Intensity | None:
    """The intensity a target names, or None when it needs an athlete to say."""
    if isinstance(target, NamedPace):
        return PACE_INTENSITY[target.name]
    if isinstance(target, Effort):
        return _EFFORT_INTENSITY[target.word]
    if isinstance(target, Zone):
        return _ZONE_INTENSITY[target.scale][target.number]
    if isinstance(target, Rpe):
        value = target.value
        if value <= 4:
            return _I.EASY
        if value <= 6:
            return _I.STEADY
        if value <= 7:
            return _I.THRESHOLD
        return _I.INTERVAL if value < 10 else _I.REPETITION
    return None


def step_intensity(role: Role, target: Target | None) -> Intensity:
    """A step's intensity: its target's, else its role's."""
    if role is Role.REST:
        return _I.REST
    return target_intensity(target) or ROLE_INTENSITY[role]


def default_role(target: Target | None, *, in_repeat: bool = False, between: bool = False) -> Role:
    """The role of a step whose text names none.

    Between reps it is a recovery; inside a repeat, work; elsewhere work when the target is
    harder than easy (or an explicit pace), else easy.
    """
    if between:
        return Role.RECOVERY
    if in_repeat:
        return Role.WORK
    if isinstance(target, Pace):
        return Role.WORK
    level = target_intensity(target)
    if level is not None and level not in (_I.EASY, _I.REST):
        return Role.WORK
    return Role.EASY
