"""Reading rendered PDFs back: positions in mm from the top-left corner, as in
``documents.md``."""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pdfplumber

PT_PER_MM = 72 / 25.4


def mm(points: float) -> float:
    """Points (pdfplumber's unit) to millimetres."""
    return points / PT_PER_MM


def pt(millimetres: float) -> float:
    return millimetres * PT_PER_MM


@contextmanager
def open_pdf(data: bytes) -> Iterator[Any]:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        yield pdf


def text_lines(page: Any, x0_mm: float = 0, top_mm: float = 0, x1_mm: float = 210,
               bottom_mm: float = 297) -> list[dict[str, Any]]:
    """Lines of text inside a region (mm), top to bottom, each with text/x0/top/bottom/chars."""
    region = page.crop((pt(x0_mm), pt(top_mm), pt(x1_mm), pt(bottom_mm)))
    return list(region.extract_text_lines(strip=True, return_chars=True))


def find_line(lines: list[dict[str, Any]], startswith: str) -> dict[str, Any]:
    for line in lines:
        if line["text"].startswith(startswith):
            return line
    raise AssertionError(f"no line starting with {startswith!r} in {[ln['text'] for ln in lines]}")


def font_problems(data: bytes) -> list[str]:
    """Fonts that are not the embedded Liberation Sans family (empty: all are). A base-14 font
    (Helvetica) is neither embeddable for PDF/A nor able to print ẞ."""
    from pypdf import PdfReader

    problems: list[str] = []
    for number, page in enumerate(PdfReader(io.BytesIO(data)).pages, start=1):
        for font in page["/Resources"].get("/Font", {}).values():
            font = font.get_object()
            name = str(font["/BaseFont"])
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:  # Type0 composite font
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            embedded = descriptor is not None and "/FontFile2" in descriptor.get_object()
            if "LiberationSans" not in name or not embedded:
                problems.append(f"Seite {number}: {name}")
    return problems
