"""Distances on the WGS84 ellipsoid between positions in degrees, vectorised with numpy.

The default is Vincenty's inverse formula on the WGS84 ellipsoid (Vincenty 1975), accurate
to well under a millimetre for the step lengths of a GPS track. Haversine on a sphere of the
mean Earth radius is kept as an option and for comparison: on a running track it differs
from the ellipsoid by up to about 0.5 % depending on latitude and heading.

Sources:
    T. Vincenty (1975), "Direct and inverse solutions of geodesics on the ellipsoid with
    application of nested equations", Survey Review 23(176):88-93.
    WGS84 constants: NIMA TR8350.2 (2000), a = 6378137 m, 1/f = 298.257223563.
    Mean Earth radius R1 = (2a + b)/3 = 6371008.8 m (Moritz 1980, IUGG).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

import numpy as np
import numpy.typing as npt

from lydiard.model.samples import FloatArray

__all__ = [
    "MEAN_EARTH_RADIUS_M",
    "WGS84_A_M",
    "WGS84_F",
    "DistanceMethod",
    "cumulative_distance_m",
    "haversine_m",
    "step_distances_m",
    "vincenty_m",
]

#: WGS84 semi-major axis in metres (NIMA TR8350.2).
WGS84_A_M = 6378137.0
#: WGS84 flattening (NIMA TR8350.2).
WGS84_F = 1.0 / 298.257223563
_B_M = WGS84_A_M * (1.0 - WGS84_F)
#: Mean Earth radius (2a + b)/3 in metres, for haversine (IUGG, Moritz 1980).
MEAN_EARTH_RADIUS_M = (2.0 * WGS84_A_M + _B_M) / 3.0

_MAX_ITERATIONS = 200
_TOLERANCE_RAD = 1e-12


class DistanceMethod(StrEnum):
    """How a distance between two positions is computed."""

    VINCENTY = "vincenty"  # WGS84 ellipsoid (default)
    HAVERSINE = "haversine"  # sphere of the mean Earth radius


def _wrap_pi(angle: FloatArray) -> FloatArray:
    """Wrap radians into [-pi, pi) so steps across the antimeridian stay short."""
    return np.asarray((angle + np.pi) % (2.0 * np.pi) - np.pi, dtype=np.float64)


def haversine_m(lat1_deg: Any, lon1_deg: Any, lat2_deg: Any, lon2_deg: Any) -> FloatArray:
    """Great-circle distance in metres on a sphere of radius :data:`MEAN_EARTH_RADIUS_M`.

    Args:
        lat1_deg: latitudes of the first positions in degrees (array or scalar).
        lon1_deg: longitudes of the first positions in degrees.
        lat2_deg: latitudes of the second positions in degrees.
        lon2_deg: longitudes of the second positions in degrees.

    Returns:
        Distances in metres; NaN where any input is NaN.
    """
    phi1 = np.radians(np.asarray(lat1_deg, dtype=np.float64))
    phi2 = np.radians(np.asarray(lat2_deg, dtype=np.float64))
    dphi = phi2 - phi1
    dlam = _wrap_pi(np.radians(np.asarray(lon2_deg, dtype=np.float64) - lon1_deg))
    h = np.sin(dphi / 2.0) ** 2 + np.cos(phi1) * np.cos(phi2) * np.sin(dlam / 2.0) ** 2
    return np.asarray(
        2.0 * MEAN_EARTH_RADIUS_M * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0))), dtype=np.float64
    )


def _reduced_latitude(lat_deg: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Sine and cosine of the reduced latitude U, tan U = (1 - f) tan(latitude)."""
    tan_u = (1.0 - WGS84_F) * np.tan(np.radians(lat_deg))
    cos_u = 1.0 / np.sqrt(1.0 + tan_u * tan_u)
    return tan_u * cos_u, cos_u


