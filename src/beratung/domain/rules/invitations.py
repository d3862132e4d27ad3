"""What an invitation letter says about its event, the posting order and safe file names.

Pure rules, so that the letter, the preview and the tests say the same:

* The event block's values for the text template ("Einladung"): the place with its room and
  address, how to get there, the venue's accessibility in plain sentences from its checklist —
  and, honestly, what nobody has checked yet —, the agenda as lines, the contact.
  A value is never empty: what is not known is said ("Der Veranstaltungsort steht noch nicht
  fest …"), because a template placeholder without a value stops the whole run.
* Letters are posted sorted by postcode (Deutsche Post sorts by postcode; a sorted pile is
  quicker to frank and to check); foreign addresses come last.
* One PDF per recipient needs file names that Windows accepts: no reserved characters or
  names (CON, PRN, AUX, NUL, COM1–9, LPT1–9), no trailing dot or space, a sane length, and no
  two names that differ only in case.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import time

from beratung.domain.rules.dates import format_time_de

INVITATION_TEMPLATE_KEY = "einladung"
"""The key of the editable text template of invitation letters (Einstellungen → Vorlagen)."""

INVITATION_TEMPLATE_TITLE = "Einladung zu einer Veranstaltung"

DEFAULT_INVITATION_SUBJECT = "Einladung: {veranstaltung} am {veranstaltung_datum}"

DEFAULT_INVITATION_BODY = """\
wir laden Sie herzlich ein zur Veranstaltung „{veranstaltung}“.

Wann: {veranstaltung_datum}, {veranstaltung_uhrzeit}
Wo: {ort}

So kommen Sie hin: {anreise}

Barrierefreiheit: {barrierefreiheit}

Tagesordnung:
{tagesordnung}

Bitte melden Sie sich bis zum {anmeldeschluss} an. Sagen Sie uns bei der Anmeldung bitte \
auch, was Sie für eine gleichberechtigte Teilnahme brauchen, zum Beispiel \
Gebärdensprachdolmetschung, Unterlagen in Leichter Sprache oder einen Platz für einen \
Rollstuhl. Die Teilnahme ist kostenfrei.

Für Fragen sind wir gern für Sie da: {kontakt}

