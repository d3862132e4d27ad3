"""The one font family every document uses, embedded so the page looks the same everywhere.

Liberation Sans (SIL Open Font License 1.1, licence text in ``resources/fonts``) is metrically
compatible with Arial, which German offices expect, and covers everything German text needs,
including „“ – € ß and the capital ẞ. The PDF standard fonts (Helvetica) cannot be embedded and
have no ẞ, so they are never used.
"""

from __future__ import annotations

import threading
from typing import Any

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from beratung.resources import FONTS_DIR, resource_path

FAMILY = "LiberationSans"
REGULAR = "LiberationSans"
BOLD = "LiberationSans-Bold"
ITALIC = "LiberationSans-Italic"
BOLD_ITALIC = "LiberationSans-BoldItalic"

_FILES: dict[str, str] = {
    REGULAR: "LiberationSans-Regular.ttf",
    BOLD: "LiberationSans-Bold.ttf",
    ITALIC: "LiberationSans-Italic.ttf",
    BOLD_ITALIC: "LiberationSans-BoldItalic.ttf",
}

class _EmbeddedFont(TTFont):  # type: ignore[misc]  # ReportLab ships no type hints
    """ReportLab's TrueType font, remembering how it split each text into subset codes.

    Every string drawn goes through ``splitString`` (which assigns the glyphs to the embedded
    subsets); a serial letter draws the same lines — the body text, the footer, the labels of
    the reply form — once per letter. Once a text was split, all its characters have their
    codes and splitting it again gives the same result, so it is kept per document (on the
    font's per-document state, which goes with the document) and reused."""

    def splitString(self, text: Any, doc: Any, encoding: str = "utf-8") -> list[Any]:
        state = self.state.get(doc)
        known = getattr(state, "beratung_split", None) if state is not None else None
        if known is not None:
            result = known.get(text)
            if result is not None:
                return list(result)
        result = super().splitString(text, doc, encoding)
        state = self.state[doc]
        if known is None:
            known = state.beratung_split = {}
        known[text] = tuple(result)
        return list(result)


_lock = threading.Lock()
_registered = False


def register_fonts() -> None:
    """Register the family with ReportLab once per process (idempotent and thread-safe).

    Registration parses the TrueType files, which costs a few milliseconds; renderers call this on
    every render, so it must be cheap after the first time.
    """
    global _registered
    if _registered:
        return
    with _lock:
        if _registered:
            return
        for name, file_name in _FILES.items():
            pdfmetrics.registerFont(_EmbeddedFont(name, str(resource_path(FONTS_DIR, file_name))))
        # <b>/<i> in Paragraph markup map to the right faces of the family.
        addMapping(FAMILY, 0, 0, REGULAR)
        addMapping(FAMILY, 1, 0, BOLD)
        addMapping(FAMILY, 0, 1, ITALIC)
        addMapping(FAMILY, 1, 1, BOLD_ITALIC)
        _registered = True


def string_width(text: str, font_name: str, size: float) -> float:
    """Width of one line in points; used to refuse text that would not fit instead of cutting it."""
    register_fonts()
    return float(pdfmetrics.stringWidth(text, font_name, size))


def baseline_offset(font_name: str, size: float) -> float:
    """Distance in points from the top of a line's em box down to its baseline.

    The em box runs from the descender line up one font size; putting its top on a DIN zone edge
    keeps every glyph of the line (accents, descenders) inside the zone. It is also the box that
    PDF text extractors (pdfminer/pdfplumber) report, so tests measure the same edge.
    """
    register_fonts()
    return float(size + pdfmetrics.getDescent(font_name, size))
