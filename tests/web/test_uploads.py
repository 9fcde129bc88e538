"""Uploads: several files at once, per-file results, duplicates, bad files, loads."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from store_factories import gpx_bytes

START = datetime(2024, 6, 18, 6, 0, tzinfo=UTC)


def test_several_files_with_a_result_each(world, make_client):
    client = make_client(user="ann")
    before = world.store.activities.count(athlete_id=world.a)
    files = [
        ("files", ("monday.gpx", gpx_bytes(START, n=600, name="Monday easy"))),
        ("files", ("tuesday.gpx.gz", _gzip(gpx_bytes(START + timedelta(days=1), n=300)))),
        ("files", ("download.gpx", b"<!doctype html><html><body>Sign in</body></html>")),
    ]
    response = client.post(f"/api/athletes/{world.a}/uploads", files=files)
    assert response.status_code == 200, response.text
    results = {r["name"]: r for r in response.json()}
    assert set(results) == {"monday.gpx", "tuesday.gpx.gz", "download.gpx"}
    assert results["monday.gpx"]["outcome"] == "added"
    assert results["tuesday.gpx.gz"]["outcome"] == "added"
    failed = results["download.gpx"]
    assert failed["outcome"] == "failed"
    assert "HTML" in failed["reason"]
    assert "lydiard-upload" not in failed["reason"]  # no server paths in messages
    assert world.store.activities.count(athlete_id=world.a) == before + 2
    added = world.store.activities.get(results["monday.gpx"]["activity_id"])
    assert added.athlete_id == world.a
    assert added.name == "Monday easy"
    # Scored on upload: the test GPX has heart rate and ann has HR thresholds.
    assert added.load is not None
    assert added.load > 0
    assert added.load_method == "hr"
    assert results["monday.gpx"]["url"] == f"/activities/{added.id}"
    # The same file again is recognised by its content.
    again = client.post(
        f"/api/athletes/{world.a}/uploads",
        files={"files": ("copy.gpx", gpx_bytes(START, n=600, name="Monday easy"))},
    )
    assert [r["outcome"] for r in again.json()] == ["skipped"]


def test_an_upload_goes_to_the_athlete_in_the_path_only(world, make_client):
    coach = make_client(user="coach")
    response = coach.post(
        f"/api/athletes/{world.a}/uploads",
        files={"files": ("run.gpx", gpx_bytes(START, n=120))},
    )
    assert response.json()[0]["outcome"] == "added"
    assert world.store.activities.get(response.json()[0]["activity_id"]).athlete_id == world.a
    assert (
        coach.post(
            f"/api/athletes/{world.b}/uploads",
            files={"files": ("run.gpx", gpx_bytes(START, n=120))},
        ).status_code
        == 403
    )


def test_no_files_is_a_clear_error(world, make_client):
    client = make_client(user="ann")
    response = client.post(f"/api/athletes/{world.a}/uploads", files={})
    assert response.status_code == 422


def _gzip(data: bytes) -> bytes:
    import gzip

    return gzip.compress(data)
