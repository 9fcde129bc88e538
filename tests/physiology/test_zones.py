import math

import pytest

from lydiard.errors import InputError
from lydiard.physiology.zones import (
    friel_hr_zones,
    friel_pace_zones,
    hr_zones,
    karvonen,
    karvonen_zones,
    percent_max_zones,
    zone_of,
)


def test_friel_run_zones_from_lthr():
    z = friel_hr_zones(170)
    assert [x.name for x in z] == ["Z1", "Z2", "Z3", "Z4", "Z5a", "Z5b", "Z5c"]
    # Z2 from 85 %, Z3 90 %, Z4 95 %, Z5a 100 %, Z5b 103 %, Z5c above 106 %
    assert [x.low for x in z[1:]] == pytest.approx([144.5, 153, 161.5, 170, 175.1, 181.9])
    assert z[0].low == 0
    assert z[-1].high == math.inf
    assert zone_of(165, z).name == "Z4"
    assert zone_of(math.nan, z) is None


def test_friel_bike_zones_differ():
    z = friel_hr_zones(160, "bike")
    assert z[1].low == pytest.approx(0.81 * 160)
    assert z[3].low == pytest.approx(0.94 * 160)


def test_percent_max_and_karvonen_by_hand():
    assert [z.low for z in percent_max_zones(200)] == [100, 120, 140, 160, 180]
    # Karvonen: 50 + 0.6 x (190 - 50) = 134
    assert karvonen(50, 190, 0.6) == pytest.approx(134.0)
    assert karvonen_zones(50, 190)[1].low == pytest.approx(134.0)
    with pytest.raises(InputError, match="above resting"):
        karvonen(60, 60, 0.5)


def test_friel_pace_zones_from_threshold_speed():
    z = friel_pace_zones(5.0)  # 3:20/km threshold
    # Z5a starts at 100 % of threshold pace, Z5c at 90 % (faster): 5/0.9 m/s
    assert z[4].low == pytest.approx(5.0)
    assert z[6].low == pytest.approx(5.0 / 0.9)
    assert z[1].low == pytest.approx(5.0 / 1.29)
    assert z[3].low == pytest.approx(5.0 / 1.05)
    assert zone_of(5.2, z).name == "Z5a"


def test_hr_zones_dispatch_and_missing_inputs():
    assert hr_zones("karvonen", hr_rest_bpm=50, hr_max_bpm=190) == karvonen_zones(50, 190)
    with pytest.raises(InputError, match="LTHR"):
        hr_zones("friel")
    with pytest.raises(InputError, match="HRmax"):
        hr_zones("percent_max")
    with pytest.raises(InputError, match="resting HR and HRmax"):
        hr_zones("karvonen", hr_max_bpm=190)
    with pytest.raises(InputError, match="positive"):
        friel_hr_zones(-1)
