"""The consultations area's record tables on the shared snapshot model: the id role, alert rows
(red and bold in the chosen columns), right-aligned number headers; qtmodeltester-valid."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QFont

from beratung.gui.consultations.models import ID_ROLE, Column, RecordTableModel
from beratung.gui.style import ALERT
from beratung.gui.tablemodels import ROW_ROLE, SnapshotTableModel


@dataclass(frozen=True)
class Item:
    key: int
    name: str
    count: int
    late: bool


def model() -> RecordTableModel[Item]:
    table = RecordTableModel(
        [
            Column("Name", lambda i: i.name),
            Column("Zahl", lambda i: str(i.count), align_right=True),
            Column("Notiz", lambda i: "x"),
        ],
        id_of=lambda i: i.key,
        alert=lambda i: i.late,
        alert_columns=(0, 1),
    )
    table.set_rows([Item(7, "Ulm", 3, True), Item(9, "Aalen", 12, False)])
    return table


def test_record_table_model(qtmodeltester: object) -> None:
    table = model()
    assert isinstance(table, SnapshotTableModel)
    qtmodeltester.check(table)  # type: ignore[attr-defined]
    assert [table.index(r, 0).data(ID_ROLE) for r in range(2)] == [7, 9]
    assert table.index(1, 2).data(ROW_ROLE) == Item(9, "Aalen", 12, False)
    # the late row is red and bold in the first two columns only
    brush = table.index(0, 0).data(Qt.ItemDataRole.ForegroundRole)
    assert isinstance(brush, QBrush) and brush.color().name() == ALERT.lower()
    font = table.index(0, 1).data(Qt.ItemDataRole.FontRole)
    assert isinstance(font, QFont) and font.bold()
    assert table.index(0, 2).data(Qt.ItemDataRole.FontRole) is None
    assert table.index(1, 0).data(Qt.ItemDataRole.FontRole) is None
    # numbers right-aligned, cells and header
    right = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    assert table.index(0, 1).data(Qt.ItemDataRole.TextAlignmentRole) == right
    assert (
        table.headerData(1, Qt.Orientation.Horizontal, Qt.ItemDataRole.TextAlignmentRole) == right
    )
    assert table.headerData(0, Qt.Orientation.Horizontal, Qt.ItemDataRole.TextAlignmentRole) is None


def test_without_id_of_the_id_is_the_row_number() -> None:
    table = RecordTableModel([Column("Name", lambda i: i.name)])
    table.set_rows([Item(7, "Ulm", 3, False), Item(9, "Aalen", 1, False)])
    assert table.index(1, 0).data(ID_ROLE) == 1
    assert table.index(0, 0).data(Qt.ItemDataRole.ForegroundRole) is None
