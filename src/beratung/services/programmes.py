"""Programmes such as Quartier 2020 and the organisations' applications (issue 4).

"Advised for a programme" means: the organisation has at least one consultation with that
programme, or an application record for it (whatever its status).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from beratung.domain.enums import ApplicationStatus, label
from beratung.services.base import Service


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


class ProgrammeService(Service):
    """Programmes CRUD, applications per organisation, and the programme overview."""

    def list_programmes(self) -> list[ProgrammeSnapshot]:
        raise NotImplementedError

    def get(self, programme_id: int) -> ProgrammeSnapshot:
        raise NotImplementedError

    def find_by_name(self, name: str) -> ProgrammeSnapshot:
        """Exact name first, then a unique case-insensitive prefix; German NotFoundError else."""
        raise NotImplementedError

    def create(self, draft: ProgrammeDraft) -> ProgrammeSnapshot:
        raise NotImplementedError

    def update(
        self, programme_id: int, draft: ProgrammeDraft, expected_version: int
    ) -> ProgrammeSnapshot:
        raise NotImplementedError

    def delete(self, programme_id: int, expected_version: int | None = None) -> None:
        raise NotImplementedError

    def list_applications(
        self, programme_id: int | None = None, organisation_id: int | None = None
    ) -> list[ApplicationSnapshot]:
        raise NotImplementedError

    def add_application(self, programme_id: int, draft: ApplicationDraft) -> ApplicationSnapshot:
        raise NotImplementedError

    def update_application(
        self, application_id: int, draft: ApplicationDraft, expected_version: int
    ) -> ApplicationSnapshot:
        raise NotImplementedError

    def delete_application(self, application_id: int, expected_version: int | None = None) -> None:
        raise NotImplementedError

    def programme_overview(self, programme_id: int) -> ProgrammeOverview:
        raise NotImplementedError
