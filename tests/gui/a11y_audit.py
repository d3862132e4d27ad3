"""The keyboard and screen-reader audit the ``test_a11y_*`` tests run over windows and dialogs.

Three checks, each over one window in one state (a page shown, a tab chosen, a dialog open):

* :func:`tab_cycle_problems` — Tab, then Shift+Tab, pressed (``QTest.keyClick`` on the focus
  widget, so the widget's own key handling runs, as for a real key) until focus is back where
  it started: every focusable visible widget must be reached, the cycle must return, and no
  widget may keep focus for more presses than its own stops (1; a date edit has one per
  section; an exclusive group of radio buttons is one stop);
* :func:`unnamed_widgets` — every focusable visible widget has a non-empty accessible name as a
  screen reader gets it (``QAccessible.queryAccessibleInterface(widget).text(Name)``, which also
  takes a label's buddy text);
* :func:`mnemonic_clashes` — the Alt letters of the window's visible buttons, labels with
  buddies, group boxes, check boxes, tab titles and menu bar are unique; and
  :func:`missing_mnemonics` — every text button and every label with a buddy has one.

Each returns a list of readable problem lines, empty when all is well.
"""

from __future__ import annotations

from collections import defaultdict

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDateTimeEdit,
    QDialog,
    QGroupBox,
    QLabel,
    QMainWindow,
    QRadioButton,
    QTabBar,
    QToolButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from beratung.gui.operations import wait_for_operations

#: Buttons whose keyboard path in a dialog is Esc; they need no mnemonic.
ESCAPE_TEXTS = ("Abbrechen", "Schließen")


def describe(widget: QWidget) -> str:
    """A widget as a problem line shows it: class, object name and text or accessible name."""
    text = ""
    for attr in ("text", "title", "accessibleName", "placeholderText"):
        getter = getattr(widget, attr, None)
        if callable(getter):
            try:
                value = getter()
            except TypeError:
                continue
            if isinstance(value, str) and value:
                text = value
                break
    parent = widget.parentWidget()
    parents = []
    while parent is not None and len(parents) < 3:
        if parent.objectName():
            parents.append(parent.objectName())
        parent = parent.parentWidget()
    return f"{type(widget).__name__}#{widget.objectName()} {text!r} in {'/'.join(parents)}"


def focusable_widgets(root: QWidget) -> list[QWidget]:
    """The widgets Tab should reach in ``root``'s window now: visible, enabled, with Tab focus
    and no focus proxy (a proxy's target stands for it)."""
    found = []
    for widget in root.findChildren(QWidget):
        if widget.window() is not root or not widget.isVisible() or not widget.isEnabled():
            continue
        if not widget.focusPolicy() & Qt.FocusPolicy.TabFocus or widget.focusProxy() is not None:
            continue
        found.append(widget)
    return found


def _stops(widget: QWidget) -> int:
    if isinstance(widget, QDateTimeEdit):
        return widget.sectionCount()
    return 1


def _radio_group(widget: QWidget) -> list[QWidget]:
    """An exclusive group of radio buttons is one Tab stop (the arrow keys choose within it):
    the group of ``widget``, or nothing."""
    if not isinstance(widget, QRadioButton):
        return []
    group = widget.group()
    if group is not None and group.exclusive():
        return list(group.buttons())
    parent = widget.parentWidget()
    if widget.autoExclusive() and parent is not None:
        return [
            radio
            for radio in parent.findChildren(QRadioButton)
            if radio.parentWidget() is parent and radio.autoExclusive()
        ]
    return []


def tab_cycle_problems(root: QWidget, label: str, key: Qt.Key = Qt.Key.Key_Tab) -> list[str]:
    """Press Tab (or Shift+Tab: ``Key_Backtab``) around ``root``'s window once; see the module
    docstring for what is checked."""
    if key == Qt.Key.Key_Backtab:
        label = f"{label} (Umschalt+Tab)"
    root.activateWindow()
    expected = focusable_widgets(root)
    if not expected:
        return []
    start = expected[0]
    start.setFocus(Qt.FocusReason.TabFocusReason)
    QApplication.processEvents()
    start = QApplication.focusWidget() or start
    problems: list[str] = []
    reached: list[QWidget] = []
    run = 0
    previous: QWidget | None = None
    limit = 3 * sum(_stops(w) for w in expected) + 10
    returned = False
    for _press in range(limit):
        current = QApplication.focusWidget()
        if current is None:
            problems.append(f"{label}: focus lost after {describe(reached[-1])}")
            return problems
        reached.append(current)
        run = run + 1 if current is previous else 1
        if run > _stops(current):
            problems.append(f"{label}: keyboard trap in {describe(current)}")
            return problems
        previous = current
        QTest.keyClick(current, key)
        if QApplication.focusWidget() is start and run == _stops(current):
            returned = True
            break
    if not returned:
        problems.append(f"{label}: Tab never returned to {describe(start)}")
    reached_ids = {id(w) for w in reached}
    for widget in reached:
        reached_ids.update(id(radio) for radio in _radio_group(widget))
    for widget in expected:
        if id(widget) not in reached_ids:
            problems.append(f"{label}: not reached by Tab: {describe(widget)}")
    return problems


def accessible_name(widget: QWidget) -> str:
    interface = QAccessible.queryAccessibleInterface(widget)
    return interface.text(QAccessible.Text.Name) if interface is not None else ""


def unnamed_widgets(root: QWidget, label: str) -> list[str]:
    """Focusable widgets without a name; a tab bar needs one of its own (Qt would offer the
    current tab's title, which says nothing about what the tabs are)."""
    return [
        f"{label}: no accessible name: {describe(widget)}"
        for widget in focusable_widgets(root)
        if not accessible_name(widget).strip()
        or (isinstance(widget, QTabBar) and not widget.accessibleName().strip())
    ]


