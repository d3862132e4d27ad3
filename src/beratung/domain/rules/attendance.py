"""What the event lists and the attendance certificates say: the hours of an event without its
breaks, the agenda items that are topics, the sentence of a certificate, and the order of a
sign-in list (issue 12, ``shared/design/documents.md``).

Pure rules over plain values; the events service feeds them, the renderers print their result.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, time
from typing import Literal

from babel.numbers import format_decimal

from beratung.domain.enums import EventKind
from beratung.domain.rules.dates import LOCALE, format_date_de, format_time_de, office_day
from beratung.domain.rules.search import fold

#: Words that make an agenda item a break, not a topic (and not part of the hours).
BREAK_WORDS: tuple[str, ...] = ("pause", "mittagessen", "imbiss", "kaffee")
#: Agenda items that open or close an event: on the agenda, but no topic of a certificate.
FRAME_WORDS: tuple[str, ...] = ("begrussung", "grusswort", "verabschiedung")

#: "am Werkstattgespräch …": how a certificate names the kind of event, in the dative.
KIND_PHRASES: dict[EventKind, tuple[str, str]] = {
    EventKind.WORKSHOP: ("Werkstattgespräch", "am Werkstattgespräch"),
    EventKind.CONFERENCE: ("Fachtag", "am Fachtag"),
    EventKind.NETWORK_MEETING: ("Netzwerktreffen", "am Netzwerktreffen"),
    EventKind.OTHER: ("Veranstaltung", "an der Veranstaltung"),
}

SignInSort = Literal["name", "municipality"]
SIGN_IN_SORTS: tuple[SignInSort, ...] = ("name", "municipality")


def is_break(title: str) -> bool:
    """ "Mittagspause", "Kaffeepause", "Mittagessen": a break of the agenda."""
    folded = fold(title)
    return any(word in folded for word in BREAK_WORDS)


def is_topic(title: str) -> bool:
    """An agenda item that a certificate lists: no break, no welcome or farewell."""
    folded = fold(title)
    return not is_break(title) and not any(folded.startswith(w) for w in FRAME_WORDS)


def _minutes(start: time, end: time) -> int:
    return max(0, (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute))


def attendance_minutes(
    starts: time, ends: time, breaks: Sequence[tuple[time, time]] = ()
) -> int:
    """Minutes from ``starts`` to ``ends`` (the office's wall clock, one day) without the
    breaks that lie inside: 10:00–16:00 with a lunch break 12:30–13:30 is 300 minutes."""
    total = _minutes(starts, ends)
    for begin, end in breaks:
        begin, end = max(begin, starts), min(end, ends)
        if begin < end:
            total -= _minutes(begin, end)
    return max(0, total)


def format_hours(minutes: int) -> str:
    """ "5 Zeitstunden", "5,5 Zeitstunden", "1 Zeitstunde" (quarter hours at most)."""
    hours = round(minutes / 15) / 4
    text = format_decimal(hours, format="#,##0.##", locale=LOCALE)
    return f"{text} Zeitstunde" if hours == 1 else f"{text} Zeitstunden"


def event_phrase(kind: EventKind, title: str) -> str:
    """How the certificate names the event: "am Werkstattgespräch „Inklusive Quartiere“" for
    the title "Werkstattgespräch Inklusive Quartiere" (the kind is not said twice)."""
    noun, phrase = KIND_PHRASES[kind]
    title = " ".join(title.split())
    if title == noun:
        return phrase
    rest = title[len(noun) :].strip(" :–-") if title.startswith(noun + " ") else title
    return f"{phrase} „{rest}“"


def certificate_sentence(
    *,
    person: str,
    organisation: str | None,
    starts_at: datetime,
    ends_at: datetime | None,
    town: str | None,
    phrase: str,
    minutes: int | None,
) -> str:
    """ "Frau Dr. Anna Beispiel, Stadt Ulm, hat am Mittwoch, 25. Oktober 2017, in Ulm am
    Werkstattgespräch „Inklusive Quartiere“ teilgenommen (10:00–16:00 Uhr, 5 Zeitstunden)."
    (``documents.md``); over several days "vom … bis …"."""
    who = f"{person}, {organisation}," if organisation else person
    if ends_at is not None and office_day(ends_at) != office_day(starts_at):
        when = (
            f"vom {format_date_de(starts_at, 'weekday')}, "
            f"bis {format_date_de(ends_at, 'weekday')},"
        )
        details: list[str] = []
    else:
        when = f"am {format_date_de(starts_at, 'weekday')},"
        start = format_time_de(starts_at)
        details = [f"{start}\u2013{format_time_de(ends_at)} Uhr" if ends_at else f"ab {start} Uhr"]
    if minutes:
        details.append(format_hours(minutes))
    where = f" in {town}" if town else ""
    sentence = f"{who} hat {when}{where} {phrase} teilgenommen"
    if details:
        sentence += f" ({', '.join(details)})"
    return sentence + "."


def municipality_key(organisation: str | None, town: str | None) -> str:
    """Sort key of a participant's municipality: the town of the organisation ("Ulm" for
    "Stadt Ulm"), else its name; without either, last."""
    key = fold(town) or fold(organisation)
    return key if key else "\uffff"

