"""The data model: activities, samples, laps, sports."""

from lydiard.model.activity import Activity, Lap, Session
from lydiard.model.samples import CHANNELS, FloatArray, Samples
from lydiard.model.sport import Sport, sport_from_text

__all__ = [
    "CHANNELS",
    "Activity",
    "FloatArray",
    "Lap",
    "Samples",
    "Session",
    "Sport",
    "sport_from_text",
]
