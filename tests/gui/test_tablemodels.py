"""The shared snapshot table models (gui/tablemodels.py): the Qt model contract, sorting through a
proxy by SORT_ROLE, ROW_ROLE, tooltips, alignment, colours and paging."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QColor

from beratung.gui.tablemodels import (
    ROW_ROLE,
    SORT_ROLE,
    Column,
    PagedTableModel,
    SnapshotTableModel,
)


@dataclass(frozen=True)
class Town:
    name: str
    people: int
    note: str = ""


TOWNS = [Town("Ulm", 126_000), Town("aalen", 68_000, "Ostalb"), Town("Biberach", 33_000)]


def town_columns() -> list[Column[Town]]:
    return [
        Column("Ort", lambda t: t.name, tooltip=lambda t: t.note or None),
        Column(
            "Einw.",
            lambda t: f"{t.people:,}".replace(",", "."),
            lambda t: t.people,
            align_right=True,
            foreground=lambda t: "#b42318" if t.people > 100_000 else None,
            header_tooltip="Einwohner",
        ),
        Column("Notiz", lambda t: t.note),
    ]


def test_snapshot_model_passes_the_model_tester(qtmodeltester: Any) -> None:
    model = SnapshotTableModel(town_columns())
    qtmodeltester.check(model)  # empty
    model.set_rows(TOWNS)
    qtmodeltester.check(model)
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    proxy.sort(1)
    qtmodeltester.check(proxy)


def test_sorting_through_the_proxy_uses_the_sort_key_or_the_casefolded_text() -> None:
    model = SnapshotTableModel(town_columns())
    model.set_rows(TOWNS)
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    proxy.setSortRole(SnapshotTableModel.SORT_ROLE)

    def names() -> list[str]:
        return [proxy.index(row, 0).data() for row in range(proxy.rowCount())]

    proxy.sort(0, Qt.SortOrder.AscendingOrder)  # by the text, case-folded: "aalen" first
    assert names() == ["aalen", "Biberach", "Ulm"]
    proxy.sort(1, Qt.SortOrder.AscendingOrder)  # by the number, not the text "126.000"
    assert names() == ["Biberach", "aalen", "Ulm"]
    proxy.sort(1, Qt.SortOrder.DescendingOrder)
    assert names() == ["Ulm", "aalen", "Biberach"]
    assert proxy.index(0, 1).data(SORT_ROLE) == 126_000


def test_row_role_gives_the_snapshot_back_through_the_proxy() -> None:
    model = SnapshotTableModel(town_columns())
    model.set_rows(TOWNS)
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    proxy.sort(0)
    assert proxy.index(2, 1).data(ROW_ROLE) is TOWNS[0]
    assert SnapshotTableModel.ROW_ROLE == ROW_ROLE
    assert model.row_at(1) is TOWNS[1]
    assert model.rows() == TOWNS and model.rows() is not model.rows()


def test_cells_and_headers() -> None:
    model = SnapshotTableModel(town_columns())
    model.set_rows(TOWNS)
    ulm, aalen = model.index(0, 0), model.index(1, 0)
    assert ulm.data() == ulm.data(Qt.ItemDataRole.AccessibleTextRole) == "Ulm"
    assert model.index(0, 1).data() == "126.000"
    # a column's own tooltip wins; without one the text is the tooltip, empty text none
    assert (ulm.data(Qt.ItemDataRole.ToolTipRole), aalen.data(Qt.ItemDataRole.ToolTipRole)) == (
        None,
        "Ostalb",
    )
    assert model.index(1, 2).data(Qt.ItemDataRole.ToolTipRole) == "Ostalb"
    assert model.index(0, 2).data(Qt.ItemDataRole.ToolTipRole) is None
    right = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    assert model.index(0, 1).data(Qt.ItemDataRole.TextAlignmentRole) == right
    assert model.index(0, 0).data(Qt.ItemDataRole.TextAlignmentRole) is None
    assert model.index(0, 1).data(Qt.ItemDataRole.ForegroundRole) == QColor("#b42318")
    assert model.index(1, 1).data(Qt.ItemDataRole.ForegroundRole) is None
    header = [model.headerData(s, Qt.Orientation.Horizontal) for s in range(3)]
    assert header == ["Ort", "Einw.", "Notiz"]
    tip = Qt.ItemDataRole.ToolTipRole
    assert [model.headerData(s, Qt.Orientation.Horizontal, tip) for s in (0, 1)] == [
        None,
        "Einwohner",
    ]
    assert model.headerData(0, Qt.Orientation.Vertical) is None
    assert model.headerData(3, Qt.Orientation.Horizontal) is None
    assert model.index(3, 0).data() is None


def test_text_tooltips_can_be_switched_off() -> None:
    class Quiet(SnapshotTableModel[Town]):
        TEXT_TOOLTIPS = False

    model = Quiet(town_columns())
    model.set_rows(TOWNS)
    assert model.index(0, 2).data(Qt.ItemDataRole.ToolTipRole) is None
    assert model.index(1, 2).data(Qt.ItemDataRole.ToolTipRole) is None
    assert model.index(1, 0).data(Qt.ItemDataRole.ToolTipRole) == "Ostalb"  # its own tooltip


class Source:
    """A page loader over a list that can shrink between pages, counting its calls."""

    def __init__(self, rows: list[Town]) -> None:
        self.rows = rows
        self.calls: list[tuple[int, int]] = []

    def count(self) -> int:
        return len(self.rows)

    def fetch(self, offset: int, limit: int) -> list[Town]:
        self.calls.append((offset, limit))
        return self.rows[offset : offset + limit]


def many(n: int) -> list[Town]:
    return [Town(f"Ort {i:03}", i) for i in range(n)]


def test_paged_model_fetches_page_by_page(qtmodeltester: Any) -> None:
    source = Source(many(25))
    model = PagedTableModel(town_columns(), source.count, source.fetch, page_size=10)
    assert (model.total, model.rowCount(), model.canFetchMore()) == (0, 0, False)
    model.reload()
    assert (model.total, model.loaded, model.canFetchMore(), model.fetches) == (25, 10, True, 1)
    assert source.calls == [(0, 10)]
    model.fetchMore()
    assert (model.rowCount(), source.calls[-1]) == (20, (10, 10))
    model.fetch_all_to(24)
    assert (model.rowCount(), model.canFetchMore(), model.fetches) == (25, False, 3)
    assert model.index(24, 0).data(ROW_ROLE) == Town("Ort 024", 24)
    assert model.row_at(3).people == 3
    qtmodeltester.check(model)
    model.reload()
    qtmodeltester.check(model)
    model.clear()
    assert (model.total, model.rowCount(), model.canFetchMore()) == (0, 0, False)
    qtmodeltester.check(model)


def test_paged_model_stops_when_the_result_shrank_meanwhile() -> None:
    source = Source(many(15))
    model = PagedTableModel(town_columns(), source.count, source.fetch, page_size=10)
    model.reload()
    del source.rows[5:]
    model.fetchMore()
    assert (model.total, model.rowCount(), model.canFetchMore()) == (10, 10, False)


def test_paged_model_without_rows_does_not_fetch() -> None:
    source = Source([])
    model = PagedTableModel(town_columns(), source.count, source.fetch, page_size=10)
    model.reload()
    assert (model.total, model.rowCount(), source.calls, model.fetches) == (0, 0, [], 1)
