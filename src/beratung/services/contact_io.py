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

import itertools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
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
    check_record,
    detect_format,
    map_rows,
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
from beratung.services.contacts import ContactFilter, ContactService, display_name
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
#: Person attributes an import compares with a matched person.
_COMPARED = ("last_name", "anrede", *_PERSON_MAP.values(), *_OWN_ADDRESS.values())
#: ``RowProblem.field`` of the mapping's notes on one row (shown with that row's line).
_ROW_NOTE = "__row__"


@dataclass(eq=False)
class _OrgRef:
    """An organisation rows are written to: an existing one (``ident`` "#id") or one this
    import creates (``ident`` "+n"; ``org`` stays ``None`` in a dry run)."""

    ident: str
    name: str
    postcode: str | None
    town: str | None
    ags: str | None
    org: Organisation | None
    is_new: bool = False
    entry: MunicipalityDirectoryEntry | None = None
    registered: bool = True


class _Organisations:
    """Finds the organisation of a row: by AGS (via the municipality directory) first, then by
    name — and a name that several organisations share only together with the row's PLZ/Ort."""

    def __init__(
        self, existing: Sequence[Organisation], directory: Sequence[MunicipalityDirectoryEntry]
    ) -> None:
        self.by_name: dict[str, list[_OrgRef]] = {}
        self.by_ags: dict[str, _OrgRef] = {}
        self.directory: dict[str, list[MunicipalityDirectoryEntry]] = {}
        self._numbers = itertools.count(1)
        for e in directory:
            self.directory.setdefault(match_key(e.name), []).append(e)
        for org in existing:
            self.register(
                _OrgRef(
                    ident=f"#{org.id}",
                    name=org.name,
                    postcode=org.postcode,
                    town=org.town,
                    ags=org.ags,
                    org=org,
                )
            )

    def register(self, ref: _OrgRef) -> None:
        ref.registered = True
        self.by_name.setdefault(_org_key(ref.name), []).append(ref)
        if ref.ags:
            self.by_ags.setdefault(ref.ags, ref)

    def directory_entry(
        self, name: str, plz: str | None
    ) -> MunicipalityDirectoryEntry | None:
        """The one directory municipality ``name`` (with or without "Stadt"/"Gemeinde") and
        ``plz`` point to, if exactly one."""
        plain = match_key(name)
        for prefix in _MUNICIPALITY_PREFIXES:
            if plain.startswith(match_key(prefix) + " "):
                plain = plain[len(match_key(prefix)) + 1 :]
                break
        entries = self.directory.get(plain, [])
        if not plz:
            return entries[0] if len(entries) == 1 else None
        for length in (5, 2):
            hits = [e for e in entries if e.postcode[:length] == plz[:length]]
            if len(hits) == 1:
                return hits[0]
        return None

    def resolve(self, record: ContactRecord, where: str) -> _OrgRef | str:
        """The organisation of ``record`` (existing or a new, not yet registered one) or a
        German reason why the row cannot be assigned."""
        name = record.organisation or ""
        # A private address says nothing about the organisation.
        plz = None if record.address_is_private else (record.plz or "").strip() or None
        ort = None if record.address_is_private else record.ort
        entry = self.directory_entry(name, plz)
        if entry is not None and entry.ags in self.by_ags:
            return self.by_ags[entry.ags]
        named = self.by_name.get(_org_key(name), [])
        hits = named
        if entry is not None:  # same name, but another municipality (AGS) than the row's
            hits = [h for h in hits if not h.ags or h.ags == entry.ags]
        if len(hits) > 1:
            hits = _narrow(hits, plz, ort)
        if len(hits) == 1:
            return hits[0]
        if hits:
            codes = ", ".join(sorted({h.postcode or "ohne PLZ" for h in named}))
            ask = (
                f"die PLZ {plz} passt nicht eindeutig; bitte die PLZ prüfen."
                if plz
                else "bitte die PLZ angeben."
            )
            return f"{where}: „{name}“ gibt es mehrmals ({codes}); {ask}"
        return _OrgRef(
            ident=f"+{next(self._numbers)}",
            name=name,
            postcode=plz or (entry.postcode if entry else None),
            town=ort or (entry.name if entry else None),
            ags=entry.ags if entry else None,
            org=None,
            is_new=True,
            entry=entry,
            registered=False,
        )


