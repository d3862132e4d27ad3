"""Keyboard conventions for every widget of the application, applied in one place.

Why one application-wide hook instead of a line at every ``QTableView``: a table left with Qt's
default (Tab moves between cells) is a keyboard trap — Tab never leaves it — and the rule is easy
to forget in the next new view. :class:`KeyboardConventions` follows the application's focus:
when a window first gets the focus it applies the conventions to all of its widgets, and to each
widget that gets the focus after that:

* item views (tables, trees, lists): Tab and Shift+Tab move focus on to the next widget; the
  arrow keys move between cells (``setTabKeyNavigation(False)``);
* plain and rich text editors: Tab moves focus on instead of inserting a tab character
  (``setTabChangesFocus(True)``);
* a ``QScrollArea`` that frames a page or form takes no Tab stop of its own (a screen reader
  announced it as an unnamed "filler"); its children take focus and the area scrolls to them
  (an area of text only keeps its stop, for scrolling by arrow keys);
* a tab widget's bar without a name of its own is named after the tab widget (a screen reader
  announced the bar without a name);
* a ``QTabWidget`` whose tab bar is hidden takes no Tab stop (Qt sent focus to the hidden bar, and
  Tab went nowhere).

:func:`install_keyboard_conventions` connects it to the application (idempotent);
:func:`assign_missing_mnemonics` gives controls whose texts come from data a free Alt letter.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QCoreApplication, QObject, Qt, Slot
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QGroupBox,
    QLabel,
    QPlainTextEdit,
    QScrollArea,
    QTabBar,
    QTabWidget,
    QTextEdit,
    QWidget,
)

_PROPERTY = "beratungKeyboardConventions"
_WALKED = "beratungKeyboardWalked"


def apply_keyboard_conventions(widget: QWidget) -> None:
    """Apply the conventions to one widget (the filter calls this; tests may call it too)."""
    if isinstance(widget, QAbstractItemView):
        widget.setTabKeyNavigation(False)
    elif isinstance(widget, (QPlainTextEdit, QTextEdit)):
        widget.setTabChangesFocus(True)
    elif isinstance(widget, QScrollArea):
        if _has_focusable_content(widget):
            widget.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    elif isinstance(widget, QTabWidget):
        follow_tab_bar_visibility(widget)
    elif isinstance(widget, QTabBar):
        parent = widget.parentWidget()
        if isinstance(parent, QTabWidget):
            follow_tab_bar_visibility(parent)
            if not widget.accessibleName() and parent.accessibleName():
                widget.setAccessibleName(
                    QCoreApplication.translate("Keyboard", "Registerkarten: {name}").format(
                        name=parent.accessibleName()
                    )
                )


def _has_focusable_content(area: QScrollArea) -> bool:
    """Whether the keyboard reaches something inside the area (then the area needs no stop;
    an area of text only keeps its stop, so that the arrow keys can scroll it)."""
    content = area.widget()
    if content is None:
        return False
    return any(
        child.focusPolicy() & Qt.FocusPolicy.TabFocus for child in content.findChildren(QWidget)
    )


def follow_tab_bar_visibility(tabs: QTabWidget) -> None:
    """A tab widget whose bar is hidden must not be a Tab stop: its focus goes to the bar."""
    hidden = tabs.tabBar().isHidden()
    tabs.setFocusPolicy(Qt.FocusPolicy.NoFocus if hidden else Qt.FocusPolicy.TabFocus)


class KeyboardConventions(QObject):
    """Applies :func:`apply_keyboard_conventions` to the widget that gets the focus, and once to
    every widget of its window when the window first has the focus.

    Why on focus changes and not in an application-wide event filter on ``Polish``: a filter
    written in Python runs for every event of every widget (paints, mouse moves) and doubled
    the time of a repaint-heavy window; ``focusChanged`` fires only when the focus moves. The
    widget that gets the focus is fixed before the next key press, which is all a trap needs;
    the walk over the window fixes the Tab stops (scroll areas, hidden tab bars) before Tab
    looks for the next widget.
    """

    @Slot(QWidget, QWidget)
    def focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if new is None:
            return
        window = new.window()
        if not window.property(_WALKED):
            window.setProperty(_WALKED, True)
            apply_to_tree(window)
        apply_keyboard_conventions(new)
        if isinstance(new, QScrollArea) and not new.focusPolicy() & Qt.FocusPolicy.TabFocus:
            # an area filled after the walk: hand the focus on to what it holds
            content = new.widget()
            for child in content.findChildren(QWidget) if content is not None else []:
                if (
                    child.focusPolicy() & Qt.FocusPolicy.TabFocus
                    and child.isVisible()
                    and child.isEnabled()
                ):
                    child.setFocus(Qt.FocusReason.TabFocusReason)
                    break


def apply_to_tree(root: QWidget) -> None:
    """The conventions for ``root`` and every widget in it (also for a window built later)."""
    apply_keyboard_conventions(root)
    for widget in root.findChildren(QWidget):
        apply_keyboard_conventions(widget)


def install_keyboard_conventions(app: QApplication) -> None:
    """Install the conventions on the whole application, once."""
    if app.property(_PROPERTY):
        return
    conventions = KeyboardConventions(app)
    app.focusChanged.connect(conventions.focus_changed)
    app.setProperty(_PROPERTY, True)


def mnemonic_letter(text: str) -> str | None:
    """The Alt letter of ``text`` (after a single ``&``; ``&&`` is a literal ampersand)."""
    index = 0
    while index < len(text) - 1:
        if text[index] == "&":
            if text[index + 1] == "&":
                index += 2
                continue
            return text[index + 1].lower()
        index += 1
    return None


def assign_missing_mnemonics(root: QWidget, buttons: Iterable[QAbstractButton]) -> None:
    """Give each of ``buttons`` without an Alt letter the first letter of its text that no
    other control in ``root`` uses yet.

    For texts that come from data (the sign-in list's columns, the statuses), where a fixed
    ``&`` cannot be written; a text whose letters are all taken keeps none (Tab reaches it).
    """
    taken: set[str] = set()
    for widget in root.findChildren(QWidget):
        text = ""
        labelled = isinstance(widget, QLabel) and widget.buddy() is not None
        if isinstance(widget, (QAbstractButton, QLabel)) and (
            labelled or isinstance(widget, QAbstractButton)
        ):
            text = widget.text()
        elif isinstance(widget, QGroupBox):
            text = widget.title()
        letter = mnemonic_letter(text)
        if letter is not None:
            taken.add(letter)
    for button in buttons:
        button.setText(with_free_mnemonic(button.text(), taken))


def with_free_mnemonic(text: str, taken: set[str]) -> str:
    """``text`` with an ``&`` before its first letter not in ``taken`` (which gains it); a text
    with a letter already, or with all its letters taken, comes back as it is."""
    letter = mnemonic_letter(text)
    if letter is not None:
        taken.add(letter)
        return text
    for index, char in enumerate(text):
        if char.isalpha() and char.lower() not in taken:
            taken.add(char.lower())
            return f"{text[:index]}&{text[index:]}"
    return text
