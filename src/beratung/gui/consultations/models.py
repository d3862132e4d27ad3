"""Item models of the consultations area (model/view, never widgets filled row by row).

* :class:`ConsultationTableModel` — the consultation list, fetched lazily page by page from
  ``services.consultations.list(filter, offset, limit)``; the total comes from ``count``;
* :class:`SnapshotTableModel` — a small read-only table over a tuple of frozen snapshots with
  column functions (statistics tables, networking matches, follow-ups).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar
from zoneinfo import ZoneInfo

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QAbstractButton, QTableView

from beratung.domain.enums import label
from beratung.gui.style import ALERT

if TYPE_CHECKING:
    from beratung.services import Services
    from beratung.services.consultations import ConsultationFilter, ConsultationRow

BERLIN = ZoneInfo("Europe/Berlin")
Index = QModelIndex | QPersistentModelIndex
T = TypeVar("T")

#: The role that carries the record's id.
IdRole = Qt.ItemDataRole.UserRole
#: The role that carries the whole snapshot.
RowRole = Qt.ItemDataRole.UserRole + 1


def _tr(text: str) -> str:
    return QCoreApplication.translate("ConsultationTableModel", text)


class ConsultationTableModel(QAbstractTableModel):
    """Consultations matching a :class:`ConsultationFilter`, newest first, fetched in pages."""

    BATCH = 100
    COLUMNS = ("date", "organisation", "mode", "topics", "programme", "subject")

    def __init__(self, services: Services, parent: Any = None) -> None:
        super().__init__(parent)
        self.services = services
        self._filter: ConsultationFilter | None = None
        self._rows: list[ConsultationRow] = []
        self._total = 0

    # ----------------------------------------------------------------- loading
    def set_filter(self, flt: ConsultationFilter) -> None:
        """Show the consultations matching ``flt`` (counts them and fetches the first page)."""
        self.beginResetModel()
        self._filter = flt
        self._rows = []
        self._total = self.services.consultations.count(flt)
        self.endResetModel()
        if self._total:
            self.fetchMore(QModelIndex())

    def reload(self) -> None:
        if self._filter is not None:
            self.set_filter(self._filter)

    def total(self) -> int:
        """How many consultations match (all of them, not only the fetched ones)."""
        return self._total

    def row_at(self, row: int) -> ConsultationRow:
        return self._rows[row]

    def row_of(self, consultation_id: int) -> int:
        """The row showing ``consultation_id`` among the fetched ones, or -1."""
        for number, row in enumerate(self._rows):
            if row.id == consultation_id:
                return number
        return -1

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or self._filter is None:
            return
        batch = self.services.consultations.list(self._filter, len(self._rows), self.BATCH)
        if not batch:
            self._total = len(self._rows)  # the data changed meanwhile
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(batch) - 1)
        self._rows.extend(batch)
        self.endInsertRows()

    # ----------------------------------------------------------------- model
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.COLUMNS):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return {
                "date": _tr("Datum"),
                "organisation": _tr("Kommune/Organisation"),
                "mode": _tr("Art"),
                "topics": _tr("Themen"),
                "programme": _tr("Programm"),
                "subject": _tr("Betreff"),
            }[self.COLUMNS[section]]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = self.COLUMNS[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == "date":
                local = row.occurred_at.astimezone(BERLIN)
                return local.strftime("%d.%m.%Y, %H:%M")
            if column in ("subject", "organisation") and row.excerpt:
                return row.excerpt
            text = self._text(row, column)
            return text or None
        if role == IdRole:
            return row.id
        if role == RowRole:
            return row
        return None

    @staticmethod
    def _text(row: ConsultationRow, column: str) -> str:
        if column == "date":
            return row.occurred_at.astimezone(BERLIN).strftime("%d.%m.%Y")
        if column == "organisation":
            if row.organisation_name:
                return row.organisation_name
            return ", ".join(row.person_names)
        if column == "mode":
            return label(row.mode)
        if column == "topics":
            return ", ".join(row.topic_names)
        if column == "programme":
            return row.programme_name or ""
        if column == "subject":
            return row.subject or row.excerpt
        return ""


@dataclass(frozen=True, slots=True)
class Column(Generic[T]):
    """One column of a :class:`SnapshotTableModel`."""

    title: str
    text: Callable[[T], str]
    #: Numbers are right-aligned.
    numeric: bool = False
    #: Optional: True makes the cell red and bold (overdue).
    alert: Callable[[T], bool] | None = None
    tooltip: Callable[[T], str] | None = None


class SnapshotTableModel(QAbstractTableModel, Generic[T]):
    """Read-only rows of frozen snapshots; ``id_of`` gives the IdRole value."""

    def __init__(
        self,
        columns: Sequence[Column[T]],
        id_of: Callable[[T], Any] | None = None,
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self._id_of = id_of
        self._rows: list[T] = []

    def set_rows(self, rows: Sequence[T]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[T]:
        return list(self._rows)

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
        column = self.columns[section]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return column.title
        if role == Qt.ItemDataRole.TextAlignmentRole:
            align = Qt.AlignmentFlag.AlignRight if column.numeric else Qt.AlignmentFlag.AlignLeft
            return int(align | Qt.AlignmentFlag.AlignVCenter)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        item = self._rows[index.row()]
        column = self.columns[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return column.text(item)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            align = Qt.AlignmentFlag.AlignRight if column.numeric else Qt.AlignmentFlag.AlignLeft
            return int(align | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return column.tooltip(item) if column.tooltip else (column.text(item) or None)
        alert = column.alert is not None and column.alert(item)
        if role == Qt.ItemDataRole.ForegroundRole and alert:
            return QBrush(QColor(ALERT))
        if role == Qt.ItemDataRole.FontRole and alert:
            font = QFont()
            font.setBold(True)
            return font
        if role == IdRole:
            return self._id_of(item) if self._id_of else index.row()
        if role == RowRole:
            return item
        return None


def name_corner_button(view: QTableView) -> None:
    """The table's corner button (select all) gets an accessible name like every button."""
    view.setCornerButtonEnabled(False)
    for button in view.findChildren(QAbstractButton, "qt_tableview_cornerbutton"):
        button.setAccessibleName(QCoreApplication.translate("Tables", "Alle Zeilen auswählen"))
