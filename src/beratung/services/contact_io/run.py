"""The import run: the preview of a file, the dry run (writes nothing) and the import (one
transaction), both made by the same pass over the rows, so the import does exactly what the dry
run reported."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from beratung.domain.base import Base
from beratung.domain.enums import AuditAction
from beratung.domain.models import Affiliation, DistributionList, Organisation, Person
from beratung.domain.rules.names import display_name
from beratung.interchange import (
    CONTACT_FIELDS,
    ContactRecord,
    RowProblem,
    check_record,
    split_verteiler,
)
from beratung.services.base import Service
from beratung.services.contact_io.changes import (
    ORGANISATION_ONLY,
    ImportRun,
    create_person,
    person_values,
    update_person,
    use_lists,
    use_organisation,
)
from beratung.services.contact_io.matching import (
    OrgRef,
    PendingPerson,
    existing_persons,
    name_key,
    organisations_of,
)
from beratung.services.contact_io.reading import ROW_NOTE, preview_of, read_records
from beratung.services.contact_io.snapshots import (
    ImportFormat,
    ImportLine,
    ImportOptions,
    ImportPreview,
    ImportReport,
)
from beratung.services.limits import column_limit, thousands


def _record_label(record: ContactRecord) -> str:
    name = display_name(record.titel, record.vorname, record.nachname)
    if record.organisation:
        return f"{name} ({record.organisation})" if name else record.organisation
    return name or "(leer)"


class _AbortImportError(Exception):
    def __init__(self, report: ImportReport) -> None:
        super().__init__("import aborted")
        self.report = report


class ContactImportService(Service):
    """Import of contacts from CSV, Excel and vCard: preview, dry run, import."""

    def preview_import(
        self,
        data: bytes,
        filename: str,
        *,
        format: ImportFormat | None = None,
        sheet: str | None = None,
        header_row: int | None = None,
    ) -> ImportPreview:
        return preview_of(data, filename, format, sheet, header_row)

    def dry_run_import(
        self,
        data: bytes,
        filename: str,
        mapping: Mapping[int, str | None] | None = None,
        *,
        format: ImportFormat | None = None,
        options: ImportOptions | None = None,
    ) -> ImportReport:
        """``mapping=None`` uses the suggested mapping (vCards need none). Writes nothing."""
        options = options or ImportOptions()
        fmt, source, records, problems = read_records(
            data, filename, mapping, format, options.sheet, options.header_row
        )
        with self.db.read() as s:
            return self._process(s, fmt, source, records, problems, options, apply=False)

    def commit_import(
        self,
        data: bytes,
        filename: str,
        mapping: Mapping[int, str | None] | None = None,
        *,
        format: ImportFormat | None = None,
        options: ImportOptions | None = None,
    ) -> ImportReport:
        """Apply what the dry run reports, in one transaction. With rejected rows (and no
        ``skip_rejected``) nothing is written and the report comes back ``committed=False``."""
        options = options or ImportOptions()
        fmt, source, records, problems = read_records(
            data, filename, mapping, format, options.sheet, options.header_row
        )
        try:
            with self.db.transaction() as s:
                report = self._process(s, fmt, source, records, problems, options, apply=True)
                if report.rejected and not options.skip_rejected:
                    raise _AbortImportError(report)
                self.audit(
                    s,
                    AuditAction.IMPORT,
                    "person",
                    None,
                    f"Kontakte aus {filename} importiert: {report.summary()}",
                    {
                        "file": filename,
                        "lines": [[ln.row, ln.action, ln.name] for ln in report.lines],
                        "organisations_created": list(report.organisations_created),
                        "lists_created": list(report.lists_created),
                    },
                )
                return replace(report, committed=True)
        except _AbortImportError as abort:
            return abort.report

    def _process(
        self,
        s: Session,
        fmt: ImportFormat,
        source: str,
        records: Sequence[ContactRecord],
        reader_problems: Sequence[RowProblem],
        options: ImportOptions,
        *,
        apply: bool,
    ) -> ImportReport:
        run = ImportRun(
            service=self,
            s=s,
            apply=apply,
            unit="Karte" if fmt == "vcf" else "Zeile",
            today=self.ctx.today(),
            orgs=organisations_of(s),
            lists={dl.name.casefold(): dl for dl in s.scalars(select(DistributionList))},
        )
        unit = run.unit
        index = existing_persons(s)
        lines: list[ImportLine] = []
        # Cards or rows the reader could not use at all are rejected rows, not just notes;
        # the mapping's notes on a row go with that row.
        file_problems: list[str] = []
        row_notes: dict[int, list[str]] = {}
        for problem in reader_problems:
            if problem.row and problem.field == ROW_NOTE:
                row_notes.setdefault(problem.row, []).append(problem.message)
            elif problem.row and problem.severity == "error":
                lines.append(
                    ImportLine(
                        row=problem.row,
                        action="reject",
                        name=f"{unit} {problem.row}",
                        message=problem.message,
                    )
                )
            else:
                file_problems.append(problem.message)

        for record in records:
            if record.is_empty():
                continue
            where = f"{unit} {record.source_row}"
            problems = check_record(record, unit=unit)
            errors = [p.message for p in problems if p.severity == "error"]
            errors += too_long(record, where)
            warnings = row_notes.get(record.source_row, []) + [
                p.message for p in problems if p.severity != "error"
            ]
            name = _record_label(record)

            def reject(
                message: str,
                row: int = record.source_row,
                name: str = name,
                warnings: list[str] = warnings,
            ) -> None:
                lines.append(
                    ImportLine(
                        row=row,
                        action="reject",
                        name=name,
                        message=message,
                        warnings=tuple(warnings),
                    )
                )

            if unit == "Karte" and not record.nachname and not record.organisation:
                # A card with neither name nor e-mail address (the reader names a card by
                # those): left out with a note, so that one card does not stop the file.
                lines.append(
                    ImportLine(
                        row=record.source_row,
                        action="skip",
                        name=f"{unit} {record.source_row}",
                        message=f"{where}: Die Karte hat weder Name noch Organisation noch "
                        "E-Mail-Adresse und wird übersprungen.",
                        warnings=tuple(warnings),
                    )
                )
                continue
            if errors:
                reject(" ".join(errors))
                continue
            # The organisation: matched (AGS, then name with PLZ/Ort) or to be created — but
            # created, like new lists, only once the row is known to be applied.
            ref: OrgRef | None = None
            if record.organisation:
                resolved = run.orgs.resolve(record, where)
                if isinstance(resolved, str):
                    reject(resolved)
                    continue
                ref = resolved
            list_names = split_verteiler(record.verteiler)

            if not record.nachname:
                if list_names:
                    warnings.append(
                        f"{where}: Verteiler gelten nur für Personen; „"
                        + "“, „".join(list_names)
                        + "“ wird für die Organisation nicht übernommen."
                    )
                org_is_new = ref is not None and ref.is_new and not ref.registered
                if ref is not None:
                    use_organisation(run, ref, record, where)
                kept = ORGANISATION_ONLY if org_is_new else {}
                dropped = [
                    f"{CONTACT_FIELDS[field]} „{getattr(record, field)}“"
                    for field in ("abteilung", "funktion", "email", "telefon", "mobil", "fax",
                                  "notizen")
                    if getattr(record, field) and field not in kept
                ]
                if dropped:
                    warnings.append(
                        f"{where}: Für die Organisation "
                        + ("ohne Person " if org_is_new else "(gibt es schon) ")
                        + "nicht übernommen: " + ", ".join(dropped) + "."
                    )
                lines.append(
                    ImportLine(
                        row=record.source_row,
                        action="create" if org_is_new else "unchanged",
                        name=name,
                        message=(
                            f"{where}: Organisation „{record.organisation}“ "
                            + ("wird angelegt." if org_is_new else "gibt es schon.")
                        ),
                        organisation=record.organisation,
                        warnings=tuple(warnings),
                    )
                )
                continue

            values, value_warnings = person_values(record, where)
            warnings += value_warnings
            person_key = name_key(values.get("first_name"), values.get("last_name"))
            org_ident = ref.ident if ref is not None else ""
            target: PendingPerson | None = None
            how = ""
            email = values.get("email")
            if email and str(email).casefold() in index.by_email:
                target, how = index.by_email[str(email).casefold()], "gleiche E-Mail-Adresse"
            elif (person_key, org_ident) in index.by_name_org:
                target = index.by_name_org[(person_key, org_ident)]
                how = "gleicher Name" + (" und gleiche Organisation" if org_ident else "")
            candidate: PendingPerson | None = None
            if target is None and index.by_name.get(person_key):
                candidate = index.by_name[person_key][0]
            decision = options.decisions.get(record.source_row, options.merge_candidates)
            if candidate is not None and decision == "merge":
                target, how = candidate, "zusammengeführt mit gleichnamiger Person"
            elif candidate is not None and decision == "skip":
                similar = (
                    f"wie {unit} {candidate.row} dieser Datei"
                    if candidate.row
                    else f"Nr. {candidate.person_id}"
                )
                lines.append(
                    ImportLine(
                        row=record.source_row,
                        action="merge_candidate",
                        name=name,
                        message=(
                            f"{where}: {name} ähnelt einer vorhandenen Person "
                            f"({similar}, gleicher Name, andere oder keine "
                            "Organisation); wird nicht übernommen, außer Sie wählen "
                            "„zusammenführen“ oder „neu anlegen“."
                        ),
                        person_id=candidate.person_id,
                        organisation=record.organisation,
                        warnings=tuple(warnings),
                    )
                )
                continue

            # From here on the row is applied: now its organisation and lists exist.
            if ref is not None:
                use_organisation(run, ref, record, where)
            use_lists(run, list_names, where)
            if target is None:
                pending = PendingPerson(
                    row=record.source_row,
                    person=None,
                    person_id=None,
                    values=dict(values),
                    affs={ref.ident: record.funktion} if ref is not None else {},
                    lists={n.casefold() for n in list_names},
                )
                if apply:
                    pending.person = create_person(
                        run, values, ref.org if ref else None, record, list_names, where
                    )
                    pending.person_id = pending.person.id
                index.add(pending)
                lines.append(
                    ImportLine(
                        row=record.source_row,
                        action="create",
                        name=name,
                        message=f"{where}: {name} wird neu angelegt.",
                        organisation=record.organisation,
                        warnings=tuple(warnings),
                    )
                )
                continue

            changed = update_person(run, target, values, ref, record, list_names, where)
            index.add(target)  # a new e-mail or organisation finds it from now on
            if target.row:
                known = f"wie {unit} {target.row} dieser Datei"
            else:
                known = f"Nr. {target.person_id}"
            lines.append(
                ImportLine(
                    row=record.source_row,
                    action="update" if changed else "unchanged",
                    name=name,
                    message=(
                        f"{where}: {name} gibt es schon ({known}, {how}); "
                        + (
                            "geändert wird: " + ", ".join(changed) + "."
                            if changed
                            else "keine Änderung."
                        )
                    ),
                    person_id=target.person_id,
                    organisation=record.organisation,
                    changed_fields=tuple(changed),
                    warnings=tuple(warnings),
                )
            )
        if apply:
            s.flush()
        return ImportReport(
            format=fmt,
            source=source,
            lines=tuple(sorted(lines, key=lambda ln: ln.row)),
            organisations_created=tuple(run.orgs_created),
            lists_created=tuple(run.lists_created),
            file_problems=tuple(file_problems),
        )


#: Where each imported field is stored, for its length limit (the forms' limit: one rule).
_STORED_IN: dict[str, tuple[type[Base], str]] = {
    "titel": (Person, "title"),
    "vorname": (Person, "first_name"),
    "nachname": (Person, "last_name"),
    "email": (Person, "email"),
    "telefon": (Person, "phone"),
    "mobil": (Person, "mobile"),
    "fax": (Person, "fax"),
    "strasse": (Person, "street"),
    "plz": (Person, "postcode"),
    "ort": (Person, "town"),
    "land": (Person, "country"),
    "notizen": (Person, "notes"),
    "organisation": (Organisation, "name"),
    "webseite": (Organisation, "website"),
    "abteilung": (Affiliation, "department"),
    "funktion": (Affiliation, "role"),
}


def too_long(record: ContactRecord, where: str) -> list[str]:
    """The fields of ``record`` longer than the forms accept, each named with its length: the
    row is refused as a whole rather than stored cut off (or, on PostgreSQL, not at all)."""
    found: list[str] = []
    values: list[tuple[str, str, int | None]] = [
        (field, value, column_limit(*_STORED_IN[field]))
        for field in _STORED_IN
        if isinstance(value := getattr(record, field), str)
    ]
    values += [("verteiler", name, column_limit(DistributionList, "name"))
               for name in split_verteiler(record.verteiler)]
    for field, value, limit in values:
        if limit is not None and len(value) > limit:
            found.append(
                f"{where}, {CONTACT_FIELDS[field]}: zu lang ({thousands(len(value))} Zeichen; "
                f"höchstens {thousands(limit)})."
            )
    return found
