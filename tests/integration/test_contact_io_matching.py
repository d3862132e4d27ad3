"""Import matching and reporting: same-named municipalities, private addresses, decisions
before writes, dry run == commit, audit of created organisations/lists, vCard wording and
e-mail matching on affiliations."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from sqlalchemy import select

from beratung.domain.enums import AuditAction
from beratung.domain.models import AuditEntry, DistributionList, Organisation, Person
from beratung.services.contact_io import ImportOptions
from beratung.services.contacts import AffiliationInput, OrganisationInput, PersonInput

DATA = Path(__file__).resolve().parents[1] / "data"


def _csv(*lines: str) -> bytes:
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def _person(services: Any, last: str) -> Person:
    with services.db.read() as s:
        person = s.scalars(select(Person).where(Person.last_name == last)).one()
        s.expunge(person)
        return person


def _org_of(services: Any, last: str) -> int | None:
    [row] = [r for r in services.contacts.list_persons() if r.last_name == last]
    return int(row.organisation_id) if row.organisation_id else None


def _altdorfs(services: Any) -> tuple[int, int]:
    services.masterdata.load_directory(source_label="mitgeliefert")
    a = services.masterdata.create_municipality("08115002")  # Altdorf, 71155
    b = services.masterdata.create_municipality("08116005")  # Altdorf, 72655
    assert a.name == b.name == "Gemeinde Altdorf"
    return a.id, b.id


# ---- 1. same-named municipalities ------------------------------------------------------


def test_same_named_municipalities_are_told_apart_by_postcode(services: Any) -> None:
    a, b = _altdorfs(services)
    data = _csv(
        "Vorname;Nachname;Firma;Postleitzahl geschäftlich;Ort geschäftlich",
        "Anna;Eins;Gemeinde Altdorf;71155;Altdorf",
        "Bert;Zwei;Gemeinde Altdorf;72655;Altdorf",
        "Carl;Drei;Gemeinde Altdorf;;",
        "Dora;Vier;Gemeinde Altdorf;72999;",  # first two digits decide
    )
    transfer = services.contact_transfer
    report = transfer.dry_run_import(data, "altdorf.csv")
    actions = {ln.row: ln.action for ln in report.lines}
    assert actions == {2: "create", 3: "create", 4: "reject", 5: "create"}
    assert report.lines[2].message == (
        "Zeile 4: „Gemeinde Altdorf“ gibt es mehrmals (71155, 72655); bitte die PLZ angeben."
    )
    assert report.organisations_created == ()
    committed = transfer.commit_import(
        data, "altdorf.csv", options=ImportOptions(skip_rejected=True)
    )
    assert committed.committed
    assert (_org_of(services, "Eins"), _org_of(services, "Zwei"), _org_of(services, "Vier")) == (
        a,
        b,
        b,
    )
    with services.db.read() as s:
        assert len(s.scalars(select(Organisation)).all()) == 2


def test_a_same_named_municipality_not_yet_in_the_database_is_created_by_ags(
    services: Any,
) -> None:
    services.masterdata.load_directory(source_label="mitgeliefert")
    a = services.masterdata.create_municipality("08115002")  # only Altdorf 71155 exists
    data = _csv(
        "Nachname;Firma;Postleitzahl geschäftlich",
        "Zwei;Gemeinde Altdorf;72655",
        "Eins;Gemeinde Altdorf;71155",
        "Drei;Altdorf;72655",  # other spelling, same AGS: the organisation of row 2
    )
    report = services.contact_transfer.commit_import(data, "altdorf.csv")
    assert report.committed, [ln.message for ln in report.lines]
    assert report.organisations_created == ("Gemeinde Altdorf",)
    assert _org_of(services, "Eins") == a.id
    new = _org_of(services, "Zwei")
    assert new != a.id and _org_of(services, "Drei") == new
    with services.db.read() as s:
        assert s.get(Organisation, new).ags == "08116005"


# ---- 2. Outlook private addresses ------------------------------------------------------

OUTLOOK = (
    "Vorname;Nachname;Firma;Straße geschäftlich;Ort geschäftlich;Postleitzahl geschäftlich;"
    "Straße privat;Ort privat;Postleitzahl privat;Telefon privat"
)


def test_outlook_private_address_is_imported_when_there_is_no_business_address(
    services: Any,
) -> None:
    data = _csv(
        OUTLOOK,
        "Peter;Groß;;;;;Gartenweg 3;Esslingen;73728;0711 123456",
        "Eva;Privat;Netzwerk Neu;;;;Seeweg 1;Konstanz;78462;",
        "Anna;Beides;Stadt Ulm;Marktplatz 1;Ulm;89073;Gartenweg 3;Esslingen;73728;",
    )
    transfer = services.contact_transfer
    dry = transfer.dry_run_import(data, "outlook.csv")
    assert [ln.action for ln in dry.lines] == ["create", "create", "create"]
    assert dry.lines[0].warnings == () and dry.lines[1].warnings == ()
    assert any("Privatadresse" in w for w in dry.lines[2].warnings)
    assert transfer.commit_import(data, "outlook.csv").committed
    gross = _person(services, "Groß")
    assert (gross.street, gross.postcode, gross.town) == ("Gartenweg 3", "73728", "Esslingen")
    assert gross.phone and "123456" in gross.phone
    eva = _person(services, "Privat")
    assert (eva.street, eva.postcode, eva.town) == ("Seeweg 1", "78462", "Konstanz")
    with services.db.read() as s:
        netzwerk = s.scalars(select(Organisation).where(Organisation.name == "Netzwerk Neu")).one()
        ulm = s.scalars(select(Organisation).where(Organisation.name == "Stadt Ulm")).one()
        # a private address never becomes the organisation's address
        assert (netzwerk.street, netzwerk.postcode, netzwerk.town) == (None, None, None)
        assert (ulm.street, ulm.postcode, ulm.town) == ("Marktplatz 1", "89073", "Ulm")
    beides = _person(services, "Beides")
    assert beides.street is None  # business address only, nothing mixed in


# ---- 3. a row left out writes nothing --------------------------------------------------


def test_merge_candidate_left_out_creates_no_organisation_or_list(services: Any) -> None:
    transfer = services.contact_transfer
    transfer.commit_import(_csv("Vorname;Nachname;Firma", "Anna;Müller;Stadt Ulm"), "a.csv")
    data = _csv(
        "Vorname;Nachname;Firma;Kategorien",
        "Anna;Müller;Netzwerk Neu;Neuer Verteiler",
    )
    dry = transfer.dry_run_import(data, "b.csv")
    assert [ln.action for ln in dry.lines] == ["merge_candidate"]
    assert dry.organisations_created == () and dry.lists_created == ()
    report = transfer.commit_import(data, "b.csv")
    assert report.committed
    assert report.organisations_created == () and report.lists_created == ()
    with services.db.read() as s:
        assert [o.name for o in s.scalars(select(Organisation))] == ["Stadt Ulm"]
        assert s.scalars(select(DistributionList)).all() == []


# ---- 4. dry run == commit ----------------------------------------------------------------


def test_dry_run_equals_commit_for_duplicate_rows_within_one_file(services: Any) -> None:
    transfer = services.contact_transfer
    transfer.commit_import(
        _csv("Vorname;Nachname;E-Mail-Adresse", "Jan;Weber;jan@weber.de"), "a.csv"
    )
    data = _csv(
        "Vorname;Nachname;Firma;Position;E-Mail-Adresse;Kategorien",
        "Anna;Müller;Stadt Ulm;Dezernentin;anna@ulm.de;Presse",
        "Anna;Müller;Netzwerk Inklusion;Vorsitzende;anna@ulm.de;Newsletter",
        "Anna;Müller;Netzwerk Inklusion;Vorsitzende;anna@ulm.de;Newsletter",
        "Anna;Müller;Stadt Ulm;Sozialdezernentin;anna@ulm.de;",
        "Jan;Weber;;;jan@weber.de;Presse",
        "Jan;Weber;;;jan@weber.de;Presse",
    )
    dry = transfer.dry_run_import(data, "dup.csv")
    committed = transfer.commit_import(data, "dup.csv")
    assert committed.committed
    # Only the ids of persons created by this very file are unknown in the dry run.
    assert [replace(ln, person_id=None) for ln in dry.lines] == [
        replace(ln, person_id=None) for ln in committed.lines
    ]
    assert dry.organisations_created == committed.organisations_created
    assert dry.lists_created == committed.lists_created
    assert [(ln.action, ln.changed_fields) for ln in dry.lines] == [
        ("create", ()),
        ("update", ("Funktion (neu)", "Verteiler")),
        ("unchanged", ()),
        ("update", ("Funktion",)),
        ("update", ("Verteiler",)),
        ("unchanged", ()),
    ]
    roles = {r.organisation: r.role for r in services.contacts.list_persons()}
    assert roles["Stadt Ulm"] == "Sozialdezernentin"


# ---- 5. audit ----------------------------------------------------------------------------


def test_created_organisations_and_lists_are_audited(services: Any) -> None:
    data = _csv(
        "Vorname;Nachname;Firma;Kategorien",
        "Anna;Müller;Stadt Ulm;Presse;",
        "Jan;Weber;Stadt Ulm;Presse",
        ";;Netzwerk Inklusion;",
    )
    assert services.contact_transfer.commit_import(data, "a.csv").committed
    with services.db.read() as s:
        created = {
            (e.entity_type, e.entity_id)
            for e in s.scalars(select(AuditEntry).where(AuditEntry.action == AuditAction.CREATE))
        }
        orgs = {o.id for o in s.scalars(select(Organisation))}
        lists = {dl.id for dl in s.scalars(select(DistributionList))}
    assert len(orgs) == 2 and len(lists) == 1
    assert {("organisation", i) for i in orgs} <= created
    assert {("distribution_list", i) for i in lists} <= created


# ---- 6. vCard wording ----------------------------------------------------------------------


def test_vcard_messages_name_cards_not_rows(services: Any) -> None:
    report = services.contact_transfer.dry_run_import(
        (DATA / "kontakte_gemischt.vcf").read_bytes(), "kontakte_gemischt.vcf"
    )
    assert report.lines
    for line in report.lines:
        assert line.message.startswith(f"Karte {line.row}"), line.message
    cards = (
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nN:Falsch;Eva;;;\r\nEMAIL:eva@\r\nEND:VCARD\r\n"
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nN:Richtig;Jan;;;\r\nEND:VCARD\r\n"
    )
    first, second = services.contact_transfer.dry_run_import(cards, "k.vcf").lines
    assert first.action == "reject" and first.message.startswith("Karte 1, E-Mail")
    assert second.message == "Karte 2: Jan Richtig wird neu angelegt."


# ---- 8. e-mail on the affiliation --------------------------------------------------------


def test_email_stored_on_the_affiliation_matches(services: Any) -> None:
    org = services.contacts.create_organisation(OrganisationInput(name="Stadt Ulm", town="Ulm"))
    services.contacts.create_person(
        PersonInput(last_name="Müller", first_name="Anna"),
        affiliation=AffiliationInput(organisation_id=org.id, role="OB", email="ob@ulm.de"),
    )
    data = _csv(
        "Vorname;Nachname;Firma;E-Mail-Adresse",
        "Anna;Müller-Schmidt;Stadt Ulm;ob@ulm.de",  # renamed: only the e-mail can match
    )
    report = services.contact_transfer.dry_run_import(data, "a.csv")
    [line] = report.lines
    assert line.action == "update" and "E-Mail-Adresse" in line.message
    assert line.changed_fields == ("Nachname",)
    # and the round trip through every format matches by e-mail, creating nothing
    transfer = services.contact_transfer
    for fmt, name in (("csv", "x.csv"), ("xlsx", "x.xlsx"), ("vcf", "x.vcf")):
        again = transfer.dry_run_import(transfer.export_contacts(fmt), name)
        assert [ln.action for ln in again.lines] == ["unchanged"], fmt
