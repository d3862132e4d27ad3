"""The data-protection service: a person's data report (Art. 15), erasure (Art. 17), deletion
when the retention periods end, and the record of processing activities (Art. 30).

Each public method is one transaction. The log never names the person: messages carry the
person's number only (names and e-mail addresses stay out of ``Protokolle/``).
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import delete, select

from beratung import settings as options
from beratung.documents.registry import render
from beratung.domain.contacts import Person
from beratung.domain.enums import AuditAction, label
from beratung.domain.errors import UserError
from beratung.domain.events import AccessibilityNeed
from beratung.domain.office import OfficeProfile
from beratung.domain.privacy import DataSubjectReport, ProcessingRecord
from beratung.domain.processing_record import build_record
from beratung.domain.records import Consent
from beratung.domain.rules.dates import format_date_de
from beratung.domain.rules.retention import ConsultationRetention, RetentionSettings
from beratung.services.base import Service, diff, not_found
from beratung.services.contacts import ConsentSnapshot
from beratung.services.contacts.persons import consent_snapshot
from beratung.services.files import check_target, write_all_atomically, write_atomically
from beratung.services.office import PROFILE_ID, sender_from_profile
from beratung.services.privacy.consents import (
    ConsentInput,
    check_consent,
    withdraw,
)
from beratung.services.privacy.erase import erase, placeholder
from beratung.services.privacy.export import build_json, build_report, counts
from beratung.services.privacy.gather import gather
from beratung.services.privacy.retention import (
    DueReport,
    due_items,
    purge_consultations,
    read_settings,
    remove_attachment_files,
    write_settings,
)
from beratung.storage import references

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ExportResult:
    """What ``export_person`` wrote: the readable PDF, the complete JSON, and how much."""

    person_id: int
    pdf_path: Path
    json_path: Path
    page_count: int
    #: Rows found per category (German label → count), for the message to the user.
    counts: tuple[tuple[str, int], ...]


def export_paths(out: Path) -> tuple[Path, Path]:
    """(PDF, JSON) for the ``--out`` the user gave: ``auskunft.pdf`` or ``auskunft.json`` get
    the other file beside them with the same name; any other name gets both suffixes added."""
    out = Path(out)
    suffix = out.suffix.lower()
    if suffix in {".pdf", ".json"}:
        return out.with_suffix(".pdf"), out.with_suffix(".json")
    return out.with_name(out.name + ".pdf"), out.with_name(out.name + ".json")


def office_heading(profile: OfficeProfile | None) -> tuple[str, str]:
    """(organisation, department) for the documents' running head; usable without a profile."""
    if profile is None:
        return "Beratung", "Datenschutz"
    return profile.name, profile.unit or "Datenschutz"


@dataclass(frozen=True, slots=True)
class EraseResult:
    """What ``erase_person`` did, by category (German label → rows)."""

    person_id: int
    placeholder: str
    deleted: tuple[tuple[str, int], ...]
    anonymised: tuple[tuple[str, int], ...]
    kept: tuple[tuple[str, int], ...]
    needs_deleted: int
    audit_entries: int
    documents: int

    def lines(self) -> list[str]:
        """The result in German, one line per fact (for the CLI and the GUI's message)."""
        out = [f"Person Nr. {self.person_id} anonymisiert: jetzt „{self.placeholder}“."]
        out += [f"  gelöscht: {label} {count}" for label, count in self.deleted if count]
        out += [f"  anonymisiert: {label} {count}" for label, count in self.anonymised if count]
        out += [
            f"  behalten (für die Statistik): {label} {count}"
            for label, count in self.kept
            if count
        ]
        if self.needs_deleted:
            out.append(f"  gelöscht: Bedarfe (Gesundheitsdaten) {self.needs_deleted}")
        if self.audit_entries:
            out.append(f"  Änderungsprotokoll bereinigt: {self.audit_entries} Einträge")
        if self.documents:
            out.append(f"  Dokumentprotokoll bereinigt: {self.documents} Dokumente")
        return out


