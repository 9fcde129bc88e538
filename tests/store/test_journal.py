"""Athletes, thresholds, wellness, lactate tests, plans and users round-trip."""

from datetime import UTC, date, datetime

import pytest

from lydiard.errors import InputError, NotFoundError
from lydiard.model import Sport
from lydiard.store import (
    LactateStep,
    LactateTest,
    PlannedSession,
    Role,
    Sex,
    StoredPlan,
    Threshold,
    ThresholdKind,
    WellnessEntry,
)
from store_factories import make_activity


def test_athlete_profile_and_thresholds_over_time(store):
    me = store.athletes.ensure("jim", timezone="America/Denver")
    assert store.athletes.ensure("jim").id == me.id  # ensure is idempotent
    store.athletes.update("jim", sex="male", units="mi", birth_date=date(1989, 12, 1))
    store.athletes.set_threshold(me.id, Threshold(ThresholdKind.HR_MAX_BPM, 192, date(2024, 1, 1)))
    store.athletes.set_threshold(me.id, Threshold(ThresholdKind.HR_MAX_BPM, 190, date(2024, 6, 1)))
    store.athletes.set_threshold(
        "jim", Threshold(ThresholdKind.THRESHOLD_SPEED_MPS, 5.2, date(2024, 3, 1), "lactate test")
    )
    athlete = store.athletes.get("jim")
    assert (athlete.sex, athlete.units, athlete.timezone) == (Sex.MALE, "mi", "America/Denver")
    assert athlete.birth_date == date(1989, 12, 1)
    assert athlete.threshold_on("hr_max_bpm", date(2023, 12, 31)) is None
    assert athlete.threshold_on("hr_max_bpm", date(2024, 5, 31)) == 192
    assert athlete.threshold_on("hr_max_bpm", date(2024, 6, 1)) == 190
    assert athlete.threshold_on(ThresholdKind.THRESHOLD_SPEED_MPS, date(2025, 1, 1)) == 5.2
    assert [
        t.source for t in athlete.thresholds if t.kind is ThresholdKind.THRESHOLD_SPEED_MPS
    ] == ["lactate test"]
    # Same kind and date replaces the value.
    store.athletes.set_threshold(me.id, Threshold(ThresholdKind.HR_MAX_BPM, 191, date(2024, 6, 1)))
    assert store.athletes.get(me.id).threshold_on("hr_max_bpm", date(2024, 7, 1)) == 191
    store.athletes.delete_threshold(me.id, "hr_max_bpm", date(2024, 6, 1))
    assert store.athletes.get(me.id).threshold_on("hr_max_bpm", date(2024, 7, 1)) == 192
    assert [a.name for a in store.athletes.list()] == ["jim"]


def test_athlete_input_errors(store):
    with pytest.raises(InputError, match="IANA"):
        store.athletes.ensure("x", timezone="Mars/Olympus")
    with pytest.raises(InputError, match="empty"):
        store.athletes.ensure("  ")
    store.athletes.ensure("x")
    with pytest.raises(InputError, match="sex"):
        store.athletes.update("x", sex="robot")
    with pytest.raises(InputError, match="units"):
        store.athletes.update("x", units="furlongs")
    with pytest.raises(NotFoundError, match="'nobody'"):
        store.athletes.get("nobody")
    with pytest.raises(ValueError, match="positive"):
        Threshold(ThresholdKind.FTP_W, -5, date(2024, 1, 1))


def test_wellness_put_list_replace_delete(store):
    me = store.athletes.ensure("me")
    at = datetime(2024, 5, 1, 5, 30, tzinfo=UTC)
    entries = [
        WellnessEntry(date(2024, 5, 1), "hrv_rmssd_ms", 62.5, recorded_at=at),
        WellnessEntry(date(2024, 5, 1), "resting_hr_bpm", 44),
        WellnessEntry(date(2024, 5, 2), "hrv_rmssd_ms", 58.0, note="poor sleep", source="app"),
        WellnessEntry(date(2024, 5, 3), "ferritin_ug_l", 35.0),
    ]
    assert store.wellness.put_many(me.id, entries) == 4
    got = store.wellness.list(me.id)
    assert got == sorted(entries, key=lambda e: (e.day, e.metric))
    assert got[0].recorded_at == at
    store.wellness.put(me.id, WellnessEntry(date(2024, 5, 2), "hrv_rmssd_ms", 60.0))
    assert store.wellness.get(me.id, date(2024, 5, 2), "hrv_rmssd_ms").value == 60.0
    assert store.wellness.get(me.id, date(2024, 5, 2), "hrv_rmssd_ms").note is None
    hrv = store.wellness.list(me.id, metrics=["hrv_rmssd_ms"], start=date(2024, 5, 2))
    assert [(e.day, e.value) for e in hrv] == [(date(2024, 5, 2), 60.0)]
    assert store.wellness.delete(me.id, date(2024, 5, 1), "resting_hr_bpm") == 1
    assert store.wellness.delete(me.id, date(2024, 5, 3)) == 1
    assert len(store.wellness.list(me.id)) == 2
    with pytest.raises(NotFoundError, match="no ferritin_ug_l entry on 2024-05-03"):
        store.wellness.get(me.id, date(2024, 5, 3), "ferritin_ug_l")
    with pytest.raises(NotFoundError, match="athlete"):
        store.wellness.put(999, entries[0])


def test_wellness_entry_validation():
    with pytest.raises(ValueError, match="canonical"):
        WellnessEntry(date(2024, 5, 1), "hrv", 60)
    with pytest.raises(ValueError, match="outside"):
        WellnessEntry(date(2024, 5, 1), "hrv_rmssd_ms", 6500)


