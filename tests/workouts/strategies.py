"""Hypothesis strategies that build any workout the model allows (nesting included)."""

from __future__ import annotations

from hypothesis import strategies as st

from lydiard.workouts import (
    PACE_NAMES,
    Distance,
    Effort,
    EffortWord,
    HeartRate,
    HrBelow,
    LapButton,
    LengthUnit,
    NamedPace,
    Pace,
    Placement,
    Power,
    Repeat,
    RepShare,
    Role,
    Rpe,
    Session,
    Sport,
    Step,
    Time,
    When,
    Workout,
    Zone,
)

# Decimal-friendly numbers (what people write), and arbitrary floats too: the renderer
# writes the shortest text that reads back exactly.
positive = st.one_of(
    st.integers(1, 100_000).map(float),
    st.integers(1, 100_000).map(lambda n: n / 10),
    st.integers(1, 100_000).map(lambda n: n / 1000),
    st.floats(min_value=1e-3, max_value=1e6, allow_nan=False, allow_infinity=False),
)


def _ranged(draw: st.DrawFn) -> tuple[float, float | None]:
    low = draw(positive)
    upper = draw(st.one_of(st.none(), positive.map(lambda x: low + x)))
    if upper is not None and not upper > low:
        upper = None
    return low, upper


@st.composite
def distances(draw: st.DrawFn) -> Distance:
    low, upper = _ranged(draw)
    return Distance(low, draw(st.sampled_from(list(LengthUnit))), upper)


@st.composite
def times(draw: st.DrawFn) -> Time:
    low, upper = _ranged(draw)
    return Time(low, upper)


@st.composite
def rep_shares(draw: st.DrawFn) -> RepShare:
    low, upper = _ranged(draw)
    return RepShare(low, upper)


ends = st.one_of(
    distances(),
    times(),
    st.just(LapButton()),
    st.integers(60, 200).map(lambda b: HrBelow(float(b))),
    rep_shares(),
)


@st.composite
def paces(draw: st.DrawFn) -> Pace:
    seconds = draw(st.one_of(st.integers(30, 4000).map(float), positive))
    to = draw(st.one_of(st.none(), st.integers(30, 4000).map(float)))
    if to == seconds:
        to = None
    return Pace(seconds, draw(st.sampled_from(list(LengthUnit))), to)


@st.composite
def named_paces(draw: st.DrawFn) -> NamedPace:
    name = draw(st.sampled_from(PACE_NAMES))
    to = draw(st.one_of(st.none(), st.sampled_from(PACE_NAMES)))
    if to == name:
        to = None
    percent = percent_to = None
    if to is None and draw(st.booleans()):
        percent, percent_to = _ranged(draw)
    offset = draw(st.one_of(st.just(0.0), st.integers(-60, 60).map(float), positive))
    return NamedPace(name, to, percent, percent_to, offset, draw(st.sampled_from(list(LengthUnit))))


@st.composite
def zones(draw: st.DrawFn) -> Zone:
    scale = draw(st.sampled_from(["Z", "R"]))
    low = draw(st.integers(0 if scale == "R" else 1, 6))
    upper = draw(st.one_of(st.none(), st.integers(low + 1, 7)))
    return Zone(low, upper, scale)


@st.composite
def rpes(draw: st.DrawFn) -> Rpe:
    low = draw(st.integers(1, 9).map(float))
    upper = draw(st.one_of(st.none(), st.integers(int(low) + 1, 10).map(float)))
    return Rpe(low, upper)


@st.composite
def ranged_targets(draw: st.DrawFn, kind: type) -> HeartRate | Power:
    low, upper = _ranged(draw)
    return kind(low, upper)  # type: ignore[no-any-return]


targets = st.one_of(
    paces(),
    named_paces(),
    ranged_targets(HeartRate),
    zones(),
    ranged_targets(Power),
    rpes(),
    st.sampled_from(list(EffortWord)).map(Effort),
)

notes = (
    st.text(
        alphabet=st.characters(
            whitelist_categories=("Lu", "Ll", "Nd"), whitelist_characters=" ,.;:'!?-/()&"
        ),
        max_size=30,
    )
    .map(lambda s: " ".join(s.split()))
)


@st.composite
def steps(draw: st.DrawFn, inner: st.SearchStrategy | None = None) -> Step:
    end = draw(ends)
    parts: tuple = ()
    if inner is not None and isinstance(end, Distance | Time) and draw(st.booleans()):
        parts = tuple(draw(st.lists(inner, min_size=1, max_size=3)))
    return Step(
        role=draw(st.sampled_from(list(Role))),
        end=end,
        target=draw(st.one_of(st.none(), targets)),
        sport=draw(st.sampled_from(list(Sport))),
        note=draw(st.one_of(st.just(""), notes)),
        inner=parts,
        placement=draw(st.sampled_from(list(Placement))),
    )


def _repeat(children: st.SearchStrategy) -> st.SearchStrategy:
    @st.composite
    def build(draw: st.DrawFn) -> Repeat:
        count = draw(st.integers(1, 30))
        count_max = draw(st.one_of(st.none(), st.integers(count + 1, 40)))
        last = draw(st.integers(0, count))
        return Repeat(
            count,
            tuple(draw(st.lists(children, min_size=1, max_size=3))),
            count_max=count_max,
            between=draw(st.one_of(st.none(), steps())),
            last=last,
            last_target=draw(targets) if last else None,
        )

    return build()


items = st.recursive(
    steps(),
    lambda children: st.one_of(steps(inner=children), _repeat(children)),
    max_leaves=8,
)


@st.composite
def workouts(draw: st.DrawFn) -> Workout:
    n = draw(st.integers(1, 3))
    whens = [When.ANY] if n == 1 else draw(
        st.lists(st.sampled_from([When.AM, When.PM]), min_size=n, max_size=n)
    )
    if n == 1:
        whens = [draw(st.sampled_from(list(When)))]
    sessions = tuple(
        Session(tuple(draw(st.lists(items, min_size=1, max_size=4))), when) for when in whens
    )
    title = draw(st.one_of(st.just(""), notes.filter(bool)))
    extra = tuple(draw(st.lists(notes.filter(bool), max_size=2)))
    return Workout(sessions, title=title, notes=extra)
