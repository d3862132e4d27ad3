"""The demo data set: the scenario of press release P 309/2017 (``beratung demo``).

The Städtetag Baden-Württemberg's office profile and clerks; all 1,101 municipalities of the
shipped directory (Stadtkreise and towns as members) and the 35 Landkreise; the Sozialministerium,
associations and the press; about 250 fictional persons with their roles; the programme
"Quartier 2020" with the applications of 80 member municipalities and 30 non-members advised
before the deadline of 31.07.2017; some 230 consultations over 2017; the Werkstattgespräche in
Reutlingen (held) and Ulm (25.10.2017, invitations out); and P 309/2017 with its real text.

Rules:

* Demo data is never mixed into a real database without asking: a database that already holds
  organisations or persons is refused unless ``force=True`` (``--force``); a forced run still
  marks the database as demo (``app_meta``), re-uses what exists (municipalities by AGS, topics,
  lists and the programme by name, clerks by initials, an existing office profile) and adds the
  rest.
* Deterministic: everything comes from ``random.Random(2017)`` and fixed dates in 2017. The only
  dependence on the clock is through ``ctx``: the ``created_at`` stamps, the demo marker's
  timestamp and four follow-ups placed around ``ctx.today()`` (three days ago, today, in four
  and in fourteen days) so that the Übersicht shows due items on whatever day the demo is
  opened. Follow-ups of late 2017 stay open and therefore show as overdue.
* Speed: one transaction, objects added in bulk, a handful of flushes; no per-row audit entries
  (one "Demodaten angelegt" entry summarises the run).
"""

from __future__ import annotations

import random
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from beratung.domain.enums import (
    AddressPreference,
    Anrede,
    ApplicationStatus,
    AuditAction,
    ConsentMethod,
    ConsentPurpose,
    ConsultationMode,
    EventStatus,
    NeedKind,
    OrganisationKind,
    PressStatus,
    RegistrationStatus,
)
from beratung.domain.errors import UserError
from beratung.domain.models import (
    AccessibilityNeed,
    Affiliation,
    AgendaItem,
    AppMeta,
    Clerk,
    Consent,
    Consultation,
    DistributionList,
    DistributionListMember,
    Event,
    FilePlanNumber,
    FollowUp,
    OfficeProfile,
    Organisation,
    OrganisationTopic,
    Person,
    PressNumberCounter,
    PressRelease,
    Programme,
    ProgrammeApplication,
    Registration,
    Topic,
    Venue,
)
from beratung.services.base import Service
from beratung.services.demo.data import names, texts
from beratung.services.masterdata import (
    DirectoryRow,
    MasterDataService,
    county_name,
    new_municipality,
    parse_directory,
    search_text,
    shipped_directory_bytes,
)
from beratung.services.overview import DEMO_META_KEY
from beratung.services.press import PressService

DEMO_CREATED_META_KEY = "demo_created_at"
SEED = 2017
BERLIN = ZoneInfo("Europe/Berlin")

YEAR_START = date(2017, 1, 2)
YEAR_END = date(2017, 12, 21)
Q2020_NAME = "Quartier 2020"
Q2020_START = date(2017, 3, 1)
Q2020_DEADLINE = date(2017, 7, 31)
Q2020_RESULTS = date(2017, 12, 5)
ULM_AGS = "08421000"
REUTLINGEN_AGS = "08415061"
ULM_EVENT_DAY = date(2017, 10, 25)
REUTLINGEN_EVENT_DAY = date(2017, 5, 17)
ADVISOR = "Simone Fischer"
MEMBERS_ADVISED = 80
NON_MEMBERS_ADVISED = 30
NETWORK_TOWNS = 15
ULM_INVITEES = 72
#: Follow-ups due before this day are done; later ones are still open (overdue today).
FOLLOW_UPS_DONE_UNTIL = date(2017, 11, 15)

#: Public holidays in Baden-Württemberg in 2017 (Reformationstag was a one-off holiday).
HOLIDAYS_2017 = frozenset(
    date(2017, m, d)
    for m, d in (
        (1, 1), (1, 6), (4, 14), (4, 17), (5, 1), (5, 25), (6, 5), (6, 15),
        (10, 3), (10, 31), (11, 1), (12, 25), (12, 26),
    )
)  # fmt: skip

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
NETWORK_ROLES = frozenset({"inkl", "quartier", "behind", "senioren", "planung"})

Q2020_TOPIC_WEIGHTS = {
    "Quartiersentwicklung": 10,
    "Fördermittel": 6,
    "Bürgerbeteiligung": 5,
    "Pflege und Unterstützung im Quartier": 4,
    "Wohnen im Alter": 4,
    "Begegnungsorte": 3,
    "Barrierefreiheit": 3,
    "Ehrenamt und Engagement": 3,
    "Vernetzung": 2,
    "Mobilität": 2,
    "Leichte Sprache": 1,
    "Aktionsplan Inklusion": 1,
    "Inklusive Bildung": 1,
    "Teilhabe am Arbeitsleben": 1,
}


@dataclass(frozen=True, slots=True)
class DemoSummary:
    directory_entries: int
    organisations: int
    municipalities: int
    member_municipalities: int
    counties: int
    persons: int
    affiliations: int
    distribution_lists: int
    topics: int
    organisation_topics: int
    programmes: int
    applications: int
    members_advised_q2020: int
    non_members_advised_q2020: int
    consultations: int
    follow_ups: int
    open_follow_ups: int
    venues: int
    events: int
    registrations: int
    accessibility_needs: int
    consents: int
    press_releases: int
    forced: bool

    def describe(self) -> str:
        return (
            f"Demodaten angelegt: {self.organisations} Organisationen "
            f"({self.municipalities} Kommunen, davon {self.member_municipalities} Mitglieder; "
            f"{self.counties} Landkreise), {self.persons} Personen, "
            f"{self.distribution_lists} Verteiler, {self.consultations} Beratungen, "
            f"{self.applications} Bewerbungen „{Q2020_NAME}“ "
            f"({self.members_advised_q2020} Mitgliedskommunen beraten), "
            f"{self.events} Veranstaltungen mit {self.registrations} Einladungen, "
            f"{self.press_releases} Presseinformationen"
            + (" (ausdrücklich in eine nicht leere Datenbank)" if self.forced else "")
            + "."
        )