def _vincenty(
    sin_u1: FloatArray,
    cos_u1: FloatArray,
    sin_u2: FloatArray,
    cos_u2: FloatArray,
    big_l: FloatArray,
) -> tuple[FloatArray, npt.NDArray[np.intp]]:
    """Vincenty's inverse iteration; returns (distances in metres, not-converged indices)."""
    f, b = WGS84_F, _B_M
    n = big_l.shape[0]
    lam = big_l.copy()
    sin_sigma, cos_sigma, sigma = np.zeros(n), np.ones(n), np.zeros(n)
    cos2_alpha, cos_2sm = np.ones(n), np.zeros(n)
    active = np.arange(n)
    for iteration in range(_MAX_ITERATIONS):
        # Whole arrays while most pairs still move (track steps converge in 2-3 rounds),
        # then only the stragglers.
        idx: Any = slice(None) if iteration < 4 else active
        sl, cl = np.sin(lam[idx]), np.cos(lam[idx])
        s1, c1, s2, c2 = sin_u1[idx], cos_u1[idx], sin_u2[idx], cos_u2[idx]
        ss = np.hypot(c2 * sl, c1 * s2 - s1 * c2 * cl)
        cs = s1 * s2 + c1 * c2 * cl
        sg = np.arctan2(ss, cs)
        with np.errstate(invalid="ignore", divide="ignore"):
            sin_alpha = np.where(ss > 0, c1 * c2 * sl / ss, 0.0)
            c2a = 1.0 - sin_alpha**2
            c2sm = np.where(c2a > 0, cs - 2.0 * s1 * s2 / c2a, 0.0)  # 0 on an equatorial line
        cc = f / 16.0 * c2a * (4.0 + f * (4.0 - 3.0 * c2a))
        new_lam = big_l[idx] + (1.0 - cc) * f * sin_alpha * (
            sg + cc * ss * (c2sm + cc * cs * (-1.0 + 2.0 * c2sm**2))
        )
        moving = np.abs(new_lam - lam[idx]) > _TOLERANCE_RAD
        lam[idx] = new_lam
        sin_sigma[idx], cos_sigma[idx], sigma[idx] = ss, cs, sg
        cos2_alpha[idx], cos_2sm[idx] = c2a, c2sm
        active = np.flatnonzero(moving) if iteration < 4 else active[moving]
        if active.size == 0:
            break
    u_sq = cos2_alpha * (WGS84_A_M**2 - b**2) / b**2
    big_a = 1.0 + u_sq / 16384.0 * (4096.0 + u_sq * (-768.0 + u_sq * (320.0 - 175.0 * u_sq)))
    big_b = u_sq / 1024.0 * (256.0 + u_sq * (-128.0 + u_sq * (74.0 - 47.0 * u_sq)))
    c2sm2 = cos_2sm**2
    delta_sigma = (
        big_b
        * sin_sigma
        * (
            cos_2sm
            + big_b
            / 4.0
            * (
                cos_sigma * (-1.0 + 2.0 * c2sm2)
                - big_b / 6.0 * cos_2sm * (-3.0 + 4.0 * sin_sigma**2) * (-3.0 + 4.0 * c2sm2)
            )
        )
    )
    return b * big_a * (sigma - delta_sigma), active


def vincenty_m(lat1_deg: Any, lon1_deg: Any, lat2_deg: Any, lon2_deg: Any) -> FloatArray:
    """Geodesic distance in metres on the WGS84 ellipsoid (Vincenty's inverse formula).

    Pairs that do not converge (nearly antipodal points, never consecutive track points)
    fall back to haversine.

    Args:
        lat1_deg: latitudes of the first positions in degrees (array or scalar).
        lon1_deg: longitudes of the first positions in degrees.
        lat2_deg: latitudes of the second positions in degrees.
        lon2_deg: longitudes of the second positions in degrees.

    Returns:
        Distances in metres (at least 1-D); NaN where any input is NaN.
    """
    lat1, lon1, lat2, lon2 = np.broadcast_arrays(
        *(
            np.atleast_1d(np.asarray(v, dtype=np.float64))
            for v in (lat1_deg, lon1_deg, lat2_deg, lon2_deg)
        )
    )
    out = np.full(lat1.shape, np.nan)
    valid = np.isfinite(lat1) & np.isfinite(lon1) & np.isfinite(lat2) & np.isfinite(lon2)
    same = valid & (lat1 == lat2) & (lon1 == lon2)
    out[same] = 0.0
    work = np.flatnonzero(valid & ~same)
    if work.size == 0:
        return out
    sin_u1, cos_u1 = _reduced_latitude(lat1[work])
    sin_u2, cos_u2 = _reduced_latitude(lat2[work])
    big_l = _wrap_pi(np.radians(lon2[work] - lon1[work]))
    result, stragglers = _vincenty(sin_u1, cos_u1, sin_u2, cos_u2, big_l)
    if stragglers.size:  # did not converge: nearly antipodal
        where = work[stragglers]
        result[stragglers] = haversine_m(lat1[where], lon1[where], lat2[where], lon2[where])
    out[work] = result
    return out


