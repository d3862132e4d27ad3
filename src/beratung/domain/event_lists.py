"""Frozen snapshots of an event's lists and certificates (issue 12): the sign-in list
(Teilnehmerliste), the attendance certificates (Teilnahmebescheinigungen) and the needs summary
for venue and caterer, with or without names.

Like :mod:`beratung.domain.printing`, they hold what the page shows, are rendered by the
document registry and stored as JSON (``to_dict``) with the issued document, so a reprint is
exact. Moments are aware datetimes, printed in the office's time zone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from beratung.domain.printing import SCHEMA_VERSION, InformationBlock, Sender

JsonDict = dict[str, Any]

#: The columns a sign-in list can have: key (as the command line takes it) and German header,
#: in the order they are printed.
SIGN_IN_COLUMNS: dict[str, str] = {
    "nr": "Nr.",
    "name": "Name",
    "vorname": "Vorname",
    "titel": "Titel",
    "kommune": "Kommune/Institution",
    "funktion": "Funktion",
    "begleitung": "Begleitung",
    "unterschrift": "Unterschrift",
}
#: The columns of ``documents.md`` when none are chosen.
DEFAULT_SIGN_IN_COLUMNS: tuple[str, ...] = ("nr", "name", "vorname", "kommune", "unterschrift")

#: The data-protection notice at the foot of a sign-in list.
SIGN_IN_PRIVACY_NOTE = (
    "Datenschutz: Die Liste dient dem Nachweis der Teilnahme und der Abrechnung der "
    "Veranstaltung. Sie wird nur dafür verwendet, nicht weitergegeben und nach Ablauf der "
    "Aufbewahrungsfrist vernichtet. Mit Ihrer Unterschrift bestätigen Sie Ihre Teilnahme."
)


def _aware(value: str) -> datetime:
    moment = datetime.fromisoformat(value)
    if moment.utcoffset() is None:
        raise ValueError("event times must be time-zone aware")
    return moment


def _opt_aware(value: str | None) -> datetime | None:
    return _aware(value) if value else None


def _opt_date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _texts(value: Any) -> tuple[str, ...]:
    return tuple(str(item) for item in (value or ()))


@dataclass(frozen=True, slots=True)
class EventHeading:
    """What heads every list of an event: title, when, where, who organises it."""

    title: str
    starts_at: datetime
    ends_at: datetime | None
    #: "Haus der Begegnung, Großer Saal, Grüner Hof 7, 89073 Ulm"; ``None``: not fixed yet.
    place: str | None
    #: "Städtetag Baden-Württemberg, Fachberatung Inklusion".
    organiser: str

    def __post_init__(self) -> None:
        for moment in (self.starts_at, self.ends_at):
            if moment is not None and moment.utcoffset() is None:
                raise ValueError("event times must be time-zone aware")

    def to_dict(self) -> JsonDict:
        return {
            "title": self.title,
            "starts_at": self.starts_at.isoformat(),
            "ends_at": self.ends_at.isoformat() if self.ends_at else None,
            "place": self.place,
            "organiser": self.organiser,
        }

    @classmethod
    def from_dict(cls, data: JsonDict) -> EventHeading:
        return cls(
            title=data["title"],
            starts_at=_aware(data["starts_at"]),
            ends_at=_opt_aware(data.get("ends_at")),
            place=data.get("place"),
            organiser=data["organiser"],
        )


# --------------------------------------------------------------------------------------------
# Sign-in list


@dataclass(frozen=True, slots=True)
class SignInRow:
    """One expected participant; the renderer shows the chosen columns of it."""

    last_name: str
    first_name: str | None = None
    title: str | None = None
    organisation: str | None = None
    role: str | None = None
    companions: int = 0

    def value(self, column: str, number: int) -> str:
        """The text of ``column`` (a key of :data:`SIGN_IN_COLUMNS`) in row ``number``."""
        values = {
            "nr": str(number),
            "name": self.last_name,
            "vorname": self.first_name or "",
            "titel": self.title or "",
            "kommune": self.organisation or "",
            "funktion": self.role or "",
            "begleitung": str(self.companions) if self.companions else "",
            "unterschrift": "",
        }
        return values[column]

    def to_dict(self) -> JsonDict:
        return {
            "last_name": self.last_name,
            "first_name": self.first_name,
            "title": self.title,
            "organisation": self.organisation,
            "role": self.role,
            "companions": self.companions,
        }

    @classmethod
    def from_dict(cls, data: JsonDict) -> SignInRow:
        return cls(
            last_name=data["last_name"],
            first_name=data.get("first_name"),
            title=data.get("title"),
            organisation=data.get("organisation"),
            role=data.get("role"),
            companions=int(data.get("companions") or 0),
        )


@dataclass(frozen=True, slots=True)
class SignInListSnapshot:
    """A Teilnehmerliste: the event, the chosen columns, the rows in their order, blank rows
    for walk-ins, a data-protection notice; portrait or landscape."""

    event: EventHeading
    columns: tuple[str, ...]
    rows: tuple[SignInRow, ...]
    blank_rows: int = 0
    landscape: bool = False
    #: "name" or "municipality": how the rows were ordered (said under the heading).
    sort: str = "name"
    privacy_note: str = SIGN_IN_PRIVACY_NOTE

    def __post_init__(self) -> None:
        unknown = [c for c in self.columns if c not in SIGN_IN_COLUMNS]
        if unknown or not self.columns:
            raise ValueError(f"unknown or no sign-in columns: {unknown}")
        if self.blank_rows < 0:
            raise ValueError("blank_rows must not be negative")

    @property
    def title(self) -> str:
        return f"Teilnehmerliste: {self.event.title}"

    def to_dict(self) -> JsonDict:
        return {
            "kind": "sign_in_list",
            "schema": SCHEMA_VERSION,
            "event": self.event.to_dict(),
            "columns": list(self.columns),
            "rows": [row.to_dict() for row in self.rows],
            "blank_rows": self.blank_rows,
            "landscape": self.landscape,
            "sort": self.sort,
            "privacy_note": self.privacy_note,
        }

    @classmethod
    def from_dict(cls, data: JsonDict) -> SignInListSnapshot:
        return cls(
            event=EventHeading.from_dict(data["event"]),
            columns=_texts(data.get("columns")),
            rows=tuple(SignInRow.from_dict(row) for row in data.get("rows") or ()),
            blank_rows=int(data.get("blank_rows") or 0),
            landscape=bool(data.get("landscape")),
            sort=data.get("sort", "name"),
            privacy_note=data.get("privacy_note", SIGN_IN_PRIVACY_NOTE),
        )


# --------------------------------------------------------------------------------------------
# Attendance certificates


@dataclass(frozen=True, slots=True)
class AttendanceCertificate:
    """One person's certificate: the sentence and the address for the window envelope."""

    #: "Frau Dr. Anna Beispiel, Stadt Ulm, hat am … teilgenommen (…)."
    sentence: str
    #: The address lines (empty: handed over in person, no address known).
    address: tuple[str, ...] = ()

    def to_dict(self) -> JsonDict:
        return {"sentence": self.sentence, "address": list(self.address)}

    @classmethod
    def from_dict(cls, data: JsonDict) -> AttendanceCertificate:
        return cls(sentence=data["sentence"], address=_texts(data.get("address")))


