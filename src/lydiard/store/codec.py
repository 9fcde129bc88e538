"""The samples codec: columnar, exact, compressed.

An activity's :class:`~lydiard.model.Samples` become one ``bytes`` blob and come back bit
for bit: every float64, every NaN position, ``-0.0``, infinities, subnormals. Each channel
is encoded on its own, with the cheapest form that is exact:

* ``ALL_NAN``: a channel with no value (most channels of most files) costs its name only.
* ``CONSTANT``: every value bitwise identical (no NaN): one float64.
* ``SCALED``: the finite values are integers times a resolution, ``k / 10**d``,
  ``k * 10**-d`` or ``k / 2**e``, checked by decoding (sensor data almost always is: HR
  in whole bpm, altitude in 0.2 m steps, FIT positions in semicircles). The integers are
  delta- and zigzag-encoded, stored in the narrowest unsigned width, byte-shuffled and
  compressed; NaN positions are a compressed bitmap. The first integer is stored whole
  and the differences divided by their greatest common divisor ``step``.
* ``RAW``: anything else (computed floats, ``-0.0`` among values, infinities, NaN with a
  payload): little-endian float64, byte-shuffled, compressed.

Blob layout (little-endian, version 1)::

    "LYS" version:u8 n_rows:u32 n_channels:u16
    per channel:  name_len:u16 name:utf-8 kind:u8 payload_len:u32 payload
    ALL_NAN:      (empty)
    CONSTANT:     value:f64
    SCALED:       mode:u8 exponent:u16 width:u8 first:i64 step:i64 mask:stream deltas:stream
    RAW:          values:stream
    stream:       compression:u8 length:u32 bytes   (0 none, 1 zlib, 2 lzma raw LZMA2)

A stream is stored uncompressed when compressing would not make it smaller.
"""

from __future__ import annotations

import lzma
import struct
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from enum import IntEnum, StrEnum
from typing import Any

import numpy as np
import numpy.typing as npt

from lydiard.errors import StoreError
from lydiard.model import FloatArray, Samples

__all__ = [
    "CODEC_VERSION",
    "ChannelInfo",
    "Compression",
    "decode_samples",
    "describe_samples_blob",
    "encode_samples",
]

CODEC_VERSION = 1
_MAGIC = b"LYS"
_HEADER = struct.Struct("<3sBIH")
_CHANNEL_HEAD = struct.Struct("<BI")
_SCALED_HEAD = struct.Struct("<BHBqq")
_STREAM_HEAD = struct.Struct("<BI")
_U16 = struct.Struct("<H")
_F64 = struct.Struct("<d")

#: The canonical quiet NaN numpy produces; other NaN bit patterns go to RAW to stay exact.
_NAN_BITS = np.array([np.nan]).view(np.uint64)[0]
_MAX_EXACT_INT = 2**53
_MAX_DECIMALS = 9
_PREFIX = 256
IntArray = npt.NDArray[np.int64]
_LZMA_FILTERS: list[dict[str, Any]] = [{"id": lzma.FILTER_LZMA2, "preset": 6}]
#: zlib level 1: about 1 ms less per activity than level 6 for about 6 % more bytes
#: (docs/store.md); any level decodes the same, so older blobs read unchanged.
_ZLIB_LEVEL = 1


class Compression(StrEnum):
    """Compressor applied to each stream: zlib (fast, the default) or lzma (smaller)."""

    ZLIB = "zlib"
    LZMA = "lzma"


class _Kind(IntEnum):
    ALL_NAN = 0
    CONSTANT = 1
    SCALED = 2
    RAW = 3


class _Mode(IntEnum):
    DIV_POW10 = 0  # value = k / 10**d
    MUL_POW10 = 1  # value = k * 10**-d
    DIV_POW2 = 2  # value = k / 2**e


class _Codec(IntEnum):
    NONE = 0
    ZLIB = 1
    LZMA = 2


@dataclass(frozen=True, slots=True)
class ChannelInfo:
    """How one channel was stored: for documentation, benchmarks and debugging.

    Attributes:
        name: the channel name.
        kind: "all_nan", "constant", "scaled" or "raw".
        resolution: for scaled channels, e.g. "1/10^2" or "1/2^29"; else "".
        width_bytes: bytes per stored integer for scaled channels; 8 for raw; 0 otherwise.
        stored_bytes: bytes the channel takes in the blob, header included.
    """

    name: str
    kind: str
    resolution: str
    width_bytes: int
    stored_bytes: int


