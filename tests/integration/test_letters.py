"""Letter service: the address of the chosen role, and whole letter snapshots for a mailing
(the way event invitations will use it) — on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from beratung.documents.letter import render_letter
from beratung.domain.enums import AddressPreference, Anrede, OrganisationKind
from beratung.domain.errors import NotFoundError, ValidationError
from beratung.services.contacts import AffiliationInput, OrganisationInput, PersonInput
from beratung.services.letters import LetterContent, LetterRecipient
from beratung.services.office import ClerkData, OfficeProfileData


@pytest.fixture
def people(services: Any) -> dict[str, int]:
    contacts = services.contacts
    ulm = contacts.create_organisation(
        OrganisationInput(
            name="Stadt Ulm",
            kind=OrganisationKind.MUNICIPALITY,
            street="Marktplatz 1",
            postcode="89073",
            town="Ulm",
        )
    ).id
    kreis = contacts.create_organisation(
        OrganisationInput(
            name="Landratsamt Alb-Donau-Kreis",
            kind=OrganisationKind.COUNTY,
            street="Schillerstraße 30",
            postcode="89077",
            town="Ulm",
        )
    ).id
    mueller = contacts.create_person(
        PersonInput(
            last_name="Müller",
            first_name="Anna",
            anrede=Anrede.FRAU,
            title="Dr.",
            street="Hauptstraße 5",
            postcode="89077",
            town="Ulm",
        ),
        affiliation=AffiliationInput(organisation_id=ulm, role="Oberbürgermeisterin"),
    )
    kreisrat = contacts.add_affiliation(
        mueller.id, AffiliationInput(organisation_id=kreis, role="Kreisrätin")
    )
    second_role = next(a.id for a in kreisrat.affiliations if a.organisation_id == kreis)
    private = contacts.create_person(
        PersonInput(
            last_name="Weber",
            anrede=Anrede.HERR,
            street="Weg 1",
            postcode="70173",
            town="Stuttgart",
            address_preference=AddressPreference.PRIVATE,
        )
    ).id
    services.office.save_profile(
        OfficeProfileData(
            name="Städtetag Baden-Württemberg",
            street="Königstraße 2",
            postcode="70173",
            town="Stuttgart",
            phone="0711 22921-0",
            fax="0711 22921-42",
        ),
        expected_version=None,
    )
    clerk = services.office.create_clerk(
        ClerkData(
            name="Simone Fischer",
            initials="Fi",
            function="Fachberatung Inklusion",
            phone_extension="33",
            email="simone.fischer@staedtetag-bw.de",
        )
    ).id
    return {
        "ulm": ulm,
        "kreis": kreis,
        "mueller": mueller.id,
        "second_role": second_role,
        "weber": private,
        "clerk": clerk,
    }


def test_the_address_follows_the_chosen_role(services: Any, people: dict[str, int]) -> None:
    letters = services.letters
    default = letters.address(people["mueller"])
    assert default.lines[:2] == ("Stadt Ulm", "Frau Oberbürgermeisterin")
    assert default.organisation_id == people["ulm"]
    chosen = letters.address(people["mueller"], people["second_role"])
    assert chosen.lines == (
        "Landratsamt Alb-Donau-Kreis",
        "Frau Kreisrätin",
        "Dr. Anna Müller",
        "Schillerstraße 30",
        "89077 Ulm",
    )
    assert chosen.salutation == "Sehr geehrte Frau Kreisrätin Dr. Müller,"
    assert chosen.affiliation_id == people["second_role"]
    # the contacts service gives the same answer (it delegates)
    assert services.contacts.letter_address(people["mueller"], people["second_role"]) == chosen
    private = letters.address(people["weber"])
    assert private.lines == ("Herrn Weber", "Weg 1", "70173 Stuttgart")
    assert private.affiliation_id is None


def test_one_letter_per_invitee_with_the_address_of_their_role(
    services: Any, people: dict[str, int]
) -> None:
    content = LetterContent(
        subject="Einladung zum Werkstattgespräch am 25. Oktober 2017 in Ulm",
        body=("wir laden Sie herzlich ein.", "Bitte melden Sie sich bis zum 11. Oktober an."),
        letter_date=date(2017, 9, 20),
        clerk_id=people["clerk"],
        our_reference="047.43 - Fi",
        enclosures=("Tagesordnung",),
    )
    snapshots = services.letters.letters(
        [
            LetterRecipient(people["mueller"], people["second_role"]),
            LetterRecipient(people["weber"]),
        ],
        content,
    )
    first, second = snapshots
    assert first.address.lines[0] == "Landratsamt Alb-Donau-Kreis"
    assert first.salutation == "Sehr geehrte Frau Kreisrätin Dr. Müller,"
    assert second.address.lines == ("Herrn Weber", "Weg 1", "70173 Stuttgart")
    assert second.salutation == "Sehr geehrter Herr Weber,"
    assert first.return_line == "Städtetag Baden-Württemberg · Königstraße 2 · 70173 Stuttgart"
    info = first.information
    assert (info.letter_date, info.our_reference, info.name) == (
        date(2017, 9, 20),
        "047.43 - Fi",
        "Simone Fischer",
    )
    assert (info.phone, info.fax) == ("0711 22921-33", "0711 22921-42")
    assert info.email == "simone.fischer@staedtetag-bw.de"
    assert first.title == content.subject
    assert (first.signatory_name, first.signatory_function) == (
        "Simone Fischer",
        "Fachberatung Inklusion",
    )
    assert first.enclosures == ("Tagesordnung",) and first.body == content.body
    assert render_letter(first).startswith(b"%PDF")
    single = services.letters.letter(
        people["weber"], LetterContent(subject="Betreff", body=("Text",))
    )
    assert single.information.letter_date == services.letters.ctx.today()
    assert single.information.name is None and single.signatory_name is None


def test_a_mailing_refuses_what_it_cannot_address(services: Any, people: dict[str, int]) -> None:
    content = LetterContent(subject="Betreff", body=("Text",))
    with pytest.raises(NotFoundError, match="Funktion"):
        services.letters.letter(people["weber"], content, affiliation_id=people["second_role"])
    with pytest.raises(NotFoundError, match="Person"):
        services.letters.letter(999_999, content)
    with pytest.raises(NotFoundError, match="Bearbeiter"):
        services.letters.letter(
            people["weber"], LetterContent(subject="Betreff", body=("Text",), clerk_id=999_999)
        )
    homeless = services.contacts.create_person(PersonInput(last_name="Ohne Ort")).id
    with pytest.raises(ValidationError, match="keinen Ort"):
        services.letters.letters(
            [LetterRecipient(people["weber"]), LetterRecipient(homeless)], content
        )
