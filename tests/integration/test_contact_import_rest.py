"""Issue 13, defects 4–7 through the import service: what the readers keep lands in the
database (suffix and a function without organisation in the notes, one address block, lists
without system groups, one warning for a phone without digits). Runs on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import select

from beratung.domain.enums import Anrede
from beratung.domain.models import DistributionList, Organisation, Person

DATA = Path(__file__).resolve().parents[1] / "data"


def _persons(services: Any) -> dict[str, Person]:
    with services.db.read() as s:
        return {p.last_name: p for p in s.scalars(select(Person))}


def test_vcard_names_titles_functions_and_groups(services: Any) -> None:
    data = (DATA / "vcard_namen_titel_adressen.vcf").read_bytes()
    report = services.contact_transfer.commit_import(data, "karten.vcf")
    assert report.committed, [ln.message for ln in report.lines]
    persons = _persons(services)
    michael = persons["Angstadt"]
    assert michael.anrede is Anrede.HERR and michael.title is None
    assert "Namenszusatz: Jr." in (michael.notes or "")
    assert "Adresszusatz: TheOffice" in (michael.notes or "")
    hans = persons["Müller"]
    assert hans.title == "Dr." and "MdL" not in (hans.title or "")
    assert "Funktion: Landtagsabgeordneter" in (hans.notes or "")
    assert (hans.street, hans.postcode, hans.town) == ("Schlossplatz 1", "70173", "Stuttgart")
    eva = persons["Gruber"]
    assert eva.anrede is Anrede.FRAU and eva.title == "Prof. Dr."
    assert "Funktion: Fachärztin für Allgemeinmedizin" in (eva.notes or "")
    with services.db.read() as s:
        lists = set(s.scalars(select(DistributionList.name)))
    assert lists == {"Landtag", "Wissenschaft"}
    eva_line = next(ln for ln in report.lines if ln.row == 3)
    assert sum("keine Ziffern" in w or "„keine“" in w for w in eva_line.warnings) == 1


def test_outlook_other_postcode_never_joins_the_work_address(services: Any) -> None:
    data = (DATA / "outlook_en_work_zip_other_postal.csv").read_bytes()
    report = services.contact_transfer.commit_import(data, "outlook.csv")
    assert report.committed
    with services.db.read() as s:
        org = s.scalars(select(Organisation).where(Organisation.name == "Stadt Ludwigsburg")).one()
        assert (org.street, org.town) == ("Wilhelmstraße 11", "Ludwigsburg")
        assert org.postcode == "71638"
    assert any("Other Postal Code" in p for p in report.file_problems)


def test_google_labels_become_lists_without_system_groups(services: Any) -> None:
    data = (DATA / "google_contacts_current.csv").read_bytes()
    report = services.contact_transfer.commit_import(data, "contacts.csv")
    assert report.committed
    assert "* myContacts" not in report.lists_created
    assert "Kreis Tübingen" in report.lists_created
