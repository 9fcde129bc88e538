import numpy as np
import pytest

from lydiard.importers.xmltokens import TagScanner, attribute, element_text, to_floats, unescape


def test_scanner_finds_wanted_tags_by_local_name():
    scanner = TagScanner(["trkpt", "ele", "hr", "extensions"], ends=["extensions"])
    text = (
        b'<gpx><trkpt lat="1" lon="2"><ele>5</ele><elevation>9</elevation>'
        b"<extensions><a:hr>120</a:hr><b:hr/><hrx>1</hrx></extensions><x:extensions/>"
        b"</trkpt></gpx>"
    )
    tags = scanner.scan(text)
    c = scanner.code
    assert tags.code.tolist() == [
        c["trkpt"],
        c["ele"],
        c["extensions"],
        c["hr"],
        c["hr"],
        -c["extensions"],
        c["extensions"],
    ]
    assert tags.texts(np.arange(len(tags))) == [b"", b"5", b"", b"120", b"", b"", b""]
    assert tags.attrs(np.array([0])) == [b' lat="1" lon="2"']
    assert tags.closed.tolist() == [False, False, False, False, True, False, True]
    # The self-closing <x:extensions/> does not leave an extension open.
    assert tags.depth(c["extensions"]).tolist() == [0, 0, 1, 1, 1, 0, 0]


def test_scanner_handles_long_and_prefixed_names():
    scanner = TagScanner(["TrackPointExtension", "hr"])
    long_prefix = b"p" * 40
    text = (
        b"<r><gpxtpx:TrackPointExtension><" + long_prefix + b":hr>7</" + long_prefix + b":hr>"
        b"<" + b"q" * 70 + b":hr>8</x></gpxtpx:TrackPointExtension></r>"
    )
    tags = scanner.scan(text)
    # The 70-byte prefix makes a name longer than any of ours: not read.
    assert tags.code.tolist() == [1, 2]
    assert tags.texts(np.array([1])) == [b"7"]


def test_scanner_rejects_names_that_only_look_alike():
    scanner = TagScanner(["time", "temp"])
    tags = scanner.scan(b"<a><time>1</time><tame>2</tame><timer>3</timer><temp>4</temp></a>")
    assert tags.code.tolist() == [1, 2]


def test_scanner_refuses_ambiguous_names():
    with pytest.raises(ValueError, match="must differ"):
        TagScanner(["abxd", "abyd"])


def test_to_floats_bulk_and_bad():
    values, bad = to_floats([b"1.5", b" 2 ", b"1e3", b"-0"])
    assert values.tolist() == [1.5, 2.0, 1000.0, -0.0]
    assert not bad.any()
    values, bad = to_floats([b"1", b"x", b"", b"nan", b"inf", b"&#51;"])
    assert values[:1].tolist() == [1.0]
    assert np.isnan(values[1:5]).all()
    assert values[5] == 3.0  # a character reference
    assert bad.tolist() == [False, True, False, False, True, False]


def test_unescape_and_attributes_and_element_text():
    assert unescape(b"a &amp; b &lt;&#233;&#xE9;&gt;") == "a & b <éé>".encode()
    assert unescape(b"<![CDATA[a &amp; <b>]]> &amp;") == b"a &amp; <b> &"
    assert attribute(b" lat='4&amp;5' lon=\"6\"", "lat") == b"4&5"
    assert attribute(b' xlat="1"', "lat") is None
    raw = b"<gpx><x:name> Long &amp; hilly </x:name><name>second</name></gpx>"
    assert element_text(raw, "name") == "Long & hilly"
    assert element_text(raw, "desc") is None
