"""Physiology: load, fitness and fatigue, risk guards, HRV, lactate, races and paces.

Pure functions over values and arrays, each citing its source; every disputed convention
is a named option (see docs/physiology.md). Modules:

* :mod:`~lydiard.physiology.load`: TRIMP (Banister, Edwards), session RPE, HR, pace and
  power load of one session; :mod:`~lydiard.physiology.session`: the same for an Activity.
* :mod:`~lydiard.physiology.fitness`: daily loads, fitness/fatigue/form, ramp rate;
  :mod:`~lydiard.physiology.banister`: the impulse-response model and its fit.
* :mod:`~lydiard.physiology.risk`: spike guard, weekly ramp, ACWR, monotony and strain.
* :mod:`~lydiard.physiology.hrv`, :mod:`~lydiard.physiology.readiness`: RMSSD and the
  daily verdict; :mod:`~lydiard.physiology.biomarkers`, :mod:`~lydiard.physiology.burnout`.
* :mod:`~lydiard.physiology.lactate`: step-test thresholds and zones.
* :mod:`~lydiard.physiology.races`, :mod:`~lydiard.physiology.paces`,
  :mod:`~lydiard.physiology.speed_profile`, :mod:`~lydiard.physiology.trail`,
  :mod:`~lydiard.physiology.zones`: race equivalence, training paces, trail courses, zones.
"""

from lydiard.physiology.banister import BanisterParams, banister_performance, fit_banister
from lydiard.physiology.fitness import (
    DailyLoads,
    FitnessSeries,
    Smoothing,
    daily_loads,
    fitness_fatigue,
)
from lydiard.physiology.load import (
    Sex,
    TrimpConvention,
    banister_trimp,
    edwards_trimp,
    hr_load,
    pace_load,
    power_load,
    session_rpe,
)
from lydiard.physiology.paces import TrainingPaces, training_paces, vdot_from_threshold_speed
from lydiard.physiology.races import RaceModel, equivalent_time, predict_time, riegel_time, vdot
from lydiard.physiology.readiness import Readiness, ReadinessRule, Verdict, readiness
from lydiard.physiology.risk import acute_chronic_ratio, monotony, session_spike, strain
from lydiard.physiology.session import LoadMethod, SessionLoad, Thresholds, activity_loads

__all__ = [
    "BanisterParams",
    "DailyLoads",
    "FitnessSeries",
    "LoadMethod",
    "RaceModel",
    "Readiness",
    "ReadinessRule",
    "SessionLoad",
    "Sex",
    "Smoothing",
    "Thresholds",
    "TrainingPaces",
    "TrimpConvention",
    "Verdict",
    "activity_loads",
    "acute_chronic_ratio",
    "banister_performance",
    "banister_trimp",
    "daily_loads",
    "edwards_trimp",
    "equivalent_time",
    "fit_banister",
    "fitness_fatigue",
    "hr_load",
    "monotony",
    "pace_load",
    "power_load",
    "predict_time",
    "readiness",
    "riegel_time",
    "session_rpe",
    "session_spike",
    "strain",
    "training_paces",
    "vdot",
    "vdot_from_threshold_speed",
]
