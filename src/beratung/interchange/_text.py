"""Turning the bytes of a text file of unknown origin into text, or a clear German refusal.

The files come from Excel (Windows-1252 or UTF-8 with BOM), Outlook (Windows-1252, sometimes
UTF-16 with BOM) and everything else (UTF-8). The order of attempts matters: BOMs are certain, valid
UTF-8 is almost never accidental for German text, and Windows-1252 decodes nearly everything else.
"""

from __future__ import annotations

import codecs
import datetime as dt

from beratung.domain.errors import ValidationError
from beratung.domain.rules.dates import format_date_de, format_datetime_de, format_time_de

#: Control characters that never occur in a text export; many of them mean "binary file".
_CONTROL = frozenset(range(32)) - {9, 10, 12, 13}


def quote(name: str) -> str:
    """German quotation marks around a file name or value, for messages."""
    return f"„{name}“"


def moment_text(value: dt.date | dt.time) -> str:
    """A date, date and time or time of day as a German spreadsheet shows it: "25.10.2017",
    "25.10.2017 14:30", "14:30". A date and time at midnight is shown as a date, because
    spreadsheets store a plain date as its midnight."""
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return format_date_de(value)
        return format_datetime_de(value, "compact")
    if isinstance(value, dt.date):
        return format_date_de(value)
    return format_time_de(value)


def decode_text(data: bytes, *, filename: str, kind: str) -> tuple[str, str]:
    """Return ``(text, encoding)``; refuse empty and binary files with a German message.

    ``kind`` is the file type the user thinks she gave ("CSV-Datei", "vCard-Datei"), so the message
    can say what was expected.
    """
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise ValidationError(
            f"Die Datei {quote(filename)} ist leer.",
            hint=f"Bitte eine {kind} mit mindestens einer Zeile wählen.",
        )
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[3:], "utf-8", filename, kind), "UTF-8 (mit BOM)"
    for bom, codec, label in (
        (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16 LE"),
        (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16 BE"),
    ):
        if data.startswith(bom):
            return _strict(data[2:], codec, filename, kind), label
    _refuse_other_formats(data, filename, kind)
    utf16 = _guess_utf16_without_bom(data)
    if utf16:
        return _strict(data, utf16, filename, kind), utf16.upper()
    _refuse_binary(data, filename, kind)
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    mixed = _mixed_utf8_and_windows(data)
    if mixed is not None:
        return mixed
    try:
        return data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:
        # Five byte values are undefined in Windows-1252; Latin-1 maps them to C1 controls, so
        # the text survives and the user sees odd characters instead of losing the row.
        return data.decode("latin-1"), "ISO-8859-1"


#: The label of a file whose lines come in two encodings (see :func:`_mixed_utf8_and_windows`);
#: readers recognise it by this prefix and warn.
MIXED_ENCODING = "gemischt"


def _mixed_utf8_and_windows(data: bytes) -> tuple[str, str] | None:
    """A file pasted together from two sources: some lines UTF-8 with umlauts, others
    Windows-1252. Decoding it whole as Windows-1252 would turn every UTF-8 "ü" into "Ã¼"
    without a word, so each line is decoded on its own and the label names the odd lines."""
    utf8_with_umlauts = False
    legacy: list[int] = []
    lines: list[str] = []
    for number, line in enumerate(data.splitlines(keepends=True), start=1):
        try:
            lines.append(line.decode("utf-8"))
            utf8_with_umlauts = utf8_with_umlauts or not line.isascii()
        except UnicodeDecodeError:
            legacy.append(number)
            try:
                lines.append(line.decode("cp1252"))
            except UnicodeDecodeError:  # one of its five undefined bytes: keep it visible
                lines.append(line.decode("latin-1"))
    if not (legacy and utf8_with_umlauts):
        return None
    shown = ", ".join(str(n) for n in legacy[:10]) + (" …" if len(legacy) > 10 else "")
    return "".join(lines), (f"{MIXED_ENCODING}: UTF-8, Zeile{'n' if len(legacy) > 1 else ''} "
                            f"{shown} Windows-1252")


def _strict(data: bytes, codec: str, filename: str, kind: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        raise ValidationError(
            f"Die Datei {quote(filename)} kann nicht als Text gelesen werden "
            f"(ungültiges Zeichen an Byte-Position {exc.start + 1}).",
            hint=f"Bitte prüfen, ob es wirklich eine {kind} ist.",
        ) from exc


def _guess_utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 without BOM shows as a NUL in every other byte for Latin text."""
    sample = data[:2000]
    if len(sample) < 4:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) // 2
    if odd > 0.4 * half and even < 0.05 * half:
        codec, text_bytes = "utf-16-le", sample[0::2]
    elif even > 0.4 * half and odd < 0.05 * half:
        codec, text_bytes = "utf-16-be", sample[1::2]
    else:
        return None
    # Real text has printable characters between the NULs; binary data has control bytes.
    controls = sum(1 for byte in text_bytes if byte in _CONTROL)
    return codec if controls <= 0.05 * len(text_bytes) else None


def _refuse_other_formats(data: bytes, filename: str, kind: str) -> None:
    """Known container formats get a message that says what the file really is."""
    sample = data[:8]
    if sample.startswith(b"PK\x03\x04"):
        raise ValidationError(
            f"Die Datei {quote(filename)} ist keine {kind}, sondern ein ZIP-Archiv "
            "(zum Beispiel eine Excel-Arbeitsmappe .xlsx).",
            hint="Excel-Dateien bitte als .xlsx importieren oder in Excel als CSV speichern.",
        )
    if sample.startswith(b"\xd0\xcf\x11\xe0"):
        raise ValidationError(
            f"Die Datei {quote(filename)} ist keine {kind}, sondern eine Datei im alten "
            "Office-Format (zum Beispiel .xls).",
            hint="Bitte in Excel öffnen und als .xlsx oder CSV (UTF-8) speichern.",
        )


def _refuse_binary(data: bytes, filename: str, kind: str) -> None:
    sample = data[:8192]
    controls = sum(1 for byte in sample if byte in _CONTROL)
    if b"\x00" in sample or controls > max(2, len(sample) // 100):
        raise ValidationError(
            f"Die Datei {quote(filename)} enthält Binärdaten und ist keine {kind}.",
            hint="Bitte die richtige Datei wählen.",
        )
