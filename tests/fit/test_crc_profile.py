import os
import random

import pytest

from lydiard.fit import profile
from lydiard.fit.crc import crc16, crc16_small


def test_crc_check_value():
    # CRC-16/ARC check value for "123456789" is 0xBB3D (Greg Cook's CRC catalogue).
    assert crc16_small(b"123456789") == 0xBB3D
    assert crc16(b"123456789") == 0xBB3D


@pytest.mark.parametrize("size", [0, 1, 65535, 65536, 65537, 300_001])
def test_fast_crc_equals_byte_loop(size):
    data = random.Random(size).randbytes(size)
    assert crc16(data) == crc16_small(data)
    assert crc16(data, 0x1234) == crc16_small(data, 0x1234)


def test_crc_of_data_plus_its_crc_is_zero():
    data = os.urandom(1000)
    value = crc16(data)
    assert crc16(data + value.to_bytes(2, "little")) == 0


def test_profile_lookups():
    assert profile.enum_value("sport", "running") == 1
    assert profile.enum_name("sport", 2) == "cycling"
    assert profile.enum_name("sport", 250) is None
    record = profile.message_by_name("record")
    assert record.mesg_num == 20
    hr = profile.field_by_name("record", "heart_rate")
    assert profile.field_base_type(hr).name == "uint8"
    assert profile.field(20, 253).name == "timestamp"
    assert profile.message(65000) is None
    with pytest.raises(KeyError):
        profile.enum_value("sport", "quidditch")
    assert profile.profile_version().startswith("21.")


def test_base_type_ranges():
    uint16 = profile.BASE_TYPES[0x84]
    assert (uint16.min_value, uint16.max_value) == (0, 0xFFFE)
    sint8 = profile.BASE_TYPES[0x01]
    assert (sint8.min_value, sint8.max_value) == (-128, 126)
    assert profile.BASE_TYPES[0x04] is uint16  # indexed by the low 5 bits too
    assert profile.BASE_TYPES[0x0A].min_value == 1
