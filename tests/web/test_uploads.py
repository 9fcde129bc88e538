"""Uploads: several files at once, per-file results, duplicates, bad files, loads."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

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


def test_uploads_are_scored_once_at_import(world, make_client, monkeypatch):
    from lydiard.importers import read_bytes
    from lydiard.store import scoring
    from lydiard.store.scoring import LoadScorer
    from web_support import fit_run

    calls: list[str] = []
    real = LoadScorer.__call__

    def counting(self, activity, rpe=None):
        calls.append(activity.source_format)
        return real(self, activity, rpe=rpe)

    monkeypatch.setattr(scoring.LoadScorer, "__call__", counting)
    client = make_client(user="ann")
    start = START + timedelta(days=5)
    gpx = gpx_bytes(start, n=1200, name="Tempo")
    added = client.post(f"/api/athletes/{world.a}/uploads", files={"files": ("t.gpx", gpx)})
    [result] = added.json()
    assert result["outcome"] == "added"
    assert calls == ["gpx"]  # scored once, by the import; the route does not score again
    record = world.store.activities.get(result["activity_id"])
    # Reference: the same scorer on the file read directly, with ann's thresholds.
    expected = real(LoadScorer(world.store.athletes.get(world.a)), read_bytes(gpx, "t.gpx"))
    assert record.load == pytest.approx(expected.load, rel=1e-9)
    assert record.load_method == expected.load_method == "hr"
    # A richer file replacing it keeps the RPE typed on the page, and its load is the new
    # file's (the stored load never depends on RPE: session RPE is never chosen by AUTO).
    client.patch(f"/api/activities/{record.id}", json={"rpe": 6})
    calls.clear()
    fit = fit_run(start, n=2700)
    replaced = client.post(f"/api/athletes/{world.a}/uploads", files={"files": ("t.fit", fit)})
    [again] = replaced.json()
    assert again["outcome"] == "replaced", again
    assert calls == ["fit"]
    now = world.store.activities.get(record.id)
    assert now.rpe == 6
    expected = real(LoadScorer(world.store.athletes.get(world.a)), read_bytes(fit, "t.fit"))
    assert now.load == pytest.approx(expected.load, rel=1e-9)
