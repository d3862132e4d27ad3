"""Printed documents: one renderer per document, ``render(snapshot) -> bytes``.

Renderers read frozen snapshots from :mod:`beratung.domain.printing` and the shipped fonts, and
nothing else: no database, no files written. See ``docs/documents.md``.
"""

from __future__ import annotations

from beratung.documents.letter import DinLetterFormA, DinLetterFormB, render_letter
from beratung.documents.press_release import PressReleaseRenderer, render_press_release

__all__ = [
    "DinLetterFormA",
    "DinLetterFormB",
    "PressReleaseRenderer",
    "render_letter",
    "render_press_release",
]
