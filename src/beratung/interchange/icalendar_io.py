"""The calendar file (.ics, RFC 5545) of one event, for Outlook, Thunderbird and the rest.

The events service copies an event into an :class:`EventCalendarEntry` and
:func:`event_calendar` turns it into bytes; nothing here reads a clock or a database, so the
same entry always gives the same bytes (the file can be compared, attached and regenerated).

Choices that are not obvious:

* ``METHOD:PUBLISH`` and an ``ORGANIZER``: the file is an announcement to put into one's own
  calendar, not a meeting request that expects a reply, so Outlook imports it as an appointment.
* The ``UID`` stays the same for the life of the event and ``SEQUENCE`` rises with each change,
  so importing a newer file replaces the earlier entry instead of adding a second one.
* The ``VTIMEZONE`` for Europe/Berlin is written as the two yearly EU rules (``RRULE`` last Sunday
  of March and of October), the form Outlook and Thunderbird write themselves. The component
  icalendar generates from zoneinfo lists every transition as ``RDATE`` instead, which Outlook is
  known to misread (events in summer time shifted by an hour). The rules are checked against
  zoneinfo for the years the event touches; should the EU ever drop the clock change, or the
  event lie before 1996, the check fails and icalendar's generated component is used, which is
  right by definition.
* A cancelled event keeps its entry (``STATUS:CANCELLED``), its summary starts with
  "Abgesagt:", because Outlook shows the status of an imported appointment nowhere, and it is
  ``TRANSP:TRANSPARENT``, so that it no longer shows the time as busy.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from beratung.domain.enums import EventStatus
from beratung.domain.rules.dates import OFFICE_TIME_ZONE, format_time_de

if TYPE_CHECKING:  # icalendar is imported when a calendar file is written
    from icalendar import Event, Timezone

PRODUCT_ID = "-//Städtetag Baden-Württemberg//Beratung//DE"
"""``PRODID``: who wrote the file (RFC 5545 3.7.3: owner, product, language)."""

MEDIA_TYPE = "text/calendar"
FILE_SUFFIX = ".ics"

TIME_ZONE_ID: str = OFFICE_TIME_ZONE.key
"""The ``TZID``: the IANA name, which Outlook, Thunderbird and Google also map to their own zone."""

#: The year since which both EU rules hold (before 1996 summer time ended in September).
_RULES_SINCE = 1996
_STANDARD_OFFSET = timedelta(hours=1)
_SUMMER_OFFSET = timedelta(hours=2)
#: The clocks change at 01:00 UTC in the whole EU (Directive 2000/84/EC).
_CHANGE_AT_UTC = time(1, 0)

_EN_DASH = "\N{EN DASH}"


def _aware(value: datetime, name: str) -> None:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must carry a time zone, got the naive {value.isoformat()}")


def _optional_time(value: str | None) -> time | None:
    return time.fromisoformat(value) if value else None


@dataclass(frozen=True, slots=True)
class AgendaLine:
    """One item of the programme as it appears in the description of the calendar entry."""

    starts: time | None
    ends: time | None
    title: str
    speaker: str | None

    def text(self) -> str:
        """The German line: ``10:00–10:30 Begrüßung (Oberbürgermeister Gunter Czisch)``."""
        if self.starts is not None and self.ends is not None:
            when = f"{format_time_de(self.starts)}{_EN_DASH}{format_time_de(self.ends)} "
        elif self.starts is not None:
            when = f"{format_time_de(self.starts)} "
        elif self.ends is not None:
            when = f"bis {format_time_de(self.ends)} "
        else:
            when = ""
        speaker = f" ({_one_line(self.speaker)})" if self.speaker and self.speaker.strip() else ""
        return f"{when}{_one_line(self.title)}{speaker}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "starts": self.starts.isoformat() if self.starts is not None else None,
            "ends": self.ends.isoformat() if self.ends is not None else None,
            "title": self.title,
            "speaker": self.speaker,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> AgendaLine:
        return cls(
            starts=_optional_time(data.get("starts")),
            ends=_optional_time(data.get("ends")),
            title=data["title"],
            speaker=data.get("speaker"),
        )


@dataclass(frozen=True, slots=True)
class EventCalendarEntry:
    """Everything the calendar file of one event shows, copied from the event by the service.

    ``uid`` must stay the same for the life of the event and be unique beyond this database
    (RFC 5545 recommends a domain part: ``event-42-…@beratung.staedtetag-bw.de``). ``sequence``
    must rise whenever date, time, place or status change; calendars keep the entry with the
    highest one. ``stamp`` is the time of the last change, not of the export, so that the same
    event always gives the same file.

    Times must be aware; they are written in office time (Europe/Berlin). For an all-day event
    only the calendar days (office time) of ``starts_at`` and ``ends_at`` count, and the day of
    ``ends_at`` is the last day of the event (inclusive). A timed event without ``ends_at`` has
    no ``DTEND`` and so, by RFC 5545, no duration.

    ``location_address`` holds the address lines (street, "PLZ Ort"); ``organizer_email``
    without a value leaves ``ORGANIZER`` out, since the property needs an address.
    """

    uid: str
    sequence: int
    title: str
    starts_at: datetime
    ends_at: datetime | None
    all_day: bool
    location_name: str | None
    location_address: tuple[str, ...]
    room: str | None
    description: str | None
    agenda: tuple[AgendaLine, ...]
    organizer_name: str
    organizer_email: str | None
    url: str | None
    status: EventStatus
    stamp: datetime

    def __post_init__(self) -> None:
        if not self.uid.strip() or any(char in self.uid for char in "\r\n"):
            raise ValueError(f"uid must be one non-empty line, got {self.uid!r}")
        if self.sequence < 0:
            raise ValueError(f"sequence must not be negative, got {self.sequence}")
        if not self.title.strip():
            raise ValueError("title must not be empty")
        _aware(self.starts_at, "starts_at")
        _aware(self.stamp, "stamp")
        if self.ends_at is not None:
            _aware(self.ends_at, "ends_at")
            if self.ends_at < self.starts_at:
                raise ValueError(
                    f"ends_at {self.ends_at.isoformat()} lies before "
                    f"starts_at {self.starts_at.isoformat()}"
                )
        EventStatus(self.status)  # a plain string outside the enum fails here, not in the file

    def to_dict(self) -> dict[str, Any]:
        return {
            "uid": self.uid,
            "sequence": self.sequence,
            "title": self.title,
            "starts_at": self.starts_at.isoformat(),
            "ends_at": self.ends_at.isoformat() if self.ends_at is not None else None,
            "all_day": self.all_day,
            "location_name": self.location_name,
            "location_address": list(self.location_address),
            "room": self.room,
            "description": self.description,
            "agenda": [line.to_dict() for line in self.agenda],
            "organizer_name": self.organizer_name,
            "organizer_email": self.organizer_email,
            "url": self.url,
            "status": EventStatus(self.status).value,
            "stamp": self.stamp.isoformat(),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> EventCalendarEntry:
        ends_at = data.get("ends_at")
        return cls(
            uid=data["uid"],
            sequence=int(data["sequence"]),
            title=data["title"],
            starts_at=datetime.fromisoformat(data["starts_at"]),
            ends_at=datetime.fromisoformat(ends_at) if ends_at else None,
            all_day=bool(data["all_day"]),
            location_name=data.get("location_name"),
            location_address=tuple(str(line) for line in data.get("location_address") or ()),
            room=data.get("room"),
            description=data.get("description"),
            agenda=tuple(AgendaLine.from_dict(line) for line in data.get("agenda") or ()),
            organizer_name=data["organizer_name"],
            organizer_email=data.get("organizer_email"),
            url=data.get("url"),
            status=EventStatus(data["status"]),
            stamp=datetime.fromisoformat(data["stamp"]),
        )


def event_calendar(entry: EventCalendarEntry) -> bytes:
    """The .ics file of one event: UTF-8, CRLF line ends, lines folded at 75 octets."""
    starts = entry.starts_at.astimezone(OFFICE_TIME_ZONE)
    ends = entry.ends_at.astimezone(OFFICE_TIME_ZONE) if entry.ends_at is not None else None

    from icalendar import Calendar

    cal = Calendar()
    cal.add("prodid", PRODUCT_ID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    # All-day dates (VALUE=DATE) refer to no zone; the component is there all the same, so that
    # every file of the office has the same shape.
    cal.add_component(office_time_zone(starts, ends or starts))
    cal.add_component(_event(entry, starts, ends))
    data: bytes = cal.to_ical()
    return data


def _event(entry: EventCalendarEntry, starts: datetime, ends: datetime | None) -> Event:
    from icalendar import Event, vCalAddress, vText

    cancelled = EventStatus(entry.status) is EventStatus.CANCELLED
    event = Event()
    event.add("uid", entry.uid)
    event.add("sequence", entry.sequence)
    event.add("dtstamp", entry.stamp.astimezone(UTC))
    if entry.all_day:
        last_day = (ends or starts).date()
        event.add("dtstart", starts.date())
        # DTEND of a date is exclusive (RFC 5545 3.6.1): the day after the last day.
        event.add("dtend", last_day + timedelta(days=1))
    else:
        event.add("dtstart", starts)
        if ends is not None:
            event.add("dtend", ends)
    title = _one_line(entry.title)
    event.add("summary", f"Abgesagt: {title}" if cancelled else title)
    location = _location(entry)
    if location:
        event.add("location", location)
    description = _description(entry)
    if description:
        event.add("description", description)
    if entry.organizer_email and entry.organizer_email.strip():
        organizer = vCalAddress(f"mailto:{entry.organizer_email.strip()}")
        # A double quote would need RFC 6868's ^' in a parameter, which Outlook shows as is.
        organizer.params["CN"] = vText(_one_line(entry.organizer_name).replace('"', "'"))
        event.add("organizer", organizer)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    # Busy while it takes place; a cancelled event no longer blocks anyone's free/busy time.
    event.add("transp", "TRANSPARENT" if cancelled else "OPAQUE")
    if entry.url and entry.url.strip():
        event.add("url", entry.url.strip())
    return event


def _one_line(text: str) -> str:
    """Collapse line breaks and runs of spaces: summary, location and names are one line."""
    return " ".join(text.split())


def _location(entry: EventCalendarEntry) -> str:
    """Venue, room and address on one line, the form every calendar shows and maps can search."""
    parts = [entry.location_name, entry.room, *entry.location_address]
    cleaned = [_one_line(part) for part in parts if part and part.strip()]
    return ", ".join(cleaned)


def _description(entry: EventCalendarEntry) -> str:
    """The description, then the programme, then what Outlook would otherwise not show."""
    blocks: list[str] = []
    if entry.description and entry.description.strip():
        text = entry.description.replace("\r\n", "\n").replace("\r", "\n")
        blocks.append("\n".join(line.rstrip() for line in text.strip().split("\n")))
    if entry.agenda:
        blocks.append("\n".join(["Programm:", *(line.text() for line in entry.agenda)]))
    if not (entry.organizer_email and entry.organizer_email.strip()):
        blocks.append(f"Veranstalter: {_one_line(entry.organizer_name)}")
    if entry.url and entry.url.strip():
        # Outlook imports URL but shows it nowhere.
        blocks.append(f"Weitere Informationen: {entry.url.strip()}")
    return "\n\n".join(blocks)


# --- the time zone -----------------------------------------------------------------------------


def office_time_zone(first: datetime, last: datetime) -> Timezone:
    """The ``VTIMEZONE`` of Europe/Berlin, right at least for the years from ``first`` to ``last``.

    The EU rules when zoneinfo agrees with them for those years, else icalendar's component
    generated from zoneinfo (see the module docstring for why the rules come first).
    """
    from icalendar import Timezone

    if _eu_rules_hold(first, last):
        return _eu_rules()
    generated: Timezone = Timezone.from_tzinfo(
        OFFICE_TIME_ZONE,
        tzid=TIME_ZONE_ID,
        first_date=date(first.year, 1, 1),
        last_date=date(last.year + 1, 1, 1),
    )
    # icalendar notes the range in a COMMENT, which RFC 5545 3.6.5 does not allow on VTIMEZONE.
    generated.pop("COMMENT", None)
    return generated


def _eu_rules() -> Timezone:
    """Summer time from the last Sunday in March, 02:00 CET, to the last Sunday in October,
    03:00 CEST; ``DTSTART`` is local time before each change (RFC 5545 3.6.5)."""
    from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

    zone = Timezone()
    zone.add("tzid", TIME_ZONE_ID)
    daylight = TimezoneDaylight()
    daylight.add("dtstart", datetime(_RULES_SINCE, 3, _last_sunday(_RULES_SINCE, 3), 2, 0))
    daylight.add("rrule", {"freq": "yearly", "bymonth": 3, "byday": "-1SU"})
    daylight.add("tzoffsetfrom", _STANDARD_OFFSET)
    daylight.add("tzoffsetto", _SUMMER_OFFSET)
    daylight.add("tzname", "CEST")
    standard = TimezoneStandard()
    standard.add("dtstart", datetime(_RULES_SINCE, 10, _last_sunday(_RULES_SINCE, 10), 3, 0))
    standard.add("rrule", {"freq": "yearly", "bymonth": 10, "byday": "-1SU"})
    standard.add("tzoffsetfrom", _SUMMER_OFFSET)
    standard.add("tzoffsetto", _STANDARD_OFFSET)
    standard.add("tzname", "CET")
    zone.add_component(daylight)
    zone.add_component(standard)
    return zone


def _last_sunday(year: int, month: int) -> int:
    last = calendar.monthrange(year, month)[1]
    return last - (date(year, month, last).weekday() - 6) % 7


def _change_instant(year: int, month: int) -> datetime:
    day = _last_sunday(year, month)
    return datetime.combine(date(year, month, day), _CHANGE_AT_UTC, tzinfo=UTC)


def _rule_offset(instant: datetime) -> timedelta:
    """The UTC offset the EU rules give for an instant."""
    year = instant.astimezone(UTC).year
    summer = _change_instant(year, 3) <= instant < _change_instant(year, 10)
    return _SUMMER_OFFSET if summer else _STANDARD_OFFSET


def _eu_rules_hold(first: datetime, last: datetime) -> bool:
    """Whether zoneinfo gives the rules' offsets at both changes of every year from ``first`` to
    ``last`` (a second either side) and at the two instants themselves."""
    if first.year < _RULES_SINCE:
        return False
    probes = [first, last]
    for year in range(first.year, last.year + 1):
        for month in (3, 10):
            change = _change_instant(year, month)
            probes += [change - timedelta(seconds=1), change]
    return all(
        probe.astimezone(OFFICE_TIME_ZONE).utcoffset() == _rule_offset(probe) for probe in probes
    )