@dataclass(frozen=True, slots=True)
class AttendanceCertificatesSnapshot:
    """Teilnahmebescheinigungen of one event, one page each, in the DIN 5008 letter layout
    without the return line (``documents.md``)."""

    sender: Sender
    information: InformationBlock
    event_title: str
    #: The agenda items that were topics, in their order.
    topics: tuple[str, ...]
    #: Where the certificates are issued ("Stuttgart"): "Stuttgart, 26.10.2017".
    issue_place: str | None
    certificates: tuple[AttendanceCertificate, ...]
    signatory_name: str | None = None
    signatory_function: str | None = None

    @property
    def title(self) -> str:
        return f"Teilnahmebescheinigung: {self.event_title}"

    def to_dict(self) -> JsonDict:
        return {
            "kind": "attendance_certificates",
            "schema": SCHEMA_VERSION,
            "sender": self.sender.to_dict(),
            "information": self.information.to_dict(),
            "event_title": self.event_title,
            "topics": list(self.topics),
            "issue_place": self.issue_place,
            "certificates": [c.to_dict() for c in self.certificates],
            "signatory_name": self.signatory_name,
            "signatory_function": self.signatory_function,
        }

    @classmethod
    def from_dict(cls, data: JsonDict) -> AttendanceCertificatesSnapshot:
        return cls(
            sender=Sender.from_dict(data["sender"]),
            information=InformationBlock.from_dict(data["information"]),
            event_title=data["event_title"],
            topics=_texts(data.get("topics")),
            issue_place=data.get("issue_place"),
            certificates=tuple(
                AttendanceCertificate.from_dict(c) for c in data.get("certificates") or ()
            ),
            signatory_name=data.get("signatory_name"),
            signatory_function=data.get("signatory_function"),
        )


