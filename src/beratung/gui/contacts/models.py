"""Item models of the contacts page.

:class:`LazyTableModel` shows a result set of any size page by page: it asks for the total once
(``count``) and fetches rows in pages of :data:`PAGE_SIZE` as the view scrolls (``canFetchMore`` /
``fetchMore``). Sorting by a header maps the column to the service's ``order_by`` key and reloads
from the first page, so the database does the sorting, not a proxy over a partial result.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor

from beratung.domain.enums import label
from beratung.services.contacts import (
    ContactFilter,
    DistributionListRow,
    OrganisationRow,
    PersonRow,
)

R = TypeVar("R")
Index = QModelIndex | QPersistentModelIndex

PAGE_SIZE = 200

#: The role that returns the row's snapshot (PersonRow, OrganisationRow …).
RowRole = Qt.ItemDataRole.UserRole + 1


def tr(text: str) -> str:
    return QCoreApplication.translate("ContactModels", text)


@dataclass(frozen=True)
class Column(Generic[R]):
    title: str
    value: Callable[[R], object]
    #: The service's ``order_by`` key, or ``None`` when the column cannot be sorted.
    order_key: str | None = None
    tooltip: Callable[[R], str | None] | None = None
    #: A colour name for the text (e.g. rejected import rows).
    foreground: Callable[[R], str | None] | None = None


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return tr("ja") if value else ""
    return str(value)


class LazyTableModel(QAbstractTableModel, Generic[R]):
    """Rows from ``fetch(flt, offset, limit, order_by)``; total from ``count(flt)``."""

    def __init__(
        self,
        columns: Sequence[Column[R]],
        count: Callable[[ContactFilter], int],
        fetch: Callable[[ContactFilter, int, int, str], list[R]],
        *,
        page_size: int = PAGE_SIZE,
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self._count = count
        self._fetch = fetch
        self.page_size = page_size
        self.filter = ContactFilter()
        self.order_by = "name"
        self.sort_column = 0
        self.sort_order = Qt.SortOrder.AscendingOrder
        self.total = 0
        self._rows: list[R] = []
        self._changing = False
        #: How many service calls the model made (tests and the benchmark read it).
        self.fetches = 0

    # ---------------------------------------------------------------- loading

    def set_filter(self, flt: ContactFilter) -> None:
        self.filter = flt
        self.reload()

    def reload(self) -> None:
        """Count and fetch the first page again (after a filter, a sort or a change)."""
        self._changing = True
        try:
            self.beginResetModel()
            self.total = self._count(self.filter)
            self._rows = (
                self._fetch(self.filter, 0, self.page_size, self.order_by) if self.total else []
            )
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
        more = self._fetch(self.filter, len(self._rows), self.page_size, self.order_by)
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

    # ---------------------------------------------------------------- access

    def row_at(self, row: int) -> R | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of_id(self, ident: int) -> int:
        for number, item in enumerate(self._rows):
            if getattr(item, "id", None) == ident:
                return number
        return -1

    @property
    def loaded(self) -> int:
        return len(self._rows)

    # ---------------------------------------------------------------- Qt API

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        item = self._rows[index.row()]
        column = self.columns[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return _text(column.value(item))
        if role == Qt.ItemDataRole.ToolTipRole and column.tooltip is not None:
            return column.tooltip(item)
        if role == RowRole:
            return item
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self.columns)
        ):
            return self.columns[section].title
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns):
            return
        key = self.columns[column].order_key
        if key is None:
            return
        self.sort_column, self.sort_order = column, order
        self.order_by = f"-{key}" if order == Qt.SortOrder.DescendingOrder else key
        self.reload()


# -------------------------------------------------------------------- concrete models


def person_columns() -> list[Column[PersonRow]]:
    return [
        Column(tr("Name"), lambda r: r.sort_name, "name", lambda r: r.display_name),
        Column(tr("Organisation"), lambda r: r.organisation, "organisation"),
        Column(tr("Funktion"), lambda r: r.role, "role"),
        Column(tr("Ort"), lambda r: r.town, "town"),
        Column(tr("E-Mail"), lambda r: r.email, "email"),
    ]


def organisation_columns() -> list[Column[OrganisationRow]]:
    return [
        Column(tr("Name"), lambda r: r.name, "name"),
        Column(tr("Art"), lambda r: r.kind_label, "kind"),
        Column(tr("Ort"), lambda r: r.town, "town"),
        Column(tr("Kreis"), lambda r: r.kreis, "kreis"),
        Column(tr("Regierungsbezirk"), lambda r: r.regierungsbezirk, "regierungsbezirk"),
        Column(tr("Mitglied"), lambda r: r.is_member),
    ]


class PersonTableModel(LazyTableModel[PersonRow]):
    def __init__(self, contacts: Any, parent: Any = None, *, page_size: int = PAGE_SIZE) -> None:
        super().__init__(
            person_columns(),
            contacts.count_persons,
            lambda flt, offset, limit, order: contacts.list_persons(
                flt, offset=offset, limit=limit, order_by=order
            ),
            page_size=page_size,
            parent=parent,
        )


class OrganisationTableModel(LazyTableModel[OrganisationRow]):
    def __init__(self, contacts: Any, parent: Any = None, *, page_size: int = PAGE_SIZE) -> None:
        super().__init__(
            organisation_columns(),
            contacts.count_organisations,
            lambda flt, offset, limit, order: contacts.list_organisations(
                flt, offset=offset, limit=limit, order_by=order
            ),
            page_size=page_size,
            parent=parent,
        )


class ListTableModel(QAbstractTableModel, Generic[R]):
    """A small, fully loaded table of snapshots (affiliations, list members, report lines)."""

    def __init__(self, columns: Sequence[Column[R]], parent: Any = None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self._rows: list[R] = []

    def set_rows(self, rows: Sequence[R]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[R]:
        return list(self._rows)

    def row_at(self, row: int) -> R | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        item = self._rows[index.row()]
        column = self.columns[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return _text(column.value(item))
        if role == Qt.ItemDataRole.ToolTipRole:
            if column.tooltip is not None:
                return column.tooltip(item)
            return _text(column.value(item)) or None
        if role == Qt.ItemDataRole.ForegroundRole and column.foreground is not None:
            colour = column.foreground(item)
            return QColor(colour) if colour else None
        if role == RowRole:
            return item
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self.columns)
        ):
            return self.columns[section].title
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


def distribution_list_columns() -> list[Column[DistributionListRow]]:
    return [
        Column(tr("Verteiler"), lambda r: r.name),
        Column(tr("Mitglieder"), lambda r: r.member_count),
        Column(tr("Beschreibung"), lambda r: r.description),
    ]


def enum_text(member: Any) -> str:
    return label(member)
