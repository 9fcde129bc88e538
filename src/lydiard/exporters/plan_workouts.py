"""A plan's sessions for a watch and for intervals.icu, through the workout exporters.

Each planned session's text is parsed by the workout language and handed to
:func:`lydiard.exporters.fit_workout.encode_workout` (FIT workout files) or
:func:`lydiard.exporters.icu.icu_texts` (intervals.icu text), with the athlete's paces so
named paces become speed targets. The race itself is left out of the FIT zip: a watch
records it, it does not need a workout for it.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import UTC, datetime, time

from lydiard.exporters.fit_workout import encode_workout
from lydiard.exporters.icu import icu_texts
from lydiard.planning.plan import Plan, SessionKind
from lydiard.workouts import parse

__all__ = ["plan_fit_files", "plan_fit_zip", "plan_icu_text"]


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "session"


def plan_fit_files(plan: Plan) -> list[tuple[str, bytes]]:
    """``(file name, FIT bytes)`` for every session but the race, in plan order.

    Names read ``2027-03-14-am-long-run-on-trail.fit``; the files' creation time is the
    plan's start (midnight UTC), so the same plan always gives the same bytes.
    """
    created = datetime.combine(plan.start, time(0, 0), tzinfo=UTC)
    out: list[tuple[str, bytes]] = []
    for day in plan.days:
        for k, s in enumerate(day.sessions):
            if s.kind is SessionKind.RACE:
                continue
            when = s.when.value.lower() or (str(k + 1) if len(day.sessions) > 1 else "")
            stem = "-".join(x for x in (s.day.isoformat(), when, _slug(s.title)) if x)
            workout = parse(s.text)
            for suffix, data in encode_workout(workout, time_created=created, paces=plan.paces):
                out.append((f"{stem}{'-' + suffix if suffix else ''}.fit", data))
    return out


def plan_fit_zip(plan: Plan) -> bytes:
    """Every session's FIT workout in one zip (deflated; stable member order and times)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        stamp = (plan.start.year, plan.start.month, plan.start.day, 0, 0, 0)
        for name, data in plan_fit_files(plan):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return buffer.getvalue()


def plan_icu_text(plan: Plan) -> str:
    """The plan as intervals.icu workout text, one dated block per session.

    Each block starts with a header line ``2027-03-14 AM Long run on trail`` and holds the
    session's intervals.icu text, with the athlete's paces.
    """
    blocks = []
    for day in plan.days:
        for s in day.sessions:
            if s.kind is SessionKind.RACE:
                blocks.append(f"{s.day.isoformat()} {s.title}\n- race\n")
                continue
            head = " ".join(x for x in (s.day.isoformat(), s.when.value, s.title) if x)
            texts = icu_texts(parse(s.text), plan.paces)
            body = "\n".join(text for _, text in texts)
            blocks.append(f"{head}\n{body}")
    return "\n".join(blocks)
