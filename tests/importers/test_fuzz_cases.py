"""Seeded fuzz cases for FIT, GPX and TCX, and the failures the fuzz campaign found.

The cases come from :func:`lydiard.importers.mutate.make_case`, the generator ``make fuzz``
uses (10,000 cases per format there, a few hundred here, same seed every run). Every case
must end in an Activity or in a LydiardError whose message starts with the file's name;
anything else fails, and so does a case that outlives a generous alarm (a hang). Speed is
measured by ``make fuzz``, not asserted here.

The regression tests below rebuild each failure the campaign found from a shared sample
and a spelled-out mutation, so they do not depend on the generator's choices.
"""

from __future__ import annotations

import random
import signal
from pathlib import Path

import pytest

from hang_alarm import alarm
from lydiard.errors import FileFormatError, LydiardError
from lydiard.importers import read_bytes, read_bytes_all
from lydiard.importers.mutate import corpus, make_case, mutate
from lydiard.importers.xmlsafe import MAX_DEPTH, too_deep
from lydiard.model import Activity

SEED = 20261129
#: Cases per format; with the small samples below the three formats take about 20 s.
CASES = {"fit": 300, "gpx": 200, "tcx": 200}
#: Only small samples here (bytes); ``make fuzz`` mutates larger ones too.
MAX_BYTES = {"fit": 60_000, "gpx": 40_000, "tcx": 20_000}
#: Two orders of magnitude above any honest read of these inputs: only a hang trips it.
ALARM_S = 30.0


def _outcome(name: str, data: bytes, index: int) -> str:
    """ "activity" or "error"; fails the test on anything else."""
    inner = name.removesuffix(".gz")
    message = ""
    with alarm(ALARM_S):
        try:
            if index % 3 == 0:
                results = read_bytes_all(data, name)
            else:
                results = [read_bytes(data, name, strict=index % 3 == 2)]
        except LydiardError as exc:
            message = str(exc)
    if message:
        assert message.startswith((f"{inner}: ", f"{name}: ")), message
        return "error"
    assert results
    assert all(isinstance(activity, Activity) for activity in results)
    return "activity"


@pytest.mark.skipif(not hasattr(signal, "setitimer"), reason="needs SIGALRM timers")
@pytest.mark.parametrize("fmt", sorted(CASES))
def test_seeded_cases_end_in_an_activity_or_a_lydiard_error(shared_data, fmt):
    files = corpus(shared_data, fmt, MAX_BYTES[fmt])
    if not files:
        pytest.skip(f"no {fmt} samples under {MAX_BYTES[fmt]} bytes in {shared_data}")
    donors = [data for f in sorted(CASES) for _, data in corpus(shared_data, f, MAX_BYTES[f])]
    outcomes = {"activity": 0, "error": 0}
    kinds = set()
    for index in range(CASES[fmt]):
        case = make_case(fmt, SEED, index, files, donors)
        kinds.add(case.kind.removeprefix("gzip+"))
        try:
            outcomes[_outcome(case.name, case.data, index)] += 1
        except Exception as exc:  # the point of the test: name the case that escaped
            raise AssertionError(
                f"{fmt} case {index} ({case.kind} of {case.source}): replay with "
                f"make_case({fmt!r}, {SEED}, {index}, ...): {type(exc).__name__}: {exc}"
            ) from exc
    # Both outcomes occur and the generator's families all ran.
    assert outcomes["activity"] > 0
    assert outcomes["error"] > 0
    assert len(kinds) >= 10, sorted(kinds)


def test_cases_are_a_pure_function_of_format_seed_and_index():
    files = [("a.gpx", b'<gpx><trk><trkseg><trkpt lat="1" lon="2"/></trkseg></trk></gpx>')]
    first = [make_case("gpx", 5, i, files, [b"donor"]) for i in range(50)]
    again = [make_case("gpx", 5, i, files, [b"donor"]) for i in range(50)]
    assert first == again
    other = [make_case("gpx", 6, i, files, [b"donor"]) for i in range(50)]
    assert [c.data for c in other] != [c.data for c in first]


def test_gzipped_cases_are_named_dot_gz_and_inflate():
    files = [("a.tcx", b"<TrainingCenterDatabase>" + b" " * 100 + b"</TrainingCenterDatabase>")]
    cases = [make_case("tcx", 1, i, files, []) for i in range(200)]
    gzipped = [c for c in cases if c.kind.startswith("gzip+")]
    # one case in eight is gzipped: 25 expected of 200; 10..45 is over 4 standard deviations
    assert 10 <= len(gzipped) <= 45
    assert all(c.name == "a.tcx.gz" for c in gzipped)
    assert all(c.name == "a.tcx" for c in cases if c not in gzipped)


