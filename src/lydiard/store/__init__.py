"""The store: SQLite or PostgreSQL through SQLAlchemy 2, with Alembic migrations.

Open it with :func:`open_store` (settings or a URL); its repositories take and return
frozen values: ``store.athletes``, ``store.activities``, ``store.wellness``,
``store.lactate``, ``store.plans``, ``store.users``. Samples are kept with a columnar,
exact codec (:mod:`lydiard.store.codec`). See docs/store.md.
"""

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
    Role,
    Sex,
    SourceFile,
    StoredPlan,
    Threshold,
    ThresholdKind,
    User,
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
