"""Read Garmin Training Center (TCX) files into an :class:`~lydiard.model.Activity`.

What is read:

- Every ``Activity`` (also inside a ``MultiSportSession``) and every ``Course``; each
  becomes one :class:`~lydiard.model.Session` with its sport from the ``Sport`` attribute,
  and the activity's samples are all their track points in time order. **Rule for files
  with several activities:** they become one Activity with several sessions (a multisport
  race, or a watch's history exported in one file); when two of them are more than
  :data:`SPLIT_GAP_S` apart an issue says so, and :func:`read_tcx_activities` (used by
  ``lydiard.read_activities``) returns them as separate activities instead.
- Laps: ``StartTime``, ``TotalTimeSeconds`` (timer time), ``DistanceMeters``, average and
  maximum heart rate, ``Calories``, ``Intensity``, ``TriggerMethod`` and the LX extension
  (``AvgWatts``).
- Track points: ``Time``, position, ``AltitudeMeters``, ``DistanceMeters``, heart rate,
  ``Cadence``, and the TPX extension (``Speed`` in m/s, ``RunCadence``, ``Watts``), with any
  namespace prefix (``ns3:``, ``tpx:``, none).
- ``Creator``'s ``Name`` is the device; ``Notes``, ``Id`` and the ``Author`` go to
  ``metadata``. A TCX course sets ``metadata["course"]``.

Distance: the file's ``DistanceMeters`` (restarting at 0 in each activity, made cumulative
over the whole file); computed from positions only when the file has none.
"""

from __future__ import annotations

import math
from itertools import pairwise
from typing import Any

import numpy as np
import numpy.typing as npt

from lydiard.errors import FileFormatError, Issue, IssueLevel
from lydiard.importers.absent import drop_absent
from lydiard.importers.isotime import parse_iso_times
from lydiard.importers.tcx_sessions import group_sessions, make_laps, make_sessions, session_part
from lydiard.importers.track import (
    PointColumns,
    assemble,
    chain_distances,
    enforce,
    time_order,
)
from lydiard.importers.xmlpoints import Owners
from lydiard.importers.xmlsafe import XmlDocument, load_document, strict_error, xml_trouble
from lydiard.importers.xmltokens import Tags, TagScanner, attribute
from lydiard.model import Activity, Session, main_sport, sport_from_text

__all__ = ["SPLIT_GAP_S", "read_tcx", "read_tcx_activities"]

#: Activities of one file further apart than this (end to next start) are separate
#: workouts, not legs of a multisport race.
SPLIT_GAP_S = 3600.0

_ENDS = ["Activity", "Course", "Lap", "Track", "Creator", "Author", "Extensions"]
_LAP_FIELDS = [
    "TotalTimeSeconds",
    "Calories",
    "AverageHeartRateBpm",
    "MaximumHeartRateBpm",
    "MaximumSpeed",
    "Intensity",
    "TriggerMethod",
    "AvgWatts",
    "MaxWatts",
]
_SCANNER = TagScanner(
    [
        *_ENDS,
        "Trackpoint",
        "Time",
        "LatitudeDegrees",
        "LongitudeDegrees",
        "AltitudeMeters",
        "DistanceMeters",
        "HeartRateBpm",
        "Value",
        "Cadence",
        "Speed",
        "RunCadence",
        "Watts",
        *_LAP_FIELDS,
        "Name",
        "Id",
        "Notes",
    ],
    ends=_ENDS,
)
_C = _SCANNER.code
_POINT_CHANNELS: dict[str, tuple[list[str], bool | None]] = {
    "lat_deg": (["LatitudeDegrees"], False),
    "lon_deg": (["LongitudeDegrees"], False),
    "altitude_m": (["AltitudeMeters"], False),
    "distance_m": (["DistanceMeters"], False),
    "cadence_rpm": (["Cadence", "RunCadence"], None),
    "speed_mps": (["Speed"], True),
    "power_w": (["Watts"], True),
}


