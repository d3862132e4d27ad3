"""Programmes such as Quartier 2020 and the organisations' applications (issue 4).

"Advised for a programme" means: the organisation has at least one consultation with that
programme, or an application record for it (whatever its status).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from beratung.domain.contacts import Organisation
from beratung.domain.enums import ApplicationStatus, AuditAction, OrganisationKind, label
from beratung.domain.errors import NotFoundError, ValidationError
from beratung.domain.rules.dates import OFFICE_TIME_ZONE
from beratung.domain.rules.text import clean_text
from beratung.domain.work import (
    Consultation,
    OrganisationTopic,
    Programme,
    ProgrammeApplication,
    Topic,
)
from beratung.services.base import Service, check_version, diff

#: Statuses that mean an application was actually submitted.
SUBMITTED = (ApplicationStatus.APPLIED, ApplicationStatus.FUNDED, ApplicationStatus.REJECTED)


@dataclass(frozen=True, slots=True)
class ProgrammeDraft:
    name: str
    description: str | None = None
    funder: str | None = None
    starts_on: date | None = None
    deadline: date | None = None
    ends_on: date | None = None
    website: str | None = None


@dataclass(frozen=True, slots=True)
class ProgrammeSnapshot:
    id: int
    name: str
    description: str | None
    funder: str | None
    starts_on: date | None
    deadline: date | None
    ends_on: date | None
    website: str | None
    consultation_count: int
    application_count: int
    version: int

    def to_draft(self) -> ProgrammeDraft:
        return ProgrammeDraft(
            name=self.name,
            description=self.description,
            funder=self.funder,
            starts_on=self.starts_on,
            deadline=self.deadline,
            ends_on=self.ends_on,
            website=self.website,
        )


@dataclass(frozen=True, slots=True)
class ApplicationDraft:
    organisation_id: int
    status: ApplicationStatus = ApplicationStatus.ADVISED
    applied_on: date | None = None
    result_on: date | None = None
    project_title: str | None = None
    amount_eur: int | None = None
    notes: str | None = None


@dataclass(frozen=True, slots=True)
class ApplicationSnapshot:
    id: int
    programme_id: int
    programme_name: str
    organisation_id: int
    organisation_name: str
    is_member: bool
    regierungsbezirk: str | None
    status: ApplicationStatus
    applied_on: date | None
    result_on: date | None
    project_title: str | None
    amount_eur: int | None
    notes: str | None
    version: int

    @property
    def status_label(self) -> str:
        return label(self.status)

    def to_draft(self) -> ApplicationDraft:
        return ApplicationDraft(
            organisation_id=self.organisation_id,
            status=self.status,
            applied_on=self.applied_on,
            result_on=self.result_on,
            project_title=self.project_title,
            amount_eur=self.amount_eur,
            notes=self.notes,
        )


@dataclass(frozen=True, slots=True)
class ProgrammeOrganisationRow:
    """One organisation advised for the programme (overview table)."""

    organisation_id: int
    name: str
    is_member: bool
    is_municipality: bool
    kreis: str | None
    regierungsbezirk: str | None
    consultations: int
    first_consultation: date | None
    last_consultation: date | None
    #: None when there are consultations but no application record.
    status: ApplicationStatus | None
    application_id: int | None

    @property
    def status_label(self) -> str:
        return label(self.status) if self.status else "beraten"


@dataclass(frozen=True, slots=True)
class ProgrammeRegionRow:
    """Per Regierungsbezirk: distinct municipalities advised, applied, funded."""

    regierungsbezirk: str
    advised: int
    members: int
    non_members: int
    applied: int
    funded: int


@dataclass(frozen=True, slots=True)
class ProgrammeOverview:
    programme: ProgrammeSnapshot
    #: Distinct municipalities advised (consultation with the programme or application record).
    municipalities_advised: int
    members_advised: int
    non_members_advised: int
    #: Organisations of other kinds (Landkreise, Verbände …) advised for the programme.
    other_organisations_advised: int
    consultations: int
    #: Applications submitted: status applied, funded or rejected (withdrawn ones not counted).
    applications: int
    applications_members: int
    funded: int
    rejected: int
    withdrawn: int
    by_status: tuple[tuple[ApplicationStatus, int], ...]
    by_regierungsbezirk: tuple[ProgrammeRegionRow, ...]
    organisations: tuple[ProgrammeOrganisationRow, ...]


@dataclass(frozen=True, slots=True)
class DeclaredTopic:
    """A topic an organisation declared as its own project (for Vernetzung)."""

    topic_id: int
    name: str
    note: str | None
    since: date | None


class ProgrammeService(Service):
    """Programmes CRUD, applications per organisation, the programme overview, and the
    project topics organisations declare (Vernetzung)."""

    # --- programmes ---------------------------------------------------------------------------

    def list_programmes(self) -> list[ProgrammeSnapshot]:
        with self.db.transaction(write=False) as session:
            programmes = session.scalars(select(Programme)).all()
            snapshots = [self._snapshot(session, p) for p in programmes]
        return sorted(
            snapshots,
            key=lambda p: (
                p.deadline is None,
                -(p.deadline.toordinal() if p.deadline else 0),
                p.name.lower(),
            ),
        )

    def get_programme(self, programme_id: int) -> ProgrammeSnapshot:
        with self.db.transaction(write=False) as session:
            return self._snapshot(session, self._load(session, programme_id))

    def find_by_name(self, name: str) -> ProgrammeSnapshot:
        """Exact name first, then a unique case-insensitive prefix; German NotFoundError else."""
        wanted = (name or "").strip()
        with self.db.transaction(write=False) as session:
            programmes = session.scalars(select(Programme)).all()
            exact = [p for p in programmes if p.name.lower() == wanted.lower()]
            candidates = exact or [
                p for p in programmes if p.name.lower().startswith(wanted.lower())
            ]
            if len(candidates) == 1 and wanted:
                return self._snapshot(session, candidates[0])
            if not candidates or not wanted:
                known = ", ".join(sorted(p.name for p in programmes)) or "keine"
                raise NotFoundError(f"Ein Programm „{wanted}“ gibt es nicht. Vorhanden: {known}.")
            raise NotFoundError(
                f"„{wanted}“ passt auf mehrere Programme: "
                + ", ".join(sorted(p.name for p in candidates))
                + ". Bitte genauer angeben."
            )

    def create_programme(self, draft: ProgrammeDraft) -> ProgrammeSnapshot:
        with self.db.transaction() as session:
            programme = Programme()
            self._apply(session, programme, draft)
            session.add(programme)
            session.flush()
            self.audit(
                session,
                AuditAction.CREATE,
                "programme",
                programme.id,
                f"Programm „{programme.name}“ angelegt",
                self._fields(programme),
            )
            return self._snapshot(session, programme)

    def update_programme(
        self, programme_id: int, draft: ProgrammeDraft, expected_version: int
    ) -> ProgrammeSnapshot:
        with self.db.transaction() as session:
            programme = self._load(session, programme_id)
            check_version(programme.version, expected_version, "Das Programm")
            before = self._fields(programme)
            self._apply(session, programme, draft)
            session.flush()
            changes = diff(before, self._fields(programme))
            if changes:
                self.audit(
                    session,
                    AuditAction.UPDATE,
                    "programme",
                    programme.id,
                    f"Programm „{programme.name}“ geändert",
                    changes,
                )
            return self._snapshot(session, programme)

    def delete_programme(self, programme_id: int, expected_version: int | None = None) -> None:
        """Delete a programme with its applications; its consultations stay, without programme."""
        with self.db.transaction() as session:
            programme = self._load(session, programme_id)
            check_version(programme.version, expected_version, "Das Programm")
            self.audit(
                session,
                AuditAction.DELETE,
                "programme",
                programme.id,
                f"Programm „{programme.name}“ gelöscht",
                self._fields(programme),
            )
            session.delete(programme)

    # --- applications -------------------------------------------------------------------------

    def list_applications(
        self, programme_id: int | None = None, organisation_id: int | None = None
    ) -> list[ApplicationSnapshot]:
        stmt = (
            select(ProgrammeApplication, Programme, Organisation)
            .join(Programme, Programme.id == ProgrammeApplication.programme_id)
            .join(Organisation, Organisation.id == ProgrammeApplication.organisation_id)
        )
        if programme_id is not None:
            stmt = stmt.where(ProgrammeApplication.programme_id == programme_id)
        if organisation_id is not None:
            stmt = stmt.where(ProgrammeApplication.organisation_id == organisation_id)
        stmt = stmt.order_by(Programme.name, Organisation.sort_name, Organisation.id)
        with self.db.transaction(write=False) as session:
            return [_application(a, p, o) for a, p, o in session.execute(stmt)]

    def add_application(self, programme_id: int, draft: ApplicationDraft) -> ApplicationSnapshot:
        with self.db.transaction() as session:
            programme = self._load(session, programme_id)
            organisation = self._organisation(session, draft.organisation_id)
            existing = session.scalars(
                select(ProgrammeApplication).where(
                    ProgrammeApplication.programme_id == programme_id,
                    ProgrammeApplication.organisation_id == organisation.id,
                )
            ).first()
            if existing is not None:
                raise ValidationError(
                    f"Für {organisation.name} gibt es bei „{programme.name}“ schon einen Eintrag; "
                    "bitte diesen ändern.",
                    field="organisation_id",
                )
            application = ProgrammeApplication(programme_id=programme.id)
            self._apply_application(application, draft, organisation)
            session.add(application)
            session.flush()
            self.audit(
                session,
                AuditAction.CREATE,
                "programme_application",
                application.id,
                f"{programme.name}: {organisation.name} – {label(application.status)}",
                self._application_fields(application),
            )
            return _application(application, programme, organisation)

    def update_application(
        self, application_id: int, draft: ApplicationDraft, expected_version: int
    ) -> ApplicationSnapshot:
        with self.db.transaction() as session:
            application = self._load_application(session, application_id)
            check_version(application.version, expected_version, "Der Eintrag zur Bewerbung")
            if draft.organisation_id != application.organisation_id:
                raise ValidationError(
                    "Die Organisation eines Bewerbungseintrags kann nicht geändert werden; "
                    "bitte einen neuen Eintrag anlegen.",
                    field="organisation_id",
                )
            organisation = self._organisation(session, draft.organisation_id)
            before = self._application_fields(application)
            self._apply_application(application, draft, organisation)
            session.flush()
            changes = diff(before, self._application_fields(application))
            programme = application.programme
            if changes:
                self.audit(
                    session,
                    AuditAction.UPDATE,
                    "programme_application",
                    application.id,
                    f"{programme.name}: {organisation.name} – {label(application.status)}",
                    changes,
                )
            return _application(application, programme, organisation)

    def delete_application(self, application_id: int, expected_version: int | None = None) -> None:
        with self.db.transaction() as session:
            application = self._load_application(session, application_id)
            check_version(application.version, expected_version, "Der Eintrag zur Bewerbung")
            self.audit(
                session,
                AuditAction.DELETE,
                "programme_application",
                application.id,
                f"{application.programme.name}: Eintrag für {application.organisation.name} "
                "gelöscht",
                self._application_fields(application),
            )
            session.delete(application)

    # --- overview -----------------------------------------------------------------------------

    # --- declared project topics (Vernetzung) -------------------------------------------------

    def organisation_topics(self, organisation_id: int) -> list[DeclaredTopic]:
        """The topics an organisation declared as its own projects, by name."""
        with self.db.transaction(write=False) as session:
            self._organisation(session, organisation_id)
            return self._declared(session, organisation_id)

    def set_organisation_topics(
        self, organisation_id: int, topic_ids: Sequence[int], note: str | None = None
    ) -> list[DeclaredTopic]:
        """Declare exactly ``topic_ids`` as the organisation's project topics (audited).

        Topics newly declared get today as ``since``; ``note`` (when given) is stored with every
        declared topic. The Vernetzung ranking counts them at once.
        """
        wanted = list(dict.fromkeys(topic_ids))
        cleaned = " ".join(note.split()) if note is not None else None
        with self.db.transaction() as session:
            organisation = self._organisation(session, organisation_id)
            topics = {t.id: t for t in session.scalars(select(Topic).where(Topic.id.in_(wanted)))}
            if any(i not in topics for i in wanted):
                raise ValidationError(
                    "Eines der gewählten Themen gibt es nicht (mehr).", field="topic_ids"
                )
            current = {
                d.topic_id: d
                for d in session.scalars(
                    select(OrganisationTopic).where(
                        OrganisationTopic.organisation_id == organisation_id
                    )
                )
            }
            before = self._declared(session, organisation_id)
            for topic_id, old in current.items():
                if topic_id not in topics:
                    session.delete(old)
            for topic_id in wanted:
                declared = current.get(topic_id)
                if declared is None:
                    declared = OrganisationTopic(
                        organisation_id=organisation_id,
                        topic_id=topic_id,
                        since=self.ctx.today(),
                    )
                    session.add(declared)
                if note is not None:
                    declared.note = cleaned or None
            session.flush()
            after = self._declared(session, organisation_id)
            changes = diff(
                {"topics": [t.name for t in before], "notes": [t.note for t in before]},
                {"topics": [t.name for t in after], "notes": [t.note for t in after]},
            )
            if changes:
                self.audit(
                    session,
                    AuditAction.UPDATE,
                    "organisation",
                    organisation_id,
                    f"Projektthemen von {organisation.name} geändert",
                    changes,
                )
            return after

    @staticmethod
    def _declared(session: Session, organisation_id: int) -> list[DeclaredTopic]:
        rows = session.execute(
            select(Topic.id, Topic.name, OrganisationTopic.note, OrganisationTopic.since)
            .join(OrganisationTopic, OrganisationTopic.topic_id == Topic.id)
            .where(OrganisationTopic.organisation_id == organisation_id)
        ).all()
        return sorted(
            (DeclaredTopic(int(r[0]), str(r[1]), r[2], r[3]) for r in rows),
            key=lambda t: t.name.casefold(),
        )

    def programme_overview(self, programme_id: int) -> ProgrammeOverview:
        with self.db.transaction(write=False) as session:
            programme = self._load(session, programme_id)
            snapshot = self._snapshot(session, programme)
            consulted = {
                oid: (int(n), first, last)
                for oid, n, first, last in session.execute(
                    select(
                        Consultation.organisation_id,
                        func.count(Consultation.id),
                        func.min(Consultation.occurred_at),
                        func.max(Consultation.occurred_at),
                    )
                    .where(
                        Consultation.programme_id == programme_id,
                        Consultation.organisation_id.is_not(None),
                    )
                    .group_by(Consultation.organisation_id)
                )
            }
            applications = {
                a.organisation_id: a
                for a in session.scalars(
                    select(ProgrammeApplication).where(
                        ProgrammeApplication.programme_id == programme_id
                    )
                )
            }
            org_ids = set(consulted) | set(applications)
            organisations = (
                {
                    o.id: o
                    for o in session.scalars(
                        select(Organisation).where(Organisation.id.in_(org_ids))
                    )
                }
                if org_ids
                else {}
            )
        rows: list[ProgrammeOrganisationRow] = []
        for oid, org in organisations.items():
            n, first, last = consulted.get(oid, (0, None, None))
            application = applications.get(oid)
            rows.append(
                ProgrammeOrganisationRow(
                    organisation_id=oid,
                    name=org.name,
                    is_member=org.is_member,
                    is_municipality=org.kind == OrganisationKind.MUNICIPALITY,
                    kreis=org.kreis,
                    regierungsbezirk=org.regierungsbezirk,
                    consultations=n,
                    first_consultation=first.astimezone(OFFICE_TIME_ZONE).date() if first else None,
                    last_consultation=last.astimezone(OFFICE_TIME_ZONE).date() if last else None,
                    status=application.status if application else None,
                    application_id=application.id if application else None,
                )
            )
        rows.sort(key=lambda r: r.name.lower())
        municipalities = [r for r in rows if r.is_municipality]
        status_counts = Counter(r.status for r in rows if r.status is not None)
        regions: dict[str, list[ProgrammeOrganisationRow]] = {}
        for row in municipalities:
            regions.setdefault(row.regierungsbezirk or "(ohne Angabe)", []).append(row)
        return ProgrammeOverview(
            programme=snapshot,
            municipalities_advised=len(municipalities),
            members_advised=sum(1 for r in municipalities if r.is_member),
            non_members_advised=sum(1 for r in municipalities if not r.is_member),
            other_organisations_advised=len(rows) - len(municipalities),
            consultations=snapshot.consultation_count,
            applications=sum(1 for r in rows if r.status in SUBMITTED),
            applications_members=sum(1 for r in rows if r.status in SUBMITTED and r.is_member),
            funded=status_counts[ApplicationStatus.FUNDED],
            rejected=status_counts[ApplicationStatus.REJECTED],
            withdrawn=status_counts[ApplicationStatus.WITHDRAWN],
            by_status=tuple((s, status_counts[s]) for s in ApplicationStatus if status_counts[s]),
            by_regierungsbezirk=tuple(
                ProgrammeRegionRow(
                    regierungsbezirk=name,
                    advised=len(items),
                    members=sum(1 for r in items if r.is_member),
                    non_members=sum(1 for r in items if not r.is_member),
                    applied=sum(1 for r in items if r.status in SUBMITTED),
                    funded=sum(1 for r in items if r.status == ApplicationStatus.FUNDED),
                )
                for name, items in sorted(regions.items())
            ),
            organisations=tuple(rows),
        )

    # --- internals ----------------------------------------------------------------------------

    @staticmethod
    def _load(session: Session, programme_id: int) -> Programme:
        programme = session.get(Programme, programme_id)
        if programme is None:
            raise NotFoundError(f"Das Programm Nr. {programme_id} gibt es nicht (mehr).")
        return programme

    @staticmethod
    def _load_application(session: Session, application_id: int) -> ProgrammeApplication:
        application = session.get(ProgrammeApplication, application_id)
        if application is None:
            raise NotFoundError(f"Der Bewerbungseintrag Nr. {application_id} gibt es nicht (mehr).")
        return application

    @staticmethod
    def _organisation(session: Session, organisation_id: int) -> Organisation:
        organisation = session.get(Organisation, organisation_id)
        if organisation is None:
            raise ValidationError(
                "Die gewählte Organisation gibt es nicht (mehr).", field="organisation_id"
            )
        return organisation

    def _apply(self, session: Session, programme: Programme, draft: ProgrammeDraft) -> None:
        name = " ".join((draft.name or "").split())
        if not name:
            raise ValidationError("Bitte einen Namen für das Programm angeben.", field="name")
        if len(name) > 200:
            raise ValidationError("Der Name ist zu lang (höchstens 200 Zeichen).", field="name")
        clash = session.scalars(
            select(Programme).where(func.lower(Programme.name) == name.lower())
        ).first()
        if clash is not None and clash is not programme:
            raise ValidationError(f"Ein Programm „{clash.name}“ gibt es schon.", field="name")
        if draft.starts_on and draft.ends_on and draft.ends_on < draft.starts_on:
            raise ValidationError(
                "Das Ende des Programms liegt vor seinem Beginn.", field="ends_on"
            )
        if draft.starts_on and draft.deadline and draft.deadline < draft.starts_on:
            raise ValidationError(
                "Der Bewerbungsschluss liegt vor dem Beginn des Programms.", field="deadline"
            )
        for field, limit in (("funder", 200), ("website", 200)):
            value = clean_text(getattr(draft, field))
            if value is not None and len(value) > limit:
                raise ValidationError(
                    f"Die Angabe ist zu lang (höchstens {limit} Zeichen).", field=field
                )
        programme.name = name
        programme.description = clean_text(draft.description)
        programme.funder = clean_text(draft.funder)
        programme.starts_on = draft.starts_on
        programme.deadline = draft.deadline
        programme.ends_on = draft.ends_on
        programme.website = clean_text(draft.website)

    @staticmethod
    def _apply_application(
        application: ProgrammeApplication, draft: ApplicationDraft, organisation: Organisation
    ) -> None:
        try:
            status = ApplicationStatus(draft.status)
        except ValueError:
            raise ValidationError(
                "Bitte einen Stand der Bewerbung wählen.", field="status"
            ) from None
        if draft.amount_eur is not None and draft.amount_eur < 0:
            raise ValidationError("Der Betrag darf nicht negativ sein.", field="amount_eur")
        if draft.applied_on and draft.result_on and draft.result_on < draft.applied_on:
            raise ValidationError(
                "Das Ergebnis kann nicht vor der Bewerbung liegen.", field="result_on"
            )
        title = clean_text(draft.project_title)
        if title is not None and len(title) > 300:
            raise ValidationError(
                "Der Projekttitel ist zu lang (höchstens 300 Zeichen).", field="project_title"
            )
        application.organisation_id = organisation.id
        application.status = status
        application.applied_on = draft.applied_on
        application.result_on = draft.result_on
        application.project_title = title
        application.amount_eur = draft.amount_eur
        application.notes = clean_text(draft.notes)

    @staticmethod
    def _fields(programme: Programme) -> dict[str, Any]:
        return {
            "name": programme.name,
            "description": programme.description,
            "funder": programme.funder,
            "starts_on": programme.starts_on,
            "deadline": programme.deadline,
            "ends_on": programme.ends_on,
            "website": programme.website,
        }

    @staticmethod
    def _application_fields(application: ProgrammeApplication) -> dict[str, Any]:
        return {
            "organisation_id": application.organisation_id,
            "status": application.status.value if application.status else None,
            "applied_on": application.applied_on,
            "result_on": application.result_on,
            "project_title": application.project_title,
            "amount_eur": application.amount_eur,
            "notes": application.notes,
        }

    @staticmethod
    def _snapshot(session: Session, programme: Programme) -> ProgrammeSnapshot:
        consultations = session.scalar(
            select(func.count(Consultation.id)).where(Consultation.programme_id == programme.id)
        )
        applications = session.scalar(
            select(func.count(ProgrammeApplication.id)).where(
                ProgrammeApplication.programme_id == programme.id
            )
        )
        return ProgrammeSnapshot(
            id=programme.id,
            name=programme.name,
            description=programme.description,
            funder=programme.funder,
            starts_on=programme.starts_on,
            deadline=programme.deadline,
            ends_on=programme.ends_on,
            website=programme.website,
            consultation_count=int(consultations or 0),
            application_count=int(applications or 0),
            version=programme.version,
        )


def _application(
    a: ProgrammeApplication, programme: Programme, organisation: Organisation
) -> ApplicationSnapshot:
    return ApplicationSnapshot(
        id=a.id,
        programme_id=programme.id,
        programme_name=programme.name,
        organisation_id=organisation.id,
        organisation_name=organisation.name,
        is_member=organisation.is_member,
        regierungsbezirk=organisation.regierungsbezirk,
        status=a.status,
        applied_on=a.applied_on,
        result_on=a.result_on,
        project_title=a.project_title,
        amount_eur=a.amount_eur,
        notes=a.notes,
        version=a.version,
    )
