import math
import struct

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from lydiard.errors import StoreError
from lydiard.model import CHANNELS, Samples
from lydiard.store.codec import decode_samples, describe_samples_blob, encode_samples


def bits(array):
    return np.asarray(array, dtype=np.float64).view(np.uint64)


def assert_exact(a: Samples, b: Samples) -> None:
    mine, theirs = dict(a.channels()), dict(b.channels())
    assert list(mine) == list(theirs)
    for name in mine:
        assert np.array_equal(bits(mine[name]), bits(theirs[name])), name


def roundtrip(samples: Samples, compression: str = "zlib") -> Samples:
    return decode_samples(encode_samples(samples, compression))


any_float = st.floats(allow_nan=True, allow_infinity=True, allow_subnormal=True, width=64)
special = st.sampled_from(
    [0.0, -0.0, math.nan, math.inf, -math.inf, 5e-324, -5e-324, 1.7976931348623157e308, 1e-300]
)
# Values a sensor produces: integers at some resolution, with holes.
decimal_values = st.builds(lambda k, d: k / 10**d, st.integers(-(10**9), 10**9), st.integers(0, 6))


@st.composite
def samples_strategy(draw):
    n = draw(st.integers(0, 40))
    time = np.cumsum(
        draw(hnp.arrays(np.float64, n, elements=st.floats(0, 1e4, allow_subnormal=True)))
    )
    columns = {"time_s": time}
    for name in draw(st.lists(st.sampled_from(list(CHANNELS)[1:]), max_size=4, unique=True)):
        columns[name] = draw(column_strategy(n))
    for i in range(draw(st.integers(0, 2))):
        columns[f"extra_{i}_w"] = draw(column_strategy(n))
    return Samples.from_columns(**columns)


def column_strategy(n):
    return st.one_of(
        hnp.arrays(np.float64, n, elements=any_float),
        hnp.arrays(np.float64, n, elements=st.one_of(special, decimal_values)),
        hnp.arrays(np.float64, n, elements=st.one_of(decimal_values, st.just(math.nan))),
        st.builds(lambda v: np.full(n, v), st.one_of(special, any_float)),
    )


@settings(max_examples=60, deadline=None)
@given(samples_strategy(), st.sampled_from(["zlib", "lzma"]))
def test_codec_round_trips_bit_for_bit(samples, compression):
    assert_exact(samples, roundtrip(samples, compression))


@settings(max_examples=150, deadline=None)
@given(hnp.arrays(np.float64, st.integers(1, 300), elements=any_float))
def test_any_single_channel_round_trips(values):
    samples = Samples.from_columns(time_s=np.arange(values.size, dtype=float), power_w=values)
    assert_exact(samples, roundtrip(samples))


def test_nan_payloads_and_signed_zero_are_kept():
    odd_nan = np.array([0x7FF8_0000_0000_0001, 0xFFF8_0000_0000_0000], dtype=np.uint64)
    values = np.array([1.0, 2.0, 0.0, -0.0])
    nans = odd_nan.view(np.float64)
    samples = Samples.from_columns(
        time_s=[0.0, 1.0, 2.0, 3.0],
        power_w=values,
        heart_rate_bpm=[nans[0], 120.0, nans[1], 121.0],
        speed_mps=[-0.0, -0.0, -0.0, -0.0],
    )
    out = roundtrip(samples)
    assert_exact(samples, out)
    assert math.copysign(1.0, out.speed_mps[0]) == -1.0


def test_empty_samples_round_trip():
    out = roundtrip(Samples.empty())
    assert len(out) == 0
    assert_exact(Samples.empty(), out)


def test_channels_get_the_cheapest_exact_form():
    n = 1000
    rng = np.random.default_rng(7)
    semicircles = np.cumsum(rng.integers(-200, 200, n)) + 550_000_000
    samples = Samples.from_columns(
        time_s=np.arange(n, dtype=float),
        heart_rate_bpm=np.where(np.arange(n) % 97 == 0, np.nan, 120.0 + np.arange(n) % 40),
        altitude_m=np.round(rng.normal(500, 5, n) * 5) / 5,  # 0.2 m steps, 1 decimal
        lat_deg=semicircles * (180.0 / 2**31),  # FIT positions
        temperature_c=np.full(n, 21.0),
        speed_mps=rng.normal(3.0, 0.3, n) * math.pi,  # computed floats: no resolution
    )
    info = {c.name: c for c in describe_samples_blob(encode_samples(samples))}
    assert info["time_s"].kind == "scaled"
    assert info["time_s"].width_bytes == 1
    assert info["heart_rate_bpm"].kind == "scaled"
    assert info["heart_rate_bpm"].resolution == "1/10^0"
    assert info["altitude_m"].resolution == "1/10^1"
    assert info["lat_deg"].resolution == "1/2^29"  # 180/2^31 = 45/2^29
    assert info["lat_deg"].width_bytes == 2  # deltas of at most 200 * 45 after the first
    assert info["temperature_c"].kind == "constant"
    assert info["power_w"].kind == "all_nan"
    assert info["speed_mps"].kind in {"raw", "scaled"}
    assert_exact(samples, roundtrip(samples))


def test_blob_is_much_smaller_than_the_arrays():
    n = 3600
    rng = np.random.default_rng(3)
    samples = Samples.from_columns(
        time_s=np.arange(n, dtype=float),
        heart_rate_bpm=np.round(140 + 10 * np.sin(np.arange(n) / 300) + rng.normal(0, 2, n)),
        distance_m=np.round(np.cumsum(3 + rng.normal(0, 0.1, n)) * 100) / 100,
        altitude_m=np.round((500 + np.cumsum(rng.normal(0, 0.3, n))) * 5) / 5,
    )
    blob = encode_samples(samples)
    present = 4 * n * 8
    # Hand estimate: about 1-2 bytes per value after delta coding; allow 25 % of the raw size.
    assert len(blob) < 0.25 * present


@pytest.mark.parametrize(
    ("mangle", "message"),
    [
        (lambda b: b"XYZ" + b[3:], "bad magic"),
        (lambda b: b[:3] + bytes([9]) + b[4:], "version 9"),
        (lambda b: b[: len(b) // 2], "ends early"),
        (lambda b: b + b"\0", "unexpected bytes"),
        (lambda b: b"", "ends early"),
    ],
)
def test_damaged_blobs_raise_store_error(mangle, message):
    samples = Samples.from_columns(time_s=[0.0, 1.0, 2.0], heart_rate_bpm=[120.0, 130.0, 125.0])
    with pytest.raises(StoreError, match=message) as info:
        decode_samples(mangle(encode_samples(samples)), label="activity 7")
    assert "activity 7" in str(info.value)


def test_corrupt_compressed_stream_is_a_store_error():
    samples = Samples.from_columns(time_s=np.arange(500.0), power_w=np.arange(500.0) * math.pi)
    blob = bytearray(encode_samples(samples))
    blob[-20] ^= 0xFF
    with pytest.raises(StoreError, match="damaged"):
        decode_samples(bytes(blob))


def test_header_layout_is_stable():
    blob = encode_samples(Samples.from_columns(time_s=[0.0, 1.0]))
    magic, version, rows, channels = struct.unpack_from("<3sBIH", blob)
    assert (magic, version, rows, channels) == (b"LYS", 1, 2, len(CHANNELS))