class DemoService(Service):
    def create(self, *, force: bool = False) -> DemoSummary:
        """Fill an empty database with the demo scenario (see the module docstring)."""
        rows = parse_directory(shipped_directory_bytes())
        with self.db.transaction() as s:
            organisations = int(s.scalar(select(func.count(Organisation.id))) or 0)
            persons = int(s.scalar(select(func.count(Person.id))) or 0)
            is_demo = s.get(AppMeta, DEMO_META_KEY) is not None
            if (organisations or persons) and not force:
                what = "bereits Demodaten" if is_demo else "bereits Daten"
                raise UserError(
                    f"Die Datenbank ist nicht leer: sie enthält {what} "
                    f"({organisations} Organisationen, {persons} Personen). Demodaten werden "
                    "nie ungefragt mit echten Daten vermischt; es wurde nichts geändert.",
                    hint="Bitte verwenden Sie eine neue, leere Datenbank (z. B. mit --data-dir) "
                    "oder geben Sie ausdrücklich --force an.",
                )
            builder = _Builder(self, s, rows, forced=bool(organisations or persons))
            return builder.build()


# --------------------------------------------------------------------------------------------


_ASCII = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "ı": "i"})


def ascii_fold(text: str) -> str:
    """ "Jürgen Weiß" -> "juergen weiss" (for e-mail addresses and domains)."""
    folded = text.lower().translate(_ASCII)
    return "".join(c for c in unicodedata.normalize("NFKD", folded) if not unicodedata.combining(c))


def _domain(row: DirectoryRow) -> str:
    if row.ags in DOMAIN_OVERRIDES:
        return DOMAIN_OVERRIDES[row.ags]
    # Only letters, digits and single hyphens: "Ellwangen (Jagst)" -> "ellwangen-jagst.de"; the
    # app's own e-mail validation must accept every address the demo creates.
    base = re.sub(r"[^a-z0-9]+", "-", ascii_fold(row.name)).strip("-")
    return f"{base}.de"


def _german_date(day: date) -> str:
    return f"{day:%d.%m.%Y}"


@dataclass
class _Contact:
    person: Person
    affiliation: Affiliation
    role: str
    org: Organisation


@dataclass
class _Town:
    row: DirectoryRow
    org: Organisation
    contacts: list[_Contact] = field(default_factory=list)
    phase_days: list[date] = field(default_factory=list)


