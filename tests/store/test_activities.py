import math
from datetime import UTC, date, datetime, timedelta

import numpy as np
import pytest

from lydiard.errors import InputError, IssueLevel, NotFoundError
from lydiard.model import Lap, Sport
from lydiard.store import ActivityFilter, AddOutcome, SourceFile
from store_factories import START, make_activity

NOW = datetime(2024, 7, 1, tzinfo=UTC)


def same_float(a, b):
    return (math.isnan(a) and math.isnan(b)) or a == b


def test_activity_round_trips_through_the_store(store):
    me = store.athletes.ensure("me")
    original = make_activity(rr=True)
    result = store.activities.add(me.id, original, now=NOW)
    assert result.outcome is AddOutcome.ADDED
    loaded = store.activities.load(result.activity_id)

    assert loaded.start_time == original.start_time
    assert loaded.start_time.tzinfo is not None
    for name, values in original.samples.channels():
        got = dict(loaded.samples.channels())[name]
        assert np.array_equal(values.view(np.uint64), got.view(np.uint64)), name
    assert np.array_equal(loaded.rr_intervals_s, original.rr_intervals_s)
    assert len(loaded.laps) == 2
    for mine, theirs in zip(original.laps, loaded.laps, strict=True):
        for field in mine.__slots__:
            a, b = getattr(mine, field), getattr(theirs, field)
            assert same_float(a, b) if isinstance(a, float) else a == b, field
    assert loaded.sessions[0].sub_sport == "trail"
    assert loaded.sessions[0].calories_kcal == 520.0
    assert math.isnan(loaded.laps[1].distance_m)
    assert (loaded.sport, loaded.sub_sport, loaded.name, loaded.device) == (
        Sport.RUN,
        "trail",
        "Morning Run",
        "garmin fenix5",
    )
    assert (loaded.timezone, loaded.utc_offset_s) == ("America/Denver", -21600.0)
    assert loaded.source_format == "fit"
    assert [i.message for i in loaded.issues] == [i.message for i in original.issues]
    assert loaded.issues[1].level is IssueLevel.INFO
    assert loaded.issues[0].where == "byte 768"
    # Metadata is kept as JSON: NaN becomes null, datetimes ISO text, tuples lists.
    assert loaded.metadata == {
        "gear": "Speedgoat 5",
        "strava_id": 123,
        "bad": None,
        "when": START.isoformat(),
        "tags": ["long", "trail"],
    }


def test_record_holds_summary_and_local_date(store):
    me = store.athletes.ensure("me", timezone="America/Denver")
    # 03:00 UTC is the previous evening in Denver; the activity says no zone of its own.
    late = make_activity(datetime(2024, 6, 2, 3, 0, tzinfo=UTC), timezone=None)
    rid = store.activities.add(me.id, late, now=NOW).activity_id
    record = store.activities.get(rid)
    assert record.local_date == date(2024, 6, 1)
    assert record.distance_m == pytest.approx(float(late.samples.distance_m[-1]))
    assert record.elapsed_s == 599.0
    assert record.ascent_m == 40.0  # from the session
    assert record.n_samples == 600
    assert "stryd_power_w" in record.channels
    assert record.imported_at == NOW
    assert record.load is None  # the physiology core fills it later
    # An activity with its own zone uses it: 03:00 UTC is 05:00 in Paris (summer time).
    zoned = make_activity(datetime(2024, 6, 3, 3, 0, tzinfo=UTC), timezone="Europe/Paris")
    other = store.activities.add(me.id, zoned).activity_id
    assert store.activities.get(other).local_date == date(2024, 6, 3)


def test_samples_and_laps_come_back_separately(store):
    me = store.athletes.ensure("me")
    activity = make_activity()
    rid = store.activities.add(me.id, activity).activity_id
    assert store.activities.samples(rid).equals(activity.samples)
    assert [lap.trigger for lap in store.activities.laps(rid)] == ["distance", "session_end"]
    store.activities.set_laps(rid, [Lap(0, 100, distance_m=300.0), Lap(100, 599)])
    assert [lap.end_s for lap in store.activities.laps(rid)] == [100, 599]
    assert store.activities.rr_intervals(rid) is None
    assert store.activities.sessions(rid)[0].sport is Sport.RUN


