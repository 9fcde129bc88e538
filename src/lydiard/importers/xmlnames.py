"""Tag names read eight bytes at a time: where a name ends, its prefix, an exact match.

The tag scanner (:mod:`lydiard.importers.xmltokens`) needs, for every ``<`` of a
document, the length of the tag name that follows, the length of a namespace prefix
(``gpxtpx:``), and whether the local name is exactly one of the wanted names. Instead of
cutting a window of bytes per tag and testing it byte by byte (an ``(n, width)`` matrix
per test), each tag's next eight bytes are loaded as one little-endian 64-bit word
(:func:`words_of`, an unaligned view of the text, gathered in one step) and tested with
bit tricks that flag bytes in all eight lanes at once: a byte equal to ``c`` is a zero
byte of ``w ^ c * 0x0101...01``, and the zero bytes of ``x`` are flagged (bit 7 of each)
by ``(x - 0x0101...01) & ~x & 0x8080...80``; bytes below ``0x21`` likewise with
``0x2121...21``. Borrows can flag bytes *above* the lowest true one, never below, so the
lowest flag is exact, and the lowest is all this needs. Its lane is found from the
exponent of the flag bit as a float (``frexp``): numpy has no count-trailing-zeros.
Names longer than eight bytes take a second word, and so on, for the few rows concerned.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

__all__ = ["MAX_NAME", "lengths", "mismatch", "words_of"]

#: A qualified name (prefix included) this long or longer is not one of ours.
MAX_NAME = 64

IntArray = npt.NDArray[np.int64]
Words = npt.NDArray[np.uint64]

_ONES = np.uint64(0x0101010101010101)
_HIGH = np.uint64(0x8080808080808080)
_BLANKS = np.uint64(0x2121212121212121)  # bytes below 0x21: blanks, controls, padding
_SLASH = np.uint64(0x2F2F2F2F2F2F2F2F)
_GT = np.uint64(0x3E3E3E3E3E3E3E3E)
_COLON = np.uint64(0x3A3A3A3A3A3A3A3A)
_ALL = np.uint64(0xFFFFFFFFFFFFFFFF)
_ONE = np.uint64(1)


def words_of(padded: npt.NDArray[np.uint8]) -> Words:
    """An unaligned view: element ``i`` is the little-endian word of bytes ``i .. i+7``."""
    return np.ndarray(shape=(padded.shape[0] - 7,), dtype="<u8", buffer=padded, strides=(1,))


def _zero_bytes(x: Words) -> Words:
    return (x - _ONES) & ~x & _HIGH


def _lowest(flags: Words) -> Words:
    return flags & (~flags + _ONE)


def _lane(flags: Words) -> IntArray:
    """The lane (0-7) of the lowest flag of each word; 8 where none is set."""
    exponent = np.frexp(_lowest(flags).astype(np.float64))[1]  # 2**(8k+7) -> 8k+8
    return np.where(flags != 0, (exponent - 8) // 8, 8).astype(np.int64)


def lengths(words: Words, start: IntArray) -> tuple[IntArray, IntArray]:
    """(name length, prefix length incl. ":") of the names beginning at ``start``.

    A name ends at a blank (or any byte below ``!``), ``/`` or ``>``; the prefix ends at
    the first ``:`` before that. Names of :data:`MAX_NAME` bytes or more get that length.
    """
    n = start.shape[0]
    length = np.full(n, MAX_NAME, dtype=np.int64)
    prefix = np.zeros(n, dtype=np.int64)
    rows = np.arange(n)
    for k in range(0, MAX_NAME, 8):
        word = words[start[rows] + k]
        stops = ((word - _BLANKS) & ~word & _HIGH) | _zero_bytes(word ^ _SLASH)
        stops |= _zero_bytes(word ^ _GT)
        before = np.where(stops != 0, _lowest(stops) - _ONE, _ALL)  # lanes before the stop
        colon = _lane(_zero_bytes(word ^ _COLON) & before)
        first = (colon < 8) & (prefix[rows] == 0)
        prefix[rows[first]] = k + colon[first] + 1
        stop = _lane(stops)
        done = stop < 8
        length[rows[done]] = k + stop[done]
        rows = rows[~done]
        if rows.size == 0:
            break
    return length, prefix


def mismatch(
    words: Words, start: IntArray, wanted: IntArray, expected: Words, masks: Words
) -> npt.NDArray[np.bool_]:
    """Rows whose bytes from ``start`` differ from the wanted name where its mask is set.

    ``expected`` and ``masks`` are ``(names, w)`` tables of words (each name, and the
    bytes it covers); ``wanted`` is each row's name index.
    """
    wrong = np.zeros(start.shape[0], dtype=bool)
    for j in range(expected.shape[1]):
        mask = masks[:, j][wanted]
        wrong |= (words[start + 8 * j] & mask) != expected[:, j][wanted]
    return wrong
