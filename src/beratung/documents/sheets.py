"""Name badges and address labels on A4 sheets (Durable, Zweckform, Avery).

The sheets are data (:mod:`beratung.domain.sheets`); this module draws one cell of a sheet
and leaves the positions to the sheet's numbers: a cell at position *p* starts at
``sheet.cell_origin(p)`` plus the nudge. Nothing else is printed on a sheet — no footer, no
page number, no cutting marks — because anything outside a cell lands on the next label.

What does not fit is refused before anything is drawn, with a German ``ValidationError``
naming the person: a name is set at 28 pt, shrunk down to 20 pt, then wrapped onto two (and,
where the badge is tall enough, three) lines, never cut or run over the edge; address lines
shrink from 11 to 8 pt.

Tagging: each badge is a ``Div`` holding a ``P`` for the event line, the name and the
organisation with the role, and the QR code as a ``Figure`` with alt text ("QR-Code mit dem
Anmeldecode K7M4-QXA9"); each label is one ``P``, like the address in a letter. Badges and labels
are read along the rows, in the order they are peeled off the sheet.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, ClassVar, Generic, TypeVar

from reportlab.graphics.barcode.qrencoder import QRCode, QRErrorCorrectLevel
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Frame, PageTemplate

from beratung.documents import fonts
from beratung.documents.base import PdfRenderer
from beratung.documents.registry import register
from beratung.documents.tagging import draw_lines, tag, tagger_of
from beratung.domain.errors import ValidationError
from beratung.domain.sheets import (
    Badge,
    BadgeSheetSnapshot,
    LabelSheetSnapshot,
    SheetLayout,
    check_start,
)

ItemT = TypeVar("ItemT")
SnapshotT = TypeVar("SnapshotT", BadgeSheetSnapshot, LabelSheetSnapshot)


# --- fitting text ------------------------------------------------------------------------------


def _sizes(largest: float, smallest: float, step: float = 0.5) -> list[float]:
    count = round((largest - smallest) / step)
    return [largest - i * step for i in range(count + 1)]


def _pieces(text: str) -> list[tuple[str, bool]]:
    """``text`` split where a line may break: at spaces, and after a hyphen inside a word
    ("Müller-" | "Lüdenscheidt"). Each piece says whether a space follows it."""
    out: list[tuple[str, bool]] = []
    for word in text.split():
        parts = word.split("-")
        for index, part in enumerate(parts):
            last = index == len(parts) - 1
            piece = part if last else f"{part}-"
            if piece:
                out.append((piece, last))
    return out


def _join(pieces: Sequence[tuple[str, bool]]) -> str:
    text = ""
    for piece, space_after in pieces:
        text += piece + (" " if space_after else "")
    return text.rstrip()


@lru_cache(maxsize=4096)
def fit_lines(
    text: str, font: str, width: float, height: float, largest: float, smallest: float,
    max_lines: int, leading: float,
) -> tuple[float, tuple[str, ...]] | None:
    """The largest size from ``largest`` down to ``smallest`` and the fewest lines (one, then
    two …, up to ``max_lines``) at which ``text`` fits ``width`` × ``height`` points.

    Lines break at spaces, or after hyphens when no size fits without; of the ways to break,
    the narrowest widest line and then the most even lines win ("Prof. Dr." /
    "Anna-Katharina" / "Müller-Lüdenscheidt"). ``None`` when nothing fits: the caller
    refuses, never cuts.
    """
    pieces = _pieces(text)
    if not pieces:
        return largest, ()
    for count in range(1, min(max_lines, len(pieces)) + 1):
        # A break after a hyphen ("Anna-" | "Katharina") only when no size down to the
        # smallest fits with fewer of them.
        for hyphen_budget in range(count):
            for size in _sizes(largest, smallest):
                if size + (count - 1) * size * leading > height + 0.01:
                    continue
                lines = _best_break(pieces, count, hyphen_budget, font, size, width)
                if lines is not None:
                    return size, lines
    return None


def _best_break(pieces: Sequence[tuple[str, bool]], count: int, hyphen_budget: int, font: str,
                size: float, width: float) -> tuple[str, ...] | None:
    """The most even way to set ``pieces`` on ``count`` lines no wider than ``width``, with at
    most ``hyphen_budget`` breaks after a hyphen; ``None`` if there is none."""
    best: tuple[float, float, tuple[str, ...]] | None = None
    for cuts in itertools.combinations(range(1, len(pieces)), count - 1):
        if sum(1 for cut in cuts if not pieces[cut - 1][1]) > hyphen_budget:
            continue
        bounds = (0, *cuts, len(pieces))
        lines = tuple(_join(pieces[a:b]) for a, b in itertools.pairwise(bounds))
        widths = [fonts.string_width(line, font, size) for line in lines]
        if max(widths) > width + 0.01:
            continue
        key = (round(max(widths), 1), sum(w * w for w in widths), lines)
        if best is None or key[:2] < best[:2]:
            best = key
    return None if best is None else best[2]


def wrap_words(text: str, font: str, size: float, width: float) -> tuple[str, ...] | None:
    """``text`` broken greedily into lines no wider than ``width``, at spaces, and after
    hyphens only when a word alone is too wide; ``None`` when one piece alone is wider."""
    words = [(word, True) for word in text.split()]
    if any(fonts.string_width(word, font, size) > width for word, _ in words):
        words = _pieces(text)
    lines: list[list[tuple[str, bool]]] = []
    for piece in words:
        if fonts.string_width(piece[0], font, size) > width:
            return None
        if lines and fonts.string_width(_join([*lines[-1], piece]), font, size) <= width:
            lines[-1].append(piece)
        else:
            lines.append([piece])
    return tuple(_join(line) for line in lines)


# --- the sheet as flowables -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Cell(Generic[ItemT]):
    """One item and where its cell is: left and top edge in points from the sheet's top-left
    corner (the nudge included), width and height in points."""

    item: ItemT
    position: int
    left: float
    top: float
    width: float
    height: float


class SheetPage(Flowable):  # type: ignore[misc]  # ReportLab ships no type hints
    """One printed sheet: fills the page and draws its cells at their absolute positions.

    The frame is the whole page without padding, so the flowable's origin is the page's
    bottom-left corner and cell positions need no translation.
    """

    def __init__(self, cells: Sequence[Cell[Any]], page_height: float,
                 draw_cell: Callable[[Canvas, Cell[Any], float], None], width: float) -> None:
        super().__init__()
        self.cells = list(cells)
        self.page_height = page_height
        self.draw_cell = draw_cell
        self.width = width
        self.height = page_height

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        return self.width, self.height

    def draw(self) -> None:
        for cell in self.cells:
            self.draw_cell(self.canv, cell, self.page_height)


class SheetRenderer(PdfRenderer[SnapshotT], Generic[SnapshotT, ItemT]):
    """The common part: page size from the sheet, cells from ``start`` on, one page per
    sheet, no footer or page number (they would print onto the labels)."""

    cells_are: ClassVar[str] = "Etiketten"

    # --- what subclasses provide --------------------------------------------------------------

    def items(self, snapshot: SnapshotT) -> Sequence[ItemT]:
        raise NotImplementedError

    def check_item(self, snapshot: SnapshotT, item: ItemT, width: float, height: float) -> None:
        """Raise a German ValidationError when ``item`` does not fit a cell."""

    def draw_item(self, canvas: Canvas, snapshot: SnapshotT, cell: Cell[ItemT],
                  page_height: float) -> None:
        raise NotImplementedError

    # --- the sheet ----------------------------------------------------------------------------

    def title(self, snapshot: SnapshotT) -> str:
        return snapshot.title

    def author(self, snapshot: SnapshotT) -> str:
        return snapshot.author

    def subject(self, snapshot: SnapshotT) -> str:
        return f"{self.cells_are} auf {snapshot.sheet.name}"

    def validate(self, snapshot: SnapshotT) -> None:
        sheet = snapshot.sheet
        if (round(sheet.page_width * mm, 1), round(sheet.page_height * mm, 1)) != (
            round(self.page_width, 1), round(self.page_height, 1)
        ):
            raise ValidationError(f"Der Bogen {sheet.name} ist kein A4-Bogen.", field="sheet")
        check_start(sheet, snapshot.start, self.cells_are)
        items = self.items(snapshot)
        if not items:
            raise ValidationError(f"Es gibt keine {self.cells_are} zu drucken.")
        for item in items:
            self.check_item(snapshot, item, sheet.cell_width * mm, sheet.cell_height * mm)

    def draw_page_number(self, canvas: Canvas, page: int, pages: int) -> None:
        """Nothing: a page number would be printed onto a label."""

    def page_templates(self, snapshot: SnapshotT) -> Sequence[PageTemplate]:
        frame = Frame(0, 0, self.page_width, self.page_height, leftPadding=0, rightPadding=0,
                      topPadding=0, bottomPadding=0, id="sheet")
        return [PageTemplate(id="Sheet", frames=[frame])]

    def cells(self, snapshot: SnapshotT) -> list[list[Cell[ItemT]]]:
        """The items on their sheets: the first sheet from ``start``, the others from 1."""
        sheet: SheetLayout = snapshot.sheet
        pages: list[list[Cell[ItemT]]] = []
        position = snapshot.start
        for item in self.items(snapshot):
            if position > sheet.per_sheet or not pages:
                if position > sheet.per_sheet:
                    position = 1
                pages.append([])
            left, top = sheet.cell_origin(position)
            pages[-1].append(
                Cell(
                    item,
                    position,
                    (left + snapshot.nudge.x) * mm,
                    (top + snapshot.nudge.y) * mm,
                    sheet.cell_width * mm,
                    sheet.cell_height * mm,
                )
            )
            position += 1
        return pages

    def story(self, snapshot: SnapshotT) -> list[Flowable]:
        def draw(canvas: Canvas, cell: Cell[Any], page_height: float) -> None:
            self.draw_item(canvas, snapshot, cell, page_height)

        # Each sheet is a Div, so that a reader can tell where the next sheet begins.
        return [
            tag(SheetPage(page, self.page_height, draw, self.page_width), "Div")
            for page in self.cells(snapshot)
        ]


# --- name badges ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BadgeLayout:
    """Where the parts of one badge go, in points from the badge's top-left corner."""

    event_size: float
    event_lines: tuple[str, ...]
    name_size: float
    name_lines: tuple[str, ...]
    name_top: float
    #: The width the name was fitted to: the badge's, or less beside the QR code.
    name_width: float
    detail_size: float
    detail_lines: tuple[str, ...]
    detail_top: float
    qr_size: float


