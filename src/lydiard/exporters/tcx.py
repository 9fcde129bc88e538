"""Garmin Training Center (TCX v2) files from an :class:`~lydiard.model.Activity`.

One ``Activity`` with its ``Sport`` (TCX knows only ``Running``, ``Biking`` and
``Other``), its laps (or one lap over everything) in schema order: ``TotalTimeSeconds``,
``DistanceMeters``, ``Calories``, average and maximum heart rate, ``Intensity``
(``Active``, or ``Resting`` for rest laps), ``TriggerMethod``, then the lap's ``Track``
of ``Trackpoint`` elements (time, position, altitude, distance, heart rate, bike
``Cadence``) with the ActivityExtension v2 ``TPX`` (``Speed`` m/s, ``RunCadence``,
``Watts``); ``Creator`` names the device. Values are written where known.
"""

from __future__ import annotations

import math
from xml.sax.saxutils import escape

import numpy as np

from lydiard.errors import EncodeError
from lydiard.exporters.xmltext import decimal_texts, integer_texts, iso_times
from lydiard.model import Activity, Lap, Sport

__all__ = ["encode_tcx"]

_NS = "http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"
_AX = "http://www.garmin.com/xmlschemas/ActivityExtension/v2"
_TRIGGERS = {"distance": "Distance", "time": "Time", "position": "Location"}


def _sport(sport: Sport) -> str:
    if sport.is_run:
        return "Running"
    if sport is Sport.BIKE:
        return "Biking"
    return "Other"


def _lap_head(lap: Lap, start_text: str, hr: list[str | None], span: slice) -> str:
    timer = lap.timer_s if math.isfinite(lap.timer_s) else lap.elapsed_s
    parts = [f'<Lap StartTime="{start_text}">', f"<TotalTimeSeconds>{timer:.1f}</TotalTimeSeconds>"]
    if math.isfinite(lap.distance_m):
        parts.append(f"<DistanceMeters>{lap.distance_m:.2f}</DistanceMeters>")
    parts.append("<Calories>0</Calories>")
    values = [float(v) for v in hr[span] if v is not None]
    if values:
        avg = lap.avg_heart_rate_bpm if math.isfinite(lap.avg_heart_rate_bpm) else np.mean(values)
        top = lap.max_heart_rate_bpm if math.isfinite(lap.max_heart_rate_bpm) else max(values)
        parts.append(f"<AverageHeartRateBpm><Value>{round(avg)}</Value></AverageHeartRateBpm>")
        parts.append(f"<MaximumHeartRateBpm><Value>{round(top)}</Value></MaximumHeartRateBpm>")
    parts.append(f"<Intensity>{'Resting' if lap.intensity == 'rest' else 'Active'}</Intensity>")
    parts.append(f"<TriggerMethod>{_TRIGGERS.get(lap.trigger or '', 'Manual')}</TriggerMethod>")
    return "".join(parts)


def encode_tcx(activity: Activity, *, creator: str = "lydiard") -> bytes:
    """The TCX file of an activity, UTF-8.

    Raises:
        EncodeError: when the activity has no samples.
    """
    s = activity.samples
    n = len(s)
    if n == 0:
        raise EncodeError("TCX: the activity has no samples to write")
    times = iso_times(activity)
    lat, lon = decimal_texts(s.lat_deg, ".7f"), decimal_texts(s.lon_deg, ".7f")
    ele, dist = decimal_texts(s.altitude_m, ".1f"), decimal_texts(s.distance_m, ".2f")
    speed = decimal_texts(s.speed_mps, ".3f")
    hr, cad, watts = (
        integer_texts(s.heart_rate_bpm),
        integer_texts(s.cadence_rpm),
        integer_texts(s.power_w),
    )
    run = activity.sport.is_run
    laps = activity.laps or (Lap(float(s.time_s[0]), float(s.time_s[-1]), trigger="session_end"),)
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>\n',
        f'<TrainingCenterDatabase xmlns="{_NS}" xmlns:ns3="{_AX}" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n',
        f'<Activities>\n<Activity Sport="{_sport(activity.sport)}">\n<Id>{times[0]}</Id>\n',
    ]
    first = 0
    for k, lap in enumerate(laps):
        end = n if k == len(laps) - 1 else int(np.searchsorted(s.time_s, lap.end_s, "left"))
        end = max(end, first)
        start_text = times[first] if first < n else times[-1]
        out.append(_lap_head(lap, start_text, hr, slice(first, end)) + "\n<Track>\n")
        for i in range(first, end):
            point = [f"<Trackpoint><Time>{times[i]}</Time>"]
            if lat[i] is not None and lon[i] is not None:
                point.append(
                    f"<Position><LatitudeDegrees>{lat[i]}</LatitudeDegrees>"
                    f"<LongitudeDegrees>{lon[i]}</LongitudeDegrees></Position>"
                )
            if ele[i] is not None:
                point.append(f"<AltitudeMeters>{ele[i]}</AltitudeMeters>")
            if dist[i] is not None:
                point.append(f"<DistanceMeters>{dist[i]}</DistanceMeters>")
            if hr[i] is not None:
                point.append(f"<HeartRateBpm><Value>{hr[i]}</Value></HeartRateBpm>")
            if cad[i] is not None and not run:
                point.append(f"<Cadence>{cad[i]}</Cadence>")
            tpx = []
            if speed[i] is not None:
                tpx.append(f"<ns3:Speed>{speed[i]}</ns3:Speed>")
            if cad[i] is not None and run:
                tpx.append(f"<ns3:RunCadence>{cad[i]}</ns3:RunCadence>")
            if watts[i] is not None:
                tpx.append(f"<ns3:Watts>{watts[i]}</ns3:Watts>")
            if tpx:
                point.append("<Extensions><ns3:TPX>" + "".join(tpx) + "</ns3:TPX></Extensions>")
            point.append("</Trackpoint>\n")
            out.append("".join(point))
        out.append("</Track>\n</Lap>\n")
        first = end
    name = escape(activity.device or creator)
    out.append(f'<Creator xsi:type="Device_t"><Name>{name}</Name></Creator>\n')
    out.append("</Activity>\n</Activities>\n</TrainingCenterDatabase>\n")
    return "".join(out).encode("utf-8")
