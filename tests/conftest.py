"""Fixtures shared by every test: where the shared real-data samples live."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

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
