"""Hostile uploads: path traversal in names, zip and gzip bombs, XML bombs, oversized bodies.

Every case goes through the real upload route (multipart, CSRF, the bulk import) and must
end in a clear per-file result or a clear HTTP error, never a write outside the upload's
temporary folder, a traceback, or unbounded memory.
"""

from __future__ import annotations

import gzip
import io
import shutil
import struct
import tempfile
import tracemalloc
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from lydiard.importers import strava
from lydiard.importers.strava import declared_entries
from lydiard.web.routes import uploads
from lydiard.web.routes.uploads import safe_name
from store_factories import gpx_bytes

START = datetime(2024, 5, 1, 6, 0, tzinfo=UTC)
CSV_HEADER = "Activity ID,Activity Date,Activity Name,Activity Type,Filename\n"


def _upload(client, athlete_id: int, files):
    return client.post(f"/api/athletes/{athlete_id}/uploads", files=files)


def _zip(files: dict[str, bytes], csv: str = CSV_HEADER) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("activities.csv", csv)
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


# ------------------------------------------------------------------ names


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("../../etc/passwd", "passwd"),
        ("/etc/cron.d/evil.gpx", "evil.gpx"),
        ("..\\..\\Windows\\evil.gpx", "evil.gpx"),
        ("C:\\Users\\x\\run.fit", "run.fit"),
        ("run\x00.gpx", "run_.gpx"),
        ("..", "upload-3"),
        ("", "upload-3"),
        (".bashrc", "bashrc"),
        ("Morgenløp 12.fit.gz", "Morgenl_p 12.fit.gz"),
        ("a" * 5000 + ".gpx.gz", "a" * 113 + ".gpx.gz"),  # 113 + 7 = MAX_NAME
    ],
)
def test_safe_name_is_a_plain_name(given, stored):
    assert safe_name(given, 3) == stored
    assert len(safe_name(given, 3)) <= uploads.MAX_NAME


HOSTILE_NAMES = [
    "../../etc/passwd",
    "/etc/passwd",
    "..\\..\\..\\etc\\passwd.gpx",
    "....//....//x.gpx",
    "%2e%2e%2f%2e%2e%2fx.gpx",
    "evil\x00.gpx",
    "x" * 4000 + ".gpx",
    "..",
]


def test_hostile_names_never_leave_the_upload_folder(world, make_client, monkeypatch):
    client = make_client(user="ann")
    written: list[Path] = []
    real_copy = shutil.copyfileobj

    def spy(source, target, *args):
        written.append(Path(target.name))
        return real_copy(source, target, *args)

    monkeypatch.setattr(uploads.shutil, "copyfileobj", spy)
    data_dir = world.settings.data_dir
    before = sorted(p.name for p in data_dir.iterdir())
    files = [
        ("files", (name, gpx_bytes(START + timedelta(days=i), n=90)))
        for i, name in enumerate(HOSTILE_NAMES)
    ]
    response = _upload(client, world.a, files)
    assert response.status_code == 200, response.text
    results = response.json()
    assert [r["outcome"] for r in results] == ["added"] * len(HOSTILE_NAMES)
    for result in results:
        assert "/" not in result["name"]
        assert "\\" not in result["name"]
        assert not result["name"].startswith(".")
        assert len(result["name"]) <= uploads.MAX_NAME
    temp_root = Path(tempfile.gettempdir()).resolve()
    assert len(written) == len(HOSTILE_NAMES)
    for path in written:
        resolved = path.resolve()
        # <tmp>/lydiard-upload-XXXX/<index>/<name>: nothing else, nothing higher.
        assert resolved.parent.parent.parent == temp_root, resolved
        assert resolved.parent.parent.name.startswith("lydiard-upload-")
    assert not written[0].parent.parent.exists()  # the folder is gone afterwards
    after = sorted(p.name for p in data_dir.iterdir())
    assert set(after) - set(before) <= {"lydiard.db-wal", "lydiard.db-shm", "lydiard.db-journal"}


# ------------------------------------------------------------------ bombs


def test_zip_bomb_member_is_refused_and_the_rest_imported(world, make_client):
    client = make_client(user="ann")
    export = _zip(
        {
            "activities/1.gpx": bytes(8 << 20),  # 8 MiB of zeros: ~1000 times, 8 kB zipped
            "activities/2.gpx": gpx_bytes(START, n=120, name="Real run"),
        }
    )
    assert len(export) < 64 << 10
    tracemalloc.start()
    try:
        response = _upload(client, world.a, {"files": ("export_123.zip", export)})
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert response.status_code == 200, response.text
    results = {r["name"].rsplit("/", 1)[-1]: r for r in response.json()}
    assert results["1.gpx"]["outcome"] == "failed"
    assert "refused as a possible zip bomb" in results["1.gpx"]["reason"]
    assert "inflates 1" in results["1.gpx"]["reason"]  # "inflates 1000+ times"
    assert results["2.gpx"]["outcome"] == "added"
    assert peak < 32 << 20, f"peak Python memory {peak / 2**20:.0f} MiB"


def test_many_small_members_stop_at_the_archive_budget(world, make_client, monkeypatch):
    # 1 MiB members escape the per-member ratio check; the archive-wide budget stops them.
    monkeypatch.setattr(strava, "TOTAL_FLOOR_BYTES", 3 << 20)
    client = make_client(user="ann")
    export = _zip({f"activities/{i}.fit": bytes(1 << 20) for i in range(8)})
    response = _upload(client, world.a, {"files": ("export.zip", export)})
    assert response.status_code == 200
    reasons = [r["reason"] for r in response.json()]
    assert len(reasons) == 8
    refused = [r for r in reasons if "refused as a possible zip bomb" in r]
    # A 8 kB archive may inflate to the 3 MiB floor: about 3 members, then refusals.
    assert 4 <= len(refused) <= 6, reasons
    assert all(r["outcome"] == "failed" for r in response.json())


