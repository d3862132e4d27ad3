"""A row of widgets that wraps onto further lines when the width does not suffice.

At 200 % text the pages' header, filter and button rows were wider than a 1280×800 window
and the whole page scrolled sideways (WCAG 1.4.10 Reflow asks for the opposite). Qt has no
flow layout, so this is one: the items keep their order, line after line, left to right; a
page's row that fits looks exactly as the :class:`QHBoxLayout` it replaces (the same
spacing, stretches and vertical alignment). Tab order and the accessibility tree follow the
widgets, not the layout, so wrapping keeps both in reading order as long as the items are
added in the order they were before.
"""

from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import (
    QApplication,
    QLayout,
    QLayoutItem,
    QSizePolicy,
    QSpacerItem,
    QStyle,
    QWidget,
)


class FlowLayout(QLayout):
    """Items side by side while they fit, else wrapped onto the next line.

    Within a line, the room left over goes to stretches (:meth:`addStretch`) and to items
    that want to grow sideways (a search field), as in a box layout. Once the row wraps, a
    stretch ends its line: the group after it (the buttons after a title) starts a new one.
    Each item is as tall as its line as far as it may grow (else centred in it), unless its
    alignment says top or bottom."""

    def __init__(self, parent: QWidget | None = None, spacing: int | None = None) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._stretch: dict[int, int] = {}  # id(item) -> stretch factor
        self._glued: set[int] = set()  # id(item) of items kept on the line of the next one
        self._height = 0  # of the lines at the width last laid out
        #: The gap between two widgets; None: as a box layout, the enclosing layout's.
        self.fixed_spacing = spacing
        #: The gap between wrapped lines; None: the gap between widgets.
        self.line_spacing: int | None = None
        self.setContentsMargins(0, 0, 0, 0)

    def gap(self) -> int:
        """The gap between two widgets: the one given, else (as a nested box layout) the
        enclosing layout's spacing, else the style's."""
        if self.fixed_spacing is not None:
            return self.fixed_spacing
        outer = self.parent()
        if isinstance(outer, QLayout) and outer.spacing() >= 0:
            return outer.spacing()
        widget = self.parentWidget()
        style = widget.style() if widget is not None else QApplication.style()
        found = style.pixelMetric(QStyle.PixelMetric.PM_LayoutHorizontalSpacing, None, widget)
        return found if found >= 0 else 6

    # ------------------------------------------------------------------ the item list

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def add_widget(
        self,
        widget: QWidget,
        stretch: int = 0,
        alignment: Qt.AlignmentFlag = Qt.AlignmentFlag(0),  # noqa: B008 - an enum value
        *,
        keep_with_next: bool = False,
    ) -> None:
        """Like :meth:`QBoxLayout.addWidget`: ``stretch`` > 0 lets it take spare room;
        ``keep_with_next`` keeps a label on the line of its field."""
        self.addWidget(widget)
        item = self._items[-1]
        if stretch:
            self._stretch[id(item)] = stretch
        if keep_with_next:
            self._glued.add(id(item))
        if alignment:
            item.setAlignment(alignment)

    def addStretch(self, stretch: int = 1) -> None:
        """Spare room of a line, as :meth:`QBoxLayout.addStretch`."""
        spacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        self.addItem(spacer)
        self._stretch[id(spacer)] = max(1, stretch)

    def addSpacing(self, size: int) -> None:
        """A fixed gap, as :meth:`QBoxLayout.addSpacing` (dropped at a line's start)."""
        self.addItem(QSpacerItem(size, 0, QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Minimum))

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        if not 0 <= index < len(self._items):
            return None
        item = self._items.pop(index)
        self._stretch.pop(id(item), None)
        self._glued.discard(id(item))
        return item

    # ------------------------------------------------------------------ sizes

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def height_for_width(self, width: int) -> int:
        """The height the lines take at ``width``."""
        return self._arrange(QRect(0, 0, width, 0), apply=False)

    def sizeHint(self) -> QSize:
        """Everything on one line: the width the row had as a box layout; the height that
        of the lines at the current width."""
        visible = self._visible()
        width = sum(item.sizeHint().width() for item in visible) + sum(self._gaps(visible))
        height = max((item.sizeHint().height() for item in visible), default=0)
        hint = QSize(width, height).grownBy(self.contentsMargins())
        return hint.expandedTo(QSize(0, self._height))

    def minimumSize(self) -> QSize:
        """As narrow as the widest unit (an item, or a label with its field); as high as
        the lines at the current width.

        The layout does not answer ``heightForWidth``: a page's scroll area would then size
        the page to its preferred height for the width, and a page that fitted at 100 % would
        scroll. Instead the height of the wrapped lines becomes the minimum each time the
        width changes, and the layouts above are asked again."""
        width = max(
            (
                sum(item.minimumSize().width() for item in unit) + sum(self._gaps(unit))
                for unit in self._units()
            ),
            default=0,
        )
        height = max((item.minimumSize().height() for item in self._visible()), default=0)
        return QSize(width, height).grownBy(self.contentsMargins()).expandedTo(
            QSize(0, self._height)
        )

    def one_line_width(self) -> int:
        """The least width with every item on one line (a box layout's minimum)."""
        visible = self._visible()
        width = sum(item.minimumSize().width() for item in visible) + sum(self._gaps(visible))
        margins = self.contentsMargins()
        return width + margins.left() + margins.right()

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        height = self._arrange(rect, apply=True)
        if height != self._height:
            self._height = height
            self.invalidate()  # the layouts above take the new minimum height

    # ------------------------------------------------------------------ layout

    def _visible(self) -> list[QLayoutItem]:
        return [item for item in self._items if not item.isEmpty() or self._is_spacer(item)]

    @staticmethod
    def _is_spacer(item: QLayoutItem) -> bool:
        return item.spacerItem() is not None

    def _units(self) -> list[list[QLayoutItem]]:
        """The visible items, those glued together (a label and its field) in one unit."""
        units: list[list[QLayoutItem]] = []
        glued = False
        for item in self._visible():
            if glued and units:
                units[-1].append(item)
            else:
                units.append([item])
            glued = id(item) in self._glued
        return units

    def _gaps(self, line: list[QLayoutItem]) -> list[int]:
        """The gap before each item of ``line``: the spacing between two widgets, none
        next to a stretch or a fixed gap (which are gaps themselves), as in a box layout."""
        gaps: list[int] = []
        seen_widget = False
        for item in line:
            spacer = self._is_spacer(item)
            gaps.append(self.gap() if seen_widget and not spacer else 0)
            seen_widget = seen_widget or not spacer
        return gaps

    def _lines(self, width: int) -> list[list[QLayoutItem]]:
        """The items, broken into lines no wider than ``width``: all on one line if they fit
        at their minimum widths, else at their preferred widths (a unit wider than the whole
        line gets a line of its own; a fixed gap that would start a line is dropped). A unit
        is an item with those glued to it (a label and its field), never split."""
        units = self._units()
        everything = [item for unit in units for item in unit]
        at_minimum = sum(item.minimumSize().width() for item in everything)
        if at_minimum + sum(self._gaps(everything)) <= width:
            # one line, shrunk as a box layout would: the row looks as it always did
            return [everything] if everything else []
        # wrapped anyway: each line holds what fits at the preferred widths, so no field is
        # squeezed to its minimum ("S…" for a search field) only to save a line, and what
        # follows a stretch starts a new line
        lines: list[list[QLayoutItem]] = [[]]
        for unit in units:
            line = lines[-1]
            if len(unit) == 1 and self._is_spacer(unit[0]) and id(unit[0]) in self._stretch:
                # a stretch parts groups (title and tabs | buttons): the next starts a line
                lines.append([])
                continue
            joined = line + unit
            wanted = sum(item.sizeHint().width() for item in joined) + sum(self._gaps(joined))
            if line and wanted > width:
                lines.append(list(unit))
            else:
                line.extend(unit)
        for line in lines[1:]:
            while line and self._is_spacer(line[0]) and id(line[0]) not in self._stretch:
                line.pop(0)
        return [line for line in lines if line]

    def _hint(self, item: QLayoutItem) -> int:
        """The width an item asks for in a line: a stretched one its minimum, it gets its
        share of the room anyway (QBoxLayout's "smart" size hint)."""
        if id(item) in self._stretch:
            return item.minimumSize().width()
        return item.sizeHint().width()

    def _widths(self, line: list[QLayoutItem], room: int) -> list[int]:
        """Each item's width in a line ``room`` wide: its hint, shrunk towards its minimum
        when the line is too narrow, the spare room shared by stretches and growing items."""
        widths = [self._hint(item) for item in line]
        spare = room - sum(widths) - sum(self._gaps(line))
        if spare < 0:
            # too narrow for the hints: every item gives up an equal share, none below its
            # minimum (as QBoxLayout does)
            shrinking = [i for i, item in enumerate(line) if widths[i] > item.minimumSize().width()]
            while spare < 0 and shrinking:
                share = max(1, -spare // len(shrinking))
                for index in list(shrinking):
                    floor = line[index].minimumSize().width()
                    give = min(share, widths[index] - floor, -spare)
                    widths[index] -= give
                    spare += give
                    if widths[index] <= floor:
                        shrinking.remove(index)
                    if spare >= 0:
                        break
            return widths
        # as in a box layout: with stretch factors only those items grow, else those that
        # want to grow sideways
        if self._stretch:
            growing = {
                index: self._stretch[id(item)]
                for index, item in enumerate(line)
                if id(item) in self._stretch
            }
        else:
            growing = {
                index: 1
                for index, item in enumerate(line)
                if item.expandingDirections() & Qt.Orientation.Horizontal
            }
        # as QBoxLayout: the growing items share the room the others leave in proportion to
        # their factors; one whose share is below its hint (or above its maximum) keeps that
        # and the rest share again
        if not growing or spare <= 0:
            return widths
        room_left = room - sum(self._gaps(line))
        room_left -= sum(width for index, width in enumerate(widths) if index not in growing)
        settled = True
        while growing and settled:
            settled = False
            total = sum(growing.values())
            for index, factor in list(growing.items()):
                share = room_left * factor // total
                item = line[index]
                bound = min(max(share, self._hint(item)), item.maximumSize().width())
                if bound != share:
                    widths[index] = bound
                    room_left -= bound
                    del growing[index]
                    settled = True
                    break
        total, share_sum, handed = sum(growing.values()), 0, 0
        for index, factor in growing.items():  # rounding remainders carried to the next
            share_sum += room_left * factor
            widths[index] = (2 * share_sum + total) // (2 * total) - handed
            handed += widths[index]
        return widths

    def _arrange(self, rect: QRect, *, apply: bool) -> int:
        margins: QMargins = self.contentsMargins()
        inner = rect.marginsRemoved(margins)
        y = inner.y()
        lines = self._lines(inner.width())
        for number, line in enumerate(lines):
            height = max(item.sizeHint().height() for item in line)
            if apply:
                x = inner.x()
                widths = self._widths(line, inner.width())
                for item, width, gap in zip(line, widths, self._gaps(line), strict=True):
                    x += gap
                    align = item.alignment()
                    if align & Qt.AlignmentFlag.AlignVertical_Mask:
                        own = min(height, item.sizeHint().height())
                    else:  # as tall as the line, as far as it may grow (a label, a tab bar)
                        own = min(height, item.maximumSize().height())
                    own = max(own, item.minimumSize().height())
                    if align & Qt.AlignmentFlag.AlignTop:
                        top = y
                    elif align & Qt.AlignmentFlag.AlignBottom:
                        top = y + height - own
                    else:
                        top = y + (height - own) // 2
                    item.setGeometry(QRect(QPoint(x, top), QSize(width, own)))
                    x += width
            y += height
            if number < len(lines) - 1:
                y += self.gap() if self.line_spacing is None else self.line_spacing
        return y - inner.y() + margins.top() + margins.bottom()