class _Structure:
    """Activity, lap and track numbers of every tag."""

    def __init__(self, tags: Tags) -> None:
        code = tags.code
        self.tags = tags
        self.activity_starts = np.flatnonzero((code == _C["Activity"]) | (code == _C["Course"]))
        self.activity = np.cumsum((code == _C["Activity"]) | (code == _C["Course"])) - 1
        self.lap_starts = np.flatnonzero(code == _C["Lap"])
        self.lap = np.cumsum(code == _C["Lap"]) - 1
        self.in_lap = tags.depth(_C["Lap"]) > 0
        self.in_track = tags.depth(_C["Track"]) > 0
        self.in_activity = (tags.depth(_C["Activity"]) + tags.depth(_C["Course"])) > 0
        self.previous = np.concatenate(([0], code[:-1]))


def _lap_values(
    tags: Tags, points: Owners, structure: _Structure
) -> dict[int, dict[str, float | str]]:
    """Lap number -> its fields, from the few tags of each lap outside its tracks."""
    code = tags.code
    fields = {_C[name]: name for name in [*_LAP_FIELDS, "DistanceMeters", "Cadence", "Value"]}
    mask = np.isin(code, list(fields)) & (points.owner < 0) & structure.in_lap & ~structure.in_track
    laps: dict[int, dict[str, float | str]] = {}
    index = np.flatnonzero(mask)
    for i, text in zip(index.tolist(), tags.strings(index), strict=True):
        name = fields[int(code[i])]
        if name in ("AverageHeartRateBpm", "MaximumHeartRateBpm"):
            continue  # the number is in the <Value> that follows
        if name == "Value":
            name = _SCANNER.names[int(structure.previous[i]) - 1]
            if name not in ("AverageHeartRateBpm", "MaximumHeartRateBpm"):
                continue
        of_lap = laps.setdefault(int(structure.lap[i]), {})
        of_lap.setdefault(name, text if name in ("Intensity", "TriggerMethod") else _number(text))
    return laps