class _Builder:
    def __init__(
        self, service: DemoService, session: Session, rows: Sequence[DirectoryRow], *, forced: bool
    ) -> None:
        self.service = service
        self.s = session
        self.rows = rows
        self.forced = forced
        self.rng = random.Random(SEED)
        self.now = service.ctx.now()
        self.today = service.ctx.today()
        self.by_ags = {row.ags: row for row in rows}
        self.used_names: set[tuple[str, str]] = set()
        self.used_emails: set[str] = set()
        self.phone_bases: dict[int, tuple[str, str]] = {}
        self.counts: dict[str, int] = {}

    # ---- small helpers ----------------------------------------------------------------------

    def add(self, *objects: Any) -> None:
        for obj in objects:
            if hasattr(obj, "created_at") and getattr(obj, "created_at", None) is None:
                obj.created_at = self.now
                if hasattr(obj, "updated_at"):
                    obj.updated_at = self.now
        self.s.add_all(objects)

    def add_all(self, objects: Sequence[Any]) -> None:
        self.add(*objects)

    def bump(self, key: str, by: int = 1) -> None:
        self.counts[key] = self.counts.get(key, 0) + by

    @staticmethod
    def at(day: date, hour: int, minute: int = 0) -> datetime:
        return datetime.combine(day, time(hour, minute), tzinfo=BERLIN).astimezone(UTC)

    @staticmethod
    def is_workday(day: date) -> bool:
        return day.weekday() < 5 and day not in HOLIDAYS_2017

    def workdays(self, start: date, end: date) -> list[date]:
        days = []
        day = start
        while day <= end:
            if self.is_workday(day):
                days.append(day)
            day += timedelta(days=1)
        return days

    def next_workday(self, day: date) -> date:
        while not self.is_workday(day):
            day += timedelta(days=1)
        return day

    # ---- the build --------------------------------------------------------------------------

    def build(self) -> DemoSummary:
        masterdata = MasterDataService(self.service.ctx)
        masterdata.apply_directory(
            self.s,
            self.rows,
            source_label="Demodaten (mitgeliefertes Gemeindeverzeichnis)",
            audit=False,
        )
        self.office()
        self.organisations()
        self.topics_and_programme()
        self.choose_towns()
        self.persons()
        self.distribution_lists()
        self.consultations()
        self.applications()
        self.organisation_topics()
        self.events()
        self.press()
        self.follow_ups_around_today()
        self.meta()
        self.s.flush()
        summary = self.summary()
        self.service.audit(self.s, AuditAction.IMPORT, "demo", None, summary.describe())
        return summary

    def office(self) -> None:
        if self.s.get(OfficeProfile, 1) is None:
            self.add(
                OfficeProfile(
                    id=1,
                    name="Städtetag Baden-Württemberg",
                    unit="Fachberatung Inklusion",
                    function_line="Geschäftsführendes Vorstandsmitglied",
                    street="Königstraße 2",
                    postcode="70173",
                    town="Stuttgart",
                    phone="0711 22921-0",
                    fax="0711 22921-42",
                    email="post@staedtetag-bw.de",
                    website="www.staedtetag-bw.de",
                    footer_lines=(
                        "Städtetag Baden-Württemberg · Königstraße 2 · 70173 Stuttgart\n"
                        "Telefon 0711 22921-0 · Telefax 0711 22921-42 · "
                        "post@staedtetag-bw.de · www.staedtetag-bw.de"
                    ),
                    press_info_url="www.staedtetag-bw.de/Presse",
                )
            )
        clerks = {c.initials: c for c in self.s.scalars(select(Clerk))}
        wanted = (
            Clerk(
                name="Christiane Conzen",
                initials="Co",
                function="Bearbeiterin",
                phone_extension="48",
                email="christiane.conzen@staedtetag-bw.de",
            ),
            Clerk(
                name="Simone Fischer",
                initials="Fi",
                function="Fachberatung Inklusion",
                phone_extension="33",
                email="simone.fischer@staedtetag-bw.de",
            ),
            Clerk(name="Benjamin Lachat", initials="La", function="Dezernent", is_signatory=True),
        )
        for clerk in wanted:
            if clerk.initials not in clerks:
                self.add(clerk)
                clerks[clerk.initials] = clerk
        self.conzen = clerks["Co"]
        plans = {p.code for p in self.s.scalars(select(FilePlanNumber))}
        for code, description, default in (
            ("047.40", "Inklusion – Allgemeines", False),
            ("047.41", "Inklusion / Quartiersentwicklung – Beratung der Kommunen", False),
            ("047.42", "Inklusion / Quartiersentwicklung – Werkstattgespräche", False),
            ("047.43", "Inklusion / Quartiersentwicklung – Pressearbeit", True),
        ):
            if code not in plans:
                self.add(
                    FilePlanNumber(code=code, description=description, is_default_for_press=default)
                )

    def organisations(self) -> None:
        existing: dict[str, Organisation] = {
            o.ags or "": o
            for o in self.s.scalars(select(Organisation).where(Organisation.ags.is_not(None)))
        }
        created = [
            new_municipality(row, is_member=row.is_town)
            for row in self.rows
            if row.ags not in existing
        ]
        self.add_all(created)
        self.municipalities = {**existing, **{o.ags or "": o for o in created}}
        self.created_ags = {o.ags for o in created}

        others = {
            (o.kind, o.name): o
            for o in self.s.scalars(
                select(Organisation).where(Organisation.kind != OrganisationKind.MUNICIPALITY)
            )
        }

        def get_or_add(kind: OrganisationKind, name: str, **values: Any) -> Organisation:
            org = others.get((kind, name))
            if org is None:
                org = Organisation(
                    kind=kind,
                    name=name,
                    search_text=search_text(name, values.get("town"), values.get("department")),
                    **values,
                )
                self.add(org)
                others[(kind, name)] = org
            return org

        kreise: dict[str, list[DirectoryRow]] = {}
        for row in self.rows:
            if row.kreis_typ == "Landkreis":
                kreise.setdefault(row.ags[:5], []).append(row)
        for members in kreise.values():
            first = members[0]
            get_or_add(
                OrganisationKind.COUNTY,
                county_name(first.kreis),
                kreis=first.kreis,
                kreis_typ=first.kreis_typ,
                regierungsbezirk=first.regierungsbezirk,
                population=sum(r.population for r in members),
            )
        ministry = texts.MINISTRY
        self.ministry = get_or_add(
            OrganisationKind.MINISTRY,
            ministry["name"],
            department=ministry["department"],
            street=ministry["street"],
            postcode=ministry["postcode"],
            town=ministry["town"],
            website=ministry["website"],
            phone=ministry["phone"],
        )
        self.associations = [
            get_or_add(
                OrganisationKind.ASSOCIATION,
                a["name"],
                town=a["town"],
                postcode=a["postcode"],
                website=f"www.{a['domain']}",
            )
            for a in texts.ASSOCIATIONS
        ]
        self.press_orgs = [
            get_or_add(
                OrganisationKind.PRESS,
                p["name"],
                department=p["department"] or None,
                town=p["town"],
                postcode=p["postcode"],
                website=f"www.{p['domain']}",
            )
            for p in texts.PRESS
        ]
        self.get_or_add_org = get_or_add
        self.s.flush()

    def topics_and_programme(self) -> None:
        existing = {t.name: t for t in self.s.scalars(select(Topic))}
        self.topics: dict[str, Topic] = {}
        for name, description in texts.TOPICS.items():
            topic = existing.get(name) or Topic(name=name, description=description)
            if name not in existing:
                self.add(topic)
            self.topics[name] = topic
        programme = self.s.scalar(select(Programme).where(Programme.name == Q2020_NAME))
        if programme is None:
            programme = Programme(
                name=Q2020_NAME,
                description=(
                    "Quartier 2020 – Gemeinsam. Gestalten. Landeswettbewerb für alters- und "
                    "generationengerechte Quartiere; Bewerbungsschluss 31.07.2017."
                ),
                funder="Ministerium für Soziales und Integration Baden-Württemberg",
                starts_on=Q2020_START,
                deadline=Q2020_DEADLINE,
                ends_on=date(2020, 12, 31),
                website="www.quartier2020-bw.de",
            )
            self.add(programme)
        self.programme = programme

    def choose_towns(self) -> None:
        rng = self.rng
        rows = [self.by_ags[a] for a in sorted(self.municipalities) if a in self.by_ags]
        members = [r for r in rows if self.municipalities[r.ags].is_member]
        non_members = [
            r for r in rows if not self.municipalities[r.ags].is_member and r.population >= 3000
        ]
        featured = [self.by_ags[a] for a in FEATURED_TOWNS if a in self.by_ags]
        featured_members = [r for r in featured if self.municipalities[r.ags].is_member]
        rest = [r for r in members if r not in featured_members]
        chosen_members = featured_members + rng.sample(
            rest, MEMBERS_ADVISED - len(featured_members)
        )
        chosen_non = rng.sample(non_members, NON_MEMBERS_ADVISED)
        network_pool = [r for r in members if r not in chosen_members]
        network = rng.sample(network_pool, NETWORK_TOWNS)
        self.advised = [
            _Town(row=r, org=self.municipalities[r.ags]) for r in chosen_members + chosen_non
        ]
        self.network = [_Town(row=r, org=self.municipalities[r.ags]) for r in network]
        self.towns = {t.row.ags: t for t in self.advised + self.network}
        for town in self.advised:
            base = self.phone_base(town)
            if town.row.ags not in self.created_ags:
                continue  # an organisation of the user's own data (forced run): left as it is
            street = TOWN_HALLS.get(town.row.ags)
            if street and not town.org.street:
                town.org.street = street
            if not town.org.phone:
                town.org.phone = f"{base[0]} {base[1]}-0"
            if not town.org.website:
                town.org.website = f"www.{_domain(town.row)}"

    def phone_base(self, town: _Town) -> tuple[str, str]:
        key = id(town.org)
        if key not in self.phone_bases:
            code = AREA_CODES.get(town.row.ags) or f"07{self.rng.randint(121, 978)}"
            digits = 3 if len(code) == 4 else self.rng.choice((3, 4))
            base = str(self.rng.randint(10 ** (digits - 1) + 1, 10**digits - 1))
            self.phone_bases[key] = (code, base)
        return self.phone_bases[key]

    # ---- persons ----------------------------------------------------------------------------

    def new_person(
        self,
        gender: str,
        *,
        domain: str | None,
        title: str | None = None,
        first: str | None = None,
        last: str | None = None,
    ) -> Person:
        rng = self.rng
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
        self.bump("persons")
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
        person.search_text = search_text(
            person.title, person.first_name, person.last_name, person.email, org.name, role
        )
        self.add(affiliation)
        self.bump("affiliations")
        return affiliation

    def municipal_contact(self, town: _Town, key: str, gender: str) -> _Contact:
        labels, department = ROLES[key]
        role = labels[{"f": 0, "m": 1, "n": 2}[gender]]
        person = self.new_person(gender, domain=_domain(town.row))
        code, base = self.phone_base(town)
        phone = f"{code} {base}-{self.rng.randint(10, 399)}"
        if self.rng.random() < 0.15:
            person.mobile = f"01{self.rng.choice((51, 52, 60, 62, 70, 71, 72, 76))} " + str(
                self.rng.randint(1_000_000, 9_999_999)
            )
        since = date(self.rng.randint(2005, 2016), self.rng.randint(1, 12), 1)
        affiliation = self.affiliate(
            person, town.org, role, department=department, phone=phone, since=since
        )
        self.add(person)
        contact = _Contact(person=person, affiliation=affiliation, role=key, org=town.org)
        town.contacts.append(contact)
        return contact

    def persons(self) -> None:
        rng = self.rng
        for town in self.advised:
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
            contacts = [self.municipal_contact(town, "ob" if big else "bm", head_gender)]
            for key in staff_keys:
                roll = rng.random()
                gender = "n" if roll < 0.06 else ("f" if roll < 0.7 else "m")
                contacts.append(self.municipal_contact(town, key, gender))
            # The specialists come first: they are who the advisor usually talks to.
            town.contacts = contacts[1:] + contacts[:1]
        for town in self.network:
            gender = "f" if rng.random() < 0.7 else "m"
            self.municipal_contact(town, rng.choice(("inkl", "quartier", "behind")), gender)

        ministry_domain = texts.MINISTRY["email_domain"]
        lucha = self.new_person("m", domain=None, title="", first="Manne", last="Lucha")
        lucha.title = None
        self.add(lucha)
        self.affiliate(lucha, self.ministry, "Minister für Soziales und Integration")
        referat = self.new_person("f", domain=ministry_domain, title="Dr.")
        self.add(referat)
        self.affiliate(
            referat,
            self.ministry,
            "Referatsleiterin Quartiersentwicklung",
            department="Referat Quartiersentwicklung",
            phone=f"0711 123-{rng.randint(3000, 3999)}",
        )
        speaker = self.new_person("m", domain=ministry_domain)
        self.add(speaker)
        self.affiliate(
            speaker,
            self.ministry,
            "Pressesprecher",
            department="Pressestelle",
            phone=f"0711 123-{rng.randint(3000, 3999)}",
        )
        self.press_contacts = [speaker]
        self.ministry_referat = referat

        for org, info in zip(self.associations, texts.ASSOCIATIONS, strict=True):
            if info["domain"] == "hs-esslingen.de":
                person = self.new_person("f", domain=info["domain"], title="Prof. Dr.")
                role = "Professorin für Soziale Arbeit"
                self.professor = person
            else:
                gender = rng.choice(("f", "m"))
                person = self.new_person(gender, domain=info["domain"])
                role = rng.choice(
                    ("Geschäftsführerin", "Referentin Inklusion")
                    if gender == "f"
                    else ("Geschäftsführer", "Referent Inklusion")
                )
            self.add(person)
            self.affiliate(
                person,
                org,
                role,
                phone=f"0711 {rng.randint(200, 999)}{rng.randint(10, 99)}-{rng.randint(10, 60)}",
            )

        for org, info in zip(self.press_orgs, texts.PRESS, strict=True):
            for _ in range(2 if info["domain"] in ("stuttgarter-zeitung.de", "swp.de") else 1):
                gender = rng.choice(("f", "m"))
                person = self.new_person(gender, domain=info["domain"], title="")
                person.title = None
                role = info["role"] + ("in" if gender == "f" else "")
                self.add(person)
                self.affiliate(
                    person,
                    org,
                    role,
                    department=info["department"] or None,
                    phone=f"{'0731' if info['town'] == 'Ulm' else '0711'} "
                    f"{rng.randint(2000, 7999)}-{rng.randint(100, 399)}",
                )
                self.press_contacts.append(person)

        # Some people hold two roles: mayors chairing their local Lebenshilfe, a Sozialdezernent
        # on the board of the Paritätischer.
        mayors = [t for t in self.advised if t.org.is_member][:40]
        for town in rng.sample(mayors, 3):
            head = next(c for c in town.contacts if c.role in ("ob", "bm"))
            association = self.get_or_add_org(
                OrganisationKind.ASSOCIATION,
                f"Lebenshilfe {town.row.name} e. V.",
                town=town.row.name,
                postcode=town.row.postcode,
            )
            female = head.person.anrede is Anrede.FRAU
            self.affiliate(
                head.person,
                association,
                "Vorsitzende" if female else "Vorsitzender",
                primary=False,
                since=date(2014, 4, 1),
            )
            # the search text should still name the primary organisation first
            head.person.search_text = search_text(
                head.person.title,
                head.person.first_name,
                head.person.last_name,
                head.person.email,
                head.org.name,
                head.affiliation.role,
                association.name,
            )
        sozdez = [c for t in self.advised for c in t.contacts if c.role == "sozdez"]
        if sozdez:
            chosen = sozdez[0]
            self.affiliate(
                chosen.person,
                self.associations[3],
                "Mitglied des Vorstands",
                primary=False,
                since=date(2016, 1, 1),
            )
        self.s.flush()

    # ---- lists ------------------------------------------------------------------------------

    def distribution_lists(self) -> None:
        existing = {d.name: d for d in self.s.scalars(select(DistributionList))}
        added_at = self.at(date(2017, 1, 9), 9)
        self.lists: dict[str, DistributionList] = {}

        def make(
            name: str, description: str, contacts: Sequence[tuple[Person, int | None]]
        ) -> None:
            dlist = existing.get(name)
            if dlist is None:
                dlist = DistributionList(name=name, description=description)
                self.add(dlist)
                self.s.flush()
            seen = {m.person_id for m in dlist.members}
            for person, affiliation_id in contacts:
                if person.id in seen:
                    continue
                seen.add(person.id)
                self.add(
                    DistributionListMember(
                        distribution_list=dlist,
                        person=person,
                        affiliation_id=affiliation_id,
                        added_at=added_at,
                    )
                )
            self.lists[name] = dlist

        def primary(person: Person) -> int | None:
            return next((a.id for a in person.affiliations if a.is_primary), None)

        make(
            "Presse",
            "Presseverteiler: Landespresse, Rundfunk, Agenturen",
            [(p, primary(p)) for p in self.press_contacts],
        )
        network = [
            c
            for t in self.advised + self.network
            for c in t.contacts
            if c.role in NETWORK_ROLES and (t.org.is_member or self.rng.random() < 0.5)
        ]
        make(
            "Netzwerk Inklusive Quartiere",
            "Ansprechpartnerinnen und -partner der Kommunen im Projekt „Inklusive Quartiere“",
            [(c.person, c.affiliation.id) for c in network],
        )
        dezernenten = [
            c for t in self.advised for c in t.contacts if c.role in ("sozdez", "sozamt")
        ]
        make(
            "Sozialdezernentinnen und -dezernenten",
            "Sozialdezernate und Sozialämter der Mitgliedsstädte",
            [(c.person, c.affiliation.id) for c in dezernenten],
        )
        # The Werkstattgespräch invitees: everybody in Ulm, the network, then more contacts.
        ulm = self.towns[ULM_AGS]
        candidates: list[_Contact] = list(ulm.contacts)
        for contact in network + [c for t in self.advised for c in t.contacts]:
            if contact not in candidates:
                candidates.append(contact)
        pool = candidates[len(ulm.contacts) :]
        head = candidates[: len(ulm.contacts)]
        self.ulm_invitees = head + self.rng.sample(pool[:120], ULM_INVITEES - len(head))
        make(
            "Werkstattgespräch Ulm 2017 – Einladung",
            "Einladungsliste Werkstattgespräch „Inklusive Quartiere“ am 25.10.2017 in Ulm",
            [(c.person, c.affiliation.id) for c in self.ulm_invitees],
        )
        # Consent to the network list (given by e-mail when they joined).
        network_list = self.lists["Netzwerk Inklusive Quartiere"]
        for contact in network:
            self.add(
                Consent(
                    person=contact.person,
                    purpose=ConsentPurpose.DISTRIBUTION_LIST,
                    method=ConsentMethod.EMAIL,
                    given_on=date(2016, self.rng.randint(9, 12), self.rng.randint(1, 28)),
                    list_id=network_list.id,
                    notes="Aufnahme in den Netzwerkverteiler per E-Mail bestätigt",
                )
            )
            self.bump("consents")

    # ---- consultations ----------------------------------------------------------------------

    def pick_topics(self, programme: bool) -> list[Topic]:
        rng = self.rng
        count = rng.choices((1, 2, 3), weights=(3, 5, 2))[0]
        names_ = list(Q2020_TOPIC_WEIGHTS)
        weights = [Q2020_TOPIC_WEIGHTS[n] if programme else 3 for n in names_]
        chosen: list[str] = []
        while len(chosen) < count:
            name = rng.choices(names_, weights=weights)[0]
            if name not in chosen:
                chosen.append(name)
        return [self.topics[n] for n in chosen]

    @staticmethod
    def dative(person: Person) -> str:
        name = " ".join(p for p in (person.title, person.first_name, person.last_name) if p)
        if person.anrede is Anrede.FRAU:
            return f"Frau {name}"
        if person.anrede is Anrede.HERR:
            return f"Herrn {name}"
        return name

    @staticmethod
    def org_forms(org: Organisation) -> dict[str, str]:
        """Subject and genitive, "Die Stadt Ulm" and "der Stadt Ulm" (Stadt/Gemeinde: feminine)."""
        return {"Org": f"Die {org.name}", "org_gen": f"der {org.name}"}

    def consultation(self, town: _Town, day: date, *, programme: bool, phase: str) -> Consultation:
        rng = self.rng
        mode = rng.choices(
            (
                ConsultationMode.PHONE,
                ConsultationMode.ON_SITE,
                ConsultationMode.EMAIL,
                ConsultationMode.VIDEO,
            ),
            weights=(45, 25, 22, 8),
        )[0]
        if mode is ConsultationMode.ON_SITE:
            start = self.at(day, rng.randint(9, 13), rng.choice((0, 30)))
            minutes = rng.choice((90, 105, 120, 150, 180))
        elif mode is ConsultationMode.PHONE:
            start = self.at(day, rng.randint(8, 16), rng.choice((0, 10, 15, 30, 45)))
            minutes = rng.choice((15, 20, 30, 30, 45, 60))
        elif mode is ConsultationMode.VIDEO:
            start = self.at(day, rng.randint(9, 15), rng.choice((0, 30)))
            minutes = rng.choice((30, 45, 60, 90))
        else:
            start = self.at(day, rng.randint(8, 17), rng.randint(0, 59))
            minutes = rng.choice((15, 20, 30))
        contacts = town.contacts
        count = min(len(contacts), rng.choices((1, 2, 3), weights=(6, 3, 1))[0])
        persons = [c.person for c in contacts[:1]] + rng.sample(
            [c.person for c in contacts[1:]], count - 1
        )
        topics = self.pick_topics(programme)
        names_ = [self.dative(p) for p in persons]
        who = names_[0] if len(names_) == 1 else ", ".join(names_[:-1]) + " und " + names_[-1]
        opener = rng.choice(texts.OPENERS[mode.value]).format(persons=who, town=town.row.name)
        if phase == "results":
            context = rng.choice(texts.RESULT_CONTEXT)
        elif programme:
            context = rng.choice(texts.PROGRAMME_CONTEXT).format(**self.org_forms(town.org))
        else:
            context = rng.choice(texts.GENERAL_CONTEXT).format(**self.org_forms(town.org))
        quarter = rng.choice(texts.QUARTERS)
        sentences = [opener, context]
        for topic in topics[:2]:
            sentences.append(rng.choice(texts.TOPIC_SENTENCES[topic.name]).format(quarter=quarter))
        others = [t for t in self.advised if t is not town]
        outcome_parts = rng.sample(texts.OUTCOMES, rng.choice((1, 1, 2)))
        if phase == "phase" and day > Q2020_DEADLINE - timedelta(days=10):
            outcome_parts = ["Die Bewerbung wird fristgerecht eingereicht."]
        outcome = " ".join(
            part.format(
                date=_german_date(self.next_workday(day + timedelta(days=14))),
                other=rng.choice(others).org.name,
            )
            for part in outcome_parts
        )
        if programme:
            subject = f"{Q2020_NAME}: {rng.choice(texts.PROGRAMME_SUBJECTS)}"
        else:
            subject = f"{topics[0].name}: {rng.choice(texts.GENERAL_SUBJECTS)}"
        consultation = Consultation(
            occurred_at=start,
            duration_minutes=minutes,
            mode=mode,
            organisation=town.org,
            programme=self.programme if programme else None,
            subject=subject,
            summary=" ".join(sentences),
            outcome=outcome,
            advisor=ADVISOR,
            persons=persons,
            topics=topics,
        )
        self.add(consultation)
        self.bump("consultations")
        if phase == "phase" and programme:
            town.phase_days.append(day)
        if rng.random() < 0.35:
            self.follow_up_for(consultation, day)
        return consultation

    def follow_up_for(self, consultation: Consultation, day: date) -> None:
        """Queued until the consultations have ids (FollowUp has no relationship)."""
        due = self.next_workday(day + timedelta(days=self.rng.choice((7, 10, 14, 21, 28))))
        done_at = None
        if due < FOLLOW_UPS_DONE_UNTIL:
            done_at = self.at(due + timedelta(days=self.rng.randint(0, 3)), 10)
        self.pending_follow_ups.append(
            (consultation, due, self.rng.choice(texts.FOLLOW_UP_NOTES), done_at)
        )

    def consultations(self) -> None:
        rng = self.rng
        phase_days = self.workdays(Q2020_START, Q2020_DEADLINE)
        # Denser towards the deadline: March 1, April 1.5, May 2, June 3, July 4.
        month_weight = {3: 2, 4: 3, 5: 4, 6: 6, 7: 8}
        weights = [month_weight[d.month] for d in phase_days]
        entries: list[tuple[date, int, _Town, bool, str]] = []
        order = 0
        for town in self.advised:
            extra = rng.choices((0, 1, 2), weights=(5, 4, 1) if town.org.is_member else (7, 3, 0))[
                0
            ]
            for _ in range(1 + extra):
                day = rng.choices(phase_days, weights=weights)[0]
                entries.append((day, order, town, True, "phase"))
                order += 1
        # Some phase-time contacts about other matters (no programme).
        for town in rng.sample(self.network, 8):
            entries.append((rng.choice(phase_days), order, town, False, "other"))
            order += 1
        early = self.workdays(YEAR_START, Q2020_START - timedelta(days=1))
        for town in rng.sample(self.advised + self.network, 15):
            entries.append((rng.choice(early), order, town, False, "early"))
            order += 1
        late = self.workdays(Q2020_DEADLINE + timedelta(days=1), YEAR_END)
        for town in rng.sample(self.advised + self.network, 22):
            entries.append((rng.choice(late), order, town, False, "late"))
            order += 1
        results = self.workdays(Q2020_RESULTS, YEAR_END)
        for town in rng.sample(self.advised, 14):
            entries.append((rng.choice(results), order, town, True, "results"))
            order += 1
        entries.sort(key=lambda e: (e[0], e[1]))
        self.pending_follow_ups: list[tuple[Consultation, date, str, datetime | None]] = []
        for day, _, town, programme, phase in entries:
            self.consultation(town, day, programme=programme, phase=phase)
        self.s.flush()
        for consultation, due, note, done_at in self.pending_follow_ups:
            self.add(
                FollowUp(due_on=due, note=note, done_at=done_at, consultation_id=consultation.id)
            )
            self.bump("follow_ups")
            if done_at is None:
                self.bump("open_follow_ups")

    def applications(self) -> None:
        rng = self.rng
        existing = set(
            self.s.scalars(
                select(ProgrammeApplication.organisation_id).where(
                    ProgrammeApplication.programme_id == self.programme.id
                )
            )
        )
        for town in self.advised:
            if town.org.id in existing:
                continue
            roll = rng.random()
            last_contact = max(town.phase_days)
            quarter = rng.choice(texts.QUARTERS)
            title = rng.choice(texts.PROJECT_TITLES).format(quarter=quarter, town=town.row.name)
            application = ProgrammeApplication(
                programme=self.programme,
                organisation=town.org,
                project_title=title,
            )
            if roll < 0.2:
                application.status = ApplicationStatus.ADVISED
                application.notes = "Nach der Beratung keine Bewerbung in dieser Runde."
            elif roll < 0.23:
                application.status = ApplicationStatus.WITHDRAWN
                application.applied_on = last_contact
                application.notes = "Bewerbung vor der Jurysitzung zurückgezogen."
            else:
                application.applied_on = min(
                    Q2020_DEADLINE,
                    self.next_workday(last_contact + timedelta(days=rng.randint(0, 14))),
                )
                result = rng.random()
                if result < 0.35:
                    application.status = ApplicationStatus.FUNDED
                    application.result_on = Q2020_RESULTS
                    application.amount_eur = rng.randrange(10_000, 85_001, 500)
                elif result < 0.5:
                    application.status = ApplicationStatus.REJECTED
                    application.result_on = Q2020_RESULTS
                else:
                    application.status = ApplicationStatus.APPLIED
                    application.notes = "Entscheidung über die zweite Förderrunde steht aus."
            self.add(application)
            self.bump("applications")
        self.counts["members_advised"] = sum(1 for t in self.advised if t.org.is_member)
        self.counts["non_members_advised"] = sum(1 for t in self.advised if not t.org.is_member)

    def organisation_topics(self) -> None:
        existing = {
            (row[0], row[1])
            for row in self.s.execute(
                select(OrganisationTopic.organisation_id, OrganisationTopic.topic_id)
            )
        }
        rng = self.rng
        for town in self.advised + self.network:
            if rng.random() < 0.45:
                continue
            for topic in self.pick_topics(programme=True):
                if (town.org.id, topic.id) in existing:
                    continue
                existing.add((town.org.id, topic.id))
                self.add(
                    OrganisationTopic(
                        organisation_id=town.org.id,
                        topic_id=topic.id,
                        note=f"Eigenes Vorhaben: {topic.name} {rng.choice(texts.QUARTERS)}",
                        since=date(rng.randint(2014, 2017), rng.randint(1, 12), 1),
                    )
                )
                self.bump("organisation_topics")

    # ---- events -----------------------------------------------------------------------------

    @staticmethod
    def speaker(contact: _Contact) -> str:
        person = contact.person
        name = " ".join(p for p in (person.title, person.first_name, person.last_name) if p)
        return f"{name}, {contact.affiliation.role}, {contact.org.name}"

    def agenda(
        self, event: Event, items: Sequence[tuple[str, str, str, str | None]], **values: str
    ) -> None:
        for position, (start, end, title, speaker) in enumerate(items, start=1):
            self.add(
                AgendaItem(
                    event=event,
                    position=position,
                    starts_at=time.fromisoformat(start),
                    ends_at=time.fromisoformat(end),
                    title=title,
                    speaker=speaker.format(**values) if speaker else None,
                )
            )

    def events(self) -> None:
        rng = self.rng
        ulm = self.towns[ULM_AGS]
        reutlingen = self.towns[REUTLINGEN_AGS]
        ulm_venue = Venue(
            name="Haus der Begegnung",
            room="Großer Saal",
            street="Grüner Hof 7",
            postcode="89073",
            town="Ulm",
            capacity=120,
            directions="Vom Hauptbahnhof 15 Minuten zu Fuß oder Straßenbahnlinie 1 bis "
            "Haltestelle Rathaus; Parkhaus Frauenstraße in der Nähe.",
            step_free_access=True,
            lift=True,
            accessible_wc=True,
            hearing_loop=True,
            accessible_parking=True,
            public_transport_step_free=True,
            tactile_guidance=False,
            quiet_room=True,
            accessibility_notes="Mobile Induktionsschleife im Großen Saal; zwei "
            "Behindertenparkplätze im Hof, bitte vorher anmelden.",
        )
        reutlingen_venue = Venue(
            name="Rathaus Reutlingen",
            room="Großer Sitzungssaal",
            street="Marktplatz 22",
            postcode="72764",
            town="Reutlingen",
            organisation=reutlingen.org,
            capacity=80,
            step_free_access=True,
            lift=True,
            accessible_wc=True,
            hearing_loop=None,
            accessible_parking=True,
            public_transport_step_free=True,
            tactile_guidance=None,
            quiet_room=False,
        )
        self.add(ulm_venue, reutlingen_venue)
        self.bump("venues", 2)

        held = Event(
            title="Werkstattgespräch Inklusive Quartiere",
            series="Inklusive Quartiere",
            starts_at=self.at(REUTLINGEN_EVENT_DAY, 10),
            ends_at=self.at(REUTLINGEN_EVENT_DAY, 13),
            venue=reutlingen_venue,
            host_organisation=reutlingen.org,
            capacity=40,
            registration_deadline=date(2017, 5, 5),
            description="Erfahrungsaustausch zur Beteiligung im Quartier während der "
            "Bewerbungsphase „Quartier 2020“.",
            status=EventStatus.HELD,
        )
        reporters = [t.contacts[0] for t in self.advised[2:6]]
        self.agenda(
            held,
            texts.REUTLINGEN_AGENDA,
            reports="; ".join(self.speaker(c) for c in reporters[:2]),
        )
        self.ulm_event = Event(
            title="Werkstattgespräch Inklusive Quartiere",
            series="Inklusive Quartiere",
            starts_at=self.at(ULM_EVENT_DAY, 10),
            ends_at=self.at(ULM_EVENT_DAY, 16),
            venue=ulm_venue,
            host_organisation=ulm.org,
            capacity=60,
            registration_deadline=date(2017, 10, 11),
            description="Erfahrungsaustausch nach der Bewerbungsphase „Quartier 2020“: "
            "Beteiligung, Barrierefreiheit und Finanzierung inklusiver Quartiere.",
            status=EventStatus.PLANNED,
        )
        self.add(held, self.ulm_event)
        self.bump("events", 2)
        host = next((c for c in ulm.contacts if c.role == "sozdez"), ulm.contacts[0])
        self.agenda(
            self.ulm_event,
            texts.ULM_AGENDA,
            host=self.speaker(host),
            professor=f"Prof. Dr. {self.professor.first_name} {self.professor.last_name}, "
            "Hochschule Esslingen",
            reports="; ".join(self.speaker(c) for c in reporters[1:4]),
        )

        # Reutlingen: held; who came and who did not.
        invitees = [c for t in self.advised[:40] for c in t.contacts[:1]][:30]
        for index, contact in enumerate(invitees):
            status = (
                RegistrationStatus.DECLINED
                if index % 8 == 7
                else (
                    RegistrationStatus.NO_SHOW if index % 13 == 12 else RegistrationStatus.ATTENDED
                )
            )
            self.add(
                Registration(
                    event=held,
                    person=contact.person,
                    affiliation_id=contact.affiliation.id,
                    status=status,
                    invited_at=self.at(date(2017, 4, 10), 9),
                    responded_at=self.at(date(2017, 4, rng.randint(11, 28)), rng.randint(8, 17)),
                )
            )
            self.bump("registrations")

        # Ulm: invitations out, answers coming in; 52 registered + 8 companions = 60 seats.
        plan = (
            [RegistrationStatus.REGISTERED] * 52
            + [RegistrationStatus.WAITLISTED] * 5
            + [RegistrationStatus.DECLINED] * 9
            + [RegistrationStatus.INVITED] * 6
        )
        statuses = plan[: len(self.ulm_invitees)]
        rng.shuffle(statuses)
        companions = [2, 1, 1, 1, 1, 1, 1]
        needs = [
            (NeedKind.STEP_FREE, "Rollstuhlnutzerin, bitte Platz am Gang"),
            (NeedKind.SIGN_LANGUAGE, "Gebärdensprachdolmetschung für den ganzen Tag"),
            (NeedKind.HEARING_LOOP, "Hörgerät mit T-Spule"),
            (NeedKind.DIET, "vegetarisch, laktosefrei"),
            (NeedKind.ASSISTANCE, "kommt mit Assistenzperson"),
        ]
        invited_at = self.at(date(2017, 9, 6), 9)
        delete_after = ULM_EVENT_DAY + timedelta(days=30)
        answer_days = self.workdays(date(2017, 9, 7), date(2017, 10, 11))
        waitlist = 0
        pending_needs: list[tuple[Registration, NeedKind, str, Consent]] = []
        for contact, status in zip(self.ulm_invitees, statuses, strict=True):
            registration = Registration(
                event=self.ulm_event,
                person=contact.person,
                affiliation_id=contact.affiliation.id,
                status=status,
                invited_at=invited_at,
            )
            if status is not RegistrationStatus.INVITED:
                day = rng.choice(answer_days)
                registration.responded_at = self.at(day, rng.randint(8, 17), rng.randint(0, 59))
            if status is RegistrationStatus.WAITLISTED:
                waitlist += 1
                registration.waitlist_position = waitlist
            if status is RegistrationStatus.REGISTERED:
                if companions:
                    registration.companions = companions.pop()
                    registration.companion_names = (
                        "Begleitperson" if registration.companions == 1 else "zwei Kolleginnen"
                    )
                if needs:
                    kind, details = needs.pop()
                    consent = Consent(
                        person=contact.person,
                        purpose=ConsentPurpose.HEALTH_DATA,
                        method=ConsentMethod.FORM,
                        given_on=(registration.responded_at or invited_at)
                        .astimezone(BERLIN)
                        .date(),
                        valid_until=delete_after,
                        event_id=None,
                        notes="Einwilligung auf dem Anmeldeformular zum Werkstattgespräch Ulm",
                    )
                    self.add(consent)
                    self.bump("consents")
                    pending_needs.append((registration, kind, details, consent))
            self.add(registration)
            self.bump("registrations")
        self.s.flush()
        for registration, kind, details, consent in pending_needs:
            consent.event_id = self.ulm_event.id
            self.add(
                AccessibilityNeed(
                    registration=registration,
                    kind=kind,
                    details=details,
                    consent_id=consent.id,
                    delete_after=delete_after,
                )
            )
            self.bump("needs")

    # ---- press ------------------------------------------------------------------------------

    def press(self) -> None:
        taken = {
            (row[0], row[1])
            for row in self.s.execute(select(PressRelease.year, PressRelease.number))
        }

        finals: list[PressRelease] = []

        def final(
            number: int, day: date, headline: str, paragraphs: Sequence[str], **extra: Any
        ) -> None:
            if (2017, number) in taken:
                return
            finals.append(
                PressRelease(
                    status=PressStatus.FINAL,
                    year=2017,
                    number=number,
                    revision=1,
                    release_date=day,
                    headline=headline,
                    dateline_place="Stuttgart",
                    body="\n\n".join(paragraphs),
                    clerk=self.conzen,
                    file_plan_code="047.43",
                    file_reference=f"047.43 - P {number}/2017 · Co",
                    finalised_at=self.at(day, 11),
                    contact_text=texts.P309_CONTACT,
                    **extra,
                )
            )
            self.add(finals[-1])
            self.bump("press")

        for number, day, headline, paragraphs in texts.EARLIER_RELEASES:
            final(number, date.fromisoformat(day), headline, paragraphs)
        final(
            309,
            date(2017, 7, 31),
            texts.P309_HEADLINE,
            texts.P309_PARAGRAPHS,
            more_info="www.inklusive-quartiere.de",
        )
        if (2017, 309) not in taken:
            self.add(
                PressRelease(
                    status=PressStatus.DRAFT,
                    headline=texts.DRAFT_HEADLINE,
                    dateline_place="Ulm",
                    body="\n\n".join(texts.DRAFT_PARAGRAPHS),
                    clerk=self.conzen,
                    file_plan_code="047.43",
                    more_info="www.inklusive-quartiere.de",
                    contact_text=texts.P309_CONTACT,
                )
            )
            self.bump("press")
        counter = self.s.get(PressNumberCounter, 2017)
        if counter is None:
            self.add(PressNumberCounter(year=2017, last_number=309))
        else:
            counter.last_number = max(counter.last_number, 309)
        # Final releases carry the frozen text and sender data they are reprinted from, built
        # exactly as the press service builds it when it finalises a release.
        self.s.flush()
        press = PressService(self.service.ctx)
        for release in finals:
            assert release.year is not None and release.number is not None
            frozen = press._build_snapshot(
                self.s, release, number=(release.year, release.number), clerk=self.conzen
            )
            release.frozen_snapshot = frozen.to_dict()

    # ---- today ------------------------------------------------------------------------------

    def follow_ups_around_today(self) -> None:
        ulm = self.towns[ULM_AGS].org
        for offset, note, subject in (
            (-3, "Dokumentation des Werkstattgesprächs an die Teilnehmenden senden", "event"),
            (0, "Stadt Ulm: Termin für das Nachgespräch vereinbaren", "ulm"),
            (4, "Rückfrage beim Referat Quartiersentwicklung zum nächsten Förderaufruf", "sm"),
            (14, "Nächstes Werkstattgespräch: Gastgeberkommune anfragen", "event"),
        ):
            follow_up = FollowUp(due_on=self.today + timedelta(days=offset), note=note)
            if subject == "event":
                follow_up.event_id = self.ulm_event.id
            elif subject == "ulm":
                follow_up.organisation_id = ulm.id
            else:
                follow_up.organisation_id = self.ministry.id
            self.add(follow_up)
            self.bump("follow_ups")
            self.bump("open_follow_ups")

    def meta(self) -> None:
        for key, value in ((DEMO_META_KEY, "1"), (DEMO_CREATED_META_KEY, self.now.isoformat())):
            row = self.s.get(AppMeta, key)
            if row is None:
                self.add(AppMeta(key=key, value=value))
            else:
                row.value = value

    def summary(self) -> DemoSummary:
        municipality = Organisation.kind == OrganisationKind.MUNICIPALITY

        def count(stmt: Any) -> int:
            return int(self.s.scalar(stmt) or 0)

        c = self.counts.get
        return DemoSummary(
            directory_entries=len(self.rows),
            organisations=count(select(func.count(Organisation.id))),
            municipalities=count(select(func.count(Organisation.id)).where(municipality)),
            member_municipalities=count(
                select(func.count(Organisation.id)).where(
                    municipality, Organisation.is_member.is_(True)
                )
            ),
            counties=count(
                select(func.count(Organisation.id)).where(
                    Organisation.kind == OrganisationKind.COUNTY
                )
            ),
            persons=c("persons", 0),
            affiliations=c("affiliations", 0),
            distribution_lists=len(self.lists),
            topics=len(self.topics),
            organisation_topics=c("organisation_topics", 0),
            programmes=1,
            applications=c("applications", 0),
            members_advised_q2020=c("members_advised", 0),
            non_members_advised_q2020=c("non_members_advised", 0),
            consultations=c("consultations", 0),
            follow_ups=c("follow_ups", 0),
            open_follow_ups=c("open_follow_ups", 0),
            venues=c("venues", 0),
            events=c("events", 0),
            registrations=c("registrations", 0),
            accessibility_needs=c("needs", 0),
            consents=c("consents", 0),
            press_releases=c("press", 0),
            forced=self.forced,
        )


__all__ = ["DEMO_CREATED_META_KEY", "DemoService", "DemoSummary", "ascii_fold"]
