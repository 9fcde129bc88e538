"""Developer fields: values that apps (Stryd, CIQ data fields) add to standard messages.

A ``field_description`` message gives a developer field its name, base type, units and
optional scale and offset; ``developer_data_id`` names the app. Each data message's
developer field is read with the description in force at that point of the file (the
last one before it for the same developer index and field number), so a file that
redefines a field keeps both meanings apart.

Where the FIT SDK returns developer values raw, this applies the description's scale and
offset and turns the base type's invalid value into NaN, as the FIT protocol asks.
A developer field with no description is kept as raw bytes and reported.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from lydiard.errors import Issue, IssueLevel
from lydiard.fit import profile
from lydiard.fit.chunk import decode_numbers, decode_strings
from lydiard.fit.columns import MessageColumns
from lydiard.fit.layout import DevFieldDef

__all__ = ["DevFieldInfo", "attach_developer_fields"]

_BYTE = profile.BASE_TYPES[0x0D]


@dataclass(frozen=True, slots=True)
class DevFieldInfo:
    """What a field_description says about a developer field.

    Attributes:
        name: the key in ``MessageColumns.dev`` (the field name, made unique).
        field_name: the name the app gave, or None.
        dev_index: developer data index.
        number: field definition number.
        base: base type of its values.
        units: units the app gave ("Watts", "m"), or None.
        scale, offset: value = raw / scale - offset.
        native_field_num: the standard field of the same message it stands for, if any.
        application_id: the app's id as 32 hex digits, when developer_data_id gives it.
    """

    name: str
    field_name: str | None
    dev_index: int
    number: int
    base: profile.BaseType
    units: str | None
    scale: float
    offset: float
    native_field_num: int | None
    application_id: str | None


def _number(value: Any) -> int | None:
    return None if value is None or value != value else int(value)


def _descriptions(
    messages: Mapping[str, MessageColumns],
) -> dict[tuple[int, int], tuple[npt.NDArray[np.int64], list[DevFieldInfo]]]:
    """Descriptions by (developer index, field number): offsets and infos, in file order."""
    found: dict[tuple[int, int], tuple[list[int], list[DevFieldInfo]]] = {}
    desc = messages.get("field_description")
    if desc is None or "developer_data_index" not in desc:
        return {}
    apps: dict[int, str] = {}
    ids = messages.get("developer_data_id")
    if ids is not None and "application_id" in ids:
        app_ids = ids["application_id"]
        if app_ids.dtype != object and app_ids.ndim == 2:
            indexes = ids.scalar("developer_data_index").tolist()
            for index, app in zip(indexes, app_ids, strict=True):
                if index == index and np.all(np.isfinite(app)):
                    apps[int(index)] = bytes(app.astype(np.uint8).tolist()).hex()

    rows = zip(
        desc.offsets.tolist(),
        desc.scalar("developer_data_index").tolist(),
        desc.scalar("field_definition_number").tolist(),
        desc.scalar("fit_base_type_id").tolist(),
        desc.text("field_name"),
        desc.text("units"),
        desc.scalar("scale").tolist(),
        desc.scalar("offset").tolist(),
        desc.scalar("native_field_num").tolist(),
        strict=True,
    )
    for offset, index, number, base_id, name, units, scale, shift, native in rows:
        index_i, number_i = _number(index), _number(number)
        if index_i is None or number_i is None:
            continue
        base_i = _number(base_id)
        base = profile.BASE_TYPES.get(base_i & 0x1F, _BYTE) if base_i is not None else _BYTE
        info = DevFieldInfo(
            name=name or f"dev_{index_i}_{number_i}",
            field_name=name,
            dev_index=index_i,
            number=number_i,
            base=base,
            units=units,
            scale=float(scale) if scale and scale == scale else 1.0,  # 0 or none: 1
            offset=float(shift) if shift and shift == shift else 0.0,
            native_field_num=_number(native),
            application_id=apps.get(index_i),
        )
        entry = found.setdefault((index_i, number_i), ([], []))
        entry[0].append(offset)
        entry[1].append(info)
    return {key: (np.array(offs, dtype=np.int64), infos) for key, (offs, infos) in found.items()}


def _decode(body: npt.NDArray[np.uint8], dev: DevFieldDef, info: DevFieldInfo, big: bool) -> Any:
    block = body[:, dev.offset : dev.offset + dev.size]  # rows contiguous: views work
    base = info.base
    if base.name == "string":
        return decode_strings(block.view(f"S{dev.size}").reshape(-1))
    if dev.size % base.size:
        base = _BYTE
    raw = block.view(base.dtype_for(big))
    if raw.shape[1] == 1:
        raw = raw.reshape(-1)
    return decode_numbers(raw, base, info.scale, info.offset)


def attach_developer_fields(messages: Mapping[str, MessageColumns]) -> list[Issue]:
    """Give each message type with developer fields a loader for them; report gaps.

    The values are decoded on first use of ``columns.dev``; the check that every
    developer field has a description is done now, so its issues are complete.
    """
    with_dev = [c for c in messages.values() if any(k.definition.dev_fields for k in c.chunks)]
    if not with_dev:
        return []
    descriptions = _descriptions(messages)
    issues: list[Issue] = []
    for columns in with_dev:
        for chunk in columns.chunks:
            for dev in chunk.definition.dev_fields:
                if (dev.dev_index, dev.number) not in descriptions:
                    issues.append(
                        Issue(
                            f"{columns.name}: developer field {dev.number} of developer "
                            f"{dev.dev_index} has no description; kept as raw bytes",
                            f"byte {chunk.definition.position}",
                            IssueLevel.INFO,
                        )
                    )

        def load(target: MessageColumns) -> None:
            _load(target, descriptions)

        columns.set_developer_loader(load)
    return issues


def _load(
    columns: MessageColumns,
    descriptions: dict[tuple[int, int], tuple[npt.NDArray[np.int64], list[DevFieldInfo]]],
) -> None:
    chunks = columns.chunks
    parts: dict[str, list[Any]] = {}
    infos: dict[str, DevFieldInfo] = {}
    owner: dict[str, tuple[int, int]] = {}
    for i, chunk in enumerate(chunks):
        for dev in chunk.definition.dev_fields:
            key = (dev.dev_index, dev.number)
            found = descriptions.get(key)
            if found is None:
                info = DevFieldInfo(
                    f"dev_{key[0]}_{key[1]}", None, *key, _BYTE, None, 1.0, 0.0, None, None
                )
                groups: list[tuple[DevFieldInfo, Any]] = [(info, None)]
            else:
                offsets, found_infos = found
                which = np.searchsorted(offsets, chunk.offsets) - 1
                np.maximum(which, 0, out=which)
                if which[0] == which[-1]:  # sorted: one description for the whole chunk
                    groups = [(found_infos[int(which[0])], None)]
                else:
                    groups = [(found_infos[j], which == j) for j in np.unique(which).tolist()]
            for info, rows in groups:
                name = info.name
                while name in owner and owner[name] != key:
                    name = f"{name}#{key[0]}"
                owner[name] = key
                infos.setdefault(name, info)
                value = _decode(chunk.body, dev, info, chunk.definition.big_endian)
                if rows is not None and not rows.all():
                    value[~rows] = None if value.dtype == object else np.nan
                slot = parts.setdefault(name, [None] * len(chunks))
                if slot[i] is None or slot[i].shape != value.shape:
                    slot[i] = value
                else:  # a field described twice within one definition's messages
                    rows = np.ones(len(chunk), dtype=bool) if rows is None else rows
                    keep = rows if value.ndim == 1 else rows[:, None]
                    slot[i] = np.where(keep, value, slot[i])
    columns.set_developer(parts, infos)