def test_fit_mutations_stay_fit_and_xml_mutations_stay_xml():
    rng = random.Random(3)
    fit_kinds = {mutate(b"\x0e" * 64, "fit", rng)[0].removeprefix("gzip+") for _ in range(300)}
    xml_kinds = {mutate(b"<gpx/>", "gpx", rng)[0].removeprefix("gzip+") for _ in range(300)}
    assert not any(k.startswith("xml_") for k in fit_kinds)
    assert not any(k.startswith("fit_") for k in xml_kinds)
    assert {"fit_huge_size", "fit_huge_developer_field", "splice"} <= fit_kinds
    assert {"xml_entity", "xml_deep_nesting", "xml_huge_text", "splice"} <= xml_kinds


# --- nesting depth ---------------------------------------------------------------


def _nested(depth: int) -> bytes:
    return b"<gpx>" + b"<a>" * (depth - 1) + b"</a>" * (depth - 1) + b"</gpx>"


def test_nesting_up_to_the_limit_is_accepted_and_one_more_level_is_found():
    assert too_deep(_nested(MAX_DEPTH)) is None
    text = _nested(MAX_DEPTH + 1)
    # the deepest <a> opens after <gpx> (5 bytes) and MAX_DEPTH - 1 earlier <a> (3 bytes each)
    assert too_deep(text) == 5 + 3 * (MAX_DEPTH - 1)


def test_self_closing_tags_and_declarations_do_not_deepen():
    body = b'<?xml version="1.0"?><!DOCTYPE gpx><gpx>' + b'<a x="1"/><b/>' * 500 + b"</gpx>"
    assert too_deep(body, limit=2) is None
    # a ">" inside an attribute value does not hide the "/>" that closes the tag
    tricky = b"<gpx>" + b'<a note="1 > 0"/>' * 500 + b"</gpx>"
    assert too_deep(tricky, limit=2) is None
    # nor does a ">" in text hide an open tag
    text = b"<gpx>" + b"<a>1 > 0</a>" * 500 + b"</gpx>"
    assert too_deep(text, limit=2) is None
    assert too_deep(b"<gpx><a><b><c/></b></a></gpx>", limit=2) == len(b"<gpx><a>")


# --- regressions found by make fuzz ----------------------------------------------------


def _sample(shared_data: Path, relative: str) -> bytes:
    path = shared_data / relative
    if not path.exists():
        pytest.skip(f"{relative} is not in the shared data folder")
    return path.read_bytes()


@pytest.mark.parametrize(
    ("relative", "after", "element"),
    [
        # make fuzz seed 1 gpx #97: 100,000 nested <trkpt> took 7.0 s, in the per-point path;
        # inserted inside <gpx><trk><trkseg>: 3 levels above
        ("gpx/gpxpy__Mojstrovka.gpx", b"<trkseg>", b"trkpt"),
        # make fuzz seed 1 tcx #172: 100,000 nested <Lap> took 10.1 s (every lap scanned
        # every point); inside <TrainingCenterDatabase><Activities><Activity>: 3 levels
        ("tcx/tcxtest__pool_swim-activity_1.tcx", b"<Activity Sport", b"Lap"),
    ],
)
def test_deep_nesting_is_refused_quickly_with_its_place(shared_data, relative, after, element):
    data = _sample(shared_data, relative)
    at = data.index(b">", data.index(after)) + 1
    depth = 100_000
    nested = (b"<" + element + b">") * depth + (b"</" + element + b">") * depth
    name = Path(relative).name
    with alarm(ALARM_S), pytest.raises(FileFormatError) as caught:
        read_bytes(data[:at] + nested + data[at:], name)
    message = str(caught.value)
    assert message.startswith(f"{name}: elements nested more than {MAX_DEPTH} levels deep (")
    # inserted tag k (from 1) sits at depth 3 + k: the first too deep is k = MAX_DEPTH - 2,
    # which starts after MAX_DEPTH - 3 inserted tags
    expected = at + (MAX_DEPTH - 3) * len(b"<" + element + b">")
    assert f"byte {expected})" in message


