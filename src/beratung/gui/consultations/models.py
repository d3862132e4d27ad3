"""Item models of the consultations area, on the shared :mod:`beratung.gui.tablemodels`.

* :class:`ConsultationTableModel` — the consultation list: a :class:`PagedTableModel` over
  ``services.consultations.count_consultations``/``list_consultations`` for a
  :class:`ConsultationFilter`, 100 rows a page; with search text the hits come by relevance
  (the header's tooltip says so);
* :class:`RecordTableModel` — a small :class:`SnapshotTableModel` of records that also answers
  :data:`ID_ROLE` (the record's id), shows alert rows red and bold (overdue follow-ups) and
  right-aligns the headers of number columns (statistics tables, networking, follow-ups).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QAbstractButton, QTableView

from beratung.domain.enums import label
from beratung.domain.rules.dates import format_date_de, format_datetime_de
from beratung.gui.style import active_theme
from beratung.gui.tablemodels import (
    ROW_ROLE,
    Column,
    Index,
    PagedTableModel,
    SnapshotTableModel,
)

if TYPE_CHECKING:
    from beratung.services import Services
    from beratung.services.consultations import ConsultationFilter, ConsultationRow

T = TypeVar("T")

#: The role that carries the record's id.
ID_ROLE = Qt.ItemDataRole.UserRole
IdRole = ID_ROLE
#: The role that carries the whole snapshot (the shared models' :data:`ROW_ROLE`).
RowRole = ROW_ROLE

_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


def _tr(text: str) -> str:
    return QCoreApplication.translate("ConsultationTableModel", text)


def _bold() -> QFont:
    font = QFont()
    font.setBold(True)
    return font


class RecordTableModel(SnapshotTableModel[T]):
    """A snapshot table whose rows are records: :data:`ID_ROLE` gives ``id_of(row)`` (else the
    row number); where ``alert(row)`` holds, the ``alert_columns`` (all if ``None``) are red and
    bold."""

    ID_ROLE = ID_ROLE

    def __init__(
        self,
        columns: Sequence[Column[T]],
        *,
        id_of: Callable[[T], Any] | None = None,
        alert: Callable[[T], bool] | None = None,
        alert_columns: Collection[int] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(columns, parent)
        self._id_of = id_of
        self._alert = alert
        self._alert_columns = None if alert_columns is None else frozenset(alert_columns)

    def is_alert(self, row: int, column: int) -> bool:
        if self._alert is None or not 0 <= row < len(self._rows):
            return False
        if self._alert_columns is not None and column not in self._alert_columns:
            return False
        return self._alert(self._rows[row])

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        if role == self.ID_ROLE:
            item = self._rows[index.row()]
            return self._id_of(item) if self._id_of else index.row()
        if role == Qt.ItemDataRole.ForegroundRole and self.is_alert(index.row(), index.column()):
            return QBrush(QColor(active_theme().alert))
        if role == Qt.ItemDataRole.FontRole and self.is_alert(index.row(), index.column()):
            return _bold()
        return super().data(index, role)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.TextAlignmentRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self.columns)
            and self.columns[section].align_right
        ):
            return _RIGHT
        return super().headerData(section, orientation, role)


def _date_text(row: ConsultationRow) -> str:
    return format_date_de(row.occurred_at)


def _organisation_text(row: ConsultationRow) -> str:
    return row.organisation_name or ", ".join(row.person_names)


def consultation_columns() -> list[Column[ConsultationRow]]:
    """Datum, Kommune/Organisation, Art, Themen, Programm, Betreff."""
    return [
        Column(
            _tr("Datum"),
            _date_text,
            tooltip=lambda r: format_datetime_de(r.occurred_at),
        ),
        Column(
            _tr("Kommune/Organisation"),
            _organisation_text,
            tooltip=lambda r: r.excerpt or _organisation_text(r) or None,
        ),
        Column(_tr("Art"), lambda r: label(r.mode)),
        Column(_tr("Themen"), lambda r: ", ".join(r.topic_names)),
        Column(_tr("Programm"), lambda r: r.programme_name or ""),
        Column(
            _tr("Betreff"),
            lambda r: r.subject or r.excerpt,
            tooltip=lambda r: r.excerpt or r.subject or None,
        ),
    ]


class ConsultationTableModel(PagedTableModel["ConsultationRow"]):
    """Consultations matching a :class:`ConsultationFilter`, fetched in pages of 100: newest
    first, or with search text the best matches first (then newest)."""

    ID_ROLE = ID_ROLE
    PAGE_SIZE = 100

    def __init__(self, services: Services, parent: QObject | None = None) -> None:
        super().__init__(
            consultation_columns(),
            self._count_rows,
            self._fetch_rows,
            page_size=self.PAGE_SIZE,
            parent=parent,
        )
        self.services = services
        self._filter: ConsultationFilter | None = None
        self._counted: int | None = None

    # ----------------------------------------------------------------- loading
    def set_filter(self, flt: ConsultationFilter) -> None:
        """Show the consultations matching ``flt`` (counts them and fetches the first page).

        The count runs before the model resets, so a refused query (a ``UserError``) leaves the
        list as it was."""
        total = self.services.consultations.count_consultations(flt)
        self._filter = flt
        self._counted = total
        self.reload()
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.columns) - 1)

    def _count_rows(self) -> int:
        if self._counted is not None:
            total, self._counted = self._counted, None
            return total
        return self.services.consultations.count_consultations(self._filter) if self._filter else 0

    def _fetch_rows(self, offset: int, limit: int) -> list[ConsultationRow]:
        if self._filter is None:
            return []
        return self.services.consultations.list_consultations(self._filter, offset, limit)

    @property
    def by_relevance(self) -> bool:
        """Whether the rows come by relevance (the filter has search text)."""
        return bool(self._filter and self._filter.text and self._filter.text.strip())

    def order_hint(self) -> str:
        if self.by_relevance:
            return _tr(
                "Nach Relevanz sortiert: die besten Treffer zuerst, bei Gleichstand die neueren."
            )
        return _tr("Nach Datum sortiert: die neuesten zuerst.")

    def row_of(self, consultation_id: int) -> int:
        """The row showing ``consultation_id`` among the fetched ones, or -1."""
        for number, row in enumerate(self._rows):
            if row.id == consultation_id:
                return number
        return -1

    # ----------------------------------------------------------------- model
    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == self.ID_ROLE:
            if not index.isValid() or not 0 <= index.row() < len(self._rows):
                return None
            return self._rows[index.row()].id
        return super().data(index, role)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.ToolTipRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self.columns)
        ):
            return self.order_hint()
        return super().headerData(section, orientation, role)


def name_corner_button(view: QTableView) -> None:
    """The table's corner button (select all) gets an accessible name like every button."""
    view.setCornerButtonEnabled(False)
    for button in view.findChildren(QAbstractButton, "qt_tableview_cornerbutton"):
        button.setAccessibleName(QCoreApplication.translate("Tables", "Alle Zeilen auswählen"))


__all__ = [
    "ID_ROLE",
    "Column",
    "ConsultationTableModel",
    "IdRole",
    "RecordTableModel",
    "RowRole",
    "consultation_columns",
    "name_corner_button",
]
