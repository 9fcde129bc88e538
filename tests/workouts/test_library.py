from __future__ import annotations

import pytest

from lydiard.errors import NotFoundError
from lydiard.workouts import LIBRARY, Repeat, Sport, named, parse, render


@pytest.mark.parametrize("name", list(LIBRARY))
def test_every_library_session_parses_and_round_trips(name: str) -> None:
    workout = named(name)
    assert parse(render(workout)) == workout


def test_library_sessions_are_what_their_names_say() -> None:
    (rep,) = [i for i in named("20x1km").items if isinstance(i, Repeat)]
    assert rep.count == 20
    assert rep.last == 5
    assert [s.when.value for s in named("hybrid-double").sessions] == ["AM", "PM"]
    assert named("ski-erg-intervals").sessions[0].sport is Sport.SKI_ERG
    assert named("tempo-ride").sessions[0].sport is Sport.BIKE


def test_unknown_name_lists_the_known_ones() -> None:
    with pytest.raises(NotFoundError, match="20x1km"):
        named("40x1km")
