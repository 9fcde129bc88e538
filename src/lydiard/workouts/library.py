"""A library of named sessions: Walmsley's key sessions from the seed, and classics.

Each entry is the session as a coach writes it; :func:`named` parses it. The seed's seven
key sessions are kept exactly as written there ("2 MInutes" included).
"""

from __future__ import annotations

from lydiard.errors import NotFoundError
from lydiard.workouts.ast import Workout
from lydiard.workouts.parser import parse

__all__ = ["LIBRARY", "SEED_SESSIONS", "named"]

#: The seven key sessions listed in the seed article, exactly as written there.
SEED_SESSIONS: dict[str, str] = {
    "walmsley-8x200": (
        "3 Mile Warm Up\n8 x 200 Meter Repeats\n400 Meter Jog Recovery\n2 Mile Cool Down"
    ),
    "walmsley-12x400-short-rest": (
        "3 Mile Warm Up\n12 x 400 Meter Repeats\n100 Meter Recovery\n2 Mile Cool Down"
    ),
    "walmsley-5x1600": (
        "4 Mile Warm Up\n5 x 1600 Meters Repeats\n2 Minutes Rest Between Each Round\n"
        "2 Mile Cool Down"
    ),
    "walmsley-12x400-long-rest": (
        "3 Mile Warm Up\n12 x 400 Meter Repeats\n600 Meter Recovery Jog\n2 Mile Cool Down"
    ),
    "walmsley-10x800": (
        "3 Mile Warm Up\n10 x 800 Meters Repeats\n260 Meter Recovery Jog Between Rounds\n"
        "1 Mile Cool Down"
    ),
    "walmsley-4x2mi": (
        "3 Mile Warm Up\n4 x 2 Mile Repeats\n2 Minutes Rest Between Each Round\n1 Mile Cool Down"
    ),
    "walmsley-10x1mi": (
        "3 Mile Warm Up\n10 x 1 Mile Repeats\n2 MInutes Rest Between Each Mile\n3 Mile Cool Down"
    ),
}

#: Named sessions: the seed's key sessions and the classic Lydiard/Walmsley sessions.
LIBRARY: dict[str, str] = {
    **SEED_SESSIONS,
    "20x1km": "3 km warm-up\n20 x 1 km, last 5 at T pace\n200 m jog between\n3 km cool-down",
    "8x200m": "3 km warm-up\n8 x 200m at R pace\n200 m jog between\n2 km cool-down",
    "fast-long-run": "50 km trail long run at 3:27/km",
    "progression-long-run": "22 mi long run, last 6 at marathon pace",
    "hill-repeats": (
        "3 km warm-up\n8 x 90 s uphill at 5K effort; jog down for recovery\n3 km cool-down"
    ),
    "strides": "8 km easy with 8 x 100 m strides at the end",
    "tempo-ride": "15 min easy ride\n60 min tempo ride\n15 min easy ride",
    "ski-erg-intervals": (
        "10 min easy ski erg\n6 x 4 min hard ski erg, 2 min easy between\n10 min easy ski erg"
    ),
    "hybrid-double": "AM: 22 km trail run; PM: 60 min tempo ride",
}


def named(name: str) -> Workout:
    """The library session ``name``, parsed.

    Raises:
        NotFoundError: for a name not in :data:`LIBRARY` (the message lists them).
    """
    try:
        text = LIBRARY[name]
    except KeyError:
        raise NotFoundError(
            f"no session named {name!r}; known: {', '.join(sorted(LIBRARY))}"
        ) from None
    return parse(text)