def _with_declared_entries(archive: bytes, count: int) -> bytes:
    at = archive.rfind(b"PK\x05\x06")
    patched = bytearray(archive)
    struct.pack_into("<HH", patched, at + 8, count, count)
    return bytes(patched)


def test_entry_count_is_checked_before_the_directory_is_parsed(
    world, make_client, monkeypatch, tmp_path
):
    monkeypatch.setattr(strava, "MAX_MEMBERS", 50)
    honest = _zip({f"activities/{i}.gpx": b"<gpx/>" for i in range(60)})
    lying = _with_declared_entries(_zip({"activities/1.gpx": b"<gpx/>"}), 60_000)
    (tmp_path / "lying.zip").write_bytes(lying)
    assert declared_entries(tmp_path / "lying.zip") == 60_000
    client = make_client(user="ann")
    for name, data, count in (("honest.zip", honest, 61), ("lying.zip", lying, 60_000)):
        response = _upload(client, world.a, {"files": (name, data)})
        assert response.status_code == 200
        [result] = response.json()
        assert result["outcome"] == "failed"
        assert f"lists {count} entries, more than 50; refused" in result["reason"], result


def test_nested_archives_and_gzip_bombs_are_refused(world, make_client):
    client = make_client(user="ann")
    inner = _zip({"activities/1.gpx": gpx_bytes(START, n=60)})
    export = _zip(
        {
            "activities/inner.zip": inner,  # not an activity file: ignored
            "activities/3.gpx.gz": gzip.compress(gzip.compress(gpx_bytes(START, n=60))),
        }
    )
    bomb = gzip.compress(bytes(48 << 20), compresslevel=9)  # 48 MiB of zeros in ~50 kB
    files = [("files", ("export.zip", export)), ("files", ("bomb.gpx.gz", bomb))]
    response = _upload(client, world.a, files)
    assert response.status_code == 200
    results = {r["name"].rsplit("/", 1)[-1]: r for r in response.json()}
    assert set(results) == {"3.gpx.gz", "bomb.gpx.gz"}
    assert "nested archives are not supported" in results["3.gpx.gz"]["reason"]
    assert "more than 200 times its compressed size" in results["bomb.gpx.gz"]["reason"]
    assert "gzip bomb" in results["bomb.gpx.gz"]["reason"]


# ------------------------------------------------------------------ XML


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE gpx [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<gpx version="1.1" creator="x"><trk><name>&lol9;</name></trk></gpx>"""

EXTERNAL = b"""<?xml version="1.0"?>
<!DOCTYPE gpx [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<gpx version="1.1" creator="x"><trk><name>&xxe;</name></trk></gpx>"""

QUADRATIC = (
    b'<?xml version="1.0"?>\n<!DOCTYPE TrainingCenterDatabase [<!ENTITY a "'
    + b"x" * 2_000
    + b'">]>\n<TrainingCenterDatabase><Activities><Activity Sport="Running"><Notes>'
    + b"&a;" * 50_000  # 100 MB once expanded
    + b"</Notes></Activity></Activities></TrainingCenterDatabase>"
)

PARAMETER_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE gpx [<!ENTITY % remote SYSTEM "http://127.0.0.1:9/evil.dtd"> %remote;]>
<gpx version="1.1" creator="x"/>"""


def test_xml_bombs_are_refused(world, make_client):
    client = make_client(user="ann")
    files = [
        ("files", ("laughs.gpx", BILLION_LAUGHS)),
        ("files", ("xxe.gpx", EXTERNAL)),
        ("files", ("quadratic.tcx", QUADRATIC)),
        ("files", ("parameter.gpx", PARAMETER_ENTITY)),
    ]
    before = world.store.activities.count(athlete_id=world.a)
    response = _upload(client, world.a, files)
    assert response.status_code == 200, response.text
    results = {r["name"]: r for r in response.json()}
    assert set(results) == {"laughs.gpx", "xxe.gpx", "quadratic.tcx", "parameter.gpx"}
    for name, result in results.items():
        assert result["outcome"] == "failed", name
        assert "entit" in result["reason"], (name, result["reason"])
    assert "root:" not in response.text  # /etc/passwd was never read
    assert world.store.activities.count(athlete_id=world.a) == before


# ------------------------------------------------------------------ size


def test_a_streamed_body_over_the_cap_is_cut_off(world, make_client):
    client = make_client(user="ann", max_upload_bytes=64 << 10)
    boundary = "lydiardboundary"

    def body():
        yield (
            f'--{boundary}\r\nContent-Disposition: form-data; name="files"; '
            f'filename="big.gpx"\r\nContent-Type: application/gpx+xml\r\n\r\n'
        ).encode()
        for _ in range(64):
            yield b"x" * (16 << 10)  # 1 MiB in all, no Content-Length announced
        yield f"\r\n--{boundary}--\r\n".encode()

    response = client.post(
        f"/api/athletes/{world.a}/uploads",
        content=body(),
        headers={"content-type": f"multipart/form-data; boundary={boundary}"},
    )
    assert response.status_code == 413
    assert response.json()["error"]["message"] == "the upload is over the cap of 65536 bytes"
    assert world.store.activities.count(athlete_id=world.a) == 7


def test_an_export_uploaded_without_zip_suffix_is_read_as_one(world, make_client):
    client = make_client(user="ann")
    export = _zip({"activities/5.gpx": gpx_bytes(START + timedelta(days=3), n=60)})
    response = _upload(client, world.a, {"files": ("export_8812", export)})
    assert [r["outcome"] for r in response.json()] == ["added"]