def _narrow(hits: list[_OrgRef], plz: str | None, ort: str | None) -> list[_OrgRef]:
    """Same-named organisations narrowed by exact PLZ, then its first two digits, then Ort."""
    tests: list[Callable[[_OrgRef], bool]] = []
    if plz:
        tests.append(lambda h: (h.postcode or "").strip() == plz)
        tests.append(lambda h: (h.postcode or "").strip()[:2] == plz[:2])
    if ort:
        tests.append(lambda h: match_key(h.town or "") == match_key(ort))
    for test in tests:
        narrowed = [h for h in hits if test(h)]
        if len(narrowed) == 1:
            return narrowed
        if narrowed:
            hits = narrowed
    return hits


@dataclass(eq=False)
class _Pending:
    """A person the import matches, creates or updates, with its state as the import has left
    it so far (``values``, affiliations by organisation ``ident`` → role, list names folded).

    Dry run and commit compare each row with this state, so both report the same."""

    row: int
    person: Person | None
    person_id: int | None
    values: dict[str, Any]
    affs: dict[str, str | None]
    lists: set[str]
    emails: set[str] = field(default_factory=set)
    #: Existing persons are indexed by name and e-mail only; the rest is read when matched.
    loaded: bool = True


@dataclass
class _Index:
    by_email: dict[str, _Pending] = field(default_factory=dict)
    by_name_org: dict[tuple[str, str], _Pending] = field(default_factory=dict)
    by_name: dict[str, list[_Pending]] = field(default_factory=dict)

    def add(self, target: _Pending) -> None:
        emails = set(target.emails)
        if target.values.get("email"):
            emails.add(str(target.values["email"]).casefold())
        for email in emails:
            self.by_email.setdefault(email, target)
        name = _name_key(target.values.get("first_name"), target.values.get("last_name"))
        for org in target.affs or {""}:
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