def test_fit_reference_field_widened_to_255_bytes_is_read_with_issues(shared_data):
    """make fuzz seed 1 fit #298: an IndexError escaped the sub-field mask.

    The file_id definition at byte 12 declares 6 fields (count at byte 12 + 5, after the
    record header, reserved byte, architecture and message number; then 3 bytes per field:
    number, size, base type), so field 1 (manufacturer, the reference field of
    garmin_product) has its size at byte 12 + 6 + 3 * 1 + 1 = 22. Made 255, the
    manufacturer became an array and the mask for garmin_product had the wrong shape.
    """
    data = bytearray(_sample(shared_data, "fit/fitparse__compressed-speed-distance.fit"))
    # as described above: a definition record header, 6 fields, a 2-byte manufacturer
    assert data[12] == 0x40
    assert data[17] == 6
    assert data[22] == 2
    data[22] = 255
    activity = read_bytes(bytes(data), "speed.fit")
    text = " ".join(str(issue) for issue in activity.issues)
    # The widened file_id message swallows the next definitions: the loss is reported with
    # its byte range, and the file CRC no longer matches.
    assert "bytes 305 to 5583 skipped" in text
    assert "the file CRC does not match" in text


@pytest.mark.parametrize("value", [b"", b"NaN"])
def test_gpx_point_with_an_empty_latitude_is_reported(shared_data, value):
    """make fuzz (silent-loss check, seed 5 gpx #297): lat="" became NaN with no issue."""
    data = _sample(shared_data, "gpx/gpxpy__cerknicko-jezero.gpx")
    original = b'<trkpt lat="45.766938441" lon="14.360558214">'
    assert data.count(original) == 1
    line = data[: data.index(original)].count(b"\n") + 1
    damaged = data.replace(original, b'<trkpt lat="' + value + b'" lon="14.360558214">')
    activity = read_bytes(damaged, "lake.gpx")
    assert read_bytes(data, "lake.gpx").issues == ()
    assert [str(issue) for issue in activity.issues] == [
        f"warning: 1 points with an empty or NaN latitude (line {line}, column 1)"
    ]


_TRACK = (
    b'<gpx><trk><trkseg><trkpt lat="1" lon="2"><time>2020-01-01T00:00:00Z</time></trkpt>'
    b'<trkpt lat="1.001" lon="2"><time>2020-01-01T00:00:10Z</time></trkpt></trkseg></trk></gpx>'
)


def test_byte_order_mark_wins_over_a_damaged_declared_encoding(shared_data):
    """make fuzz seed 1 gpx #2407: one flipped bit made "utf-8" "uuf-8" after a UTF-8 BOM.

    The BOM made the reader skip its own encoding check, and expat raised LookupError.
    """
    data = _sample(shared_data, "gpx/gpxpy__unicode_with_bom.gpx")
    assert data.startswith(b'\xef\xbb\xbf<?xml version="1.0" encoding="utf-8"?>')
    damaged = data.replace(b'encoding="utf-8"', b'encoding="uuf-8"', 1)
    with pytest.raises(LydiardError) as caught:
        read_bytes(damaged, "bom.gpx")
    # the file holds one waypoint and no track: the same error as the undamaged file
    with pytest.raises(LydiardError) as undamaged:
        read_bytes(data, "bom.gpx")
    assert str(caught.value) == str(undamaged.value)


@pytest.mark.parametrize(
    ("declared", "shown"),
    [(b"uuf-8", "'uuf-8'"), (b"latin-1", "'latin-1'"), (b"utf+8", "an unreadable encoding")],
)
def test_byte_order_mark_and_another_declared_encoding_is_read_as_utf8(declared, shown):
    declaration = b'\xef\xbb\xbf<?xml version="1.0" encoding="' + declared + b'"?>'
    activity = read_bytes(declaration + _TRACK, "bom.gpx")
    assert len(activity.samples) == 2
    assert [str(issue) for issue in activity.issues] == [
        f"warning: the XML declaration names {shown} but the file starts with a UTF-8 "
        "byte-order mark; read as UTF-8 (line 1)"
    ]


def test_an_unknown_encoding_without_a_byte_order_mark_is_a_file_format_error():
    # the reader refuses the unknown name itself, before expat would raise LookupError
    with pytest.raises(FileFormatError, match=r"^u\.gpx: unknown text encoding 'uuf-8' in the"):
        read_bytes(b'<?xml version="1.0" encoding="uuf-8"?>' + _TRACK, "u.gpx")
