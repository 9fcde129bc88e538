import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from lydiard.importers.decimals import WIDTH, read_decimals
from lydiard.importers.xmltokens import to_floats

number_texts = st.one_of(
    st.floats(allow_nan=False, allow_infinity=False).map(repr),
    st.integers(0, 12)
    .flatmap(lambda p: st.decimals(allow_nan=False, allow_infinity=False, places=p))
    .map(str),
    st.integers(-(10**20), 10**20).map(str),
    st.sampled_from(
        ["-0", "+5", ".5", "5.", "1e3", " 4 ", "", "abc", "-", ".", "1.2.3", "nan", "007.50"]
    ),
)


def read(texts: list[bytes]) -> tuple[np.ndarray, np.ndarray]:
    joined = b"".join(texts)
    lengths = np.array([len(t) for t in texts], dtype=np.int64)
    begin = np.concatenate(([0], np.cumsum(lengths)[:-1])).astype(np.int64)
    padded = np.frombuffer(joined + bytes(WIDTH), dtype=np.uint8)

    def slow(start, stop):
        return to_floats([joined[a:b] for a, b in zip(start.tolist(), stop.tolist(), strict=True)])

    return read_decimals(padded, begin, begin + lengths, slow)


@given(st.lists(number_texts, min_size=1, max_size=40))
def test_column_reading_equals_float_exactly(texts):
    encoded = [t.encode() for t in texts]
    values, bad = read(encoded)
    expected, expected_bad = to_floats(encoded)
    assert np.array_equal(values, expected, equal_nan=True)
    assert np.array_equal(np.signbit(values), np.signbit(expected))
    assert bad.tolist() == expected_bad.tolist()


def test_examples():
    values, bad = read([b"46.62374", b"-122.99919000000001", b"0", b"x", b""])
    assert values[:3].tolist() == [46.62374, -122.99919000000001, 0.0]
    assert np.isnan(values[3:]).all()
    assert bad.tolist() == [False, False, False, True, False]
