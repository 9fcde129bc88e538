"""The store: SQLite or PostgreSQL through SQLAlchemy 2, with Alembic migrations.

Open it with :func:`open_store` (settings or a URL); its repositories take and return
frozen values: ``store.athletes``, ``store.activities``, ``store.wellness``,
``store.lactate``, ``store.plans``, ``store.users``. Samples are kept with a columnar,
exact codec (:mod:`lydiard.store.codec`). See docs/store.md.

Names are imported on first use, so worker processes that only prepare activities (codec,
summary) never load SQLAlchemy.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from lydiard.store.activities import DUPLICATE_WINDOW_S, KEEP
    from lydiard.store.codec import decode_samples, encode_samples
    from lydiard.store.metrics import METRICS, Metric, WellnessEntry, lookup_metric
    from lydiard.store.migrate import SchemaState, SchemaStatus, head_revision
    from lydiard.store.prepare import PreparedActivity, prepare_activity
    from lydiard.store.records import (
        ActivityFilter,
        ActivityRecord,
        AddOutcome,
        AddResult,
        Athlete,
        DayTotals,
        LactateStep,
        LactateTest,
        PlannedSession,
        PublicLog,
        Role,
        Sex,
        SourceFile,
        StoredPlan,
        Threshold,
        ThresholdKind,
        User,
        WebSession,
    )
    from lydiard.store.store import Store, StoreInfo, connect, open_store
    from lydiard.store.summary import ActivitySummary, summarise

__all__ = [
    "DUPLICATE_WINDOW_S",
    "KEEP",
    "METRICS",
    "ActivityFilter",
    "ActivityRecord",
    "ActivitySummary",
    "AddOutcome",
    "AddResult",
    "Athlete",
    "DayTotals",
    "LactateStep",
    "LactateTest",
    "Metric",
    "PlannedSession",
    "PreparedActivity",
    "PublicLog",
    "Role",
    "SchemaState",
    "SchemaStatus",
    "Sex",
    "SourceFile",
    "Store",
    "StoreInfo",
    "StoredPlan",
    "Threshold",
    "ThresholdKind",
    "User",
    "WebSession",
    "WellnessEntry",
    "connect",
    "decode_samples",
    "encode_samples",
    "head_revision",
    "lookup_metric",
    "open_store",
    "prepare_activity",
    "summarise",
]

_LAZY = {
    "DUPLICATE_WINDOW_S": "lydiard.store.activities",
    "KEEP": "lydiard.store.activities",
    "decode_samples": "lydiard.store.codec",
    "encode_samples": "lydiard.store.codec",
    "METRICS": "lydiard.store.metrics",
    "Metric": "lydiard.store.metrics",
    "WellnessEntry": "lydiard.store.metrics",
    "lookup_metric": "lydiard.store.metrics",
    "SchemaState": "lydiard.store.migrate",
    "SchemaStatus": "lydiard.store.migrate",
    "head_revision": "lydiard.store.migrate",
    "PreparedActivity": "lydiard.store.prepare",
    "prepare_activity": "lydiard.store.prepare",
    "ActivityFilter": "lydiard.store.records",
    "ActivityRecord": "lydiard.store.records",
    "AddOutcome": "lydiard.store.records",
    "AddResult": "lydiard.store.records",
    "Athlete": "lydiard.store.records",
    "DayTotals": "lydiard.store.records",
    "LactateStep": "lydiard.store.records",
    "LactateTest": "lydiard.store.records",
    "PlannedSession": "lydiard.store.records",
    "PublicLog": "lydiard.store.records",
    "Role": "lydiard.store.records",
    "Sex": "lydiard.store.records",
    "SourceFile": "lydiard.store.records",
    "StoredPlan": "lydiard.store.records",
    "Threshold": "lydiard.store.records",
    "ThresholdKind": "lydiard.store.records",
    "User": "lydiard.store.records",
    "WebSession": "lydiard.store.records",
    "Store": "lydiard.store.store",
    "StoreInfo": "lydiard.store.store",
    "connect": "lydiard.store.store",
    "open_store": "lydiard.store.store",
    "ActivitySummary": "lydiard.store.summary",
    "summarise": "lydiard.store.summary",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
