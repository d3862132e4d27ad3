"""Frozen snapshots that printed documents are rendered from.

A document is never rendered from live database rows: the service copies everything the page shows
into one of these immutable dataclasses, renders it, and stores ``snapshot.to_dict()`` (JSON) with
the printed document. Reprinting later decodes that JSON with ``from_dict`` and gives the same PDF,
even after the office profile, the clerk or the addressee changed (pretix does the same with
invoices).

The snapshots hold finished text (composed address lines, salutation, formatted file reference);
the renderers only place it. Dates stay ``date``/``datetime`` so the renderer formats them with
Babel in German, independent of the operating system's locale.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal, cast

SCHEMA_VERSION = 1
"""Bumped when a stored snapshot dict changes shape; ``from_dict`` reads older versions."""

LetterForm = Literal["A", "B"]

JsonDict = dict[str, Any]


def direct_dial(base_number: str | None, extension: str | None) -> str | None:
    """The clerk's direct number from the switchboard number and the extension.

    German numbers are written with the extension after a hyphen ("0711 22921-0" for the
    switchboard, "0711 22921-48" for extension 48), so the switchboard suffix is replaced.
    """
    if not base_number:
        return None
    if not extension:
        return base_number
    stem, hyphen, suffix = base_number.rpartition("-")
    if hyphen and suffix.strip() in {"", "0"}:
        return f"{stem}-{extension}"
    if base_number.endswith("-"):
        return f"{base_number}{extension}"
    return f"{base_number}-{extension}"


def _opt_date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _str_tuple(value: Any) -> tuple[str, ...]:
    return tuple(str(item) for item in (value or ()))


@dataclass(frozen=True, slots=True)
class Sender:
    """The office profile as printed: letterhead, return line source and footer."""

    name: str
    unit: str | None = None
    function_line: str | None = None
    street: str | None = None
    postcode: str | None = None
    town: str | None = None
    phone: str | None = None
    fax: str | None = None
    email: str | None = None
    website: str | None = None
    logo: bytes | None = None
    logo_mime: str | None = None
    footer_lines: tuple[str, ...] = ()

    def to_dict(self) -> JsonDict:
        return {
            "name": self.name,
            "unit": self.unit,
            "function_line": self.function_line,
            "street": self.street,
            "postcode": self.postcode,
            "town": self.town,
            "phone": self.phone,
            "fax": self.fax,
            "email": self.email,
            "website": self.website,
            "logo": base64.b64encode(self.logo).decode("ascii") if self.logo is not None else None,
            "logo_mime": self.logo_mime,
            "footer_lines": list(self.footer_lines),
        }

    @classmethod
    def from_dict(cls, data: JsonDict) -> Sender:
        logo = data.get("logo")
        return cls(
            name=data["name"],
            unit=data.get("unit"),
            function_line=data.get("function_line"),
            street=data.get("street"),
            postcode=data.get("postcode"),
            town=data.get("town"),
            phone=data.get("phone"),
            fax=data.get("fax"),
            email=data.get("email"),
            website=data.get("website"),
            logo=base64.b64decode(logo) if logo is not None else None,
            logo_mime=data.get("logo_mime"),
            footer_lines=_str_tuple(data.get("footer_lines")),
        )


@dataclass(frozen=True, slots=True)
class ClerkInfo:
    """The Bearbeiterin/Bearbeiter named on a document."""

    name: str
    initials: str
    function: str | None = None
    phone_extension: str | None = None
    email: str | None = None

    def to_dict(self) -> JsonDict:
        return {
            "name": self.name,
            "initials": self.initials,
            "function": self.function,
            "phone_extension": self.phone_extension,
            "email": self.email,
        }

    @classmethod
    def from_dict(cls, data: JsonDict) -> ClerkInfo:
        return cls(
            name=data["name"],
            initials=data["initials"],
            function=data.get("function"),
            phone_extension=data.get("phone_extension"),
            email=data.get("email"),
        )


@dataclass(frozen=True, slots=True)
class AddressBlock:
    """What shows in the envelope window below the return line.

    ``lines`` is the Anschriftzone (at most six lines, composed by the domain's address rules);
    ``endorsements`` is the Zusatz- und Vermerkzone (at most three lines such as "Einschreiben" or
    "Persönlich/Vertraulich"). The renderer checks the limits and the widths before printing and
    reports a German error instead of cutting anything off.
    """

    lines: tuple[str, ...]
    endorsements: tuple[str, ...] = ()

    def to_dict(self) -> JsonDict:
        return {"lines": list(self.lines), "endorsements": list(self.endorsements)}

    @classmethod
    def from_dict(cls, data: JsonDict) -> AddressBlock:
        return cls(
            lines=_str_tuple(data.get("lines")), endorsements=_str_tuple(data.get("endorsements"))
        )


@dataclass(frozen=True, slots=True)
class InformationBlock:
    """The DIN 5008 information block beside the address field.

    Fields are typed rather than a free list so the DIN order and the German labels live in one
    place (the renderer); empty entries are left out when printed.
    """

    letter_date: date
    your_reference: str | None = None
    your_message_date: date | None = None
    our_reference: str | None = None
    our_message_date: date | None = None
    name: str | None = None
    phone: str | None = None
    fax: str | None = None
    email: str | None = None

    def to_dict(self) -> JsonDict:
        return {
            "letter_date": self.letter_date.isoformat(),
            "your_reference": self.your_reference,
            "your_message_date": _iso(self.your_message_date),
            "our_reference": self.our_reference,
            "our_message_date": _iso(self.our_message_date),
            "name": self.name,
            "phone": self.phone,
            "fax": self.fax,
            "email": self.email,
        }

    @classmethod
    def from_dict(cls, data: JsonDict) -> InformationBlock:
        return cls(
            letter_date=date.fromisoformat(data["letter_date"]),
            your_reference=data.get("your_reference"),
            your_message_date=_opt_date(data.get("your_message_date")),
            our_reference=data.get("our_reference"),
            our_message_date=_opt_date(data.get("our_message_date")),
            name=data.get("name"),
            phone=data.get("phone"),
            fax=data.get("fax"),
            email=data.get("email"),
        )


@dataclass(frozen=True, slots=True)
class LetterSnapshot:
    """Everything a DIN 5008 business letter shows.

    ``body`` paragraphs are plain text (no markup); a ``"\\n"`` inside a paragraph is a line break.
    ``form`` picks the DIN layout ("B" is the default; "A" has the higher address field).
    """

    sender: Sender
    address: AddressBlock
    return_line: str
    information: InformationBlock
    subject: str
    salutation: str
    body: tuple[str, ...]
    title: str
    greeting: str = "Mit freundlichen Grüßen"
    signatory_name: str | None = None
    signatory_function: str | None = None
    enclosures: tuple[str, ...] = ()
    form: LetterForm = "B"

    def to_dict(self) -> JsonDict:
        return {
            "kind": "letter",
            "schema": SCHEMA_VERSION,
            "sender": self.sender.to_dict(),
            "address": self.address.to_dict(),
            "return_line": self.return_line,
            "information": self.information.to_dict(),
            "subject": self.subject,
            "salutation": self.salutation,
            "body": list(self.body),
            "title": self.title,
            "greeting": self.greeting,
            "signatory_name": self.signatory_name,
            "signatory_function": self.signatory_function,
            "enclosures": list(self.enclosures),
            "form": self.form,
        }

    @classmethod
    def from_dict(cls, data: JsonDict) -> LetterSnapshot:
        form = data.get("form", "B")
        if form not in ("A", "B"):
            raise ValueError(f"unknown letter form {form!r}")
        return cls(
            sender=Sender.from_dict(data["sender"]),
            address=AddressBlock.from_dict(data["address"]),
            return_line=data["return_line"],
            information=InformationBlock.from_dict(data["information"]),
            subject=data["subject"],
            salutation=data["salutation"],
            body=_str_tuple(data.get("body")),
            title=data["title"],
            greeting=data.get("greeting", "Mit freundlichen Grüßen"),
            signatory_name=data.get("signatory_name"),
            signatory_function=data.get("signatory_function"),
            enclosures=_str_tuple(data.get("enclosures")),
            form=cast(LetterForm, form),
        )


@dataclass(frozen=True, slots=True)
class PressReleaseSnapshot:
    """Everything a Presseinformation shows, in the association's layout.

    ``body`` paragraphs are plain text; quotes simply contain „…“. The first paragraph is printed
    after the dateline ("Stuttgart. Der Städtetag …"), so it must not repeat the place.
    ``embargo`` must be time-zone aware; it is printed in German local time (Europe/Berlin).
    """

    sender: Sender
    clerk: ClerkInfo
    number: str
    file_reference: str
    release_date: date
    headline: str
    dateline_place: str
    body: tuple[str, ...]
    subline: str | None = None
    embargo: datetime | None = None
    more_info: str | None = None
    contact: str | None = None

    def __post_init__(self) -> None:
        if self.embargo is not None and self.embargo.utcoffset() is None:
            raise ValueError("embargo must be a time-zone aware datetime")

    @property
    def title(self) -> str:
        """The PDF title: what a reader sees in the viewer's title bar and in search results."""
        return f"Presseinformation {self.number}: {self.headline}"

    def to_dict(self) -> JsonDict:
        return {
            "kind": "press_release",
            "schema": SCHEMA_VERSION,
            "sender": self.sender.to_dict(),
            "clerk": self.clerk.to_dict(),
            "number": self.number,
            "file_reference": self.file_reference,
            "release_date": self.release_date.isoformat(),
            "headline": self.headline,
            "dateline_place": self.dateline_place,
            "body": list(self.body),
            "subline": self.subline,
            "embargo": self.embargo.isoformat() if self.embargo is not None else None,
            "more_info": self.more_info,
            "contact": self.contact,
        }

    @classmethod
    def from_dict(cls, data: JsonDict) -> PressReleaseSnapshot:
        embargo = data.get("embargo")
        return cls(
            sender=Sender.from_dict(data["sender"]),
            clerk=ClerkInfo.from_dict(data["clerk"]),
            number=data["number"],
            file_reference=data["file_reference"],
            release_date=date.fromisoformat(data["release_date"]),
            headline=data["headline"],
            dateline_place=data["dateline_place"],
            body=_str_tuple(data.get("body")),
            subline=data.get("subline"),
            embargo=datetime.fromisoformat(embargo) if embargo else None,
            more_info=data.get("more_info"),
            contact=data.get("contact"),
        )


__all__ = [
    "SCHEMA_VERSION",
    "AddressBlock",
    "ClerkInfo",
    "InformationBlock",
    "LetterForm",
    "LetterSnapshot",
    "PressReleaseSnapshot",
    "Sender",
    "direct_dial",
]
