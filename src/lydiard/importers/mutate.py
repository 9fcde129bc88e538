"""Seeded mutations of FIT, GPX and TCX files: the one case generator for fuzzing.

The fuzz campaign (``make fuzz``, ``bench/fuzz.py``) and the seeded fuzz tests
(``tests/importers/test_fuzz_cases.py``) both build their cases here, so a failure found
by one is replayed by the other from ``(format, seed, index)`` alone.

Mutations by family:

- **bytes** (every format): bit flips, random bytes inserted, a stretch deleted, a stretch
  repeated, truncation, a splice of the start of one file and the end of another (of any
  format).
- **FIT structure** (:mod:`lydiard.fit.mutate`): overwritten runs, a huge declared data
  size, a definition claiming 255 fields or a 255-byte field, a huge developer field.
- **XML structure**: a huge attribute, a huge text node, deep nesting, entity tricks (the
  "billion laughs", external and parameter entities, undeclared and numeric references),
  extreme numbers and timestamps in place of real ones, a lying encoding declaration.
- **gzip**: any of the above wrapped in gzip, then maybe cut or flipped, or wrapped twice.

Everything is a pure function of the inputs and the seed: no clock, no global random state.
"""

from __future__ import annotations

import gzip
import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from lydiard.fit import mutate as fit_mutate

__all__ = [
    "BYTE_KINDS",
    "FIT_KINDS",
    "XML_KINDS",
    "Case",
    "corpus",
    "make_case",
    "mutate",
]

#: The fixed time of gzip headers written here (reproducible bytes).
_GZIP_MTIME = 0


def bit_flips(data: bytes, rng: random.Random) -> bytes:
    """``data`` with 1 to 32 random bits inverted anywhere (the header included)."""
    if not data:
        return data
    out = bytearray(data)
    for _ in range(rng.choice([1, 2, 4, 8, 32])):
        at = rng.randrange(len(out))
        out[at] ^= 1 << rng.randrange(8)
    return bytes(out)


def insert_bytes(data: bytes, rng: random.Random) -> bytes:
    """``data`` with 1 to 64 random bytes (sometimes zeros) inserted at a random place."""
    at = rng.randrange(len(data) + 1)
    size = rng.choice([1, 2, 3, 7, 64])
    extra = bytes(size) if rng.random() < 0.3 else rng.randbytes(size)
    return data[:at] + extra + data[at:]


def delete_bytes(data: bytes, rng: random.Random) -> bytes:
    """``data`` without a stretch of 1 to 2,000 bytes at a random place."""
    at = rng.randrange(len(data) + 1)
    return data[:at] + data[at + rng.choice([1, 2, 5, 100, 2000]) :]


def repeat_bytes(data: bytes, rng: random.Random) -> bytes:
    """``data`` with a stretch of up to 3,000 bytes repeated 2 to 20 times in place."""
    at = rng.randrange(len(data) + 1)
    chunk = data[at : at + rng.randint(1, 3000)]
    return data[:at] + chunk * rng.randint(2, 20) + data[at:]


def truncate(data: bytes, rng: random.Random) -> bytes:
    """``data`` cut at a random length (possibly empty)."""
    return data[: rng.randrange(len(data) + 1)]


def splice(data: bytes, other: bytes, rng: random.Random) -> bytes:
    """The start of ``data`` followed by the end of ``other``, cut at random places."""
    return data[: rng.randrange(len(data) + 1)] + other[rng.randrange(len(other) + 1) :]


Mutation = Callable[[bytes, bytes, random.Random], bytes]

#: Format-independent mutations: (data, donor, rng) -> mutated.
BYTE_KINDS: dict[str, Mutation] = {
    "bit_flips": lambda data, other, rng: bit_flips(data, rng),
    "insert": lambda data, other, rng: insert_bytes(data, rng),
    "delete": lambda data, other, rng: delete_bytes(data, rng),
    "repeat": lambda data, other, rng: repeat_bytes(data, rng),
    "truncate": lambda data, other, rng: truncate(data, rng),
    "splice": splice,
}

