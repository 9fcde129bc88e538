"""All messages of one FIT message type as columns: a read-only mapping of field arrays.

:class:`MessageColumns` joins the chunks (one per definition) of a message type in file
order and decodes a field only when asked, then keeps it. Values follow the FIT profile:
``raw / scale - offset`` in the profile's units, float64, NaN where the file holds FIT's
invalid value or the field is absent from a message; strings are object arrays (None for
empty); fields with several values per message are 2-D ``(n, k)``. Enums stay numbers
(:meth:`MessageColumns.names` gives their names); ``date_time`` fields are seconds since
the FIT epoch (:data:`lydiard.fit.profile.FIT_EPOCH`).

Sub-fields appear under their own names where their reference field matches, and
components fill their targets (``enhanced_speed`` from ``speed``, ``speed`` and an
accumulated ``distance`` from ``compressed_speed_distance``, ``event_timestamp`` from the
12-bit deltas of ``hr`` messages). Where a message holds a target field itself, its own
value wins over the one a component gives (the SDK lets the component overwrite it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from functools import lru_cache
from typing import Any

import numpy as np
import numpy.typing as npt

from lydiard.fit import profile
from lydiard.fit.chunk import SMALL, Chunk, Floats
from lydiard.fit.components import MAX_DEPTH, _widen, _width, accumulated, from_components
from lydiard.fit.plain import joined, small
from lydiard.fit.spec import MessageSpec, SubFieldSpec, message_spec

__all__ = ["MessageColumns"]


def _fill(first: npt.NDArray[Any] | None, second: npt.NDArray[Any] | None) -> Any:
    """``first`` where it has a value, else ``second`` (same number of rows)."""
    if first is None or first.dtype == object:
        return second if first is None else first
    if second is None or second.dtype == object:
        return first
    if first.shape != second.shape:
        width = max(_width(first), _width(second))
        first, second = _widen(first, width), _widen(second, width)
    return np.where(np.isnan(first), second, first)


class MessageColumns(Mapping[str, npt.NDArray[Any]]):
    """The messages of one type (``record``, ``lap``...), one array per field.

    Attributes:
        name: the message name from the profile ("unknown_<number>" if it has none).
        number: the global message number.
        offsets: byte offset of each message in the file, in file order (int64).
    """

    def __init__(self, spec: MessageSpec, chunks: list[Chunk]) -> None:
        self.spec = spec
        self.name = spec.name
        self.number = spec.number
        self._chunks = sorted(chunks, key=lambda c: int(c.offsets[0]))
        self._order: npt.NDArray[np.intp] | None = None
        if len(self._chunks) == 1:
            offsets = self._chunks[0].offsets
        else:
            offsets = np.concatenate([c.offsets for c in self._chunks])
            # each chunk is in file order; together they are unless their spans overlap
            pairs = zip(self._chunks[:-1], self._chunks[1:], strict=True)
            if any(int(a.offsets[-1]) > int(b.offsets[0]) for a, b in pairs):
                self._order = np.argsort(offsets, kind="stable")
                offsets = offsets[self._order]
        self.offsets = offsets.view()
        self.offsets.flags.writeable = False
        self._cache: dict[str, npt.NDArray[Any]] = {}
        self._names_found: dict[str, None] | None = None
        self._dev: dict[str, npt.NDArray[Any]] | None = None
        self._dev_info: dict[str, Any] = {}
        self._dev_loader: Callable[[MessageColumns], None] | None = None

    @property
    def _names(self) -> dict[str, None]:
        if self._names_found is None:
            self._names_found = self._available()
        return self._names_found

    @property
    def dev(self) -> Mapping[str, npt.NDArray[Any]]:
        """Developer fields by name (see :mod:`lydiard.fit.devfields`), decoded on first use."""
        if self._dev is None:
            self._dev = {}
            if self._dev_loader is not None:
                with np.errstate(all="ignore"):
                    self._dev_loader(self)
        return self._dev

    @property
    def dev_info(self) -> Mapping[str, Any]:
        """What the file's field descriptions say about each developer field."""
        self.dev  # noqa: B018 - decodes on first use
        return self._dev_info

    def set_developer_loader(self, loader: Callable[[MessageColumns], None]) -> None:
        """Give the function that fills the developer fields on first use."""
        self._dev = None
        self._dev_loader = loader

    # -- the mapping ---------------------------------------------------------------
    def __len__(self) -> int:
        return int(self.offsets.shape[0])

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __contains__(self, key: object) -> bool:
        return key in self._names

    def __getitem__(self, name: str) -> npt.NDArray[Any]:
        return self.column(name)

    def column(self, name: str, *, keep: bool = True) -> npt.NDArray[Any]:
        """Field ``name``, as ``columns[name]``.

        ``keep=False`` decodes it without keeping it (and returns a writeable array), to
        save memory on one-off reads.

        Raises:
            KeyError: when no message of this type in the file has the field.
        """
        cached = self._cache.get(name)
        if cached is not None:
            return cached
        if name not in self._names:
            raise KeyError(f"FIT message {self.name!r} has no field {name!r} in this file")
        column = small(self, name) if len(self) <= SMALL else joined(self, name)
        if column is None:
            with np.errstate(all="ignore"):  # damaged values may be huge or signalling NaNs
                if name in self.spec.accumulated:
                    column = accumulated(self, name)
                else:
                    parts = [self.value_in(chunk, name, 0) for chunk in self._chunks]
                    column = self.assemble(parts)
        if keep:
            column.flags.writeable = False
            self._cache[name] = column
        return column

    def __repr__(self) -> str:
        return f"<MessageColumns {self.name}: {len(self)} messages, {len(self._names)} fields>"

    @property
    def chunks(self) -> list[Chunk]:
        """The chunks (one per definition) in order of their first message."""
        return self._chunks

    def set_developer(self, parts: dict[str, list[Any]], info: Mapping[str, Any]) -> None:
        """Set the developer fields from per-chunk values (see :mod:`.devfields`)."""
        dev = {}
        for name, values in parts.items():
            column = self.assemble(values)
            column.flags.writeable = False
            dev[name] = column
        self._dev = dev
        self._dev_info = dict(info)

    # -- metadata --------------------------------------------------------------------
    def units(self, name: str) -> str | None:
        """The profile's units of a field ("m", "s", "semicircles"...), or None."""
        spec = self.spec.by_name.get(name) or self.spec.subfields.get(name)
        return spec.units if spec is not None else None

    def type_name(self, name: str) -> str | None:
        """The profile type of a field ("sport", "date_time"...), None for plain numbers."""
        spec = self.spec.by_name.get(name) or self.spec.subfields.get(name)
        return spec.type_name if spec is not None else None

    def scalar(self, name: str, *, keep: bool = True) -> Floats:
        """A numeric field as one float per message (the first value of an array field).

        NaN where missing, and everywhere for absent or text fields. Damaged or unusual
        files can give any field any size or type; this is the safe way to read a field
        expected to hold a single number. ``keep`` as in :meth:`column`.
        """
        if name not in self._names:
            return np.full(len(self), np.nan)
        values = self.column(name, keep=keep)
        if values.dtype == object:
            return np.full(len(self), np.nan)
        if values.ndim == 2:
            values = values[:, 0].copy()
        return np.asarray(values, dtype=np.float64)

    def text(self, name: str) -> list[str | None]:
        """A text field as one string (or None) per message; None for numeric fields."""
        if name not in self._names or self[name].dtype != object:
            return [None] * len(self)
        return [v if isinstance(v, str) else None for v in self[name].tolist()]

    def names(self, name: str) -> list[str | None]:
        """Enum names of a field's values (``names("sport") -> ["running"]``).

        Values the profile does not name come back as their number in text; missing
        values (and absent fields) as None.
        """
        kind = self.type_name(name)
        values = self.scalar(name).tolist()
        labels: dict[float, str] = {}
        for value in set(values):
            if value == value:  # not NaN
                label = profile.enum_name(kind, int(value)) if kind else None
                labels[value] = label if label is not None else str(int(value))
        return [labels.get(v) for v in values]

    # -- decoding (also used by :mod:`.components`) --------------------------------------
    def _available(self) -> dict[str, None]:
        names: dict[str, None] = {}
        for chunk in self._chunks:
            numbers = tuple(f.number for f in chunk.definition.fields)
            names.update(_field_names(self.number, numbers, chunk.timestamps is not None))
        return names

    def ordered(self, values: npt.NDArray[Any]) -> npt.NDArray[Any]:
        """Per-message values in chunk order (chunk after chunk), put in file order."""
        return values[self._order] if self._order is not None else values

    def assemble(self, parts: list[npt.NDArray[Any] | None]) -> npt.NDArray[Any]:
        """One column from per-chunk parts (None: absent there), in file order."""
        total = len(self)
        only = parts[0] if len(parts) == 1 else None
        if only is not None:  # one chunk: whole and in order
            return only[:, 0] if only.ndim == 2 and only.shape[1] == 1 else only
        if all(p is None or (p.dtype == np.float64 and p.ndim == 1) for p in parts):
            # numbers, one per message: one concatenation, NaN views for absent parts
            nans = np.full(max(len(c) for c in self._chunks), np.nan)
            pieces = [
                nans[: len(c)] if p is None else p for c, p in zip(self._chunks, parts, strict=True)
            ]
            return self.ordered(np.concatenate(pieces))
        if any(p is not None and p.dtype == object for p in parts):
            out: npt.NDArray[Any] = np.full(total, None, dtype=object)
            width = 1
        else:
            width = max((_width(p) for p in parts if p is not None), default=1)
            out = np.full((total, width) if width > 1 else total, np.nan)
        start = 0
        for chunk, part in zip(self._chunks, parts, strict=True):
            stop = start + len(chunk)
            if part is not None:
                if out.dtype == object and part.dtype != object:
                    part = part if part.ndim == 1 else part[:, 0]
                elif width > 1:
                    part = _widen(part, width)
                elif part.ndim == 2:
                    part = part[:, 0]
                out[start:stop] = part
            start = stop
        return out[self._order] if self._order is not None else out

    def value_in(self, chunk: Chunk, name: str, depth: int) -> npt.NDArray[Any] | None:
        """Field ``name`` for the messages of one chunk, or None when it has none."""
        spec = self.spec
        field = spec.by_name.get(name)
        value: npt.NDArray[Any] | None = None
        if field is not None and chunk.has(field.number):
            value = chunk.decode(field.number, field.scale, field.offset)
        elif field is None and name.startswith("unknown_") and name[8:].isdigit():
            number = int(name[8:])
            value = chunk.decode(number) if chunk.has(number) else None
        elif name in spec.subfields:
            return self.subfield_in(chunk, spec.subfields[name])
        if name == "timestamp" and chunk.timestamps is not None:
            value = _fill(value, chunk.timestamps)
        if depth < MAX_DEPTH and name in spec.sources and name not in spec.accumulated:
            value = _fill(value, from_components(self, chunk, name, depth))
        return value

    def subfield_in(self, chunk: Chunk, sub: SubFieldSpec) -> Floats | None:
        """Sub-field ``sub`` for one chunk: NaN where its reference does not match."""
        if not chunk.has(sub.parent):
            return None
        mask = np.zeros(len(chunk), dtype=bool)
        for ref, raw_value in sub.refs:
            if chunk.has(ref):
                raw = chunk.raw(ref)
                if raw.dtype.kind not in "iuf":
                    continue  # a damaged definition made the reference field text
                mask |= (raw[:, 0] if raw.ndim == 2 else raw) == raw_value
        if not mask.any():
            return None
        value = chunk.decode(sub.parent, sub.scale, sub.offset)
        if value.dtype == object:
            return None
        value[~mask] = np.nan  # whole rows: an array field may have any width
        return value


@lru_cache(maxsize=4096)
def _field_names(number: int, fields: tuple[int, ...], timestamps: bool) -> dict[str, None]:
    """Names a definition with these fields makes available (cached across files)."""
    spec = message_spec(number)
    present = {spec.field_name(f) for f in fields}
    if timestamps:
        present.add("timestamp")
    for sub in spec.subfields.values():
        if sub.parent in fields and any(ref in fields for ref, _ in sub.refs):
            present.add(sub.name)
    for _ in range(MAX_DEPTH):
        for target, pairs in spec.sources.items():
            if any(source in present for source, _ in pairs):
                present.add(target)
    return dict.fromkeys(sorted(present))
