"""Organisations of the demo and the towns its story is about.

Every municipality of the shipped directory becomes an organisation (Stadtkreise and towns as
members, decision 6), plus the 35 Landkreise, the Sozialministerium, associations and the
press. From the municipalities the demo then chooses the towns it tells its story about: those
advised for "Quartier 2020" (the featured towns of the press release first) and further
network towns; only these get a town hall address, a phone number and contacts.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from random import Random
from typing import Any

from sqlalchemy import select

from beratung.domain.enums import OrganisationKind
from beratung.domain.models import Affiliation, Organisation, Person
from beratung.domain.rules.search import ascii_fold
from beratung.services.demo.common import DemoBuild
from beratung.services.demo.data import texts
from beratung.services.masterdata import DirectoryRow, county_name, new_municipality

ULM_AGS = "08421000"
REUTLINGEN_AGS = "08415061"
MEMBERS_ADVISED = 80
NON_MEMBERS_ADVISED = 30
NETWORK_TOWNS = 15

#: Municipalities that always take part (so the demo tells a recognisable story).
FEATURED_TOWNS = (
    ULM_AGS, REUTLINGEN_AGS, "08111000", "08416041", "08416025", "08221000", "08212000",
    "08222000", "08311000", "08118048", "08335043", "08136088", "08436064", "08116019",
    "08121000", "08426021",
)  # fmt: skip

#: Area codes of the featured towns; other municipalities get a plausible invented one.
AREA_CODES = {
    "08111000": "0711", ULM_AGS: "0731", REUTLINGEN_AGS: "07121", "08416041": "07071",
    "08416025": "07473", "08221000": "06221", "08212000": "0721", "08222000": "0621",
    "08311000": "0761", "08118048": "07141", "08335043": "07531", "08136088": "07361",
    "08436064": "0751", "08116019": "0711", "08121000": "07131", "08426021": "07351",
}  # fmt: skip

TOWN_HALLS = {
    "08111000": "Marktplatz 1",
    ULM_AGS: "Marktplatz 1",
    REUTLINGEN_AGS: "Marktplatz 22",
}

DOMAIN_OVERRIDES = {
    "08311000": "freiburg.de",
    "08116019": "esslingen.de",
    "08426021": "biberach-riss.de",
    "08416041": "tuebingen.de",
}


def town_domain(row: DirectoryRow) -> str:
    """The municipality's web and e-mail domain, e.g. "ulm.de"."""
    if row.ags in DOMAIN_OVERRIDES:
        return DOMAIN_OVERRIDES[row.ags]
    # Only letters, digits and single hyphens: "Ellwangen (Jagst)" -> "ellwangen-jagst.de"; the
    # app's own e-mail validation must accept every address the demo creates.
    base = re.sub(r"[^a-z0-9]+", "-", ascii_fold(row.name)).strip("-")
    return f"{base}.de"


@dataclass
class Contact:
    """A person at a town, with the role key (``ROLES`` in :mod:`.people`) the story uses."""

    person: Person
    affiliation: Affiliation
    role: str
    org: Organisation


@dataclass
class Town:
    """A municipality the story is about; the later parts fill in contacts and the days of its
    consultations during the application phase."""

    row: DirectoryRow
    org: Organisation
    contacts: list[Contact] = field(default_factory=list)
    phase_days: list[date] = field(default_factory=list)
    _phone_base: tuple[str, str] | None = field(default=None, init=False, repr=False)

    def phone_base(self, rng: Random) -> tuple[str, str]:
        """Area code and exchange of the town hall, drawn once (every extension shares them)."""
        if self._phone_base is None:
            code = AREA_CODES.get(self.row.ags) or f"07{rng.randint(121, 978)}"
            digits = 3 if len(code) == 4 else rng.choice((3, 4))
            base = str(rng.randint(10 ** (digits - 1) + 1, 10**digits - 1))
            self._phone_base = (code, base)
        return self._phone_base


class Organisations:
    """The organisations the demo works with, and the one way it adds one that is not a
    municipality (re-using an existing one of the same kind and name on a forced run)."""

    def __init__(
        self, demo: DemoBuild, municipalities: dict[str, Organisation], created_ags: set[str]
    ) -> None:
        self._demo = demo
        #: By AGS: the user's own (forced run) and the ones created from the directory.
        self.municipalities = municipalities
        #: The municipalities this run created; only these get invented contact data.
        self.created_ags = created_ags
        # This query autoflushes the municipalities just added, before the other kinds.
        self._others = {
            (o.kind, o.name): o
            for o in demo.s.scalars(
                select(Organisation).where(Organisation.kind != OrganisationKind.MUNICIPALITY)
            )
        }
        self.ministry: Organisation
        self.associations: list[Organisation] = []
        self.press: list[Organisation] = []

    def get_or_add(self, kind: OrganisationKind, name: str, **values: Any) -> Organisation:
        org = self._others.get((kind, name))
        if org is None:
            org = Organisation(kind=kind, name=name, **values)
            self._demo.add(org)
            self._others[(kind, name)] = org
        return org


