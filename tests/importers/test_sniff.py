import gzip

import pytest

from lydiard.errors import FileFormatError, InputError
from lydiard.importers import read_activity, read_bytes
from lydiard.importers.sniff import Format, gunzip, sniff

FIT_HEADER = bytes([14, 0x10]) + (2132).to_bytes(2, "little") + bytes(4) + b".FIT" + bytes(2)


@pytest.mark.parametrize(
    ("data", "fmt"),
    [
        (FIT_HEADER, Format.FIT),
        (b'<?xml version="1.0"?>\n<gpx version="1.1">', Format.GPX),
        (b"\xef\xbb\xbf<?xml version='1.0'?><gpx>", Format.GPX),
        (b"<TrainingCenterDatabase xmlns='x'>", Format.TCX),
        (b"<?xml version='1.0'?><ns:TrainingCenterDatabase>", Format.TCX),
        (gzip.compress(b"<gpx/>"), Format.GZIP),
        (b"PK\x03\x04rest", Format.ZIP),
        ('<?xml version="1.0"?><gpx>'.encode("utf-16"), Format.GPX),
    ],
)
def test_sniff_by_content(data, fmt):
    assert sniff(data, "whatever.bin") is fmt


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (b"", "the file is empty"),
        (b"<!DOCTYPE html><html><body>502 Bad Gateway</body></html>", "HTML page"),
        (b"\x00\x01garbage", "not a FIT, GPX, TCX"),
    ],
)
def test_sniff_errors_name_the_file(data, fragment):
    with pytest.raises(FileFormatError, match=fragment) as info:
        sniff(data, "/tmp/run-0412.fit")
    assert str(info.value).startswith("run-0412.fit:")


def test_gunzip_refuses_bombs():
    bomb = gzip.compress(bytes(3 << 20))
    with pytest.raises(FileFormatError, match="gzip bomb"):
        gunzip(bomb, "bomb.fit.gz", limit=1 << 20)
    assert gunzip(gzip.compress(b"abc")) == b"abc"


def test_truncated_gzip_keeps_what_was_inflated():
    data = gzip.compress(bytes(range(256)) * 400)
    assert len(gunzip(data[: len(data) // 2])) > 0
    with pytest.raises(FileFormatError, match="damaged gzip"):
        gunzip(b"\x1f\x8bxxxx", "bad.gz")


def test_read_activity_errors(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_activity(tmp_path / "missing.fit")
    (tmp_path / "a.zip").write_bytes(b"PK\x03\x04")
    with pytest.raises(InputError, match="Strava export"):
        read_activity(tmp_path / "a.zip")
    with pytest.raises(InputError, match="many activities"):
        read_bytes(b"PK\x03\x04xx", "b.zip")
    empty = tmp_path / "empty.gpx"
    empty.write_bytes(b"")
    with pytest.raises(FileFormatError, match=r"empty\.gpx: the file is empty"):
        read_activity(empty)
