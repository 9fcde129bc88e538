"""What the FIT profile says about one message type, in the shape the fast reader needs.

For each global message number this gathers, once, the fields by number and name with
their base type, scale, offset and units; the sub-fields (a field read differently when
another field has a given value, e.g. ``file_id.product`` as ``garmin_product``); and the
components (bit ranges of one field that give the value of another, e.g. ``record.speed``
also gives ``enhanced_speed``; ``compressed_speed_distance`` gives ``speed`` and an
accumulated ``distance``). Names come from :mod:`lydiard.fit.profile`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from fitdecode import types as _types

from lydiard.fit import profile

__all__ = [
    "Component",
    "FieldSpec",
    "MessageSpec",
    "SubFieldSpec",
    "message_spec",
    "unsupported",
]

#: Widest component the fast reader extracts (it works on 64-bit integers).
MAX_COMPONENT_BITS = 56


@dataclass(frozen=True, slots=True)
class Component:
    """``bits`` bits from ``bit_offset`` of a source field give ``target``'s value.

    The value is ``bits / scale - offset``; accumulated components add the wrapped
    difference to the previous value of the target (counters that roll over).
    """

    target: str
    target_number: int
    scale: float
    offset: float
    bits: int
    bit_offset: int
    accumulate: bool


@dataclass(frozen=True, slots=True)
class SubFieldSpec:
    """A reading of field ``parent`` that applies when a reference field has a raw value."""

    name: str
    parent: int
    type_name: str | None
    scale: float
    offset: float
    units: str | None
    components: tuple[Component, ...]
    refs: tuple[tuple[int, int], ...]


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """A profile field: value = raw / scale - offset, in ``units``."""

    name: str
    number: int
    base: profile.BaseType
    type_name: str | None
    scale: float
    offset: float
    units: str | None
    components: tuple[Component, ...]
    subfields: tuple[SubFieldSpec, ...]


@dataclass(frozen=True, slots=True)
class MessageSpec:
    """Everything the profile says about one global message number.

    Attributes:
        number: the global message number.
        name: "record", "lap"... or "unknown_65280" when the profile does not know it.
        fields: field specs by field number.
        by_name: field specs by name.
        subfields: sub-field specs by name.
        sources: for each component target name, the (source name, component) pairs.
        accumulated: names of targets with an accumulating component.
    """

    number: int
    name: str
    fields: dict[int, FieldSpec]
    by_name: dict[str, FieldSpec]
    subfields: dict[str, SubFieldSpec]
    sources: dict[str, tuple[tuple[str, Component], ...]]
    accumulated: frozenset[str]

    def field_name(self, number: int) -> str:
        """The name of field ``number``, or "unknown_<number>"."""
        spec = self.fields.get(number)
        return spec.name if spec else f"unknown_{number}"


def _components(message: Any, raw: Any) -> tuple[Component, ...]:
    out = []
    for comp in raw or ():
        target = message.fields.get(comp.def_num) if message else None
        name = target.name if target is not None else comp.name
        out.append(
            Component(
                target=name,
                target_number=comp.def_num,
                scale=float(comp.scale or 1),
                offset=float(comp.offset or 0),
                bits=int(comp.bits),
                bit_offset=int(comp.bit_offset),
                accumulate=bool(comp.accumulate),
            )
        )
    return tuple(out)


def _type_name(kind: Any) -> str | None:
    """The profile type name ("sport", "date_time"), or None for a plain base type."""
    if isinstance(kind, _types.BaseType):
        return None
    return str(kind.name)


@cache
def message_spec(number: int) -> MessageSpec:
    """The spec of global message ``number`` (an empty one for unknown messages)."""
    message = profile.message(number)
    fields: dict[int, FieldSpec] = {}
    subfields: dict[str, SubFieldSpec] = {}
    sources: dict[str, list[tuple[str, Component]]] = {}
    raw_fields = dict(message.fields) if message is not None else {}
    if 253 not in raw_fields:
        raw_fields[253] = profile.field(20, 253)
    for num, fld in raw_fields.items():
        subs = []
        for sub in fld.subfields or ():
            refs = tuple((int(ref.def_num), int(ref.raw_value)) for ref in sub.ref_fields or ())
            spec = SubFieldSpec(
                name=sub.name,
                parent=num,
                type_name=_type_name(sub.type),
                scale=float(sub.scale or 1),
                offset=float(sub.offset or 0),
                units=sub.units,
                components=_components(message, sub.components),
                refs=refs,
            )
            subs.append(spec)
            subfields.setdefault(sub.name, spec)
            for comp in spec.components:
                sources.setdefault(comp.target, []).append((sub.name, comp))
        field = FieldSpec(
            name=fld.name,
            number=num,
            base=profile.field_base_type(fld),
            type_name=_type_name(fld.type),
            scale=float(fld.scale or 1),
            offset=float(fld.offset or 0),
            units=fld.units,
            components=_components(message, fld.components),
            subfields=tuple(subs),
        )
        fields[num] = field
        for comp in field.components:
            sources.setdefault(comp.target, []).append((field.name, comp))
    accumulated = frozenset(
        target for target, pairs in sources.items() if any(c.accumulate for _, c in pairs)
    )
    return MessageSpec(
        number=number,
        name=message.name if message is not None else f"unknown_{number}",
        fields=fields,
        by_name={f.name: f for f in fields.values()},
        subfields=subfields,
        sources={target: tuple(pairs) for target, pairs in sources.items()},
        accumulated=accumulated,
    )


def unsupported(spec: MessageSpec) -> str | None:
    """Why the fast reader cannot decode this message type exactly, or None if it can.

    The fast reader assumes that a component fits in 56 bits and that all the
    accumulating components of one target count in the same units; the FIT profile of
    this version holds to both. A later profile that does not sends the file to the
    fitdecode fallback rather than to a wrong answer.
    """
    return _unsupported(spec.number)


@cache
def _unsupported(number: int) -> str | None:
    spec = message_spec(number)
    for target, pairs in spec.sources.items():
        for _, comp in pairs:
            if comp.bits > MAX_COMPONENT_BITS:
                return f"cannot unpack {comp.bits}-bit component {target} of {spec.name}"
        units = {(c.scale, c.offset, c.bits) for _, c in pairs if c.accumulate}
        if len(units) > 1:
            return f"cannot accumulate {target} of {spec.name} in mixed units"
    return None
