"""Lists sort names the German way, identically on SQLite and PostgreSQL (both runs of the suite
expect the same lists), and the database keeps one primary role per person."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from beratung.domain.models import Affiliation, Organisation, Person
from beratung.domain.rules.sorting import name_sort_key, sort_key
from beratung.services.contacts import (
    AffiliationInput,
    OrganisationInput,
    PersonInput,
)

# The expected German order (DIN 5007-1, particles behind the last name).
GERMAN_ORDER = [
    ("Abel", "Udo"),
    ("Bülow", "Anna"),
    ("von Bülow", "Anna"),
    ("Busch", "Ida"),
    ("Mueller", "Hans"),
    ("Müller", "Anna"),
    ("Müller", "Anna"),  # the same name twice: the id decides
    ("Müller", "Jan"),
    ("Özdemir", "Cem"),
    ("Zimmermann", "Zoe"),
    ("zu Zypern", "Lea"),
]


def _names(rows: Any) -> list[tuple[str, str | None]]:
    return [(r.last_name, r.first_name) for r in rows]


@pytest.fixture
def people(services: Any) -> list[int]:
    """The persons of GERMAN_ORDER, created in a scrambled order."""
    ids: dict[int, int] = {}
    for index in (8, 3, 10, 1, 5, 0, 9, 6, 2, 7, 4):
        last, first = GERMAN_ORDER[index]
        data = PersonInput(last_name=last, first_name=first)
        ids[index] = int(services.contacts.create_person(data).id)
    return [ids[i] for i in range(len(GERMAN_ORDER))]


def test_names_sort_the_german_way_on_both_databases(services: Any, people: list[int]) -> None:
    contacts = services.contacts
    rows = contacts.list_persons(order_by="name")
    assert _names(rows) == GERMAN_ORDER
    assert [r.id for r in rows][5:7] == sorted(people[5:7])  # equal names: by id
    assert [r.id for r in contacts.list_persons(order_by="-name")] == [r.id for r in rows][::-1]
    assert contacts.find_person_ids(order_by="name") == [r.id for r in rows]


def test_pages_by_name_neither_overlap_nor_skip(services: Any, people: list[int]) -> None:
    contacts = services.contacts
    for order in ("name", "-name", "town", "-town"):
        everything = [r.id for r in contacts.list_persons(order_by=order, limit=100)]
        paged = [
            r.id
            for offset in range(0, len(everything), 3)
            for r in contacts.list_persons(order_by=order, offset=offset, limit=3)
        ]
        assert paged == everything, order
        assert sorted(paged) == sorted(people)


def test_a_rename_resorts_the_person(services: Any, people: list[int]) -> None:
    contacts = services.contacts
    abel = contacts.get_person(people[0])
    contacts.update_person(abel.id, {"last_name": "von Zyrus"}, expected_version=abel.version)
    assert contacts.list_persons(order_by="name")[-1].id == abel.id
    with services.db.read() as s:
        stored = {p.id: p for p in s.scalars(select(Person))}
    assert all(p.sort_name == sort_key(p.last_name, p.first_name) for p in stored.values())
    assert stored[abel.id].sort_name == "zyrus,udo,von"


def test_persons_without_organisation_role_or_town_come_last_both_ways(services: Any) -> None:
    contacts = services.contacts
    zell = int(contacts.create_organisation(OrganisationInput(name="Stadt Zell", town="Zell")).id)
    aach = int(contacts.create_organisation(OrganisationInput(name="Stadt Aach", town="Aach")).id)
    nobody = int(contacts.create_person(PersonInput(last_name="Albrecht")).id)
    zeller = contacts.create_person(
        PersonInput(last_name="Zeller"),
        affiliation=AffiliationInput(organisation_id=zell, role="Kämmerin"),
    ).id
    achter = contacts.create_person(
        PersonInput(last_name="Achter"),
        affiliation=AffiliationInput(organisation_id=aach, role="Bürgermeister"),
    ).id
    for key in ("organisation", "role", "town"):
        assert [r.id for r in contacts.list_persons(order_by=key)] == [achter, zeller, nobody]
        assert [r.id for r in contacts.list_persons(order_by=f"-{key}")] == [
            zeller,
            achter,
            nobody,
        ], key


def test_organisations_sort_the_german_way_and_without_town_last(services: Any) -> None:
    contacts = services.contacts
    for name, town in (
        ("Gemeinde Zaisenhausen", "Zaisenhausen"),
        ("Gemeinde Öhningen", "Öhningen"),
        ("gemeinde Aach", None),
        ("Landratsamt Ulm", "Ulm"),
    ):
        contacts.create_organisation(OrganisationInput(name=name, town=town))
    names = [o.name for o in contacts.list_organisations(order_by="name")]
    assert names == [
        "gemeinde Aach",
        "Gemeinde Öhningen",
        "Gemeinde Zaisenhausen",
        "Landratsamt Ulm",
    ]
    assert [o.name for o in contacts.list_organisations(order_by="-name")] == names[::-1]
    assert [o.town for o in contacts.list_organisations(order_by="town")][-1] is None
    assert [o.town for o in contacts.list_organisations(order_by="-town")][-1] is None
    with services.db.read() as s:
        for org in s.scalars(select(Organisation)):
            assert org.sort_name == name_sort_key(org.name)


def test_the_sort_key_is_compared_bytewise_on_postgresql(services: Any) -> None:
    """The server's locale would otherwise ignore the separators ("," and "-") of the key."""
    if services.db.dialect_name != "postgresql":
        pytest.skip("nur PostgreSQL hat eine Server-Sortierfolge")
    with services.db.read() as s:
        collations = s.execute(
            text(
                "SELECT table_name, collation_name FROM information_schema.columns "
                "WHERE column_name = 'sort_name' ORDER BY table_name"
            )
        ).all()
    assert [tuple(c) for c in collations] == [("organisation", "C"), ("person", "C")]


def test_the_database_refuses_a_second_primary_role(services: Any) -> None:
    contacts = services.contacts
    ulm = int(contacts.create_organisation(OrganisationInput(name="Stadt Ulm", town="Ulm")).id)
    bund = int(contacts.create_organisation(OrganisationInput(name="Bund", town="Berlin")).id)
    person = contacts.create_person(
        PersonInput(last_name="Weber"), affiliation=AffiliationInput(organisation_id=ulm)
    )
    with pytest.raises(IntegrityError), services.db.transaction() as s:
        s.add(Affiliation(person_id=person.id, organisation_id=bund, is_primary=True))
    detail = contacts.add_affiliation(person.id, AffiliationInput(organisation_id=bund))
    second = next(a.id for a in detail.affiliations if not a.is_primary)
    detail = contacts.set_primary_affiliation(second)
    assert [a.id for a in detail.affiliations if a.is_primary] == [second]
    # Not primary twice is fine: the index covers primary roles only.
    with services.db.transaction() as s:
        s.add(Affiliation(person_id=person.id, organisation_id=ulm, is_primary=False))
