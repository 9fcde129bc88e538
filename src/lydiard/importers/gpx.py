"""Read GPX 1.0 and 1.1 files into an :class:`~lydiard.model.Activity`.

What is read:

- Track points (``trk/trkseg/trkpt``) of every track, tracks put in time order; when there
  is no track, route points (``rte/rtept``). Waypoints go to ``metadata["waypoints"]``.
- ``ele``, ``time``, GPX 1.0 ``speed``, and the extension values of Garmin's
  TrackPointExtension v1/v2 (``hr``, ``cad``, ``atemp``, ``wtemp``, ``speed``), cluetrust
  gpxdata (``hr``, ``cadence``, ``temp``, ``distance``) and the usual power elements
  (``power``, ``PowerInWatts``), whatever their namespace prefix (``gpxtpx:``, ``ns3:``,
  none), even when the prefix was never declared.
- Sessions: one per run of consecutive tracks with the same ``<type>``, its sport from
  that type (a device's track log split into several tracks by pauses stays one
  session). GPX has no laps.
- The name from the first track's ``<name>`` (else the metadata's); ``creator``, version
  and descriptions in ``metadata``.

Distance is computed from positions (WGS84, Vincenty) unless the file has a distance
channel; a step across a segment break adds nothing. Speed stays NaN unless the file has
it. A track without times is read as a course (see :mod:`lydiard.importers.track`).
"""

from __future__ import annotations

import math
import re
from itertools import pairwise
from typing import Any

import numpy as np
import numpy.typing as npt

from lydiard.errors import FileFormatError, Issue, IssueLevel
from lydiard.importers.absent import drop_absent
from lydiard.importers.isotime import parse_iso_times
from lydiard.importers.track import PointColumns, assemble, chain_distances, enforce, time_order
from lydiard.importers.xmlpoints import Locate, Owners
from lydiard.importers.xmlsafe import XmlDocument, load_document, strict_error, xml_trouble
from lydiard.importers.xmltokens import Tags, TagScanner, attribute, element_text, to_floats
from lydiard.model import Activity, Samples, Session, Sport, main_sport, sport_from_text

__all__ = ["EXTENSION_CHANNELS", "read_gpx"]

#: Extension element local name -> channel.
EXTENSION_CHANNELS: dict[str, str] = {
    "hr": "heart_rate_bpm",
    "heartrate": "heart_rate_bpm",
    "cad": "cadence_rpm",
    "cadence": "cadence_rpm",
    "atemp": "temperature_c",
    "temp": "temperature_c",
    "temperature": "temperature_c",
    "wtemp": "water_temperature_c",
    "power": "power_w",
    "PowerInWatts": "power_w",
    "distance": "distance_m",
    "speed": "speed_mps",
}
# Closing </trkpt> tags are not used: GPX allows nothing between two track points, and the
# next point or a segment or track boundary ends the last one.
_CLOSED = ["trk", "trkseg", "rte", "rtept", "wpt", "extensions", "link", "metadata"]
_SCANNER = TagScanner(
    ["trkpt", *_CLOSED, "ele", "time", "type", "name", *EXTENSION_CHANNELS], ends=_CLOSED
)
_C = _SCANNER.code
_MAX_WAYPOINTS = 10_000
#: Strava's GPX export writes its numeric activity type in <type> ("9" for a run).
_STRAVA_TYPES = {"1": "ride", "4": "hike", "7": "nordicski", "9": "run", "10": "walk", "16": "swim"}


def _sport(text: str | None) -> Sport:
    return sport_from_text(_STRAVA_TYPES.get((text or "").strip(), text))


def _owners(tags: Tags, kind: str) -> Owners:
    walls = [_C[name] for name in ("trk", "trkseg", "rte", "metadata")]
    return Owners(
        tags,
        _C[kind],
        opening=[_C["trkpt"], _C["rtept"], _C["wpt"]],
        walls=walls,
        closing=[_C["rtept"], _C["wpt"]],
        extensions=_C["extensions"],
    )


def _coordinates(
    tags: Tags, starts: npt.NDArray[np.int64], issues: list[Issue], locate: Locate
) -> tuple[Any, Any]:
    """Latitude and longitude of each point, NaN where missing or unreadable.

    The common form (`` lat="46.6" lon="8.0"`` in either order, double quotes) is located
    with numpy and read column-wise; other points are read attribute by attribute.
    """
    values, fast = tags.attribute_pairs(starts, b"lat", b"lon")
    out = []
    for k, what in enumerate(("latitude", "longitude")):
        numbers, bad = values[k]
        slow = np.flatnonzero(~fast)
        missing: list[int] = []
        if slow.size:
            texts = [attribute(a, what[:3]) for a in tags.attrs(starts[slow])]
            missing = [int(slow[i]) for i, t in enumerate(texts) if t is None]
            if missing:
                issues.append(Issue(f"{len(missing)} points without a {what}", locate(missing[0])))
            numbers[slow], bad[slow] = to_floats([b"" if t is None else t for t in texts])
        if bad.any():
            first = int(np.flatnonzero(bad)[0])
            issues.append(Issue(f"{int(bad.sum())} unreadable {what} values", locate(first)))
        # GPX requires both attributes: an empty one (or "NaN") is damage, not a gap.
        blank = np.isnan(numbers) & ~bad
        blank[missing] = False
        if blank.any():
            first = int(np.flatnonzero(blank)[0])
            issues.append(
                Issue(f"{int(blank.sum())} points with an empty or NaN {what}", locate(first))
            )
        out.append(numbers)
    return out[0], out[1]


