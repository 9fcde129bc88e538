import pytest

from lydiard.model import Sport, main_sport, sport_from_text

S = Sport


@pytest.mark.parametrize(
    ("sports", "expected"),
    [
        ([S.SWIM, S.TRANSITION, S.BIKE, S.TRANSITION, S.RUN], S.MULTISPORT),  # triathlon
        ([S.RUN, S.TRANSITION, S.BIKE, S.TRANSITION, S.RUN], S.MULTISPORT),  # duathlon
        ([S.OTHER, S.RUN], S.MULTISPORT),  # an unknown leg is still another sport
        ([S.RUN, S.TRANSITION, S.RUN], S.RUN),  # one sport in two sessions
        ([S.TRANSITION, S.TRAIL_RUN], S.TRAIL_RUN),  # transitions do not count
        ([S.BIKE], S.BIKE),
        ([S.TRANSITION], S.TRANSITION),
        ([], None),
    ],
)
def test_main_sport_of_sessions(sports, expected):
    assert main_sport(sports) is expected


def test_multisport_is_a_sport_with_words_and_a_label():
    assert sport_from_text("multisport") is S.MULTISPORT
    assert sport_from_text("Triathlon") is S.MULTISPORT
    assert S.MULTISPORT.label == "Multisport"
    assert not S.MULTISPORT.is_run
