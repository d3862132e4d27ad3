"""Item models of the registration tabs: the event's list (one ``list_registrations`` call per
load, filtered by status and search text in memory) and the check-in's matches."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor

from beratung.domain.enums import RegistrationStatus
from beratung.domain.rules.dates import OFFICE_TIME_ZONE, format_date_de
from beratung.domain.rules.search import matches, query_terms, search_key
from beratung.gui.events.registration_common import tr
from beratung.gui.style import active_theme
from beratung.gui.tablemodels import ROW_ROLE, SORT_ROLE, Column, SnapshotTableModel
from beratung.services.events.snapshots import CheckInMatch, RegistrationRow

Index = QModelIndex | QPersistentModelIndex

#: The status filter's extra choice: moved up from the waiting list, not told yet.
NOTIFY = "notify"


def places_short(row: RegistrationRow) -> str:
    """ "1", or "3 (2 Begl.)", "2 (1 Ass.)": the places with companions and assistants."""
    extras = []
    if row.companions:
        extras.append(tr("{n} Begl.").format(n=row.companions))
    if row.assistants:
        extras.append(tr("{n} Ass.").format(n=row.assistants))
    return f"{row.places} ({', '.join(extras)})" if extras else str(row.places)


def places_long(row: RegistrationRow) -> str:
    parts = [tr("{n} Plätze").format(n=row.places) if row.places != 1 else tr("1 Platz")]
    if row.companions:
        parts.append(
            tr("{n} Begleitpersonen").format(n=row.companions)
            if row.companions != 1
            else tr("1 Begleitperson")
        )
    if row.assistants:
        parts.append(
            tr("{n} Assistenzen").format(n=row.assistants)
            if row.assistants != 1
            else tr("1 Assistenz")
        )
    return ", ".join(parts)


def organisation_text(row: RegistrationRow) -> str:
    return " – ".join(part for part in (row.organisation, row.role) if part)


def status_text(row: RegistrationRow) -> str:
    if row.walk_in and row.status is RegistrationStatus.ATTENDED:
        return tr("teilgenommen (ohne Anmeldung)")
    return row.status_label


def promotion_text(row: RegistrationRow) -> str:
    """ "12.10.2017 – noch benachrichtigen" while the person has not been told."""
    if row.promoted_at is None:
        return ""
    day = format_date_de(row.promoted_at.astimezone(OFFICE_TIME_ZONE).date())
    if row.notify_pending:
        return tr("{day} – noch zu benachrichtigen").format(day=day)
    return tr("{day} – benachrichtigt").format(day=day)


def reach_text(row: RegistrationRow) -> str:
    problems = []
    if not row.has_postal_address:
        problems.append(tr("keine Postanschrift"))
    if not row.has_email:
        problems.append(tr("keine E-Mail"))
    return ", ".join(problems)


def waitlist_text(row: RegistrationRow) -> str:
    if row.waitlist_position is None:
        return ""
    return tr("Platz {n}").format(n=row.waitlist_position)


def _status_colour(row: RegistrationRow) -> str | None:
    if row.status in (RegistrationStatus.REGISTERED, RegistrationStatus.ATTENDED):
        return active_theme().ok_text
    if row.status is RegistrationStatus.WAITLISTED:
        return active_theme().warning_text
    if row.status in (RegistrationStatus.DECLINED, RegistrationStatus.NO_SHOW):
        return active_theme().muted
    return None


def registration_columns() -> list[Column[RegistrationRow]]:
    return [
        Column(tr("Name"), lambda r: r.name, sort_key=lambda r: (r.sort_name, r.id)),
        Column(tr("Organisation / Funktion"), organisation_text),
        Column(
            tr("Status"),
            status_text,
            sort_key=lambda r: (r.status.value, r.waitlist_position or 0, r.sort_name),
            foreground=_status_colour,
        ),
        Column(
            tr("Plätze"),
            places_short,
            sort_key=lambda r: (r.places, r.sort_name),
            tooltip=places_long,
            header_tooltip=tr("Plätze insgesamt (Begleitpersonen, Assistenzen)"),
        ),
        Column(
            tr("Warteliste"),
            waitlist_text,
            sort_key=lambda r: (r.waitlist_position is None, r.waitlist_position or 0),
        ),
        Column(tr("Code"), lambda r: r.code),
        Column(
            tr("Nachgerückt am"),
            promotion_text,
            sort_key=lambda r: (r.promoted_at is None, not r.notify_pending, r.promoted_at),
            foreground=lambda r: active_theme().warning_text if r.notify_pending else None,
            header_tooltip=tr("Von der Warteliste nachgerückt; ob die Person schon Bescheid weiß"),
        ),
        Column(
            tr("Bedarfe"),
            lambda r: ", ".join(r.needs),
            sort_key=lambda r: (not r.needs, ", ".join(r.needs)),
            header_tooltip=tr("Welche Bedarfe angegeben sind (Einzelheiten im Dialog Bedarfe)"),
        ),
        Column(
            tr("Hinweise"),
            reach_text,
            sort_key=lambda r: (not reach_text(r), reach_text(r)),
            header_tooltip=tr(
                "Keine Postanschrift oder keine E-Mail-Adresse: vor dem Druck klären"
            ),
        ),
    ]


#: Column numbers of :func:`registration_columns`.
NAME, ORGANISATION, STATUS, PLACES, WAITLIST, CODE, PROMOTED, NEEDS, REACH = range(9)


class RegistrationTableModel(SnapshotTableModel[RegistrationRow]):
    """The event's registrations: one row each, loaded whole by :meth:`set_rows` (the tab
    calls ``list_registrations`` once per load — no query per row)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(registration_columns(), parent)
        self._sort_column = NAME
        self._sort_order = Qt.SortOrder.AscendingOrder

    # Sorting here, not in the proxy: the proxy's ``lessThan`` is a Python call per comparison
    # (about 13,000 for 2,000 rows, a third of a second); ``list.sort`` with one key per row is
    # a fraction of that. The proxy forwards ``sort`` here and keeps this order.

    def _ordered(self, rows: list[RegistrationRow]) -> list[RegistrationRow]:
        column = self.columns[self._sort_column]
        key = column.sort_key or (lambda r, c=column: c.text(r).casefold())  # type: ignore[misc]
        reverse = self._sort_order == Qt.SortOrder.DescendingOrder
        by_name = sorted(rows, key=lambda r: (r.sort_name, r.id))  # ties in name order
        try:
            return sorted(by_name, key=key, reverse=reverse)
        except TypeError:  # a key mixing None and values: compare as text, empty last
            return sorted(by_name, key=lambda r: (key(r) is None, str(key(r))), reverse=reverse)

    def set_rows(self, rows: Sequence[RegistrationRow]) -> None:
        self.beginResetModel()
        self._rows = self._ordered(list(rows))
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns):
            return
        self.layoutAboutToBeChanged.emit()
        self._sort_column, self._sort_order = column, order
        persistent = self.persistentIndexList()
        ids = [self._rows[index.row()].id for index in persistent]
        self._rows = self._ordered(self._rows)
        position = {row.id: number for number, row in enumerate(self._rows)}
        self.changePersistentIndexList(
            persistent,
            [
                self.index(position[i], index.column())
                for i, index in zip(ids, persistent, strict=True)
            ],
        )
        self.layoutChanged.emit()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (
            role == Qt.ItemDataRole.AccessibleTextRole
            and index.isValid()
            and index.column() == PLACES
            and 0 <= index.row() < len(self._rows)
        ):
            return places_long(self._rows[index.row()])
        return super().data(index, role)

    def row_of_id(self, registration_id: int) -> int:
        for number, row in enumerate(self._rows):
            if row.id == registration_id:
                return number
        return -1


