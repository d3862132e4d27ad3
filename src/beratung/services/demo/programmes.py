"""The programme "Quartier 2020" and the municipalities' applications.

The state competition of the press release: applications until 31.07.2017, results on
05.12.2017. Every advised town has an application record: most applied (some funded, some
rejected, the rest waiting for the second round), a few withdrew, and some were advised but
did not apply in this round. On a forced run the programme is re-used by name and a town
that already has an application keeps it.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from beratung.domain.enums import ApplicationStatus
from beratung.domain.models import Programme, ProgrammeApplication
from beratung.services.demo.common import DemoBuild, next_workday
from beratung.services.demo.data import texts
from beratung.services.demo.organisations import Towns

Q2020_NAME = "Quartier 2020"
Q2020_START = date(2017, 3, 1)
Q2020_DEADLINE = date(2017, 7, 31)
Q2020_RESULTS = date(2017, 12, 5)


def build_programme(demo: DemoBuild) -> Programme:
    programme = demo.s.scalar(select(Programme).where(Programme.name == Q2020_NAME))
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
        demo.add(programme)
    return programme


def build_applications(demo: DemoBuild, towns: Towns, programme: Programme) -> None:
    """One application per advised town, dated after its last consultation in the application
    phase (so the consultations must be built first)."""
    rng = demo.rng
    existing = set(
        demo.s.scalars(
            select(ProgrammeApplication.organisation_id).where(
                ProgrammeApplication.programme_id == programme.id
            )
        )
    )
    for town in towns.advised:
        if town.org.id in existing:
            continue
        roll = rng.random()
        last_contact = max(town.phase_days)
        quarter = rng.choice(texts.QUARTERS)
        title = rng.choice(texts.PROJECT_TITLES).format(quarter=quarter, town=town.row.name)
        application = ProgrammeApplication(
            programme=programme,
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
                next_workday(last_contact + timedelta(days=rng.randint(0, 14))),
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
        demo.add(application)
        demo.bump("applications")
    demo.counts["members_advised"] = sum(1 for t in towns.advised if t.org.is_member)
    demo.counts["non_members_advised"] = sum(1 for t in towns.advised if not t.org.is_member)
