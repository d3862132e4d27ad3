"""Row checks an import can make before looking at the database.

Deliberately simple: they catch what makes a row useless or obviously wrong, so that the dry run
can say "rejected, because …" per row. The binding rules for saved persons live in
``beratung.domain.rules.validation``; the import service may apply those as well.
"""

from __future__ import annotations

import re

from beratung.domain.enums import Anrede
from beratung.interchange._text import quote
from beratung.interchange.contacts_model import CONTACT_FIELDS, ContactRecord, RowProblem
from beratung.interchange.mapping import normalize_header

_ANREDE_WORDS: dict[str, Anrede] = {
    "frau": Anrede.FRAU, "fr": Anrede.FRAU, "mrs": Anrede.FRAU, "ms": Anrede.FRAU,
    "miss": Anrede.FRAU, "herr": Anrede.HERR, "herrn": Anrede.HERR, "hr": Anrede.HERR,
    "mr": Anrede.HERR, "": Anrede.NONE, "keine": Anrede.NONE, "divers": Anrede.NONE,
}
_EMAIL_RE = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~\u00C0-\u024F-]+@"
                       r"[A-Za-z0-9\u00C0-\u024F](?:[A-Za-z0-9\u00C0-\u024F-]*[A-Za-z0-9])?"
                       r"(?:\.[A-Za-z0-9\u00C0-\u024F](?:[A-Za-z0-9\u00C0-\u024F-]*"
                       r"[A-Za-z0-9\u00C0-\u024F])?)*\.[A-Za-z]{2,}$")
_GERMANY = frozenset({"", "deutschland", "de", "d", "germany", "brd",
                      "bundesrepublikdeutschland"})


def normalize_anrede(value: str | None) -> Anrede | None:
    """"Frau", "Fr.", "Ms." → FRAU; "Herr", "Hr.", "Mr." → HERR; empty → NONE; else ``None``."""
    return _ANREDE_WORDS.get(normalize_header(value or ""))


def _label(field: str) -> str:
    return CONTACT_FIELDS.get(field, field)


def check_record(record: ContactRecord, *, unit: str = "Zeile") -> list[RowProblem]:
    """Problems of one record; an ``error`` means the row cannot be imported as it is.

    ``unit`` names the record in messages: "Zeile" for tables, "Karte" for vCards.
    """
    row = record.source_row
    problems: list[RowProblem] = []

    def report(field: str, message: str, severity: str = "error") -> None:
        problems.append(
            RowProblem(row, field, f"{unit} {row}, {_label(field)}: {message}",
                       "error" if severity == "error" else "warning")
        )

    if not record.nachname and not record.organisation:
        report("nachname", "Nachname und Organisation fehlen; mindestens eines von beiden ist "
                           "nötig.")
    if record.anrede is not None:
        anrede = normalize_anrede(record.anrede)
        if normalize_header(record.anrede) in ("familie", "fam", "eheleute"):
            report("anrede", f"{quote(record.anrede)} ist keine Anrede für eine einzelne Person; "
                             "der Kontakt wird ohne Anrede übernommen.", "warning")
        elif anrede is None:
            report("anrede", f"{quote(record.anrede)} ist keine bekannte Anrede (Frau, Herr); "
                             "der Kontakt wird ohne Anrede übernommen.", "warning")
    if record.plz is not None and normalize_header(record.land or "") in _GERMANY:
        plz = record.plz.strip()
        if re.fullmatch(r"\d{4}", plz):
            report("plz", f"{quote(plz)} hat nur vier Ziffern – fehlt die führende Null "
                          f"({quote('0' + plz)})?", "warning")
        elif not re.fullmatch(r"\d{5}", plz):
            report("plz", f"{quote(plz)} ist keine deutsche Postleitzahl (fünf Ziffern).")
    if record.email is not None:
        email = record.email.strip()
        if re.search(r"[;,\s]", email) and email.count("@") > 1:
            report("email", f"{quote(email)} enthält mehrere Adressen; bitte nur eine angeben.")
        elif not _EMAIL_RE.match(email):
            report("email", f"{quote(email)} ist keine gültige E-Mail-Adresse.")
    for field in ("telefon", "mobil", "fax"):
        value = getattr(record, field)
        if value is not None and not re.search(r"\d", value):
            report(field, f"{quote(value)} enthält keine Ziffern.", "warning")
    return problems
