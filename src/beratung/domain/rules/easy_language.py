"""The invitation in Leichte Sprache: its built-in text and the event block in easy words.

The rules of ``documents.md`` for the text: one statement per line, digits for numbers, no
abbreviations (the layout adds 14 pt, 1.5 line spacing and no hyphenation,
``documents/serial_letter.EasyLanguage``). The template "einladung_leichte_sprache" is edited
like any other (Einstellungen → Vorlagen) and knows the same placeholders as "einladung"; only
their values are worded for easy reading here:

* times as "10 Uhr bis 16 Uhr" (not "10:00 bis 16:00 Uhr"), the date in words as elsewhere
  ("Mittwoch, 25. Oktober 2017");
* the place, the way there, the accessibility, the agenda and the contact one statement per
  line; what nobody has checked yet as questions under "Das wissen wir noch nicht:";
* common abbreviations written out ("Dr." → "Doktor", "z. B." → "zum Beispiel"), also in what
  the office typed into the venue (directions, notes) and in the salutation.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime, time

from beratung.domain.rules.dates import format_date_de, format_time_de, office_day
from beratung.domain.rules.invitations import (
    ACCESSIBILITY_SENTENCES,
    AgendaLine,
    VenueFacts,
)

EASY_INVITATION_TEMPLATE_KEY = "einladung_leichte_sprache"
"""The key of the editable invitation text in Leichte Sprache (Einstellungen → Vorlagen)."""

EASY_INVITATION_TEMPLATE_TITLE = "Einladung in Leichter Sprache"

DEFAULT_EASY_INVITATION_SUBJECT = "Einladung: {veranstaltung}"

_EASY_WHAT_WHEN_WHERE = """\
wir laden Sie ein.
Wir machen eine Veranstaltung.
Die Veranstaltung heißt:
{veranstaltung}

Wann ist die Veranstaltung?
Am {veranstaltung_datum}.
Von {veranstaltung_uhrzeit}.

Wo ist die Veranstaltung?
{ort}
"""
"""The opening both texts in Leichte Sprache share: what, when, where."""

_EASY_QUESTIONS = """\
Haben Sie Fragen?
Dann rufen Sie uns an.
Oder schreiben Sie uns eine E-Mail.
{kontakt}

Wir freuen uns auf Sie!"""

DEFAULT_EASY_INVITATION_BODY = _EASY_WHAT_WHEN_WHERE + """
So kommen Sie zur Veranstaltung:
{anreise}

Ist der Ort barrierefrei?
{barrierefreiheit}

Das ist das Programm:
{tagesordnung}

Möchten Sie kommen?
Dann melden Sie sich bitte an.
Bitte bis zum {anmeldeschluss}.

Brauchen Sie Hilfe bei der Veranstaltung?
Zum Beispiel Unterlagen in Leichter Sprache.
Oder einen Platz für Ihren Rollstuhl.
Dann sagen Sie uns das bitte bei der Anmeldung.

Die Veranstaltung kostet nichts.

""" + _EASY_QUESTIONS
"""The text in Leichte Sprache until the office saves its own template under
:data:`EASY_INVITATION_TEMPLATE_KEY`: one statement per line, a blank line between topics."""

EASY_INVITATION_MAIL_TEMPLATE_KEY = "einladung_email_leichte_sprache"
"""The key of the editable e-mail text for invitees who read Leichte Sprache (Einstellungen →
Vorlagen); the e-mail of everybody else is ``einladung_email``."""

EASY_INVITATION_MAIL_TEMPLATE_TITLE = "Einladung per E-Mail in Leichter Sprache"

DEFAULT_EASY_INVITATION_MAIL_SUBJECT = "Einladung: {veranstaltung}"

DEFAULT_EASY_INVITATION_MAIL_BODY = "{anrede}\n\n" + _EASY_WHAT_WHEN_WHERE + """
Bei dieser E-Mail ist ein Brief.
Der Brief ist in Leichter Sprache.
Im Brief steht alles über die Veranstaltung.

Möchten Sie kommen?
Dann füllen Sie bitte das Antwort-Formular aus.
Das Antwort-Formular ist am Ende vom Brief.
Bitte schicken Sie es uns bis zum {anmeldeschluss}.

""" + _EASY_QUESTIONS + """