# ---------------------------------------------------------------------------- encoding


def encode_samples(samples: Samples, compression: Compression | str = Compression.ZLIB) -> bytes:
    """Encode samples into a compact blob that :func:`decode_samples` restores exactly.

    Args:
        samples: the streams to store.
        compression: "zlib" (default, fast) or "lzma" (about 10-20 % smaller, slower).

    Returns:
        The blob (format in the module docstring).
    """
    codec = _Codec.LZMA if Compression(compression) is Compression.LZMA else _Codec.ZLIB
    channels = list(samples.channels())
    parts = [_HEADER.pack(_MAGIC, CODEC_VERSION, len(samples), len(channels))]
    for name, values in channels:
        raw_name = name.encode("utf-8")
        kind, payload = _encode_channel(values, codec)
        parts += [_U16.pack(len(raw_name)), raw_name, _CHANNEL_HEAD.pack(kind, len(payload))]
        parts.append(payload)
    return b"".join(parts)


def _encode_channel(values: FloatArray, codec: _Codec) -> tuple[_Kind, bytes]:
    bits = values.view(np.uint64)
    nan = np.isnan(values)
    if nan.any() and (bits[nan] != _NAN_BITS).any():
        return _Kind.RAW, _raw(values, codec)
    if nan.all():
        return _Kind.ALL_NAN, b""
    if not nan.any() and (bits == bits[0]).all():
        return _Kind.CONSTANT, _F64.pack(float(values[0]))
    finite = values[~nan] if nan.any() else values
    if np.isinf(finite).any():
        return _Kind.RAW, _raw(values, codec)
    scale = _find_scale(finite)
    if scale is None:
        return _Kind.RAW, _raw(values, codec)
    mode, exponent, ints = scale
    first = int(ints[0])
    deltas = np.diff(ints)
    step = int(np.gcd.reduce(deltas)) if deltas.size else 0
    if step > 1:
        deltas //= step
    zigzag = ((deltas << 1) ^ (deltas >> 63)).view(np.uint64)
    width = _width(int(zigzag.max()) if zigzag.size else 0)
    packed = _shuffle(zigzag.astype(f"<u{width}"), width)
    mask = _stream(np.packbits(nan).tobytes(), codec) if nan.any() else _stream(b"", _Codec.NONE)
    head = _SCALED_HEAD.pack(mode, exponent, width, first, max(step, 1))
    return _Kind.SCALED, head + mask + _stream(packed, codec)


_POW10 = np.array([10.0**d for d in range(_MAX_DECIMALS + 1)])
_INV_POW10 = np.array([10.0**-d for d in range(_MAX_DECIMALS + 1)])  # as the decoder computes


def _find_scale(x: FloatArray) -> tuple[_Mode, int, IntArray] | None:
    """Find the coarsest resolution at which every value is an exact integer multiple.

    Decimal resolutions are screened on a prefix for all exponents at once; the full,
    bitwise check (through the decoder itself) runs only on candidates.
    """
    head = x[:_PREFIX]
    with np.errstate(over="ignore", invalid="ignore"):
        scaled = np.rint(head[None, :] * _POW10[:, None])
        fits = (np.abs(scaled) < _MAX_EXACT_INT).all(axis=1)
        by_div = fits & ((scaled / _POW10[:, None]) == head).all(axis=1)
        by_mul = fits & ((scaled * _INV_POW10[:, None]) == head).all(axis=1)
        for decimals in range(_MAX_DECIMALS + 1):
            for mode, screened in ((_Mode.DIV_POW10, by_div), (_Mode.MUL_POW10, by_mul)):
                if not screened[decimals] or (mode is _Mode.MUL_POW10 and decimals == 0):
                    continue
                ints = _ints_at(x, mode, decimals)
                if ints is not None:
                    return mode, decimals, ints
        exponent = _binary_exponent(x)
        if exponent is not None:
            ints = _ints_at(x, _Mode.DIV_POW2, exponent)
            if ints is not None:
                return _Mode.DIV_POW2, exponent, ints
    return None


