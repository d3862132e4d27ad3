"""Import of contacts from CSV, Excel and vCard with dry run; export to the same formats (issue 3).

The import is three calls, each one transaction (or none):

1. :meth:`ContactTransferService.preview` reads the file (no database): detected format,
   encoding, delimiter, headers, the suggested column mapping and the first rows.
2. :meth:`ContactTransferService.dry_run` maps and checks every row and matches it against the
   database, *writing nothing*: one :class:`ImportLine` per row saying create / update /
   unchanged / merge candidate / reject, with a German reason naming the row and field.
3. :meth:`ContactTransferService.commit` repeats the dry run inside one write transaction and
   applies exactly what it reports; any rejected row (unless ``skip_rejected``) or any error
   leaves the database untouched.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from beratung.domain.enums import AddressPreference, Anrede, AuditAction, OrganisationKind
from beratung.domain.errors import UserError, ValidationError
from beratung.domain.models import (
    Affiliation,
    DistributionList,
    DistributionListMember,
    MunicipalityDirectoryEntry,
    Organisation,
    Person,
)
from beratung.domain.rules.validation import normalise_phone
from beratung.interchange import (
    CONTACT_FIELDS,
    ContactRecord,
    RawTable,
    RowProblem,
    apply_mapping,
    check_record,
    detect_format,
    normalize_anrede,
    read_csv,
    read_vcards,
    read_xlsx,
    split_verteiler,
    suggest_mapping,
    write_contacts_csv,
    write_contacts_xlsx,
    write_vcards,
)
from beratung.services.base import Service
from beratung.services.contacts import (
    ContactFilter,
    ContactService,
    _ensure_one_primary,
    display_name,
    organisation_search_text,
    person_search_text,
)
from beratung.services.masterdata import DirectoryRow, match_key, new_municipality

ImportFormat = Literal["csv", "xlsx", "vcf"]
ImportAction = Literal["create", "update", "unchanged", "merge_candidate", "reject", "skip"]
#: What to do with a row whose person resembles an existing one (same name, other organisation,
#: or a similar spelling): update that person ("merge"), create a new one, or leave it out.
MergeDecision = Literal["merge", "create", "skip"]

ACTION_LABELS: Mapping[ImportAction, str] = {
    "create": "neu",
    "update": "aktualisieren",
    "unchanged": "unverändert",
    "merge_candidate": "mögliches Duplikat",
    "reject": "abgelehnt",
    "skip": "übersprungen",
}


@dataclass(frozen=True, slots=True)
class ImportPreview:
    format: ImportFormat
    source: str  # German description: "kontakte.csv (Windows-1252, Trennzeichen Semikolon)"
    encoding: str | None
    delimiter: str | None
    sheet: str | None
    sheet_names: tuple[str, ...]
    headers: tuple[str, ...]
    #: Column index → contact field (``CONTACT_FIELDS`` / ``SPLIT_TARGETS`` key) or ``None``.
    mapping: Mapping[int, str | None]
    rows: tuple[tuple[str, ...], ...]  # the first 10 data rows as in the file
    total_rows: int
    #: German messages about the file as a whole (padded rows, broken vCards …).
    problems: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ImportOptions:
    sheet: str | None = None
    #: Import the valid rows and leave the rejected ones out (otherwise nothing is written).
    skip_rejected: bool = False
    #: Default decision for merge candidates; per row in ``decisions`` (source row → decision).
    merge_candidates: MergeDecision = "skip"
    decisions: Mapping[int, MergeDecision] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ImportLine:
    row: int  # the row (card) number the user sees in the file
    action: ImportAction
    name: str  # "Dr. Anna Beispiel (Stadt Ulm)"
    message: str  # German: what will happen and why
    person_id: int | None = None  # matched or merge candidate
    organisation: str | None = None
    #: Fields that an update changes ("E-Mail", "Telefon" …).
    changed_fields: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()

    @property
    def action_label(self) -> str:
        return ACTION_LABELS[self.action]


@dataclass(frozen=True, slots=True)
class ImportReport:
    format: ImportFormat
    source: str
    lines: tuple[ImportLine, ...]
    organisations_created: tuple[str, ...]
    lists_created: tuple[str, ...]
    file_problems: tuple[str, ...]
    committed: bool = False

    def count(self, action: ImportAction) -> int:
        return sum(1 for line in self.lines if line.action == action)

    @property
    def rejected(self) -> int:
        return self.count("reject")

    def summary(self) -> str:
        """German one-liner: "12 Zeilen: 10 neu, 1 aktualisieren, 1 abgelehnt"."""
        parts = [
            f"{self.count(action)} {label}"
            for action, label in ACTION_LABELS.items()
            if self.count(action)
        ]
        return f"{len(self.lines)} Zeilen: " + (", ".join(parts) if parts else "keine Daten")


_ANREDE_WORD = {Anrede.FRAU: "Frau", Anrede.HERR: "Herr", Anrede.NONE: None}
#: Contact fields an import may set on a person (record field → person attribute).
_PERSON_MAP = {
    "titel": "title",
    "vorname": "first_name",
    "email": "email",
    "telefon": "phone",
    "mobil": "mobile",
    "fax": "fax",
    "notizen": "notes",
}
_OWN_ADDRESS = {"strasse": "street", "plz": "postcode", "ort": "town", "land": "country"}
_MUNICIPALITY_PREFIXES = ("stadt ", "gemeinde ", "große kreisstadt ", "grosse kreisstadt ")


@dataclass
class _Pending:
    """A person the import will create or update (``person`` is set only when applying)."""

    row: int
    person: Person | None
    person_id: int | None
    values: dict[str, Any]
    org_keys: set[str]
    lists: set[str]


@dataclass
class _Index:
    by_email: dict[str, _Pending] = field(default_factory=dict)
    by_name_org: dict[tuple[str, str], _Pending] = field(default_factory=dict)
    by_name: dict[str, list[_Pending]] = field(default_factory=dict)

    def add(self, target: _Pending) -> None:
        email = target.values.get("email")
        if email:
            self.by_email.setdefault(str(email).casefold(), target)
        name = _name_key(target.values.get("first_name"), target.values.get("last_name"))
        for org in target.org_keys or {""}:
            self.by_name_org.setdefault((name, org), target)
        bucket = self.by_name.setdefault(name, [])
        if target not in bucket:
            bucket.append(target)


def _name_key(first: object, last: object) -> str:
    return match_key(" ".join(str(p) for p in (first, last) if p))


def _org_key(name: str | None) -> str:
    return match_key(name or "")


def _record_label(record: ContactRecord) -> str:
    name = " ".join(p for p in (record.titel, record.vorname, record.nachname) if p)
    if record.organisation:
        return f"{name} ({record.organisation})" if name else record.organisation
    return name or "(leer)"


class _AbortImportError(Exception):
    def __init__(self, report: ImportReport) -> None:
        super().__init__("import aborted")
        self.report = report


class ContactTransferService(Service):
    # ---- reading ------------------------------------------------------------------------

    def _read(
        self, data: bytes, filename: str, fmt: ImportFormat | None, sheet: str | None
    ) -> tuple[ImportFormat, RawTable | None, list[ContactRecord], str, list[RowProblem]]:
        fmt = fmt or detect_format(filename, data)
        if fmt == "vcf":
            batch = read_vcards(data, filename=filename)
            return fmt, None, list(batch.records), batch.source, list(batch.problems)
        table = (
            read_xlsx(data, filename=filename, sheet=sheet)
            if fmt == "xlsx"
            else read_csv(data, filename=filename)
        )
        return fmt, table, [], table.source, list(table.problems)

    def preview(
        self,
        data: bytes,
        filename: str,
        *,
        format: ImportFormat | None = None,
        sheet: str | None = None,
    ) -> ImportPreview:
        fmt, table, records, source, problems = self._read(data, filename, format, sheet)
        if table is None:
            fields = list(CONTACT_FIELDS)
            return ImportPreview(
                format=fmt,
                source=source,
                encoding=None,
                delimiter=None,
                sheet=None,
                sheet_names=(),
                headers=tuple(CONTACT_FIELDS.values()),
                mapping=dict(enumerate(fields)),
                rows=tuple(tuple(r.values()[f] or "" for f in fields) for r in records[:10]),
                total_rows=len(records),
                problems=tuple(p.message for p in problems),
            )
        return ImportPreview(
            format=fmt,
            source=source,
            encoding=table.encoding,
            delimiter=table.delimiter,
            sheet=table.sheet,
            sheet_names=tuple(table.sheet_names),
            headers=tuple(table.headers),
            mapping=suggest_mapping(table.headers, table.rows[:20]),
            rows=tuple(tuple(r) for r in table.rows[:10]),
            total_rows=len(table.rows),
            problems=tuple(p.message for p in problems),
        )

    def _records(
        self,
        data: bytes,
        filename: str,
        mapping: Mapping[int, str | None] | None,
        fmt: ImportFormat | None,
        sheet: str | None,
    ) -> tuple[ImportFormat, str, list[ContactRecord], list[RowProblem]]:
        fmt, table, records, source, problems = self._read(data, filename, fmt, sheet)
        if table is not None:
            if mapping is None:
                mapping = suggest_mapping(table.headers, table.rows[:20])
            if not any(t for t in mapping.values()):
                raise ValidationError(
                    f"Keiner Spalte der Datei {filename} ist ein Kontaktfeld zugeordnet.",
                    hint="Bitte die Spalten zuordnen (mindestens Nachname oder Organisation).",
                )
            records = apply_mapping(table, mapping)
        return fmt, source, records, problems

    # ---- import -------------------------------------------------------------------------

    def dry_run(
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
        fmt, source, records, problems = self._records(
            data, filename, mapping, format, options.sheet
        )
        with self.db.read() as s:
            return self._process(s, fmt, source, records, problems, options, apply=False)

    def commit(
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
        fmt, source, records, problems = self._records(
            data, filename, mapping, format, options.sheet
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
                    },
                )
                return ImportReport(
                    format=report.format,
                    source=report.source,
                    lines=report.lines,
                    organisations_created=report.organisations_created,
                    lists_created=report.lists_created,
                    file_problems=report.file_problems,
                    committed=True,
                )
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
        today = self.ctx.today()
        # Existing persons with their (effective) e-mail and organisations.
        index = _Index()
        orgs_by_person: dict[int, set[str]] = {}
        for pid, oname in s.execute(
            select(Affiliation.person_id, Organisation.name).join(
                Organisation, Organisation.id == Affiliation.organisation_id
            )
        ):
            orgs_by_person.setdefault(pid, set()).add(_org_key(oname))
        for pid, first, last, email in s.execute(
            select(Person.id, Person.first_name, Person.last_name, Person.email).where(
                Person.erased_at.is_(None)
            )
        ):
            index.add(
                _Pending(
                    row=0,
                    person=None,
                    person_id=pid,
                    values={"first_name": first, "last_name": last, "email": email},
                    org_keys=orgs_by_person.get(pid, set()),
                    lists=set(),
                )
            )
        orgs: dict[str, Organisation | None] = {
            _org_key(o.name): o for o in s.scalars(select(Organisation))
        }
        lists: dict[str, DistributionList | None] = {
            dl.name.casefold(): dl for dl in s.scalars(select(DistributionList))
        }
        directory: list[MunicipalityDirectoryEntry] = list(
            s.scalars(select(MunicipalityDirectoryEntry))
        )
        orgs_created: list[str] = []
        lists_created: list[str] = []
        lines: list[ImportLine] = []
        # Cards or rows the reader could not use at all are rejected rows, not just notes.
        file_problems: list[str] = []
        for problem in reader_problems:
            if problem.row and problem.severity == "error":
                lines.append(
                    ImportLine(
                        row=problem.row,
                        action="reject",
                        name=f"Karte/Zeile {problem.row}",
                        message=problem.message,
                    )
                )
            else:
                file_problems.append(problem.message)

        for record in records:
            if record.is_empty():
                continue
            problems = check_record(record)
            errors = [p.message for p in problems if p.severity == "error"]
            warnings = [p.message for p in problems if p.severity != "error"]
            name = _record_label(record)
            if errors:
                lines.append(
                    ImportLine(
                        row=record.source_row,
                        action="reject",
                        name=name,
                        message=" ".join(errors),
                        warnings=tuple(warnings),
                    )
                )
                continue
            # Organisation: matched by name, else created (municipalities from the directory).
            org: Organisation | None = None
            org_key = _org_key(record.organisation) if record.organisation else ""
            org_is_new = False
            if record.organisation:
                if org_key in orgs:
                    org = orgs[org_key]
                else:
                    org_is_new = True
                    orgs_created.append(record.organisation)
                    org = self._new_organisation(record, directory) if apply else None
                    if org is not None:
                        s.add(org)
                    orgs[org_key] = org
            list_names = split_verteiler(record.verteiler)
            for list_name in list_names:
                if list_name.casefold() not in lists:
                    lists_created.append(list_name)
                    new_list = DistributionList(name=list_name) if apply else None
                    if new_list is not None:
                        s.add(new_list)
                    lists[list_name.casefold()] = new_list

            if not record.nachname:
                lines.append(
                    ImportLine(
                        row=record.source_row,
                        action="create" if org_is_new else "unchanged",
                        name=name,
                        message=(
                            f"Zeile {record.source_row}: Organisation „{record.organisation}“ "
                            + ("wird angelegt." if org_is_new else "gibt es schon.")
                        ),
                        organisation=record.organisation,
                        warnings=tuple(warnings),
                    )
                )
                continue

            values, value_warnings = self._person_values(record, has_org=bool(record.organisation))
            warnings += value_warnings
            name_key = _name_key(values.get("first_name"), values.get("last_name"))
            target: _Pending | None = None
            how = ""
            email = values.get("email")
            if email and str(email).casefold() in index.by_email:
                target, how = index.by_email[str(email).casefold()], "gleiche E-Mail-Adresse"
            elif (name_key, org_key) in index.by_name_org:
                target = index.by_name_org[(name_key, org_key)]
                how = "gleicher Name" + (" und gleiche Organisation" if org_key else "")
            candidate: _Pending | None = None
            if target is None and index.by_name.get(name_key):
                candidate = index.by_name[name_key][0]
            decision = options.decisions.get(record.source_row, options.merge_candidates)
            if candidate is not None and decision == "merge":
                target, how = candidate, "zusammengeführt mit gleichnamiger Person"
            elif candidate is not None and decision == "skip":
                lines.append(
                    ImportLine(
                        row=record.source_row,
                        action="merge_candidate",
                        name=name,
                        message=(
                            f"Zeile {record.source_row}: {name} ähnelt einer vorhandenen Person "
                            f"(Nr. {candidate.person_id or '–'}, gleicher Name, andere oder keine "
                            "Organisation); wird nicht übernommen, außer Sie wählen "
                            "„zusammenführen“ oder „neu anlegen“."
                        ),
                        person_id=candidate.person_id,
                        organisation=record.organisation,
                        warnings=tuple(warnings),
                    )
                )
                continue

            if target is None:
                pending = _Pending(
                    row=record.source_row,
                    person=None,
                    person_id=None,
                    values=values,
                    org_keys={org_key} if org_key else set(),
                    lists=set(list_names),
                )
                if apply:
                    pending.person = self._create_person(
                        s, values, org, record, list_names, lists, today
                    )
                index.add(pending)
                lines.append(
                    ImportLine(
                        row=record.source_row,
                        action="create",
                        name=name,
                        message=f"Zeile {record.source_row}: {name} wird neu angelegt.",
                        organisation=record.organisation,
                        warnings=tuple(warnings),
                    )
                )
                continue

            changed = self._update_person(
                s, target, values, org, record, list_names, lists, today, apply=apply
            )
            if target.row:
                where = f"wie Zeile {target.row} dieser Datei"
            else:
                where = f"Nr. {target.person_id}"
            lines.append(
                ImportLine(
                    row=record.source_row,
                    action="update" if changed else "unchanged",
                    name=name,
                    message=(
                        f"Zeile {record.source_row}: {name} gibt es schon ({where}, {how}); "
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
            organisations_created=tuple(dict.fromkeys(orgs_created)),
            lists_created=tuple(dict.fromkeys(lists_created)),
            file_problems=tuple(file_problems),
        )

    @staticmethod
    def _person_values(record: ContactRecord, *, has_org: bool) -> tuple[dict[str, Any], list[str]]:
        warnings: list[str] = []
        values: dict[str, Any] = {"last_name": record.nachname}
        anrede = normalize_anrede(record.anrede) if record.anrede else None
        if anrede is not None and anrede is not Anrede.NONE:
            values["anrede"] = anrede
        for src, dst in _PERSON_MAP.items():
            value = getattr(record, src)
            if value:
                values[dst] = value
        if not has_org:
            for src, dst in _OWN_ADDRESS.items():
                value = getattr(record, src)
                if value:
                    values[dst] = value
        for key in ("phone", "mobile", "fax"):
            if values.get(key):
                try:
                    values[key] = normalise_phone(str(values[key]), field=key)
                except ValidationError as exc:
                    warnings.append(
                        f"Zeile {record.source_row}: {exc.message} Die Nummer wird wie "
                        "angegeben übernommen."
                    )
        return values, warnings

    def _new_organisation(
        self, record: ContactRecord, directory: Sequence[MunicipalityDirectoryEntry]
    ) -> Organisation:
        name = record.organisation or ""
        plain = match_key(name)
        for prefix in _MUNICIPALITY_PREFIXES:
            if plain.startswith(match_key(prefix) + " "):
                plain = plain[len(match_key(prefix)) + 1 :]
                break
        hits = [
            e
            for e in directory
            if match_key(e.name) == plain
            and (not record.plz or e.postcode[:2] == record.plz.strip()[:2])
        ]
        if len(hits) == 1 and (
            record.plz or len([e for e in directory if match_key(e.name) == plain]) == 1
        ):
            e = hits[0]
            org = new_municipality(
                DirectoryRow(
                    ags=e.ags,
                    name=e.name,
                    kreis=e.kreis,
                    kreis_typ=e.kreis_typ,
                    regierungsbezirk=e.regierungsbezirk,
                    population=e.population,
                    postcode=e.postcode,
                    is_town=e.is_town,
                )
            )
            org.name = name
        else:
            org = Organisation(kind=OrganisationKind.OTHER, name=name)
        org.department = org.department or None
        if record.strasse:
            org.street = record.strasse
        if record.plz:
            org.postcode = record.plz
        if record.ort:
            org.town = record.ort
        if record.land:
            org.country = record.land
        if record.webseite:
            org.website = record.webseite
        org.search_text = organisation_search_text(org)
        return org

    def _create_person(
        self,
        s: Session,
        values: dict[str, Any],
        org: Organisation | None,
        record: ContactRecord,
        list_names: Sequence[str],
        lists: Mapping[str, DistributionList | None],
        today: Any,
    ) -> Person:
        person = Person(address_preference=AddressPreference.ORGANISATION, **values)
        with s.no_autoflush:
            s.add(person)
            if org is not None:
                s.add(
                    Affiliation(
                        person=person,
                        organisation=org,
                        role=record.funktion,
                        department=record.abteilung,
                        is_primary=True,
                    )
                )
            for list_name in list_names:
                dl = lists[list_name.casefold()]
                if dl is not None:
                    s.add(
                        DistributionListMember(
                            distribution_list=dl, person=person, added_at=self.ctx.now()
                        )
                    )
            person.search_text = person_search_text(person, person.affiliations)
        s.flush()
        self.audit(
            s,
            AuditAction.CREATE,
            "person",
            person.id,
            f"Person {display_name(person.title, person.first_name, person.last_name)} "
            f"importiert (Zeile {record.source_row})",
            {k: v for k, v in values.items() if v is not None},
        )
        return person

    def _update_person(
        self,
        s: Session,
        target: _Pending,
        values: dict[str, Any],
        org: Organisation | None,
        record: ContactRecord,
        list_names: Sequence[str],
        lists: Mapping[str, DistributionList | None],
        today: Any,
        *,
        apply: bool,
    ) -> list[str]:
        """German names of the fields that change; applied when ``apply``."""
        from beratung.services.contacts import FIELD_LABELS

        person = target.person
        if person is None and target.person_id is not None:
            person = s.get(Person, target.person_id)
        changed: dict[str, Any] = {}
        labels: list[str] = []
        if person is None:
            # A person created earlier in this dry run: compare with its planned values.
            for key, value in values.items():
                if value and target.values.get(key) != value:
                    labels.append(FIELD_LABELS.get(key, key))
            return labels
        primary = next((a for a in person.affiliations if a.is_primary), None)
        effective = {
            "email": person.email or (primary.email if primary else None),
            "phone": person.phone or (primary.phone if primary else None),
        }
        for key, value in values.items():
            current = effective.get(key, getattr(person, key))
            if value and value != current:
                changed[key] = value
                labels.append(FIELD_LABELS.get(key, key))
        aff = None
        if record.organisation:
            okey = _org_key(record.organisation)
            aff = next(
                (a for a in person.affiliations if _org_key(a.organisation.name) == okey), None
            )
            if aff is None:
                labels.append("Funktion (neu)")
            elif record.funktion and aff.role != record.funktion:
                labels.append("Funktion")
        member_of = (
            {
                dl.name.casefold()
                for dl in s.scalars(
                    select(DistributionList)
                    .join(
                        DistributionListMember,
                        DistributionListMember.list_id == DistributionList.id,
                    )
                    .where(DistributionListMember.person_id == person.id)
                )
            }
            if person.id
            else set()
        )
        new_lists = [n for n in list_names if n.casefold() not in member_of]
        if new_lists:
            labels.append("Verteiler")
        if not apply or not labels:
            return labels
        before = {k: getattr(person, k) for k in changed}
        with s.no_autoflush:
            for key, value in changed.items():
                setattr(person, key, value)
            if record.organisation and org is not None:
                if aff is None:
                    s.add(
                        Affiliation(
                            person=person,
                            organisation=org,
                            role=record.funktion,
                            department=record.abteilung,
                            is_primary=False,
                        )
                    )
                    _ensure_one_primary(person, today)
                elif record.funktion and aff.role != record.funktion:
                    aff.role = record.funktion
            for list_name in new_lists:
                dl = lists[list_name.casefold()]
                if dl is not None:
                    s.add(
                        DistributionListMember(
                            distribution_list=dl, person=person, added_at=self.ctx.now()
                        )
                    )
            person.search_text = person_search_text(person, person.affiliations)
        s.flush()
        self.audit(
            s,
            AuditAction.UPDATE,
            "person",
            person.id,
            f"Person {display_name(person.title, person.first_name, person.last_name)} "
            f"durch Import geändert (Zeile {record.source_row}): " + ", ".join(labels),
            {
                **{k: [before[k], v] for k, v in changed.items()},
                **({"lists_added": new_lists} if new_lists else {}),
            },
        )
        return labels

    # ---- export -------------------------------------------------------------------------

    def export_records(
        self, *, flt: ContactFilter | None = None, list_name: str | None = None
    ) -> list[ContactRecord]:
        contacts = ContactService(self.ctx)
        list_id: int | None = None
        if list_name:
            list_id = contacts.distribution_list_by_name(list_name).id
        base = flt or ContactFilter()
        if list_id is not None:
            base = ContactFilter(
                search=base.search,
                kind=base.kind,
                kreis=base.kreis,
                regierungsbezirk=base.regierungsbezirk,
                is_member=base.is_member,
                list_id=list_id,
            )
        ids = contacts.find_person_ids(base)
        records: list[ContactRecord] = []
        with self.db.read() as s:
            list_names: dict[int, list[str]] = {}
            list_aff: dict[int, int | None] = {}
            for pid, name, lid, aff_id in s.execute(
                select(
                    DistributionListMember.person_id,
                    DistributionList.name,
                    DistributionList.id,
                    DistributionListMember.affiliation_id,
                )
                .join(DistributionList, DistributionList.id == DistributionListMember.list_id)
                .order_by(DistributionList.name)
            ):
                list_names.setdefault(pid, []).append(name)
                if lid == list_id:
                    list_aff[pid] = aff_id
            persons = {p.id: p for p in s.scalars(select(Person).where(Person.id.in_(ids)))}
            for row, pid in enumerate(ids, start=2):
                p = persons[pid]
                aff = None
                if list_aff.get(pid):
                    aff = next((a for a in p.affiliations if a.id == list_aff[pid]), None)
                aff = aff or next((a for a in p.affiliations if a.is_primary), None)
                org = aff.organisation if aff else None
                addr: Any = org if org is not None else p
                records.append(
                    ContactRecord(
                        source_row=row,
                        anrede=_ANREDE_WORD[p.anrede],
                        titel=p.title,
                        vorname=p.first_name,
                        nachname=p.last_name,
                        organisation=org.name if org else None,
                        abteilung=aff.department if aff else None,
                        funktion=aff.role if aff else None,
                        strasse=addr.street,
                        plz=addr.postcode,
                        ort=addr.town,
                        land=addr.country,
                        email=p.email or (aff.email if aff else None),
                        telefon=p.phone or (aff.phone if aff else None),
                        mobil=p.mobile,
                        fax=p.fax,
                        webseite=org.website if org else None,
                        notizen=p.notes,
                        verteiler=";".join(list_names.get(pid, [])) or None,
                    )
                )
        return records

    def export(
        self,
        format: ImportFormat,
        *,
        flt: ContactFilter | None = None,
        list_name: str | None = None,
    ) -> bytes:
        records = self.export_records(flt=flt, list_name=list_name)
        if format == "csv":
            data = write_contacts_csv(records)
        elif format == "xlsx":
            data = write_contacts_xlsx(records)
        elif format == "vcf":
            data = write_vcards(records)
        else:
            raise UserError(f"Unbekanntes Exportformat „{format}“ (csv, xlsx oder vcf).")
        with self.db.transaction() as s:
            what = f"Verteiler {list_name}" if list_name else "Kontakte"
            self.audit(
                s,
                AuditAction.EXPORT,
                "person",
                None,
                f"{len(records)} {what} als {format.upper()} exportiert",
                {"count": len(records), "list": list_name},
            )
        return data