def _labelled(counts: dict[str, int]) -> tuple[tuple[str, int], ...]:
    labels = {ref.policy.table: ref.policy.label for ref in references.referencing("person")}
    return tuple((labels.get(table, table), count) for table, count in counts.items())


class _PrivacyCore(Service):
    """Auskunft (Art. 15), Löschung (Art. 17), Löschfristen und Verzeichnis (Art. 30)."""

    def person_report(
        self, person_id: int
    ) -> tuple[DataSubjectReport, dict[str, object], tuple[tuple[str, int], ...]]:
        """The readable report, the complete JSON and the rows found per category: everything
        stored about a person."""
        with self.db.read() as s:
            person = s.get(Person, person_id)
            if person is None:
                raise not_found("Die Person mit der Nummer", person_id)
            data = gather(s, person)
            organisation, department = office_heading(s.get(OfficeProfile, PROFILE_ID))
            report = build_report(
                data,
                organisation_name=organisation,
                department=department,
                created_on=self.ctx.today(),
            )
            return report, build_json(data, created_at=self.ctx.now()), counts(data)

    def export_person(self, person_id: int, out: Path) -> ExportResult:
        """Write the person's data report as a tagged PDF and as JSON beside it (both private
        files, written whole or not at all), and note the export in the audit log."""
        pdf_path, json_path = export_paths(out)
        for path in (pdf_path, json_path):
            check_target(path)
        report, payload, found = self.person_report(person_id)
        rendered = render(report)
        encoded = json.dumps(payload, ensure_ascii=False, indent=2).encode("utf-8")
        with self.db.transaction() as s:
            if s.get(Person, person_id) is None:
                raise not_found("Die Person mit der Nummer", person_id)
            self.audit(
                s,
                AuditAction.EXPORT,
                "person",
                person_id,
                f"Auskunft nach Art. 15 DSGVO für Person Nr. {person_id} exportiert",
            )
            write_all_atomically([(pdf_path, rendered.pdf), (json_path, encoded)])
        log.info("privacy export of person %s written (%s pages)", person_id, rendered.page_count)
        return ExportResult(
            person_id=person_id,
            pdf_path=pdf_path,
            json_path=json_path,
            page_count=rendered.page_count,
            counts=found,
        )

    def erase_person(self, person_id: int) -> EraseResult:
        """Anonymise a person (Art. 17) in one transaction: through the reference walker, with
        the audit log and the document log rewritten where they name the person; the
        statistics (consultations per municipality, attendance) stay as they were."""
        with self.db.transaction() as s:
            person = s.get(Person, person_id)
            if person is None:
                raise not_found("Die Person mit der Nummer", person_id)
            if person.erased_at is not None:
                raise UserError(
                    f"Die Person Nr. {person_id} ist bereits anonymisiert; "
                    "es wurde nichts geändert."
                )
            data = gather(s, person)
            counts = erase(s, person, data, now=self.ctx.now())
            self.audit(
                s,
                AuditAction.ERASE,
                "person",
                person_id,
                f"Person Nr. {person_id} auf Wunsch anonymisiert (Art. 17 DSGVO)",
                {
                    "deleted": counts.deleted,
                    "anonymised": counts.anonymised,
                    "kept": counts.kept,
                    "needs_deleted": counts.needs_deleted,
                    "audit_entries": counts.audit_entries,
                    "redacted_audit_entries": list(counts.redacted_audit_ids),
                    "documents": counts.documents,
                },
            )
        log.info("person %s erased", person_id)
        return EraseResult(
            person_id=person_id,
            placeholder=placeholder(person_id),
            deleted=_labelled(counts.deleted),
            anonymised=_labelled(counts.anonymised),
            kept=_labelled(counts.kept),
            needs_deleted=counts.needs_deleted,
            audit_entries=counts.audit_entries,
            documents=counts.documents,
        )

    # ---------------------------------------------------------------- retention periods

    def retention_settings(self) -> RetentionSettings:
        with self.db.read() as s:
            return read_settings(s)

    def save_retention_settings(self, settings: RetentionSettings) -> RetentionSettings:
        """Store the periods (validated; a German ``ValidationError`` names the field)."""
        settings = settings.validated()
        with self.db.transaction() as s:
            before = read_settings(s)
            write_settings(s, settings)
            self.audit(
                s,
                AuditAction.UPDATE,
                "retention",
                None,
                "Löschfristen geändert",
                diff(_settings_dict(before), _settings_dict(settings)),
            )
        return settings

    def due(self) -> DueReport:
        """What is due today: needs to delete, contacts to review, consultations to anonymise
        or delete."""
        with self.db.read() as s:
            return due_items(s, read_settings(s), self.ctx.today())

    def purge_due(self, *, dry_run: bool = False) -> PurgeResult:
        """Apply the retention periods in one transaction: delete the needs that are due,
        anonymise or delete the consultations that are due (as the settings say); contacts are
        only listed for review. ``dry_run``: report what would happen, change nothing."""
        with self.db.transaction(write=not dry_run) as s:
            report = due_items(s, read_settings(s), self.ctx.today())
            if dry_run or report.is_empty:
                return PurgeResult(report=report, applied=False, files=())
            registration_ids = [item.registration_id for item in report.needs]
            if registration_ids:
                s.execute(
                    delete(AccessibilityNeed).where(
                        AccessibilityNeed.registration_id.in_(registration_ids)
                    )
                )
            files = purge_consultations(
                s, [c.consultation_id for c in report.consultations],
                report.settings.consultations_action,
            )
            self.audit(
                s,
                AuditAction.DELETE,
                "retention",
                None,
                "Löschfristen angewandt",
                {
                    "needs_deleted": sum(item.needs for item in report.needs),
                    "registrations": registration_ids,
                    "consultations": [c.consultation_id for c in report.consultations],
                    "consultations_action": report.settings.consultations_action.value,
                    "contacts_to_review": len(report.contacts),
                },
            )
        remove_attachment_files(self.ctx.paths.attachment_dir, list(files))
        log.info(
            "retention applied: %s needs, %s consultations",
            sum(item.needs for item in report.needs),
            len(report.consultations),
        )
        return PurgeResult(report=report, applied=True, files=tuple(files))

    # ---------------------------------------------------------------- Art. 30

    def processing_record(self) -> ProcessingRecord:
        """The record of processing activities from the office profile and the periods."""
        with self.db.read() as s:
            profile = s.get(OfficeProfile, PROFILE_ID)
            return build_record(
                sender_from_profile(profile) if profile is not None else None,
                read_settings(s),
                created_on=self.ctx.today(),
                is_sqlite=self.db.is_sqlite,
                backup_rotation=(int(options.BACKUP_DAILY.default),
                                 int(options.BACKUP_WEEKLY.default),
                                 int(options.BACKUP_MONTHLY.default)),
            )

    def write_processing_record(self, out: Path) -> tuple[Path, int]:
        """Print the record (Art. 30) as a tagged PDF to ``out``; (path, pages)."""
        out = Path(out)
        check_target(out)
        rendered = render(self.processing_record())
        with self.db.transaction() as s:
            self.audit(
                s, AuditAction.EXPORT, "processing_record", None,
                "Verzeichnis der Verarbeitungstätigkeiten gespeichert",
            )
            write_atomically(out, rendered.pdf)
        return out, rendered.page_count


