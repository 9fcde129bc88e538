"""Locate the wanted elements of a checked XML document with numpy, without building a tree.

Building an element tree costs more than reading a GPX file needs: ``xml.etree`` parses at
15-25 MB/s on this machine and defusedxml's pure-Python parser at about 10. Once expat
has checked the document (:mod:`lydiard.importers.xmlsafe`), every ``<`` starts a tag, so
the tags can be found as array positions: ``<`` and ``>`` offsets (each ``<`` usually has
its ``>`` before the next ``<``, which spares a search), the name end (next blank, ``/``
or ``>``) and an optional namespace prefix (a ``:`` inside the name), found eight bytes
at a time (:mod:`lydiard.importers.xmlnames`), and the local name told apart by its
first, second and last bytes and its length, then checked eight bytes at a time. A
reader works on the resulting columns (code, offsets); ownership of a value by a point,
extension depth and point numbers are cumulative sums. Only the texts a reader converts
become Python objects.

Known limits, all outside what GPX and TCX writers produce: a ``>`` inside an attribute
value of a wanted element, attributes given defaults by a DTD, qualified names longer
than 64 bytes, and mixed content (text around child elements) in a numeric field.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import numpy.typing as npt

from lydiard.importers.decimals import WIDTH, read_decimals
from lydiard.importers.isotime import IsoTimes, parse_iso_buffer
from lydiard.importers.xmlnames import MAX_NAME, lengths, mismatch, words_of
from lydiard.model.samples import FloatArray

__all__ = ["TagScanner", "Tags", "attribute", "element_text", "to_floats", "unescape"]

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

_PREFIX = rb"(?:[\w.-]+:)?"
_REFERENCE = re.compile(rb"&(#[0-9]+|#x[0-9A-Fa-f]+|lt|gt|amp|apos|quot);")
_NAMED = {b"lt": b"<", b"gt": b">", b"amp": b"&", b"apos": b"'", b"quot": b'"'}
_CDATA = re.compile(rb"<!\[CDATA\[(.*?)\]\]>", re.S)


def _key(first: IntArray, second: IntArray, final: IntArray, length: IntArray) -> IntArray:
    """A name's key: its first, second and last bytes and its length."""
    return np.asarray(
        (first << 40) | (second << 32) | (final << 24) | np.minimum(length, 0xFFFF),
        dtype=np.int64,
    )