def _waypoints(points: Owners) -> list[dict[str, Any]]:
    tags, kind = points.tags, _C["wpt"]
    starts = np.flatnonzero(tags.code == kind)[:_MAX_WAYPOINTS]
    if starts.size == 0:
        return []
    number = np.cumsum(tags.code == kind) - 1
    found: list[dict[str, Any]] = []
    for attrs in tags.attrs(starts):
        found.append(
            {
                "name": None,
                "lat_deg": _number(attribute(attrs, "lat")),
                "lon_deg": _number(attribute(attrs, "lon")),
                "altitude_m": math.nan,
                "time": None,
            }
        )
    for field, child in (("name", "name"), ("altitude_m", "ele"), ("time", "time")):
        index, _ = points.children([_C[child]], extensions=False, kind=kind)
        for i in index.tolist():
            k = int(number[points.owner[i]])
            if k < len(found):
                text = tags.string(i)
                found[k][field] = _number(text.encode()) if field == "altitude_m" else text or None
    return found


def _number(text: bytes | None) -> float:
    try:
        value = float(text) if text is not None else math.nan
    except ValueError:
        return math.nan
    return value if math.isfinite(value) else math.nan


def _first_time_outside(points: Owners) -> float | None:
    """The first <time> outside any point (GPX 1.1 metadata, GPX 1.0 header), epoch s."""
    tags = points.tags
    outside = np.flatnonzero((tags.code == _C["time"]) & (points.owner < 0))
    if outside.size == 0:
        return None
    value = parse_iso_times(tags.texts(outside[:1])).epoch_s[0]
    return float(value) if math.isfinite(value) else None


def _track_types(points: Owners) -> dict[int, str]:
    """Track number -> its <type> text (direct children of <trk> only)."""
    tags = points.tags
    code = tags.code
    mask = (
        (code == _C["type"])
        & (points.owner < 0)
        & (tags.depth(_C["trk"]) > 0)
        & (tags.depth(_C["trkseg"]) == 0)
        & (tags.depth(_C["link"]) == 0)
        & ~points.in_extensions
    )
    track = np.cumsum(code == _C["trk"]) - 1
    types: dict[int, str] = {}
    for index in np.flatnonzero(mask).tolist():
        types.setdefault(int(track[index]), tags.string(index))
    return types


def _sessions(
    samples: Samples, track: npt.NDArray[np.int64], types: dict[int, str]
) -> tuple[Session, ...]:
    """One session per run of consecutive tracks of the same <type> (a sport change)."""
    if track.size == 0:
        return ()
    kind = [types.get(int(t)) for t in np.unique(track)]
    by_track = dict(zip(np.unique(track).tolist(), kind, strict=True))
    labels = [by_track[int(t)] for t in track.tolist()] if len(set(kind)) > 1 else None
    if labels is None:
        groups = [np.arange(track.size)]
    else:
        change = np.flatnonzero([a != b for a, b in pairwise(labels)]) + 1
        groups = np.split(np.arange(track.size), change)
    sessions = []
    for rows in groups:
        covered = samples.distance_m[rows]
        covered = covered[np.isfinite(covered)]
        sessions.append(
            Session(
                sport=_sport(by_track[int(track[rows[0]])]),
                start_s=float(samples.time_s[rows[0]]),
                end_s=float(samples.time_s[rows[-1]]),
                distance_m=float(covered[-1] - covered[0]) if covered.size else math.nan,
            )
        )
    return tuple(sessions)


def _header(doc: XmlDocument, group: str) -> dict[str, Any]:
    """Creator, version, names and descriptions from the part before the first point."""
    raw = doc.raw
    point = b"trkpt" if group == "trk" else b"rtept"
    first = re.search(rb"<(?:[\w.-]+:)?" + point + rb"(?=[\s/>])", raw)
    head_end = first.start() if first else len(raw)
    out: dict[str, Any] = {}
    root = re.search(rb"<(?:[\w.-]+:)?gpx(?=[\s/>])([^>]*)>", raw)
    if root:
        for key in ("creator", "version"):
            found = attribute(root.group(1), key)
            if found:
                out[key] = found.decode("utf-8", "replace")
    meta = re.search(rb"<(?:[\w.-]+:)?metadata(?=[\s/>])", raw)
    if meta and meta.start() < head_end:
        meta_end = re.search(rb"</(?:[\w.-]+:)?metadata\s*>", raw)
        stop = meta_end.start() if meta_end else head_end
        for key, tag in (("metadata_name", "name"), ("metadata_description", "desc")):
            value = element_text(raw, tag, meta.start(), stop)
            if value:
                out[key] = value
    track = re.search(rb"<(?:[\w.-]+:)?" + group.encode() + rb"(?=[\s/>])", raw)
    if track and track.start() < head_end:
        segment = re.search(
            rb"<(?:[\w.-]+:)?(?:trkseg|rtept)(?=[\s/>])", raw[track.start() : head_end]
        )
        stop = track.start() + segment.start() if segment else head_end
        for key, tag in (("track_name", "name"), ("description", "desc")):
            value = element_text(raw, tag, track.start(), stop)
            if value:
                out[key] = value
    return out


