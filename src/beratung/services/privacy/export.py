"""The data report (Auskunft nach Art. 15 DSGVO) from what :mod:`.gather` found: the readable
document's snapshot and the machine-readable JSON.

The JSON is the complete record (every stored column, raw); the PDF says the same in German,
leaving out what is empty and what only the program needs (ids of other rows are replaced by
what they name: the event's title rather than ``event_id = 3``).
"""

from __future__ import annotations

import enum
from datetime import date, datetime, time
from typing import Any

from beratung.domain.enums import label as enum_label
from beratung.domain.privacy import DataSubjectReport, PrivacyField, PrivacyRecord, PrivacySection
from beratung.domain.rules.dates import format_date_de, format_datetime_de, format_time_de
from beratung.domain.rules.names import display_name
from beratung.services.privacy.gather import FoundRow, PersonData, jsonable

#: German labels of the columns the report shows; others keep their column name.
COLUMN_LABELS: dict[str, str] = {
    "id": "Nummer",
    "anrede": "Anrede",
    "title": "Titel",
    "first_name": "Vorname",
    "last_name": "Nachname",
    "email": "E-Mail",
    "phone": "Telefon",
    "mobile": "Mobiltelefon",
    "fax": "Telefax",
    "street": "Straße",
    "postcode": "Postleitzahl",
    "town": "Ort",
    "country": "Land",
    "address_preference": "Anschrift für Briefe",
    "print_variant": "Briefe in",
    "contact_route": "Einladungen per",
    "salutation_override": "Eigene Anrede",
    "notes": "Notizen",
    "note": "Notiz",
    "created_at": "Angelegt am",
    "updated_at": "Geändert am",
    "erased_at": "Anonymisiert am",
    "role": "Funktion",
    "department": "Abteilung",
    "valid_from": "Gültig ab",
    "valid_to": "Gültig bis",
    "is_primary": "Hauptfunktion",
    "organisation_id": "Organisation",
    "list_id": "Verteiler",
    "affiliation_id": "Funktion",
    "added_at": "Aufgenommen am",
    "event_id": "Veranstaltung",
    "status": "Status",
    "invited_at": "Eingeladen am",
    "responded_at": "Antwort am",
    "companions": "Begleitpersonen",
    "companion_names": "Namen der Begleitpersonen",
    "waitlist_position": "Platz auf der Warteliste",
    "code": "Anmeldecode",
    "assistants": "Assistenzkräfte",
    "promoted_at": "Nachgerückt am",
    "notify_pending": "Benachrichtigung offen",
    "attended_at": "Teilgenommen am",
    "walk_in": "Ohne Anmeldung erschienen",
    "kind": "Art",
    "details": "Angaben",
    "delete_after": "Löschen nach",
    "consent_id": "Einwilligung",
    "purpose": "Zweck",
    "method": "Wie erteilt",
    "given_on": "Erteilt am",
    "valid_until": "Gültig bis",
    "withdrawn_on": "Widerrufen am",
    "due_on": "Fällig am",
    "done_at": "Erledigt am",
    "consultation_id": "Beratung",
    "document_id": "Dokument",
    "occurred_at": "Zeitpunkt",
    "duration_minutes": "Dauer (Minuten)",
    "mode": "Art",
    "programme_id": "Programm",
    "subject": "Betreff",
    "summary": "Inhalt",
    "outcome": "Ergebnis",
    "file_reference": "Aktenzeichen",
    "advisor": "Beraterin/Berater",
    "changed_at": "Geändert am",
    "user_name": "Bearbeitet von",
    "from_status": "Vorher",
    "to_status": "Nachher",
    "action": "Aktion",
    "entity_type": "Datensatzart",
    "entity_id": "Datensatznummer",
    "changes": "Änderungen",
    "issued_at": "Ausgegeben am",
    "recipients": "Empfänger",
    "page_count": "Seiten",
}

