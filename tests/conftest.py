"""Fixtures shared by every test: where the shared real-data samples live."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

# `make test` is deterministic: property tests draw the same examples on every run, so a
# commit that passes keeps passing. `make props` runs them with fresh random examples
# (HYPOTHESIS_PROFILE=explore) and many more of them, to find new counterexamples.
settings.register_profile("ci", derandomize=True, database=None)
settings.register_profile("explore", max_examples=1000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

#: ../shared/data relative to the project root (or $LYDIARD_SHARED_DATA); tests that need
#: it skip where it is absent.
SHARED_DATA = Path(
    os.environ.get("LYDIARD_SHARED_DATA")
    or Path(__file__).resolve().parents[1].parent / "shared" / "data"
)


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The shared sample folder, or skip the test with a reason when it is absent."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"shared sample data not found at {SHARED_DATA}")
    return SHARED_DATA


@pytest.fixture
def fresh_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A data directory of its own for CLI runs: no inherited database, config or athlete."""
    for name in ("LYDIARD_DATABASE_URL", "LYDIARD_CONFIG", "LYDIARD_ATHLETE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LYDIARD_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("LYDIARD_JOBS", "1")
    return tmp_path / "data"