Viele Grüße"""
"""The e-mail in Leichte Sprache until the office saves its own template under
:data:`EASY_INVITATION_MAIL_TEMPLATE_KEY`: the rules of the letter (one statement per line,
digits, no abbreviations); the values are the easy ones, the letter with its form is attached."""

EASY_GREETING = "Viele Grüße"
"""The closing of a letter in Leichte Sprache (instead of "Mit freundlichen Grüßen")."""

#: Abbreviations written out; longest first, so "z. B." is replaced before "B.".
ABBREVIATIONS: tuple[tuple[str, str], ...] = (
    (r"\bz\.\s?B\.", "zum Beispiel"),
    (r"\bd\.\s?h\.", "das heißt"),
    (r"\bu\.\s?a\.", "unter anderem"),
    (r"\bu\.\s?U\.", "unter Umständen"),
    (r"\bbzw\.", "oder"),
    (r"\busw\.", "und so weiter"),
    (r"\bggf\.", "vielleicht"),
    (r"\bevtl\.", "vielleicht"),
    (r"\bca\.", "ungefähr"),
    (r"\binkl\.", "mit"),
    (r"\bDr\.", "Doktor"),
    (r"\bProf\.", "Professor"),
    (r"\bTel\.", "Telefon"),
    (r"\bNr\.", "Nummer"),
    (r"\bMin\.", "Minuten"),
    (r"\bStd\.", "Stunden"),
    (r"\bHbf\.?", "Hauptbahnhof"),
    (r"\bStr\.", "Straße"),
    (r"(?<=[a-zäöüß])str\.", "straße"),
)
_ABBREVIATIONS = tuple((re.compile(pattern), words) for pattern, words in ABBREVIATIONS)

#: The end of a statement: "." after a letter, "!" or "?" after anything, then a space and the
#: next statement. A dot after a digit is left alone: "25. Oktober", "im 3. Stock".
_STATEMENT_END = re.compile(
    r"(?:(?<=[A-Za-zÄÖÜäöüß)]\.)|(?<=[!?]))\s+(?=[A-ZÄÖÜ0-9„\"])"
)

#: Per checklist item: the question for "we do not know yet".
ACCESSIBILITY_QUESTIONS: dict[str, str] = {
    "step_free_access": "Kommt man ohne Stufen in das Haus?",
    "lift": "Gibt es einen Aufzug?",
    "accessible_wc": "Gibt es eine barrierefreie Toilette?",
    "hearing_loop": "Gibt es eine Induktionsschleife für Hörgeräte?",
    "accessible_parking": "Gibt es Parkplätze für Menschen mit Behinderung?",
    "public_transport_step_free": "Kommt man mit Bus und Bahn ohne Stufen hin?",
    "tactile_guidance": "Gibt es ein Leitsystem zum Ertasten für blinde Menschen?",
    "quiet_room": "Gibt es einen Ruheraum?",
}


def without_abbreviations(text: str) -> str:
    """``text`` with the abbreviations of :data:`ABBREVIATIONS` written out."""
    for pattern, words in _ABBREVIATIONS:
        text = pattern.sub(words, text)
    return text


def abbreviations_in(text: str) -> list[str]:
    """The abbreviations of :data:`ABBREVIATIONS` that ``text`` contains, as written there;
    empty when the text follows the rule (a check for texts written in Leichte Sprache)."""
    return [match.group(0) for pattern, _words in _ABBREVIATIONS
            for match in pattern.finditer(text)]


def statements(text: str) -> list[str]:
    """``text`` as statements, one per line, abbreviations written out; lines stay lines."""
    out: list[str] = []
    for line in without_abbreviations(text).splitlines():
        line = " ".join(line.split())
        for part in _STATEMENT_END.split(line):
            # "…; Parkhaus in der Nähe": a clause after a semicolon is a statement of its own.
            clauses = [clause.strip() for clause in part.split(";") if clause.strip()]
            for index, clause in enumerate(clauses):
                if index < len(clauses) - 1:
                    clause += "."
                if index > 0:
                    clause = clause[0].upper() + clause[1:]
                out.append(clause)
    return out


def _lines(text: str) -> str:
    return "\n".join(statements(text))


def easy_time(moment: time | datetime) -> str:
    """ "10 Uhr", "9:30 Uhr" (a full hour without ":00", no leading zero)."""
    hours, minutes = format_time_de(moment).split(":")
    return f"{int(hours)} Uhr" if minutes == "00" else f"{int(hours)}:{minutes} Uhr"


def easy_when(starts_at: datetime, ends_at: datetime | None) -> tuple[str, str]:
    """("Mittwoch, 25. Oktober 2017", "10 Uhr bis 16 Uhr") for "Am …" and "Von …"."""
    day = format_date_de(starts_at, "weekday")
    start = easy_time(starts_at)
    if ends_at is None:
        return day, f"{start} an"
    if office_day(ends_at) == office_day(starts_at):
        return day, f"{start} bis {easy_time(ends_at)}"
    return (f"{day} bis {format_date_de(ends_at, 'weekday')}",
            f"{start} am ersten Tag bis {easy_time(ends_at)} am letzten Tag")


def easy_place(venue: VenueFacts | None) -> str:
    """The place one part per line: name, room, street, postcode and town."""
    if venue is None:
        return ("Der Ort steht noch nicht fest.\n"
                "Wir schreiben Ihnen, wenn wir den Ort wissen.")
    town = " ".join(part for part in (venue.postcode, venue.town) if part)
    parts = (venue.name, f"Raum: {venue.room}" if venue.room else None, venue.street, town)
    return "\n".join(without_abbreviations(part) for part in parts if part)


def easy_directions(venue: VenueFacts | None) -> str:
    """The venue's directions, one statement per line, or an honest "not yet"."""
    if venue is None:
        return "Das schreiben wir Ihnen, wenn wir den Ort wissen."
    text = "\n".join(part for part in (venue.public_transport, venue.directions)
                     if part and part.strip())
    if not text:
        return ("Eine Beschreibung vom Weg haben wir noch nicht.\n"
                "Wir schicken sie Ihnen vor der Veranstaltung.")
    return _lines(text)