#: Per table found through the walker: section title, one record's name, explanation. The
#: sections appear in this order; a table added later follows with its policy's label.
_SECTION_TEXT: dict[str, tuple[str, str, str]] = {
    "affiliation": (
        "Funktionen",
        "Funktion",
        "Ihre Funktionen in Organisationen, mit dienstlichen Kontaktdaten.",
    ),
    "distribution_list_member": (
        "Verteiler",
        "Verteiler",
        "Die Verteiler, in die Sie aufgenommen sind.",
    ),
    "consultation_person": (
        "Beratungen",
        "Beratung",
        "Beratungsgespräche, an denen Sie beteiligt waren, mit dem Vermerk dazu.",
    ),
    "registration": (
        "Einladungen und Anmeldungen",
        "Anmeldung",
        "Veranstaltungen, zu denen Sie eingeladen waren oder sich angemeldet haben, mit "
        "Bedarfen (z. B. Gebärdensprache, Ernährung) und dem Verlauf der Anmeldung.",
    ),
    "consent": ("Einwilligungen", "Einwilligung", "Was Sie erlaubt haben, wann und wie."),
    "follow_up": ("Wiedervorlagen", "Wiedervorlage", "Erinnerungen, die Sie betreffen."),
    "issued_document_recipient": (
        "Empfangene Dokumente",
        "Dokument",
        "Schreiben, die an Sie gerichtet waren (Einladungen, Bescheinigungen …).",
    ),
}


def _section_text(table: str, fallback: str) -> tuple[str, str, str]:
    return _SECTION_TEXT.get(table, (fallback, fallback, ""))


def _section_order(table: str) -> int:
    order = list(_SECTION_TEXT)
    return order.index(table) if table in order else len(order)


_CHILD_TITLES = {"accessibility_need": "Bedarf", "registration_change": "Verlauf"}

_SKIP_IN_PDF = frozenset({"person_id", "pdf_sha256", "renderer", "snapshot", "pdf"})


def column_label(name: str) -> str:
    return COLUMN_LABELS.get(name, name)


def format_value(value: Any) -> str:
    """A stored value in German words: dates, times, yes/no and the enums' labels."""
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, datetime):
        return format_datetime_de(value)
    if isinstance(value, date):
        return format_date_de(value)
    if isinstance(value, time):
        return format_time_de(value)
    if isinstance(value, enum.Enum):
        try:
            return enum_label(value)
        except KeyError:
            return str(value.value)
    if isinstance(value, dict | list):
        return _compact(value)
    return str(value)


def _compact(value: Any) -> str:
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_compact(v)}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(_compact(v) for v in value)
    return "–" if value is None else str(value)


def _fields(row: dict[str, Any], links: dict[str, tuple[str, int, str]] | None = None,
            skip: frozenset[str] = _SKIP_IN_PDF) -> tuple[PrivacyField, ...]:
    links = links or {}
    out: list[PrivacyField] = []
    for name, value in row.items():
        if name in skip or value is None or value == "":
            continue
        if name in links:
            out.append(PrivacyField(column_label(name), links[name][2]))
        elif name.endswith("_id") and name != "id":
            continue  # a link the walker could not name adds nothing readable
        else:
            out.append(PrivacyField(column_label(name), format_value(value)))
    return tuple(out)


def _records(table: str, rows: list[FoundRow]) -> tuple[PrivacyRecord, ...]:
    records: list[PrivacyRecord] = []
    for number, found in enumerate(rows, start=1):
        if found.linked is not None:
            heading = _linked_heading(found)
            records.append(PrivacyRecord(heading, _fields(found.linked, found.links)))
            continue
        heading = _heading(table, number, found)
        records.append(PrivacyRecord(heading, _fields(found.row, found.links)))
        for child_table, children in found.children.items():
            title = _CHILD_TITLES.get(child_table, child_table)
            records += [
                PrivacyRecord(f"{heading} – {title} {index}", _fields(child))
                for index, child in enumerate(children, start=1)
            ]
    return tuple(records)


def _heading(table: str, number: int, found: FoundRow) -> str:
    """ "Anmeldung 2: Werkstattgespräch Ulm" — the record's name and what it is about (the
    first row it points at)."""
    names = [label for _t, _i, label in found.links.values()]
    base = _section_text(table, table)[1]
    return f"{base} {number}: {names[0]}" if names else f"{base} {number}"