def _seed(store):
    me = store.athletes.ensure("me")
    specs = [
        (date(2024, 5, 1), Sport.RUN, "Easy run", "fenix"),
        (date(2024, 5, 2), Sport.TRAIL_RUN, "Hill circuits 100%", "fenix"),
        (date(2024, 5, 3), Sport.BIKE, "Recovery spin", "edge 530"),
        (date(2024, 5, 5), Sport.RUN, "Long run with Hills", "fenix"),
        (date(2024, 6, 1), Sport.NORDIC_SKI, None, None),
    ]
    ids = []
    for i, (day, sport, name, device) in enumerate(specs):
        start = datetime(day.year, day.month, day.day, 14, 0, tzinfo=UTC)
        act = make_activity(start, sport=sport, name=name, device=device, seed=i, n=60)
        ids.append(store.activities.add(me.id, act).activity_id)
    return me, ids


def test_list_filters_by_sport_dates_and_text(store):
    me, ids = _seed(store)
    everything = store.activities.list(athlete_id=me.id)
    assert [r.id for r in everything] == ids[::-1]  # newest first
    runs = store.activities.list(athlete_id=me.id, sports=(Sport.RUN, Sport.TRAIL_RUN))
    assert {r.id for r in runs} == {ids[0], ids[1], ids[3]}
    may = store.activities.list(ActivityFilter(start=date(2024, 5, 2), end=date(2024, 5, 5)))
    assert [r.id for r in may] == [ids[3], ids[2], ids[1]]
    hills = store.activities.list(text="HILL")
    assert {r.id for r in hills} == {ids[1], ids[3]}
    # LIKE wildcards in the text are literal.
    assert [r.id for r in store.activities.list(text="100%")] == [ids[1]]
    assert store.activities.list(text="_") == []
    assert [r.id for r in store.activities.list(text="edge")] == [ids[2]]
    page = store.activities.list(ActivityFilter(limit=2, offset=1))
    assert [r.id for r in page] == [ids[3], ids[2]]
    oldest = store.activities.list(ActivityFilter(limit=1, newest_first=False))
    assert oldest[0].id == ids[0]
    assert store.activities.count(athlete_id=me.id) == 5
    assert store.activities.count(sports=(Sport.BIKE,)) == 1
    assert store.activities.list(athlete_id=me.id + 1) == []


def test_daily_totals_sum_per_day_and_sport(store):
    me = store.athletes.ensure("me")
    day = datetime(2024, 5, 1, 6, 0, tzinfo=UTC)
    a = store.activities.add(me.id, make_activity(day, n=60, seed=1)).activity_id
    b = store.activities.add(
        me.id, make_activity(day + timedelta(hours=9), n=60, seed=2)
    ).activity_id
    store.activities.add(me.id, make_activity(day + timedelta(days=1), n=60, sport=Sport.BIKE))
    store.activities.set_load(a, load=50.0, load_method="hr", trimp=48.0)
    store.activities.set_load(b, load=25.5, load_method="hr")
    totals = store.activities.daily_totals(me.id)
    assert [(t.day, t.sport, t.count) for t in totals] == [
        (date(2024, 5, 1), Sport.RUN, 2),
        (date(2024, 5, 2), Sport.BIKE, 1),
    ]
    first = totals[0]
    expected = store.activities.get(a).distance_m + store.activities.get(b).distance_m
    assert first.distance_m == pytest.approx(expected)
    assert first.load == pytest.approx(75.5)
    assert totals[1].load is None
    assert store.activities.daily_totals(me.id, start=date(2024, 5, 2))[0].sport is Sport.BIKE
    assert store.activities.get(a).trimp == 48.0


def test_duplicates_are_recognised_and_richer_formats_replace(store):
    me = store.athletes.ensure("me")
    gpx = make_activity(source_format="gpx", name=None, device=None)
    first = store.activities.add(me.id, gpx)
    assert first.outcome is AddOutcome.ADDED
    store.activities.update(first.activity_id, notes="felt good", rpe=4)
    # The same run as a FIT file starting 2 s later replaces the GPX in place.
    fit = make_activity(START + timedelta(seconds=2), source_format="fit")
    second = store.activities.add(me.id, fit)
    assert second.outcome is AddOutcome.REPLACED
    assert second.activity_id == first.activity_id
    record = store.activities.get(first.activity_id)
    assert (record.source_format, record.notes, record.rpe) == ("fit", "felt good", 4)
    assert record.name == "Morning Run"
    assert store.activities.count() == 1
    assert len(store.activities.laps(first.activity_id)) == 2
    # A poorer format of the same run changes nothing.
    again = store.activities.add(me.id, gpx)
    assert again.outcome is AddOutcome.DUPLICATE
    assert "same activity as" in again.reason
    assert store.activities.get(first.activity_id).source_format == "fit"
    # Outside the window (60 s from the stored start, now START + 2 s) it is another one.
    later = store.activities.add(me.id, make_activity(START + timedelta(seconds=63)))
    assert later.outcome is AddOutcome.ADDED
    # Another athlete's run at the same time is theirs.
    you = store.athletes.ensure("you")
    assert store.activities.add(you.id, gpx).outcome is AddOutcome.ADDED


