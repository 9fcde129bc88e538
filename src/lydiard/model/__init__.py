"""The data model: activities, samples, laps, sports."""

from lydiard.model.activity import Activity, Lap, Session
from lydiard.model.samples import CHANNELS, FloatArray, Samples
from lydiard.model.sport import Sport, main_sport, sport_from_text

__all__ = [
    "CHANNELS",
    "Activity",
    "FloatArray",
    "Lap",
    "Samples",
    "Session",
    "Sport",
    "main_sport",
    "sport_from_text",
]