def _number(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        return math.nan
    return value if math.isfinite(value) else math.nan


def _activity_facts(tags: Tags, structure: _Structure) -> list[dict[str, Any]]:
    """Per activity: sport, id, notes, device name."""
    code = tags.code
    facts: list[dict[str, Any]] = []
    for start, attrs in zip(
        structure.activity_starts.tolist(), tags.attrs(structure.activity_starts), strict=True
    ):
        sport = attribute(attrs, "Sport")
        facts.append(
            {
                "sport": sport.decode("utf-8", "replace") if sport else None,
                "course": bool(code[start] == _C["Course"]),
            }
        )
    wanted = np.flatnonzero(
        np.isin(code, [_C["Id"], _C["Notes"], _C["Name"]])
        & structure.in_activity
        & ~structure.in_lap
    )
    for i, text in zip(wanted.tolist(), tags.strings(wanted), strict=True):
        k = int(structure.activity[i])
        if not 0 <= k < len(facts):
            continue
        tag = int(code[i])
        parent = int(structure.previous[i])
        if tag == _C["Id"]:
            facts[k].setdefault("id", text)
        elif tag == _C["Notes"]:
            facts[k].setdefault("notes", text)
        elif parent == _C["Creator"]:
            facts[k].setdefault("device", text)
        elif parent == _C["Course"]:
            facts[k].setdefault("name", text)
    return facts


def _author(tags: Tags, structure: _Structure) -> str | None:
    names = np.flatnonzero((tags.code == _C["Name"]) & (structure.previous == _C["Author"]))
    return tags.string(int(names[0])) if names.size else None


def _heart_rate(points: Owners, structure: _Structure, issues: list[Issue], locate: Any) -> Any:
    index, point = points.children([_C["Value"]], extensions=False)
    keep = structure.previous[index] == _C["HeartRateBpm"]
    return points.values(
        [_C["Value"]], "heart-rate", issues, locate, index=index[keep], point=point[keep]
    )


def _epochs(texts: list[bytes | None]) -> npt.NDArray[np.float64]:
    present = [t if t is not None else b"" for t in texts]
    return parse_iso_times(present).epoch_s


def _laps(
    tags: Tags,
    points: Owners,
    structure: _Structure,
    epoch: npt.NDArray[np.float64],
    facts: list[dict[str, Any]],
    issues: list[Issue],
    doc: XmlDocument,
) -> list[dict[str, Any]]:
    """Each lap's span (epoch seconds), activity and fields."""
    values = _lap_values(tags, points, structure)
    starts_at = _epochs([attribute(a, "StartTime") for a in tags.attrs(structure.lap_starts)])
    lap_of_point = structure.lap[points.starts]
    laps: list[dict[str, Any]] = []
    for k, tag in enumerate(structure.lap_starts.tolist()):
        own = epoch[lap_of_point == k]
        own = own[np.isfinite(own)]
        begin = float(starts_at[k])
        if not math.isfinite(begin):
            if own.size == 0:
                issues.append(
                    Issue(f"lap {k + 1} ignored: no start time", doc.position(int(tags.start[tag])))
                )
                continue
            begin = float(own.min())
        fields = values.get(k, {})
        timer = float(fields.get("TotalTimeSeconds", math.nan))
        end = begin + timer if math.isfinite(timer) and timer >= 0 else begin
        if own.size:
            end = max(end, float(own.max()))
        laps.append(
            {
                "begin": begin,
                "end": end,
                "activity": int(structure.activity[tag]),
                "fields": fields,
                "line": doc.position(int(tags.start[tag])),
            }
        )
    laps.sort(key=lambda lap: lap["begin"])
    for this, following in pairwise(laps):
        if (
            this["activity"] == following["activity"]
            and this["end"] > following["begin"] >= this["begin"]
        ):
            this["end"] = following["begin"]
    return laps


def read_tcx(data: bytes, *, name: str | None = None, strict: bool = False) -> Activity:
    """Read a TCX file as one activity (several activities become sessions).

    Args:
        data: the file's bytes (any encoding the XML declaration names, UTF-16, BOMs).
        name: the file name, used in messages.
        strict: raise on any problem of warning level or worse instead of listing it in
            ``activity.issues``.

    Raises:
        FileFormatError: for hostile or non-TCX XML, damage before the first activity, or a
            file without activities or courses; FileTruncatedError (strict) for a cut file.
    """
    doc = load_document(data, name, "TrainingCenterDatabase")
    issues: list[Issue] = list(doc.issues)
    tags = _SCANNER.scan(doc.text, cut=doc.error is not None)
    structure = _Structure(tags)
    if structure.activity_starts.size == 0:
        problem = (
            f" (the XML breaks off at {doc.error.where}: {doc.error.reason})" if doc.error else ""
        )
        raise FileFormatError(
            f"{doc.name}: no activity or course in this TCX file{problem}; nothing to import"
        )
    points = Owners(
        tags,
        _C["Trackpoint"],
        opening=[_C["Trackpoint"]],
        walls=[_C[n] for n in ("Track", "Lap", "Activity", "Course", "Creator")],
        extensions=_C["Extensions"],
    )
    n = len(points)
    point_offsets = tags.start[points.starts]

    def locate(point: int) -> str:
        return doc.position(int(point_offsets[point])) if 0 <= point < n else ""

    xml_trouble(doc, f"{n} track points", issues)
    columns: dict[str, npt.NDArray[np.float64]] = {}
    for channel, (names, extensions) in _POINT_CHANNELS.items():
        label = "<" + "/".join(names) + ">"
        values = points.values([_C[x] for x in names], label, issues, locate, extensions=extensions)
        if values is not None:
            columns[channel] = values
    heart = _heart_rate(points, structure, issues, locate)
    if heart is not None:
        columns["heart_rate_bpm"] = heart
    times = points.times(_C["Time"], issues, locate)
    epoch = times.epoch_s
    facts = _activity_facts(tags, structure)
    laps = _laps(tags, points, structure, epoch, facts, issues, doc)
    block = structure.activity[points.starts].astype(np.int64)
    segment = np.cumsum(np.isin(tags.code, [_C["Track"], _C["Activity"], _C["Course"]]))[
        points.starts
    ]
    rows = np.arange(n)
    order = time_order(block, epoch)
    if order is not None:
        issues.append(Issue("activities put in time order", "", IssueLevel.INFO))
        epoch, block, segment, rows = epoch[order], block[order], segment[order], rows[order]
        columns = {k: v[order] for k, v in columns.items()}
    if "distance_m" in columns and len(facts) > 1:
        columns["distance_m"] = chain_distances(columns["distance_m"], block)
    if n == 0 and not laps and doc.error is not None and not doc.error.trailing:
        how = "ends early" if doc.error.truncated else "is damaged"
        raise FileFormatError(
            f"{doc.name}: the file {how} before any track point or lap "
            f"({doc.error.where}: {doc.error.reason})"
        )
    lap_begins = [lap["begin"] for lap in laps]
    timed = epoch[np.isfinite(epoch)]
    origin = min([*lap_begins, *(timed[:1].tolist())]) if lap_begins or timed.size else None
    result = assemble(
        PointColumns(epoch, columns, segment.astype(np.int64), times.naive, times.utc_offset_s),
        lambda i: locate(int(rows[i])),
        origin_s=origin,
        fallback_start_s=min(lap_begins) if lap_begins else None,
    )
    issues.extend(result.issues)
    start = result.start.timestamp()
    sessions = make_sessions(laps, facts, result.samples, block[result.kept], start)
    _report_gaps(sessions, issues)
    metadata: dict[str, Any] = dict(result.metadata)
    ids = [f["id"] for f in facts if f.get("id")]
    if ids:
        metadata["activity_ids"] = ids
    notes = [f["notes"] for f in facts if f.get("notes")]
    if notes:
        metadata["notes"] = "\n\n".join(notes)
    author = _author(tags, structure)
    if author:
        metadata["author"] = author
    if any(f["course"] for f in facts):
        metadata["course"] = True
    enforce(issues, strict, strict_error(doc))
    device = next((f["device"] for f in facts if f.get("device")), None)
    return drop_absent(
        Activity(
            start_time=result.start,
            samples=result.samples,
            sport=main_sport(s.sport for s in sessions) or sport_from_text(facts[0].get("sport")),
            laps=make_laps(laps, start, facts),
            sessions=sessions,
            name=next((f["name"] for f in facts if f.get("name")), None),
            device=device,
            utc_offset_s=times.utc_offset_s,
            source_format="tcx",
            source_name=name,
            issues=tuple(issues),
            metadata=metadata,
        )
    )


def _report_gaps(sessions: tuple[Session, ...], issues: list[Issue]) -> None:
    gaps = [b.start_s - a.end_s for a, b in pairwise(sessions)]
    if any(gap > SPLIT_GAP_S for gap in gaps):
        span_days = (sessions[-1].end_s - sessions[0].start_s) / 86400.0
        issues.append(
            Issue(
                f"the file holds {len(sessions)} activities over {span_days:.1f} days; "
                "read as one activity with sessions (lydiard.read_activities splits them)",
                "",
                IssueLevel.WARNING,
            )
        )


def read_tcx_activities(
    data: bytes, *, name: str | None = None, strict: bool = False
) -> list[Activity]:
    """Read a TCX file as separate activities where its activities are far apart in time.

    Activities less than :data:`SPLIT_GAP_S` apart (the legs of a multisport race) stay
    together as sessions of one activity.
    """
    whole = read_tcx(data, name=name, strict=False)
    groups = group_sessions(whole.sessions, SPLIT_GAP_S)
    if len(groups) < 2:
        if strict:
            read_tcx(data, name=name, strict=True)
        return [whole]
    if strict:
        read_tcx(data, name=name, strict=True)
    return [session_part(whole, group, k, len(groups)) for k, group in enumerate(groups)]
