"""Printed documents: one renderer per kind of document, registered by kind.

Renderers read frozen snapshots from :mod:`beratung.domain.printing` and the shipped fonts, and
nothing else: no database, no files written. Services render through
:mod:`beratung.documents.registry` (``render(snapshot)``, ``render_stored(kind, data)``). See
``docs/documents.md``.

The renderer classes below are imported on first use (PEP 562), not with the package: importing
``beratung.documents.registry`` must not load ReportLab, which costs a noticeable part of a second
at start-up.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from beratung.documents.letter import DinLetterFormA, DinLetterFormB, render_letter
    from beratung.documents.press_release import PressReleaseRenderer, render_press_release

_LAZY = {
    "DinLetterFormA": "beratung.documents.letter",
    "DinLetterFormB": "beratung.documents.letter",
    "render_letter": "beratung.documents.letter",
    "PressReleaseRenderer": "beratung.documents.press_release",
    "render_press_release": "beratung.documents.press_release",
}

__all__ = [
    "DinLetterFormA",
    "DinLetterFormB",
    "PressReleaseRenderer",
    "render_letter",
    "render_press_release",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
