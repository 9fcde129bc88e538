"""The fast reader agrees with Garmin's FIT SDK on files built here."""

import numpy as np
import pytest

from lydiard.fit.reader import read_messages

from .files import dev_power_file, run_file, swim_hr_file
from .sdk import column, merged_heart_rate, sdk_read

FILES = {
    "run": lambda: run_file(20),
    "big_endian": lambda: run_file(20, big_endian=True),
    "swim_hr": swim_hr_file,
    "dev_power": dev_power_file,
}


@pytest.mark.parametrize("kind", sorted(FILES))
def test_records_agree_with_the_sdk(kind):
    data = FILES[kind]()
    ours = read_messages(data)
    theirs, errors = sdk_read(data)
    assert errors == []
    records, sdk_records = ours["record"], theirs["record_mesgs"]
    assert len(records) == len(sdk_records)
    for name in ("timestamp", "position_lat", "position_long", "distance", "enhanced_speed"):
        mine = records[name] if name in records else np.full(len(records), np.nan)
        assert np.array_equal(mine, column(sdk_records, name), equal_nan=True), name
    assert np.array_equal(
        merged_heart_rate(ours), column(sdk_records, "heart_rate"), equal_nan=True
    )
    for kind_name, key in (("lap", "lap_mesgs"), ("session", "session_mesgs")):
        assert len(ours.get(kind_name, [])) == len(theirs.get(key, []))


def test_developer_values_agree_with_the_sdk():
    data = dev_power_file()
    theirs, _ = sdk_read(data)
    sdk_power = [row["developer_fields"][0] for row in theirs["record_mesgs"]]
    assert read_messages(data)["record"].dev["Power"].tolist() == sdk_power
