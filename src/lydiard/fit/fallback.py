"""Read a FIT file with fitdecode into the same columns as the fast reader.

fitdecode (MIT) is a complete, message-by-message decoder, some 100 times slower than
:mod:`lydiard.fit.reader`'s fast path. It serves as the fallback for what the fast path
does not cover (see :class:`lydiard.fit.reader.Unsupported`), and as an independent
decoder to check the fast path against in tests (``engine="fitdecode"``).

Values follow the fast reader's conventions: numbers as float64 with NaN where missing,
enums and ``date_time`` fields as their raw numbers, strings as object arrays. fitdecode
names a field by its sub-field where one applies (``garmin_product`` rather than
``product``). Its errors become issues with the byte offset they name; its CRC check is
replaced by lydiard's.
"""

from __future__ import annotations

import io
from typing import Any

import fitdecode
import numpy as np
import numpy.typing as npt

from lydiard.errors import FileFormatError, FileTruncatedError, Issue, where
from lydiard.fit import profile
from lydiard.fit.columns import MessageColumns
from lydiard.fit.crc import crc16
from lydiard.fit.devfields import DevFieldInfo
from lydiard.fit.reader import FitMessages
from lydiard.fit.spec import message_spec

__all__ = ["read_with_fitdecode"]

_BYTE = profile.BASE_TYPES[0x0D]


class StaticColumns(MessageColumns):
    """Columns decoded up front (by fitdecode) with the same interface as the fast ones."""

    def __init__(
        self,
        number: int,
        columns: dict[str, npt.NDArray[Any]],
        offsets: npt.NDArray[np.int64],
        dev: dict[str, npt.NDArray[Any]],
        dev_info: dict[str, DevFieldInfo],
    ) -> None:
        self.spec = message_spec(number)
        self.name = self.spec.name
        self.number = number
        self._chunks = []
        self._order = None
        self.offsets = offsets
        for column in (*columns.values(), *dev.values()):
            column.flags.writeable = False
        self._cache = dict(columns)
        self._names_found = dict.fromkeys(columns)
        self._dev = dev
        self._dev_info = dict(dev_info)
        self._dev_loader = None


def _value(field: Any) -> Any:
    kind = getattr(field.field, "type", None)
    if kind is not None and (getattr(kind, "enum", None) or kind.name == "date_time"):
        return field.raw_value
    return field.value


def _column(values: list[Any]) -> npt.NDArray[Any]:
    if any(isinstance(v, str | bytes) for v in values):
        out = np.empty(len(values), dtype=object)
        out[:] = [v if isinstance(v, str) else None for v in values]
        return out
    if any(isinstance(v, tuple | list) for v in values):
        width = max(len(v) if isinstance(v, tuple | list) else 1 for v in values)
        table = np.full((len(values), width), np.nan)
        for i, v in enumerate(values):
            items = v if isinstance(v, tuple | list) else [v]
            table[i, : len(items)] = [np.nan if x is None else float(x) for x in items]
        return table
    return np.array([np.nan if v is None else float(v) for v in values], dtype=np.float64)


def read_with_fitdecode(
    data: bytes, *, name: str | None = None, strict: bool = False
) -> FitMessages:
    """Read every message of a FIT file with fitdecode (see the module docstring).

    Raises:
        FileFormatError: when the data is not FIT, or (strict) on any problem.
    """
    label = where(name)
    rows: dict[int, list[tuple[int, dict[str, Any], dict[Any, Any]]]] = {}
    issues: list[Issue] = []
    try:
        with fitdecode.FitReader(
            io.BytesIO(data),
            processor=fitdecode.DataProcessorBase(),
            check_crc=fitdecode.CrcCheck.DISABLED,
            error_handling=fitdecode.ErrorHandling.RAISE,
            keep_raw_chunks=True,
        ) as reader:
            for frame in reader:
                if isinstance(frame, fitdecode.FitHeader):
                    _check_crc(data, frame, issues)
                if not isinstance(frame, fitdecode.FitDataMessage):
                    continue
                values: dict[str, Any] = {}
                dev: dict[Any, Any] = {}
                for field in frame.fields:
                    if field.field_def is not None and field.field_def.is_dev:
                        dev[field.field_def] = field.value
                    else:
                        values[field.name] = _value(field)
                number = frame.global_mesg_num
                rows.setdefault(number, []).append((frame.chunk.offset, values, dev))
    except fitdecode.FitEOFError as exc:
        issues.append(Issue(f"the file ends early ({exc}); kept every whole message read"))
        if strict:
            raise FileTruncatedError(f"{label}: the file ends early ({exc})") from exc
    except fitdecode.FitError as exc:
        if not rows:
            raise FileFormatError(f"{label}: not a readable FIT file ({exc})") from exc
        issues.append(Issue(f"damaged data ({exc}); the rest of the file was skipped"))
        if strict:
            raise FileFormatError(f"{label}: damaged data ({exc})") from exc
    if strict and issues:
        raise FileFormatError(f"{label}: {issues[0].message}")
    messages: dict[str, MessageColumns] = {}
    for number, found in sorted(rows.items()):
        offsets = np.array([offset for offset, _, _ in found], dtype=np.int64)
        names = list(dict.fromkeys(k for _, values, _ in found for k in values))
        columns = {k: _column([values.get(k) for _, values, _ in found]) for k in names}
        dev, info = _developer([d for _, _, d in found])
        table = StaticColumns(number, columns, offsets, dev, info)
        messages[table.name] = table
    return FitMessages(messages, issues, [], name, "fitdecode", len(data))


def _developer(
    rows: list[dict[Any, Any]],
) -> tuple[dict[str, npt.NDArray[Any]], dict[str, DevFieldInfo]]:
    keys = list(dict.fromkeys(k for row in rows for k in row))
    dev: dict[str, npt.NDArray[Any]] = {}
    info: dict[str, DevFieldInfo] = {}
    for key in keys:
        field = key.field
        label = field.name if field is not None and field.name else f"dev_{key.dev_data_index}"
        while label in dev:
            label = f"{label}#{key.dev_data_index}"
        dev[label] = _column([row.get(key) for row in rows])
        info[label] = DevFieldInfo(
            name=label,
            field_name=field.name if field is not None else None,
            dev_index=key.dev_data_index,
            number=key.def_num,
            base=_BYTE,
            units=field.units if field is not None else None,
            scale=1.0,
            offset=0.0,
            native_field_num=getattr(field, "native_field_num", None),
            application_id=None,
        )
    return dev, info


def _check_crc(data: bytes, header: Any, issues: list[Issue]) -> None:
    start = header.chunk.offset
    end = start + header.header_size + header.body_size
    if end + 2 <= len(data) and int.from_bytes(data[end : end + 2], "little") != crc16(
        data[start:end]
    ):
        issues.append(Issue("the file CRC does not match its content", f"byte {end}"))
