"""Cleaning what people typed (or a file gave) before it is checked and stored.

Why one place: a value must compare equal however it arrived — typed into a form, pasted from
Word, read from an Excel or vCard file, passed on the command line — or the duplicate check,
the search and the "has it changed?" test of the audit log see two values where the user sees
one. Every rule here turns blank input ("", "   ", a lone line break) into ``None``, so that
"nothing entered" is stored one way only and callers test one thing.

There are two rules because fields are of two kinds:

* :func:`clean_text` for text whose layout belongs to it (notes, descriptions, a press
  release's lines, an imported cell): trimmed, line breaks as ``"\\n"``, inner spacing kept.
* :func:`clean_line` for one-line values (names, towns, roles, a letter's address parts):
  every run of whitespace, line breaks included, becomes one space, so "Stadt  Ulm" and
  "Stadt Ulm" are one value.

:func:`clean_field` picks between them by the value itself, for forms whose fields may hold
either (the contacts forms: a street written on two lines keeps its lines).

Any value is accepted and taken as its text (``str()``), so a number from a spreadsheet cell
cleans like the text it shows; ``None`` stays ``None``.
"""

from __future__ import annotations


def _text(value: object) -> str:
    return value if isinstance(value, str) else str(value)


def clean_text(value: object) -> str | None:
    """Text as entered, trimmed: Windows ("\\r\\n") and old Mac ("\\r") line breaks become
    ``"\\n"``, whitespace around the text is removed, inner spacing and line breaks are kept;
    blank becomes ``None``."""
    if value is None:
        return None
    text = _text(value).replace("\r\n", "\n").replace("\r", "\n").strip()
    return text or None


def clean_line(value: object) -> str | None:
    """One line: every run of whitespace (spaces, tabs, line breaks, non-breaking spaces) becomes
    a single space, and none is left at either end; blank becomes ``None``."""
    if value is None:
        return None
    text = " ".join(_text(value).split())
    return text or None


def clean_field(value: object) -> str | None:
    """A form field that is usually one line: :func:`clean_line`, unless the value contains a
    line break, which the user typed on purpose; then :func:`clean_text`."""
    if value is None:
        return None
    text = _text(value)
    return clean_text(text) if "\n" in text else clean_line(text)
