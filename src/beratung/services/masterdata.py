"""Master data: the official municipality directory of Baden-Württemberg (Destatis GV100AD).

The advisor never types a municipality's AGS, Kreis or Regierungsbezirk: she picks the
municipality from the directory and the record is complete. A newer directory file refreshes
those copied fields on her organisations, matched on the AGS (never on the name: eight names
occur twice, and Heilbronn and Karlsruhe are each both a Stadtkreis and a Landkreis), without
touching anything she entered herself.

Naming decision: an organisation created from the directory is called the way German
municipalities are addressed in letters — "Stadt Ulm" for towns (``stadt = ja``: Stadtkreise,
Städte, Große Kreisstädte) and "Gemeinde Aidlingen" otherwise; ``town`` holds the plain
directory name ("Ulm"). A directory update never renames an organisation (the advisor may have
written "Universitätsstadt Ulm" or "Landeshauptstadt Stuttgart"); it refreshes only AGS, Kreis,
Kreistyp, Regierungsbezirk and population.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from beratung import resources
from beratung.domain.enums import AuditAction, OrganisationKind
from beratung.domain.errors import NotFoundError, UserError, ValidationError
from beratung.domain.models import MunicipalityDirectoryEntry, Organisation
from beratung.domain.rules.search import match_key
from beratung.services.base import Service, diff

#: Gebietsstand of the shipped directory (see resources/gemeinden-bw.SOURCE.md).
SHIPPED_STATUS_DATE = date(2025, 11, 30)
SHIPPED_SOURCE_LABEL = "Destatis GV100AD, Gebietsstand 30.11.2025 (Bevölkerung 31.12.2024)"
COLUMNS = ("ags", "name", "kreis", "kreis_typ", "regierungsbezirk", "einwohner", "plz", "stadt")
KREIS_TYPES = ("Stadtkreis", "Landkreis")
#: The fields an organisation copies from the directory and a new directory refreshes.
COPIED_FIELDS = ("ags", "kreis", "kreis_typ", "regierungsbezirk", "population")


# --------------------------------------------------------------------------------------------
# Snapshots


@dataclass(frozen=True, slots=True)
class DirectoryEntrySnapshot:
    ags: str
    name: str
    kreis: str
    kreis_typ: str
    regierungsbezirk: str
    population: int
    postcode: str
    is_town: bool

    @property
    def letter_name(self) -> str:
        """The organisation name used in letters: "Stadt Ulm" / "Gemeinde Aidlingen"."""
        return municipality_letter_name(self.name, self.is_town)

    @property
    def kreis_label(self) -> str:
        """The unambiguous Kreis, e.g. "Stadtkreis Ulm" or "Landkreis Tübingen"."""
        return f"{self.kreis_typ} {self.kreis}"


@dataclass(frozen=True, slots=True)
class DirectoryUpdateReport:
    source_label: str
    total: int
    new: int
    changed: int
    unchanged: int
    #: AGS and name of entries no longer in the new file (kept, not deleted).
    vanished: tuple[tuple[str, str], ...]
    #: Organisations of the advisor whose copied master fields were refreshed.
    organisations_refreshed: int

    def describe(self) -> str:
        return (
            f"Gemeindeverzeichnis „{self.source_label}“: {self.total} Einträge, "
            f"{self.new} neu, {self.changed} geändert, {self.unchanged} unverändert, "
            f"{len(self.vanished)} nicht mehr enthalten; "
            f"{self.organisations_refreshed} Organisationen aktualisiert."
        )


@dataclass(frozen=True, slots=True)
class DirectoryStatus:
    entries: int
    status_date: date | None
    linked_organisations: int


@dataclass(frozen=True, slots=True)
class OrganisationRef:
    id: int
    name: str
    ags: str | None = None


# --------------------------------------------------------------------------------------------
# Pure helpers (also used by the demo)


def municipality_letter_name(name: str, is_town: bool) -> str:
    return f"{'Stadt' if is_town else 'Gemeinde'} {name}"


def county_name(kreis: str) -> str:
    """The county's name: "Landkreis Tübingen", but "Ostalbkreis" as it is."""
    return kreis if kreis.lower().endswith("kreis") else f"Landkreis {kreis}"


