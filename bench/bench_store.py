"""Store: samples codec ratio and speed; bulk import throughput.

Synthetic activities have FIT-like resolutions (speed in mm/s, distance in cm, altitude in
0.2 m, positions in semicircles, whole bpm). Real FIT files from ../shared/data are
decoded with fitdecode here (the project's FIT reader may not be merged yet) to measure
the codec against the size of the original file. Import throughput takes a list of
files, so the same function can time the simulator's 5,000-activity archive later.
"""

from __future__ import annotations

import importlib.util
import os
import statistics
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np

from bench.report import Section, best_time
from lydiard.model import Activity, Samples, Sport
from lydiard.store import decode_samples, encode_samples, open_store

SHARED = Path(
    os.environ.get("LYDIARD_SHARED_DATA") or Path(__file__).resolve().parents[2] / "shared" / "data"
)
REAL_FIT = [
    "fitparse__activity-small-fenix2-run.fit",
    "fitparse__garmin-edge-500-activity.fit",
    "fitparse__2019-02-17-062644-ELEMNT-297E-195-0.fit",
    "fitparse__developer-types-sample.fit",
    "gc__Garmin1000_withFirstbeat.fit",
]
START = datetime(2024, 6, 1, 6, 0, tzinfo=UTC)
SEMICIRCLE_DEG = 180.0 / 2**31


