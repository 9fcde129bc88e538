"""The words of workout prose: roles, sports, named paces, effort words and connectives.

Phrases are matched longest first on lower-cased words, so "trail run" beats "run" and
"marathon pace" beats "marathon". Spellings found in real plans ("Wam Up", "recov-ery",
"Recovey", "seadily") are accepted where they cannot mean anything else.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from lydiard.model.sport import Sport
from lydiard.units import RACE_PACE_DISTANCES_M
from lydiard.workouts.ast import EffortWord, Role

__all__ = [
    "FLAGS",
    "NOTE_STARTERS",
    "PACE_WORDS",
    "RACE_PACE_NAMES",
    "Flag",
    "Meaning",
    "lookup",
]


class Flag(StrEnum):
    """Connective words that change structure rather than describe a step."""

    BETWEEN = "between"
    SETS = "sets"
    ALL = "all"
    LAST = "last"
    FIRST = "first"
    MIDDLE_PART = "middle part"
    AFTER = "after"
    ALTERNATE = "alternate"
    MIDDLE = "middle"
    THEN = "then"
    WITH = "with"
    INCLUDE = "include"
    OR = "or"
    REPEAT = "repeat"
    TIMES = "times"
    SETS_OF = "sets of"
    FILLER = "filler"
    IN = "in"
    AT = "at"
    TO = "to"
    AND = "and"
    PACE = "pace"
    LAP = "lap button"
    UNTIL = "until"
    HR = "hr"
    RPE = "rpe"
    ZONE = "zone"
    OF = "of"
    END = "end"
    START = "start"
    DURING = "during"


@dataclass(frozen=True, slots=True)
class Meaning:
    """What a phrase means: any of a role, a sport, a pace name, an effort, a flag."""

    role: Role | None = None
    weak_role: Role | None = None
    sport: Sport | None = None
    pace: str | None = None
    effort: EffortWord | None = None
    flag: Flag | None = None
    note: str = ""


def _m(**kwargs: object) -> Meaning:
    return Meaning(**kwargs)  # type: ignore[arg-type]


_R = Role
_S = Sport
_E = EffortWord

_PHRASES: dict[str, Meaning] = {
    # roles
    "warm up": _m(role=_R.WARMUP),
    "warmup": _m(role=_R.WARMUP),
    "warm-up": _m(role=_R.WARMUP),
    "wam up": _m(role=_R.WARMUP),
    "wu": _m(role=_R.WARMUP),
    "full warm up": _m(role=_R.WARMUP),
    "quick warm up": _m(role=_R.WARMUP),
    "cool down": _m(role=_R.COOLDOWN),
    "cooldown": _m(role=_R.COOLDOWN),
    "cool-down": _m(role=_R.COOLDOWN),
    "warm down": _m(role=_R.COOLDOWN),
    "warm-down": _m(role=_R.COOLDOWN),
    "cd": _m(role=_R.COOLDOWN),
    "recovery": _m(role=_R.RECOVERY),
    "recover": _m(role=_R.RECOVERY),
    "recov-ery": _m(role=_R.RECOVERY),
    "recovey": _m(role=_R.RECOVERY),
    "jog": _m(role=_R.RECOVERY, sport=_S.RUN),
    "jogging": _m(role=_R.RECOVERY, sport=_S.RUN),
    "walk/jog": _m(weak_role=_R.RECOVERY, note="walk/jog"),
    "jog/walk": _m(weak_role=_R.RECOVERY, note="jog/walk"),
    "float": _m(role=_R.RECOVERY),
    "rest": _m(role=_R.REST),
    "standing rest": _m(role=_R.REST),
    "rest day": _m(role=_R.REST, note="rest day"),
    "day off": _m(role=_R.REST, note="day off"),
    "off day": _m(role=_R.REST, note="day off"),
    "easy": _m(role=_R.EASY),
    "very easy": _m(role=_R.EASY),
    "shakeout": _m(role=_R.EASY),
    "general aerobic": _m(role=_R.EASY),
    "gen-aerobic": _m(role=_R.EASY),
    "base": _m(role=_R.EASY),
    "steady": _m(role=_R.STEADY),
    "long": _m(role=_R.LONG),
    "long run": _m(role=_R.LONG, sport=_S.RUN),
    "medium-long": _m(role=_R.LONG),
    "medium-long run": _m(role=_R.LONG, sport=_S.RUN),
    "tempo": _m(role=_R.TEMPO),
    "tempo run": _m(role=_R.TEMPO, sport=_S.RUN),
    "strides": _m(role=_R.STRIDES),
    "stride": _m(role=_R.STRIDES),
    "hill": _m(role=_R.HILL),
    "hills": _m(role=_R.HILL),
    "uphill": _m(role=_R.HILL),
    "hill sprints": _m(role=_R.HILL),
    "hill repeats": _m(role=_R.HILL),
    "rep": _m(role=_R.WORK),
    "reps": _m(role=_R.WORK),
    "repeats": _m(role=_R.WORK),
    "interval": _m(role=_R.WORK),
    "intervals": _m(role=_R.WORK),
    "work": _m(role=_R.WORK),
    "fartlek": _m(role=_R.WORK, note="fartlek"),
    "sprint": _m(role=_R.WORK, effort=_E.MAX),
    "sprints": _m(role=_R.WORK, effort=_E.MAX),
    "pick ups": _m(role=_R.WORK),
    "pickups": _m(role=_R.WORK),
    "downhill": _m(note="downhill"),
    # sports
    "run": _m(sport=_S.RUN),
    "runs": _m(sport=_S.RUN),
    "running": _m(sport=_S.RUN),
    "run/walk": _m(sport=_S.RUN, note="run/walk"),
    "trail": _m(sport=_S.TRAIL_RUN),
    "trail run": _m(sport=_S.TRAIL_RUN),
    "trail running": _m(sport=_S.TRAIL_RUN),
    "treadmill": _m(sport=_S.TREADMILL),
    "bike": _m(sport=_S.BIKE),
    "bike ride": _m(sport=_S.BIKE),
    "ride": _m(sport=_S.BIKE),
    "riding": _m(sport=_S.BIKE),
    "cycling": _m(sport=_S.BIKE),
    "biking": _m(sport=_S.BIKE),
    "nordic ski": _m(sport=_S.NORDIC_SKI),
    "nordic skiing": _m(sport=_S.NORDIC_SKI),
    "cross country ski": _m(sport=_S.NORDIC_SKI),
    "cross country skiing": _m(sport=_S.NORDIC_SKI),
    "cross-country ski": _m(sport=_S.NORDIC_SKI),
    "xc ski": _m(sport=_S.NORDIC_SKI),
    "ski": _m(sport=_S.NORDIC_SKI),
    "ski erg": _m(sport=_S.SKI_ERG),
    "skierg": _m(sport=_S.SKI_ERG),
    "swim": _m(sport=_S.SWIM),
    "swimming": _m(sport=_S.SWIM),
    "strength": _m(sport=_S.STRENGTH),
    "strength training": _m(sport=_S.STRENGTH),
    "row": _m(sport=_S.ROW),
    "rowing": _m(sport=_S.ROW),
    "walk": _m(sport=_S.WALK, weak_role=_R.RECOVERY),
    "walking": _m(sport=_S.WALK, weak_role=_R.RECOVERY),
    "brisk walk": _m(sport=_S.WALK, weak_role=_R.RECOVERY),
    "hike": _m(sport=_S.HIKE),
    "cross-training": _m(sport=_S.OTHER),
    "cross training": _m(sport=_S.OTHER),
    "cross train": _m(sport=_S.OTHER),
    "cross-train": _m(sport=_S.OTHER),
    "cross": _m(sport=_S.OTHER),
    "transition": _m(sport=_S.TRANSITION),
    # named paces (Daniels and race paces)
    "e pace": _m(pace="E"),
    "m pace": _m(pace="M"),
    "t pace": _m(pace="T"),
    "i pace": _m(pace="I"),
    "r pace": _m(pace="R"),
    "lt": _m(pace="T"),
    "lt pace": _m(pace="T"),
    "threshold": _m(pace="T"),
    "threshold pace": _m(pace="T"),
    "lactate threshold": _m(pace="T"),
    "lacate threshold": _m(pace="T"),
    "tempo pace": _m(pace="T"),
    "mp": _m(pace="marathon"),
    "tmp": _m(pace="marathon"),
    "goal mp": _m(pace="marathon"),
    "marathon pace": _m(pace="marathon"),
    "marathon race pace": _m(pace="marathon"),
    "goal marathon pace": _m(pace="marathon"),
    "steady marathon pace": _m(pace="marathon"),
    "hmp": _m(pace="HM"),
    "hm": _m(pace="HM"),
    "half marathon pace": _m(pace="HM"),
    "half-marathon pace": _m(pace="HM"),
    "half marathon race pace": _m(pace="HM"),
    "half marathon": _m(pace="HM"),
    "half-marathon": _m(pace="HM"),
    "mile pace": _m(pace="mile"),
    "mile race pace": _m(pace="mile"),
    "mile effort": _m(pace="mile"),
    "marathon": _m(pace="marathon"),
    # effort words
    "easy pace": _m(effort=_E.EASY),
    "easy effort": _m(effort=_E.EASY),
    "recovery pace": _m(effort=_E.EASY),
    "recovery run pace": _m(effort=_E.EASY),
    "conversational": _m(effort=_E.EASY),
    "relaxed": _m(effort=_E.EASY),
    "moderate": _m(effort=_E.MODERATE),
    "moderate effort": _m(effort=_E.MODERATE),
    "steady pace": _m(effort=_E.STEADY),
    "steady effort": _m(effort=_E.STEADY),
    "stead": _m(effort=_E.STEADY),
    "hard": _m(effort=_E.HARD),
    "fast": _m(effort=_E.HARD),
    "moderate to hard": _m(effort=_E.HARD),
    "moderate to hard pace": _m(effort=_E.HARD),
    "very hard": _m(effort=_E.VERY_HARD),
    "max": _m(effort=_E.MAX),
    "max effort": _m(effort=_E.MAX),
    "all-out": _m(effort=_E.MAX),
    "all-out sprint": _m(effort=_E.MAX, role=_R.WORK),
    "best pace": _m(effort=_E.MAX),
    "best effort": _m(effort=_E.MAX),
    # connectives
    "between": _m(flag=Flag.BETWEEN),
    "all": _m(flag=Flag.ALL),
    "last": _m(flag=Flag.LAST),
    "first": _m(flag=Flag.FIRST),
    "middle": _m(flag=Flag.MIDDLE_PART),
    "in the middle": _m(flag=Flag.MIDDLE),
    "at the end": _m(flag=Flag.END),
    "at end": _m(flag=Flag.END),
    "at the start": _m(flag=Flag.START),
    "then": _m(flag=Flag.THEN),
    "followed by": _m(flag=Flag.THEN),
    "with": _m(flag=Flag.WITH),
    "include": _m(flag=Flag.INCLUDE),
    "including": _m(flag=Flag.INCLUDE),
    "includes": _m(flag=Flag.INCLUDE),
    "or": _m(flag=Flag.OR),
    "after": _m(flag=Flag.AFTER),
    "alternate": _m(flag=Flag.ALTERNATE),
    "alternate between": _m(flag=Flag.ALTERNATE),
    "repeat": _m(flag=Flag.REPEAT),
    "repeat series": _m(flag=Flag.REPEAT),
    "repeat entire series": _m(flag=Flag.REPEAT),
    "times": _m(flag=Flag.TIMES),
    "x's": _m(flag=Flag.TIMES),
    "sets of": _m(flag=Flag.SETS_OF),
    "set of": _m(flag=Flag.SETS_OF),
    "at": _m(flag=Flag.AT),
    "in": _m(flag=Flag.IN),
    "to": _m(flag=Flag.TO),
    "and": _m(flag=Flag.AND),
    "pace": _m(flag=Flag.PACE),
    "effort": _m(flag=Flag.PACE),
    "race pace": _m(flag=Flag.PACE),
    "race effort": _m(flag=Flag.PACE),
    "race": _m(flag=Flag.PACE),
    "lap button": _m(flag=Flag.LAP),
    "lap-button": _m(flag=Flag.LAP),
    "until": _m(flag=Flag.UNTIL),
    "hr": _m(flag=Flag.HR),
    "heart rate": _m(flag=Flag.HR),
    "rpe": _m(flag=Flag.RPE),
    "zone": _m(flag=Flag.ZONE),
    "high zone": _m(flag=Flag.ZONE, note="high zone"),
    "in zone": _m(flag=Flag.ZONE),
    "of": _m(flag=Flag.OF),
    "during the run": _m(flag=Flag.DURING),
    "during": _m(flag=Flag.DURING),
}

# Words that describe without changing anything a watch or a total needs.
_FILLERS = [
    "a",
    "an",
    "the",
    "each",
    "every",
    "round",
    "rounds",
    "consisting",
    "for",
    "on",
    "mins",
    "meters",
    "repeats",
    "sets",
    "set",
    "of",
    "continuous",
    "total",
    "run's",
    "at",
    "intervals",
    "all",
    "interval",
    "time",
    "goal",
    "is",
]

#: A sentence that starts with one of these words (or pairs of words) is advice for the
#: athlete, kept as a note.
NOTE_STARTERS = frozenset(
    [
        "if",
        "this",
        "these",
        "make",
        "keep",
        "aim",
        "use",
        "practice",
        "don't",
        "dont",
        "do",
        "note",
        "try",
        "focus",
        "duration",
        "the",
        "can",
        "optional",
        "straight",
        "stay",
        "look",
        "see",
        "head",
        "when",
        "remember",
        "except",
        "each",
        "choose",
        "stretch",
        "otherwise",
    ]
) | frozenset(
    (
        "goal is",
        "off bike",
        "work on",
        "take the",
        "ride on",
        "one eye",
        "it is",
    )
)

#: Race names for "<distance> pace": metres rounded to an int, to a pace name.
RACE_PACE_NAMES: dict[int, str] = {round(m): name for name, m in RACE_PACE_DISTANCES_M.items()}

#: Words after a distance that make it a race pace ("5K pace", "3K-5K race effort").
PACE_WORDS = frozenset(("pace", "effort", "race", "races"))

FLAGS = {phrase: m.flag for phrase, m in _PHRASES.items() if m.flag is not None}
_MAX_WORDS = max(len(p.split()) for p in _PHRASES)


def lookup(words: list[str]) -> tuple[int, Meaning] | None:
    """Match the longest phrase at the start of ``words`` (lower-case).

    Returns:
        (number of words matched, meaning), or None when the first word means nothing.
    """
    for n in range(min(_MAX_WORDS, len(words)), 0, -1):
        phrase = " ".join(words[:n])
        meaning = _PHRASES.get(phrase)
        if meaning is not None:
            return n, meaning
    if words and words[0] in _FILLERS:
        return 1, Meaning(flag=Flag.FILLER)
    return None