def test_source_files_are_remembered(store):
    me = store.athletes.ensure("me")
    source = SourceFile("ab" * 32, "run.fit", 1234)
    added = store.activities.add(me.id, make_activity(), source_file=source)
    assert store.activities.known_files(me.id, ["ab" * 32, "cd" * 32]) == {"ab" * 32: "added"}
    again = store.activities.add(me.id, make_activity(), source_file=source)
    assert again.outcome is AddOutcome.DUPLICATE
    assert again.activity_id == added.activity_id
    assert store.activities.get(added.activity_id).file_hash == "ab" * 32
    store.activities.record_file(me.id, SourceFile("ee" * 32, "export.zip", 99), "export")
    assert store.activities.known_files(me.id, ["ee" * 32]) == {"ee" * 32: "export"}
    # Deleting the activity forgets its file, so it can be imported again.
    store.activities.delete(added.activity_id)
    assert store.activities.known_files(me.id, ["ab" * 32]) == {}
    with pytest.raises(NotFoundError, match="activity"):
        store.activities.samples(added.activity_id)
    assert store.activities.count() == 0


def test_update_checks_values_and_missing_ids(store):
    me = store.athletes.ensure("me")
    rid = store.activities.add(me.id, make_activity()).activity_id
    updated = store.activities.update(rid, name="Renamed", sport=Sport.TRAIL_RUN)
    assert (updated.name, updated.sport, updated.notes) == ("Renamed", Sport.TRAIL_RUN, None)
    with pytest.raises(InputError, match="rpe"):
        store.activities.update(rid, rpe=11)
    with pytest.raises(NotFoundError, match="activity 999 not found"):
        store.activities.get(999)
    with pytest.raises(NotFoundError):
        store.activities.load(999)
    with pytest.raises(NotFoundError):
        store.activities.delete(999)
    with pytest.raises(NotFoundError, match="athlete"):
        store.activities.add(999, make_activity())


def test_long_texts_are_clipped_to_fit_every_backend(store):
    me = store.athletes.ensure("me")
    long_name = "Very long run " * 100
    rid = store.activities.add(me.id, make_activity(name=long_name, device="d" * 300)).activity_id
    record = store.activities.get(rid)
    assert len(record.name) == 500
    assert record.name.endswith("…")
    assert len(record.device) == 200


def test_daily_totals_count_each_multisport_leg_in_its_own_sport(store):
    from analysis.synthetic import triathlon

    me = store.athletes.ensure("me")
    race = store.activities.add(me.id, triathlon()).activity_id
    assert store.activities.get(race).sport is Sport.MULTISPORT
    # Load over the whole file, shared by time: 4590 s in all (1000 + 60 + 2000 + 30 + 1500).
    store.activities.set_load(race, load=459.0, load_method="hr")
    totals = {t.sport: t for t in store.activities.daily_totals(me.id)}
    assert set(totals) == {Sport.SWIM, Sport.TRANSITION, Sport.BIKE, Sport.RUN}
    assert totals[Sport.SWIM].distance_m == pytest.approx(1000.0)
    assert totals[Sport.BIKE].distance_m == pytest.approx(20_000.0)
    assert totals[Sport.RUN].distance_m == pytest.approx(5000.0)
    assert totals[Sport.RUN].moving_s == pytest.approx(1500.0)
    assert totals[Sport.TRANSITION].moving_s == pytest.approx(90.0)
    assert totals[Sport.TRANSITION].count == 2
    assert totals[Sport.RUN].count == 1
    assert totals[Sport.BIKE].load == pytest.approx(459.0 * 2000 / 4590)  # = 200
    assert sum(t.load or 0.0 for t in totals.values()) == pytest.approx(459.0)
