"""A printable HTML plan: phases, weekly volume charts per sport, every session.

One self-contained file: inline CSS and inline SVG charts drawn here (no script, no CDN),
so it prints and opens offline. Charts: running distance per week (road and trail
stacked) and, when durations are estimated, hours per sport per week.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

from lydiard.formatting import format_distance, format_duration
from lydiard.model.sport import Sport
from lydiard.planning.periodise import Phase
from lydiard.planning.plan import Plan
from lydiard.units import DistanceUnit

__all__ = ["plan_html", "stacked_bars_svg"]

_SPORT_COLOURS = {
    Sport.RUN: "#2f6fb0",
    Sport.TRAIL_RUN: "#6a994e",
    Sport.TREADMILL: "#5b8fc9",
    Sport.BIKE: "#d98c2b",
    Sport.NORDIC_SKI: "#8e6cc0",
    Sport.SKI_ERG: "#c05a7a",
    Sport.ROW: "#4aa3a3",
    Sport.SWIM: "#3aa0d8",
}
_PHASE_COLOURS = {
    Phase.AEROBIC: "#e8f1e4",
    Phase.HILLS: "#f5ead7",
    Phase.ANAEROBIC: "#f6dede",
    Phase.COORDINATION: "#e2e6f5",
    Phase.FRESHEN: "#f2f2f2",
}

_CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2em;color:#222}
h1{margin-bottom:.2em} .meta{color:#555;margin-bottom:1em}
table{border-collapse:collapse;width:100%;margin:.4em 0 1.2em}
td,th{border-bottom:1px solid #ddd;padding:.25em .5em;text-align:left;vertical-align:top}
td.text{white-space:pre-wrap;font-family:ui-monospace,Menlo,monospace;font-size:.85em}
.week{page-break-inside:avoid} .hard{font-weight:600} .legend span{margin-right:1em}
.swatch{display:inline-block;width:.8em;height:.8em;margin-right:.3em;vertical-align:middle}
svg{max-width:100%;height:auto} @media print{body{margin:.5cm}}
"""


def stacked_bars_svg(
    values: Sequence[dict[str, float]],
    colours: dict[str, str],
    *,
    unit: str,
    title: str,
    bands: Sequence[str] = (),
    width: int = 900,
    height: int = 260,
) -> str:
    """An inline SVG stacked bar chart: one bar per item of ``values``.

    Args:
        values: per bar, series name -> value (non-negative; NaN counts as 0).
        colours: series name -> CSS colour (also the stacking order).
        unit: label of the value axis ("km", "h").
        title: the chart's accessible title.
        bands: per bar, a background colour (phases), or empty.
        width: drawing width in px.
        height: drawing height in px.
    """
    left, bottom, top = 48, 24, 12
    plot_w, plot_h = width - left - 8, height - bottom - top
    totals = [sum(v for v in bar.values() if math.isfinite(v)) for bar in values]
    step = _nice_step(max(totals, default=0.0) or 1.0)
    peak = step * math.ceil((max(totals, default=0.0) or 1.0) / step)  # the axis top
    n = max(1, len(values))
    slot = plot_w / n
    bar_w = max(1.0, slot * 0.75)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{escape(title)}"><title>{escape(title)}</title>'
    ]
    for i, colour in enumerate(bands):
        out.append(
            f'<rect x="{left + i * slot:.1f}" y="{top}" width="{slot:.1f}" height="{plot_h}" '
            f'fill="{colour}"/>'
        )
    tick = 0.0
    while tick <= peak + 1e-9:
        y = top + plot_h - tick / peak * plot_h
        out.append(
            f'<line x1="{left}" x2="{left + plot_w}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ccc"/>'
            f'<text x="{left - 4}" y="{y + 4:.1f}" font-size="10" text-anchor="end">'
            f"{tick:g}</text>"
        )
        tick += step
    out.append(f'<text x="4" y="{top + 10}" font-size="10">{escape(unit)}</text>')
    for i, bar in enumerate(values):
        x = left + i * slot + (slot - bar_w) / 2
        base = float(top + plot_h)
        for name, colour in colours.items():
            v = bar.get(name, 0.0)
            if not (math.isfinite(v) and v > 0):
                continue
            h = v / peak * plot_h
            base -= h
            out.append(
                f'<rect x="{x:.1f}" y="{base:.1f}" width="{bar_w:.1f}" height="{h:.1f}" '
                f'fill="{colour}"><title>week {i + 1} {escape(name)}: {v:.1f} {escape(unit)}'
                "</title></rect>"
            )
        if n <= 40 or i % 2 == 0:
            out.append(
                f'<text x="{x + bar_w / 2:.1f}" y="{height - 8}" font-size="9" '
                f'text-anchor="middle">{i + 1}</text>'
            )
    out.append("</svg>")
    return "".join(out)


def _nice_step(peak: float) -> float:
    raw = peak / 5
    magnitude = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1.0
    for m in (1, 2, 2.5, 5, 10):
        if raw <= m * magnitude:
            return m * magnitude
    return 10 * magnitude


