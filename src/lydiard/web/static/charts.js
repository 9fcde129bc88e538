// lydiard charts, drawn with plotly.js (served by this server from the plotly package).
// Data comes from <script type="application/json"> blocks in the page: no inline scripts.
"use strict";

const lydiardCharts = (() => {
  const METRES = { km: 1000, mi: 1609.344 };
  const SPORT_COLOURS = {
    run: "#1f6feb", trail_run: "#2e9d5b", treadmill: "#5b8def", bike: "#e08a00", walk: "#8a6bd1",
    hike: "#6b4fb3", nordic_ski: "#00a3b4", ski_erg: "#0b7f8c", swim: "#0090d9", row: "#7a8a99",
    strength: "#b5477a", transition: "#c0c6cf", other: "#9aa4b2",
  };
  const SPORT_LABELS = {
    run: "Run", trail_run: "Trail run", treadmill: "Treadmill run", bike: "Bike", walk: "Walk",
    hike: "Hike", nordic_ski: "Nordic ski", ski_erg: "Ski erg", swim: "Swim", row: "Row",
    strength: "Strength", transition: "Transition", other: "Other",
  };
  const CONFIG = { displaylogo: false, responsive: true, modeBarButtonsToRemove: ["select2d", "lasso2d", "autoScale2d"] };
  const FONT = { family: "system-ui, -apple-system, Segoe UI, Roboto, sans-serif", size: 12, color: "#1c2430" };

  const data = (id) => {
    const node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  };

  function clock(seconds) {
    if (seconds === null || !isFinite(seconds)) return "--:--";
    const s = Math.round(seconds);
    const m = Math.floor(s / 60);
    return `${m}:${String(s % 60).padStart(2, "0")}`;
  }

  // Pace axis ticks: m:ss labels at a round step, faster at the top.
  function paceAxis(values, title) {
    const finite = values.filter((v) => v !== null && isFinite(v)).sort((a, b) => a - b);
    if (!finite.length) return { title: { text: title }, autorange: "reversed" };
    const lo = finite[Math.floor(finite.length * 0.02)];
    const hi = finite[Math.floor(finite.length * 0.98)];
    const pad = Math.max(10, (hi - lo) * 0.12);
    const low = Math.max(0, lo - pad), high = hi + pad;
    const steps = [5, 10, 15, 20, 30, 60, 120, 300, 600];
    const step = steps.find((s) => (high - low) / s <= 6) || 600;
    const ticks = [];
    for (let v = Math.ceil(low / step) * step; v <= high; v += step) ticks.push(v);
    return { title: { text: title }, range: [high, low], tickvals: ticks, ticktext: ticks.map(clock), zeroline: false };
  }

  function paceOf(speeds, unit) {
    return speeds.map((v) => (v === null || v < 0.3 ? null : METRES[unit] / v));
  }

  function layout(extra) {
    return Object.assign({
      font: FONT, margin: { l: 56, r: 56, t: 12, b: 40 }, hovermode: "x unified",
      paper_bgcolor: "rgba(0,0,0,0)", plot_bgcolor: "rgba(0,0,0,0)",
      legend: { orientation: "h", y: 1.12, x: 0 },
      xaxis: { gridcolor: "#eef1f5" }, yaxis: { gridcolor: "#eef1f5", zerolinecolor: "#d5dbe4" },
    }, extra);
  }

  function fitness() {
    const d = data("fitness-data");
    if (!d) return;
    const unit = d.units;
    Plotly.newPlot("chart-pmc", [
      { x: d.days, y: d.load, type: "bar", name: "Load", yaxis: "y2", marker: { color: "rgba(120,135,160,.28)" }, hovertemplate: "%{y:.0f}" },
      { x: d.days, y: d.fitness, type: "scatter", mode: "lines", name: "Fitness", line: { color: "#1f6feb", width: 2.5 }, hovertemplate: "%{y:.1f}" },
      { x: d.days, y: d.fatigue, type: "scatter", mode: "lines", name: "Fatigue", line: { color: "#d9467a", width: 1.5 }, hovertemplate: "%{y:.1f}" },
      { x: d.days, y: d.form, type: "scatter", mode: "lines", name: "Form", line: { color: "#e08a00", width: 1.5 }, fill: "tozeroy", fillcolor: "rgba(224,138,0,.08)", hovertemplate: "%{y:.1f}" },
    ], layout({
      yaxis: { title: { text: "fitness · fatigue · form" }, gridcolor: "#eef1f5", zerolinecolor: "#b9c2cf" },
      yaxis2: { title: { text: d.step_days > 1 ? "daily load (weekly mean)" : "daily load" }, overlaying: "y", side: "right", showgrid: false,
        range: [0, 3 * Math.max(1, ...d.load.filter((v) => v !== null))] },
      bargap: 0.1,
    }), CONFIG);

    const weeks = d.weeks;
    const sports = [...new Set(weeks.map((w) => w.sport))];
    const allWeeks = [...new Set(weeks.map((w) => w.week))].sort();
    const traces = (field, scale) => sports.map((sport) => {
      const by = new Map(weeks.filter((w) => w.sport === sport).map((w) => [w.week, w[field] / scale]));
      return { x: allWeeks, y: allWeeks.map((w) => by.get(w) || 0), type: "bar", name: SPORT_LABELS[sport] || sport,
        marker: { color: SPORT_COLOURS[sport] || "#9aa4b2" }, hovertemplate: field === "distance_m" ? `%{y:.1f} ${unit}` : "%{y:.1f} h" };
    });
    const draw = (mode) => {
      const distance = mode === "distance";
      Plotly.react("chart-volume", traces(distance ? "distance_m" : "moving_s", distance ? METRES[unit] : 3600),
        layout({ barmode: "stack", yaxis: { title: { text: distance ? `${unit} per week` : "hours per week" }, gridcolor: "#eef1f5" } }), CONFIG);
      for (const b of document.querySelectorAll("[data-volume]")) b.classList.toggle("on", b.dataset.volume === mode);
    };
    for (const b of document.querySelectorAll("[data-volume]")) b.addEventListener("click", (e) => { e.preventDefault(); draw(b.dataset.volume); });
    draw("distance");

    const hrv = d.hrv;
    if (hrv && document.getElementById("chart-hrv")) {
      Plotly.newPlot("chart-hrv", [
        { x: hrv.days, y: hrv.band_high, type: "scatter", mode: "lines", line: { width: 0 }, showlegend: false, hoverinfo: "skip" },
        { x: hrv.days, y: hrv.band_low, type: "scatter", mode: "lines", line: { width: 0 }, fill: "tonexty", fillcolor: "rgba(46,157,91,.16)", name: "Normal band", hoverinfo: "skip" },
        { x: hrv.days, y: hrv.ln_rmssd, type: "scatter", mode: "markers", name: "Morning ln rMSSD", marker: { size: 5, color: "#7a8a99" }, hovertemplate: "%{y:.2f}" },
        { x: hrv.days, y: hrv.week_mean, type: "scatter", mode: "lines", name: "7-day mean", line: { color: "#2e9d5b", width: 2.5 }, hovertemplate: "%{y:.2f}" },
      ], layout({ yaxis: { title: { text: "ln rMSSD" }, gridcolor: "#eef1f5" } }), CONFIG);
    }
  }

  function activity() {
    const d = data("activity-data");
    if (!d) return;
    const unit = d.units;
    const s = d.streams;
    const byDistance = s.distance_m !== null;
    const x = byDistance ? s.distance_m.map((v) => (v === null ? null : v / METRES[unit])) : s.time_s.map((v) => v / 60);
    const xTitle = byDistance ? unit : "minutes";
    const traces = [];
    const rows = [];
    if (s.speed_mps) {
      const pace = paceOf(s.speed_mps, unit);
      rows.push({ key: "pace", axis: paceAxis(pace, `pace /${unit}`) });
      traces.push({ x, y: pace, type: "scatter", mode: "lines", name: "Pace", line: { color: "#1f6feb", width: 1.6 }, hovertemplate: "%{text}", text: pace.map(clock), row: "pace" });
      if (s.gap_speed_mps) {
        const gap = paceOf(s.gap_speed_mps, unit);
        traces.push({ x, y: gap, type: "scatter", mode: "lines", name: "Grade-adjusted", line: { color: "#2e9d5b", width: 1.2, dash: "dot" }, hovertemplate: "%{text}", text: gap.map(clock), row: "pace" });
      }
    }
    if (s.heart_rate_bpm) {
      rows.push({ key: "hr", axis: { title: { text: "bpm" } } });
      traces.push({ x, y: s.heart_rate_bpm, type: "scatter", mode: "lines", name: "Heart rate", line: { color: "#d9467a", width: 1.4 }, hovertemplate: "%{y:.0f} bpm", row: "hr" });
    }
    if (s.altitude_m) {
      const feet = unit === "mi";
      const alt = s.altitude_m.map((v) => (v === null ? null : feet ? v / 0.3048 : v));
      rows.push({ key: "alt", axis: { title: { text: feet ? "ft" : "m" } } });
      traces.push({ x, y: alt, type: "scatter", mode: "lines", name: "Elevation", line: { color: "#7a6a55", width: 1.2 }, fill: "tozeroy", fillcolor: "rgba(122,106,85,.15)", hovertemplate: feet ? "%{y:.0f} ft" : "%{y:.0f} m", row: "alt" });
    }
    if (!rows.length) return;
    const gap = 0.06;
    const height = (1 - gap * (rows.length - 1)) / rows.length;
    const extra = { xaxis: { title: { text: xTitle }, gridcolor: "#eef1f5" }, height: 170 * rows.length + 90, margin: { l: 60, r: 20, t: 10, b: 40 } };
    rows.forEach((r, i) => {
      const name = i === 0 ? "yaxis" : `yaxis${i + 1}`;
      const top = 1 - i * (height + gap);
      extra[name] = Object.assign({ domain: [top - height, top], gridcolor: "#eef1f5" }, r.axis);
      if (r.key === "alt") extra[name].range = undefined;
      r.ref = i === 0 ? "y" : `y${i + 1}`;
    });
    if (rows.find((r) => r.key === "alt")) {
      const alts = s.altitude_m.filter((v) => v !== null);
      const feet = unit === "mi" ? 1 / 0.3048 : 1;
      const lo = Math.min(...alts) * feet, hi = Math.max(...alts) * feet;
      const name = rows.findIndex((r) => r.key === "alt");
      extra[name === 0 ? "yaxis" : `yaxis${name + 1}`].range = [lo - (hi - lo) * 0.1 - 5, hi + (hi - lo) * 0.1 + 5];
    }
    for (const t of traces) { t.yaxis = rows.find((r) => r.key === t.row).ref; delete t.row; }
    extra.xaxis.anchor = rows[rows.length - 1].ref;
    Plotly.newPlot("chart-activity", traces, layout(extra), CONFIG);
  }

  document.addEventListener("DOMContentLoaded", () => {
    if (typeof Plotly === "undefined") return;
    fitness();
    activity();
  });
  return { clock, paceAxis };
})();