def easy_accessibility(venue: VenueFacts | None) -> str:
    """What there is and what there is not, one line each; then what nobody knows yet as
    questions; then the venue's notes, one statement per line."""
    if venue is None:
        return "Das schreiben wir Ihnen, wenn wir den Ort wissen."
    checklist = venue.checklist or {}
    lines: list[str] = []
    unknown: list[str] = []
    for key, (yes, no, _whether) in ACCESSIBILITY_SENTENCES.items():
        value = checklist.get(key)
        if value is True:
            lines.append(yes)
        elif value is False:
            lines.append(no)
        else:
            unknown.append(ACCESSIBILITY_QUESTIONS[key])
    if unknown:
        lines += ["Das wissen wir noch nicht:", *unknown,
                  "Wir sagen es Ihnen, wenn wir es wissen."]
    if venue.accessibility_notes and venue.accessibility_notes.strip():
        lines += statements(venue.accessibility_notes)
    return "\n".join(lines)


def easy_agenda(items: Sequence[AgendaLine]) -> str:
    """One line per agenda item ("10 Uhr: Begrüßung"), the speakers on a line of their own
    below ("Mit: Doktor Anna Beispiel"), one speaker per line."""
    if not items:
        return ("Das Programm steht noch nicht fest.\n"
                "Wir schicken es Ihnen, wenn es fertig ist.")
    lines = []
    for item in items:
        when = f"{easy_time(item.starts_at)}: " if item.starts_at is not None else ""
        lines.append(without_abbreviations(f"{when}{item.title}"))
        if item.speaker:
            # Several speakers ("A, Stadt Ulm; B, Stadt Tübingen"): one per line.
            speakers = [part.strip() for part in item.speaker.split(";") if part.strip()]
            lines += [without_abbreviations(f"Mit: {speakers[0]}"),
                      *(without_abbreviations(speaker) for speaker in speakers[1:])]
    return "\n".join(lines)


def easy_contact(name: str | None, phone: str | None, email: str | None) -> str:
    """The contact one part per line: "Simone Fischer", "Telefon: 0711 …", "E-Mail: …"."""
    parts = [
        without_abbreviations(name) if name else None,
        f"Telefon: {phone}" if phone else None,
        f"E-Mail: {email}" if email else None,
    ]
    return "\n".join(part for part in parts if part)


__all__ = [
    "ABBREVIATIONS",
    "ACCESSIBILITY_QUESTIONS",
    "DEFAULT_EASY_INVITATION_BODY",
    "DEFAULT_EASY_INVITATION_MAIL_BODY",
    "DEFAULT_EASY_INVITATION_MAIL_SUBJECT",
    "DEFAULT_EASY_INVITATION_SUBJECT",
    "EASY_GREETING",
    "EASY_INVITATION_MAIL_TEMPLATE_KEY",
    "EASY_INVITATION_MAIL_TEMPLATE_TITLE",
    "EASY_INVITATION_TEMPLATE_KEY",
    "EASY_INVITATION_TEMPLATE_TITLE",
    "abbreviations_in",
    "easy_accessibility",
    "easy_agenda",
    "easy_contact",
    "easy_directions",
    "easy_place",
    "easy_time",
    "easy_when",
    "statements",
    "without_abbreviations",
]
