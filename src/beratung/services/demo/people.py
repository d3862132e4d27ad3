"""The demo's people and their roles (Funktionen).

Mayors and specialists of the advised towns (the specialists first: they are who the advisor
talks to), one contact per network town, the minister and two staff of the Sozialministerium,
one person per association (a professor of the Hochschule Esslingen among them), journalists,
and a few people with a second role. All names are fictional except Minister Manne Lucha;
names and e-mail addresses are unique within the demo.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from beratung.domain.enums import AddressPreference, Anrede, OrganisationKind
from beratung.domain.models import Affiliation, Organisation, Person
from beratung.domain.rules.search import ascii_fold
from beratung.services.demo.common import DemoBuild
from beratung.services.demo.data import names, texts
from beratung.services.demo.organisations import (
    Contact,
    Organisations,
    Town,
    Towns,
    town_domain,
)

# role key -> (female, male, no Anrede), department
ROLES: dict[str, tuple[tuple[str, str, str], str | None]] = {
    "ob": (("Oberbürgermeisterin", "Oberbürgermeister", "Oberbürgermeister/in"), None),
    "bm": (("Bürgermeisterin", "Bürgermeister", "Bürgermeister/in"), None),
    "sozdez": (
        ("Sozialdezernentin", "Sozialdezernent", "Dezernatsleitung Soziales"),
        "Dezernat für Soziales",
    ),
    "inkl": (
        ("Inklusionsbeauftragte", "Inklusionsbeauftragter", "Koordination Inklusion"),
        None,
    ),
    "quartier": (
        ("Quartiersmanagerin", "Quartiersmanager", "Quartiersmanagement"),
        "Amt für Soziales",
    ),
    "behind": (
        (
            "Behindertenbeauftragte",
            "Behindertenbeauftragter",
            "Beauftragung für Menschen mit Behinderung",
        ),
        None,
    ),
    "sozamt": (("Leiterin Sozialamt", "Leiter Sozialamt", "Leitung Sozialamt"), "Sozialamt"),
    "senioren": (("Seniorenbeauftragte", "Seniorenbeauftragter", "Seniorenarbeit"), None),
    "planung": (
        ("Sozialplanerin", "Sozialplaner", "Sozialplanung"),
        "Stabsstelle Sozialplanung",
    ),
}


@dataclass(frozen=True, slots=True)
class People:
    """Who the later parts need by name: the press list and speakers for the agenda."""

    #: The ministry's press officer and the journalists, in this order.
    press_contacts: list[Person]
    #: The professor of the Hochschule Esslingen (a speaker at the Werkstattgespräch Ulm).
    professor: Person
    #: The ministry's head of the Referat Quartiersentwicklung (greets the Werkstattgespräche).
    ministry_speaker: Person


class _PersonFactory:
    """Makes persons with names and e-mail addresses unique within the demo."""

    def __init__(self, demo: DemoBuild) -> None:
        self.demo = demo
        self.used_names: set[tuple[str, str]] = set()
        self.used_emails: set[str] = set()

    def new_person(
        self,
        gender: str,
        *,
        domain: str | None,
        title: str | None = None,
        first: str | None = None,
        last: str | None = None,
    ) -> Person:
        rng = self.demo.rng
        pool = {
            "f": names.FEMALE_FIRST_NAMES,
            "m": names.MALE_FIRST_NAMES,
            "n": names.NEUTRAL_FIRST_NAMES,
        }[gender]
        for _ in range(200):
            first_name = first or rng.choice(pool)
            last_name = last or rng.choice(names.LAST_NAMES)
            email = f"{ascii_fold(first_name)}.{ascii_fold(last_name)}@{domain}" if domain else None
            if (first_name, last_name) not in self.used_names and email not in self.used_emails:
                break
        self.used_names.add((first_name, last_name))
        if email:
            self.used_emails.add(email)
        if title is None:
            roll = rng.random()
            title = "Dr." if roll < 0.12 else ("Prof. Dr." if roll < 0.13 else None)
        anrede = {"f": Anrede.FRAU, "m": Anrede.HERR, "n": Anrede.NONE}[gender]
        person = Person(
            anrede=anrede,
            title=title,
            first_name=first_name,
            last_name=last_name,
            email=email,
            address_preference=AddressPreference.ORGANISATION,
            salutation_override=(
                f"Guten Tag {first_name} {last_name}," if anrede is Anrede.NONE else None
            ),
        )
        self.demo.bump("persons")
        return person

    def affiliate(
        self,
        person: Person,
        org: Organisation,
        role: str,
        *,
        department: str | None = None,
        phone: str | None = None,
        primary: bool = True,
        since: date | None = None,
    ) -> Affiliation:
        affiliation = Affiliation(
            person=person,
            organisation=org,
            role=role,
            department=department,
            email=person.email,
            phone=phone,
            is_primary=primary,
            valid_from=since,
        )
        person.phone = person.phone or phone
        self.demo.add(affiliation)
        self.demo.bump("affiliations")
        return affiliation

    def municipal_contact(self, town: Town, key: str, gender: str) -> Contact:
        rng = self.demo.rng
        labels, department = ROLES[key]
        role = labels[{"f": 0, "m": 1, "n": 2}[gender]]
        person = self.new_person(gender, domain=town_domain(town.row))
        code, base = town.phone_base(rng)
        phone = f"{code} {base}-{rng.randint(10, 399)}"
        if rng.random() < 0.15:
            person.mobile = f"01{rng.choice((51, 52, 60, 62, 70, 71, 72, 76))} " + str(
                rng.randint(1_000_000, 9_999_999)
            )
        since = date(rng.randint(2005, 2016), rng.randint(1, 12), 1)
        affiliation = self.affiliate(
            person, town.org, role, department=department, phone=phone, since=since
        )
        self.demo.add(person)
        contact = Contact(person=person, affiliation=affiliation, role=key, org=town.org)
        town.contacts.append(contact)
        return contact


def build_people(demo: DemoBuild, orgs: Organisations, towns: Towns) -> People:
    """Add the persons with their roles; fills ``Town.contacts``."""
    rng = demo.rng
    factory = _PersonFactory(demo)
    press_contacts: list[Person] = []
    professor: Person | None = None
    for town in towns.advised:
        big = town.row.kreis_typ == "Stadtkreis" or town.row.population >= 20_000
        head_gender = "f" if rng.random() < 0.2 else "m"
        member = town.org.is_member
        extra = (
            2
            if town.row.population >= 100_000
            else (rng.choice((1, 1, 2)) if member else rng.choice((0, 1, 1)))
        )
        staff_keys: list[str] = []
        if town.row.population >= 50_000:
            staff_keys.append("sozdez")
        pool = ["inkl", "quartier", "behind", "sozamt", "senioren", "planung"]
        rng.shuffle(pool)
        staff_keys += pool
        staff_keys = staff_keys[:extra]
        contacts = [factory.municipal_contact(town, "ob" if big else "bm", head_gender)]
        for key in staff_keys:
            roll = rng.random()
            gender = "n" if roll < 0.06 else ("f" if roll < 0.7 else "m")
            contacts.append(factory.municipal_contact(town, key, gender))
        # The specialists come first: they are who the advisor usually talks to.
        town.contacts = contacts[1:] + contacts[:1]
    for town in towns.network:
        gender = "f" if rng.random() < 0.7 else "m"
        factory.municipal_contact(town, rng.choice(("inkl", "quartier", "behind")), gender)

    ministry_domain = texts.MINISTRY["email_domain"]
    lucha = factory.new_person("m", domain=None, title="", first="Manne", last="Lucha")
    lucha.title = None
    demo.add(lucha)
    factory.affiliate(lucha, orgs.ministry, "Minister für Soziales und Integration")
    referat = factory.new_person("f", domain=ministry_domain, title="Dr.")
    demo.add(referat)
    factory.affiliate(
        referat,
        orgs.ministry,
        "Referatsleiterin Quartiersentwicklung",
        department="Referat Quartiersentwicklung",
        phone=f"0711 123-{rng.randint(3000, 3999)}",
    )
    speaker = factory.new_person("m", domain=ministry_domain)
    demo.add(speaker)
    factory.affiliate(
        speaker,
        orgs.ministry,
        "Pressesprecher",
        department="Pressestelle",
        phone=f"0711 123-{rng.randint(3000, 3999)}",
    )
    press_contacts.append(speaker)

    for org, info in zip(orgs.associations, texts.ASSOCIATIONS, strict=True):
        if info["domain"] == "hs-esslingen.de":
            person = factory.new_person("f", domain=info["domain"], title="Prof. Dr.")
            role = "Professorin für Soziale Arbeit"
            professor = person
        else:
            gender = rng.choice(("f", "m"))
            person = factory.new_person(gender, domain=info["domain"])
            role = rng.choice(
                ("Geschäftsführerin", "Referentin Inklusion")
                if gender == "f"
                else ("Geschäftsführer", "Referent Inklusion")
            )
        demo.add(person)
        factory.affiliate(
            person,
            org,
            role,
            phone=f"0711 {rng.randint(200, 999)}{rng.randint(10, 99)}-{rng.randint(10, 60)}",
        )

    for org, info in zip(orgs.press, texts.PRESS, strict=True):
        for _ in range(2 if info["domain"] in ("stuttgarter-zeitung.de", "swp.de") else 1):
            gender = rng.choice(("f", "m"))
            person = factory.new_person(gender, domain=info["domain"], title="")
            person.title = None
            role = info["role"] + ("in" if gender == "f" else "")
            demo.add(person)
            factory.affiliate(
                person,
                org,
                role,
                department=info["department"] or None,
                phone=f"{'0731' if info['town'] == 'Ulm' else '0711'} "
                f"{rng.randint(2000, 7999)}-{rng.randint(100, 399)}",
            )
            press_contacts.append(person)

    _second_roles(demo, factory, orgs, towns)
    demo.s.flush()
    assert professor is not None, "texts.ASSOCIATIONS lacks the Hochschule Esslingen"
    return People(press_contacts=press_contacts, professor=professor, ministry_speaker=referat)


def _second_roles(
    demo: DemoBuild, factory: _PersonFactory, orgs: Organisations, towns: Towns
) -> None:
    """Some people hold two roles: mayors chairing their local Lebenshilfe, a Sozialdezernent
    on the board of the Paritätischer (so the GUI and the data report show several roles)."""
    mayors = [t for t in towns.advised if t.org.is_member][:40]
    for town in demo.rng.sample(mayors, 3):
        head = next(c for c in town.contacts if c.role in ("ob", "bm"))
        association = orgs.get_or_add(
            OrganisationKind.ASSOCIATION,
            f"Lebenshilfe {town.row.name} e. V.",
            town=town.row.name,
            postcode=town.row.postcode,
        )
        female = head.person.anrede is Anrede.FRAU
        factory.affiliate(
            head.person,
            association,
            "Vorsitzende" if female else "Vorsitzender",
            primary=False,
            since=date(2014, 4, 1),
        )
    sozdez = [c for t in towns.advised for c in t.contacts if c.role == "sozdez"]
    if sozdez:
        chosen = sozdez[0]
        factory.affiliate(
            chosen.person,
            orgs.associations[3],
            "Mitglied des Vorstands",
            primary=False,
            since=date(2016, 1, 1),
        )
