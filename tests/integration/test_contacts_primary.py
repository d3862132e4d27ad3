"""One primary affiliation per person, on SQLite and PostgreSQL: the service never writes two
primaries in one flush (changing the primary, merging, undoing a merge)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select

from beratung.domain.models import Affiliation
from beratung.services.contacts import AffiliationInput, OrganisationInput, PersonInput


def _org(services: Any, name: str) -> int:
    return int(services.contacts.create_organisation(OrganisationInput(name=name, town="Ulm")).id)


def _primaries(services: Any, person_id: int) -> list[int]:
    with services.db.read() as s:
        return list(
            s.scalars(
                select(Affiliation.id).where(
                    Affiliation.person_id == person_id, Affiliation.is_primary.is_(True)
                )
            )
        )


def _person_with_two_roles(services: Any, last: str, first: str) -> tuple[int, int, int]:
    """A person whose primary role has the higher id of two: (person, older role, primary)."""
    contacts = services.contacts
    ulm, verband = _org(services, f"Stadt Ulm {last}"), _org(services, f"Verband {last}")
    person = contacts.create_person(
        PersonInput(last_name=last, first_name=first),
        affiliation=AffiliationInput(organisation_id=ulm, role="Sozialdezernentin"),
    )
    detail = contacts.add_affiliation(
        person.id, AffiliationInput(organisation_id=verband, role="Beirätin", is_primary=True)
    )
    primary = next(a.id for a in detail.affiliations if a.is_primary)
    older = next(a.id for a in detail.affiliations if not a.is_primary)
    assert older < primary
    return int(person.id), older, primary


def test_the_primary_moves_to_a_role_with_a_lower_id(services: Any) -> None:
    """UPDATEs go out in id order: without clearing the old primary first, the new one would be
    written while the old one still is primary."""
    person, older, primary = _person_with_two_roles(services, "Fischer", "Eva")
    detail = services.contacts.set_primary_affiliation(older)
    assert [a.id for a in detail.affiliations if a.is_primary] == [older]
    assert _primaries(services, person) == [older]
    services.contacts.set_primary_affiliation(primary)
    assert _primaries(services, person) == [primary]


def test_ending_the_primary_role_moves_the_primary_to_a_current_one(services: Any) -> None:
    person, older, primary = _person_with_two_roles(services, "Fischer", "Eva")
    services.contacts.end_affiliation(primary, date(2017, 10, 25))
    assert _primaries(services, person) == [older]


def test_merging_two_persons_with_a_primary_each_keeps_one_and_undo_restores_both(
    services: Any,
) -> None:
    contacts = services.contacts
    keep, _keep_older, keep_primary = _person_with_two_roles(services, "Schmid", "Eva")
    remove, remove_older, remove_primary = _person_with_two_roles(services, "Schmidt", "Eva")

    contacts.merge_persons(keep, remove)
    merged = contacts.get_person(keep)
    assert len(merged.affiliations) == 4
    assert [a.id for a in merged.affiliations if a.is_primary] == [keep_primary]
    assert _primaries(services, keep) == [keep_primary]

    contacts.undo_last_merge()
    assert _primaries(services, keep) == [keep_primary]
    assert _primaries(services, remove) == [remove_primary]
    restored = contacts.get_person(remove)
    assert {a.id for a in restored.affiliations} == {remove_older, remove_primary}


def test_merging_into_a_person_without_roles_keeps_the_moved_primary(services: Any) -> None:
    contacts = services.contacts
    keep = int(contacts.create_person(PersonInput(last_name="Schmid", first_name="Eva")).id)
    remove, _older, remove_primary = _person_with_two_roles(services, "Schmidt", "Eva")
    contacts.merge_persons(keep, remove)
    assert _primaries(services, keep) == [remove_primary]
    contacts.undo_last_merge()
    assert _primaries(services, keep) == []
    assert _primaries(services, remove) == [remove_primary]
