import numpy as np
import pytest

from lydiard.errors import FileFormatError, InputError, NotEnoughDataError
from lydiard.importers.lactate_csv import parse_lactate_csv, read_lactate_csv
from lydiard.physiology.lactate import IntensityKind


def test_running_test_in_kmh(shared_data):
    t = read_lactate_csv(shared_data / "lactate" / "lactate_thresholds_running_simple.csv")
    assert t.kind is IntensityKind.SPEED
    assert t.rest_lactate_mmol == 1.0  # the step at intensity 0
    np.testing.assert_allclose(t.intensity * 3.6, [8.5, 10, 11.5, 13, 14.5, 16, 17.5, 19])
    assert list(t.heart_rate_bpm[:2]) == [122, 131]


def test_cycling_test_takes_the_end_of_step_lactate(shared_data):
    t = read_lactate_csv(shared_data / "lactate" / "lactate_thresholds_cycling1.csv")
    assert t.kind is IntensityKind.POWER
    assert list(t.intensity) == [100, 140, 180, 220, 260, 300]
    assert list(t.lactate_mmol) == [1.6, 1.3, 1.4, 1.8, 3.4, 6.2]  # lactate_8, not lactate_4


def test_pace_and_named_units():
    text = "pace;HR;La\n5:00;130;1,1\n4:40;140;1,0\n4:20;150;1,2\n4:00;160;1,6\n3:45;170;2,9\n"
    t = parse_lactate_csv(text, "pace.csv")
    assert t.intensity[0] == pytest.approx(1000 / 300)
    assert t.lactate_mmol[-1] == pytest.approx(2.9)  # decimal comma
    mph = parse_lactate_csv(
        "speed (mph),lactate\n8,1.0\n9,1.1\n10,1.3\n11,2.0\n12,3.5\n", "mph.csv"
    )
    assert mph.intensity[0] == pytest.approx(8 * 1609.344 / 3600)
    watts = parse_lactate_csv(
        "intensity,lactate\n12,1.0\n13,1.1\n14,1.3\n15,2\n16,3.5\n", intensity_unit="w"
    )
    assert watts.kind is IntensityKind.POWER


@pytest.mark.parametrize(
    ("text", "error", "message"),
    [
        ("1,2\n3,4\n", FileFormatError, "no header line"),
        ("step,lactate\n1,2\n", FileFormatError, "no intensity column among 'step', 'lactate'"),
        ("speed,hr\n10,120\n", FileFormatError, "no lactate column"),
        ("speed,lactate\n10,1.0\n11,x\n", FileFormatError, "line 3: 'x' in column 'lactate'"),
        ("pace,lactate\n5:00,1\nfast,2\n", FileFormatError, "line 3"),
        ("speed,lactate\n10,1\n11,1.1\n12,2\n", NotEnoughDataError, "3 exercise steps"),
        (
            "speed,lactate\n10,1\n11,1.1\n10.5,1.3\n12,2\n13,4\n",
            InputError,
            "step 3",
        ),
    ],
)
def test_bad_files(text, error, message):
    with pytest.raises(error, match=message):
        parse_lactate_csv(text, "test.csv")


def test_bad_unit_and_missing_file(tmp_path):
    with pytest.raises(InputError, match="unknown intensity unit 'furlongs'"):
        read_lactate_csv(tmp_path / "x.csv", intensity_unit="furlongs")
    with pytest.raises(InputError, match="no such file"):
        read_lactate_csv(tmp_path / "x.csv")
