"""The full analysis of one activity in one call: what ``lydiard show`` prints.

The track is cleaned once and every analysis reads it, so the whole report of a 100-mile
trail run at 1 Hz takes tens of milliseconds (see docs/benchmarks.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from lydiard.analysis.best_efforts import BestEffortTable, best_efforts
from lydiard.analysis.decoupling import Decoupling, decoupling
from lydiard.analysis.laps import LapTable, laps_table
from lydiard.analysis.legs import Leg, legs
from lydiard.analysis.pacing import Pacing, pacing
from lydiard.analysis.reps import Reps, reps
from lydiard.analysis.splits import SplitTable, splits
from lydiard.analysis.summary import Summary, summary
from lydiard.analysis.track import CleaningOptions, Track, prepare
from lydiard.analysis.zones import ZoneTimes, time_in_zones
from lydiard.errors import NotEnoughDataError
from lydiard.model import Activity, Sport
from lydiard.units import DistanceUnit

__all__ = ["ActivityAnalysis", "analyse"]


@dataclass(frozen=True, slots=True)
class ActivityAnalysis:
    """Everything lydiard says about one activity.

    Attributes:
        summary: totals and averages, with the sport's metrics.
        splits_km, splits_mi: splits per kilometre and per mile.
        last_splits: splits of the final stretch asked for (``last=``), else None.
        laps: the laps table (empty without laps).
        reps: warm-up, reps, recoveries, cool-down (empty when not an interval session).
        best_efforts: fastest time over the sport's usual distances.
        pacing: first half against second half, or None without distance.
        decoupling: Pa:HR / Pw:HR drift, or None (see ``notes``; not computed for an
            interval session, where it means nothing).
        zones: time in the zones asked for, or None.
        notes: why a part is missing ("decoupling: needs heart rate...").
        legs: the legs of a multisport activity, each in its own sport (else empty);
            such an activity has no whole-activity splits, reps, best efforts, pacing
            or decoupling: across a swim, a bike and a run they mean nothing.
    """

    summary: Summary
    splits_km: SplitTable
    splits_mi: SplitTable
    last_splits: SplitTable | None
    laps: LapTable
    reps: Reps
    best_efforts: BestEffortTable
    pacing: Pacing | None
    decoupling: Decoupling | None
    zones: ZoneTimes | None
    notes: tuple[str, ...] = ()
    legs: tuple[Leg, ...] = ()


def analyse(
    activity: Activity,
    *,
    per: str | DistanceUnit = DistanceUnit.KM,
    last: str | float | None = None,
    hr_zones: Sequence[float] | None = None,
    options: CleaningOptions | None = None,
    track: Track | None = None,
) -> ActivityAnalysis:
    """Clean an activity once and run every analysis on it.

    Args:
        activity: the activity.
        per: split unit of ``last_splits`` ("km" or "mi", or a distance).
        last: length of the final stretch to split (metres or text such as "23km").
        hr_zones: heart-rate zone boundaries in bpm (from :mod:`lydiard.physiology`).
        options: cleaning options.
        track: an already prepared track of this activity.

    Returns:
        The analysis.

    Raises:
        InputError: on a bad ``per``, ``last`` or zone boundaries.
    """
    track = track if track is not None else prepare(activity, options=options)
    if activity.sport is Sport.MULTISPORT:
        return _multisport(activity, track, options, hr_zones)
    notes: list[str] = []
    pace: Pacing | None = None
    drift: Decoupling | None = None
    session = reps(activity, track=track)
    try:
        pace = pacing(track)
    except NotEnoughDataError as exc:
        notes.append(f"pacing: {exc}")
    if session.reps:
        # Friel's drift compares steady halves; across reps and rests it means nothing.
        notes.append("decoupling: not computed for an interval session")
    else:
        try:
            drift = decoupling(track)
        except NotEnoughDataError as exc:
            notes.append(f"decoupling: {exc}")
    return ActivityAnalysis(
        summary=summary(track),
        splits_km=splits(track, DistanceUnit.KM),
        splits_mi=splits(track, DistanceUnit.MI),
        last_splits=splits(track, per, last=last) if last is not None else None,
        laps=laps_table(activity, track=track),
        reps=session,
        best_efforts=best_efforts(track),
        pacing=pace,
        decoupling=drift,
        zones=time_in_zones(track, hr_zones) if hr_zones else None,
        notes=tuple(notes),
    )


def _multisport(
    activity: Activity,
    track: Track,
    options: CleaningOptions | None,
    hr_zones: Sequence[float] | None,
) -> ActivityAnalysis:
    """A multisport activity: the whole summary, laps and zones, and each leg's own."""
    return ActivityAnalysis(
        summary=summary(track),
        splits_km=SplitTable(),
        splits_mi=SplitTable(split_m=DistanceUnit.MI.metres, unit=DistanceUnit.MI.value),
        last_splits=None,
        laps=laps_table(activity, track=track),
        reps=Reps(),
        best_efforts=BestEffortTable(),
        pacing=None,
        decoupling=None,
        zones=time_in_zones(track, hr_zones) if hr_zones else None,
        notes=("multisport: splits, pacing and decoupling are per leg (see legs)",),
        legs=legs(activity, options),
    )