#: FIT structure mutations (from :mod:`lydiard.fit.mutate`), prefixed ``fit_``.
FIT_KINDS: dict[str, Mutation] = {
    f"fit_{name}": kind
    for name, kind in fit_mutate.KINDS.items()
    if name in ("overwrite", "huge_size", "huge_definition", "huge_developer_field")
}

# --- XML -----------------------------------------------------------------------------

_TAG_END = re.compile(rb"<(?![?!/])[^<>]*?(/?)>")
_NUMBER = re.compile(rb"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")
_ISO_TIME = re.compile(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[-+]\d\d:?\d\d)?")
_TEXT = re.compile(rb">([^<>]+)</")
_DECLARATION = re.compile(rb"\A(?:\xef\xbb\xbf)?<\?xml[^>]*?\?>")
_ROOT = re.compile(rb"<(?![?!])[\w.:-]+[^>]*>")

_HUGE_SIZES = [10_000, 1 << 20, 2 << 20]

_EXTREME_NUMBERS = [
    b"NaN",
    b"nan",
    b"inf",
    b"-Infinity",
    b"1e309",
    b"-1e309",
    b"1e-400",
    b"99999999999999999999999",
    b"1" * 5000,
    b"-0",
    b"",
    b" ",
    b"0x1F",
    b"1_000",
    b"1,5",
    b"+-1",
    b"1.2.3",
    b"\xd9\xa1\xd9\xa2",  # Arabic-Indic digits one, two
    b"&#49;&#50;",  # "12" as character references
    b"1&amp;2",
    b"4294967296",
    b"-2147483649",
]

_EXTREME_TIMES = [
    b"9999-12-31T23:59:59Z",
    b"0001-01-01T00:00:00Z",
    b"0000-00-00T00:00:00Z",
    b"1970-01-01T00:00:00Z",
    b"2020-13-45T25:61:61Z",
    b"2020-02-30T12:00:00Z",
    b"2016-12-31T23:59:60Z",
    b"2020-01-01T00:00:00+99:99",
    b"2020-01-01T00:00:00.1234567890123456789Z",
    b"2020-01-01T00:00:00",
    b"2020-01-01",
    b"12:00:00",
    b"99999-01-01T00:00:00Z",
    b"-2020-01-01T00:00:00Z",
    b"2020-01-01T00:00:00Z" * 50,
    b"",
    b"now",
]

_DOCTYPES = [
    # the billion laughs
    b'<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;'
    b'&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;'
    b'&lol2;&lol2;"><!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;'
    b'&lol3;">]>',
    # an external entity (never fetched)
    b'<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
    # a parameter entity from outside
    b'<!DOCTYPE r [<!ENTITY % remote SYSTEM "http://127.0.0.1:9/x.dtd">%remote;]>',
    # an external DTD
    b'<!DOCTYPE gpx SYSTEM "http://127.0.0.1:9/gpx.dtd">',
    # a harmless internal entity
    b'<!DOCTYPE r [<!ENTITY one "1">]>',
    # a huge internal subset
    b"<!DOCTYPE r [" + b"<!-- " + b"x" * 100_000 + b" -->" + b"]>",
]

_REFERENCES = [b"&xxe;", b"&lol4;", b"&one;", b"&undeclared;", b"&#0;", b"&#xD800;", b"&#1114112;"]

_ENCODINGS = [b"UTF-16", b"UTF-32", b"ISO-8859-1", b"bogus-8", b"cp1252", b"EBCDIC-CP-US", b""]


def _pick(pattern: re.Pattern[bytes], data: bytes, rng: random.Random) -> re.Match[bytes] | None:
    """A random match of ``pattern`` among the first 2,000 in ``data``."""
    found = []
    for match in pattern.finditer(data):
        found.append(match)
        if len(found) >= 2000:
            break
    return rng.choice(found) if found else None


def _replace(data: bytes, match: re.Match[bytes] | None, new: bytes, group: int = 0) -> bytes:
    if match is None:
        return data + new
    return data[: match.start(group)] + new + data[match.end(group) :]