Wir freuen uns auf Sie."""
"""The invitation text used until the office saves its own template under
:data:`INVITATION_TEMPLATE_KEY`. Paragraphs are separated by a blank line; a line break inside
a paragraph stays a line break in the letter."""

# --------------------------------------------------------------------------------------------
# The event block


@dataclass(frozen=True, slots=True)
class VenueFacts:
    """What the letter says about the place (a venue as printed; ``None``: not yet known)."""

    name: str
    room: str | None = None
    street: str | None = None
    postcode: str | None = None
    town: str | None = None
    directions: str | None = None
    public_transport: str | None = None
    #: Checklist key → True (yes), False (no), None (not yet checked).
    checklist: Mapping[str, bool | None] | None = None
    accessibility_notes: str | None = None


#: Per checklist item: the sentence when it is there, when it is not, and the clause for
#: "we do not know yet whether …" — plain words, no abbreviations (documents.md).
ACCESSIBILITY_SENTENCES: dict[str, tuple[str, str, str]] = {
    "step_free_access": (
        "Der Eingang ist ohne Stufen erreichbar.",
        "Der Eingang hat Stufen.",
        "ob der Eingang ohne Stufen erreichbar ist",
    ),
    "lift": ("Es gibt einen Aufzug.", "Es gibt keinen Aufzug.", "ob es einen Aufzug gibt"),
    "accessible_wc": (
        "Es gibt eine barrierefreie Toilette.",
        "Es gibt keine barrierefreie Toilette.",
        "ob es eine barrierefreie Toilette gibt",
    ),
    "hearing_loop": (
        "Im Raum gibt es eine Induktionsschleife für Hörgeräte.",
        "Im Raum gibt es keine Induktionsschleife für Hörgeräte.",
        "ob es eine Induktionsschleife für Hörgeräte gibt",
    ),
    "accessible_parking": (
        "Es gibt Parkplätze für Menschen mit Behinderung.",
        "Es gibt keine Parkplätze für Menschen mit Behinderung.",
        "ob es Parkplätze für Menschen mit Behinderung gibt",
    ),
    "public_transport_step_free": (
        "Mit Bus und Bahn kommen Sie ohne Stufen hin.",
        "Mit Bus und Bahn kommen Sie nicht ohne Stufen hin.",
        "ob Sie mit Bus und Bahn ohne Stufen hinkommen",
    ),
    "tactile_guidance": (
        "Es gibt ein Leitsystem zum Ertasten für blinde Menschen.",
        "Es gibt kein Leitsystem zum Ertasten für blinde Menschen.",
        "ob es ein Leitsystem zum Ertasten für blinde Menschen gibt",
    ),
    "quiet_room": (
        "Es gibt einen Ruheraum.",
        "Es gibt keinen Ruheraum.",
        "ob es einen Ruheraum gibt",
    ),
}

NO_VENUE_YET = (
    "Der Veranstaltungsort steht noch nicht fest; wir teilen ihn Ihnen rechtzeitig mit."
)


def _sentence(text: str) -> str:
    text = " ".join(text.split())
    return text if text[-1:] in ".!?" else f"{text}."


def _enumerate_de(parts: Sequence[str]) -> str:
    """ "a", "a und b", "a, b und c"."""
    if len(parts) <= 1:
        return "".join(parts)
    return f"{', '.join(parts[:-1])} und {parts[-1]}"


def place_text(venue: VenueFacts | None) -> str:
    """ "Haus der Begegnung, Großer Saal, Grüner Hof 7, 89073 Ulm"."""
    if venue is None:
        return NO_VENUE_YET
    town = " ".join(part for part in (venue.postcode, venue.town) if part)
    return ", ".join(part for part in (venue.name, venue.room, venue.street, town) if part)


def directions_text(venue: VenueFacts | None) -> str:
    """The venue's directions and public transport, or an honest "not yet"."""
    if venue is None:
        return "Wie Sie hinkommen, schreiben wir Ihnen, sobald der Ort feststeht."
    parts = [_sentence(text) for text in (venue.public_transport, venue.directions)
             if text and text.strip()]
    if not parts:
        return ("Eine Wegbeschreibung haben wir noch nicht; wir schicken sie Ihnen vor der "
                "Veranstaltung.")
    return " ".join(parts)


def accessibility_text(venue: VenueFacts | None) -> str:
    """The checklist in plain sentences: what there is, what there is not, what nobody has
    checked yet (said as such), then the venue's own notes."""
    if venue is None:
        return ("Wie barrierefrei der Ort ist, schreiben wir Ihnen, sobald er feststeht.")
    checklist = venue.checklist or {}
    known: list[str] = []
    unknown: list[str] = []
    for key, (yes, no, whether) in ACCESSIBILITY_SENTENCES.items():
        value = checklist.get(key)
        if value is True:
            known.append(yes)
        elif value is False:
            known.append(no)
        else:
            unknown.append(whether)
    sentences = list(known)
    if unknown:
        sentences.append(
            f"Noch nicht geklärt ist, {_enumerate_de(unknown)}. Wir sagen es Ihnen gern, "
            "sobald wir es wissen."
        )
    if venue.accessibility_notes and venue.accessibility_notes.strip():
        sentences.append(f"Hinweis: {_sentence(venue.accessibility_notes)}")
    return " ".join(sentences)


@dataclass(frozen=True, slots=True)
class AgendaLine:
    starts_at: time | None
    ends_at: time | None
    title: str
    speaker: str | None = None