def _linked_heading(found: FoundRow) -> str:
    linked = found.linked or {}
    when = linked.get("occurred_at")
    subject = linked.get("subject") or ""
    day = format_date_de(when) if isinstance(when, datetime | date) else ""
    return " – ".join(part for part in (f"Beratung am {day}" if day else "Beratung", subject)
                      if part)


def counts(data: PersonData) -> tuple[tuple[str, int], ...]:
    """How many rows were found per category, for the message after an export or erasure."""
    found = [
        (_section_text(ref.policy.table, ref.policy.label)[0], len(ref.rows))
        for ref in sorted(data.references, key=lambda r: _section_order(r.policy.table))
    ]
    return (
        *found,
        ("Änderungsprotokoll", len(data.audit_entries)),
        ("Ausgegebene Dokumente", len(data.documents)),
    )


def build_report(
    data: PersonData, *, organisation_name: str, department: str, created_on: date
) -> DataSubjectReport:
    """The readable report of ``data``: master data, then every category the walker found,
    then the audit log and the issued documents that name the person."""
    person = data.person
    name = display_name(person.get("title"), person.get("first_name"), person.get("last_name"))
    sections: list[PrivacySection] = [
        PrivacySection(
            "Stammdaten",
            "Wie Sie im Adressbestand geführt werden.",
            (PrivacyRecord(name, _fields(person)),),
        )
    ]
    for ref in sorted(data.references, key=lambda r: _section_order(r.policy.table)):
        title, _one, intro = _section_text(ref.policy.table, ref.policy.label)
        sections.append(PrivacySection(title, intro, _records(ref.policy.table, ref.rows)))
    sections.append(
        PrivacySection(
            "Änderungsprotokoll",
            "Einträge des Änderungsprotokolls, die Sie betreffen oder Sie nennen.",
            tuple(
                PrivacyRecord(
                    f"{format_datetime_de(e['occurred_at'])} – {e['summary']}",
                    _fields(e, skip=_SKIP_IN_PDF | {"summary", "occurred_at"}),
                )
                for e in data.audit_entries
            ),
        )
    )
    sections.append(
        PrivacySection(
            "Ausgegebene Dokumente",
            "Gedruckte oder gespeicherte Dokumente, die an Sie gerichtet waren oder Sie "
            "nennen; der vollständige Inhalt steht in der JSON-Datei.",
            tuple(
                PrivacyRecord(
                    f"{format_datetime_de(d['issued_at'])} – {d['title']}",
                    _fields(d, skip=_SKIP_IN_PDF | {"title", "issued_at"}),
                )
                for d in data.documents
            ),
        )
    )
    return DataSubjectReport(
        title="Auskunft über gespeicherte Daten",
        subtitle=f"{name} (Nr. {data.person_id}) – Auskunft nach Art. 15 DSGVO",
        organisation_name=organisation_name,
        department=department,
        created_on=created_on,
        intro=(
            f"Diese Auskunft enthält alle Daten, die {organisation_name} am "
            f"{format_date_de(created_on, 'long')} über {name} gespeichert hat.",
            "Die Daten dienen der Beratung der Kommunen, der Einladung zu Veranstaltungen und "
            "dem Versand von Informationen. Sie können Berichtigung, Löschung oder "
            "Einschränkung der Verarbeitung verlangen und eine erteilte Einwilligung "
            "jederzeit widerrufen.",
        ),
        sections=tuple(sections),
    )


def build_json(data: PersonData, *, created_at: datetime) -> dict[str, Any]:
    """The complete, machine-readable record (Art. 15 (3), Art. 20): raw rows by table."""
    return {
        "format": "beratung-auskunft",
        "version": 1,
        "created_at": created_at.isoformat(),
        "person": jsonable(data.person),
        "references": {
            ref.policy.table: [
                jsonable(
                    {
                        "row": found.row,
                        **({"links": {k: {"table": t, "id": i, "label": lbl}
                                      for k, (t, i, lbl) in found.links.items()}}
                           if found.links else {}),
                        **({"children": found.children} if found.children else {}),
                        **({found.linked_table or "linked": found.linked}
                           if found.linked is not None else {}),
                    }
                )
                for found in ref.rows
            ]
            for ref in data.references
        },
        "audit_entries": jsonable(data.audit_entries),
        "issued_documents": jsonable(data.documents),
    }
