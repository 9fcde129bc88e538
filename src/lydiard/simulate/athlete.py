"""The simulated athlete: fitness (VDOT), heart rate, power, and how effort maps to all three.

Effort is expressed as a fraction ``f`` of VO2max, the common currency of every sport:

* running: the speed whose oxygen cost (Daniels & Gilbert 1979) is ``f x VDOT`` on the
  flat, so the athlete's Daniels paces are exactly ``f`` = 0.63-0.73 (E), 0.88 (T), 0.97
  (I);
* bike and ski erg: power ``f / 0.88 x FTP`` (FTP is about the power at lactate
  threshold, which sits at T's fraction of VO2max);
* heart rate at steady state: the same fraction of heart-rate reserve as of VO2 reserve
  (Swain & Leutholtz 1997, Med Sci Sports Exerc 29:410:
  ``%HRR = %VO2R``, VO2R from a resting 3.5 ml/kg/min), so threshold heart rate follows
  from VDOT, resting and maximum heart rate.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from lydiard.errors import InputError
from lydiard.model.samples import FloatArray
from lydiard.physiology.paces import THRESHOLD_FRACTION, TrainingPaces, training_paces
from lydiard.physiology.session import Thresholds

__all__ = ["RESTING_VO2", "SimAthlete", "speed_at_fraction", "vo2_fraction"]

#: Resting oxygen uptake, ml/kg/min (one MET).
RESTING_VO2 = 3.5
_PER_MIN = 60.0


def vo2_fraction(speed_mps: FloatArray | float, vdot: float) -> FloatArray:
    """Fraction of VO2max that running at ``speed_mps`` on the flat costs (Daniels-Gilbert)."""
    v = np.asarray(speed_mps, dtype=np.float64) * _PER_MIN
    return np.asarray((-4.60 + 0.182258 * v + 0.000104 * v * v) / vdot)


def speed_at_fraction(fraction: FloatArray | float, vdot: float) -> FloatArray:
    """Flat running speed (m/s) that costs ``fraction`` of VO2max (inverse of the above)."""
    vo2 = np.maximum(np.asarray(fraction, dtype=np.float64) * vdot, 1e-9)
    a, b = 0.000104, 0.182258
    c = -4.60 - vo2
    return np.asarray((-b + np.sqrt(b * b - 4 * a * c)) / (2 * a) / _PER_MIN)


@dataclass(frozen=True, slots=True)
class SimAthlete:
    """Who is simulated.

    Attributes:
        name: a label.
        vdot: running fitness (Daniels VDOT, ml/kg/min).
        hr_rest_bpm, hr_max_bpm: resting (morning) and maximum heart rate.
        bike_ftp_w, ski_erg_ftp_w: functional threshold power per sport, W.
        mass_kg: body mass (bike physics), kg.
        ln_rmssd: baseline morning ln rMSSD (ln ms) when rested and at ``reference_fitness``.
        ln_rmssd_sd: day-to-day SD of morning ln rMSSD.
        resting_hr_sd_bpm: day-to-day SD of the morning resting heart rate.
        reference_fitness: the fitness (CTL) at which the baselines hold.
        home_lat_deg, home_lon_deg, home_altitude_m: where runs start.
        utc_offset_s: the local time zone's offset from UTC, seconds.
        timezone: the IANA time zone name of home.
        cadence_spm: running cadence at 4 m/s, steps per minute.
    """

    name: str = "Jim"
    vdot: float = 75.0
    hr_rest_bpm: float = 40.0
    hr_max_bpm: float = 190.0
    bike_ftp_w: float = 330.0
    ski_erg_ftp_w: float = 240.0
    mass_kg: float = 63.0
    ln_rmssd: float = 4.4
    ln_rmssd_sd: float = 0.04
    resting_hr_sd_bpm: float = 0.8
    reference_fitness: float = 120.0
    home_lat_deg: float = 35.1983
    home_lon_deg: float = -111.6513
    home_altitude_m: float = 2100.0
    utc_offset_s: float = -7 * 3600.0
    timezone: str = "America/Phoenix"
    cadence_spm: float = 178.0

    def __post_init__(self) -> None:
        if not (math.isfinite(self.vdot) and 20.0 <= self.vdot <= 90.0):
            raise InputError(f"athlete vdot must be 20-90, got {self.vdot!r}")
        if not (25.0 <= self.hr_rest_bpm < self.hr_max_bpm - 60 and self.hr_max_bpm <= 230):
            raise InputError(
                f"athlete heart rates: rest {self.hr_rest_bpm!r} and max {self.hr_max_bpm!r} "
                "bpm are not plausible (rest 25 bpm or more, max at most 230 and 60 above rest)"
            )
        for name in ("bike_ftp_w", "ski_erg_ftp_w", "mass_kg", "ln_rmssd", "cadence_spm"):
            value = getattr(self, name)
            if not (math.isfinite(value) and value > 0):
                raise InputError(f"athlete {name} must be above zero, got {value!r}")
        if not (-90 < self.home_lat_deg < 90 and -180 <= self.home_lon_deg <= 180):
            raise InputError(
                f"athlete home position {self.home_lat_deg!r}, {self.home_lon_deg!r} is not "
                "a latitude and longitude"
            )

    @property
    def paces(self) -> TrainingPaces:
        """Daniels training paces for the athlete's VDOT."""
        return training_paces(self.vdot)

    def pace_mapping(self) -> dict[str, float]:
        """Speeds by the workout language's pace names (m/s)."""
        return self.paces.as_mapping()

    def hr_at(self, fraction: FloatArray | float) -> FloatArray:
        """Steady-state heart rate (bpm) at a fraction of VO2max (Swain: %HRR = %VO2R).

        Above VO2max the heart rate is capped at the maximum.
        """
        f = np.asarray(fraction, dtype=np.float64)
        reserve = (f * self.vdot - RESTING_VO2) / (self.vdot - RESTING_VO2)
        reserve = np.clip(reserve, 0.0, 1.0)
        return np.asarray(self.hr_rest_bpm + reserve * (self.hr_max_bpm - self.hr_rest_bpm))

    def fraction_at_hr(self, hr_bpm: float) -> float:
        """Fraction of VO2max whose steady-state heart rate is ``hr_bpm`` (inverse of hr_at)."""
        reserve = (hr_bpm - self.hr_rest_bpm) / (self.hr_max_bpm - self.hr_rest_bpm)
        reserve = min(max(reserve, 0.0), 1.0)
        return (RESTING_VO2 + reserve * (self.vdot - RESTING_VO2)) / self.vdot

    @property
    def lthr_bpm(self) -> float:
        """Lactate-threshold heart rate: the steady state at T pace's fraction."""
        return float(self.hr_at(THRESHOLD_FRACTION))

    @property
    def threshold_speed_mps(self) -> float:
        """Running threshold speed (Daniels T), m/s."""
        return self.paces.threshold_mps

    def power_at(self, fraction: FloatArray | float, ftp_w: float) -> FloatArray:
        """Power (W) at a fraction of VO2max, for a sport with this FTP."""
        return np.asarray(np.asarray(fraction, dtype=np.float64) / THRESHOLD_FRACTION * ftp_w)

    def fraction_at_power(self, power_w: float, ftp_w: float) -> float:
        """Fraction of VO2max that holding ``power_w`` costs."""
        return power_w / ftp_w * THRESHOLD_FRACTION

    def thresholds(self) -> Thresholds:
        """The athlete's thresholds as the load functions take them."""
        return Thresholds(
            hr_rest_bpm=self.hr_rest_bpm,
            hr_max_bpm=self.hr_max_bpm,
            lthr_bpm=self.lthr_bpm,
            threshold_speed_mps=self.threshold_speed_mps,
            bike_ftp_w=self.bike_ftp_w,
            ski_erg_ftp_w=self.ski_erg_ftp_w,
        )