def test_lactate_test_round_trip(store):
    me = store.athletes.ensure("me")
    steps = (
        LactateStep(3.33, 1.1, 128, 240),
        LactateStep(3.89, 1.4, 141, 240, rpe=3),
        LactateStep(4.44, 2.3, 156, 240, rpe=5),
        LactateStep(5.00, 4.6, 171, 240, rpe=8),
    )
    test = LactateTest(
        date(2024, 4, 2), steps, protocol="4 min steps +2 km/h", notes="treadmill 1%"
    )
    tid = store.lactate.add(me.id, test)
    got = store.lactate.get(tid)
    assert got.steps == steps
    assert (got.day, got.sport, got.intensity_kind, got.protocol) == (
        date(2024, 4, 2),
        Sport.RUN,
        "speed_mps",
        "4 min steps +2 km/h",
    )
    bike = LactateTest(
        date(2024, 5, 2), (LactateStep(200, 1.0),), sport=Sport.BIKE, intensity_kind="power_w"
    )
    store.lactate.add(me.id, bike)
    assert [t.day for t in store.lactate.list(me.id)] == [date(2024, 4, 2), date(2024, 5, 2)]
    assert len(store.lactate.list(me.id, start=date(2024, 5, 1))) == 1
    store.lactate.delete(tid)
    with pytest.raises(NotFoundError, match=f"lactate test {tid}"):
        store.lactate.get(tid)
    with pytest.raises(ValueError, match="lactate_mmol_l"):
        LactateStep(4.0, 55)
    with pytest.raises(ValueError, match="intensity_kind"):
        LactateTest(date(2024, 1, 1), (), intensity_kind="pace")


def test_plans_with_sessions_linked_to_activities(store):
    me = store.athletes.ensure("me")
    run = store.activities.add(me.id, make_activity()).activity_id
    plan = StoredPlan(
        name="Western States 2025",
        start_date=date(2024, 6, 1),
        end_date=date(2025, 6, 28),
        race_date=date(2025, 6, 28),
        spec={"phases": [{"name": "aerobic", "weeks": 12}], "peak_km": 160.0},
        sessions=(
            PlannedSession(
                date(2024, 6, 2), title="Long run", workout="2h30 easy", planned_duration_s=9000.0
            ),
            PlannedSession(
                date(2024, 6, 1), title="Easy", workout="10 km easy", planned_distance_m=10_000.0
            ),
        ),
    )
    stored = store.plans.add(me.id, plan)
    assert stored.id is not None
    assert [s.title for s in stored.sessions] == ["Easy", "Long run"]  # by day
    assert stored.spec == plan.spec
    easy = stored.sessions[0]
    linked = store.plans.link(easy.id, run)
    assert linked.activity_id == run
    week = store.plans.sessions_between(me.id, date(2024, 6, 1), date(2024, 6, 7))
    assert [(s.day, s.activity_id) for s in week] == [
        (date(2024, 6, 1), run),
        (date(2024, 6, 2), None),
    ]
    # Deleting the activity unlinks the session; the plan stays.
    store.activities.delete(run)
    assert store.plans.get(stored.id).sessions[0].activity_id is None
    replaced = store.plans.replace(
        stored.id,
        StoredPlan(
            name="WS 2025 (adapted)",
            start_date=plan.start_date,
            end_date=plan.end_date,
            status="active",
            sessions=(PlannedSession(date(2024, 6, 3), title="Hills"),),
        ),
    )
    assert [s.title for s in replaced.sessions] == ["Hills"]
    assert [p.name for p in store.plans.list(me.id, status="active")] == ["WS 2025 (adapted)"]
    store.plans.delete(stored.id)
    assert store.plans.list(me.id) == []
    with pytest.raises(NotFoundError, match="plan"):
        store.plans.get(stored.id)
    with pytest.raises(ValueError, match="before start_date"):
        StoredPlan(name="x", start_date=date(2024, 2, 1), end_date=date(2024, 1, 1))


def test_users_roles_passwords_and_coach_links(store):
    jim = store.athletes.ensure("jim")
    other = store.athletes.ensure("other")
    coach = store.users.create("koop", "correct horse battery", Role.COACH)
    athlete = store.users.create("jim", "ultra-runner-99", "athlete", athlete_id=jim.id)
    assert store.users.authenticate("koop", "correct horse battery") == coach
    assert store.users.authenticate("koop", "wrong password") is None
    assert store.users.authenticate("nobody", "correct horse battery") is None
    store.users.link_coach("koop", jim.id)
    store.users.link_coach("koop", jim.id)  # idempotent
    assert store.users.athletes_of(coach.id) == [jim.id]
    assert store.users.can_access(coach, jim.id)
    assert not store.users.can_access(coach, other.id)
    assert store.users.can_access(athlete, jim.id)
    assert not store.users.can_access(athlete, other.id)
    store.users.unlink_coach("koop", jim.id)
    assert not store.users.can_access(coach, jim.id)
    store.users.set_password("jim", "a new password")
    assert store.users.authenticate("jim", "ultra-runner-99") is None
    assert store.users.authenticate("jim", "a new password") == athlete
    store.users.set_disabled("jim", True)
    assert store.users.authenticate("jim", "a new password") is None
    assert [u.username for u in store.users.list()] == ["jim", "koop"]
    with pytest.raises(InputError, match="already taken"):
        store.users.create("koop", "another password", "coach")
    with pytest.raises(InputError, match="at least 8"):
        store.users.create("short", "pw", "coach")
    with pytest.raises(InputError, match="role"):
        store.users.create("x1", "long enough pw", "owner")
    with pytest.raises(InputError, match="username"):
        store.users.create("bad name!", "long enough pw", "coach")
    with pytest.raises(InputError, match="not a coach"):
        store.users.link_coach("jim", other.id)
    with pytest.raises(NotFoundError, match="user"):
        store.users.get("ghost")
