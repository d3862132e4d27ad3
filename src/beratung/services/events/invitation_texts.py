"""The texts of an invitation: which template, the event's placeholder values, the e-mail.

Split from :mod:`.invitations` (the run: check, render, deliver). Four editable templates
(Einstellungen → Vorlagen), each with a built-in default until the office saves its own:
"einladung" (the letter), "einladung_leichte_sprache" (the letter in Leichte Sprache, values
worded by :mod:`beratung.domain.rules.easy_language`), "einladung_email" (the e-mail of a
draft, :mod:`beratung.domain.rules.invitation_mail`) and "einladung_email_leichte_sprache"
(the e-mail to an invitee whose variant is Leichte Sprache, with the easy values).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from beratung.domain.contacts import Affiliation, Person
from beratung.domain.enums import AddressPreference
from beratung.domain.errors import ValidationError
from beratung.domain.events import Event
from beratung.domain.office import Clerk, TextTemplate
from beratung.domain.printing import Sender, direct_dial
from beratung.domain.rules.dates import format_date_de, format_time_de, office_day
from beratung.domain.rules.easy_language import (
    DEFAULT_EASY_INVITATION_BODY,
    DEFAULT_EASY_INVITATION_MAIL_BODY,
    DEFAULT_EASY_INVITATION_MAIL_SUBJECT,
    DEFAULT_EASY_INVITATION_SUBJECT,
    EASY_INVITATION_MAIL_TEMPLATE_KEY,
    EASY_INVITATION_MAIL_TEMPLATE_TITLE,
    EASY_INVITATION_TEMPLATE_KEY,
    EASY_INVITATION_TEMPLATE_TITLE,
    easy_accessibility,
    easy_agenda,
    easy_contact,
    easy_directions,
    easy_place,
    easy_when,
)
from beratung.domain.rules.invitation_mail import (
    DEFAULT_INVITATION_MAIL_BODY,
    DEFAULT_INVITATION_MAIL_SUBJECT,
    INVITATION_MAIL_TEMPLATE_KEY,
    INVITATION_MAIL_TEMPLATE_TITLE,
)
from beratung.domain.rules.invitations import (
    DEFAULT_INVITATION_BODY,
    DEFAULT_INVITATION_SUBJECT,
    INVITATION_TEMPLATE_KEY,
    INVITATION_TEMPLATE_TITLE,
    AgendaLine,
    VenueFacts,
    accessibility_text,
    agenda_text,
    contact_text,
    directions_text,
    place_text,
)
from beratung.domain.rules.templates import TemplateError, render_template
from beratung.services.events.snapshots import CHECKLIST

TEMPLATES: dict[str, tuple[str, str, str]] = {
    "letter": (INVITATION_TEMPLATE_KEY, DEFAULT_INVITATION_SUBJECT, DEFAULT_INVITATION_BODY),
    "easy": (EASY_INVITATION_TEMPLATE_KEY, DEFAULT_EASY_INVITATION_SUBJECT,
             DEFAULT_EASY_INVITATION_BODY),
    "mail": (INVITATION_MAIL_TEMPLATE_KEY, DEFAULT_INVITATION_MAIL_SUBJECT,
             DEFAULT_INVITATION_MAIL_BODY),
    "easy_mail": (EASY_INVITATION_MAIL_TEMPLATE_KEY, DEFAULT_EASY_INVITATION_MAIL_SUBJECT,
                  DEFAULT_EASY_INVITATION_MAIL_BODY),
}
"""Per text of an invitation: the template key, the built-in subject and body."""

TEMPLATE_NAMES = {"letter": "Einladung", "easy": EASY_INVITATION_TEMPLATE_TITLE,
                  "mail": INVITATION_MAIL_TEMPLATE_TITLE,
                  "easy_mail": EASY_INVITATION_MAIL_TEMPLATE_TITLE}
"""Per text: its name in messages ("… oder die Vorlage „…“ ändern")."""

TEMPLATE_TITLES = {"letter": INVITATION_TEMPLATE_TITLE, "easy": EASY_INVITATION_TEMPLATE_TITLE,
                   "mail": INVITATION_MAIL_TEMPLATE_TITLE,
                   "easy_mail": EASY_INVITATION_MAIL_TEMPLATE_TITLE}
"""Per text: the title its built-in template has in Einstellungen → Vorlagen."""

EASY_KINDS = frozenset({"easy", "easy_mail"})
"""The texts whose placeholder values are worded for Leichte Sprache."""


def load_template(s: Session, kind: str = "letter") -> tuple[str, str]:
    """(subject, body) of the office's template of this kind, or the built-in one."""
    key, default_subject, default_body = TEMPLATES[kind]
    template = s.scalars(select(TextTemplate).where(TextTemplate.key == key)).first()
    if template is None:
        return default_subject, default_body
    return template.subject or default_subject, template.body


