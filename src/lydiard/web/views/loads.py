"""Training load of stored activities, for the web app: the store's scoring, re-exported.

Activities are scored as they are imported (:class:`lydiard.store.scoring.LoadScorer`,
through :func:`lydiard.ingest.import_paths`, which uploads use too); activities stored
before the athlete had thresholds are scored by :func:`score_missing` (the Fitness page
offers it when some are unscored). One implementation lives in
:mod:`lydiard.store.scoring`; these names keep the web app's imports short.
"""

from __future__ import annotations

from lydiard.store.scoring import ScoreReport, score_activity, score_missing, thresholds_on

__all__ = ["ScoreReport", "score_activity", "score_missing", "thresholds_on"]