def agenda_text(items: Sequence[AgendaLine]) -> str:
    """One line per agenda item: "10:00–10:30 Uhr  Begrüßung (Dr. Anna Beispiel)"."""
    if not items:
        return "Die Tagesordnung schicken wir Ihnen, sobald sie feststeht."
    lines = []
    for item in items:
        when = ""
        if item.starts_at is not None:
            when = format_time_de(item.starts_at)
            if item.ends_at is not None:
                when += f"\u2013{format_time_de(item.ends_at)}"
            when += " Uhr: "
        speaker = f" ({item.speaker})" if item.speaker else ""
        lines.append(f"{when}{item.title}{speaker}")
    return "\n".join(lines)


def contact_text(name: str | None, phone: str | None, email: str | None) -> str:
    """ "Simone Fischer, Telefon 0711 22921-33, E-Mail simone.fischer@…"."""
    parts = [part for part in (
        name,
        f"Telefon {phone}" if phone else None,
        f"E-Mail {email}" if email else None,
    ) if part]
    return ", ".join(parts)


def paragraphs(text: str) -> tuple[str, ...]:
    """A rendered template as letter paragraphs: split at blank lines, lines kept."""
    blocks = re.split(r"\n(?:[ \t]*\n)+", text.replace("\r\n", "\n").strip())
    return tuple(block.strip("\n") for block in blocks if block.strip())


# --------------------------------------------------------------------------------------------
# Posting order


_POSTCODE = re.compile(r"^(\d{5})\s")


def postcode_sort_key(lines: Sequence[str], name: str = "") -> tuple[int, str, str]:
    """Sort key for posting: domestic letters by postcode, then foreign ones; then by name.

    The postcode is read from the address block itself (the line "89073 Ulm"), so the order
    is that of what is printed in the window.
    """
    for line in reversed(lines):
        match = _POSTCODE.match(line)
        if match:
            return (0, match.group(1), name.casefold())
    return (1, lines[-1].casefold() if lines else "", name.casefold())


# --------------------------------------------------------------------------------------------
# File names that Windows accepts


WINDOWS_RESERVED = frozenset(
    {"CON", "PRN", "AUX", "NUL"}
    | {f"COM{n}" for n in range(1, 10)}
    | {f"LPT{n}" for n in range(1, 10)}
)
_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
#: Characters before the extension: well under Windows' 255, so a long folder path still fits.
MAX_STEM = 80


def safe_file_stem(text: str, *, max_length: int = MAX_STEM) -> str:
    """``text`` as a file name without extension that Windows, macOS and Linux accept."""
    text = unicodedata.normalize("NFC", text)
    text = _FORBIDDEN.sub("-", text)
    text = " ".join(text.split())
    text = text[:max_length].rstrip(" .")
    text = text.lstrip(" ")
    if not text:
        text = "Dokument"
    if text.split(".")[0].upper().rstrip() in WINDOWS_RESERVED:
        text = f"_{text}"
    return text


def unique_file_names(stems: Iterable[str], extension: str = ".pdf") -> list[str]:
    """Safe names for the given stems in order, made unique ignoring case: the second
    "Einladung Anna Beispiel" becomes "Einladung Anna Beispiel (2)"."""
    taken: set[str] = set()
    names = []
    for stem in stems:
        base = safe_file_stem(stem)
        candidate, number = base, 1
        while f"{candidate}{extension}".casefold() in taken:
            number += 1
            candidate = f"{base} ({number})"
        taken.add(f"{candidate}{extension}".casefold())
        names.append(f"{candidate}{extension}")
    return names


__all__ = [
    "ACCESSIBILITY_SENTENCES",
    "DEFAULT_INVITATION_BODY",
    "DEFAULT_INVITATION_SUBJECT",
    "INVITATION_TEMPLATE_KEY",
    "INVITATION_TEMPLATE_TITLE",
    "MAX_STEM",
    "NO_VENUE_YET",
    "WINDOWS_RESERVED",
    "AgendaLine",
    "VenueFacts",
    "accessibility_text",
    "agenda_text",
    "contact_text",
    "directions_text",
    "paragraphs",
    "place_text",
    "postcode_sort_key",
    "safe_file_stem",
    "unique_file_names",
]