def email_address(person: Person, aff: Affiliation | None) -> str | None:
    """Where an e-mail invitation goes: the role's address when letters go to the
    organisation, else the person's own; the other one when that is missing."""
    own, role = person.email, aff.email if aff else None
    first, second = ((role, own) if person.address_preference is AddressPreference.ORGANISATION
                     else (own, role))
    return (first or second or "").strip() or None


def mail_signature(signatory: Clerk | None, clerk: Clerk | None, sender: Sender) -> str:
    """The e-mail's signature: the event's clerk (who answers), the office."""
    who = clerk or signatory
    lines = [who.name if who else None, sender.name, sender.unit,
             " ".join(part for part in (sender.street, sender.postcode, sender.town) if part),
             f"Telefon {sender.phone}" if sender.phone else None,
             sender.website]
    return "\n\n-- \n" + "\n".join(line for line in lines if line)


def event_values(event: Event, sender: Sender, clerk: Clerk | None,
                  letter_date: date, *, easy: bool = False) -> dict[str, str | None]:
    """The event's placeholder values; ``easy``: worded for Leichte Sprache."""
    venue = event.venue
    facts = None
    if venue is not None:
        facts = VenueFacts(
            name=venue.name, room=venue.room, street=venue.street,
            postcode=venue.postcode, town=venue.town, directions=venue.directions,
            public_transport=venue.public_transport,
            checklist={key: getattr(venue, key) for key, _label in CHECKLIST},
            accessibility_notes=venue.accessibility_notes,
        )
    agenda = [AgendaLine(item.starts_at, item.ends_at, item.title, item.speaker)
              for item in event.agenda_items]
    deadline = (format_date_de(event.registration_deadline, "long")
                if event.registration_deadline else None)
    contact_parts = (
        (clerk.name, direct_dial(sender.phone, clerk.phone_extension),
         clerk.email or sender.email)
        if clerk is not None
        else (sender.unit or sender.name, sender.phone, sender.email)
    )
    if easy:
        day, hours = easy_when(event.starts_at, event.ends_at)
        return {
            "veranstaltung": event.title,
            "veranstaltung_datum": day,
            "veranstaltung_uhrzeit": hours,
            "ort": easy_place(facts),
            "anreise": easy_directions(facts),
            "barrierefreiheit": easy_accessibility(facts),
            "tagesordnung": easy_agenda(agenda),
            "anmeldeschluss": deadline,
            "kontakt": easy_contact(*contact_parts) or None,
            "bearbeiterin": clerk.name if clerk else None,
            "datum": format_date_de(letter_date, "long"),
        }
    day, hours = when_text(event.starts_at, event.ends_at)
    contact = contact_text(*contact_parts)
    return {
        "veranstaltung": event.title,
        "veranstaltung_datum": day,
        "veranstaltung_uhrzeit": hours,
        "ort": place_text(facts),
        "anreise": directions_text(facts),
        "barrierefreiheit": accessibility_text(facts),
        "tagesordnung": agenda_text(agenda),
        "anmeldeschluss": deadline,
        "kontakt": contact or None,
        "bearbeiterin": clerk.name if clerk else None,
        "datum": format_date_de(letter_date, "long"),
    }

def check_event_values(subject: str, body: str, values: Mapping[str, str | None],
                        kind: str = "letter") -> None:
    """Render the template with stand-ins for the person's values: what is still missing
    is the event's (e.g. no registration deadline) and stops the run with one message."""
    stand_ins = dict.fromkeys(("anrede", "vorname", "nachname", "funktion", "kommune"), "x")
    try:
        render_template(subject, {**values, **stand_ins}, field="subject")
        render_template(body, {**values, **stand_ins}, field="body")
    except TemplateError as exc:
        raise ValidationError(
            f"Die Einladung kann nicht gedruckt werden: {exc.message}",
            field=exc.field,
            hint="Bitte die Angaben der Veranstaltung ergänzen (z. B. die Anmeldefrist) "
            f"oder die Vorlage „{TEMPLATE_NAMES[kind]}“ ändern.",
        ) from exc

def when_text(starts_at: datetime, ends_at: datetime | None) -> tuple[str, str]:
    """("Mittwoch, 25. Oktober 2017", "10:00 bis 16:00 Uhr"); over several days both days."""
    day = format_date_de(starts_at, "weekday")
    start = format_time_de(starts_at)
    if ends_at is None:
        return day, f"ab {start} Uhr"
    if office_day(ends_at) == office_day(starts_at):
        return day, f"{start} bis {format_time_de(ends_at)} Uhr"
    return (f"{day}, bis {format_date_de(ends_at, 'weekday')}",
            f"Beginn {start} Uhr, Ende {format_time_de(ends_at)} Uhr")


__all__ = [
    "EASY_KINDS",
    "TEMPLATES",
    "TEMPLATE_NAMES",
    "TEMPLATE_TITLES",
    "check_event_values",
    "email_address",
    "event_values",
    "load_template",
    "mail_signature",
    "when_text",
]
