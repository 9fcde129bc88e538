"""Analysis of one activity: splits, reps, GAP, best efforts, climbing, zones and more.

Cleaning, splits, reps, grade-adjusted pace, best efforts, climbing, zones, decoupling,
pacing and sport summaries, as pure functions over an :class:`~lydiard.model.Activity`
(or its cleaned :class:`~lydiard.analysis.track.Track`, to share the cleaning between
several of them).
Inputs and outputs are SI; results are frozen dataclasses, and tables have
``to_pandas()``. Methods are described, with their sources, in docs/analysis.md.
"""

from lydiard.analysis.best_efforts import BestEffort, BestEffortTable, best_efforts
from lydiard.analysis.climbing import Climbing, climbing
from lydiard.analysis.decoupling import Decoupling, decoupling
from lydiard.analysis.grade import energy_cost, gap_factor, grade_adjusted_speed
from lydiard.analysis.laps import LapRow, LapTable, laps_table
from lydiard.analysis.legs import Leg, legs
from lydiard.analysis.pacing import Pacing, pacing
from lydiard.analysis.rep_detection import DetectionOptions
from lydiard.analysis.report import ActivityAnalysis, analyse
from lydiard.analysis.reps import PartKind, Reps, RepSource, SessionPart, reps
from lydiard.analysis.splits import Split, SplitTable, splits
from lydiard.analysis.summary import Metric, MetricKind, Summary, speed_kind, summary
from lydiard.analysis.track import CleaningOptions, DistanceSource, Track, prepare
from lydiard.analysis.zones import ZoneTimes, time_in_zones

__all__ = [
    "ActivityAnalysis",
    "BestEffort",
    "BestEffortTable",
    "CleaningOptions",
    "Climbing",
    "Decoupling",
    "DetectionOptions",
    "DistanceSource",
    "LapRow",
    "LapTable",
    "Leg",
    "Metric",
    "MetricKind",
    "Pacing",
    "PartKind",
    "RepSource",
    "Reps",
    "SessionPart",
    "Split",
    "SplitTable",
    "Summary",
    "Track",
    "ZoneTimes",
    "analyse",
    "best_efforts",
    "climbing",
    "decoupling",
    "energy_cost",
    "gap_factor",
    "grade_adjusted_speed",
    "laps_table",
    "legs",
    "pacing",
    "prepare",
    "reps",
    "speed_kind",
    "splits",
    "summary",
    "time_in_zones",
]
