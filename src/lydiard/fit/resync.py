"""Pick up the walk again after damage in the middle of a FIT file.

One corrupted record header byte sends the walk to the wrong place; it then reads
garbage until something is impossible (an undefined local type, an unknown base type, a
byte order other than 0 or 1), usually a few hundred bytes later. Losing the rest of a
100-mile race for one bad byte would be a pity, so :func:`find_restart` looks for the
first offset near the damage from which a trial walk (with no side effects) runs cleanly
past the point of failure for :data:`NEED` messages, or exactly to the end of the data.
A walk from a true message boundary after the damage does that; one from before the
damage runs into the same failure, and one from a random offset soon hits something
impossible. The messages between the last boundary before the restart and the point of
failure were read from garbage, so the caller drops them and reports the byte range.
"""

from __future__ import annotations

from lydiard.fit.layout import layout

__all__ = ["AHEAD", "BACK", "NEED", "find_restart"]

#: How far before the point of failure a restart may be, in bytes.
BACK = 1024
#: How far after it, in bytes.
AHEAD = 8192
#: Messages a trial walk must read past the point of failure.
NEED = 32


def _trial(
    data: bytes,
    pos: int,
    limit: int,
    sizes: list[int],
    failed: int,
    compressed: bool,
    doomed: set[int],
) -> bool:
    """Whether a walk from ``pos`` passes ``failed`` by :data:`NEED` messages cleanly.

    It is stricter than the real walk, as garbage is what it must tell apart: reserved
    header bits must be 0, and compressed timestamp headers (every other random byte
    looks like one) are allowed only when the file used them before the damage.
    ``doomed`` collects the offsets of failed walks that read no definition (from there
    the walk is the same, so it fails again): most later trials end on one of them.
    """
    own = False  # copy the sizes only when a definition changes them
    path: list[int] = []
    after = 0
    while pos < limit:
        if pos in doomed:
            break
        path.append(pos)
        header = data[pos]
        if header & 0x80:
            size = sizes[(header >> 5) & 0x03] if compressed else 0
            if not size:
                break
            pos += size
        elif header & 0x40:
            if header & 0x10 or pos + 6 > limit or data[pos + 1] != 0 or data[pos + 2] > 1:
                break  # a genuine definition has reserved byte 0 and order 0 or 1
            big = data[pos + 2] == 1
            end = pos + 6 + 3 * data[pos + 5]
            fields_end, dev = end, b""
            if header & 0x20:
                if end + 1 > limit:
                    break
                dev_end = end + 1 + 3 * data[end]
                dev, end = data[end + 1 : dev_end], dev_end
            if end > limit:
                break
            number = int.from_bytes(data[pos + 3 : pos + 5], "big" if big else "little")
            template, reason = layout(number, big, data[pos + 6 : fields_end], dev)
            if reason is not None:
                break
            if not own:
                sizes, own = sizes.copy(), True
            sizes[header & 0x0F] = template.size + 1
            pos = end
        else:
            size = sizes[header & 0x0F]
            if not size or header & 0x30:
                break
            pos += size
        if pos > failed:
            after += 1
            if after >= NEED:
                return True
    else:
        if pos == limit:
            return True
    if not own:
        doomed.update(path)
    return False


def find_restart(
    data: bytes,
    start: int,
    failed: int,
    limit: int,
    sizes: list[int],
    changes: list[tuple[int, int, int]],
    compressed: bool = False,
) -> int | None:
    """The first offset from which the walk can go on after damage found at ``failed``.

    Args:
        data: the file.
        start: the first offset to try.
        failed: where the walk found the damage.
        limit: end of this FIT file's data.
        sizes: message size (header byte included, 0 if undefined) of each local type
            at ``start``.
        changes: (offset, local type, size) of each definition the walk read after
            ``start``, so each trial starts with the local types as they were there.
        compressed: whether the file used compressed timestamp headers before.

    Returns:
        The restart offset, or None when there is none within reach.
    """
    sizes = sizes.copy()
    pending = list(changes)
    doomed: set[int] = set()
    for pos in range(start, min(limit, failed + AHEAD)):
        while pending and pending[0][0] < pos:
            _, local, size = pending.pop(0)
            sizes[local] = size
            doomed.clear()  # walks may go differently now
        header = data[pos]  # most offsets fail at once: test the first header inline
        if header & 0x80:
            if not compressed or not sizes[(header >> 5) & 0x03]:
                continue
        elif header & 0x40:
            if header & 0x10 or pos + 2 >= limit or data[pos + 1] or data[pos + 2] > 1:
                continue
        elif header & 0x30 or not sizes[header & 0x0F]:
            continue
        if _trial(data, pos, limit, sizes, failed, compressed, doomed):
            return pos
    return None
