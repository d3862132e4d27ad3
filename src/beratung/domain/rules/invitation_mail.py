"""Invitations by e-mail: who gets a draft, and its built-in text.

Who gets an e-mail draft instead of a letter (only when the run asks for drafts at all,
``--email DIR`` or the Dokumente tab's "E-Mail-Entwürfe"):

* a person whose preferred route is e-mail, and
* a person without a preference (``contact_route`` not set) —
  the office asks for drafts because it wants to write by e-mail, and most contacts never
  state a route; who wants paper says "per Post" in the contacts;

in both cases only with an e-mail address. A person who prefers post, and everybody without an
address, is sent a letter (the combined PDF for printing). Without drafts everybody gets a
letter, whatever the preference: nothing is silently left out.
"""

from __future__ import annotations

from beratung.domain.enums import ContactRoute

INVITATION_MAIL_TEMPLATE_KEY = "einladung_email"
"""The key of the editable e-mail text of invitations (Einstellungen → Vorlagen)."""

INVITATION_MAIL_TEMPLATE_TITLE = "Einladung per E-Mail"

DEFAULT_INVITATION_MAIL_SUBJECT = "Einladung: {veranstaltung} am {veranstaltung_datum}"

DEFAULT_INVITATION_MAIL_BODY = """\
{anrede}

wir laden Sie herzlich ein zur Veranstaltung „{veranstaltung}“.

Wann: {veranstaltung_datum}, {veranstaltung_uhrzeit}
Wo: {ort}

Die Einladung mit allen Angaben zur Anreise, zur Barrierefreiheit und zur Tagesordnung finden \
Sie im Anhang. Bitte melden Sie sich bis zum {anmeldeschluss} an und sagen Sie uns dabei auch, \
was Sie für eine gleichberechtigte Teilnahme brauchen.

Für Fragen sind wir gern für Sie da: {kontakt}

Mit freundlichen Grüßen"""
"""The e-mail text until the office saves its own template under
:data:`INVITATION_MAIL_TEMPLATE_KEY`; the letter itself is attached as a PDF, and the signature
(the event's clerk, the office's address) is added below. Invitees whose letter is in Leichte
Sprache get ``easy_language.DEFAULT_EASY_INVITATION_MAIL_BODY`` instead."""


def goes_by_email(route: ContactRoute | None, address: str | None, *, drafts: bool) -> bool:
    """Whether an invitee gets an e-mail draft (see the module's rules) rather than a letter."""
    if not drafts or not (address or "").strip():
        return False
    return route is not ContactRoute.POST


__all__ = [
    "DEFAULT_INVITATION_MAIL_BODY",
    "DEFAULT_INVITATION_MAIL_SUBJECT",
    "INVITATION_MAIL_TEMPLATE_KEY",
    "INVITATION_MAIL_TEMPLATE_TITLE",
    "goes_by_email",
]