# --------------------------------------------------------------------------------------------
# Needs summary


@dataclass(frozen=True, slots=True)
class NeedTotal:
    """ "2 × Gebärdensprachdolmetschung"."""

    label: str
    count: int

    def to_dict(self) -> JsonDict:
        return {"label": self.label, "count": self.count}

    @classmethod
    def from_dict(cls, data: JsonDict) -> NeedTotal:
        return cls(label=data["label"], count=int(data["count"]))


@dataclass(frozen=True, slots=True)
class NamedNeedEntry:
    """Who needs what (the organiser's list only)."""

    name: str
    organisation: str | None
    status: str
    #: "Gebärdensprachdolmetschung", "Ernährung: glutenfrei".
    needs: tuple[str, ...]

    def to_dict(self) -> JsonDict:
        return {
            "name": self.name,
            "organisation": self.organisation,
            "status": self.status,
            "needs": list(self.needs),
        }

    @classmethod
    def from_dict(cls, data: JsonDict) -> NamedNeedEntry:
        return cls(
            name=data["name"],
            organisation=data.get("organisation"),
            status=data.get("status", ""),
            needs=_texts(data.get("needs")),
        )


@dataclass(frozen=True, slots=True)
class NeedsSummarySnapshot:
    """What the venue and the caterer plan for — counts, never names — or, with ``named``,
    the organiser's list of who needs what. Both say when the needs are deleted."""

    event: EventHeading
    #: Places taken by those registered or attended (persons, companions …).
    expected_places: int
    totals: tuple[NeedTotal, ...]
    #: Free text of dietary and other needs, without names ("glutenfrei").
    details: tuple[str, ...]
    delete_after: date | None
    created_on: date
    named: tuple[NamedNeedEntry, ...] = ()
    is_named: bool = False

    @property
    def title(self) -> str:
        what = "Bedarfsliste mit Namen" if self.is_named else "Bedarfsübersicht"
        return f"{what}: {self.event.title}"

    def to_dict(self) -> JsonDict:
        return {
            "kind": "needs_summary",
            "schema": SCHEMA_VERSION,
            "event": self.event.to_dict(),
            "expected_places": self.expected_places,
            "totals": [t.to_dict() for t in self.totals],
            "details": list(self.details),
            "delete_after": self.delete_after.isoformat() if self.delete_after else None,
            "created_on": self.created_on.isoformat(),
            "named": [n.to_dict() for n in self.named],
            "is_named": self.is_named,
        }

    @classmethod
    def from_dict(cls, data: JsonDict) -> NeedsSummarySnapshot:
        return cls(
            event=EventHeading.from_dict(data["event"]),
            expected_places=int(data.get("expected_places") or 0),
            totals=tuple(NeedTotal.from_dict(t) for t in data.get("totals") or ()),
            details=_texts(data.get("details")),
            delete_after=_opt_date(data.get("delete_after")),
            created_on=date.fromisoformat(data["created_on"]),
            named=tuple(NamedNeedEntry.from_dict(n) for n in data.get("named") or ()),
            is_named=bool(data.get("is_named")),
        )


__all__ = [
    "DEFAULT_SIGN_IN_COLUMNS",
    "SIGN_IN_COLUMNS",
    "SIGN_IN_PRIVACY_NOTE",
    "AttendanceCertificate",
    "AttendanceCertificatesSnapshot",
    "EventHeading",
    "NamedNeedEntry",
    "NeedTotal",
    "NeedsSummarySnapshot",
    "SignInListSnapshot",
    "SignInRow",
]
