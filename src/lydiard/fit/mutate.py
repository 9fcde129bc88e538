"""Seeded mutations of FIT files, for fuzzing the readers (tests and ``bench/``).

Each mutation keeps enough of a real file that the reader gets past the header and
meets the damage deep inside: bit flips, truncations, splices of two files, overwritten
runs of bytes, and huge declared sizes (the file header's data size, a definition's
field count or field size, a developer field's count or size). Format-independent and XML
mutations, and the fuzz campaign's case generator, are in
:mod:`lydiard.importers.mutate`, which uses these for FIT. Everything is a pure function
of the input and the seed.

    for kind, data in mutations(original, seed=1, count=100):
        read_fit(data)  # must return an Activity or raise LydiardError
"""

from __future__ import annotations

import random
import struct
from collections.abc import Callable, Iterator, Sequence

__all__ = [
    "KINDS",
    "bit_flips",
    "definition_offsets",
    "huge_definition",
    "huge_developer_field",
    "huge_size",
    "mutations",
    "overwrite",
    "splice",
    "truncate",
]


def bit_flips(data: bytes, rng: random.Random, flips: int = 3) -> bytes:
    """``data`` with ``flips`` random bits inverted (past the 14-byte header)."""
    out = bytearray(data)
    for _ in range(flips):
        at = rng.randrange(min(14, len(out) - 1), len(out))
        out[at] ^= 1 << rng.randrange(8)
    return bytes(out)


def truncate(data: bytes, rng: random.Random) -> bytes:
    """``data`` cut at a random length (at least the 12-byte header)."""
    return data[: rng.randrange(12, max(13, len(data)))]


def splice(data: bytes, other: bytes, rng: random.Random) -> bytes:
    """The start of ``data`` followed by the end of ``other``, cut at random places."""
    return data[: rng.randrange(12, max(13, len(data)))] + other[rng.randrange(0, len(other)) :]


def overwrite(data: bytes, rng: random.Random, length: int = 16) -> bytes:
    """``data`` with ``length`` random bytes written over a random place after the header."""
    out = bytearray(data)
    at = rng.randrange(min(14, len(out) - 1), len(out))
    out[at : at + length] = rng.randbytes(length)[: len(out) - at]
    return bytes(out)


def huge_size(data: bytes, rng: random.Random) -> bytes:
    """``data`` whose header declares a huge data size."""
    size = rng.choice([0xFFFFFFFF, 0x7FFFFFFF, len(data) * 1000, 0])
    return data[:4] + struct.pack("<I", size) + data[8:]


def definition_offsets(data: bytes, limit: int = 64) -> list[int]:
    """Offsets of the first definition messages of the first FIT file (a rough walk)."""
    found: list[int] = []
    sizes = [0] * 16
    pos = data[0] if data else 0
    end = min(len(data), pos + struct.unpack_from("<I", data, 4)[0] if len(data) >= 8 else 0)
    while pos < end and len(found) < limit:
        header = data[pos]
        if header & 0xC0 == 0x40 and pos + 6 <= end:
            found.append(pos)
            fields = data[pos + 5]
            size = sum(data[pos + 7 + 3 * i] for i in range(fields) if pos + 8 + 3 * i < end)
            next_pos = pos + 6 + 3 * fields
            if header & 0x20 and next_pos < end:
                dev = data[next_pos]
                size += sum(
                    data[next_pos + 2 + 3 * i] for i in range(dev) if next_pos + 3 + 3 * i < end
                )
                next_pos += 1 + 3 * dev
            sizes[header & 0x0F] = size + 1
            pos = next_pos
        elif header & 0x80:
            step = sizes[(header >> 5) & 3]
            if not step:
                break
            pos += step
        else:
            step = sizes[header & 0x0F]
            if not step:
                break
            pos += step
    return found


def huge_definition(data: bytes, rng: random.Random) -> bytes:
    """``data`` with one definition claiming 255 fields, or a field of 255 bytes."""
    offsets = definition_offsets(data)
    if not offsets:
        return huge_size(data, rng)
    out = bytearray(data)
    at = rng.choice(offsets)
    if rng.random() < 0.5 or out[at + 5] == 0:
        out[at + 5] = 255  # field count
    else:
        field = rng.randrange(out[at + 5])
        if at + 7 + 3 * field < len(out):
            out[at + 7 + 3 * field] = 255  # field size
    return bytes(out)


def huge_developer_field(data: bytes, rng: random.Random) -> bytes:
    """``data`` with one definition claiming 255 developer fields, or one of 255 bytes.

    Falls back to :func:`huge_definition` when no definition declares developer fields.
    """
    out = bytearray(data)
    candidates = [at for at in definition_offsets(data) if out[at] & 0x20]
    if not candidates:
        return huge_definition(data, rng)
    at = rng.choice(candidates)
    dev_at = at + 6 + 3 * out[at + 5]
    if dev_at >= len(out):
        return huge_definition(data, rng)
    if rng.random() < 0.5 or out[dev_at] == 0:
        out[dev_at] = 255  # developer field count
    else:
        field = rng.randrange(out[dev_at])
        if dev_at + 2 + 3 * field < len(out):
            out[dev_at + 2 + 3 * field] = 255  # developer field size
    return bytes(out)


Mutation = Callable[[bytes, bytes, random.Random], bytes]

#: Mutation kinds by name.
KINDS: dict[str, Mutation] = {
    "bit_flips": lambda data, other, rng: bit_flips(data, rng, rng.choice([1, 2, 8, 32])),
    "truncate": lambda data, other, rng: truncate(data, rng),
    "splice": lambda data, other, rng: splice(data, other, rng),
    "overwrite": lambda data, other, rng: overwrite(data, rng, rng.choice([1, 4, 64])),
    "huge_size": lambda data, other, rng: huge_size(data, rng),
    "huge_definition": lambda data, other, rng: huge_definition(data, rng),
    "huge_developer_field": lambda data, other, rng: huge_developer_field(data, rng),
}


def mutations(
    data: bytes, *, seed: int, count: int, others: Sequence[bytes] = ()
) -> Iterator[tuple[str, bytes]]:
    """``count`` seeded mutations of ``data``: (kind, mutated bytes), kinds in turn.

    Args:
        data: a FIT file.
        seed: the random seed (same seed, same mutations).
        count: how many to make.
        others: files to splice with (``data`` itself when empty).
    """
    rng = random.Random(seed)
    names = sorted(KINDS)
    for i in range(count):
        kind = names[i % len(names)]
        other = rng.choice(list(others)) if others else data
        yield kind, KINDS[kind](data, other, rng)
