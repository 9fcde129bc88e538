"""Routes: where a simulated session goes, with a smooth random elevation profile.

A :class:`Route` is a closed loop laid out on a regular grid along its length: local
east/north coordinates (metres from home) and the true altitude. A session longer than
the loop goes round again. Kinds:

* ``road``: a loop of gently rolling roads and dirt roads (about 8 m of climb per km);
* ``trail``: rolling-to-steep trail with a chosen climb per km (a sum of sines with a 1/f
  spectrum of wavelengths 250 m to 6 km, scaled to the climb, grades capped at 30 %);
* ``track``: a standard 400 m track (two 84.39 m straights, bends of radius 36.5 m), flat;
* ``indoor``: no position and no altitude (ski erg, treadmill).

The profile is periodic, so a loop ends at the height it started from.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from lydiard.model.samples import FloatArray
from lydiard.simulate.noise import smooth_random

__all__ = ["EARTH_RADIUS_M", "Route", "RouteKind", "make_route"]

#: Mean Earth radius (m), IUGG: for turning local metres into degrees.
EARTH_RADIUS_M = 6_371_008.8
_STEP_M = 10.0
_MAX_GRADE = 0.30
_TRACK_STRAIGHT_M = 84.39
_TRACK_RADIUS_M = 36.5


class RouteKind(StrEnum):
    """What kind of ground a session is on."""

    ROAD = "road"
    TRAIL = "trail"
    TRACK = "track"
    INDOOR = "indoor"


@dataclass(frozen=True, slots=True, eq=False)
class Route:
    """A loop on a grid along its length.

    Attributes:
        kind: the kind of ground.
        length_m: the loop's length.
        grid_m: distances along the loop, metres (0 .. length).
        east_m, north_m: position of each grid point relative to home, metres.
        altitude_m: true altitude at each grid point, metres.
        origin: (latitude, longitude) of home in degrees.
    """

    kind: RouteKind
    length_m: float
    grid_m: FloatArray
    east_m: FloatArray
    north_m: FloatArray
    altitude_m: FloatArray
    origin: tuple[float, float]

    @property
    def outdoor(self) -> bool:
        """Whether the route has positions (GPS) and altitude."""
        return self.kind is not RouteKind.INDOOR

    def _wrap(self, distance_m: FloatArray) -> FloatArray:
        return np.mod(distance_m, self.length_m)

    def altitude_at(self, distance_m: FloatArray) -> FloatArray:
        """True altitude (m) at distances along the route (going round the loop)."""
        return np.interp(self._wrap(distance_m), self.grid_m, self.altitude_m)

    def grade_at(self, distance_m: FloatArray) -> FloatArray:
        """True gradient (fraction) at distances along the route."""
        slope = np.gradient(self.altitude_m, self.grid_m)
        return np.interp(self._wrap(distance_m), self.grid_m, slope)

    def position_at(self, distance_m: FloatArray) -> tuple[FloatArray, FloatArray]:
        """(east, north) in metres from home at distances along the route."""
        d = self._wrap(distance_m)
        east = np.interp(d, self.grid_m, self.east_m)
        north = np.interp(d, self.grid_m, self.north_m)
        return east, north

    def to_degrees(self, east_m: FloatArray, north_m: FloatArray) -> tuple[FloatArray, FloatArray]:
        """Local metres to (latitude, longitude) degrees (equirectangular, fine over 50 km)."""
        lat0, lon0 = self.origin
        lat = lat0 + np.degrees(north_m / EARTH_RADIUS_M)
        lon = lon0 + np.degrees(east_m / (EARTH_RADIUS_M * math.cos(math.radians(lat0))))
        return lat, lon

    def climb_m(self, start_m: float, end_m: float) -> tuple[float, float]:
        """True (climb, descent) of the profile between two distances, metres.

        Every rise and fall of the smooth profile counts (it has no noise to filter).
        """
        if end_m <= start_m or not self.outdoor:
            return 0.0, 0.0
        n = max(2, math.ceil((end_m - start_m) / (_STEP_M / 2)) + 1)
        steps = np.diff(self.altitude_at(np.linspace(start_m, end_m, n)))
        return float(np.clip(steps, 0.0, None).sum()), float(np.clip(-steps, 0.0, None).sum())


def _loop_geometry(
    rng: np.random.Generator, length_m: float, grid: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """A smooth random loop through home: heading turns once round plus wiggles."""
    _, wiggle = smooth_random(rng, length_m, _STEP_M, (150.0, max(300.0, length_m / 3)))
    heading = rng.uniform(0, 2 * math.pi) + 2 * math.pi * grid / length_m + 0.7 * wiggle
    step = np.diff(grid, prepend=0.0)
    east = np.cumsum(np.cos(heading) * step)
    north = np.cumsum(np.sin(heading) * step)
    # close the loop: spread the gap left at the end evenly along it
    east -= grid / length_m * east[-1]
    north -= grid / length_m * north[-1]
    return east - east[0], north - north[0]


def _track_geometry(grid: FloatArray) -> tuple[FloatArray, FloatArray]:
    straight, radius = _TRACK_STRAIGHT_M, _TRACK_RADIUS_M
    bend = math.pi * radius
    lap = 2 * straight + 2 * bend
    s = np.mod(grid, lap)
    east = np.empty_like(s)
    north = np.empty_like(s)
    a = s < straight
    east[a], north[a] = s[a], 0.0
    b = (s >= straight) & (s < straight + bend)
    angle = (s[b] - straight) / radius
    east[b] = straight + radius * np.sin(angle)
    north[b] = radius * (1 - np.cos(angle))
    c = (s >= straight + bend) & (s < 2 * straight + bend)
    east[c] = straight - (s[c] - straight - bend)
    north[c] = 2 * radius
    d = s >= 2 * straight + bend
    angle = (s[d] - 2 * straight - bend) / radius
    east[d] = -radius * np.sin(angle)
    north[d] = radius * (1 + np.cos(angle))
    return east, north


def _profile(
    rng: np.random.Generator, length_m: float, climb_per_km: float, shortest_m: float
) -> FloatArray:
    _, unit = smooth_random(rng, length_m, _STEP_M, (shortest_m, 6000.0))
    if climb_per_km <= 0:
        return np.zeros_like(unit)
    rise = float(np.clip(np.diff(unit), 0.0, None).sum())
    heights = unit * (climb_per_km * length_m / 1000.0 / rise if rise > 0 else 0.0)
    grade = np.diff(heights) / _STEP_M
    steepest = float(np.abs(grade).max()) if grade.size else 0.0
    if steepest > _MAX_GRADE:
        # Flatten the steepest pitches only (a soft cap keeps the profile smooth).
        limited = _MAX_GRADE * np.tanh(grade / _MAX_GRADE)
        heights = np.concatenate(([0.0], np.cumsum(limited) * _STEP_M))
        heights -= np.linspace(0.0, heights[-1], heights.size)  # still a loop
    return np.asarray(heights - heights[0])


def make_route(
    rng: np.random.Generator,
    kind: RouteKind | str,
    length_m: float,
    *,
    origin: tuple[float, float],
    home_altitude_m: float,
    climb_per_km: float | None = None,
) -> Route:
    """A random loop of a kind.

    Args:
        rng: the random generator.
        kind: road, trail, track or indoor.
        length_m: the loop length (a session longer than it goes round again).
        origin: home (latitude, longitude), degrees.
        home_altitude_m: altitude at home, metres.
        climb_per_km: climb per km of the loop; the kind's default when None (road 8 m,
            trail 30 m, track and indoor 0).
    """
    kind = RouteKind(kind)
    if kind is RouteKind.TRACK:
        length_m = 2 * _TRACK_STRAIGHT_M + 2 * math.pi * _TRACK_RADIUS_M
    length_m = max(float(length_m), 400.0)
    n = math.ceil(length_m / _STEP_M) + 1
    grid = np.linspace(0.0, length_m, n)
    if kind is RouteKind.INDOOR:
        zeros = np.zeros(n)
        return Route(kind, length_m, grid, zeros, zeros, np.full(n, np.nan), origin)
    if kind is RouteKind.TRACK:
        east, north = _track_geometry(grid)
        altitude = np.full(n, float(home_altitude_m))
        return Route(kind, length_m, grid, east, north, altitude, origin)
    default = 30.0 if kind is RouteKind.TRAIL else 8.0
    climb = default if climb_per_km is None else float(climb_per_km)
    shortest = 250.0 if kind is RouteKind.TRAIL else 400.0
    east, north = _loop_geometry(rng, length_m, grid)
    altitude = home_altitude_m + _profile(rng, length_m, climb, shortest)
    return Route(kind, length_m, grid, east, north, altitude, origin)
