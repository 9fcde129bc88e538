"""Web sessions and public logs in the store."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from lydiard.errors import NotFoundError
from lydiard.store.web_sessions import token_digest

NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)


def test_sessions_are_stored_by_digest_expire_and_end(store):
    user = store.users.create("ann", "long enough", "athlete")
    token, made = store.web_sessions.create(user.id, lifetime_s=3600, now=NOW)
    assert made.token_sha256 == token_digest(token) != token
    assert len(token) >= 40
    assert len(made.csrf_token) >= 40
    got = store.web_sessions.get(token, now=NOW + timedelta(minutes=59))
    assert got is not None
    assert got.user_id == user.id
    assert got.csrf_token == made.csrf_token
    # Expired: gone, and deleted on sight.
    assert store.web_sessions.get(token, now=NOW + timedelta(hours=1)) is None
    assert store.web_sessions.get(token, now=NOW) is None
    # Unknown, empty or absurd tokens are simply not sessions.
    assert store.web_sessions.get("nope", now=NOW) is None
    assert store.web_sessions.get("", now=NOW) is None
    assert store.web_sessions.get("x" * 500, now=NOW) is None


def test_logout_and_logout_everywhere(store):
    user = store.users.create("ann", "long enough", "athlete")
    first, _ = store.web_sessions.create(user.id, lifetime_s=3600, now=NOW)
    second, _ = store.web_sessions.create(user.id, lifetime_s=3600, now=NOW)
    anonymous, _ = store.web_sessions.create(None, lifetime_s=3600, now=NOW)
    store.web_sessions.delete(first)
    store.web_sessions.delete(first)  # twice is fine
    assert store.web_sessions.get(first, now=NOW) is None
    assert store.web_sessions.get(second, now=NOW) is not None
    assert store.web_sessions.delete_for_user(user.id) == 1
    assert store.web_sessions.get(second, now=NOW) is None
    assert store.web_sessions.get(anonymous, now=NOW) is not None


def test_public_log_is_private_by_default_and_rotates(store):
    athlete = store.athletes.ensure("jim")
    log = store.sharing.get(athlete.id)
    assert (log.enabled, log.show_wellness, log.show_biomarkers, log.token) == (
        False,
        False,
        False,
        "",
    )
    made = store.sharing.update(athlete.id, title="  Jim's log  ", now=NOW)
    assert made.token
    assert not made.enabled
    assert made.title == "Jim's log"
    assert store.sharing.published(made.token) is None  # private until enabled
    shown = store.sharing.update(athlete.id, enabled=True, show_wellness=True, now=NOW)
    assert shown.token == made.token
    assert shown.show_wellness
    assert not shown.show_biomarkers
    assert store.sharing.published(made.token) == shown
    rotated = store.sharing.rotate(athlete.id, now=NOW)
    assert rotated.token != made.token
    assert store.sharing.published(made.token) is None
    assert store.sharing.published(rotated.token) is not None
    assert store.sharing.update(athlete.id, title="").title is None
    assert store.sharing.published("") is None


def test_public_log_of_a_missing_athlete(store):
    with pytest.raises(NotFoundError, match="athlete 99"):
        store.sharing.get(99)
    with pytest.raises(NotFoundError, match="athlete 99"):
        store.sharing.update(99, enabled=True)


def test_distances_is_a_light_list_of_days_and_metres(store):
    from datetime import date

    from lydiard.model import Sport
    from store_factories import make_activity

    athlete = store.athletes.ensure("jim")
    for day, sport in ((3, Sport.RUN), (1, Sport.TRAIL_RUN), (2, Sport.BIKE)):
        store.activities.add(
            athlete.id, make_activity(NOW.replace(day=day), sport=sport, seed=day, timezone="UTC")
        )
    rows = store.activities.distances(athlete_id=athlete.id, sports=(Sport.RUN, Sport.TRAIL_RUN))
    records = {r.local_date: r.distance_m for r in store.activities.list(athlete_id=athlete.id)}
    assert [d for d, _ in rows] == [date(2025, 3, 1), date(2025, 3, 3)]  # oldest first
    assert rows == [(d, records[d]) for d, _ in rows]
    assert store.activities.distances(athlete_id=athlete.id, start=date(2025, 3, 3)) == [rows[1]]
