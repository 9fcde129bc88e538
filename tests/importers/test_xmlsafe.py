"""Hostile and odd XML: entities, external references, encodings, damage."""

from __future__ import annotations

import pytest

from lydiard.errors import FileFormatError
from lydiard.importers.gpx import read_gpx
from lydiard.importers.tcx import read_tcx
from lydiard.importers.xmlsafe import load_document

TRACK = (
    '<trk><trkseg><trkpt lat="46" lon="8"><time>2024-06-01T06:00:00Z</time></trkpt></trkseg></trk>'
)

BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE gpx [\n <!ENTITY lol "lol">\n'
    ' <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">\n'
    ' <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">\n'
    "]>\n<gpx><metadata><name>&lol3;</name></metadata>" + TRACK + "</gpx>"
)
EXTERNAL = (
    '<?xml version="1.0"?>\n<!DOCTYPE gpx [<!ENTITY secret SYSTEM "file:///etc/passwd">]>\n'
    "<gpx><metadata><name>&secret;</name></metadata>" + TRACK + "</gpx>"
)
PARAMETER = (
    '<?xml version="1.0"?>\n<!DOCTYPE gpx [<!ENTITY % remote SYSTEM "http://example.com/x.dtd">'
    " %remote;]>\n<gpx>" + TRACK + "</gpx>"
)


@pytest.mark.parametrize(
    ("document", "fragment"),
    [
        (BILLION_LAUGHS, r"declares the entity 'lol' \(line 3\)"),
        (EXTERNAL, r"declares the entity 'secret' \(line 2\)"),
        (PARAMETER, r"declares the entity 'remote'"),
    ],
)
def test_entities_are_refused(document, fragment):
    with pytest.raises(FileFormatError, match=fragment) as info:
        read_gpx(document.encode(), name="evil.gpx")
    message = str(info.value)
    assert message.startswith("evil.gpx: the XML ")
    assert "refused for safety" in message


def test_entity_refusal_is_the_same_in_tcx():
    evil = BILLION_LAUGHS.replace("gpx", "TrainingCenterDatabase")
    with pytest.raises(FileFormatError, match="declares the entity"):
        read_tcx(evil.encode(), name="evil.tcx")


def test_external_dtd_without_entities_is_not_fetched_and_reads():
    # An external DTD subset is never loaded (expat does not fetch it); nothing refers to it.
    document = '<?xml version="1.0"?>\n<!DOCTYPE gpx SYSTEM "http://example.com/gpx.dtd">\n'
    activity = read_gpx((document + "<gpx>" + TRACK + "</gpx>").encode())
    assert len(activity.samples) == 1


def test_undefined_entity_is_damage_with_a_position():
    document = "<gpx>\n" + TRACK + "\n<metadata><name>&nope;</name></metadata></gpx>"
    activity = read_gpx(document.encode())
    (issue,) = [i for i in activity.issues if "damaged XML" in i.message]
    assert "undefined entity" in issue.message
    assert issue.where == "line 3, column 17"


def test_load_document_reports_where_it_stopped():
    doc = load_document(b"<gpx>\n  <trk>\n  <oops></gpx>", "cut.gpx", "gpx")
    assert doc.error is not None
    assert doc.error.reason == "mismatched tag"
    assert (doc.error.line, doc.error.column) == (3, 11)
    assert doc.raw == b"<gpx>\n  <trk>\n  <oops>"
    assert not doc.error.truncated


def test_blanking_keeps_lines_and_offsets():
    text = b"<gpx><!-- a\n<trkpt lat='1' lon='1'/>\n --><![CDATA[<b>\n]]>\n</gpx>"
    doc = load_document(text, None, "gpx")
    assert len(doc.text) == len(text)
    assert doc.text.count(b"\n") == text.count(b"\n")
    assert b"trkpt" not in doc.text
    assert doc.raw == text


def test_utf16_declaration_is_rewritten_for_the_checker():
    text = '<?xml version="1.0" encoding="UTF-16"?><gpx>' + TRACK + "</gpx>"
    doc = load_document(text.encode("utf-16"), None, "gpx")
    assert doc.raw.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    assert doc.error is None
    assert "utf-16 converted to UTF-8" in str(doc.issues[0])
