"""Recognise an activity file by its content, not only its suffix.

FIT files carry ".FIT" at bytes 8-11 of their header; GPX and TCX are XML whose root
element names them; gzip and zip have magic numbers. A suffix only breaks ties.
"""

from __future__ import annotations

import re
import zlib
from enum import StrEnum
from pathlib import Path

from lydiard.errors import FileFormatError, where

__all__ = [
    "MAX_DECOMPRESSED_BYTES",
    "MAX_GZIP_RATIO",
    "RATIO_FLOOR_BYTES",
    "Format",
    "gunzip",
    "sniff",
    "sniff_path",
]

#: Refuse to inflate a compressed activity beyond this size (a zip or gzip bomb guard).
MAX_DECOMPRESSED_BYTES = 512 * 1024 * 1024
#: Highest gzip inflation ratio accepted once the output passes :data:`RATIO_FLOOR_BYTES`:
#: activity XML compresses 8-25 times, FIT 2-4 times; bombs reach 1000 times.
MAX_GZIP_RATIO = 200
#: Output size below which any ratio is accepted (small files of repeated text).
RATIO_FLOOR_BYTES = 16 * 1024 * 1024


class Format(StrEnum):
    """Activity file formats lydiard reads."""

    FIT = "fit"
    GPX = "gpx"
    TCX = "tcx"
    GZIP = "gzip"
    ZIP = "zip"
    STRAVA_FOLDER = "strava_folder"


_XML_ROOT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(gpx|TrainingCenterDatabase)\b")


def sniff(data: bytes, name: str | None = None) -> Format:
    """Return the format of a file's bytes.

    Args:
        data: the file's content (the first few kilobytes are enough).
        name: the file name, for messages and to break ties.

    Raises:
        FileFormatError: when the content is empty or of no known format.
    """
    label = where(name)
    if not data:
        raise FileFormatError(f"{label}: the file is empty (byte 0); nothing to import")
    if len(data) >= 12 and data[0] in (12, 14) and data[8:12] == b".FIT":
        return Format.FIT
    if data[:2] == b"\x1f\x8b":
        return Format.GZIP
    if data[:4] == b"PK\x03\x04" or data[:4] == b"PK\x05\x06":
        return Format.ZIP
    head = data[:4096]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        head = head.decode("utf-16", errors="ignore").encode("utf-8")
    elif head.startswith((b"<\x00", b"\x00<")):  # UTF-16 without a byte-order mark
        codec = "utf-16-le" if head[0] == 0x3C else "utf-16-be"
        head = head[: len(head) // 2 * 2].decode(codec, errors="ignore").encode("utf-8")
    head = head.removeprefix(b"\xef\xbb\xbf")
    match = _XML_ROOT.search(head)
    if head.lstrip()[:1] == b"<" and match:
        return Format.GPX if match.group(1) == b"gpx" else Format.TCX
    suffix = Path(name or "").suffix.lower()
    hint = f" (its name ends in {suffix})" if suffix else ""
    if head.lstrip()[:1] == b"<":
        what = "an HTML page" if re.search(rb"<(!doctype html|html)", head, re.I) else "XML"
        raise FileFormatError(
            f"{label}: this is {what}, not a GPX or TCX activity{hint} (byte 0); "
            "the download may have failed"
        )
    raise FileFormatError(
        f"{label}: not a FIT, GPX, TCX, gzip or Strava export file{hint} (byte 0)"
    )


def sniff_path(path: Path) -> Format:
    """Return the format of a file or folder on disk.

    Raises:
        FileFormatError: when it is of no known format.
    """
    if path.is_dir():
        if (path / "activities.csv").is_file():
            return Format.STRAVA_FOLDER
        raise FileFormatError(
            f"{where(path)}: a folder without activities.csv is not a Strava export"
        )
    with path.open("rb") as handle:
        head = handle.read(4096)
    return sniff(head, path.name)


def gunzip(data: bytes, name: str | None = None, limit: int = MAX_DECOMPRESSED_BYTES) -> bytes:
    """Inflate gzip data, refusing output over ``limit`` bytes.

    Output is also refused beyond :data:`MAX_GZIP_RATIO` times the compressed size (once
    past :data:`RATIO_FLOOR_BYTES`), so a small bomb stops after a few MiB, not at
    ``limit``: memory stays bounded by the upload's size, not the attacker's ratio.

    Raises:
        FileFormatError: when the data is not valid gzip or inflates beyond the limit.
    """
    label = where(name)
    ratio_cap = max(RATIO_FLOOR_BYTES, MAX_GZIP_RATIO * len(data))
    if ratio_cap < limit:
        limit = ratio_cap
        why = f"more than {MAX_GZIP_RATIO} times its compressed size"
    else:
        why = f"more than {limit // (1 << 20)} MiB"
    out = bytearray()
    inflater = zlib.decompressobj(wbits=31)  # 31: gzip header and trailer
    step = 1 << 20
    try:
        for start in range(0, len(data), step):
            out += inflater.decompress(data[start : start + step], limit + 1 - len(out))
            if len(out) > limit or inflater.unconsumed_tail:
                raise FileFormatError(
                    f"{label}: inflates to {why}; refused as a possible gzip bomb"
                )
            if inflater.eof:
                break
        out += inflater.flush()
    except zlib.error as exc:
        if not out:
            raise FileFormatError(f"{label}: damaged gzip data ({exc})") from exc
    if not out and not inflater.eof:
        raise FileFormatError(f"{label}: damaged gzip data (ends before any content)")
    # A truncated gzip keeps what was inflated; the inner reader reports the cut.
    return bytes(out)