def mnemonic(text: str) -> str | None:
    """The letter after a single ``&`` (``&&`` is a literal ampersand), lower-case."""
    i = 0
    while i < len(text) - 1:
        if text[i] == "&":
            if text[i + 1] == "&":
                i += 2
                continue
            return text[i + 1].lower()
        i += 1
    return None


def _texts(root: QWidget) -> list[tuple[str, str, bool]]:
    """(owner description, text, whether a mnemonic is required) of the window's visible
    mnemonic owners."""
    owners: list[tuple[str, str, bool]] = []
    for widget in root.findChildren(QWidget):
        if widget.window() is not root or not widget.isVisible():
            continue
        if isinstance(widget, QAbstractButton):
            text = widget.text()
            icon_only = isinstance(widget, QToolButton) and (
                widget.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonIconOnly
                or not text
                or widget.autoRaise()
            )
            # a dialog's "Abbrechen"/"Schließen" is Esc (the dialog test checks that Esc closes)
            escape = isinstance(root, QDialog) and text.replace("&", "") in ESCAPE_TEXTS
            if text and not isinstance(widget.parentWidget(), QTabBar):
                owners.append((describe(widget), text, not icon_only and not escape))
        elif isinstance(widget, QLabel) and widget.buddy() is not None:
            # a form label of a read-only text (its buddy takes no focus) needs no Alt letter
            buddy = widget.buddy()
            focusable = bool(buddy.focusPolicy() & Qt.FocusPolicy.TabFocus)
            owners.append((describe(widget), widget.text(), focusable))
        elif isinstance(widget, QGroupBox) and widget.title():
            owners.append((describe(widget), widget.title(), widget.isCheckable()))
        elif isinstance(widget, QTabBar):
            for index in range(widget.count()):
                if widget.isTabVisible(index) and widget.isTabEnabled(index):
                    owners.append((f"tab of {describe(widget)}", widget.tabText(index), False))
    if isinstance(root, QMainWindow):
        for action in root.menuBar().actions():
            if action.isVisible():
                owners.append((f"menu {action.text()!r}", action.text(), True))
    return owners


def mnemonic_clashes(root: QWidget, label: str) -> list[str]:
    by_letter: dict[str, list[str]] = defaultdict(list)
    for owner, text, _required in _texts(root):
        letter = mnemonic(text)
        if letter is not None:
            by_letter[letter].append(owner)
    return [
        f"{label}: Alt+{letter.upper()} clashes: {' | '.join(owners)}"
        for letter, owners in sorted(by_letter.items())
        if len(owners) > 1
    ]


def missing_mnemonics(root: QWidget, label: str) -> list[str]:
    """Buttons, check boxes and labels with a buddy without an Alt letter. The test asserts none
    for buttons; a long form has more labels than letters are free (Tab reaches them all)."""
    return [
        f"{label}: no mnemonic: {owner}"
        for owner, text, required in _texts(root)
        if required and mnemonic(text) is None
    ]


def audit(root: QWidget, label: str) -> dict[str, list[str]]:
    """All checks over ``root``'s window in its current state, by kind."""
    return {
        "traps": tab_cycle_problems(root, label)
        + tab_cycle_problems(root, label, Qt.Key.Key_Backtab),
        "unnamed": unnamed_widgets(root, label),
        "clashes": mnemonic_clashes(root, label),
        "buttons without mnemonic": [
            line for line in missing_mnemonics(root, label) if "QLabel" not in line
        ],
        "labels without mnemonic": [
            line for line in missing_mnemonics(root, label) if "QLabel" in line
        ],
    }


def settle(qtbot: QtBot) -> None:
    """Let background loads finish and their results arrive."""
    for _round in range(3):
        wait_for_operations()
        QApplication.processEvents()
        qtbot.wait(20)


def _visible_tab_bars(window: QWidget) -> list[QTabBar]:
    return [bar for bar in window.findChildren(QTabBar) if bar.isVisible() and bar.count() > 1]


def explore(
    window: QWidget,
    label: str,
    qtbot: QtBot,
    found: dict[str, list[str]],
    explored: set[int] | None = None,
) -> list[str]:
    """Audit the window as it is, then every other tab of every visible tab bar not explored
    yet (a tab bar that appears on a tab is explored there)."""
    states = [label]
    for kind, problems in audit(window, label).items():
        found[kind].extend(problems)
    explored = set() if explored is None else explored
    bars = [bar for bar in _visible_tab_bars(window) if id(bar) not in explored]
    explored.update(id(bar) for bar in bars)
    for bar in bars:
        if not bar.isVisible():
            continue
        first = bar.currentIndex()
        for index in range(bar.count()):
            if index == first or not bar.isTabEnabled(index) or not bar.isTabVisible(index):
                continue
            bar.setCurrentIndex(index)
            settle(qtbot)
            sub = f"{label} › {bar.tabText(index).replace('&', '')}"
            states += explore(window, sub, qtbot, found, explored)
        bar.setCurrentIndex(first)
        settle(qtbot)
    return states


def assert_accessible(found: dict[str, list[str]], states: list[str]) -> None:
    """0 traps, 0 unnamed focusable widgets, 0 clashes, every button with a mnemonic; labels
    without one (more fields than free letters) are only counted."""
    counts = {kind: len(dict.fromkeys(problems)) for kind, problems in found.items()}
    print(f"{len(states)} states: {states}\n{counts}")
    print("\n".join(dict.fromkeys(found.get("labels without mnemonic", []))))
    report = "\n".join(
        dict.fromkeys(
            line
            for kind, problems in found.items()
            if kind != "labels without mnemonic"
            for line in problems
        )
    )
    assert not report, f"{counts}\n{report}"