def _settings_dict(settings: RetentionSettings) -> dict[str, object]:
    return {
        "needs_weeks": settings.needs_weeks,
        "contacts_review_years": settings.contacts_review_years,
        "consultations_years": settings.consultations_years,
        "consultations_action": settings.consultations_action.value,
    }


@dataclass(frozen=True, slots=True)
class PurgeResult:
    """What ``purge_due`` found and whether it was applied (not on a dry run)."""

    report: DueReport
    applied: bool
    #: Attachment files removed with anonymised or deleted consultations.
    files: tuple[str, ...]

    def lines(self) -> list[str]:
        r = self.report
        needs = sum(item.needs for item in r.needs)
        action = (
            "anonymisiert"
            if r.settings.consultations_action is ConsultationRetention.ANONYMISE
            else "gelöscht"
        )
        if r.is_empty:
            return ["Nichts ist zur Löschung fällig."]
        verb = "" if self.applied else " (Probelauf: nichts geändert)"
        out = [f"Löschfristen zum {format_date_de(r.today)}{verb}:"]
        out.append(
            f"  Bedarfe: {needs} aus {len(r.needs)} Anmeldungen "
            f"{'gelöscht' if self.applied else 'fällig'}"
        )
        for item in r.needs:
            out.append(
                f"    Anmeldung Nr. {item.registration_id}: {item.event_title} "
                f"({format_date_de(item.event_day)}), fällig seit {format_date_de(item.due_on)}"
            )
        out.append(
            f"  Beratungen: {len(r.consultations)} "
            f"{action if self.applied else 'fällig (werden ' + action + ')'}"
        )
        for c in r.consultations:
            out.append(
                f"    Beratung Nr. {c.consultation_id} vom {format_date_de(c.occurred_on)}, "
                f"{c.organisation}"
            )
        out.append(
            f"  Kontakte ohne Aktivität seit {r.settings.contacts_review_years} Jahren "
            f"(nur zur Prüfung, nichts gelöscht): {len(r.contacts)}"
        )
        for p in r.contacts:
            out.append(
                f"    Person Nr. {p.person_id}, zuletzt aktiv {format_date_de(p.last_activity)}"
            )
        return out