def _ints_at(x: FloatArray, mode: _Mode, exponent: int) -> IntArray | None:
    """The integers k with decode(k) bitwise equal to x, or None when there are none."""
    scaled = np.ldexp(x, exponent) if mode is _Mode.DIV_POW2 else x * 10.0**exponent
    rounded = np.rint(scaled)
    if not (np.abs(rounded) < _MAX_EXACT_INT).all():
        return None
    ints = rounded.astype(np.int64)
    if not np.array_equal(_decode_ints(ints, mode, exponent).view(np.uint64), x.view(np.uint64)):
        return None
    return ints


def _binary_exponent(x: FloatArray) -> int | None:
    """Smallest e with every x * 2**e an integer below 2**53, or None."""
    nonzero = x[x != 0]
    if nonzero.size == 0:
        return 0
    mantissa, exp = np.frexp(nonzero)
    ints = np.ldexp(mantissa, 53).astype(np.int64)  # x = ints * 2**(exp - 53), exactly
    lowest_bit = (ints & -ints).astype(np.float64)
    trailing = np.log2(np.abs(lowest_bit)).astype(np.int64)
    needed = int((53 - exp - trailing).max())
    return max(needed, 0) if needed <= 1100 else None


def _decode_ints(ints: IntArray, mode: _Mode, exponent: int) -> FloatArray:
    floats = ints.astype(np.float64)
    if mode is _Mode.DIV_POW2:
        return np.ldexp(floats, -exponent)
    if mode is _Mode.DIV_POW10:
        return floats / 10.0**exponent
    return floats * 10.0**-exponent


def _width(largest: int) -> int:
    for width in (1, 2, 4):
        if largest < 1 << (8 * width):
            return width
    return 8


def _shuffle(array: np.ndarray[Any, Any], width: int) -> bytes:
    """Group byte 0 of every value, then byte 1...: similar bytes compress far better."""
    if width == 1:
        return array.tobytes()
    return array.view(np.uint8).reshape(-1, width).T.tobytes()


def _unshuffle(data: bytes, width: int, count: int) -> np.ndarray[Any, Any]:
    raw = np.frombuffer(data, dtype=np.uint8)
    if raw.size != width * count:
        raise ValueError(f"expected {width * count} bytes, found {raw.size}")
    if width == 1:
        return raw
    return raw.reshape(width, count).T.copy().view(f"<u{width}").reshape(count)


def _raw(values: FloatArray, codec: _Codec) -> bytes:
    return _stream(_shuffle(values.astype("<f8"), 8), codec)


def _stream(data: bytes, codec: _Codec) -> bytes:
    packed = data
    used = _Codec.NONE
    if data and codec is not _Codec.NONE:
        if codec is _Codec.ZLIB:
            candidate = zlib.compress(data, _ZLIB_LEVEL)
        else:
            candidate = lzma.compress(data, format=lzma.FORMAT_RAW, filters=_LZMA_FILTERS)
        if len(candidate) < len(data):
            packed, used = candidate, codec
    return _STREAM_HEAD.pack(used, len(packed)) + packed


# ---------------------------------------------------------------------------- decoding


class _Reader:
    """A cursor over a blob that raises ValueError on any read past its end."""

    def __init__(self, data: bytes) -> None:
        self.data = memoryview(data)
        self.pos = 0

    def take(self, size: int) -> bytes:
        if size < 0 or self.pos + size > len(self.data):
            raise ValueError(f"blob ends early (byte {self.pos}, need {size} more)")
        chunk = bytes(self.data[self.pos : self.pos + size])
        self.pos += size
        return chunk

    def unpack(self, fmt: struct.Struct) -> tuple[Any, ...]:
        return fmt.unpack(self.take(fmt.size))

    def stream(self) -> bytes:
        codec, length = self.unpack(_STREAM_HEAD)
        data = self.take(length)
        if codec == _Codec.NONE:
            return data
        if codec == _Codec.ZLIB:
            return zlib.decompress(data)
        if codec == _Codec.LZMA:
            return lzma.decompress(data, format=lzma.FORMAT_RAW, filters=_LZMA_FILTERS)
        raise ValueError(f"unknown compression {codec}")


