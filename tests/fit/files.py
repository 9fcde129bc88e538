"""Small FIT files the tests build themselves (with :mod:`tests.fit.builder`)."""

from __future__ import annotations

from .builder import (
    BYTE,
    ENUM,
    SINT32,
    STRING,
    UINT8,
    UINT16,
    UINT32,
    FitBuilder,
    semicircles,
)

#: 2021-09-08 01:46:40 UTC as a FIT timestamp (seconds since 1989-12-31).
T0 = 1_000_000_000

FILE_ID = [(0, 1, ENUM), (1, 2, UINT16), (2, 2, UINT16), (4, 4, UINT32)]
RECORD = [
    (253, 4, UINT32),
    (0, 4, SINT32),
    (1, 4, SINT32),
    (2, 2, UINT16),
    (3, 1, UINT8),
    (5, 4, UINT32),
    (6, 2, UINT16),
]
SESSION = [
    (253, 4, UINT32),
    (2, 4, UINT32),
    (5, 1, ENUM),
    (6, 1, ENUM),
    (7, 4, UINT32),
    (8, 4, UINT32),
    (9, 4, UINT32),
]
LAP = [(253, 4, UINT32), (2, 4, UINT32), (7, 4, UINT32), (9, 4, UINT32), (24, 1, ENUM)]
ACTIVITY = [(253, 4, UINT32), (5, 4, UINT32)]


def file_id(fit: FitBuilder, local: int = 0, *, big_endian: bool = False) -> None:
    """A file_id: activity file by a Garmin fenix 5 (product 2697), created at T0."""
    fit.define(local, 0, FILE_ID, big_endian=big_endian)
    fit.data(local, 4, 1, 2697, T0)


def record(i: int) -> tuple[int, ...]:
    """Record ``i``: 1 s apart, moving north, 100 m up, HR 100 + i % 100, 3.5 m/s.

    Raw values: altitude (100 + 500) * 5 = 3000 gives 100 m (scale 5, offset 500);
    distance 350 * i cm; speed 3500 mm/s.
    """
    return (
        T0 + i,
        semicircles(45.0 + i * 1e-5),
        semicircles(6.0),
        3000,
        100 + i % 100,
        350 * i,
        3500,
    )


def run_file(n: int = 10, *, big_endian: bool = False, header_size: int = 14) -> bytes:
    """A plain run: file_id, ``n`` records, a lap, a session and an activity message."""
    fit = FitBuilder(header_size=header_size)
    file_id(fit, big_endian=big_endian)
    fit.define(1, 20, RECORD, big_endian=big_endian)
    for i in range(n):
        fit.data(1, *record(i))
    fit.define(2, 19, LAP, big_endian=big_endian)
    fit.data(2, T0 + n - 1, T0, (n - 1) * 1000, 350 * (n - 1), 0)
    fit.define(3, 18, SESSION, big_endian=big_endian)
    fit.data(3, T0 + n - 1, T0, 1, 3, (n - 1) * 1000, (n - 1) * 1000, 350 * (n - 1))
    fit.define(4, 34, ACTIVITY, big_endian=big_endian)
    fit.data(4, T0 + n - 1, T0 + n - 1 + 7200)  # local time two hours ahead of UTC
    return fit.build()


def dev_power_file(native_power: int | None = None, scale: int | None = None) -> bytes:
    """Records with a Stryd-like developer field "Power" in Watts (uint16, value 250)."""
    fit = FitBuilder()
    file_id(fit)
    fit.define(1, 207, [(3, 1, UINT8), (1, 16, BYTE)])
    fit.data(1, 0, bytes(range(16)))
    description = [(0, 1, UINT8), (1, 1, UINT8), (2, 1, UINT8), (3, 16, STRING), (8, 8, STRING)]
    if scale is not None:
        description.append((6, 1, UINT8))
    fit.define(2, 206, description)
    fit.data(2, 0, 0, 0x84, "Power", "Watts", *([scale] if scale is not None else []))
    fields = [(253, 4, UINT32), (3, 1, UINT8)]
    if native_power is not None:
        fields.append((7, 2, UINT16))
    fit.define(3, 20, fields, dev_fields=[(0, 2, 0)])
    for i in range(5):
        values = [T0 + i, 150] + ([native_power] if native_power is not None else [])
        fit.data(3, *values, 250 + i, dev_types=[UINT16])
    return fit.build()


def pack12(values: list[int]) -> bytes:
    """Eight 12-bit values packed little-endian into 12 bytes (hr.event_timestamp_12)."""
    number = 0
    for k, value in enumerate(values):
        number |= (value & 0xFFF) << (12 * k)
    return number.to_bytes(12, "little")


def swim_hr_file() -> bytes:
    """Records without HR plus chest-strap ``hr`` messages (an anchor and 8 beats).

    The anchor is at T0 with strap time 100 s (102400 in 1/1024 s) and 120 bpm; beat k
    (k = 1..8) comes 0.5 s after the one before at 120 + k bpm.
    """
    fit = FitBuilder()
    file_id(fit)
    fit.define(1, 20, [(253, 4, UINT32), (5, 4, UINT32)])
    for i in range(5):
        fit.data(1, T0 + i, 100 * i)
    fit.define(2, 132, [(253, 4, UINT32), (0, 2, UINT16), (9, 4, UINT32), (6, 1, UINT8)])
    fit.data(2, T0, 0, 102400, 120)
    fit.define(3, 132, [(10, 12, BYTE), (6, 8, UINT8)])
    beats = [102400 + 512 * k for k in range(1, 9)]
    fit.data(3, pack12(beats), [120 + k for k in range(1, 9)])
    return fit.build()
