"""Seeded fuzzing: damaged GPX/TCX files end in an Activity or a LydiardError, quickly.

Each case mutates a shared sample with a byte-level mutation of the shared generator
(truncation, bit flips, inserted bytes, a splice with another sample, a deleted or repeated
stretch; :mod:`lydiard.importers.mutate`, which ``make fuzz`` and test_fuzz_cases.py use
with the XML-structure mutations too) and reads it through the content-sniffing entry point and
through the format's own reader. Anything but an Activity or a LydiardError fails; so does
a case that runs longer than a generous alarm (a hang).
"""

from __future__ import annotations

import random
from functools import partial
from pathlib import Path

import pytest

from hang_alarm import alarm
from lydiard.errors import LydiardError
from lydiard.importers import read_bytes
from lydiard.importers.gpx import read_gpx
from lydiard.importers.mutate import BYTE_KINDS
from lydiard.importers.tcx import read_tcx
from lydiard.model import Activity

SEED = 20240604
CASES = 320
#: Longer than any honest read of a 60 KB input on a loaded machine by two orders.
ALARM_S = 20.0
#: Inputs are cut to this size so a few hundred cases stay fast.
HEAD_BYTES = 60_000


def mutate(rng: random.Random, data: bytes, donors: list[bytes]) -> tuple[str, bytes]:
    """A byte-level mutation from the shared generator (lydiard.importers.mutate)."""
    kind = rng.choice(sorted(BYTE_KINDS))
    return kind, BYTE_KINDS[kind](data, rng.choice(donors), rng)


def samples(shared_data: Path) -> list[tuple[str, bytes]]:
    files = sorted((shared_data / "gpx").glob("*.gpx")) + sorted(
        (shared_data / "tcx").glob("*.tcx")
    )
    files += sorted((shared_data / "courses").glob("*.gpx"))
    return [(f.name, f.read_bytes()[:HEAD_BYTES]) for f in files]


def test_mutations_never_escape_as_other_exceptions(shared_data):
    bases = samples(shared_data)
    donors = [data for _, data in bases]
    rng = random.Random(SEED)
    outcomes = {"activity": 0, "error": 0}
    for case in range(CASES):
        name, data = rng.choice(bases)
        kind, mutated = mutate(rng, data, donors)
        reader = read_gpx if name.endswith(".gpx") else read_tcx
        for read in (partial(read_bytes, name=name), partial(reader, name=name)):
            with alarm(ALARM_S):
                try:
                    result = read(mutated)
                except LydiardError as exc:
                    message = str(exc)
                    outcomes["error"] += 1
                except Exception as exc:  # the point of the test: nothing else escapes
                    pytest.fail(f"case {case} ({kind} of {name}): {type(exc).__name__}: {exc}")
                else:
                    assert isinstance(result, Activity)
                    outcomes["activity"] += 1
                    continue
            assert message.startswith(f"{name}: "), (case, kind, message)
    # Both outcomes occur: most damage is recovered from, some is not.
    assert outcomes["activity"] > CASES // 2
    assert outcomes["error"] > 0


def test_strict_mode_under_mutation_raises_only_lydiard_errors(shared_data):
    bases = samples(shared_data)
    rng = random.Random(SEED + 1)
    for case in range(60):
        name, data = rng.choice(bases)
        kind, mutated = mutate(rng, data, [data])
        with alarm(ALARM_S):
            try:
                read_bytes(mutated, name, strict=True)
            except LydiardError:
                pass
            except Exception as exc:
                pytest.fail(f"strict case {case} ({kind} of {name}): {type(exc).__name__}: {exc}")
