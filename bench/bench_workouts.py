"""The workout language and the FIT encoder: parse speed, and bulk FIT writing."""

from __future__ import annotations

import numpy as np

from bench.report import Section, best_time
from lydiard.fit.encode import FitWriter
from lydiard.workouts import parse, render
from lydiard.workouts.library import LIBRARY

_SAMPLE = [
    *LIBRARY.values(),
    "General aerobic + speed 10 miles w/ 2 sets of 5x150m strides "
    "(jog 250m between intervals and 4 min between sets)",
    "2 × (4-3-2-1 min at 96-98-100-102% 5k with 1 min moderate, 2–3 min jog between sets)",
]


def _activity_columns(n: int) -> dict[str, np.ndarray]:
    t = np.arange(n, dtype=np.float64) + 1.8e9
    rng = np.random.default_rng(1)
    speed = 3.0 + rng.normal(0, 0.1, n)
    return {
        "timestamp": t,
        "position_lat": (39.1 + np.cumsum(rng.normal(0, 1e-5, n))) * 2**31 / 180,
        "position_long": (-120.2 + np.cumsum(rng.normal(0, 1e-5, n))) * 2**31 / 180,
        "distance": np.cumsum(speed),
        "enhanced_speed": speed,
        "enhanced_altitude": 1800 + 100 * np.sin(np.arange(n) / 900),
        "heart_rate": np.round(140 + 10 * np.sin(np.arange(n) / 300)),
        "cadence": np.full(n, 88.0),
    }


def run(quick: bool) -> Section:
    section = Section(
        "bench_workouts",
        "Workout language and FIT writing",
        ["what", "input", "median", "rate"],
    )
    texts = _SAMPLE * (2 if quick else 20)
    median, _ = best_time(lambda: [parse(t) for t in texts], repeat=3 if quick else 5)
    section.rows.append(
        [
            "parse",
            f"{len(texts)} sessions",
            f"{median * 1000:.1f} ms",
            f"{len(texts) / median:,.0f} /s",
        ]
    )
    workouts = [parse(t) for t in texts]
    median, _ = best_time(lambda: [parse(render(w)) for w in workouts], repeat=3 if quick else 5)
    section.rows.append(
        [
            "render + parse",
            f"{len(texts)} sessions",
            f"{median * 1000:.1f} ms",
            f"{len(texts) / median:,.0f} /s",
        ]
    )
    n = 36_000 if quick else 100 * 3600  # a 100-mile run at 1 Hz takes ~100,000 s or more
    columns = _activity_columns(n)

    def write() -> bytes:
        writer = FitWriter()
        writer.message("file_id", type="activity", manufacturer="development")
        writer.write_many("record", columns)
        return writer.to_bytes()

    data = write()
    median, _ = best_time(write, repeat=3)
    section.rows.append(
        [
            "FIT write_many (record, 8 fields)",
            f"{n:,} records, {len(data) / 1e6:.1f} MB",
            f"{median * 1000:.0f} ms",
            f"{n / median / 1e6:.2f} M records/s",
        ]
    )
    section.notes.append(
        "write_many packs all records of one definition into one numpy structured array; "
        "the CRC is lydiard.fit.crc's vectorised CRC-16."
    )
    return section
