import json
from datetime import date

import pytest

from lydiard.errors import InputError
from lydiard.planning import make_plan
from lydiard.planning.athlete import athlete_preset
from lydiard.planning.race import Race
from lydiard.planning.serial import SCHEMA, plan_from_dict, plan_to_dict


@pytest.fixture(scope="module")
def doc():
    plan = make_plan(
        athlete_preset("walmsley"), Race.from_preset("UTMB", date(2027, 8, 27)), date(2027, 4, 1)
    )
    return json.loads(json.dumps(plan_to_dict(plan)))


def test_round_trip_through_json_text(doc):
    plan = plan_from_dict(doc)
    assert json.loads(json.dumps(plan_to_dict(plan))) == doc
    assert doc["schema"] == SCHEMA
    assert doc["athlete"]["units"] == "mi"
    assert doc["paces_mps"]["T"] > doc["paces_mps"]["E"]


def test_nan_is_null(doc):
    cross = next(
        s for w in doc["weeks"] for d in w["days"] for s in d["sessions"] if s["kind"] == "cross"
    )
    assert cross["distance_m"] is None


def _broken(doc, path, value):
    data = json.loads(json.dumps(doc))
    target = data
    for key in path[:-1]:
        target = target[key]
    if value is KeyError:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return data


@pytest.mark.parametrize(
    ("path", "value", "fragment"),
    [
        (("schema",), "lydiard.plan/9", "this lydiard cannot read it"),
        (("start",), "01/04/2027", "start: '01/04/2027' is not a date"),
        (("race", "terrain"), "moon", "race.terrain: 'moon' is not one of"),
        (("race", "distance_m"), "far", "race.distance_m: expected a number"),
        (("athlete", "weekly_distance_m"), KeyError, "athlete.weekly_distance_m: missing"),
        (
            ("weeks", 2, "days", 1, "sessions", 0, "kind"),
            "tempo?",
            "weeks[2].days[1].sessions[0].kind",
        ),
        (("weeks", 0, "phase"), "base", "weeks[0].phase"),
        (("options", "recovery_fraction"), 3.0, "recovery_fraction must be 0.5-0.95"),
        (("options", "magic"), 1, "unknown option(s) magic"),
        (("weeks",), [], "a plan needs at least one week"),
        (("athlete", "days_available"), ["funday"], "not a day of the week"),
    ],
)
def test_bad_documents_name_the_field(doc, path, value, fragment):
    with pytest.raises(InputError, match=None) as info:
        plan_from_dict(_broken(doc, path, value))
    assert fragment in str(info.value)


def test_not_an_object():
    with pytest.raises(InputError, match="expected an object"):
        plan_from_dict([1, 2])
