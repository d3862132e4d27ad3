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

#: Characters nobody types on purpose into a name or an address, removed whatever the way in:
#: control codes (a BEL or ESC from a file would ring or recolour the terminal that lists the
#: contact, and end up in every export), bidirectional overrides (U+202E shows "Müller" as
#: "rellüM" and hides what a value really says) and zero-width characters (two names that look
#: alike would not compare equal). Tab, line feed and carriage return stay: the rules below
#: decide about them. Zero-width (non-)joiners stay too: scripts and emoji need them.
_INVISIBLE = dict.fromkeys(
    [
        *(code for code in range(0x20) if code not in (0x09, 0x0A, 0x0D)),
        0x7F,
        *range(0x80, 0xA0),  # C1 controls
        0x061C, 0x200E, 0x200F,  # direction marks
        *range(0x202A, 0x202F),  # embeddings and overrides
        *range(0x2066, 0x206A),  # isolates
        0x200B, 0x2060, 0xFEFF,  # zero-width space, word joiner, byte order mark
    ]
)


def without_invisible(text: str) -> str:
    """``text`` without control, direction-override and zero-width characters (see
    :data:`_INVISIBLE`); what a person can see is kept."""
    return text.translate(_INVISIBLE)


def _text(value: object) -> str:
    return without_invisible(value if isinstance(value, str) else str(value))


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
