"""Finding likely duplicate persons and organisations: the service loads the candidates, the
pure rules in :mod:`beratung.domain.rules.duplicates` pair and score them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from sqlalchemy import select

from beratung.domain.contacts import Affiliation, Organisation, Person
from beratung.domain.rules.duplicates import (
    DuplicateItem,
    DuplicatePair,
    duplicate_pairs,
    name_text,
    organisation_label,
    organisation_places,
    person_places,
)
from beratung.domain.rules.names import display_name
from beratung.domain.rules.search import match_key
from beratung.services.base import Service
from beratung.services.contacts.snapshots import DuplicateCandidate


class DuplicateService(Service):
    def find_duplicates(self) -> list[DuplicateCandidate]:
        """Likely duplicate persons, then organisations, best evidence first."""
        return self.find_person_duplicates() + self.find_organisation_duplicates()

    def find_person_duplicates(self) -> list[DuplicateCandidate]:
        with self.db.read() as s:
            orgs: dict[int, list[tuple[str, str | None]]] = {}
            for pid, oname, otown in s.execute(
                select(Affiliation.person_id, Organisation.name, Organisation.town).join(
                    Organisation, Organisation.id == Affiliation.organisation_id
                )
            ):
                orgs.setdefault(pid, []).append((oname, otown))
            items = [
                DuplicateItem(
                    id=pid,
                    label=display_name(title, first, last),
                    name=match_key(name_text(first, last)),
                    email=email,
                    places=person_places(town, orgs.get(pid, [])),
                )
                for pid, title, first, last, email, town in s.execute(
                    select(
                        Person.id,
                        Person.title,
                        Person.first_name,
                        Person.last_name,
                        Person.email,
                        Person.town,
                    ).where(Person.erased_at.is_(None))
                )
            ]
        return _candidates("person", duplicate_pairs(items, "Ort/Organisation"))

    def find_organisation_duplicates(self) -> list[DuplicateCandidate]:
        with self.db.read() as s:
            items = [
                DuplicateItem(
                    id=oid,
                    label=organisation_label(name, town),
                    name=match_key(name_text(name)),
                    email=email,
                    places=organisation_places(town),
                )
                for oid, name, town, email in s.execute(
                    select(
                        Organisation.id, Organisation.name, Organisation.town, Organisation.email
                    )
                )
            ]
        return _candidates("organisation", duplicate_pairs(items, "Ort"))


def _candidates(
    entity: Literal["person", "organisation"], pairs: Sequence[DuplicatePair]
) -> list[DuplicateCandidate]:
    """The rules pair plain items; the GUI's candidate also says what kind of record it is."""
    return [
        DuplicateCandidate(
            entity=entity,
            first_id=p.first_id,
            second_id=p.second_id,
            first_label=p.first_label,
            second_label=p.second_label,
            reason=p.reason,
            score=p.score,
        )
        for p in pairs
    ]
