"""lydiard: Lydiard-style training for endurance and ultra runners.

Plan periodised training toward a goal race, write sessions the way coaches write them,
log and analyse what was run, monitor the body, and adapt. See the README for a tour.
"""

from __future__ import annotations

from lydiard.errors import InputError, LydiardError
from lydiard.model import Activity, Lap, Samples, Session, Sport

__version__ = "0.1.0"

__all__ = [
    "Activity",
    "InputError",
    "Lap",
    "LydiardError",
    "Samples",
    "Session",
    "Sport",
    "__version__",
]