class BadgeRenderer(SheetRenderer[BadgeSheetSnapshot, Badge]):
    """Name badges: the event at the top, the name large, organisation and role below, an
    optional QR code with the registration code at the bottom right."""

    cells_are: ClassVar[str] = "Namensschilder"

    padding: ClassVar[float] = 3.5 * mm
    event_size: ClassVar[float] = 8
    event_min_size: ClassVar[float] = 6.5
    event_max_lines: ClassVar[int] = 2
    event_gap: ClassVar[float] = 1.5 * mm
    name_size: ClassVar[float] = 28
    name_min_size: ClassVar[float] = 20
    name_max_lines: ClassVar[int] = 3
    name_leading: ClassVar[float] = 1.1
    detail_size: ClassVar[float] = 10
    detail_min_size: ClassVar[float] = 8
    detail_max_lines: ClassVar[int] = 4
    detail_leading: ClassVar[float] = 1.2
    detail_gap: ClassVar[float] = 2 * mm
    #: The QR code's side: at most this, and at most this share of the badge's height.
    qr_max: ClassVar[float] = 16 * mm
    qr_share: ClassVar[float] = 0.28
    qr_gap: ClassVar[float] = 3 * mm
    #: Quiet zone around the QR code in modules (the standard asks for 4).
    qr_border: ClassVar[int] = 4

    def items(self, snapshot: BadgeSheetSnapshot) -> Sequence[Badge]:
        return snapshot.badges

    def qr_side(self, height: float) -> float:
        return min(self.qr_max, self.qr_share * height)

    def check_item(self, snapshot: BadgeSheetSnapshot, item: Badge, width: float,
                   height: float) -> None:
        self.layout(snapshot, item, width, height)

    def layout(self, snapshot: BadgeSheetSnapshot, badge: Badge, width: float,
               height: float) -> BadgeLayout:
        """The badge's parts, fitted; a German ValidationError naming the person when the
        name, the organisation or the event line does not fit."""
        inner_width = width - 2 * self.padding
        inner_height = height - 2 * self.padding
        sheet = snapshot.sheet.name

        event = fit_lines(snapshot.event_line, fonts.REGULAR, inner_width, 2.5 * self.event_size,
                          self.event_size, self.event_min_size, self.event_max_lines, 1.15)
        if event is None:
            raise ValidationError(
                f"Die Kopfzeile „{snapshot.event_line}“ passt nicht auf die Namensschilder "
                f"({sheet}).",
                field="event_line",
            )
        event_size, event_lines = event
        event_height = event_size + (len(event_lines) - 1) * event_size * 1.15

        qr = self.qr_side(height) if badge.code else 0.0
        detail_width = inner_width - (qr + self.qr_gap if qr else 0)
        detail = [part for part in (badge.organisation, badge.role) if part]
        detail_size, detail_lines = self.detail_lines(badge, detail, detail_width)
        detail_height = (
            detail_size + (len(detail_lines) - 1) * detail_size * self.detail_leading
            if detail_lines else 0.0
        )
        name_top = event_height + self.event_gap
        name_size: float = self.name_size
        name_lines: tuple[str, ...] = ()
        name_width = inner_width
        if badge.name:
            # The QR code below the name (the name has the badge's full width), or else in a
            # column beside it (the name has the full height): small badges need the second.
            arrangements = [(inner_width, max(detail_height, qr))]
            if qr:
                arrangements.append((detail_width, detail_height))
            fitted = None
            for name_width, bottom_height in arrangements:
                name_height = inner_height - name_top - (
                    bottom_height + self.detail_gap if bottom_height else 0
                )
                fitted = fit_lines(badge.name, fonts.BOLD, name_width, name_height,
                                   self.name_size, self.name_min_size, self.name_max_lines,
                                   self.name_leading)
                if fitted is not None:
                    break
            if fitted is None:
                hint = " oder ohne QR-Code drucken" if badge.code else ""
                raise ValidationError(
                    f"Der Name „{badge.name}“ passt auch in {self.name_max_lines} Zeilen zu "
                    f"{self.name_min_size:g} pt nicht auf ein Namensschild des Bogens {sheet}.",
                    field="name",
                    hint=f"Bitte einen Bogen mit größeren Schildern wählen{hint}.",
                )
            name_size, name_lines = fitted
            block = name_size + (len(name_lines) - 1) * name_size * self.name_leading
            name_top += (name_height - block) / 2
        return BadgeLayout(
            event_size=event_size,
            event_lines=event_lines,
            name_size=name_size,
            name_lines=name_lines,
            name_top=name_top,
            name_width=name_width,
            detail_size=detail_size,
            detail_lines=detail_lines,
            detail_top=inner_height - detail_height,
            qr_size=qr,
        )

    def detail_lines(self, badge: Badge, parts: Sequence[str],
                     width: float) -> tuple[float, tuple[str, ...]]:
        """Organisation and role, each wrapped, at the largest size that keeps them within
        the line limit."""
        if not parts:
            return self.detail_size, ()
        for size in _sizes(self.detail_size, self.detail_min_size):
            lines: list[str] = []
            for part in parts:
                wrapped = wrap_words(part, fonts.REGULAR, size, width)
                if wrapped is None:
                    break
                lines += wrapped
            else:
                if len(lines) <= self.detail_max_lines:
                    return size, tuple(lines)
        raise ValidationError(
            f"Organisation und Funktion von {badge.name or 'einem Schild'} "
            f"(„{' / '.join(parts)}“) passen nicht auf ein Namensschild.",
            field="organisation",
        )

    def draw_item(self, canvas: Canvas, snapshot: BadgeSheetSnapshot, cell: Cell[Badge],
                  page_height: float) -> None:
        badge = cell.item
        layout = self.layout(snapshot, badge, cell.width, cell.height)
        tags = tagger_of(canvas)
        left = cell.left + self.padding
        top = cell.top + self.padding

        def y(distance: float) -> float:
            return page_height - (top + distance)

        canvas.saveState()
        canvas.setFillColorRGB(0, 0, 0)
        with tags.element("Div"):
            canvas.setFont(fonts.REGULAR, layout.event_size)
            offset = fonts.baseline_offset(fonts.REGULAR, layout.event_size)
            with tags.element("P"):
                draw_lines(canvas, [
                    (left, y(offset + i * layout.event_size * 1.15), line)
                    for i, line in enumerate(layout.event_lines)
                ])
            if layout.name_lines:
                canvas.setFont(fonts.BOLD, layout.name_size)
                offset = fonts.baseline_offset(fonts.BOLD, layout.name_size)
                pitch = layout.name_size * self.name_leading
                with tags.element("P"):
                    draw_lines(canvas, [
                        (left, y(layout.name_top + offset + i * pitch), line)
                        for i, line in enumerate(layout.name_lines)
                    ])
            if layout.detail_lines:
                canvas.setFont(fonts.REGULAR, layout.detail_size)
                offset = fonts.baseline_offset(fonts.REGULAR, layout.detail_size)
                pitch = layout.detail_size * self.detail_leading
                with tags.element("P"):
                    draw_lines(canvas, [
                        (left, y(layout.detail_top + offset + i * pitch), line)
                        for i, line in enumerate(layout.detail_lines)
                    ])
            if badge.code and layout.qr_size:
                side = layout.qr_size
                x = cell.left + cell.width - self.padding - side
                bottom = page_height - (cell.top + cell.height - self.padding)
                with tags.element("Figure", alt=f"QR-Code mit dem Anmeldecode {badge.code}") as fig:
                    if tags.enabled:
                        fig.set_attribute("Layout", "BBox", [round(x, 2), round(bottom, 2),
                                                             round(x + side, 2),
                                                             round(bottom + side, 2)])
                        fig.set_attribute("Layout", "Placement", "Block")
                    draw_qr(canvas, badge.code, x, bottom, side, self.qr_border)
        canvas.restoreState()


