"""Tables of analysis rows: tuples of frozen dataclasses with a DataFrame view."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar, overload

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Table"]

Row = TypeVar("Row")


@dataclass(frozen=True, slots=True)
class Table(Generic[Row]):
    """Rows of one kind, in order; iterate, index or take ``len`` as with a tuple.

    Attributes:
        rows: the rows (frozen dataclasses).
    """

    rows: tuple[Row, ...] = ()

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[Row]:
        return iter(self.rows)

    def __bool__(self) -> bool:
        return bool(self.rows)

    @overload
    def __getitem__(self, index: int) -> Row: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[Row, ...]: ...
    def __getitem__(self, index: int | slice) -> Row | tuple[Row, ...]:
        return self.rows[index]

    def to_records(self) -> list[dict[str, Any]]:
        """Rows as plain dicts (field name -> value), SI units as in the rows."""
        return [_record(row) for row in self.rows]

    def to_pandas(self) -> pd.DataFrame:
        """Rows as a DataFrame, one column per field (needs the ``pandas`` extra)."""
        import pandas as pd

        return pd.DataFrame.from_records(self.to_records())


def _record(row: Any) -> dict[str, Any]:
    if dataclasses.is_dataclass(row) and not isinstance(row, type):
        return {f.name: getattr(row, f.name) for f in dataclasses.fields(row)}
    raise TypeError(f"table rows must be dataclasses, got {type(row).__name__}")
