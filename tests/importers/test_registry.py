"""The reader registry: content sniffing, gzip, several activities per file, missing readers."""

import gzip
import importlib.util

import pytest

from lydiard.errors import FileFormatError, InputError
from lydiard.importers import read_activities, read_bytes, read_bytes_all
from lydiard.importers.sniff import Format, sniff

GPX = (
    '<?xml version="1.0"?><gpx><trk><trkseg>'
    '<trkpt lat="46" lon="8"><time>2024-06-01T06:00:00Z</time></trkpt>'
    '<trkpt lat="46.001" lon="8"><time>2024-06-01T06:00:01Z</time></trkpt>'
    "</trkseg></trk></gpx>"
)


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_sniff_utf16_without_a_byte_order_mark(codec):
    assert sniff(GPX.encode(codec), "x") is Format.GPX


def test_gzip_without_suffix_and_a_misleading_name():
    activity = read_bytes(gzip.compress(GPX.encode()), "run.fit")
    assert activity.source_format == "gpx"
    assert activity.source_name == "run.fit"
    assert read_bytes_all(GPX.encode(), "x.gpx")[0].samples.equals(activity.samples)


@pytest.mark.skipif(
    importlib.util.find_spec("lydiard.importers.fit") is not None,
    reason="the FIT reader exists on this branch",
)
def test_a_missing_reader_is_a_clear_error(shared_data):
    data = (shared_data / "fit" / "fitparse__activity-settings.fit").read_bytes()
    with pytest.raises(
        FileFormatError, match=r"a\.fit: this lydiard build cannot read FIT files yet"
    ):
        read_bytes(data, "a.fit")


def test_read_activities_reports_errors_as_items(tmp_path):
    (tmp_path / "bad.gpx").write_bytes(b"<gpx><trk><trkseg></trkseg></trk></gpx>")
    ((name, error),) = read_activities(tmp_path / "bad.gpx")
    assert name == "bad.gpx"
    assert isinstance(error, FileFormatError)
    ((_, missing),) = read_activities(tmp_path / "nope.gpx")
    assert isinstance(missing, InputError)
    assert "no such file" in str(missing)