def qr_modules(value: str) -> list[list[bool]]:
    """The dark modules of the QR code for ``value`` (level M), row by row from the top."""
    code = QRCode(None, QRErrorCorrectLevel.M)
    code.addData(value)
    code.make()
    return [[bool(module) for module in row] for row in code.modules]


def draw_qr(canvas: Canvas, value: str, x: float, y: float, side: float, border: int) -> None:
    """The QR code as one filled path of squares (runs of dark modules in a row), with a
    quiet zone of ``border`` modules inside the ``side`` × ``side`` square at (x, y)."""
    modules = qr_modules(value)
    count = len(modules)
    box = side / (count + 2 * border)
    path = canvas.beginPath()
    for row_index, row in enumerate(modules):
        column = 0
        for dark, run in itertools.groupby(row):
            length = len(list(run))
            if dark:
                path.rect(x + (border + column) * box,
                          y + side - (border + row_index + 1) * box,
                          length * box, box)
            column += length
    canvas.setFillColorRGB(0, 0, 0)
    canvas.drawPath(path, stroke=0, fill=1)


# --- address labels ---------------------------------------------------------------------------


class LabelRenderer(SheetRenderer[LabelSheetSnapshot, tuple[str, ...]]):
    """Address labels: the DIN 5008 address block (the letter's rules), vertically centred in
    the label, at 11 pt or smaller (down to 8 pt) when a line is long."""

    cells_are: ClassVar[str] = "Etiketten"

    padding_x: ClassVar[float] = 5 * mm
    padding_y: ClassVar[float] = 3 * mm
    size: ClassVar[float] = 11
    readable_size: ClassVar[float] = 9
    min_size: ClassVar[float] = 8
    leading: ClassVar[float] = 1.2
    max_lines: ClassVar[int] = 6

    def items(self, snapshot: LabelSheetSnapshot) -> Sequence[tuple[str, ...]]:
        return snapshot.labels

    def check_item(self, snapshot: LabelSheetSnapshot, item: tuple[str, ...], width: float,
                   height: float) -> None:
        self.fit(item, width, height)

    def fit(self, lines: tuple[str, ...], width: float,
            height: float) -> tuple[float, tuple[str, ...]]:
        """The size and the lines of one address: as many lines as it has, at 11 pt down to
        9 pt; else a line too long for the label wrapped at a space (a long organisation
        name on two lines, which DIN 5008 allows) if the block stays within six lines; only
        then down to 8 pt. A German error when even that does not fit."""
        if not lines:
            raise ValidationError("Ein Etikett hat keine Anschrift.", field="address")
        if len(lines) > self.max_lines:
            raise ValidationError(
                f"Die Anschrift „{lines[-2] if len(lines) > 1 else lines[0]} …“ hat "
                f"{len(lines)} Zeilen; auf ein Etikett passen höchstens {self.max_lines}.",
                field="address",
            )
        inner_width = width - 2 * self.padding_x
        inner_height = height - 2 * self.padding_y
        readable = _sizes(self.size, self.readable_size)
        small = _sizes(self.readable_size - 0.5, self.min_size)
        for sizes, wrap in ((readable, False), (readable, True), (small, False), (small, True)):
            for size in sizes:
                fitted = self._fit_at(lines, size, inner_width, inner_height, wrap)
                if fitted is not None:
                    return size, fitted
        widest = max(lines, key=lambda line: fonts.string_width(line, fonts.REGULAR, 1))
        raise ValidationError(
            f"Die Anschrift mit der Zeile „{widest}“ passt auch in {self.min_size:g} pt nicht "
            f"auf ein Etikett ({inner_width / mm:.0f} mm breit).",
            field="address",
            hint="Bitte die Zeile in den Kontaktdaten kürzen oder einen breiteren Bogen wählen.",
        )

    def _fit_at(self, lines: tuple[str, ...], size: float, width: float, height: float,
                wrap: bool) -> tuple[str, ...] | None:
        out: list[str] = []
        for line in lines:
            if fonts.string_width(line, fonts.REGULAR, size) <= width:
                out.append(line)
                continue
            if not wrap:
                return None
            wrapped = wrap_words(line, fonts.REGULAR, size, width)
            if wrapped is None:
                return None
            out += wrapped
        block = size + (len(out) - 1) * size * self.leading
        if len(out) > self.max_lines or block > height:
            return None
        return tuple(out)

    def draw_item(self, canvas: Canvas, snapshot: LabelSheetSnapshot,
                  cell: Cell[tuple[str, ...]], page_height: float) -> None:
        size, lines = self.fit(cell.item, cell.width, cell.height)
        pitch = size * self.leading
        block = size + (len(lines) - 1) * pitch
        top = cell.top + (cell.height - block) / 2
        offset = fonts.baseline_offset(fonts.REGULAR, size)
        canvas.saveState()
        canvas.setFillColorRGB(0, 0, 0)
        canvas.setFont(fonts.REGULAR, size)
        with tagger_of(canvas).element("P"):
            draw_lines(canvas, [
                (cell.left + self.padding_x, page_height - (top + offset + i * pitch), line)
                for i, line in enumerate(lines)
            ])
        canvas.restoreState()


def render_badges(snapshot: BadgeSheetSnapshot) -> bytes:
    return BadgeRenderer().render(snapshot).pdf


def render_labels(snapshot: LabelSheetSnapshot) -> bytes:
    return LabelRenderer().render(snapshot).pdf


register("badges", BadgeSheetSnapshot, lambda _snapshot: BadgeRenderer(), label="Namensschilder")
register("address_labels", LabelSheetSnapshot, lambda _snapshot: LabelRenderer(),
         label="Adressetiketten")