@dataclass(frozen=True, slots=True)
class DirectoryRow:
    ags: str
    name: str
    kreis: str
    kreis_typ: str
    regierungsbezirk: str
    population: int
    postcode: str
    is_town: bool

    def values(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "kreis": self.kreis,
            "kreis_typ": self.kreis_typ,
            "regierungsbezirk": self.regierungsbezirk,
            "population": self.population,
            "postcode": self.postcode,
            "is_town": self.is_town,
        }


def parse_directory(data: bytes) -> list[DirectoryRow]:
    """Validate the whole file; the first bad row raises a German :class:`ValidationError`
    naming the line number (the header is line 1) and the column."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationError(
            "Die Gemeindeverzeichnis-Datei ist nicht UTF-8-kodiert.",
            hint="Bitte speichern Sie die Datei als UTF-8 (Trennzeichen Semikolon).",
        ) from exc
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";")
    header = next(reader, None)
    if header is None or tuple(h.strip().lower() for h in header) != COLUMNS:
        raise ValidationError(
            "Die Gemeindeverzeichnis-Datei hat nicht die erwarteten Spalten.",
            hint="Erwartet wird die Kopfzeile „" + ";".join(COLUMNS) + "“.",
        )
    rows: list[DirectoryRow] = []
    seen: dict[str, int] = {}
    for values in reader:
        line = reader.line_num
        if not any(v.strip() for v in values):
            continue
        if len(values) != len(COLUMNS):
            raise ValidationError(
                f"Zeile {line}: {len(values)} statt {len(COLUMNS)} Spalten.",
                hint="Trennzeichen ist das Semikolon.",
            )
        row = dict(zip(COLUMNS, (v.strip() for v in values), strict=True))

        def bad(column: str, problem: str, row_line: int = line) -> ValidationError:
            return ValidationError(
                f"Zeile {row_line}, Spalte „{column}“: {problem}. "
                "Das Gemeindeverzeichnis wurde nicht übernommen.",
                field=column,
            )

        ags = row["ags"]
        if not (len(ags) == 8 and ags.isascii() and ags.isdigit() and ags.startswith("08")):
            raise bad(
                "ags", f"„{ags}“ ist kein achtstelliger Gemeindeschlüssel, der mit 08 beginnt"
            )
        if ags in seen:
            raise bad("ags", f"Der Gemeindeschlüssel {ags} steht schon in Zeile {seen[ags]}")
        seen[ags] = line
        for column in ("name", "kreis", "regierungsbezirk"):
            if not row[column]:
                raise bad(column, "Der Wert fehlt")
        if row["kreis_typ"] not in KREIS_TYPES:
            raise bad("kreis_typ", f"„{row['kreis_typ']}“ ist weder Stadtkreis noch Landkreis")
        einwohner = row["einwohner"]
        if not (einwohner.isascii() and einwohner.isdigit()):
            raise bad("einwohner", f"„{einwohner}“ ist keine ganze Zahl")
        plz = row["plz"]
        if not (len(plz) == 5 and plz.isascii() and plz.isdigit()):
            raise bad("plz", f"„{plz}“ ist keine fünfstellige Postleitzahl")
        stadt = row["stadt"].lower()
        if stadt not in ("ja", "nein"):
            raise bad("stadt", f"„{row['stadt']}“ ist weder „ja“ noch „nein“")
        rows.append(
            DirectoryRow(
                ags=ags,
                name=row["name"],
                kreis=row["kreis"],
                kreis_typ=row["kreis_typ"],
                regierungsbezirk=row["regierungsbezirk"],
                population=int(einwohner),
                postcode=plz,
                is_town=stadt == "ja",
            )
        )
    if not rows:
        raise ValidationError("Die Gemeindeverzeichnis-Datei enthält keine Gemeinden.")
    return rows


def shipped_directory_bytes() -> bytes:
    try:
        return resources.read_bytes(resources.MUNICIPALITY_DIRECTORY)
    except OSError as exc:
        raise UserError(
            "Das mitgelieferte Gemeindeverzeichnis "
            f"({resources.MUNICIPALITY_DIRECTORY}) kann nicht gelesen werden.",
            hint="Bitte installieren Sie Beratung neu.",
        ) from exc


def new_municipality(
    entry: DirectoryEntrySnapshot | DirectoryRow, *, is_member: bool = False
) -> Organisation:
    """An unsaved municipality organisation, complete from the directory entry (its search text
    and sort key are derived when it is saved)."""
    name = municipality_letter_name(entry.name, entry.is_town)
    org = Organisation(
        kind=OrganisationKind.MUNICIPALITY,
        name=name,
        town=entry.name,
        postcode=entry.postcode,
        ags=entry.ags,
        kreis=entry.kreis,
        kreis_typ=entry.kreis_typ,
        regierungsbezirk=entry.regierungsbezirk,
        population=entry.population,
        is_member=is_member,
    )
    return org


def municipality_entry(session: Session, ags: str) -> DirectoryEntrySnapshot:
    """The directory entry for a new municipality organisation (inside the caller's
    transaction); ``NotFoundError`` for an unknown AGS, ``UserError`` when an organisation with
    this AGS exists."""
    entry = session.get(MunicipalityDirectoryEntry, ags)
    if entry is None:
        raise NotFoundError(
            f"Der Gemeindeschlüssel {ags} steht nicht im Gemeindeverzeichnis.",
            hint="Bitte laden Sie das Gemeindeverzeichnis oder wählen Sie die Kommune "
            "aus der Liste.",
        )
    duplicate = session.scalar(select(Organisation).where(Organisation.ags == ags))
    if duplicate is not None:
        raise UserError(
            f"{entry.name} (Gemeindeschlüssel {ags}) ist schon als „{duplicate.name}“ angelegt.",
            hint="Bitte öffnen Sie die vorhandene Organisation.",
        )
    return _snapshot(entry)


def _snapshot(entry: MunicipalityDirectoryEntry) -> DirectoryEntrySnapshot:
    return DirectoryEntrySnapshot(
        ags=entry.ags,
        name=entry.name,
        kreis=entry.kreis,
        kreis_typ=entry.kreis_typ,
        regierungsbezirk=entry.regierungsbezirk,
        population=entry.population,
        postcode=entry.postcode,
        is_town=entry.is_town,
    )


# --------------------------------------------------------------------------------------------
# Service


class MasterDataService(Service):
    def load_directory(
        self,
        csv_bytes: bytes | None = None,
        *,
        source_label: str,
        status_date: date | None = None,
    ) -> DirectoryUpdateReport:
        """Load the shipped directory (``csv_bytes=None``) or a newer file in the same format.

        The whole file is validated first; nothing is written unless every row is valid.
        """
        if csv_bytes is None:
            csv_bytes = shipped_directory_bytes()
            status_date = status_date or SHIPPED_STATUS_DATE
        rows = parse_directory(csv_bytes)
        with self.db.transaction() as s:
            return self.apply_directory(
                s, rows, source_label=source_label, status_date=status_date, audit=True
            )

    def apply_directory(
        self,
        session: Session,
        rows: Sequence[DirectoryRow],
        *,
        source_label: str,
        status_date: date | None = None,
        audit: bool = True,
    ) -> DirectoryUpdateReport:
        """Upsert validated rows inside the caller's transaction (used by the demo, too)."""
        existing = {e.ags: e for e in session.scalars(select(MunicipalityDirectoryEntry))}
        new_rows: list[dict[str, Any]] = []
        changed = unchanged = 0
        for row in rows:
            entry = existing.get(row.ags)
            values = row.values()
            if entry is None:
                new_rows.append({"ags": row.ags, "status_date": status_date, **values})
                continue
            if any(getattr(entry, key) != value for key, value in values.items()):
                for key, value in values.items():
                    setattr(entry, key, value)
                changed += 1
            else:
                unchanged += 1
            if status_date is not None:
                entry.status_date = status_date
        if new_rows:
            session.execute(insert(MunicipalityDirectoryEntry), new_rows)
        in_file = {row.ags for row in rows}
        vanished = tuple(sorted((ags, e.name) for ags, e in existing.items() if ags not in in_file))
        refreshed = self._refresh_organisations(session, rows, audit=audit)
        report = DirectoryUpdateReport(
            source_label=source_label,
            total=len(rows),
            new=len(new_rows),
            changed=changed,
            unchanged=unchanged,
            vanished=vanished,
            organisations_refreshed=refreshed,
        )
        if audit:
            self.audit(
                session,
                AuditAction.IMPORT,
                "municipality_directory",
                None,
                report.describe(),
                {"vanished": [ags for ags, _ in vanished]} if vanished else None,
            )
        return report

    def _refresh_organisations(
        self, session: Session, rows: Iterable[DirectoryRow], *, audit: bool
    ) -> int:
        by_ags = {row.ags: row for row in rows}
        organisations = session.scalars(
            select(Organisation).where(Organisation.ags.is_not(None))
        ).all()
        refreshed = 0
        for org in organisations:
            row = by_ags.get(org.ags or "")
            if row is None:
                continue
            before = {field: getattr(org, field) for field in COPIED_FIELDS}
            after = {
                "ags": row.ags,
                "kreis": row.kreis,
                "kreis_typ": row.kreis_typ,
                "regierungsbezirk": row.regierungsbezirk,
                "population": row.population,
            }
            changes = diff(before, after)
            if not changes:
                continue
            for field, value in after.items():
                setattr(org, field, value)  # the search text (Kreis, RB) follows at the flush
            refreshed += 1
            if audit:
                session.flush()
                self.audit(
                    session,
                    AuditAction.UPDATE,
                    "organisation",
                    org.id,
                    f"{org.name}: Stammdaten aus dem Gemeindeverzeichnis aktualisiert",
                    changes,
                )
        return refreshed

    def directory_status(self) -> DirectoryStatus:
        """What the master data table holds now (shown in the settings)."""
        with self.db.read() as s:
            count = int(s.scalar(select(func.count(MunicipalityDirectoryEntry.ags))) or 0)
            status = s.scalar(select(func.max(MunicipalityDirectoryEntry.status_date)))
            linked = int(
                s.scalar(select(func.count(Organisation.id)).where(Organisation.ags.is_not(None)))
                or 0
            )
        return DirectoryStatus(entries=count, status_date=status, linked_organisations=linked)

    def search_directory(self, text: str, limit: int = 20) -> list[DirectoryEntrySnapshot]:
        """Directory entries whose name starts with (first) or contains the text; digits search
        the AGS and the postcode. Case- and umlaut-insensitive."""
        needle = text.strip()
        if not needle or limit <= 0:
            return []
        with self.db.read() as s:
            entries = [_snapshot(e) for e in s.scalars(select(MunicipalityDirectoryEntry))]
        if needle.isdigit():
            hits = [e for e in entries if e.ags.startswith(needle) or e.postcode.startswith(needle)]
            return sorted(hits, key=lambda e: (e.name, e.ags))[:limit]
        key = match_key(needle)
        ranked: list[tuple[int, str, str, DirectoryEntrySnapshot]] = []
        for entry in entries:
            name_key = match_key(entry.name)
            if name_key.startswith(key):
                rank = 0
            elif any(word.startswith(key) for word in name_key.replace("-", " ").split()):
                rank = 1
            elif key in name_key:
                rank = 2
            else:
                continue
            ranked.append((rank, entry.name, entry.ags, entry))
        ranked.sort(key=lambda item: item[:3])
        return [item[3] for item in ranked[:limit]]

    def directory_entry(self, ags: str) -> DirectoryEntrySnapshot:
        with self.db.read() as s:
            entry = s.get(MunicipalityDirectoryEntry, ags)
            if entry is None:
                raise NotFoundError(
                    f"Der Gemeindeschlüssel {ags} steht nicht im Gemeindeverzeichnis."
                )
            return _snapshot(entry)

    def create_municipality(self, ags: str, *, is_member: bool = False) -> OrganisationRef:
        """A complete municipality organisation from the directory ("Stadt Ulm", AGS, Kreis,
        Regierungsbezirk, population, postcode, town)."""
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
            return OrganisationRef(id=org.id, name=org.name, ags=org.ags)


__all__ = [
    "DirectoryEntrySnapshot",
    "DirectoryRow",
    "DirectoryUpdateReport",
    "MasterDataService",
    "OrganisationRef",
    "county_name",
    "municipality_entry",
    "municipality_letter_name",
    "new_municipality",
    "parse_directory",
]
