"""Read-only table models over frozen snapshot rows, with the columns declared, not coded.

* :class:`Column` — one column: header text, the cell text, and optionally a sort key, right
  alignment, a cell tooltip, a text colour and a header tooltip;
* :class:`SnapshotTableModel` — a fully loaded list of snapshots (``set_rows``), sorted and
  filtered by a ``QSortFilterProxyModel`` with ``setSortRole(SORT_ROLE)``;
* :class:`PagedTableModel` — a result set of any size: the total comes from ``count()`` and rows
  are fetched in pages from ``fetch(offset, limit)`` as the view scrolls (``canFetchMore`` /
  ``fetchMore``).

Every model answers :data:`ROW_ROLE` with the snapshot of the row.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

T = TypeVar("T")
Index = QModelIndex | QPersistentModelIndex

#: The role that returns the row's snapshot itself.
ROW_ROLE = Qt.ItemDataRole.UserRole + 1
#: The role a ``QSortFilterProxyModel`` sorts by (see :attr:`Column.sort_key`).
SORT_ROLE = Qt.ItemDataRole.UserRole + 2

_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


@dataclass(frozen=True)
class Column(Generic[T]):
    """One column of a snapshot table."""

    title: str
    text: Callable[[T], str]
    #: The value :data:`SORT_ROLE` gives; by default the text, case-folded.
    sort_key: Callable[[T], Any] | None = None
    #: Numbers are right-aligned.
    align_right: bool = False
    #: The cell's tooltip; without one the model decides (see ``TEXT_TOOLTIPS``).
    tooltip: Callable[[T], str | None] | None = None
    #: A colour name for the text (e.g. a status), or ``None`` for the default colour.
    foreground: Callable[[T], str | None] | None = None
    #: The tooltip of the header section (e.g. the full word of an abbreviated title).
    header_tooltip: str | None = None


class _ColumnsModel(QAbstractTableModel, Generic[T]):
    """Rows of snapshots shown read-only through declared columns; the subclasses fill ``_rows``."""

    ROW_ROLE = ROW_ROLE
    SORT_ROLE = SORT_ROLE
    #: Whether a column without its own tooltip shows its (non-empty) text as the tooltip.
    TEXT_TOOLTIPS = True

    def __init__(self, columns: Sequence[Column[T]], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self._rows: list[T] = []

    def row_at(self, row: int) -> T:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.columns):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].title
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.columns[section].header_tooltip
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        item = self._rows[index.row()]
        column = self.columns[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return column.text(item)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column.tooltip is not None:
                return column.tooltip(item)
            return (column.text(item) or None) if self.TEXT_TOOLTIPS else None
        if role == Qt.ItemDataRole.ForegroundRole and column.foreground is not None:
            colour = column.foreground(item)
            return QColor(colour) if colour else None
        if role == Qt.ItemDataRole.TextAlignmentRole and column.align_right:
            return _RIGHT
        if role == self.SORT_ROLE:
            return column.sort_key(item) if column.sort_key else column.text(item).casefold()
        if role == self.ROW_ROLE:
            return item
        return None


class SnapshotTableModel(_ColumnsModel[T]):
    """A small, fully loaded table of frozen snapshots."""

    def set_rows(self, rows: Sequence[T]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[T]:
        return list(self._rows)


class PagedTableModel(_ColumnsModel[T]):
    """Rows from ``fetch(offset, limit)`` page by page; the total from ``count()``."""

    def __init__(
        self,
        columns: Sequence[Column[T]],
        count: Callable[[], int],
        fetch: Callable[[int, int], Sequence[T]],
        *,
        page_size: int,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(columns, parent)
        self._count = count
        self._fetch = fetch
        self.page_size = page_size
        self.total = 0
        self._changing = False
        #: How many times the model called ``fetch`` (tests and the benchmark read it).
        self.fetches = 0

    def reload(self) -> None:
        """Count and fetch the first page again (after a filter, a sort or a change)."""
        self._changing = True
        try:
            self.beginResetModel()
            self.total = self._count()
            self._rows = list(self._fetch(0, self.page_size)) if self.total else []
            self.fetches += 1
            self.endResetModel()
        finally:
            self._changing = False

    def clear(self) -> None:
        self._changing = True
        try:
            self.beginResetModel()
            self.total = 0
            self._rows = []
            self.endResetModel()
        finally:
            self._changing = False

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        # not while a change is being announced: views and testers ask from inside the signals
        return not parent.isValid() and not self._changing and len(self._rows) < self.total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent):
            return
        more = self._fetch(len(self._rows), self.page_size)
        self.fetches += 1
        if not more:  # the table shrank meanwhile: stop asking
            self.total = len(self._rows)
            return
        first = len(self._rows)
        self._changing = True  # no nested fetch from inside the insert signals
        try:
            self.beginInsertRows(QModelIndex(), first, first + len(more) - 1)
            self._rows.extend(more)
            self.endInsertRows()
        finally:
            self._changing = False

    def fetch_all_to(self, row: int) -> None:
        """Fetch pages until ``row`` is loaded (keyboard jumps, tests)."""
        while row >= len(self._rows) and self.canFetchMore():
            self.fetchMore()

    @property
    def loaded(self) -> int:
        return len(self._rows)


__all__ = ["ROW_ROLE", "SORT_ROLE", "Column", "PagedTableModel", "SnapshotTableModel"]
