from lydiard.formatting import format_bpm, format_elevation


def test_format_elevation_and_bpm_round_half_up():
    assert format_elevation(1234.4) == "1234 m"
    assert format_elevation(1234.4, "mi") == "4050 ft"  # 1234.4 / 0.3048 = 4049.87
    assert format_elevation(None) == "-- m"
    assert format_elevation(float("nan"), "mi") == "-- ft"
    assert format_bpm(146.5) == "147"  # half up, not to even
    assert format_bpm(147.49) == "147"
    assert format_bpm(None) == "--"
