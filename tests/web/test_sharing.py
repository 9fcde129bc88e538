"""The open training log: private by default, shows only what the athlete chose."""

from __future__ import annotations

import io
import zipfile

from lydiard.cli import main
from lydiard.store import WellnessEntry


def test_private_by_default_then_published(world, make_client):
    ann = make_client(user="ann")
    assert ann.get(f"/api/athletes/{world.a}/sharing").json()["enabled"] is False
    visitor = make_client()
    assert visitor.get("/share/not-a-token").status_code == 404
    made = ann.put(f"/api/athletes/{world.a}/sharing", json={"title": "Ann runs"}).json()
    assert made["token"]
    assert made["enabled"] is False
    assert visitor.get(f"/share/{made['token']}").status_code == 404  # still private
    ann.put(f"/api/athletes/{world.a}/sharing", json={"enabled": True})
    page = visitor.get(f"/share/{made['token']}")
    assert page.status_code == 200
    assert "Ann runs" in page.text
    assert page.headers["referrer-policy"] == "no-referrer"
    assert "noindex" in page.headers["x-robots-tag"]
    data = visitor.get(f"/api/share/{made['token']}").json()
    assert data["title"] == "Ann runs"
    assert sum(len(w["sessions"]) for w in data["weeks"]) == 7
    assert data["wellness"] == []
    assert data["biomarkers"] == []


def test_no_notes_no_wellness_unless_chosen_no_other_athlete(world, make_client):
    store = world.store
    store.activities.update(world.a_activity, notes="secret: knee hurts", name="6 x 1 km")
    store.wellness.put(world.a, WellnessEntry(world_today(), "ferritin_ug_l", 31.0))
    ann = make_client(user="ann")
    log = ann.put(f"/api/athletes/{world.a}/sharing", json={"enabled": True}).json()
    visitor = make_client()
    home = visitor.get(f"/share/{log['token']}").text
    assert "6 x 1 km" in home  # a workout by its name: a key session
    assert "public-wellness" not in home
    assert "public-biomarkers" not in home
    detail = visitor.get(f"/share/{log['token']}/activities/{world.a_activity}")
    assert detail.status_code == 200
    assert "Splits per km" in detail.text
    assert "knee" not in detail.text
    # Another athlete's activity is not part of this log.
    assert visitor.get(f"/share/{log['token']}/activities/{world.b_activity}").status_code == 404
    ann.put(
        f"/api/athletes/{world.a}/sharing", json={"show_wellness": True, "show_biomarkers": True}
    )
    home = visitor.get(f"/share/{log['token']}").text
    assert "public-wellness" in home
    assert "ferritin_ug_l 31.0" in home
    # A new link: the old one is gone.
    rotated = ann.post(f"/api/athletes/{world.a}/sharing/rotate").json()
    assert rotated["token"] != log["token"]
    assert visitor.get(f"/share/{log['token']}").status_code == 404
    assert visitor.get(f"/share/{rotated['token']}").status_code == 200


def test_static_site_export(world, make_client, tmp_path, monkeypatch, capsys):
    store = world.store
    store.activities.update(world.a_activity, name="5 x 1 km", notes="private words")
    ann = make_client(user="ann")
    ann.put(f"/api/athletes/{world.a}/sharing", json={"title": "Ann's log"})
    response = ann.get(f"/api/athletes/{world.a}/sharing/export.zip")
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = archive.namelist()
    assert "ann-training-log/index.html" in names
    assert "ann-training-log/app.css" in names
    assert f"ann-training-log/activities/{world.a_activity}.html" in names
    index = archive.read("ann-training-log/index.html").decode()
    assert f'href="activities/{world.a_activity}.html"' in index
    assert 'href="app.css"' in index
    assert all(
        "private words" not in archive.read(n).decode() for n in names if n.endswith(".html")
    )
    # The same from the command line.
    monkeypatch.setenv("LYDIARD_DATA_DIR", str(world.settings.data_dir))
    monkeypatch.setenv("LYDIARD_ATHLETE", "ann")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    for name in ("LYDIARD_DATABASE_URL", "LYDIARD_CONFIG"):
        monkeypatch.delenv(name, raising=False)
    out = tmp_path / "site"
    assert main(["share", "export", str(out)]) == 0
    assert (out / "index.html").is_file()
    assert "(no wellness or blood markers)" in " ".join(capsys.readouterr().out.split())


def world_today():
    from datetime import date

    return date(2024, 6, 20)
