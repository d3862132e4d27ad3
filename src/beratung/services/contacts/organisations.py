"""Organisations: one record, its detail (people and consultations), and every change to it.

An organisation's name and town are part of its members' ``search_text``, so renaming it or
moving it refreshes them. A municipality is created complete from the official directory
(decision 6). Deleting is refused while consultations or programme applications point at the
organisation: those are merged, not lost.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import cast

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from beratung.domain.contacts import Affiliation, Organisation, Person
from beratung.domain.enums import AuditAction, label
from beratung.domain.errors import UserError, ValidationError
from beratung.domain.rules.affiliations import is_current
from beratung.domain.rules.names import display_name
from beratung.domain.work import Consultation, ProgrammeApplication
from beratung.services.base import Service, check_version, diff, not_found
from beratung.services.contacts.cleaning import (
    FIELD_LABELS,
    ORGANISATION_FIELDS,
    check_postcode,
    fields_of,
    validate_organisation_values,
)
from beratung.services.contacts.snapshots import (
    ConsultationRef,
    OrganisationDetail,
    OrganisationInput,
    OrganisationPerson,
)
from beratung.services.masterdata import (
    municipality_entry,
    new_municipality,
)


class OrganisationService(Service):
    def get_organisation(self, organisation_id: int) -> OrganisationDetail:
        with self.db.read() as s:
            return self._org_detail(s, self._org(s, organisation_id))

    def _org(self, s: Session, organisation_id: int) -> Organisation:
        org = s.get(Organisation, organisation_id)
        if org is None:
            raise not_found("Die Organisation mit der Nummer", organisation_id)
        return org

    def _org_detail(self, s: Session, org: Organisation) -> OrganisationDetail:
        today = self.ctx.today()
        persons = [
            OrganisationPerson(
                person_id=p.id,
                display_name=display_name(p.title, p.first_name, p.last_name),
                affiliation_id=a.id,
                role=a.role,
                is_primary=a.is_primary,
                is_current=is_current(a.valid_to, today),
                valid_from=a.valid_from,
                valid_to=a.valid_to,
            )
            for a, p in s.execute(
                select(Affiliation, Person)
                .join(Person, Person.id == Affiliation.person_id)
                .where(Affiliation.organisation_id == org.id)
                .order_by(Person.sort_name, Person.id, Affiliation.id)
            )
        ]
        consultations = [
            ConsultationRef(
                id=c.id, occurred_at=c.occurred_at, subject=c.subject, organisation=org.name
            )
            for c in s.scalars(
                select(Consultation)
                .where(Consultation.organisation_id == org.id)
                .order_by(Consultation.occurred_at.desc())
            )
        ]
        return OrganisationDetail(
            id=org.id,
            version=org.version,
            kind=org.kind,
            kind_label=label(org.kind),
            name=org.name,
            department=org.department,
            street=org.street,
            po_box=org.po_box,
            postcode=org.postcode,
            town=org.town,
            country=org.country,
            phone=org.phone,
            fax=org.fax,
            email=org.email,
            website=org.website,
            ags=org.ags,
            kreis=org.kreis,
            kreis_typ=org.kreis_typ,
            regierungsbezirk=org.regierungsbezirk,
            population=org.population,
            is_member=org.is_member,
            notes=org.notes,
            created_at=org.created_at,
            updated_at=org.updated_at,
            persons=tuple(persons),
            consultations=tuple(consultations),
        )

    def _check_ags_free(self, s: Session, ags: str | None, own_id: int | None) -> None:
        if not ags:
            return
        other = s.scalar(select(Organisation).where(Organisation.ags == ags))
        if other is not None and other.id != own_id:
            raise ValidationError(
                f"Der Gemeindeschlüssel {ags} gehört schon zu „{other.name}“.", field="ags"
            )

    def create_organisation(self, data: OrganisationInput) -> OrganisationDetail:
        values = validate_organisation_values(fields_of(data, ORGANISATION_FIELDS))
        values.update(check_postcode(values, values.get("country")))
        with self.db.transaction() as s:
            self._check_ags_free(s, cast(str | None, values.get("ags")), None)
            org = Organisation(**values)
            s.add(org)
            s.flush()
            self.audit(
                s,
                AuditAction.CREATE,
                "organisation",
                org.id,
                f"Organisation {org.name} angelegt",
                {k: v for k, v in values.items() if v is not None},
            )
            return self._org_detail(s, org)

    def create_municipality(self, ags: str, *, is_member: bool = False) -> OrganisationDetail:
        """A complete municipality from the directory ("Stadt Ulm" with AGS, Kreis,
        Regierungsbezirk, population, postcode, town and its full search text), audited, in
        one transaction."""
        with self.db.transaction() as s:
            org = new_municipality(municipality_entry(s, ags), is_member=is_member)
            s.add(org)
            s.flush()
            self.audit(
                s,
                AuditAction.CREATE,
                "organisation",
                org.id,
                f"{org.name} aus dem Gemeindeverzeichnis angelegt (AGS {ags})",
            )
            return self._org_detail(s, org)

    def update_organisation(
        self, organisation_id: int, changes: Mapping[str, object], *, expected_version: int
    ) -> OrganisationDetail:
        values = validate_organisation_values(dict(changes))
        with self.db.transaction() as s:
            org = self._org(s, organisation_id)
            check_version(org.version, expected_version, f"Die Organisation „{org.name}“")
            country = values.get("country", org.country)
            if "postcode" in values or "country" in values:
                values.update(
                    check_postcode({"postcode": values.get("postcode", org.postcode)}, country)
                )
            if "ags" in values:
                self._check_ags_free(s, cast(str | None, values["ags"]), org.id)
            before = fields_of(org, list(values))
            changed = diff(before, values)
            if not changed:
                return self._org_detail(s, org)
            name = org.name
            for key, value in values.items():
                setattr(org, key, value)
            s.flush()
            self.audit(
                s,
                AuditAction.UPDATE,
                "organisation",
                org.id,
                f"Organisation {name} geändert: "
                + ", ".join(FIELD_LABELS.get(k, k) for k in changed),
                changed,
            )
            return self._org_detail(s, org)

    def delete_organisation(
        self, organisation_id: int, *, expected_version: int | None = None
    ) -> None:
        with self.db.transaction() as s:
            org = self._org(s, organisation_id)
            check_version(org.version, expected_version, f"Die Organisation „{org.name}“")
            consultations = s.scalar(
                select(func.count(Consultation.id)).where(Consultation.organisation_id == org.id)
            )
            applications = s.scalar(
                select(func.count(ProgrammeApplication.id)).where(
                    ProgrammeApplication.organisation_id == org.id
                )
            )
            if consultations or applications:
                raise UserError(
                    f"„{org.name}“ kann nicht gelöscht werden: Es gibt {consultations or 0} "
                    f"Beratung(en) und {applications or 0} Programmteilnahme(n) dazu.",
                    hint="Führen Sie die Organisation stattdessen mit einer anderen zusammen.",
                )
            snapshot = fields_of(org, ORGANISATION_FIELDS)
            s.delete(org)  # its members' search text and primary roles follow (derived data)
            s.flush()
            self.audit(
                s,
                AuditAction.DELETE,
                "organisation",
                organisation_id,
                f"Organisation {snapshot['name']} gelöscht",
                snapshot,
            )