class ConsentMixin(Service):
    """Einwilligungen of a person (recorded, withdrawn); each call one transaction."""

    def list_consents(self, person_id: int) -> list[ConsentSnapshot]:
        with self.db.read() as s:
            if s.get(Person, person_id) is None:
                raise not_found("Die Person mit der Nummer", person_id)
            rows = s.scalars(
                select(Consent).where(Consent.person_id == person_id)
                .order_by(Consent.given_on, Consent.id)
            )
            return [consent_snapshot(c) for c in rows]

    def record_consent(self, person_id: int, data: ConsentInput) -> ConsentSnapshot:
        data = check_consent(data, self.ctx.today())
        with self.db.transaction() as s:
            person = s.get(Person, person_id)
            if person is None:
                raise not_found("Die Person mit der Nummer", person_id)
            if person.erased_at is not None:
                raise UserError("Für eine anonymisierte Person werden keine Einwilligungen "
                                "erfasst.")
            consent = Consent(
                person_id=person_id,
                purpose=data.purpose,
                method=data.method,
                given_on=data.given_on,
                valid_until=data.valid_until,
                notes=data.notes,
            )
            s.add(consent)
            s.flush()
            self.audit(
                s, AuditAction.CREATE, "consent", consent.id,
                f"Einwilligung ({label(data.purpose)}) für Person Nr. {person_id} erfasst",
            )
            return consent_snapshot(consent)

    def withdraw_consent(self, consent_id: int, on: date | None = None) -> ConsentSnapshot:
        """Withdrawn on ``on`` (default today); the needs stored under it are deleted."""
        with self.db.transaction() as s:
            consent = s.get(Consent, consent_id)
            if consent is None:
                raise not_found("Die Einwilligung mit der Nummer", consent_id)
            needs = withdraw(s, consent, on or self.ctx.today())
            self.audit(
                s, AuditAction.UPDATE, "consent", consent_id,
                f"Einwilligung ({label(consent.purpose)}) von Person Nr. {consent.person_id} "
                "widerrufen",
                {"needs_deleted": needs},
            )
            return consent_snapshot(consent)


class PrivacyService(_PrivacyCore, ConsentMixin):
    """Auskunft (Art. 15), Löschung (Art. 17), Löschfristen, Verzeichnis (Art. 30) and the
    Einwilligungen of a person."""
