"""Control, direction-override and zero-width characters never reach names, the terminal or
the exports (issue 14, defect 10)."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
from sqlalchemy import update

from beratung.domain.models import Person
from beratung.domain.rules.text import clean_line, clean_text, without_invisible
from beratung.services.contact_io import ImportOptions

HOSTILE = "Mül\x07ler\u202e\u200b\x1b"


def test_the_text_rule_removes_them_and_keeps_what_is_visible() -> None:
    assert clean_line(f"  {HOSTILE} ") == "Müller"
    assert clean_text("Zeile 1\tTab\r\nZeile 2\x00") == "Zeile 1\tTab\nZeile 2"
    assert without_invisible("👩\u200d💻 Ärztin") == "👩\u200d💻 Ärztin"  # the joiner stays


def test_an_import_stores_clean_names(services: Any) -> None:
    data = ("Vorname;Nachname;E-Mail-Adresse\r\n"
            f"An\u202ena;{HOSTILE};anna@ulm.de\r\n").encode()
    report = services.contact_transfer.commit_import(
        data, "kontakte.csv", options=ImportOptions(skip_rejected=True))
    assert report.committed
    (row,) = services.contacts.list_persons()
    assert (row.first_name, row.last_name) == ("Anna", "Müller")


def test_exports_leave_them_out_even_when_stored_before(services: Any) -> None:
    from beratung.services.contacts.snapshots import PersonInput

    person = services.contacts.create_person(PersonInput(last_name="Müller", first_name="Anna"))
    with services.db.transaction() as s:  # as an older version might have stored it
        s.execute(update(Person).where(Person.id == person.id).values(last_name=HOSTILE))
    texts = {fmt: services.contact_transfer.export_contacts(fmt).decode("utf-8-sig")
             for fmt in ("csv", "vcf")}
    workbook = openpyxl.load_workbook(io.BytesIO(services.contact_transfer.export_contacts("xlsx")))
    texts["xlsx"] = "\n".join(str(cell.value or "") for row in workbook.active.iter_rows()
                              for cell in row)
    for fmt, text in texts.items():
        for char in ("\x07", "\x1b", "\u202e", "\u200b"):
            assert char not in text, (fmt, repr(char))
        assert "Müller" in text, fmt
    assert "N:Müller;Anna" in texts["vcf"]