def build_organisations(demo: DemoBuild, rows: Sequence[DirectoryRow]) -> Organisations:
    """Add every municipality not there yet (matched on AGS), the Landkreise, the ministry,
    the associations and the press."""
    existing: dict[str, Organisation] = {
        o.ags or "": o
        for o in demo.s.scalars(select(Organisation).where(Organisation.ags.is_not(None)))
    }
    created = [
        new_municipality(row, is_member=row.is_town) for row in rows if row.ags not in existing
    ]
    demo.add_all(created)
    orgs = Organisations(
        demo,
        {**existing, **{o.ags or "": o for o in created}},
        {o.ags or "" for o in created},
    )

    kreise: dict[str, list[DirectoryRow]] = {}
    for row in rows:
        if row.kreis_typ == "Landkreis":
            kreise.setdefault(row.ags[:5], []).append(row)
    for members in kreise.values():
        first = members[0]
        orgs.get_or_add(
            OrganisationKind.COUNTY,
            county_name(first.kreis),
            kreis=first.kreis,
            kreis_typ=first.kreis_typ,
            regierungsbezirk=first.regierungsbezirk,
            population=sum(r.population for r in members),
        )
    ministry = texts.MINISTRY
    orgs.ministry = orgs.get_or_add(
        OrganisationKind.MINISTRY,
        ministry["name"],
        department=ministry["department"],
        street=ministry["street"],
        postcode=ministry["postcode"],
        town=ministry["town"],
        website=ministry["website"],
        phone=ministry["phone"],
    )
    orgs.associations = [
        orgs.get_or_add(
            OrganisationKind.ASSOCIATION,
            a["name"],
            town=a["town"],
            postcode=a["postcode"],
            website=f"www.{a['domain']}",
        )
        for a in texts.ASSOCIATIONS
    ]
    orgs.press = [
        orgs.get_or_add(
            OrganisationKind.PRESS,
            p["name"],
            department=p["department"] or None,
            town=p["town"],
            postcode=p["postcode"],
            website=f"www.{p['domain']}",
        )
        for p in texts.PRESS
    ]
    demo.s.flush()
    return orgs


@dataclass
class Towns:
    """The municipalities the story is about: advised for "Quartier 2020" (members first, the
    featured towns among them) and the network towns, which are members not advised."""

    advised: list[Town]
    network: list[Town]
    by_ags: dict[str, Town]


def choose_towns(demo: DemoBuild, rows: Sequence[DirectoryRow], orgs: Organisations) -> Towns:
    """Choose the advised and network towns and give the advised ones a town hall address,
    phone number and website (never overwriting the user's own organisations)."""
    rng = demo.rng
    by_ags = {row.ags: row for row in rows}
    municipalities = orgs.municipalities
    chosen_rows = [by_ags[a] for a in sorted(municipalities) if a in by_ags]
    members = [r for r in chosen_rows if municipalities[r.ags].is_member]
    non_members = [
        r for r in chosen_rows if not municipalities[r.ags].is_member and r.population >= 3000
    ]
    featured = [by_ags[a] for a in FEATURED_TOWNS if a in by_ags]
    featured_members = [r for r in featured if municipalities[r.ags].is_member]
    rest = [r for r in members if r not in featured_members]
    chosen_members = featured_members + rng.sample(rest, MEMBERS_ADVISED - len(featured_members))
    chosen_non = rng.sample(non_members, NON_MEMBERS_ADVISED)
    network_pool = [r for r in members if r not in chosen_members]
    network = rng.sample(network_pool, NETWORK_TOWNS)
    advised = [Town(row=r, org=municipalities[r.ags]) for r in chosen_members + chosen_non]
    network_towns = [Town(row=r, org=municipalities[r.ags]) for r in network]
    towns = Towns(
        advised=advised,
        network=network_towns,
        by_ags={t.row.ags: t for t in advised + network_towns},
    )
    for town in advised:
        base = town.phone_base(rng)
        if town.row.ags not in orgs.created_ags:
            continue  # an organisation of the user's own data (forced run): left as it is
        street = TOWN_HALLS.get(town.row.ags)
        if street and not town.org.street:
            town.org.street = street
        if not town.org.phone:
            town.org.phone = f"{base[0]} {base[1]}-0"
        if not town.org.website:
            town.org.website = f"www.{town_domain(town.row)}"
    return towns
