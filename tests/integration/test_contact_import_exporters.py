"""Each exporter's file lands in the right fields (issue 13, "Done when"): Thunderbird (English
UTF-8 and German UTF-16 CSV), Apple Contacts, Evolution, eM Client, old Outlook vCard 2.1,
vCard 4.0 and Outlook CSV with multi-line notes. The coverage test checks that nothing is
dropped; this one checks that name, organisation, function, e-mail, phones and address end up
where the advisor looks for them. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from beratung.domain.enums import Anrede
from beratung.domain.models import Affiliation, DistributionList, Organisation, Person
from beratung.services.contact_io import ImportOptions

DATA = Path(__file__).resolve().parents[1] / "data"


def _digits(text: str | None) -> str:
    return "".join(ch for ch in text or "" if ch.isdigit())


def _import(services: Any, fixture: str) -> Any:
    data = (DATA / fixture).read_bytes()
    options = ImportOptions(skip_rejected=True, merge_candidates="create")
    report = services.contact_transfer.commit_import(data, fixture, options=options)
    assert report.committed, [ln.message for ln in report.lines]
    return report


#: fixture → family name → expected person fields (phones compared by digits).
PERSONS: dict[str, dict[str, dict[str, str]]] = {
    "thunderbird_en_utf8_komma.csv": {
        "Vogel": {"first_name": "Katrin", "email": "katrin.vogel@reutlingen.de",
                  "phone": "071213032345", "mobile": "015122334455", "fax": "071213032399"},
        "Metzingen": {"first_name": "Nachbarschaftshilfe", "email": "info@nbh-metzingen.de",
                      "postcode": "72555", "town": "Metzingen"},
    },
    "thunderbird_de_utf16.csv": {
        "Schäuble": {"first_name": "Brigitte", "email": "b.schaeuble@lra-ortenaukreis.de",
                     "phone": "07818059700", "mobile": "01604455667", "fax": "07818059709"},
        "Maier": {"street": "Wiesenweg 7", "postcode": "79100", "town": "Freiburg im Breisgau",
                  "phone": "0761445566"},
    },
    "apple_macos_vcard30.vcf": {
        "Krämer": {"title": "Dr.", "first_name": "Ulrike", "email": "ulrike.kraemer@ulm.de",
                   "phone": "07311615100", "mobile": "01709988776"},
        "Yılmaz": {"mobile": "4917612312312", "phone": "0731998877", "street": "Frauenstraße 28"},
    },
    "evolution_vcard30.vcf": {
        "Brenner": {"first_name": "Johannes", "email": "johannes.brenner@karlsruhe.de",
                    "phone": "07211335001", "mobile": "01609876543", "fax": "07211335009"},
        "Roth": {"street": "Kaiserallee 3", "postcode": "76185", "email": "sabine.roth@posteo.de"},
    },
    "emclient_vcard30.vcf": {
        "Scholz": {"first_name": "Martina", "email": "m.scholz@ostfildern.de",
                   "phone": "07113404220", "mobile": "01723344556"},
    },
    "outlook_vcard21_cp1252_qp.vcf": {
        "Hölzle": {"first_name": "Björn", "title": "Dipl.-Ing.", "phone": "07940129120",
                   "mobile": "015111223344", "fax": "07940129199"},
        "Weiß": {"first_name": "Jürgen", "email": "juergen.weiss@heilbronn.de"},
    },
    "vcard40_kind_org_gender.vcf": {
        "Fischer": {"first_name": "Lea", "email": "l.fischer@lrabb.de", "phone": "4970316631234",
                    "mobile": "491705556667", "fax": "4970316631999"},
    },
    "outlook_en_mehrzeilige_notizen.csv": {
        "Neumann": {"first_name": "Claudia", "email": "claudia.neumann@heidelberg.de",
                    "phone": "4962215837000", "mobile": "491601234999",
                    "fax": "4962215837099"},
        "Engel": {"title": "Prof. Dr.", "phone": "071419745200"},
    },
}
#: fixture → organisation → (street, postcode, town).
ORGANISATIONS: dict[str, dict[str, tuple[str, str, str]]] = {
    "thunderbird_en_utf8_komma.csv": {
        "Stadt Reutlingen": ("Marktplatz 22\nRathaus, Zimmer 3.12", "72764", "Reutlingen"),
        "Diakonieverband Tübingen": ("Hechinger Straße 12", "72072", "Tübingen"),
    },
    "thunderbird_de_utf16.csv": {
        "Landratsamt Ortenaukreis": ("Badstraße 20\nHaus B, 2. OG", "77652", "Offenburg"),
    },
    "apple_macos_vcard30.vcf": {
        "Stadt Ulm": ("Marktplatz 1", "89073", "Ulm"),
        "Caritasverband Ulm-Alb-Donau": ("Olgastraße 137", "89073", "Ulm"),
    },
    "evolution_vcard30.vcf": {"Stadt Karlsruhe": ("Zähringerstraße 61", "76133", "Karlsruhe")},
    "emclient_vcard30.vcf": {"Gemeinde Ostfildern": ("Klosterhof 10", "73760", "Ostfildern")},
    "outlook_vcard21_cp1252_qp.vcf": {
        "Gemeinde Künzelsau": ("Stuttgarter Straße 7", "74653", "Künzelsau"),
    },
    "vcard40_kind_org_gender.vcf": {
        "Landkreis Böblingen": ("Parkstraße 16", "71034", "Böblingen"),
        "Kreisseniorenrat Böblingen e.V.": ("Marktplatz 3", "71063", "Sindelfingen"),
    },
    "outlook_en_mehrzeilige_notizen.csv": {
        "Stadt Heidelberg": ("Fischmarkt 2", "69117", "Heidelberg"),
        "Evangelische Hochschule Ludwigsburg": ("Paulusweg 6", "71638", "Ludwigsburg"),
    },
}
#: fixture → family name → (organisation, function, department).
ROLES: dict[str, dict[str, tuple[str, str | None, str | None]]] = {
    "thunderbird_en_utf8_komma.csv": {
        "Vogel": ("Stadt Reutlingen", "Quartiersmanagerin", "Amt für Wohnen"),
    },
    "thunderbird_de_utf16.csv": {
        "Schäuble": ("Landratsamt Ortenaukreis", "Sozialplanerin",
                     "Amt für Soziale und Versorgungsangelegenheiten"),
    },
    "apple_macos_vcard30.vcf": {
        "Krämer": ("Stadt Ulm", "Abteilungsleiterin", "Abteilung Bildung, Sport und Soziales"),
    },
    "evolution_vcard30.vcf": {
        "Brenner": ("Stadt Karlsruhe", "Sozialplaner / Quartiersentwicklung",
                    "Sozial- und Jugendbehörde"),
    },
    "emclient_vcard30.vcf": {
        "Scholz": ("Gemeinde Ostfildern", "Seniorenbeauftragte", "Fachbereich Soziales"),
    },
    "outlook_vcard21_cp1252_qp.vcf": {
        "Hölzle": ("Gemeinde Künzelsau", "Bauamtsleiter", "Bauamt"),
    },
    "vcard40_kind_org_gender.vcf": {
        "Fischer": ("Landkreis Böblingen", "Inklusionsbeauftragte", "Sozialdezernat"),
    },
    "outlook_en_mehrzeilige_notizen.csv": {
        "Neumann": ("Stadt Heidelberg", "Sachgebietsleiterin", "Amt für Soziales und Senioren"),
    },
}


@pytest.mark.parametrize("fixture", sorted(PERSONS))
def test_exporter_fields_land_in_place(services: Any, fixture: str) -> None:
    _import(services, fixture)
    with services.db.read() as s:
        persons = {p.last_name: p for p in s.scalars(select(Person))}
        orgs = {o.name: o for o in s.scalars(select(Organisation))}
        roles = {
            (a.person.last_name, a.organisation.name): (a.role, a.department)
            for a in s.scalars(select(Affiliation))
        }
        for family, fields in PERSONS[fixture].items():
            person = persons[family]
            for key, expected in fields.items():
                value = getattr(person, key)
                if key in ("phone", "mobile", "fax"):
                    assert _digits(value) == expected, (family, key, value)
                else:
                    assert value == expected, (family, key, value)
        for name, address in ORGANISATIONS[fixture].items():
            org = orgs[name]
            assert (org.street, org.postcode, org.town) == address
        for family, (org_name, role, department) in ROLES.get(fixture, {}).items():
            assert roles[(family, org_name)] == (role, department)


def test_thunderbird_birthday_columns_are_labelled(services: Any) -> None:
    _import(services, "thunderbird_de_utf16.csv")
    with services.db.read() as s:
        maier = s.scalars(select(Person).where(Person.last_name == "Maier")).one()
    # "Geburtstag" in Thunderbird's German header is the day of the month, not a date.
    assert "Geburtsjahr: 1961" in (maier.notes or "")
    assert "Geburtsmonat: 11" in (maier.notes or "")
    assert "Geburtstag (Tag): 3" in (maier.notes or "")


def test_thunderbird_utf16_is_decoded(services: Any) -> None:
    data = (DATA / "thunderbird_de_utf16.csv").read_bytes()
    assert data.startswith(b"\xff\xfe")
    report = services.contact_transfer.dry_run_import(data, "thunderbird_de_utf16.csv")
    assert [ln.action for ln in report.lines] == ["create", "create"]
    assert "Brigitte Schäuble" in report.lines[0].name


def test_apple_card_keeps_escapes_categories_and_reports_photo(services: Any) -> None:
    report = _import(services, "apple_macos_vcard30.vcf")
    with services.db.read() as s:
        kraemer = s.scalars(select(Person).where(Person.last_name == "Krämer")).one()
        lists = {dl.name for dl in s.scalars(select(DistributionList))}
    assert kraemer.notes is not None
    assert kraemer.notes.startswith("Kontakt über den Städtetag; Rückruf erbeten, gern")
    assert lists == {"Inklusive Quartiere", "Kommunen"}
    assert any("Eigenschaft PHOTO" in m for m in report.file_problems)
    # X-ABADR (the address format's country) is card metadata, not a value.
    assert not any("X-ABADR" in m for m in report.file_problems)
    # The company card (X-ABShowAs:COMPANY, empty N) is an organisation, not a person.
    assert report.lines[1].action == "create" and "Organisation" in report.lines[1].message


def test_evolution_related_people_go_to_the_notes(services: Any) -> None:
    _import(services, "evolution_vcard30.vcf")
    with services.db.read() as s:
        brenner = s.scalars(select(Person).where(Person.last_name == "Brenner")).one()
        roth = s.scalars(select(Person).where(Person.last_name == "Roth")).one()
    assert brenner.anrede is Anrede.HERR
    for line in ("Vorgesetzte(r): Dr. Frank Lenz", "Assistenz: Petra Lang",
                 "Partner(in): Maria Brenner", "Blog: https://blog.quartier-karlsruhe.de",
                 "Spitzname: Jo", "Adresszusatz: Zimmer 204"):
        assert line in (brenner.notes or "")
    assert "Jahrestag: 2001-08-18" in (roth.notes or "")


def test_vcard40_types_in_quotes_and_gender(services: Any) -> None:
    report = _import(services, "vcard40_kind_org_gender.vcf")
    with services.db.read() as s:
        fischer = s.scalars(select(Person).where(Person.last_name == "Fischer")).one()
    assert fischer.anrede is Anrede.FRAU
    # No number is left over: TYPE="work,voice" and TYPE="work,fax" are read as lists.
    assert not any("Telefonnummer" in w for ln in report.lines for w in ln.warnings)


def test_outlook_multiline_notes_survive(services: Any) -> None:
    _import(services, "outlook_en_mehrzeilige_notizen.csv")
    with services.db.read() as s:
        neumann = s.scalars(select(Person).where(Person.last_name == "Neumann")).one()
        engel = s.scalars(select(Person).where(Person.last_name == "Engel")).one()
    assert neumann.anrede is Anrede.FRAU
    assert neumann.notes is not None
    assert 'Zweite Zeile: "Inklusion vor Ort", Raum 3.' in neumann.notes.split("\n")
    assert "Dritte Zeile nach Leerzeile." in neumann.notes
    assert "Namenszusatz: Jr." in (engel.notes or "")