class RegistrationFilterProxy(QSortFilterProxyModel):
    """The status filter and the search text over the loaded rows, sorted by the columns'
    sort keys."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self._status: RegistrationStatus | str | None = None
        self._terms: list[str] = []
        self._keys: dict[int, str] = {}

    def setSourceModel(self, model: Any) -> None:
        super().setSourceModel(model)
        model.modelReset.connect(self._keys.clear)

    def set_status(self, status: RegistrationStatus | str | None) -> None:
        """Show one status (``None``: all; :data:`NOTIFY`: those moved up from the waiting
        list who have not been told yet)."""
        if status != self._status:
            self.beginFilterChange()
            self._status = status
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def status(self) -> RegistrationStatus | str | None:
        return self._status

    def set_search(self, text: str) -> None:
        terms = query_terms(text)
        if terms != self._terms:
            self.beginFilterChange()
            self._terms = terms
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def _key(self, row: RegistrationRow) -> str:
        key = self._keys.get(row.id)
        if key is None:
            key = search_key(row.name, row.organisation, row.role, row.town, row.code)
            self._keys[row.id] = key
        return key

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        if not isinstance(model, RegistrationTableModel):
            return True
        row = model.row_at(source_row)
        if self._status == NOTIFY:
            if not row.notify_pending:
                return False
        elif self._status is not None and row.status != self._status:
            return False
        return not self._terms or matches(self._key(row), self._terms)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """The source model sorts (see :class:`RegistrationTableModel`); the proxy keeps its
        order and only filters."""
        model = self.sourceModel()
        if isinstance(model, RegistrationTableModel):
            model.sort(column, order)
        else:
            super().sort(column, order)

    def row_at(self, proxy_row: int) -> RegistrationRow:
        value = self.index(proxy_row, 0).data(ROW_ROLE)
        assert isinstance(value, RegistrationRow)
        return value


# -------------------------------------------------------------------------------- check-in


class CheckInMatchModel(QAbstractListModel):
    """The matches of the check-in's search: name, organisation, and whether already there."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._matches: list[CheckInMatch] = []

    def set_matches(self, found: Sequence[CheckInMatch]) -> None:
        self.beginResetModel()
        self._matches = list(found)
        self.endResetModel()

    def matches(self) -> list[CheckInMatch]:
        return list(self._matches)

    def match_at(self, row: int) -> CheckInMatch | None:
        return self._matches[row] if 0 <= row < len(self._matches) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._matches)

    @staticmethod
    def text_of(match: CheckInMatch) -> str:
        who = f"{match.name} – {match.organisation}" if match.organisation else match.name
        if match.status is RegistrationStatus.ATTENDED:
            return tr("✓ {who} · schon da").format(who=who)
        return tr("{who} · {status} · Code {code}").format(
            who=who, status=match.status_label, code=match.code
        )

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        match = self.match_at(index.row()) if index.isValid() else None
        if match is None:
            return None
        if role in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.AccessibleTextRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return self.text_of(match)
        if role == Qt.ItemDataRole.ForegroundRole and match.status is RegistrationStatus.ATTENDED:
            return QColor(active_theme().ok_text)
        if role == ROW_ROLE:
            return match
        return None


__all__ = [
    "CODE",
    "NAME",
    "NEEDS",
    "NOTIFY",
    "ORGANISATION",
    "PLACES",
    "PROMOTED",
    "REACH",
    "STATUS",
    "WAITLIST",
    "CheckInMatchModel",
    "RegistrationFilterProxy",
    "RegistrationTableModel",
    "organisation_text",
    "places_long",
    "places_short",
    "promotion_text",
    "reach_text",
    "registration_columns",
]