def huge_attribute(data: bytes, rng: random.Random) -> bytes:
    """``data`` with a huge attribute added to a tag, or a number attribute made huge."""
    size = rng.choice(_HUGE_SIZES)
    tag = _pick(_TAG_END, data, rng)
    if tag is None:
        return data + b'<x a="' + b"A" * size + b'"/>'
    fill = b"9" * size if rng.random() < 0.5 else rng.choice([b"A", b"&amp;", b" "]) * (size // 4)
    at = tag.start(1)
    return data[:at] + b' huge="' + fill + b'"' + data[at:]


def huge_text(data: bytes, rng: random.Random) -> bytes:
    """``data`` with one element's text replaced by megabytes of digits, letters or spaces."""
    size = rng.choice(_HUGE_SIZES)
    fill = rng.choice([b"1", b"x", b" ", b"\n", b"9."]) * (size // 2)
    return _replace(data, _pick(_TEXT, data, rng), fill, 1)


def deep_nesting(data: bytes, rng: random.Random) -> bytes:
    """``data`` with thousands of nested elements inserted after a tag."""
    depth = rng.choice([50, 1_000, 100_000])
    name = rng.choice([b"a", b"trkpt", b"Trackpoint", b"extensions", b"Lap"])
    nest = b"<" + name + b">"
    inner = (b"<" + name + b">") * depth + (b"</" + name + b">") * depth
    if rng.random() < 0.3:
        inner = nest * depth  # never closed
    tag = _pick(_TAG_END, data, rng)
    at = tag.end() if tag is not None else len(data)
    return data[:at] + inner + data[at:]


def entity_trick(data: bytes, rng: random.Random) -> bytes:
    """``data`` with a DOCTYPE (entity bomb, external entity...) and/or a reference."""
    out = data
    if rng.random() < 0.7:
        declaration = _DECLARATION.match(out)
        at = declaration.end() if declaration else 0
        out = out[:at] + rng.choice(_DOCTYPES) + out[at:]
    if rng.random() < 0.7:
        text = _pick(_TEXT, out, rng)
        at = text.start(1) if text else len(out)
        out = out[:at] + rng.choice(_REFERENCES) + out[at:]
    return out


def extreme_number(data: bytes, rng: random.Random) -> bytes:
    """``data`` with a number (a coordinate, elevation, heart rate...) made extreme."""
    return _replace(data, _pick(_NUMBER, data, rng), rng.choice(_EXTREME_NUMBERS))


def extreme_time(data: bytes, rng: random.Random) -> bytes:
    """``data`` with a timestamp made extreme, impossible or malformed."""
    return _replace(data, _pick(_ISO_TIME, data, rng), rng.choice(_EXTREME_TIMES))


def lying_encoding(data: bytes, rng: random.Random) -> bytes:
    """``data`` whose XML declaration names another (or a bogus) encoding, or is re-encoded."""
    if rng.random() < 0.3:
        text = data.decode("utf-8", "replace")
        codec = rng.choice(["utf-16", "utf-16-le", "utf-32", "latin-1"])
        return text.encode(codec, "replace")
    encoding = rng.choice(_ENCODINGS)
    declaration = b'<?xml version="1.0" encoding="' + encoding + b'"?>'
    match = _DECLARATION.match(data)
    return declaration + (data[match.end() :] if match else data)


def root_swap(data: bytes, rng: random.Random) -> bytes:
    """``data`` with its root element renamed (a GPX that says TCX and the like)."""
    root = _ROOT.search(data)
    if root is None:
        return data
    new = rng.choice([b"<gpx>", b"<TrainingCenterDatabase>", b"<html>", b"<gpx/>", b"<"])
    return data[: root.start()] + new + data[root.end() :]


#: XML structure mutations.
XML_KINDS: dict[str, Mutation] = {
    "xml_huge_attribute": lambda data, other, rng: huge_attribute(data, rng),
    "xml_huge_text": lambda data, other, rng: huge_text(data, rng),
    "xml_deep_nesting": lambda data, other, rng: deep_nesting(data, rng),
    "xml_entity": lambda data, other, rng: entity_trick(data, rng),
    "xml_number": lambda data, other, rng: extreme_number(data, rng),
    "xml_time": lambda data, other, rng: extreme_time(data, rng),
    "xml_encoding": lambda data, other, rng: lying_encoding(data, rng),
    "xml_root": lambda data, other, rng: root_swap(data, rng),
}


def gzip_wrap(data: bytes, rng: random.Random) -> bytes:
    """``data`` in gzip: intact, cut, flipped, or wrapped twice."""
    packed = gzip.compress(data, compresslevel=1, mtime=_GZIP_MTIME)
    damage = rng.choice(["none", "none", "cut", "flip", "twice", "trailer"])
    if damage == "cut":
        return packed[: rng.randrange(len(packed) + 1)]
    if damage == "flip":
        return bit_flips(packed, rng)
    if damage == "twice":
        return gzip.compress(packed, compresslevel=1, mtime=_GZIP_MTIME)
    if damage == "trailer":
        return packed + rng.randbytes(rng.choice([1, 8, 100]))
    return packed


def mutate(
    data: bytes, fmt: str, rng: random.Random, donors: Sequence[bytes] = ()
) -> tuple[str, bytes]:
    """One seeded mutation of a ``fmt`` file ("fit", "gpx" or "tcx"): (kind, mutated bytes).

    About one case in eight is wrapped in gzip (kind ``gzip+<kind>``).

    Args:
        data: the file to mutate.
        fmt: its format.
        rng: the random source (seeded by the caller).
        donors: files to splice with (``data`` itself when empty).
    """
    kinds = dict(BYTE_KINDS)
    kinds.update(FIT_KINDS if fmt == "fit" else XML_KINDS)
    names = sorted(kinds)
    kind = rng.choice(names)
    other = rng.choice(list(donors)) if donors else data
    mutated = kinds[kind](data, other, rng)
    if rng.random() < 0.125:
        return f"gzip+{kind}", gzip_wrap(mutated, rng)
    return kind, mutated


@dataclass(frozen=True, slots=True)
class Case:
    """One fuzz case: which file was mutated how, and the bytes to read.

    Attributes:
        fmt: "fit", "gpx" or "tcx".
        seed: the campaign seed.
        index: the case number within the format.
        source: the name of the mutated file.
        kind: the mutation.
        name: the name to read the bytes under (``.gz`` added when gzipped).
        data: the mutated bytes.
    """

    fmt: str
    seed: int
    index: int
    source: str
    kind: str
    name: str
    data: bytes


def make_case(
    fmt: str, seed: int, index: int, files: Sequence[tuple[str, bytes]], donors: Sequence[bytes]
) -> Case:
    """Case ``index`` of a campaign: a pure function of its arguments.

    Args:
        fmt: the format of ``files``.
        seed: the campaign seed.
        index: the case number.
        files: (name, bytes) of the files to mutate, in a fixed order.
        donors: files to splice with, in a fixed order.
    """
    rng = random.Random(f"{seed}/{fmt}/{index}")
    source, data = files[rng.randrange(len(files))]
    kind, mutated = mutate(data, fmt, rng, donors)
    name = f"{source}.gz" if kind.startswith("gzip+") else source
    return Case(fmt, seed, index, source, kind, name, mutated)


#: Where each format's samples sit in the shared data folder.
_FOLDERS = {"fit": ("fit",), "gpx": ("gpx", "courses"), "tcx": ("tcx",)}


def corpus(folder: Path, fmt: str, max_bytes: int) -> list[tuple[str, bytes]]:
    """The ``fmt`` samples of the shared data folder no larger than ``max_bytes``.

    Returns (name, bytes) sorted by name, so case numbers keep their meaning. The damaged
    files under ``fit/corrupt`` are left out: mutations make their own damage.
    """
    found: list[tuple[str, bytes]] = []
    for sub in _FOLDERS[fmt]:
        for path in sorted((folder / sub).iterdir()):
            wanted = path.is_file() and path.suffix.lower() == f".{fmt}"
            if wanted and path.stat().st_size <= max_bytes:
                found.append((path.name, path.read_bytes()))
    return sorted(found)
