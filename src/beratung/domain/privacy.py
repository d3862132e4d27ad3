"""The frozen data of the two data-protection documents: a person's data report (GDPR Art. 15)
and the office's record of processing activities (Art. 30).

Both are read as a sequence of sections, each a few records of "field: value" lines. That
shape holds whatever a table stores (the report walks every table that points at the person,
including tables added later) and reads well aloud: a screen reader announces each record's
heading and then its fields, instead of a table with thirty columns. The snapshots are plain
text, already formatted in German by the service, so the renderer only lays them out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, ClassVar, Self


@dataclass(frozen=True, slots=True)
class PrivacyField:
    """One line of a record: a German label and its value as text."""

    label: str
    value: str


@dataclass(frozen=True, slots=True)
class PrivacyRecord:
    """One stored row (a registration, an audit entry …) or one block of the record."""

    heading: str
    fields: tuple[PrivacyField, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"heading": self.heading, "fields": [[f.label, f.value] for f in self.fields]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PrivacyRecord:
        return cls(
            heading=str(data["heading"]),
            fields=tuple(PrivacyField(str(k), str(v)) for k, v in data.get("fields", ())),
        )


@dataclass(frozen=True, slots=True)
class PrivacySection:
    """A category ("Anmeldungen zu Veranstaltungen") with an explaining sentence and records."""

    title: str
    intro: str = ""
    records: tuple[PrivacyRecord, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "intro": self.intro,
            "records": [r.to_dict() for r in self.records],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PrivacySection:
        return cls(
            title=str(data["title"]),
            intro=str(data.get("intro", "")),
            records=tuple(PrivacyRecord.from_dict(r) for r in data.get("records", ())),
        )


@dataclass(frozen=True, slots=True)
class PrivacyDocument:
    """What both documents share; a subclass fixes the kind (and so the registered renderer)."""

    KIND: ClassVar[str] = ""

    title: str
    subtitle: str
    organisation_name: str
    department: str
    created_on: date
    intro: tuple[str, ...] = ()
    sections: tuple[PrivacySection, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.KIND,
            "title": self.title,
            "subtitle": self.subtitle,
            "organisation_name": self.organisation_name,
            "department": self.department,
            "created_on": self.created_on.isoformat(),
            "intro": list(self.intro),
            "sections": [s.to_dict() for s in self.sections],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        return cls(
            title=str(data["title"]),
            subtitle=str(data["subtitle"]),
            organisation_name=str(data["organisation_name"]),
            department=str(data["department"]),
            created_on=date.fromisoformat(str(data["created_on"])),
            intro=tuple(str(line) for line in data.get("intro", ())),
            sections=tuple(PrivacySection.from_dict(s) for s in data.get("sections", ())),
        )


@dataclass(frozen=True, slots=True)
class DataSubjectReport(PrivacyDocument):
    """Everything stored about one person (Auskunft nach Art. 15 DSGVO)."""

    KIND: ClassVar[str] = "privacy_export"


@dataclass(frozen=True, slots=True)
class ProcessingRecord(PrivacyDocument):
    """The record of processing activities (Verzeichnis nach Art. 30 DSGVO)."""

    KIND: ClassVar[str] = "processing_record"
