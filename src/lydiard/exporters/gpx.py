"""GPX 1.1 tracks with Garmin's TrackPointExtension (heart rate, cadence, temperature).

What a Garmin Connect export holds, written from an :class:`~lydiard.model.Activity`:

* ``metadata/time`` (the start), one ``trk`` with the activity's ``name`` and ``type``
  (the sport as Garmin names it: ``running``, ``trail_running``, ``cycling``,
  ``cross_country_skiing``...);
* a ``trkseg`` per stretch of recording (a pause of the recording, as in
  :func:`lydiard.exporters.fit_activity.pauses`, starts a new segment);
* per point: ``lat``/``lon`` with 7 decimals (about 1 cm), ``ele`` with 1 decimal,
  ``time`` in UTC (milliseconds only when a time is not whole), and in ``extensions`` a
  ``power`` element (watts, as Strava and Garmin write it) and
  ``gpxtpx:TrackPointExtension`` (namespace
  ``http://www.garmin.com/xmlschemas/TrackPointExtension/v1``) with ``atemp`` (deg C),
  ``hr`` (bpm) and ``cad`` (per minute), each only where there is a value.

GPX has no laps, sessions, distance or speed: a reader computes distance from positions.
Activities without positions (a ski erg) cannot be GPX and raise
:class:`~lydiard.errors.EncodeError`.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

import numpy as np

from lydiard.errors import EncodeError
from lydiard.exporters.fit_activity import pauses
from lydiard.exporters.xmltext import decimal_texts, integer_texts, iso_times
from lydiard.model import Activity, Sport

__all__ = ["GPX_TYPES", "TPX_NAMESPACE", "encode_gpx"]

#: Garmin's TrackPointExtension v1 namespace.
TPX_NAMESPACE = "http://www.garmin.com/xmlschemas/TrackPointExtension/v1"
#: The ``<type>`` of each sport, as Garmin Connect writes it.
GPX_TYPES: dict[Sport, str] = {
    Sport.RUN: "running",
    Sport.TRAIL_RUN: "trail_running",
    Sport.TREADMILL: "treadmill_running",
    Sport.WALK: "walking",
    Sport.HIKE: "hiking",
    Sport.BIKE: "cycling",
    Sport.NORDIC_SKI: "cross_country_skiing",
    Sport.SKI_ERG: "indoor_skiing",
    Sport.ROW: "rowing",
    Sport.SWIM: "swimming",
    Sport.STRENGTH: "strength_training",
    Sport.TRANSITION: "transition",
    Sport.OTHER: "other",
}
_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<gpx version="1.1" creator="{creator}" xmlns="http://www.topografix.com/GPX/1/1" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    f'xmlns:gpxtpx="{TPX_NAMESPACE}" '
    'xsi:schemaLocation="http://www.topografix.com/GPX/1/1 '
    "http://www.topografix.com/GPX/1/1/gpx.xsd "
    f"{TPX_NAMESPACE} "
    'http://www8.garmin.com/xmlschemas/TrackPointExtensionv1.xsd">\n'
)


def encode_gpx(activity: Activity, *, creator: str = "lydiard") -> bytes:
    """The GPX 1.1 file of an activity, UTF-8.

    Args:
        activity: the activity; it needs positions.
        creator: the ``creator`` attribute.

    Raises:
        EncodeError: when the activity has no position to write.
    """
    s = activity.samples
    located = np.isfinite(s.lat_deg) & np.isfinite(s.lon_deg)
    if not located.any():
        raise EncodeError(
            f"GPX: {activity.name or 'the activity'} has no positions (an indoor session?); "
            "GPX holds only located points: write FIT instead"
        )
    lat = decimal_texts(s.lat_deg, ".7f")
    lon = decimal_texts(s.lon_deg, ".7f")
    ele = decimal_texts(s.altitude_m, ".1f")
    hr = integer_texts(s.heart_rate_bpm)
    cad = integer_texts(s.cadence_rpm)
    temp = integer_texts(s.temperature_c)
    power = integer_texts(s.power_w)
    times = iso_times(activity)
    breaks = set(pauses(s.time_s))
    parts = [_HEAD.format(creator=escape(creator, {'"': "&quot;"}))]
    parts.append(f"<metadata><time>{times[0]}</time></metadata>\n<trk>\n")
    if activity.name:
        parts.append(f"<name>{escape(activity.name)}</name>\n")
    parts.append(f"<type>{GPX_TYPES.get(activity.sport, 'other')}</type>\n<trkseg>\n")
    for i in range(len(s)):
        if i in breaks:
            parts.append("</trkseg>\n<trkseg>\n")
        if not located[i]:
            continue
        point = [f'<trkpt lat="{lat[i]}" lon="{lon[i]}">']
        if ele[i] is not None:
            point.append(f"<ele>{ele[i]}</ele>")
        point.append(f"<time>{times[i]}</time>")
        tpx = []
        if temp[i] is not None:
            tpx.append(f"<gpxtpx:atemp>{temp[i]}</gpxtpx:atemp>")
        if hr[i] is not None:
            tpx.append(f"<gpxtpx:hr>{hr[i]}</gpxtpx:hr>")
        if cad[i] is not None:
            tpx.append(f"<gpxtpx:cad>{cad[i]}</gpxtpx:cad>")
        if tpx or power[i] is not None:
            point.append("<extensions>")
            if power[i] is not None:
                point.append(f"<power>{power[i]}</power>")
            if tpx:
                point.append("<gpxtpx:TrackPointExtension>")
                point.extend(tpx)
                point.append("</gpxtpx:TrackPointExtension>")
            point.append("</extensions>")
        point.append("</trkpt>\n")
        parts.append("".join(point))
    parts.append("</trkseg>\n</trk>\n</gpx>\n")
    return "".join(parts).encode("utf-8")
