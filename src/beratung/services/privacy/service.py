"""The data-protection service: a person's data report (Art. 15), erasure (Art. 17), deletion
when the retention periods end, and the record of processing activities (Art. 30).

Each public method is one transaction. The log never names the person: messages carry the
person's number only (names and e-mail addresses stay out of ``Protokolle/``).
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path

from beratung.documents.registry import render
from beratung.domain.contacts import Person
from beratung.domain.enums import AuditAction
from beratung.domain.errors import UserError
from beratung.domain.office import OfficeProfile
from beratung.domain.privacy import DataSubjectReport
from beratung.services.base import Service, not_found
from beratung.services.files import check_target, write_all_atomically
from beratung.services.office import PROFILE_ID
from beratung.services.privacy.erase import erase, placeholder
from beratung.services.privacy.export import build_json, build_report, counts
from beratung.services.privacy.gather import gather
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


class PrivacyService(Service):
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
