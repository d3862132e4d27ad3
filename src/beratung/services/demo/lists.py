"""The demo's distribution lists (Verteiler) and who is on them.

The press list, the network "Inklusive Quartiere" (with each member's consent, given by e-mail
when they joined), the Sozialdezernate, and the invitation list of the Werkstattgespräch in Ulm:
everybody in Ulm, then the network, then further contacts of advised towns. On a forced run an
existing list of the same name is kept and only missing members are added.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from beratung.domain.enums import ConsentMethod, ConsentPurpose
from beratung.domain.models import Consent, DistributionList, DistributionListMember, Person
from beratung.services.demo.common import DemoBuild, at
from beratung.services.demo.organisations import ULM_AGS, Contact, Towns
from beratung.services.demo.people import People

NETWORK_LIST = "Netzwerk Inklusive Quartiere"
NETWORK_ROLES = frozenset({"inkl", "quartier", "behind", "senioren", "planung"})
#: The invitation list of the Werkstattgespräch Ulm: the first 72 drawn at random from the
#: candidates (as the demo always did), the rest in the candidates' order (no further draws,
#: so the parts after this one keep their random numbers).
ULM_INVITEES = 100
ULM_DRAWN = 72


@dataclass(frozen=True, slots=True)
class Lists:
    #: By name, in the order the demo made them.
    by_name: dict[str, DistributionList]
    #: The invitees of the Werkstattgespräch Ulm, in the order of its invitation list.
    ulm_invitees: list[Contact]


def build_lists(demo: DemoBuild, towns: Towns, people: People) -> Lists:
    """Add the distribution lists, their members and the network members' consents."""
    s = demo.s
    rng = demo.rng
    existing = {d.name: d for d in s.scalars(select(DistributionList))}
    added_at = at(date(2017, 1, 9), 9)
    lists: dict[str, DistributionList] = {}

    def make(name: str, description: str, contacts: Sequence[tuple[Person, int | None]]) -> None:
        dlist = existing.get(name)
        if dlist is None:
            dlist = DistributionList(name=name, description=description)
            demo.add(dlist)
            s.flush()
        seen = {m.person_id for m in dlist.members}
        for person, affiliation_id in contacts:
            if person.id in seen:
                continue
            seen.add(person.id)
            demo.add(
                DistributionListMember(
                    distribution_list=dlist,
                    person=person,
                    affiliation_id=affiliation_id,
                    added_at=added_at,
                )
            )
        lists[name] = dlist

    def primary(person: Person) -> int | None:
        return next((a.id for a in person.affiliations if a.is_primary), None)

    make(
        "Presse",
        "Presseverteiler: Landespresse, Rundfunk, Agenturen",
        [(p, primary(p)) for p in people.press_contacts],
    )
    network = [
        c
        for t in towns.advised + towns.network
        for c in t.contacts
        if c.role in NETWORK_ROLES and (t.org.is_member or rng.random() < 0.5)
    ]
    make(
        NETWORK_LIST,
        "Ansprechpartnerinnen und -partner der Kommunen im Projekt „Inklusive Quartiere“",
        [(c.person, c.affiliation.id) for c in network],
    )
    dezernenten = [c for t in towns.advised for c in t.contacts if c.role in ("sozdez", "sozamt")]
    make(
        "Sozialdezernentinnen und -dezernenten",
        "Sozialdezernate und Sozialämter der Mitgliedsstädte",
        [(c.person, c.affiliation.id) for c in dezernenten],
    )
    # The Werkstattgespräch invitees: everybody in Ulm, the network, then more contacts.
    ulm = towns.by_ags[ULM_AGS]
    candidates: list[Contact] = list(ulm.contacts)
    for contact in network + [c for t in towns.advised for c in t.contacts]:
        if contact not in candidates:
            candidates.append(contact)
    pool = candidates[len(ulm.contacts) :]
    head = candidates[: len(ulm.contacts)]
    ulm_invitees = head + rng.sample(pool[:120], ULM_DRAWN - len(head))
    chosen = set(map(id, ulm_invitees))
    ulm_invitees += [c for c in pool if id(c) not in chosen][: ULM_INVITEES - ULM_DRAWN]
    make(
        "Werkstattgespräch Ulm 2017 – Einladung",
        "Einladungsliste Werkstattgespräch „Inklusive Quartiere“ am 25.10.2017 in Ulm",
        [(c.person, c.affiliation.id) for c in ulm_invitees],
    )
    # Consent to the network list (given by e-mail when they joined).
    network_list = lists[NETWORK_LIST]
    for contact in network:
        demo.add(
            Consent(
                person=contact.person,
                purpose=ConsentPurpose.DISTRIBUTION_LIST,
                method=ConsentMethod.EMAIL,
                given_on=date(2016, rng.randint(9, 12), rng.randint(1, 28)),
                list_id=network_list.id,
                notes="Aufnahme in den Netzwerkverteiler per E-Mail bestätigt",
            )
        )
        demo.bump("consents")
    return Lists(by_name=lists, ulm_invitees=ulm_invitees)
