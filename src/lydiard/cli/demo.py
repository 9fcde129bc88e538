"""``lydiard demo``: a tour of what lydiard does, on the seed's sessions.

For now it runs the workout language over Walmsley's seven key sessions; :func:`run_demo`
is where later parts of the tour (plans, simulated activities, fitness) are added.
"""

from __future__ import annotations

from lydiard.cli.app import app
from lydiard.cli.workout import demo_workouts

__all__ = ["demo", "run_demo"]


def run_demo() -> None:
    """Run every part of the demo in order."""
    demo_workouts()


@app.command()
def demo() -> None:
    """Show what lydiard does, on the seed's key sessions."""
    run_demo()