def synthetic_samples(seconds: int, seed: int) -> Samples:
    """One second per sample of a hilly run, at the resolutions a FIT file stores."""
    rng = np.random.default_rng(seed)
    t = np.arange(seconds, dtype=np.float64)
    speed = np.round((3.2 + 0.4 * np.sin(t / 240) + rng.normal(0, 0.08, seconds)) * 1000) / 1000
    distance = np.round(np.cumsum(speed) * 100) / 100
    altitude = np.round((1500 + 120 * np.sin(t / 900) + rng.normal(0, 0.3, seconds)) * 5) / 5
    heading = np.cumsum(rng.normal(0, 0.02, seconds))
    north = np.cumsum(speed * np.cos(heading)) / 111_195
    east = np.cumsum(speed * np.sin(heading)) / (111_195 * np.cos(np.radians(39.6)))
    lat = np.round((39.6 + north) / SEMICIRCLE_DEG) * SEMICIRCLE_DEG
    lon = np.round((-105.3 + east) / SEMICIRCLE_DEG) * SEMICIRCLE_DEG
    heart = np.round(145 + 12 * np.sin(t / 600) + rng.normal(0, 1.5, seconds))
    heart[rng.integers(0, seconds, seconds // 200)] = np.nan  # strap dropouts
    cadence = np.round(88 + rng.normal(0, 1.5, seconds))
    temperature = np.round(18 + t / seconds * 6)
    return Samples.from_columns(
        time_s=t,
        lat_deg=lat,
        lon_deg=lon,
        altitude_m=altitude,
        distance_m=distance,
        speed_mps=speed,
        heart_rate_bpm=heart,
        cadence_rpm=cadence,
        temperature_c=temperature,
    )


def gpx_text(samples: Samples, start: datetime, name: str) -> str:
    """A GPX 1.1 track of the samples (positions 7 decimals, elevation 1 decimal, HR)."""
    rows = []
    for i in range(len(samples)):
        when = (start + timedelta(seconds=float(samples.time_s[i]))).strftime("%Y-%m-%dT%H:%M:%SZ")
        hr = samples.heart_rate_bpm[i]
        ext = (
            f"<extensions><gpxtpx:TrackPointExtension><gpxtpx:hr>{int(hr)}</gpxtpx:hr>"
            "</gpxtpx:TrackPointExtension></extensions>"
            if np.isfinite(hr)
            else ""
        )
        rows.append(
            f'<trkpt lat="{samples.lat_deg[i]:.7f}" lon="{samples.lon_deg[i]:.7f}">'
            f"<ele>{samples.altitude_m[i]:.1f}</ele><time>{when}</time>{ext}</trkpt>\n"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<gpx version="1.1" creator="lydiard bench" '
        'xmlns="http://www.topografix.com/GPX/1/1" '
        'xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">\n'
        f"<trk><name>{name}</name><type>running</type><trkseg>\n{''.join(rows)}</trkseg></trk></gpx>\n"
    )


def read_bench_gpx(data: bytes, name: str | None = None, *, strict: bool = False) -> Activity:
    """A minimal GPX reader for the benchmark when lydiard's own is not installed."""
    from defusedxml import ElementTree

    ns = {
        "g": "http://www.topografix.com/GPX/1/1",
        "x": "http://www.garmin.com/xmlschemas/TrackPointExtension/v1",
    }
    root = ElementTree.fromstring(data)
    points = root.findall(".//g:trkpt", ns)
    times = [
        datetime.fromisoformat(p.findtext("g:time", "", ns).replace("Z", "+00:00")) for p in points
    ]
    return Activity(
        start_time=times[0],
        samples=Samples.from_columns(
            time_s=[(t - times[0]).total_seconds() for t in times],
            lat_deg=[float(p.get("lat", "nan")) for p in points],
            lon_deg=[float(p.get("lon", "nan")) for p in points],
            altitude_m=[float(p.findtext("g:ele", "nan", ns)) for p in points],
            heart_rate_bpm=[float(p.findtext(".//x:hr", "nan", ns)) for p in points],
        ),
        sport=Sport.RUN,
        name=root.findtext(".//g:name", None, ns),
        source_format="gpx",
        source_name=name,
    )


def gpx_reader() -> tuple[Callable[..., Activity], str]:
    """lydiard's GPX reader when it is installed, else the minimal one above."""
    if importlib.util.find_spec("lydiard.importers.gpx") is not None:
        from lydiard.importers import read_bytes

        return read_bytes, "lydiard.importers"
    return read_bench_gpx, "bench minimal GPX reader"


def fit_samples(path: Path) -> Samples | None:
    """Record messages of a FIT file as Samples, decoded with fitdecode (bench only)."""
    import fitdecode

    fields = {
        "position_lat": "lat_deg",
        "position_long": "lon_deg",
        "enhanced_altitude": "altitude_m",
        "altitude": "altitude_m",
        "distance": "distance_m",
        "enhanced_speed": "speed_mps",
        "speed": "speed_mps",
        "heart_rate": "heart_rate_bpm",
        "cadence": "cadence_rpm",
        "power": "power_w",
        "temperature": "temperature_c",
    }
    rows: list[dict[str, float]] = []
    first: datetime | None = None
    with fitdecode.FitReader(str(path), check_crc=fitdecode.CrcCheck.DISABLED) as reader:
        for frame in reader:
            if not isinstance(frame, fitdecode.FitDataMessage) or frame.name != "record":
                continue
            row: dict[str, float] = {}
            for field in frame.fields:
                channel = fields.get(field.name)
                if channel is None or field.value is None or channel in row:
                    continue
                value = float(field.value) if isinstance(field.value, int | float) else None
                if value is None:
                    continue
                if channel in ("lat_deg", "lon_deg"):
                    value *= SEMICIRCLE_DEG
                row[channel] = value
            stamp = frame.get_value("timestamp", fallback=None)
            if isinstance(stamp, datetime):
                first = first or stamp
                row["time_s"] = (stamp - first).total_seconds()
                rows.append(row)
    if not rows:
        return None
    columns = {
        name: np.array([r.get(name, np.nan) for r in rows])
        for name in ["time_s", *set(fields.values())]
    }
    order = np.argsort(columns["time_s"], kind="stable")
    return Samples.from_columns(**{k: v[order] for k, v in columns.items()})


def codec_figures(samples: Samples, compression: str, repeat: int) -> tuple[int, float, float]:
    """(blob bytes, encode MB/s, decode MB/s) where MB counts the float64 arrays."""
    blob = encode_samples(samples, compression)
    assert decode_samples(blob).equals(samples)
    encode_s, _ = best_time(lambda: encode_samples(samples, compression), repeat)
    decode_s, _ = best_time(lambda: decode_samples(blob), repeat)
    megabytes = samples.nbytes / 1e6
    return len(blob), megabytes / encode_s, megabytes / decode_s


def import_throughput(
    files: Sequence[Path],
    *,
    reader: Callable[..., Activity],
    jobs: int = 1,
    database_url: str | None = None,
) -> dict[str, Any]:
    """Import files into a fresh database and time it (first run, then the idempotent rerun).

    Args:
        files: activity files (e.g. the simulator's archive).
        reader: the reader passed to ingest.
        jobs: worker processes.
        database_url: where to import (a temporary SQLite file when None).

    Returns:
        files, bytes, seconds, files/s, MB/s, the rerun's seconds, and the database size.
    """
    from lydiard.ingest import Outcome, import_paths

    with tempfile.TemporaryDirectory() as tmp:
        url = database_url or f"sqlite:///{Path(tmp) / 'bench.db'}"
        store = open_store(url)
        started = time.perf_counter()
        report = import_paths(files, store, reader=reader, jobs=jobs)
        seconds = time.perf_counter() - started
        started = time.perf_counter()
        again = import_paths(files, store, reader=reader, jobs=jobs)
        rerun = time.perf_counter() - started
        size = store.info().size_bytes
        store.close()
    size_in = sum(f.stat().st_size for f in files)
    assert report.count(Outcome.FAILED) == 0, report.failures[:3]
    assert again.counts()["skipped"] == len(files)
    return {
        "files": len(files),
        "bytes": size_in,
        "seconds": seconds,
        "files_per_s": len(files) / seconds,
        "mb_per_s": size_in / 1e6 / seconds,
        "rerun_s": rerun,
        "db_bytes": size,
    }


def store_throughput(activities: Sequence[Activity], database_url: str | None = None) -> float:
    """Seconds to prepare (summary, codec) and write activities, one transaction each."""
    from lydiard.store import prepare_activity

    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(database_url or f"sqlite:///{Path(tmp) / 'bench.db'}")
        me = store.athletes.ensure("bench")
        started = time.perf_counter()
        for activity in activities:
            store.activities.add(me.id, prepare_activity(activity))
        seconds = time.perf_counter() - started
        store.close()
    return seconds


def run(quick: bool) -> Section:
    section = Section(
        module="bench_store",
        title="Store: samples codec and bulk import",
        columns=["what", "input", "figure"],
    )
    repeat = 3 if quick else 7
    # Codec on synthetic one-hour runs (9 channels at 1 Hz).
    hour = synthetic_samples(3600, seed=1)
    present = sum(a.nbytes for _, a in hour.channels() if np.isfinite(a).any())
    for compression in ("zlib", "lzma"):
        size, enc, dec = codec_figures(hour, compression, repeat)
        section.rows.append(
            [
                f"codec {compression}: bytes per hour of 1 Hz samples",
                "synthetic run, 9 channels",
                f"{size:,} B ({present / size:.1f}x smaller than the float64 arrays)",
            ]
        )
        section.rows.append(
            [
                f"codec {compression}: encode / decode speed",
                "same",
                f"{enc:.0f} / {dec:.0f} MB/s of float64",
            ]
        )
    gpx = gpx_text(hour, START, "bench").encode()
    section.rows.append(
        [
            "codec zlib vs the GPX of the same hour",
            f"GPX {len(gpx):,} B",
            f"{len(gpx) / len(encode_samples(hour)):.1f}x smaller",
        ]
    )
    # Real FIT files, decoded with fitdecode.
    if SHARED.is_dir():
        ratios = []
        for name in REAL_FIT[: 2 if quick else None]:
            path = SHARED / "fit" / name
            if not path.exists():
                continue
            samples = fit_samples(path)
            if samples is None:
                continue
            size, enc, _ = codec_figures(samples, "zlib", 3)
            ratios.append(path.stat().st_size / size)
            section.rows.append(
                [
                    f"codec zlib vs the FIT file: {name}",
                    f"{path.stat().st_size:,} B, {len(samples):,} records",
                    f"{size:,} B ({path.stat().st_size / size:.1f}x smaller); "
                    f"encode {enc:.0f} MB/s",
                ]
            )
        if ratios:
            section.rows.append(
                [
                    "codec zlib vs FIT, median",
                    f"{len(ratios)} files",
                    f"{statistics.median(ratios):.1f}x smaller",
                ]
            )
    # The store's own share of an import: summary, codec, one transaction per activity.
    count = 20 if quick else 200
    made = [
        Activity(
            START + timedelta(days=i),
            synthetic_samples(3600, seed=i),
            Sport.RUN,
            source_format="fit",
        )
        for i in range(count)
    ]
    seconds = store_throughput(made)
    section.rows.append(
        [
            "store side of import: summarise + encode + write",
            f"{count} one-hour runs, SQLite",
            f"{count / seconds:.0f} activities/s ({seconds / count * 1e3:.1f} ms each)",
        ]
    )
    # Import throughput on synthetic GPX files, parsing included.
    reader, reader_name = gpx_reader()
    count = 20 if quick else 100
    with tempfile.TemporaryDirectory() as tmp:
        files = []
        for i in range(count):
            path = Path(tmp) / f"run-{i:04d}.gpx"
            path.write_text(
                gpx_text(synthetic_samples(1800, seed=i), START + timedelta(days=i), f"Run {i}")
            )
            files.append(path)
        for jobs in (1, 2):
            figures = import_throughput(files, reader=reader, jobs=jobs)
            section.rows.append(
                [
                    f"import, --jobs {jobs}",
                    f"{count} GPX files of 30 min ({figures['bytes'] / 1e6:.1f} MB), {reader_name}",
                    f"{figures['files_per_s']:.1f} files/s ({figures['mb_per_s']:.1f} MB/s); "
                    "rerun (all skipped) "
                    f"{figures['rerun_s']:.2f} s; database {figures['db_bytes'] / 1e6:.2f} MB",
                ]
            )
    section.notes.append(
        "Codec speeds count the float64 arrays "
        "(8 bytes x rows x channels, all-NaN channels included)."
    )
    section.notes.append(
        "Import time includes parsing, summary, encoding and one SQLite transaction per activity; "
        "on this 2-vCPU machine a second worker mostly competes with the writer."
    )
    return section
