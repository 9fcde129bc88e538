"""Audit a store: an id-free canonical dump to compare databases, and whole-activity checks.

:func:`canonical_dump` lists every row of the activity tables (activities, samples, laps,
sessions, imported files) and of athletes and thresholds, with what depends on where or
when it was written left out: surrogate ids become the athlete's name and the activity's
start time (unique per athlete), ``*_at`` timestamps are dropped, blobs become their
SHA-256, floats their exact ``repr``. Two databases holding the same training, on SQLite
or PostgreSQL, imported in one go or resumed after crashes, give equal dumps.

:func:`partial_activities` names every activity that is not whole (no samples row, a
sample count that disagrees, no summary, never scored) and every orphan row; an
interrupted import must leave none (writes are one transaction per activity).
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Table, func, select

from lydiard.store.schema import (
    ActivityRow,
    ActivitySamplesRow,
    AthleteRow,
    ImportedFileRow,
    LapRow,
    SessionRow,
    ThresholdRow,
)

if TYPE_CHECKING:
    from lydiard.store.store import Store

__all__ = ["AUDITED_TABLES", "canonical_dump", "dump_digest", "partial_activities"]

#: The tables compared, in dump order.
AUDITED_TABLES: tuple[Table, ...] = tuple(
    row.__table__  # type: ignore[misc]
    for row in (
        AthleteRow,
        ThresholdRow,
        ActivityRow,
        ActivitySamplesRow,
        LapRow,
        SessionRow,
        ImportedFileRow,
    )
)

Dump = dict[str, list[dict[str, Any]]]


def _plain(value: Any) -> Any:
    if isinstance(value, bytes | memoryview):
        return "sha256:" + hashlib.sha256(bytes(value)).hexdigest()
    if isinstance(value, datetime):
        aware = value if value.tzinfo else value.replace(tzinfo=UTC)
        return aware.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, dict | list):
        return json.dumps(value, sort_keys=True)
    return value


def canonical_dump(store: Store) -> Dump:
    """Every audited table's rows (column: value) without ids or write times, sorted."""
    dump: Dump = {}
    with store.db.transaction() as session:
        athletes = dict(session.execute(select(AthleteRow.id, AthleteRow.name)).all())
        activity_key = {
            activity_id: f"{athletes[athlete_id]}@{_plain(start)}"
            for activity_id, athlete_id, start in session.execute(
                select(ActivityRow.id, ActivityRow.athlete_id, ActivityRow.start_time)
            )
        }
        for table in AUDITED_TABLES:
            names = [
                column.name
                for column in table.columns
                if column.name != "id" and not column.name.endswith("_at")
            ]
            rows = []
            for row in session.execute(select(*(table.c[name] for name in names))):
                values: dict[str, Any] = {}
                for name, value in zip(names, row, strict=True):
                    if name == "athlete_id":
                        value = athletes.get(value, value)
                    elif name == "activity_id" and value is not None:
                        value = activity_key.get(value, f"missing activity {value}")
                    values[name] = _plain(value)
                rows.append(values)
            dump[table.name] = sorted(rows, key=repr)
    return dump


def dump_digest(dump: Dump) -> str:
    """A SHA-256 of a canonical dump (one short value to compare or report)."""
    text = json.dumps(dump, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def partial_activities(store: Store) -> list[str]:
    """What is not whole: activities missing samples, summary or load; orphan rows.

    Returns:
        One line per problem (empty when every stored activity is whole).
    """
    problems: list[str] = []
    with store.db.transaction() as session:
        rows = session.execute(
            select(
                ActivityRow.id,
                ActivityRow.start_time,
                ActivityRow.n_samples,
                ActivityRow.elapsed_s,
                ActivityRow.load_method,
                ActivitySamplesRow.n_rows,
            ).outerjoin(ActivitySamplesRow, ActivitySamplesRow.activity_id == ActivityRow.id)
        )
        for activity_id, start, n_samples, elapsed_s, load_method, n_rows in rows:
            label = f"activity {activity_id} ({_plain(start)})"
            if n_rows is None:
                problems.append(f"{label}: no samples")
            elif n_rows != n_samples:
                problems.append(f"{label}: {n_rows} samples stored, {n_samples} expected")
            if elapsed_s is None:
                problems.append(f"{label}: no summary")
            if load_method is None:
                problems.append(f"{label}: not scored")
        known = select(ActivityRow.id)
        for table in (ActivitySamplesRow, LapRow, SessionRow, ImportedFileRow):
            orphans = session.scalar(
                select(func.count())
                .select_from(table)
                .where(table.activity_id.is_not(None), table.activity_id.not_in(known))
            )
            if orphans:
                problems.append(f"{table.__tablename__}: {orphans} rows of no activity")
    return problems
