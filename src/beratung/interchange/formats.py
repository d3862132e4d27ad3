"""Which reader a file needs, decided by its content first and its name second.

Users rename files and Outlook saves vCards as .txt; the content is the better witness. Formats we
cannot read get a German message that says what to do instead of a crash in the wrong reader.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import PurePath
from typing import Literal

from beratung.domain.errors import ValidationError
from beratung.interchange._text import quote

FileFormat = Literal["csv", "xlsx", "vcf"]

_VCF_SUFFIXES = frozenset({".vcf", ".vcard"})
_XLSX_SUFFIXES = frozenset({".xlsx", ".xlsm"})


def detect_format(filename: str, data: bytes) -> FileFormat:
    """``"csv"``, ``"xlsx"`` or ``"vcf"``; :class:`ValidationError` for formats we cannot read."""
    suffix = PurePath(filename).suffix.lower()
    head = data[:4096]
    if head.startswith(b"PK\x03\x04"):
        return _zip_format(filename, data)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise ValidationError(
            f"Die Datei {quote(filename)} ist im alten Excel-Format (.xls) oder verschlüsselt.",
            hint="Bitte in Excel öffnen und als .xlsx (ohne Kennwort) oder CSV speichern.",
        )
    if head.startswith(b"%PDF"):
        raise ValidationError(
            f"Die Datei {quote(filename)} ist ein PDF-Dokument; daraus können keine Kontakte "
            "gelesen werden.",
            hint="Bitte eine CSV-, Excel- (.xlsx) oder vCard-Datei (.vcf) wählen.",
        )
    if _mentions_vcard(head):
        return "vcf"
    if suffix in _VCF_SUFFIXES:
        return "vcf"
    if suffix in _XLSX_SUFFIXES:
        return "xlsx"
    if suffix in (".xls", ".ods", ".numbers"):
        raise ValidationError(
            f"Das Format der Datei {quote(filename)} wird nicht unterstützt.",
            hint="Bitte als Excel-Arbeitsmappe (.xlsx) oder CSV speichern.",
        )
    return "csv"


def _mentions_vcard(head: bytes) -> bool:
    for codec in ("utf-8", "utf-16"):
        try:
            text = head.decode(codec, errors="ignore")
        except UnicodeError:
            continue
        if "BEGIN:VCARD" in text.upper():
            return True
    return False


def _zip_format(filename: str, data: bytes) -> FileFormat:
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ValidationError(
            f"Die Datei {quote(filename)} ist ein beschädigtes ZIP-Archiv.",
            hint="Bitte die Datei erneut speichern oder exportieren.",
        ) from exc
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "content.xml" in names:
        raise ValidationError(
            f"Die Datei {quote(filename)} ist eine OpenDocument-Tabelle (.ods), die nicht "
            "direkt gelesen werden kann.",
            hint="Bitte in LibreOffice als Excel-Arbeitsmappe (.xlsx) oder CSV speichern.",
        )
    raise ValidationError(
        f"Die Datei {quote(filename)} ist ein ZIP-Archiv, aber keine Excel-Arbeitsmappe.",
        hint="Bitte eine CSV-, Excel- (.xlsx) oder vCard-Datei (.vcf) wählen.",
    )