def step_distances_m(
    lat_deg: Any, lon_deg: Any, method: DistanceMethod = DistanceMethod.VINCENTY
) -> FloatArray:
    """Distance in metres from each position to the next (length n - 1).

    Args:
        lat_deg: latitudes in degrees.
        lon_deg: longitudes in degrees, same length.
        method: the distance formula.

    Returns:
        n - 1 distances; NaN where either end of a step is missing.
    """
    lat = np.asarray(lat_deg, dtype=np.float64)
    lon = np.asarray(lon_deg, dtype=np.float64)
    if lat.shape != lon.shape or lat.ndim != 1:
        raise ValueError(
            f"lat_deg and lon_deg must be 1-D and of equal length, got {lat.shape} and {lon.shape}"
        )
    if lat.shape[0] < 2:
        return np.empty(0)
    if method is DistanceMethod.HAVERSINE:
        return haversine_m(lat[:-1], lon[:-1], lat[1:], lon[1:])
    if not (np.isfinite(lat).all() and np.isfinite(lon).all()):
        return vincenty_m(lat[:-1], lon[:-1], lat[1:], lon[1:])
    # Consecutive steps share their ends: the reduced latitude is computed once per point.
    sin_u, cos_u = _reduced_latitude(lat)
    out = np.zeros(lat.shape[0] - 1)
    moved = np.flatnonzero((lat[1:] != lat[:-1]) | (lon[1:] != lon[:-1]))
    if moved.size:
        big_l = _wrap_pi(np.radians(lon[moved + 1] - lon[moved]))
        result, stragglers = _vincenty(
            sin_u[moved], cos_u[moved], sin_u[moved + 1], cos_u[moved + 1], big_l
        )
        if stragglers.size:
            i = moved[stragglers]
            result[stragglers] = haversine_m(lat[i], lon[i], lat[i + 1], lon[i + 1])
        out[moved] = result
    return out


def cumulative_distance_m(
    lat_deg: Any,
    lon_deg: Any,
    *,
    breaks: Any = None,
    method: DistanceMethod = DistanceMethod.VINCENTY,
) -> FloatArray:
    """Cumulative distance in metres along a track of positions.

    Points without a position (NaN) carry the distance reached so far; the next step is
    measured from the last known position. Points before the first known position are NaN.
    A step that ends at a break (the first point of a new GPX segment, where the device
    stopped recording) adds nothing, as gpxpy's ``length_2d`` does.

    Args:
        lat_deg: latitudes in degrees.
        lon_deg: longitudes in degrees, same length.
        breaks: optional indices (or a boolean mask) of points that start a new segment.
        method: the distance formula.

    Returns:
        Non-decreasing cumulative distance in metres, 0 at the first known position.
    """
    lat = np.asarray(lat_deg, dtype=np.float64)
    lon = np.asarray(lon_deg, dtype=np.float64)
    n = lat.shape[0]
    out = np.full(n, np.nan)
    known = np.flatnonzero(np.isfinite(lat) & np.isfinite(lon))
    if known.size == 0:
        return out
    steps = step_distances_m(lat[known], lon[known], method)
    if breaks is not None:
        mask = np.zeros(n, dtype=bool)
        mask[np.asarray(breaks)] = True
        # A step from known[i] to known[i+1] crosses a break if one lies in (known[i], known[i+1]].
        seen = np.cumsum(mask)
        steps = np.where(seen[known[1:]] > seen[known[:-1]], 0.0, steps)
    total = np.concatenate(([0.0], np.cumsum(steps)))
    # Carry the distance forward over points without a position.
    owner = np.maximum.accumulate(np.where(np.isfinite(lat) & np.isfinite(lon), np.arange(n), -1))
    rank = np.searchsorted(known, owner[owner >= 0])
    out[owner >= 0] = total[rank]
    return out
