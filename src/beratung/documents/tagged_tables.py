"""Tagged tables and lists (PDF/UA): rows, header cells with their scope, spans, and list items
with label and body, on top of the tagging core in :mod:`beratung.documents.tagging`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.platypus import Table
from reportlab.platypus.flowables import LIIndenter, ListFlowable

from beratung.documents.tagging import (
    ArtifactType,
    AttributeValue,
    Group,
    StructElement,
    TaggedFlowable,
    Tagger,
    tag_flowable,
    tagger_of,
)

# --- tables -----------------------------------------------------------------------------------


class TableTagger:
    """ReportLab's table render callback that tags rows and cells.

    One instance serves a table and all its split parts (ReportLab hands ``renderCB`` on to
    them). Header rows (``header_rows``, by default the table's ``repeatRows``) become ``TH``
    with ``/Scope /Column``; with ``row_headers`` the first column becomes ``TH`` with
    ``/Scope /Row``. The header rows that a continuation part repeats are pagination artifacts.
    """

    def __init__(self, *, header_rows: int | None = None, row_headers: bool = False) -> None:
        self.header_rows = header_rows
        self.row_headers = row_headers
        self._parts_started = 0
        self._rows_done = 0  # body rows of earlier parts, for the logical row number
        self._tagger: Tagger | None = None
        self._pass_tagger: Tagger | None = None
        self._row: Any = None
        self._cell: Any = None
        self._artifact: Any = None
        self._repeated = 0

    def __call__(self, table: Table, command: str, *args: Any) -> None:
        getattr(self, command)(table, *args)

    def _headers(self, table: Table) -> int:
        if self.header_rows is not None:
            return self.header_rows
        repeat = table.repeatRows
        return repeat if isinstance(repeat, int) else max(repeat) + 1

    def startTable(self, table: Table) -> None:
        tagger = tagger_of(table.canv)
        if tagger is not self._pass_tagger:
            # A new build pass (multiBuild) draws the table from its first part again.
            self._pass_tagger = tagger
            self._parts_started = 0
            self._rows_done = 0
        self._tagger = tagger
        repeat = table.repeatRows
        repeated = repeat if isinstance(repeat, int) else max(repeat) + 1
        # A continuation part starts with the rows that Platypus repeats from the first part.
        self._repeated = repeated if self._parts_started else 0
        self._parts_started += 1

    def startBG(self, table: Table) -> None:
        self._enter_artifact("Layout")

    def endBG(self, table: Table) -> None:
        self._leave_artifact()

    def startRow(self, table: Table, row: int) -> None:
        assert self._tagger is not None
        if row < self._repeated:
            self._enter_artifact("Pagination")
            return
        self._row = self._tagger.element("TR")
        self._row.__enter__()

    def startCell(self, table: Table, row: int, col: int, *_args: Any) -> None:
        assert self._tagger is not None
        if row < self._repeated:
            return
        logical_row = self._rows_done + row - self._repeated
        headers = self._headers(table)
        attributes: dict[str, AttributeValue] = {}
        if logical_row < headers:
            role = "TH"
            attributes["Scope"] = "Column"
        elif self.row_headers and col == 0:
            role = "TH"
            attributes["Scope"] = "Row"
        else:
            role = "TD"
        span = table._spanRanges.get((col, row)) if table._spanCmds else None
        if span:
            first_col, first_row, last_col, last_row = span
            if last_row > first_row:
                attributes["RowSpan"] = last_row - first_row + 1
            if last_col > first_col:
                attributes["ColSpan"] = last_col - first_col + 1
        self._cell = self._tagger.element(
            role, attributes={"Table": attributes} if attributes else None
        )
        self._cell.__enter__()

    def endCell(self, table: Table) -> None:
        if self._cell is not None:
            self._cell.__exit__(None, None, None)
            self._cell = None

    def endRow(self, table: Table) -> None:
        if self._artifact is not None:
            self._leave_artifact()
            return
        if self._row is not None:
            self._row.__exit__(None, None, None)
            self._row = None
            self._rows_done += 1

    def startLines(self, table: Table) -> None:
        self._enter_artifact("Layout")

    def endLines(self, table: Table) -> None:
        self._leave_artifact()

    def endTable(self, table: Table) -> None:
        self._tagger = None

    def _enter_artifact(self, kind: ArtifactType) -> None:
        assert self._tagger is not None
        self._artifact = self._tagger.artifact(kind)
        self._artifact.__enter__()

    def _leave_artifact(self) -> None:
        if self._artifact is not None:
            self._artifact.__exit__(None, None, None)
            self._artifact = None


def tag_table(table: Table, *, header_rows: int | None = None, row_headers: bool = False) -> Table:
    """Tag the rows and cells of ``table`` (in place; returns it). Use this before
    :func:`tag` to choose the header rows or first-column row headers."""
    if not isinstance(getattr(table, "_renderCB", None), TableTagger):
        table._renderCB = TableTagger(header_rows=header_rows, row_headers=row_headers)
    return table


class ColumnsAsList(TableTagger):
    """Tags a table as a list with one item per column, its cells read top to bottom: for a
    row of key figures with their labels underneath ("167" over "Beratungen" reads
    "167 Beratungen"). Backgrounds and rules are artifacts as in any table."""

    #: tag_story leaves such a table alone: it tags itself.
    tags_itself = True

    def __init__(self) -> None:
        super().__init__()
        self._list: Any = None
        self._items: list[StructElement] = []

    def startTable(self, table: Table) -> None:
        super().startTable(table)
        assert self._tagger is not None
        self._items = []
        self._list = self._tagger.element("L")
        self._list.__enter__()

    def startRow(self, table: Table, row: int) -> None:
        return

    def startCell(self, table: Table, row: int, col: int, *_args: Any) -> None:
        assert self._tagger is not None
        while len(self._items) <= col:
            self._items.append(StructElement("LI"))
            self._tagger.current.add(self._items[-1])
            self._items[-1].add(StructElement("LBody"))
        body = self._items[col].kids[0]
        assert isinstance(body, StructElement)
        self._cell = self._tagger._entered(body)
        self._cell.__enter__()

    def endRow(self, table: Table) -> None:
        return

    def endTable(self, table: Table) -> None:
        if self._list is not None:
            self._list.__exit__(None, None, None)
            self._list = None
        super().endTable(table)


def tag_columns_as_list(table: Table) -> Table:
    """Tag ``table`` as a list of its columns (:class:`ColumnsAsList`); returns it."""
    table._renderCB = ColumnsAsList()
    return table


# --- lists ------------------------------------------------------------------------------------


class _LabelDrawer:
    """Draws a list item's bullet or number as its ``Lbl``."""

    def __init__(self, drawer: Any) -> None:
        self._drawer = drawer

    def __getattr__(self, name: str) -> Any:
        return getattr(self._drawer, name)

    def drawOn(self, indenter: Any, canv: Any, x: float, y: float, _sW: float = 0) -> None:  # noqa: N803
        with tagger_of(canv).element("Lbl"):
            self._drawer.drawOn(indenter, canv, x, y, _sW)


def bullet_list(items: Sequence[Any], **list_options: Any) -> list[Any]:
    """A list (ReportLab's ``ListFlowable`` with the same options) tagged as
    ``L`` › ``LI`` › ``Lbl`` + ``LBody``. Returns the list's flowables for the story: each item
    on its own, so the list can break between items like ReportLab's."""
    flowable = ListFlowable(list(items), **list_options)
    ordered = flowable._bulletType in "1aAiI"
    numbering = {"1": "Decimal", "a": "LowerAlpha", "A": "UpperAlpha", "i": "LowerRoman",
                 "I": "UpperRoman"}.get(flowable._bulletType, "Disc")
    list_group = Group("L", attributes={"List": {"ListNumbering": numbering if ordered else
                                                 "Disc"}})
    out: list[Any] = []
    for item in flowable._content:
        if not isinstance(item, LIIndenter):
            out.append(tag_flowable(item))
            continue
        item_group = Group("LI", parent=list_group)
        if item._bullet is not None:
            item._bullet = _LabelDrawer(item._bullet)
        item._flowable = TaggedFlowable(item._flowable, Group("LBody", parent=item_group))
        out.append(TaggedFlowable(item, item_group))
    return out


