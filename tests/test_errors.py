import pytest

from lydiard.errors import (
    FileFormatError,
    InputError,
    Issue,
    IssueLevel,
    LydiardError,
    NotFoundError,
    WorkoutSyntaxError,
    where,
)


def test_hierarchy_and_exit_codes():
    assert issubclass(FileFormatError, InputError)
    assert issubclass(InputError, LydiardError)
    assert InputError.exit_code != NotFoundError.exit_code
    assert NotFoundError.http_status == 404


def test_workout_syntax_error_shows_caret():
    err = WorkoutSyntaxError(
        "unknown unit 'Metr'",
        text="3 Mile Warm Up\n12 x 400 Metr Repeats",
        line=2,
        column=10,
        length=4,
        suggestion="did you mean 'Meter'?",
    )
    text = str(err)
    assert text.splitlines()[0] == ("line 2, column 10: unknown unit 'Metr'; did you mean 'Meter'?")
    assert text.splitlines()[1] == "  12 x 400 Metr Repeats"
    assert text.splitlines()[2] == "           ^^^^"


def test_issue_text_and_where():
    issue = Issue("lap 3 ignored: end before start", "byte 768", IssueLevel.WARNING)
    assert str(issue) == "warning: lap 3 ignored: end before start (byte 768)"
    assert where("/tmp/a/run-0412.fit") == "run-0412.fit"
    assert where(None) == "<input>"


def test_errors_are_exceptions():
    with pytest.raises(LydiardError):
        raise FileFormatError("x.fit: not a FIT file (byte 0)")
