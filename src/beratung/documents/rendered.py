"""What a renderer hands back: the PDF and how many pages it laid out.

A module of its own, free of ReportLab, so that services and the registry can name the type
without loading the PDF library (starting the app must not import ReportLab).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class RenderedPdf:
    """The bytes of a finished PDF and its page count.

    The count comes from the canvas that laid the pages out (it needs it anyway for "Seite x von
    y"), so nobody has to parse the PDF afterwards to log how long a document was.
    """

    pdf: bytes
    page_count: int
