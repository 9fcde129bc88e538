"""Bad FIT input: the shared corrupt set and seeded mutations of good files.

Each must end in an Activity that lists the problem as an issue, or in a LydiardError
whose message names the file, what is wrong and where (a byte offset); never in another
exception, never in a hang.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from fit.files import dev_power_file, run_file, swim_hr_file
from lydiard.errors import FileFormatError, FileTruncatedError, LydiardError
from lydiard.fit.mutate import mutations
from lydiard.importers import read_activity
from lydiard.importers.fit import read_fit

#: Shared corrupt file -> (samples kept or None for an error, message fragment).
CORRUPT = {
    "fitparse__activity-activity-filecrc.fit": (14, "the file CRC does not match"),
    "fitparse__activity-filecrc.fit": (14, "the file CRC does not match"),
    "fitparse__activity-settings-corruptheader.fit": (14, "83 bytes after the end of the FIT"),
    "fitparse__activity-settings-nodata.fit": (14, "the file ends early"),
    "fitparse__activity-unexpected-eof.fit": (14, "the file ends early"),
    "fitparse__elemnt-bolt-no-application-id-inside-developer-data-id.fit": (132, None),
    "synth__empty.fit": (None, "the file is empty (byte 0)"),
    "synth__html-error-page.fit": (None, "this is an HTML page, not a GPX or TCX activity"),
    # one corrupted record header: the record is lost, the walk resumes after it
    "synth__run-bad-record-header.fit": (3117, "reading resumed at byte 172248"),
    "synth__run-bitflip-payload.fit": (3118, "the file CRC does not match"),
    "synth__run-trailing-junk.fit": (3118, "1000 bytes after the end of the FIT data"),
    "synth__run-truncated-50pct.fit": (1508, "the file ends early"),
    "tormoder__mornindew-broken.fit": (6874, None),
}


@pytest.mark.parametrize("name", sorted(CORRUPT))
def test_shared_corrupt_files(shared_data, name):
    path = shared_data / "fit" / "corrupt" / name
    if not path.exists():
        pytest.skip(f"{name} is not in the shared data folder")
    samples, fragment = CORRUPT[name]
    if samples is None:
        with pytest.raises(LydiardError) as caught:
            read_activity(path)
        assert str(caught.value).startswith(f"{name}: ")
        assert fragment in str(caught.value)
        return
    activity = read_activity(path)
    assert len(activity.samples) == samples
    text = " ".join(str(issue) for issue in activity.issues)
    if fragment is None:
        assert activity.issues == ()
        return
    assert fragment in text
    assert re.search(r"\(byte \d+\)", text)
    with pytest.raises(FileFormatError) as caught:
        read_activity(path, strict=True)
    assert str(caught.value).startswith(f"{name}: ")
    assert re.search(r"\(byte \d+\)$", str(caught.value))


def test_truncation_is_a_truncation_error_in_strict_mode(shared_data):
    path = shared_data / "fit" / "corrupt" / "synth__run-truncated-50pct.fit"
    if not path.exists():
        pytest.skip("synth__run-truncated-50pct.fit is not in the shared data folder")
    with pytest.raises(FileTruncatedError, match=r"the file ends early.*\(byte 166944\)"):
        read_activity(path, strict=True)


#: Shared samples to mutate (small and varied: dev fields, hr messages, chained files,
#: compressed timestamps, big-endian definitions), with how many mutations each.
FUZZ_SAMPLES = {
    "fit/fitparse__garmin-fenix-5-run.fit": 40,
    "fit/fitparse__compressed-speed-distance.fit": 30,
    "fit/gc__GarminHRMswim.FIT": 30,
    "fit/tormoder__0134902991.fit": 30,
    "fit/fitparse__sample_mulitple_header.fit": 30,
    "fit/gc__3386684871.fit": 30,
}


def _check(data: bytes, label: str) -> None:
    started = time.perf_counter()
    message = ""
    try:
        activity = read_fit(data, name="fuzz.fit")
    except LydiardError as exc:
        message = str(exc)
    if message:
        assert message.startswith("fuzz.fit: "), label
    else:
        assert activity.start_time.tzinfo is not None, label
    assert time.perf_counter() - started < 10, f"{label} took too long"


@pytest.mark.parametrize("sample", sorted(FUZZ_SAMPLES))
def test_mutations_of_shared_samples(shared_data, sample):
    path = shared_data / sample
    if not path.exists():
        pytest.skip(f"{sample} is not in the shared data folder")
    data = path.read_bytes()
    others = [run_file(20), swim_hr_file()]
    for i, (kind, mutated) in enumerate(
        mutations(data, seed=sum(data[:64]), count=FUZZ_SAMPLES[sample], others=others)
    ):
        _check(mutated, f"{Path(sample).name} mutation {i} ({kind})")


@pytest.mark.parametrize("seed", range(4))
def test_mutations_of_built_files(seed):
    files = [run_file(50), run_file(30, big_endian=True), swim_hr_file(), dev_power_file()]
    data = files[seed]
    for i, (kind, mutated) in enumerate(mutations(data, seed=seed, count=40, others=files)):
        _check(mutated, f"file {seed} mutation {i} ({kind})")