def _iter_channels(blob: bytes) -> Iterator[tuple[str, int, int, _Reader, int]]:
    reader = _Reader(blob)
    magic, version, n_rows, n_channels = reader.unpack(_HEADER)
    if magic != _MAGIC:
        raise ValueError("not a lydiard samples blob (bad magic)")
    if version != CODEC_VERSION:
        raise ValueError(f"samples codec version {version} is not supported")
    for _ in range(n_channels):
        start = reader.pos
        (name_len,) = reader.unpack(_U16)
        name = reader.take(name_len).decode("utf-8")
        kind, length = reader.unpack(_CHANNEL_HEAD)
        payload = _Reader(reader.take(length))
        yield name, n_rows, kind, payload, reader.pos - start
    if reader.pos != len(blob):
        raise ValueError(f"{len(blob) - reader.pos} unexpected bytes after the last channel")


def decode_samples(blob: bytes, *, label: str = "samples") -> Samples:
    """Restore the samples that :func:`encode_samples` stored, bit for bit.

    Args:
        blob: bytes from :func:`encode_samples`.
        label: what the blob belongs to, for the error message ("activity 12").

    Raises:
        StoreError: when the blob is damaged or of an unknown version.
    """
    columns: dict[str, FloatArray] = {}
    try:
        for name, n_rows, kind, payload, _ in _iter_channels(blob):
            columns[name] = _decode_channel(kind, payload, n_rows)
        if "time_s" not in columns:
            raise ValueError("no time_s channel")
        extra: dict[str, Any] = dict(columns)
        return Samples.from_columns(**extra)
    except (ValueError, zlib.error, lzma.LZMAError, UnicodeDecodeError, struct.error) as exc:
        raise StoreError(f"{label}: stored samples are damaged ({exc})") from exc


def _decode_channel(kind: int, payload: _Reader, n_rows: int) -> FloatArray:
    if kind == _Kind.ALL_NAN:
        return np.full(n_rows, np.nan)
    if kind == _Kind.CONSTANT:
        (value,) = payload.unpack(_F64)
        return np.full(n_rows, value)
    if kind == _Kind.RAW:
        return _unshuffle(payload.stream(), 8, n_rows).view("<f8").astype(np.float64)
    if kind != _Kind.SCALED:
        raise ValueError(f"unknown channel kind {kind}")
    mode, exponent, width, first, step = payload.unpack(_SCALED_HEAD)
    mask_bytes = payload.stream()
    if mask_bytes:
        nan = np.unpackbits(np.frombuffer(mask_bytes, dtype=np.uint8), count=n_rows).astype(bool)
    else:
        nan = np.zeros(n_rows, dtype=bool)
    count = n_rows - int(nan.sum())
    zigzag = _unshuffle(payload.stream(), width, max(count - 1, 0)).astype(np.uint64)
    deltas = (zigzag >> np.uint64(1)).view(np.int64) ^ -(zigzag & np.uint64(1)).view(np.int64)
    ints = np.empty(count, dtype=np.int64)
    if count:
        ints[0] = first
        np.cumsum(deltas * step, out=ints[1:])
        ints[1:] += first
    values = _decode_ints(ints, _Mode(mode), exponent)
    if not mask_bytes:
        return values
    out = np.full(n_rows, np.nan)
    out[~nan] = values
    return out


def describe_samples_blob(blob: bytes) -> list[ChannelInfo]:
    """List how each channel of a blob is stored (kind, resolution, bytes).

    Raises:
        StoreError: when the blob is damaged.
    """
    kinds = {k.value: k.name.lower() for k in _Kind}
    infos = []
    try:
        for name, _, kind, payload, stored in _iter_channels(blob):
            resolution, width = "", 0
            if kind == _Kind.SCALED:
                mode, exponent, width, _, _ = payload.unpack(_SCALED_HEAD)
                base = "2" if mode == _Mode.DIV_POW2 else "10"
                resolution = f"1/{base}^{exponent}"
            elif kind == _Kind.RAW:
                width = 8
            infos.append(ChannelInfo(name, kinds.get(kind, "?"), resolution, width, stored))
    except (ValueError, struct.error, UnicodeDecodeError) as exc:
        raise StoreError(f"stored samples are damaged ({exc})") from exc
    return infos
