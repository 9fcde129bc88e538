"""The route of an activity drawn as SVG: no map tiles, so it works offline.

Positions are projected equirectangularly around the track's mean latitude (east-west
distances shrink by cos(latitude)), which is exact enough for the few kilometres to few
hundred kilometres of one activity, then scaled into the picture with the north up.
Points closer than a pixel to the last kept one are dropped, so a 100 km track stays a
small path.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass

import numpy as np

from lydiard.model import FloatArray

__all__ = ["RouteSvg", "route_svg"]


@dataclass(frozen=True, slots=True)
class RouteSvg:
    """An SVG picture of a route.

    Attributes:
        svg: the SVG markup (viewBox in pixels).
        points: how many points the path kept.
        width_m, height_m: the extent of the route east-west and north-south, metres.
    """

    svg: str
    points: int
    width_m: float
    height_m: float


_EARTH_RADIUS_M = 6_371_008.8  # mean Earth radius (IUGG)


def _thin(x: FloatArray, y: FloatArray, step: float) -> tuple[FloatArray, FloatArray]:
    keep = [0]
    lx, ly = x[0], y[0]
    # A plain loop over at most a few tens of thousands of points: ~10 ms at worst.
    for i in range(1, x.size - 1):
        if abs(x[i] - lx) + abs(y[i] - ly) >= step:
            keep.append(i)
            lx, ly = x[i], y[i]
    keep.append(x.size - 1)
    index = np.array(keep)
    return x[index], y[index]


def route_svg(
    lat_deg: FloatArray,
    lon_deg: FloatArray,
    *,
    width: int = 640,
    height: int = 420,
    pad: int = 16,
    label: str = "route",
) -> RouteSvg | None:
    """Draw a track of positions (NaN where missing); None with fewer than two fixes."""
    ok = np.isfinite(lat_deg) & np.isfinite(lon_deg)
    lat, lon = lat_deg[ok], lon_deg[ok]
    if lat.size < 2:
        return None
    mean_lat = math.radians(float(np.mean(lat)))
    x_m = np.radians(lon - lon[0]) * _EARTH_RADIUS_M * math.cos(mean_lat)
    y_m = np.radians(lat - lat[0]) * _EARTH_RADIUS_M
    span_x = float(x_m.max() - x_m.min())
    span_y = float(y_m.max() - y_m.min())
    span = max(span_x / (width - 2 * pad), span_y / (height - 2 * pad), 1e-9)
    x = (x_m - x_m.min()) / span
    y = (y_m.max() - y_m) / span  # north up: SVG y grows downwards
    x += (width - 2 * pad - (span_x / span)) / 2 + pad
    y += (height - 2 * pad - (span_y / span)) / 2 + pad
    x, y = _thin(x, y, 1.0)
    path = "M" + " L".join(f"{a:.1f} {b:.1f}" for a, b in zip(x.tolist(), y.tolist(), strict=True))
    scale_m = _scale_bar_m(span * (width - 2 * pad) / 4)
    bar = scale_m / span
    bar_label = f"{scale_m / 1000:g} km" if scale_m >= 1000 else f"{scale_m:g} m"
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'class="route" role="img" aria-label="{html.escape(label, quote=True)}">'
        f'<path d="{path}" class="route-line" fill="none"/>'
        f'<circle cx="{x[0]:.1f}" cy="{y[0]:.1f}" r="6" class="route-start"/>'
        f'<circle cx="{x[-1]:.1f}" cy="{y[-1]:.1f}" r="6" class="route-end"/>'
        f'<g class="route-scale"><path d="M{pad} {height - pad} h{bar:.1f}" />'
        f'<text x="{pad}" y="{height - pad - 6}">{bar_label}</text></g>'
        "</svg>"
    )
    return RouteSvg(svg, int(x.size), span_x, span_y)


def _scale_bar_m(about_m: float) -> float:
    """A round length (1, 2 or 5 x 10^k metres) no longer than ``about_m``."""
    if about_m <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(about_m))
    for step in (5, 2, 1):
        if step * power <= about_m:
            return float(step * power)
    return float(power)