def read_gpx(data: bytes, *, name: str | None = None, strict: bool = False) -> Activity:
    """Read a GPX file.

    Args:
        data: the file's bytes (any encoding the XML declaration names, UTF-16, BOMs).
        name: the file name, used in messages.
        strict: raise on any problem of warning level or worse instead of listing it in
            ``activity.issues``.

    Returns:
        The activity; ``metadata["course"]`` is True for a track or route without times.

    Raises:
        FileFormatError: for hostile or non-GPX XML, damage before the first point, or no
            track or route points at all; FileTruncatedError (strict) for a cut file.
    """
    doc = load_document(data, name, "gpx")
    issues: list[Issue] = list(doc.issues)
    tags = _SCANNER.scan(doc.text, cut=doc.error is not None)
    counts = {kind: int((tags.code == _C[kind]).sum()) for kind in ("trkpt", "rtept", "wpt")}
    kind = "trkpt" if counts["trkpt"] else "rtept"
    if counts[kind] == 0:
        problem = (
            f" (the XML breaks off at {doc.error.where}: {doc.error.reason})" if doc.error else ""
        )
        raise FileFormatError(
            f"{doc.name}: no track or route points, only {counts['wpt']} waypoints{problem}; "
            "nothing to import"
        )
    if kind == "trkpt" and counts["rtept"]:
        issues.append(
            Issue(
                f"a route of {counts['rtept']} points ignored; the track is used",
                "",
                IssueLevel.INFO,
            )
        )
    points = _owners(tags, kind)
    n = len(points)
    point_offsets = tags.start[points.starts]

    def locate(point: int) -> str:
        return doc.position(int(point_offsets[point])) if 0 <= point < n else ""

    xml_trouble(doc, f"{n} points", issues)
    lat, lon = _coordinates(tags, points.starts, issues, locate)
    columns: dict[str, npt.NDArray[np.float64]] = {"lat_deg": lat, "lon_deg": lon}
    wanted: dict[str, tuple[list[str], bool]] = {"altitude_m": (["ele"], False)}
    for element, channel in EXTENSION_CHANNELS.items():
        wanted.setdefault(channel, ([], True))[0].append(element)
    wanted["speed_10"] = (["speed"], False)  # GPX 1.0 <speed>, m/s
    for channel, (names, extensions) in wanted.items():
        label = "<" + "/".join(names) + ">"
        values = points.values([_C[n] for n in names], label, issues, locate, extensions=extensions)
        if values is not None:
            columns[channel] = values
    speed_10 = columns.pop("speed_10", None)
    if speed_10 is not None and "speed_mps" not in columns:
        columns["speed_mps"] = speed_10
    times = points.times(_C["time"], issues, locate)
    epoch, naive, offset = times.epoch_s, times.naive, times.utc_offset_s
    group = "trk" if kind == "trkpt" else "rte"
    code = tags.code
    track = (np.cumsum(code == _C[group]) - 1)[points.starts]
    segment = np.cumsum((code == _C["trkseg"]) | (code == _C[group]))[points.starts]
    rows = np.arange(n)
    order = time_order(track, epoch)
    if order is not None:
        issues.append(Issue("tracks put in time order", "", IssueLevel.INFO))
        epoch, track, segment, rows = epoch[order], track[order], segment[order], rows[order]
        columns = {k: v[order] for k, v in columns.items()}
    if "distance_m" in columns:
        columns["distance_m"] = chain_distances(columns["distance_m"], track)
    result = assemble(
        PointColumns(epoch, columns, segment, naive, offset),
        lambda i: locate(int(rows[i])),
        fallback_start_s=_first_time_outside(points),
    )
    issues.extend(result.issues)
    types = _track_types(points)
    sessions = () if result.course else _sessions(result.samples, track[result.kept], types)
    metadata: dict[str, Any] = dict(result.metadata)
    header = _header(doc, group)
    track_name = header.pop("track_name", None)
    metadata.update(header)
    waypoints = _waypoints(points)
    if waypoints:
        metadata["waypoints"] = waypoints
    enforce(issues, strict, strict_error(doc))
    return drop_absent(
        Activity(
            start_time=result.start,
            samples=result.samples,
            sport=main_sport(s.sport for s in sessions) or _sport(types.get(0)),
            sessions=sessions,
            name=track_name or header.get("metadata_name"),
            utc_offset_s=offset,
            source_format="gpx",
            source_name=name,
            issues=tuple(issues),
            metadata=metadata,
        )
    )
