#!/usr/bin/python3
"""Dump the real accessibility tree (AT-SPI) of a running Beratung and check it.

Run by scripts/atspi-check.sh with the *system* Python (Debian's python3-pyatspi is built for
it), while the app itself runs from the project's venv. Visits every page by
selecting its entry in the navigation list through AT-SPI (the "Toggle" action a screen reader
uses; Ctrl+1 … Ctrl+7 through XTest as a fallback), dumps the tree below the
main window, and fails on focusable, showing nodes without a name: what a screen reader would
announce as nothing ("filler", "button").

    /usr/bin/python3 scripts/atspi_dump.py [--app Beratung] [--out DUMP.txt] [--timeout 60]

Exit status 0: all focusable nodes named; 1: unnamed ones (listed); 2: app not found.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import pyatspi  # type: ignore[import-not-found]

PAGES = (
    "Übersicht",
    "Kontakte",
    "Beratungen",
    "Veranstaltungen",
    "Presse",
    "Auswertungen",
    "Einstellungen",
)
#: Rows of a table/list read per container: enough to see how cells are named; reading all
#: 1,100 organisations over D-Bus would take minutes and tell nothing new.
MAX_ITEMS = 12
#: Roles whose name comes from their content and may be empty (an empty table cell).
CONTENT_ROLES = {
    pyatspi.ROLE_TABLE_CELL,
    pyatspi.ROLE_LIST_ITEM,
    pyatspi.ROLE_TREE_ITEM,
}
CONTROL_L = 0xFFE3  # X keysym
ITEM_CONTAINERS = {
    pyatspi.ROLE_TABLE,
    pyatspi.ROLE_TREE_TABLE,
    pyatspi.ROLE_LIST,
    pyatspi.ROLE_TREE,
}


def find_app(name: str, timeout: float) -> object:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        desktop = pyatspi.Registry.getDesktop(0)
        for app in desktop:
            if app is not None and (app.name or "").lower() == name.lower():
                return app
        time.sleep(0.5)
    raise LookupError(name)


def walk(node: object, depth: int = 0, path: str = "", limit_depth: int = 99):  # type: ignore[no-untyped-def]
    """(depth, node, path) below ``node``, at most MAX_ITEMS children of tables and lists."""
    yield depth, node, path
    if depth >= limit_depth:
        return
    if depth > 0 and pyatspi.STATE_SHOWING not in states(node):
        return  # hidden pages and tabs: read when they are shown
    try:
        count = node.childCount
        role = node.getRole()
    except Exception:  # a node that went away while walking
        return
    limit = min(count, MAX_ITEMS) if role in ITEM_CONTAINERS else count
    for index in range(limit):
        try:
            child = node.getChildAtIndex(index)
        except Exception:
            continue
        if child is not None:
            label = child.name or child.getRoleName()
            yield from walk(child, depth + 1, f"{path}/{label}", limit_depth)


def states(node: object) -> set[int]:
    try:
        return set(node.getState().getStates())
    except Exception:
        return set()


def navigation(window: object) -> object | None:
    for _depth, node, _path in walk(window, limit_depth=6):
        try:
            if node.name == "Navigation" and node.getRole() == pyatspi.ROLE_LIST:
                return node
        except Exception:
            continue
    return None


def show_page(window: object, number: int) -> None:
    """Select the page's entry in the navigation list through its AT-SPI action (what a
    screen reader's "activate" does); Ctrl+<number> typed through XTest as a fallback."""
    nav = navigation(window)
    done = False
    if nav is not None:
        item = nav.getChildAtIndex(number - 1)
        try:
            action = item.queryAction()
            names = [action.getName(i) for i in range(action.nActions)]
            if names:
                action.doAction(0)
                done = True
        except Exception as exc:
            print(f"  Aktion: {exc}", file=sys.stderr)
        if not done:
            try:
                nav.querySelection().selectChild(number - 1)
                done = True
            except Exception as exc:
                print(f"  Auswahl: {exc}", file=sys.stderr)
    if not done:
        registry = pyatspi.Registry
        registry.generateKeyboardEvent(CONTROL_L, None, pyatspi.KEY_SYM | pyatspi.KEY_PRESS)
        registry.generateKeyboardEvent(
            ord(str(number)), None, pyatspi.KEY_SYM | pyatspi.KEY_PRESSRELEASE
        )
        registry.generateKeyboardEvent(CONTROL_L, None, pyatspi.KEY_SYM | pyatspi.KEY_RELEASE)
    time.sleep(1.5)  # the page loads its data in the background


def current_page(window: object) -> str:
    """The name of the selected entry of the navigation list."""
    nav = navigation(window)
    if nav is None:
        return ""
    for index in range(nav.childCount):
        child = nav.getChildAtIndex(index)
        if child is not None and pyatspi.STATE_SELECTED in states(child):
            return str(child.name)
    return ""


def check(window: object, page: str, out: list[str]) -> list[str]:
    unnamed = []
    out.append(f"===== {page}")
    for depth, node, path in walk(window):
        try:
            role = node.getRole()
            role_name = node.getRoleName()
            name = node.name or ""
            description = node.description or ""
        except Exception:
            continue
        st = states(node)
        showing = pyatspi.STATE_SHOWING in st
        focusable = pyatspi.STATE_FOCUSABLE in st
        out.append(
            f"{'  ' * depth}{role_name}: {name!r}"
            + (f" — {description!r}" if description else "")
            + (" [fokussierbar]" if focusable else "")
            + ("" if showing else " [verborgen]")
        )
        if focusable and showing and not name.strip() and role not in CONTENT_ROLES:
            unnamed.append(f"{page}: {role_name} at {path or '/'}")
    return unnamed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--app", default="Beratung")
    parser.add_argument("--out", help="write the dump to this file")
    parser.add_argument("--timeout", type=float, default=60)
    args = parser.parse_args()
    try:
        app = find_app(args.app, args.timeout)
    except LookupError:
        print(f"AT-SPI: Anwendung {args.app} nicht gefunden", file=sys.stderr)
        return 2
    window = None
    deadline = time.monotonic() + args.timeout
    while window is None and time.monotonic() < deadline:
        for index in range(app.childCount):
            child = app.getChildAtIndex(index)
            if child is not None and child.getRole() == pyatspi.ROLE_FRAME:
                window = child
        time.sleep(0.3)
    if window is None:
        print("AT-SPI: kein Hauptfenster", file=sys.stderr)
        return 2
    time.sleep(2)
    lines: list[str] = []
    unnamed: list[str] = []
    visited = 0
    for number, page in enumerate(PAGES, start=1):
        show_page(window, number)
        shown = current_page(window)
        if shown != page:
            unnamed.append(f"Seite {page} nicht erreicht (Strg+{number}; gezeigt: {shown!r})")
            continue
        visited += 1
        started = time.monotonic()
        unnamed.extend(check(window, page, lines))
        print(f"  {page}: {time.monotonic() - started:.1f} s", file=sys.stderr)
    if args.out:
        Path(args.out).write_text("\n".join(lines) + "\n", encoding="utf-8")
    nodes = sum(1 for line in lines if not line.startswith("====="))
    print(f"AT-SPI: {visited} Seiten, {nodes} Knoten gelesen")
    unique = sorted(set(unnamed))
    for entry in unique:
        print(f"  ohne Namen: {entry}")
    return 1 if unique or visited < len(PAGES) else 0


if __name__ == "__main__":
    sys.exit(main())
