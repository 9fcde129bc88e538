import math

import pytest

from lydiard.formatting import format_pace_per


@pytest.mark.parametrize(
    ("speed", "per", "label", "decimals", "text"),
    [
        (100 / 105, 100, "100m", 0, "1:45/100m"),  # 1:45 per 100 m
        (500 / 112.34, 500, "500m", 1, "1:52.3/500m"),
        (500 / 119.96, 500, "500m", 1, "2:00.0/500m"),  # rounds once: never 1:60.0
        (0.0, 100, "100m", 0, "--:--/100m"),
        (math.nan, 500, "500m", 1, "--:--/500m"),
        (None, 100, "100m", 0, "--:--/100m"),
    ],
)
def test_format_pace_per(speed, per, label, decimals, text):
    assert format_pace_per(speed, per, label, decimals=decimals) == text
