"""Item models of the contacts page, built on the shared snapshot models of gui/tablemodels.py.

:class:`LazyTableModel` shows a result set of any size page by page: it asks for the total once
(``count``) and fetches rows in pages of :data:`PAGE_SIZE` as the view scrolls (``canFetchMore`` /
``fetchMore``). Sorting by a header maps the column to the service's ``order_by`` key and reloads
from the first page, so the database does the sorting, not a proxy over a partial result.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar, cast

from PySide6.QtCore import QCoreApplication, QObject, Qt

from beratung.domain.enums import label
from beratung.gui import tablemodels
from beratung.gui.tablemodels import ROW_ROLE, Index, PagedTableModel, SnapshotTableModel
from beratung.services.contacts import (
    ContactFilter,
    ContactService,
    DistributionListRow,
    OrganisationOrder,
    OrganisationRow,
    PersonOrder,
    PersonRow,
)

R = TypeVar("R")

PAGE_SIZE = 200

#: The role that returns the row's snapshot (PersonRow, OrganisationRow …).
RowRole = ROW_ROLE


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

    def shown(self) -> tablemodels.Column[R]:
        """The shared column showing this one's value as text (``None`` empty, ``True`` "ja")."""
        value = self.value
        return tablemodels.Column(
            self.title,
            lambda item: _text(value(item)),
            tooltip=self.tooltip,
            foreground=self.foreground,
        )


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return tr("ja") if value else ""
    return str(value)


class _ContactRows(Generic[R]):
    """What the contacts tables do unlike the shared models: ``row_at`` gives ``None`` for a row
    that is not there (``-1`` included), and the item flags are exactly enabled and selectable."""

    _rows: list[R]

    def row_at(self, row: int) -> R | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class LazyTableModel(_ContactRows[R], PagedTableModel[R]):  # type: ignore[misc]  # row_at: R | None
    """Rows from ``fetch(flt, offset, limit, order_by)``; total from ``count(flt)``."""

    #: Only a column's own tooltip is shown (the name's full form), not the cell text.
    TEXT_TOOLTIPS = False

    def __init__(
        self,
        columns: Sequence[Column[R]],
        count: Callable[[ContactFilter], int],
        fetch: Callable[[ContactFilter, int, int, str], list[R]],
        *,
        page_size: int = PAGE_SIZE,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(
            [column.shown() for column in columns],
            lambda: count(self.filter),
            lambda offset, limit: fetch(self.filter, offset, limit, self.order_by),
            page_size=page_size,
            parent=parent,
        )
        self._order_keys = [column.order_key for column in columns]
        self.filter = ContactFilter()
        self.order_by = "name"
        self.sort_column = 0
        self.sort_order = Qt.SortOrder.AscendingOrder

    def set_filter(self, flt: ContactFilter) -> None:
        self.filter = flt
        self.reload()

    def row_of_id(self, ident: int) -> int:
        for number, item in enumerate(self._rows):
            if getattr(item, "id", None) == ident:
                return number
        return -1

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self._order_keys):
            return
        key = self._order_keys[column]
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
    def __init__(
        self, contacts: ContactService, parent: QObject | None = None, *, page_size: int = PAGE_SIZE
    ) -> None:
        super().__init__(
            person_columns(),
            contacts.count_persons,
            # the order keys are those of person_columns(); the service checks them
            lambda flt, offset, limit, order: contacts.list_persons(
                flt, offset=offset, limit=limit, order_by=cast(PersonOrder, order)
            ),
            page_size=page_size,
            parent=parent,
        )


class OrganisationTableModel(LazyTableModel[OrganisationRow]):
    def __init__(
        self, contacts: ContactService, parent: QObject | None = None, *, page_size: int = PAGE_SIZE
    ) -> None:
        super().__init__(
            organisation_columns(),
            contacts.count_organisations,
            # the order keys are those of organisation_columns(); the service checks them
            lambda flt, offset, limit, order: contacts.list_organisations(
                flt, offset=offset, limit=limit, order_by=cast(OrganisationOrder, order)
            ),
            page_size=page_size,
            parent=parent,
        )


class ListTableModel(_ContactRows[R], SnapshotTableModel[R]):  # type: ignore[misc]  # row_at: R | None
    """A small, fully loaded table of snapshots (affiliations, list members, report lines)."""

    def __init__(self, columns: Sequence[Column[R]], parent: QObject | None = None) -> None:
        super().__init__([column.shown() for column in columns], parent)


def distribution_list_columns() -> list[Column[DistributionListRow]]:
    return [
        Column(tr("Verteiler"), lambda r: r.name),
        Column(tr("Mitglieder"), lambda r: r.member_count),
        Column(tr("Beschreibung"), lambda r: r.description),
    ]


def enum_text(member: enum.Enum) -> str:
    return label(member)