def _legend(colours: dict[str, str], present: set[str]) -> str:
    items = [
        f'<span><i class="swatch" style="background:{c}"></i>{escape(name)}</span>'
        for name, c in colours.items()
        if name in present
    ]
    return f'<div class="legend">{"".join(items)}</div>'


def plan_html(plan: Plan) -> str:
    """The plan as one printable HTML document."""
    units = plan.athlete.units
    per_unit = units.metres
    bands = [_PHASE_COLOURS[w.phase] for w in plan.weeks]
    run_colours = {
        Sport.RUN.label: _SPORT_COLOURS[Sport.RUN],
        Sport.TRAIL_RUN.label: _SPORT_COLOURS[Sport.TRAIL_RUN],
    }
    run_values = []
    hour_values = []
    sports_seen: set[str] = set()
    for w in plan.weeks:
        road = sum(
            s.run_m for s in w.sessions if s.sport is not Sport.TRAIL_RUN and s.kind.value != "race"
        )
        trail = sum(
            s.run_m for s in w.sessions if s.sport is Sport.TRAIL_RUN and s.kind.value != "race"
        )
        run_values.append(
            {Sport.RUN.label: road / per_unit, Sport.TRAIL_RUN.label: trail / per_unit}
        )
        hours: dict[str, float] = {}
        for sport, (_, seconds) in w.by_sport().items():
            hours[sport.label] = seconds / 3600
            if seconds > 0:
                sports_seen.add(sport.label)
        hour_values.append(hours)
    hour_colours = {s.label: c for s, c in _SPORT_COLOURS.items()}
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>{escape(plan.race.name)} plan</title><style>{_CSS}</style></head><body>",
        f"<h1>{escape(plan.race.name)}: {plan.race.day.isoformat()}</h1>",
        f"<div class='meta'>{_meta(plan)}</div>",
        _phase_table(plan),
        "<h2>Weekly running</h2>",
        stacked_bars_svg(
            run_values, run_colours, unit=units.value, title="Weekly running", bands=bands
        ),
        _legend(run_colours, set(run_colours)),
    ]
    if sports_seen:
        parts += [
            "<h2>Weekly hours per sport</h2>",
            stacked_bars_svg(
                hour_values, hour_colours, unit="h", title="Weekly hours per sport", bands=bands
            ),
            _legend(hour_colours, sports_seen),
        ]
    for w in plan.weeks:
        parts.append(_week_html(plan, w.index, units))
    parts.append("</body></html>")
    return "\n".join(parts)


def _meta(plan: Plan) -> str:
    a, units = plan.athlete, plan.athlete.units
    bits = [
        f"{format_distance(plan.race.distance_m, units, decimals=0)}"
        + (f", {plan.race.climb_m:.0f} m climb" if plan.race.climb_m else ""),
        f"from {plan.start.isoformat()}, {len(plan.weeks)} weeks",
        f"current {format_distance(a.weekly_distance_m, units, decimals=0)} a week",
        f"peak {format_distance(plan.peak_m, units, decimals=0)}",
    ]
    if math.isfinite(plan.vdot):
        bits.append(f"VDOT {plan.vdot:.1f}")
    notes = "".join(f"<br>{escape(n)}" for n in plan.notes)
    return escape("; ".join(bits)) + notes


def _phase_table(plan: Plan) -> str:
    rows = "".join(
        f"<tr><td><i class='swatch' style='background:{_PHASE_COLOURS[p]}'></i>{escape(p.label)}"
        f"</td><td>{a.isoformat()} to {b.isoformat()}</td><td>{n} weeks</td></tr>"
        for p, a, b, n in plan.phases()
    )
    return f"<h2>Phases</h2><table>{rows}</table>"


def _week_html(plan: Plan, index: int, units: DistanceUnit) -> str:
    w = plan.weeks[index]
    head = (
        f"<h3>Week {index + 1}: {w.start.isoformat()} to {w.end.isoformat()}, "
        f"{escape(w.phase.label)}, {w.kind.value}, "
        f"{format_distance(w.training_run_m, units, decimals=0)}"
        + (f", {w.climb_m:.0f} m climb" if w.climb_m else "")
        + "</h3>"
    )
    rows = []
    for d in w.days:
        if not d.sessions:
            rows.append(f"<tr><td>{d.day:%a %d %b}</td><td colspan='3'>rest</td></tr>")
        for s in d.sessions:
            dist = (
                format_distance(s.distance_m, units, decimals=1)
                if s.is_run and math.isfinite(s.distance_m)
                else ""
            )
            dur = format_duration(s.duration_s) if math.isfinite(s.duration_s) else ""
            cls = " class='hard'" if s.hard else ""
            rows.append(
                f"<tr><td>{d.day:%a %d %b} {s.when.value}</td><td{cls}>{escape(s.title)}</td>"
                f"<td>{dist} {dur}</td><td class='text'>{escape(s.text)}</td></tr>"
            )
    notes = "".join(f"<div class='meta'>{escape(n)}</div>" for n in w.notes)
    return f"<div class='week'>{head}{notes}<table>{''.join(rows)}</table></div>"