@dataclass
class _Run:
    """What one dry run or commit carries from row to row."""

    s: Session
    apply: bool
    unit: str  # "Zeile" or, for vCards, "Karte"
    today: date
    orgs: _Organisations
    lists: dict[str, DistributionList | None]
    orgs_created: list[str] = field(default_factory=list)
    lists_created: list[str] = field(default_factory=list)


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
        """The records and the problems of reader and mapping (row warnings of the mapping
        carry their row and are shown with it)."""
        fmt, table, records, source, problems = self._read(data, filename, fmt, sheet)
        if table is not None:
            if mapping is None:
                mapping = suggest_mapping(table.headers, table.rows[:20])
            if not any(t for t in mapping.values()):
                raise ValidationError(
                    f"Keiner Spalte der Datei {filename} ist ein Kontaktfeld zugeordnet.",
                    hint="Bitte die Spalten zuordnen (mindestens Nachname oder Organisation).",
                )
            mapped = map_rows(table, mapping)
            records = mapped.records
            problems += [replace(p, field=_ROW_NOTE) for p in mapped.problems]
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
        run = _Run(
            s=s,
            apply=apply,
            unit="Karte" if fmt == "vcf" else "Zeile",
            today=self.ctx.today(),
            orgs=_Organisations(
                list(s.scalars(select(Organisation))),
                list(s.scalars(select(MunicipalityDirectoryEntry))),
            ),
            lists={dl.name.casefold(): dl for dl in s.scalars(select(DistributionList))},
        )
        unit = run.unit
        # Existing persons by e-mail (their own and those stored on their roles) and name.
        index = _Index()
        affs_by_person: dict[int, dict[str, str | None]] = {}
        emails_by_person: dict[int, set[str]] = {}
        for pid, oid, role, aff_email in s.execute(
            select(
                Affiliation.person_id,
                Affiliation.organisation_id,
                Affiliation.role,
                Affiliation.email,
            ).order_by(Affiliation.id)
        ):
            affs_by_person.setdefault(pid, {}).setdefault(f"#{oid}", role)
            if aff_email:
                emails_by_person.setdefault(pid, set()).add(aff_email.casefold())
        for pid, first, last, email in s.execute(
            select(Person.id, Person.first_name, Person.last_name, Person.email)
            .where(Person.erased_at.is_(None))
            .order_by(Person.id)
        ):
            index.add(
                _Pending(
                    row=0,
                    person=None,
                    person_id=pid,
                    values={"first_name": first, "last_name": last, "email": email},
                    affs=affs_by_person.get(pid, {}),
                    lists=set(),
                    emails=emails_by_person.get(pid, set()),
                    loaded=False,
                )
            )
        lines: list[ImportLine] = []
        # Cards or rows the reader could not use at all are rejected rows, not just notes;
        # the mapping's notes on a row go with that row.
        file_problems: list[str] = []
        row_notes: dict[int, list[str]] = {}
        for problem in reader_problems:
            if problem.row and problem.field == _ROW_NOTE:
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

            if errors:
                reject(" ".join(errors))
                continue
            # The organisation: matched (AGS, then name with PLZ/Ort) or to be created — but
            # created, like new lists, only once the row is known to be applied.
            ref: _OrgRef | None = None
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
                    self._use_organisation(run, ref, record, where)
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

            values, value_warnings = self._person_values(record, where)
            warnings += value_warnings
            name_key = _name_key(values.get("first_name"), values.get("last_name"))
            org_ident = ref.ident if ref is not None else ""
            target: _Pending | None = None
            how = ""
            email = values.get("email")
            if email and str(email).casefold() in index.by_email:
                target, how = index.by_email[str(email).casefold()], "gleiche E-Mail-Adresse"
            elif (name_key, org_ident) in index.by_name_org:
                target = index.by_name_org[(name_key, org_ident)]
                how = "gleicher Name" + (" und gleiche Organisation" if org_ident else "")
            candidate: _Pending | None = None
            if target is None and index.by_name.get(name_key):
                candidate = index.by_name[name_key][0]
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
                self._use_organisation(run, ref, record, where)
            self._use_lists(run, list_names, where)
            if target is None:
                pending = _Pending(
                    row=record.source_row,
                    person=None,
                    person_id=None,
                    values=dict(values),
                    affs={ref.ident: record.funktion} if ref is not None else {},
                    lists={n.casefold() for n in list_names},
                )
                if apply:
                    pending.person = self._create_person(
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

            changed = self._update_person(run, target, values, ref, record, list_names, where)
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

    def _use_organisation(
        self, run: _Run, ref: _OrgRef, record: ContactRecord, where: str
    ) -> None:
        """Create (when applying) and register a new organisation the first time an applied
        row uses it; existing ones need nothing."""
        if ref.registered:
            return
        run.orgs.register(ref)
        run.orgs_created.append(ref.name)
        if not run.apply:
            return
        org = self._new_organisation(record, ref.entry)
        run.s.add(org)
        run.s.flush()
        ref.org = org
        self.audit(
            run.s,
            AuditAction.CREATE,
            "organisation",
            org.id,
            f"Organisation {org.name} importiert ({where})",
            {
                k: v
                for k, v in {
                    "name": org.name,
                    "kind": org.kind.value,
                    "ags": org.ags,
                    "street": org.street,
                    "postcode": org.postcode,
                    "town": org.town,
                }.items()
                if v is not None
            },
        )

    def _use_lists(self, run: _Run, list_names: Sequence[str], where: str) -> None:
        for list_name in list_names:
            key = list_name.casefold()
            if key in run.lists:
                continue
            run.lists_created.append(list_name)
            new_list: DistributionList | None = None
            if run.apply:
                new_list = DistributionList(name=list_name)
                run.s.add(new_list)
                run.s.flush()
                self.audit(
                    run.s,
                    AuditAction.CREATE,
                    "distribution_list",
                    new_list.id,
                    f"Verteiler {list_name} durch Import angelegt ({where})",
                    {"name": list_name},
                )
            run.lists[key] = new_list

    @staticmethod
    def _person_values(record: ContactRecord, where: str) -> tuple[dict[str, Any], list[str]]:
        warnings: list[str] = []
        values: dict[str, Any] = {"last_name": record.nachname}
        anrede = normalize_anrede(record.anrede) if record.anrede else None
        if anrede is not None and anrede is not Anrede.NONE:
            values["anrede"] = anrede
        for src, dst in _PERSON_MAP.items():
            value = getattr(record, src)
            if value:
                values[dst] = value
        # The address is the person's own when there is no organisation or it is private;
        # otherwise it is the organisation's.
        if not record.organisation or record.address_is_private:
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
                        f"{where}: {exc.message} Die Nummer wird wie angegeben übernommen."
                    )
        return values, warnings

    def _new_organisation(
        self, record: ContactRecord, entry: MunicipalityDirectoryEntry | None
    ) -> Organisation:
        name = record.organisation or ""
        if entry is not None:
            e = entry
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
        if not record.address_is_private:  # a private address is never the organisation's
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
        return org

    def _create_person(
        self,
        run: _Run,
        values: dict[str, Any],
        org: Organisation | None,
        record: ContactRecord,
        list_names: Sequence[str],
        where: str,
    ) -> Person:
        s = run.s
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
                dl = run.lists[list_name.casefold()]
                if dl is not None:
                    s.add(
                        DistributionListMember(
                            distribution_list=dl, person=person, added_at=self.ctx.now()
                        )
                    )
        s.flush()
        self.audit(
            s,
            AuditAction.CREATE,
            "person",
            person.id,
            f"Person {display_name(person.title, person.first_name, person.last_name)} "
            f"importiert ({where})",
            {k: v for k, v in values.items() if v is not None},
        )
        return person

    @staticmethod
    def _load(s: Session, target: _Pending) -> None:
        """Read the state of an existing person the first time a row matches it."""
        if target.loaded:
            return
        person = s.get(Person, target.person_id)
        assert person is not None
        primary = next((a for a in person.affiliations if a.is_primary), None)
        target.values = {key: getattr(person, key) for key in _COMPARED}
        target.values["email"] = person.email or (primary.email if primary else None)
        target.values["phone"] = person.phone or (primary.phone if primary else None)
        target.affs = {}
        for aff in person.affiliations:
            target.affs.setdefault(f"#{aff.organisation_id}", aff.role)
        target.emails |= {
            e.casefold() for e in [person.email, *(a.email for a in person.affiliations)] if e
        }
        target.lists = {
            name.casefold()
            for name in s.scalars(
                select(DistributionList.name)
                .join(
                    DistributionListMember,
                    DistributionListMember.list_id == DistributionList.id,
                )
                .where(DistributionListMember.person_id == person.id)
            )
        }
        target.loaded = True

    def _update_person(
        self,
        run: _Run,
        target: _Pending,
        values: dict[str, Any],
        ref: _OrgRef | None,
        record: ContactRecord,
        list_names: Sequence[str],
        where: str,
    ) -> list[str]:
        """German names of the fields that change; applied when ``run.apply``.

        The comparison is with ``target``'s state as the import has left it so far (read from
        the database for an existing person, planned for one from an earlier row), so that a
        dry run reports exactly what the commit does."""
        from beratung.services.contacts import FIELD_LABELS

        s = run.s
        self._load(s, target)
        changed: dict[str, Any] = {}
        labels: list[str] = []
        for key, value in values.items():
            if not value:
                continue
            if key == "email" and str(value).casefold() in target.emails:
                continue  # one of the person's addresses (own or on a role)
            if value != target.values.get(key):
                changed[key] = value
                labels.append(FIELD_LABELS.get(key, key))
        new_aff = role_changed = False
        if ref is not None:
            if ref.ident not in target.affs:
                new_aff = True
                labels.append("Funktion (neu)")
            elif record.funktion and target.affs[ref.ident] != record.funktion:
                role_changed = True
                labels.append("Funktion")
        new_lists = [n for n in dict.fromkeys(list_names) if n.casefold() not in target.lists]
        if new_lists:
            labels.append("Verteiler")
        # The planned state, for the next rows matching this person.
        target.values.update(changed)
        if changed.get("email"):
            target.emails.add(str(changed["email"]).casefold())
        if ref is not None and (new_aff or role_changed):
            target.affs[ref.ident] = record.funktion
        target.lists |= {n.casefold() for n in new_lists}
        if not run.apply or not labels:
            return labels
        person = target.person or s.get(Person, target.person_id)
        assert person is not None
        org = ref.org if ref is not None else None
        before = {k: getattr(person, k) for k in changed}
        with s.no_autoflush:
            for key, value in changed.items():
                setattr(person, key, value)
            if org is not None and new_aff:
                s.add(
                    Affiliation(
                        person=person,
                        organisation=org,
                        role=record.funktion,
                        department=record.abteilung,
                        is_primary=False,  # primary only if the person has no other role
                    )
                )
            elif org is not None and role_changed:
                aff = next(
                    a
                    for a in person.affiliations
                    if a.organisation is org or a.organisation_id == org.id
                )
                aff.role = record.funktion
            for list_name in new_lists:
                dl = run.lists[list_name.casefold()]
                if dl is not None:
                    s.add(
                        DistributionListMember(
                            distribution_list=dl, person=person, added_at=self.ctx.now()
                        )
                    )
        s.flush()
        self.audit(
            s,
            AuditAction.UPDATE,
            "person",
            person.id,
            f"Person {display_name(person.title, person.first_name, person.last_name)} "
            f"durch Import geändert ({where}): " + ", ".join(labels),
            {
                **{k: [before[k], v] for k, v in changed.items()},
                **({"lists_added": new_lists} if new_lists else {}),
                **(
                    {"affiliation": [record.organisation, record.funktion]}
                    if new_aff or role_changed
                    else {}
                ),
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
