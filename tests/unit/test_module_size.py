"""No module grows past 800 lines without a written reason (issue 9).

A module that long usually holds several concerns that change for different reasons; the split
packages (``services/contacts``, ``services/consultations``, ``services/contact_io``) show the
pattern. Where a long module is right, its first lines say why, in a comment that starts with
``# Long module:`` — so the next person neither splits frozen code nor lets a third concern in.
"""

from __future__ import annotations

from pathlib import Path

import beratung

SOURCE = Path(beratung.__file__).parent
LIMIT = 800
MARKER = "# Long module: "


def _has_reason(lines: list[str]) -> bool:
    """A ``# Long module: …`` comment with a reason among the first lines (after the
    docstring at the latest)."""
    return any(line.startswith(MARKER) and line[len(MARKER) :].strip() for line in lines[:20])


def long_modules_without_reason() -> list[str]:
    found = []
    for path in sorted(SOURCE.rglob("*.py")):
        lines = path.read_text(encoding="utf-8").splitlines()
        if len(lines) > LIMIT and not _has_reason(lines):
            found.append(f"{path.relative_to(SOURCE.parent)}: {len(lines)} lines")
    return found


def test_long_modules_say_why() -> None:
    assert long_modules_without_reason() == []


def test_the_marker_is_found() -> None:
    lines = ['"""A module."""', "", f"{MARKER}frozen code, see decision 7."]
    assert _has_reason(lines)
    assert not _has_reason(['"""A module."""', MARKER.strip()])