class TagScanner:
    """Finds the start tags of some elements, and the end tags of some of them, by local name.

    Codes: the i-th name has code ``i + 1``; the end tag of a name listed in ``ends`` has
    the negative code. Other tags are left out.
    """

    def __init__(self, names: Sequence[str], ends: Iterable[str] = ()) -> None:
        self.names = list(names)
        self.code = {name: i + 1 for i, name in enumerate(self.names)}
        ends = list(ends)
        unknown = [e for e in ends if e not in self.code]
        if unknown:
            raise ValueError(f"end tags {unknown} need a start tag too")
        self._ends = np.array(sorted(self.code[e] for e in ends), dtype=np.int64)
        encoded = [n.encode("ascii") for n in self.names]
        # Each name as 64-bit words, with masks covering its bytes (for the exact check).
        self._words = -(-max(map(len, encoded)) // 8)
        expected = np.zeros((len(encoded) + 1, self._words * 8), dtype=np.uint8)
        masks = np.zeros_like(expected)
        for i, name in enumerate(encoded):
            expected[i + 1, : len(name)] = np.frombuffer(name, dtype=np.uint8)
            masks[i + 1, : len(name)] = 0xFF
        self._expected = expected.view(np.uint64)
        self._masks = masks.view(np.uint64)
        keys = _key(
            np.array([n[0] for n in encoded], dtype=np.int64),
            np.array([n[1] if len(n) > 1 else 0 for n in encoded], dtype=np.int64),
            np.array([n[-1] for n in encoded], dtype=np.int64),
            np.array([len(n) for n in encoded], dtype=np.int64),
        )
        if len(set(keys.tolist())) != len(keys):
            raise ValueError("names must differ in their first two or last bytes or length")
        order = np.argsort(keys)
        self._keys = keys[order]
        self._codes = (order + 1).astype(np.int64)

    def scan(self, text: bytes, *, cut: bool = False) -> Tags:
        """Locate the wanted tags of a checked document text (comments blanked).

        Args:
            text: the text.
            cut: the text was cut where it stopped being well-formed; the text of its
                last element may then be only the start of a value, and is not read.
        """
        buf = np.frombuffer(text, dtype=np.uint8)
        size = buf.size
        lt = np.flatnonzero(buf == 60)
        if lt.size == 0:
            empty = np.zeros(0, dtype=np.int64)
            return Tags(text, empty, empty, empty, empty, empty, cut=cut)
        is_end = buf[np.minimum(lt + 1, size - 1)] == 47
        name0 = lt + 1 + is_end
        gt = _closing(np.flatnonzero(buf == 62), lt, size)
        padded = np.concatenate((buf, np.zeros(MAX_NAME + 8 * self._words + 8, dtype=np.uint8)))
        words = words_of(padded)
        name_length, prefix = lengths(words, name0)
        local0 = name0 + prefix
        length = name_length - prefix
        b0 = padded[local0].astype(np.int64)
        b1 = np.where(length > 1, padded[local0 + 1], 0).astype(np.int64)
        final = padded[local0 + np.maximum(length - 1, 0)].astype(np.int64)
        key = _key(b0, b1, final, length)
        slot = np.minimum(np.searchsorted(self._keys, key), self._keys.size - 1)
        code = np.where((self._keys[slot] == key) & (length > 0), self._codes[slot], 0)
        # The key fixed the first, second and last bytes and the length: check all bytes,
        # eight at a time.
        candidates = np.flatnonzero(code)
        if candidates.size:
            wanted = code[candidates]
            wrong = mismatch(words, local0[candidates], wanted, self._expected, self._masks)
            code[candidates[wrong]] = 0
        name_end = local0 + length
        code = np.where(is_end, -code, code)
        keep = (code > 0) | ((code < 0) & np.isin(-code, self._ends))
        next_lt = np.append(lt[1:], size)
        kept = np.flatnonzero(keep)
        return Tags(
            text,
            code[kept].astype(np.int64),
            lt[kept].astype(np.int64),
            name_end[kept].astype(np.int64),
            gt[kept].astype(np.int64),
            next_lt[kept].astype(np.int64),
            cut=cut,
        )


def _closing(gts: IntArray, lt: IntArray, size: int) -> IntArray:
    """The first ``>`` at or after each ``<`` (``size`` when there is none).

    Usually every ``<`` has its ``>`` before the next ``<``: then the ``>`` offsets are
    the answer as they are; a ``>`` in text content needs the search.
    """
    if gts.size == lt.size and (gts > lt).all() and (gts[:-1] < lt[1:]).all():
        return gts.astype(np.int64)
    if gts.size == 0:
        return np.full(lt.shape, size, dtype=np.int64)
    at = np.searchsorted(gts, lt)
    picked = gts[np.minimum(at, gts.size - 1)]
    return np.where(at < gts.size, picked, size).astype(np.int64)


@dataclass(frozen=True, eq=False)
class Tags:
    """The wanted tags of a document, in document order.

    Attributes:
        text: the document text.
        code: start code (> 0) or end code (< 0) per tag.
        start: offset of the tag's ``<``.
        name_end: offset just past the tag name (where attributes begin).
        gt: offset of the tag's ``>`` (the text size when the tag is cut off).
        next: offset of the next ``<`` of any tag (where the element's text ends).
        cut: the text ends inside the document; the last element's text is not trusted.
    """

    text: bytes
    code: IntArray
    start: IntArray
    name_end: IntArray
    gt: IntArray
    next: IntArray
    cut: bool = False

    def __len__(self) -> int:
        return int(self.code.shape[0])

    @cached_property
    def closed(self) -> BoolArray:
        """True for self-closing start tags (``<extensions/>``)."""
        if not len(self):
            return np.zeros(0, dtype=bool)
        buf = np.frombuffer(self.text, dtype=np.uint8)
        before = buf[np.clip(self.gt - 1, 0, max(buf.size - 1, 0))]
        return np.asarray((self.code > 0) & (before == 47) & (self.gt < buf.size), dtype=bool)

    @cached_property
    def _by_code(self) -> tuple[IntArray, IntArray]:
        order = np.argsort(self.code, kind="stable")
        return order.astype(np.int64), self.code[order]

    def where(self, codes: Iterable[int]) -> IntArray:
        """Indices, in document order, of the tags with some codes."""
        order, sorted_codes = self._by_code
        parts = [
            order[np.searchsorted(sorted_codes, c) : np.searchsorted(sorted_codes, c, side="right")]
            for c in codes
        ]
        if not parts:
            return np.zeros(0, dtype=np.int64)
        return np.sort(np.concatenate(parts)) if len(parts) > 1 else parts[0]

    def depth(self, code: int) -> IntArray:
        """How many elements of a code are open at each tag (counting the tag itself)."""
        opens = (self.code == code) & ~self.closed
        return np.asarray(np.cumsum(opens) - np.cumsum(self.code == -code), dtype=np.int64)

    def bounds(self, index: IntArray) -> tuple[IntArray, IntArray]:
        """(begin, end) offsets of the text after the start tags at some indices."""
        end = self.next[index]
        if self.cut:  # a value running to the cut may be the start of a longer one
            end = np.where(end >= len(self.text), 0, end)
        return np.minimum(self.gt[index] + 1, end), end

    def texts(self, index: IntArray) -> list[bytes]:
        """The raw text after the start tags at some indices, up to the next tag."""
        begin, end = self.bounds(index)
        return list(map(self.text.__getitem__, map(slice, begin.tolist(), end.tolist())))

    @cached_property
    def _padded(self) -> npt.NDArray[np.uint8]:
        buf = np.frombuffer(self.text, dtype=np.uint8)
        return np.concatenate((buf, np.zeros(max(WIDTH, 64), dtype=np.uint8)))

    def numbers(self, index: IntArray) -> tuple[FloatArray, BoolArray]:
        """The numbers written after the start tags at some indices: (values, bad).

        Blank text (an empty element) and "nan" are missing, not bad; infinities are bad.
        """
        begin, end = self.bounds(index)
        return read_decimals(self._padded, begin, end, self._slow_numbers)

    def attribute_pairs(
        self, index: IntArray, first: bytes, second: bytes
    ) -> tuple[list[tuple[FloatArray, BoolArray]], BoolArray]:
        """Two numeric attributes of start tags written ``first="..." second="..."``.

        Either order; the two must be the tag's first two double-quoted attributes, each
        preceded by a blank. Returns ([(values, bad)] for each name, found): where
        ``found`` is False the tag is in another form and its values are NaN.
        """
        padded = self._padded
        quotes = np.flatnonzero(padded[: len(self.text)] == 34)
        n = index.shape[0]
        empty = np.zeros(n, dtype=np.int64)
        if quotes.size < 4 or n == 0:
            missing = [(np.full(n, math.nan), np.zeros(n, dtype=bool)) for _ in range(2)]
            return missing, np.zeros(n, dtype=bool)
        at = np.searchsorted(quotes, self.name_end[index])
        q = [quotes[np.minimum(at + k, quotes.size - 1)] for k in range(4)]
        found = (at + 3 < quotes.size) & (q[3] < self.gt[index])

        def named(quote: IntArray, name: bytes) -> BoolArray:
            ok = padded[np.maximum(quote - 1, 0)] == 61  # "="
            for j, byte in enumerate(reversed(name)):
                ok &= padded[np.maximum(quote - 2 - j, 0)] == byte
            return np.asarray(ok & (padded[np.maximum(quote - 2 - len(name), 0)] <= 32))

        in_order = named(q[0], first) & named(q[2], second)
        swapped = named(q[0], second) & named(q[2], first)
        found &= in_order | swapped
        begins = [np.where(in_order, q[0], q[2]) + 1, np.where(in_order, q[2], q[0]) + 1]
        ends = [np.where(in_order, q[1], q[3]), np.where(in_order, q[3], q[1])]
        out = []
        for begin, end in zip(begins, ends, strict=True):
            begin = np.where(found, begin, empty)
            end = np.where(found, end, empty)
            out.append(read_decimals(padded, begin, end, self._slow_numbers))
        return out, found

    def _slow_numbers(self, start: IntArray, stop: IntArray) -> tuple[FloatArray, BoolArray]:
        pieces = map(self.text.__getitem__, map(slice, start.tolist(), stop.tolist()))
        return to_floats(list(pieces))

    def times(self, index: IntArray) -> IsoTimes:
        """The ISO 8601 timestamps written after the start tags at some indices."""
        begin, end = self.bounds(index)
        return parse_iso_buffer(self._padded, begin, end)

    def attrs(self, index: IntArray) -> list[bytes]:
        """The raw attribute text of the start tags at some indices."""
        return list(
            map(
                self.text.__getitem__,
                map(slice, self.name_end[index].tolist(), self.gt[index].tolist()),
            )
        )

    def string(self, index: int) -> str:
        """The text of one element as a string: entities replaced, blanks stripped."""
        return self.strings(np.array([index]))[0]

    def strings(self, index: IntArray) -> list[str]:
        """The texts of some elements as strings: entities replaced, blanks stripped."""
        return [
            unescape(raw).decode("utf-8", errors="replace").strip() for raw in self.texts(index)
        ]


def unescape(text: bytes) -> bytes:
    """Replace XML character and predefined entity references, unwrap CDATA sections."""
    if b"<![CDATA[" in text:
        parts = _CDATA.split(text)
        return b"".join(unescape(p) if i % 2 == 0 else p for i, p in enumerate(parts))
    if b"&" not in text:
        return text

    def replace(match: re.Match[bytes]) -> bytes:
        ref = match.group(1)
        if ref in _NAMED:
            return _NAMED[ref]
        number = int(ref[2:], 16) if ref[:2] == b"#x" else int(ref[1:])
        try:
            return chr(number).encode("utf-8")
        except (ValueError, OverflowError):
            return b""

    return _REFERENCE.sub(replace, text)


def to_floats(texts: Sequence[bytes]) -> tuple[FloatArray, BoolArray]:
    """Convert number texts in bulk; return (values, bad) with NaN where text is not a number.

    Blank text (an empty element) and "nan" are missing, not bad. Infinite values count as
    bad: no GPX or TCX field can hold one.
    """
    n = len(texts)
    try:
        values = np.fromiter(map(float, texts), np.float64, n)
    except ValueError:
        values = np.empty(n)
        for i, text in enumerate(texts):
            try:
                values[i] = float(text)
            except ValueError:
                try:
                    values[i] = float(unescape(text))
                except ValueError:
                    values[i] = math.nan
        bad = np.isnan(values)
        if bad.any():
            for i in np.flatnonzero(bad).tolist():
                if texts[i].strip().lower() in (b"", b"nan", b"-nan", b"+nan"):
                    bad[i] = False
    else:
        bad = np.zeros(n, dtype=bool)
    infinite = np.isinf(values)
    if infinite.any():
        values[infinite] = math.nan
        bad |= infinite
    return values, bad


def attribute(attrs: bytes, name: str) -> bytes | None:
    """The value of one attribute in a start tag's attribute text, unescaped, or None."""
    match = re.search(
        rb"(?:^|\s)" + re.escape(name.encode()) + rb"""\s*=\s*(?:"([^"]*)"|'([^']*)')""", attrs
    )
    if match is None:
        return None
    value = match.group(1) if match.group(1) is not None else match.group(2)
    return unescape(value)


def element_text(raw: bytes, tag: str, start: int = 0, end: int | None = None) -> str | None:
    """The text of the first ``tag`` element in ``raw[start:end]``, unescaped and stripped.

    For a few header fields (names, notes), where CDATA and entities are common.
    """
    name = re.escape(tag.encode())
    pattern = rb"<" + _PREFIX + name + rb"(?:\s[^>]*)?>(.*?)</" + _PREFIX + name + rb"\s*>"
    match = re.compile(pattern, re.S).search(raw, start, len(raw) if end is None else end)
    if match is None:
        return None
    text = unescape(match.group(1)).decode("utf-8", errors="replace").strip()
    return text or None
