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


_flags = st.booleans()


def _ranged(draw: st.DrawFn) -> tuple[float, float | None]:
    low = draw(positive)
    upper = low + draw(positive) if draw(_flags) else None
    if upper is not None and not upper > low:
        upper = None
    return low, upper


@st.composite
def distances(draw: st.DrawFn) -> Distance:
    low, upper = _ranged(draw)
    return Distance(low, draw(_units), upper)


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
    seconds = draw(positive)
    to = draw(positive) if draw(_flags) else None
    if to == seconds:
        to = None
    # a pace per km or mile, or a rep time over a length of its own ("1:08/400 m")
    length = draw(st.sampled_from([1.0, 1.0, 200.0, 400.0, 1.5, 2.5]))
    return Pace(seconds, draw(_units), to, length)


@st.composite
def named_paces(draw: st.DrawFn) -> NamedPace:
    name = draw(_pace_names)
    to = draw(_pace_names) if draw(_flags) else None
    if to == name:
        to = None
    percent = percent_to = None
    if to is None and draw(_flags):
        percent, percent_to = _ranged(draw)
    offset = draw(_offsets)
    return NamedPace(name, to, percent, percent_to, offset, draw(_units))


_pace_names = st.sampled_from(PACE_NAMES)
_units = st.sampled_from(list(LengthUnit))
_offsets = st.one_of(st.just(0.0), st.integers(-60, 60).map(float), positive)


@st.composite
def zones(draw: st.DrawFn) -> Zone:
    scale = draw(st.sampled_from(["Z", "R"]))
    low = draw(_small) % (7 if scale == "R" else 6) + (0 if scale == "R" else 1)
    upper = low + 1 + draw(_small) % (7 - low) if draw(_flags) else None
    return Zone(low, upper, scale)


_small = st.integers(0, 50)


@st.composite
def rpes(draw: st.DrawFn) -> Rpe:
    low = float(draw(_small) % 9 + 1)
    upper = low + 1 + draw(_small) % (10 - low) if draw(_flags) else None
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

notes = st.text(alphabet="abcXYZéü019 ,.;:'!?-/()&", max_size=16).map(lambda s: " ".join(s.split()))


@st.composite
def steps(draw: st.DrawFn, inner: st.SearchStrategy | None = None) -> Step:
    end = draw(ends)
    parts: tuple = ()
    if inner is not None and isinstance(end, Distance | Time) and draw(_flags):
        parts = tuple(draw(inner))
    return Step(
        role=draw(_roles),
        end=end,
        target=draw(targets) if draw(_flags) else None,
        sport=draw(_sports),
        note=draw(notes) if draw(_flags) else "",
        inner=parts,
        placement=draw(_placements),
    )


_roles = st.sampled_from(list(Role))
# A step is one sport: multisport names a whole recording of several, never a step.
_sports = st.sampled_from([s for s in Sport if s is not Sport.MULTISPORT])
_placements = st.sampled_from(list(Placement))
plain_steps = steps()


def _repeat(children: st.SearchStrategy) -> st.SearchStrategy:
    @st.composite
    def build(draw: st.DrawFn) -> Repeat:
        count = draw(_small) % 30 + 1
        count_max = count + 1 + draw(_small) if draw(_flags) else None
        last = draw(_small) % (count + 1) if draw(_flags) else 0
        return Repeat(
            count,
            tuple(draw(children)),
            count_max=count_max,
            between=draw(plain_steps) if draw(_flags) else None,
            last=last,
            last_target=draw(targets) if last else None,
        )

    return build()


def _extend(children: st.SearchStrategy) -> st.SearchStrategy:
    several = st.lists(children, min_size=1, max_size=3)
    return st.one_of(steps(inner=several), _repeat(several))


items = st.recursive(plain_steps, _extend, max_leaves=6)


@st.composite
def workouts(draw: st.DrawFn) -> Workout:
    n = draw(_small) % 3 + 1
    if n == 1:
        whens = [draw(st.sampled_from(list(When)))]
    else:
        whens = [When.AM if draw(_flags) else When.PM for _ in range(n)]
    sessions = tuple(Session(tuple(draw(_session_items)), when) for when in whens)
    title = draw(notes) if draw(_flags) else ""
    extra = tuple(n for n in draw(_notes_lists) if n)
    return Workout(sessions, title=title, notes=extra)


_session_items = st.lists(items, min_size=1, max_size=4)
_notes_lists = st.lists(notes, max_size=2)
