"""A timer alarm for tests that must notice a hang (fuzzed inputs)."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def alarm(seconds: float) -> Iterator[None]:
    """Raise TimeoutError in the block after ``seconds`` (no alarm where there are no timers)."""
    if not hasattr(signal, "setitimer"):
        yield
        return

    def hang(signum: int, frame: object) -> None:
        raise TimeoutError(f"no answer within {seconds} s: a hang")

    previous = signal.signal(signal.SIGALRM, hang)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
