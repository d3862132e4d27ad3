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
    that want to grow sideways (a search field), as in a box layout; a stretch that lands at
    the start or end of a wrapped line takes the room there, so a group of buttons after a
    stretch stays at the right edge. Each item is as tall as its size hint and centred in its
    line unless its alignment says top or bottom."""

    def __init__(self, parent: QWidget | None = None, spacing: int | None = None) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._stretch: dict[int, int] = {}  # id(item) -> stretch factor
        self._glued: set[int] = set()  # id(item) of items kept on the line of the next one
        if spacing is None:  # a box layout's default: the style's gap between widgets
            style = QApplication.style()
            spacing = style.pixelMetric(QStyle.PixelMetric.PM_LayoutHorizontalSpacing)
            spacing = spacing if spacing >= 0 else 6
        self.setSpacing(spacing)
        #: The gap between wrapped lines.
        self.line_spacing = spacing
        self.setContentsMargins(0, 0, 0, 0)

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

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), apply=False)

    def sizeHint(self) -> QSize:
        """Everything on one line: the width the row had as a box layout."""
        visible = self._visible()
        width = sum(item.sizeHint().width() for item in visible)
        width += self.spacing() * max(0, len(visible) - 1)
        height = max((item.sizeHint().height() for item in visible), default=0)
        return QSize(width, height).grownBy(self.contentsMargins())

    def minimumSize(self) -> QSize:
        """As narrow as the widest single item; the height is heightForWidth's."""
        visible = self._visible()
        width = max((item.minimumSize().width() for item in visible), default=0)
        height = max((item.minimumSize().height() for item in visible), default=0)
        return QSize(width, height).grownBy(self.contentsMargins())

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, apply=True)

    # ------------------------------------------------------------------ layout

    def _visible(self) -> list[QLayoutItem]:
        return [item for item in self._items if not item.isEmpty() or self._is_spacer(item)]

    @staticmethod
    def _is_spacer(item: QLayoutItem) -> bool:
        return item.spacerItem() is not None

    def _lines(self, width: int) -> list[list[QLayoutItem]]:
        """The items, broken into lines no wider than ``width`` (a unit wider than the whole
        line gets a line of its own; a fixed gap that would start a line is dropped). A unit
        is an item with those glued to it (a label and its field): never split."""
        units: list[list[QLayoutItem]] = []
        glued = False
        for item in self._visible():
            if glued and units:
                units[-1].append(item)
            else:
                units.append([item])
            glued = id(item) in self._glued
        lines: list[list[QLayoutItem]] = [[]]
        used = 0
        gap = self.spacing()
        for unit in units:
            wanted = sum(item.sizeHint().width() for item in unit) + gap * (len(unit) - 1)
            line = lines[-1]
            extra = wanted + (gap if line else 0)
            if line and used + extra > width:
                lines.append(list(unit))
                used = wanted
            else:
                line.extend(unit)
                used += extra
        for line in lines[1:]:
            while line and self._is_spacer(line[0]) and id(line[0]) not in self._stretch:
                line.pop(0)
        return [line for line in lines if line]

    def _widths(self, line: list[QLayoutItem], room: int) -> list[int]:
        """Each item's width in a line ``room`` wide: its hint, shrunk to its minimum when
        the line is too narrow, the spare room shared by stretches and growing items."""
        widths = [item.sizeHint().width() for item in line]
        spare = room - sum(widths) - self.spacing() * max(0, len(line) - 1)
        if spare < 0:  # a single item wider than the line: down to its minimum
            for index, item in enumerate(line):
                give = min(-spare, widths[index] - item.minimumSize().width())
                if give > 0:
                    widths[index] -= give
                    spare += give
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
        # growing items first up to their maximum, the rest to the stretches
        for _ in range(3):
            if spare <= 0 or not growing:
                break
            total = sum(growing.values())
            handed = 0
            for index, factor in list(growing.items()):
                share = spare * factor // total
                room_left = line[index].maximumSize().width() - widths[index]
                give = min(share, room_left)
                widths[index] += give
                handed += give
                if give < share:
                    del growing[index]
            spare -= handed
            if handed == 0:
                break
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
                for item, width in zip(line, self._widths(line, inner.width()), strict=True):
                    own = min(height, max(item.sizeHint().height(), item.minimumSize().height()))
                    align = item.alignment()
                    if align & Qt.AlignmentFlag.AlignTop:
                        top = y
                    elif align & Qt.AlignmentFlag.AlignBottom:
                        top = y + height - own
                    else:
                        top = y + (height - own) // 2
                    item.setGeometry(QRect(QPoint(x, top), QSize(width, own)))
                    x += width + self.spacing()
            y += height
            if number < len(lines) - 1:
                y += self.line_spacing
        return y - inner.y() + margins.top() + margins.bottom()
