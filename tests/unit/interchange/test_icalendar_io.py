"""The calendar file of an event, read back by three readers.

icalendar (the writer's own library), vobject (an independent parser that builds its time zones
from the file's VTIMEZONE through dateutil) and a small structural checker written here against
RFC 5545's lists of required and once-only properties, which reads the raw lines itself.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import icalendar
import pytest
import vobject

from beratung.domain.enums import EventStatus
from beratung.domain.rules.dates import OFFICE_TIME_ZONE
from beratung.interchange.icalendar_io import (
    PRODUCT_ID,
    AgendaLine,
    EventCalendarEntry,
    event_calendar,
)

BERLIN = OFFICE_TIME_ZONE

LONG_DESCRIPTION = (
    "Der Werkstattgespräch-Tag „Inklusive Quartiere“ bringt Bürgermeisterinnen, Sozialämter, "
    "Behindertenbeauftragte und Selbstvertretungen zusammen. Wir sprechen über Barrierefreiheit "
    "im öffentlichen Raum, über Förderprogramme des Landes (z. B. „Quartiersimpulse“, "
    "Fördersumme bis 100.000 €) und über Beteiligung – ehrlich, praxisnah; mit Beispielen aus "
    "Schwäbisch Gmünd, Überlingen und Tübingen.\n"
    "Bitte teilen Sie uns Ihren Unterstützungsbedarf mit: Gebärdensprachdolmetschung, "
    "Schriftdolmetschung, Induktionsschleife, Leichte Sprache, Assistenz.\n"
    "\n"
    "Straßenbahn-Haltestelle „Rathaus“ (Linie 1/2), stufenloser Zugang über den Hof; "
    "Backslash \\ bleibt Backslash."
)


def make_entry(**changes: Any) -> EventCalendarEntry:
    """The Werkstattgespräch in Ulm on 29.10.2017, the day summer time ended."""
    entry = EventCalendarEntry(
        uid="event-17-3f9c2a@beratung.staedtetag-bw.de",
        sequence=3,
        title="Werkstattgespräch Inklusive Quartiere",
        starts_at=datetime(2017, 10, 29, 10, 0, tzinfo=BERLIN),
        ends_at=datetime(2017, 10, 29, 16, 30, tzinfo=BERLIN),
        all_day=False,
        location_name="Stadthaus Ulm",
        location_address=("Münsterplatz 50", "89073 Ulm"),
        room="Großer Saal",
        description="Austausch der Kommunen über barrierefreie Quartiere.",
        agenda=(
            AgendaLine(time(10, 0), time(10, 30), "Begrüßung", "Oberbürgermeister Gunter Czisch"),
            AgendaLine(time(10, 30), time(12, 0), "Impulse aus drei Städten", None),
            AgendaLine(time(12, 0), None, "Mittagspause", None),
            AgendaLine(None, None, "Abschlussrunde", "Gudrun Heute-Bluhm"),
        ),
        organizer_name="Städtetag Baden-Württemberg",
        organizer_email="inklusion@staedtetag-bw.de",
        url="https://www.staedtetag-bw.de/inklusion",
        status=EventStatus.PLANNED,
        stamp=datetime(2017, 9, 1, 7, 30, 15, tzinfo=UTC),
    )
    return replace(entry, **changes)


def parse(data: bytes) -> tuple[icalendar.Calendar, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(data)
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    return calendar, events[0]


def unfolded(data: bytes) -> list[str]:
    """The logical content lines, read from the raw bytes without any library."""
    text = data.decode("utf-8")
    assert text.endswith("\r\n")
    bare = text.replace("\r\n", "")
    assert "\n" not in bare and "\r" not in bare, "bare CR or LF (CRLF expected)"
    return text[:-2].replace("\r\n ", "").replace("\r\n\t", "").split("\r\n")


# --- a structural checker against RFC 5545 ------------------------------------------------------


@dataclass
class _Component:
    name: str
    properties: list[tuple[str, dict[str, str], str]] = field(default_factory=list)
    children: list[_Component] = field(default_factory=list)

    def names(self) -> list[str]:
        return [name for name, _, _ in self.properties]

    def one(self, name: str) -> tuple[dict[str, str], str]:
        found = [(params, value) for n, params, value in self.properties if n == name]
        assert len(found) == 1, f"{self.name}: {name} {len(found)} times"
        return found[0]


_CONTENT_LINE = re.compile(
    r"^(?P<name>[A-Za-z0-9-]+)(?P<params>(?:;[A-Za-z0-9-]+=(?:\"[^\"]*\"|[^\";:,]*)"
    r"(?:,(?:\"[^\"]*\"|[^\";:,]*))*)*):(?P<value>.*)$"
)
_PARAM = re.compile(r';([A-Za-z0-9-]+)=("[^"]*"|[^";:]*)')

# RFC 5545 3.6.1 (VEVENT), 3.6.5 (VTIMEZONE) and 3.4/3.7 (VCALENDAR): required once; at most once.
_REQUIRED = {
    "VCALENDAR": {"PRODID", "VERSION"},
    "VEVENT": {"UID", "DTSTAMP", "DTSTART"},  # DTSTART: RFC 5545 without METHOD, 5546 for PUBLISH
    "VTIMEZONE": {"TZID"},
    "STANDARD": {"DTSTART", "TZOFFSETTO", "TZOFFSETFROM"},
    "DAYLIGHT": {"DTSTART", "TZOFFSETTO", "TZOFFSETFROM"},
}
_AT_MOST_ONCE = {
    "VCALENDAR": {"PRODID", "VERSION", "CALSCALE", "METHOD"},
    "VEVENT": {
        "DTSTAMP", "UID", "DTSTART", "CLASS", "CREATED", "DESCRIPTION", "GEO", "LAST-MODIFIED",
        "LOCATION", "ORGANIZER", "PRIORITY", "SEQUENCE", "STATUS", "SUMMARY", "TRANSP", "URL",
        "RECURRENCE-ID", "RRULE", "DTEND", "DURATION",
    },
    "VTIMEZONE": {"TZID", "LAST-MODIFIED", "TZURL"},
    "STANDARD": {"DTSTART", "TZOFFSETTO", "TZOFFSETFROM"},
    "DAYLIGHT": {"DTSTART", "TZOFFSETTO", "TZOFFSETFROM"},
}
# Every property a component may carry (IANA-registered ones of RFC 5545; no X- names here).
_ALLOWED = {
    "VCALENDAR": _AT_MOST_ONCE["VCALENDAR"],
    "VEVENT": _AT_MOST_ONCE["VEVENT"] | {
        "ATTACH", "ATTENDEE", "CATEGORIES", "COMMENT", "CONTACT", "EXDATE", "RSTATUS",
        "RELATED-TO", "RESOURCES", "RDATE",
    },
    "VTIMEZONE": _AT_MOST_ONCE["VTIMEZONE"],
    "STANDARD": _AT_MOST_ONCE["STANDARD"] | {"RRULE", "COMMENT", "RDATE", "TZNAME"},
    "DAYLIGHT": _AT_MOST_ONCE["DAYLIGHT"] | {"RRULE", "COMMENT", "RDATE", "TZNAME"},
}
_CHILDREN = {"VCALENDAR": {"VEVENT", "VTIMEZONE"}, "VTIMEZONE": {"STANDARD", "DAYLIGHT"}}


def read_structure(data: bytes) -> _Component:
    """Components and properties from the raw lines; asserts the content-line syntax."""
    stack: list[_Component] = []
    root: _Component | None = None
    for line in unfolded(data):
        match = _CONTENT_LINE.match(line)
        assert match, f"not a content line: {line!r}"
        name = match["name"].upper()
        params = {k.upper(): v.strip('"') for k, v in _PARAM.findall(match["params"])}
        if name == "BEGIN":
            component = _Component(match["value"].upper())
            if stack:
                stack[-1].children.append(component)
            else:
                assert root is None, "more than one VCALENDAR"
                root = component
            stack.append(component)
        elif name == "END":
            assert stack and stack[-1].name == match["value"].upper(), f"unbalanced {line!r}"
            stack.pop()
        else:
            assert stack, f"property outside a component: {line!r}"
            stack[-1].properties.append((name, params, match["value"]))
    assert root is not None and not stack
    return root


def check_rfc5545(data: bytes) -> _Component:
    """The checks a strict importer makes; returns the structure for further assertions."""
    root = read_structure(data)
    assert root.name == "VCALENDAR"
    zones: set[str] = set()
    referenced: set[str] = set()

    def visit(component: _Component) -> None:
        names = component.names()
        for name in _REQUIRED[component.name]:
            assert name in names, f"{component.name} lacks {name}"
        for name in _AT_MOST_ONCE[component.name]:
            assert names.count(name) <= 1, f"{component.name} has {name} {names.count(name)} times"
        for name, params, _ in component.properties:
            assert not name.startswith("X-"), f"X- property {name}"
            assert not any(p.startswith("X-") for p in params), f"X- parameter on {name}"
            if "TZID" in params:
                referenced.add(params["TZID"])
        assert set(names) <= _ALLOWED[component.name], set(names) - _ALLOWED[component.name]
        for child in component.children:
            assert child.name in _CHILDREN.get(component.name, set()), child.name
            visit(child)
        if component.name == "VTIMEZONE":
            zones.add(component.one("TZID")[1])
            assert component.children, "a VTIMEZONE needs STANDARD or DAYLIGHT"
        if component.name == "VEVENT":
            assert not {"DTEND", "DURATION"} <= set(names)
            status = [value for n, _, value in component.properties if n == "STATUS"]
            assert set(status) <= {"TENTATIVE", "CONFIRMED", "CANCELLED"}, f"STATUS {status}"
            start_params, start = component.one("DTSTART")
            if "DTEND" in names:
                end_params, end = component.one("DTEND")
                # Same value type, and the end after the start (same zone here, so as text).
                assert start_params.get("VALUE") == end_params.get("VALUE")
                assert start_params.get("TZID") == end_params.get("TZID")
                assert end >= start if "VALUE" not in start_params else end > start
            _, stamp = component.one("DTSTAMP")
            assert re.fullmatch(r"\d{8}T\d{6}Z", stamp), "DTSTAMP must be UTC"

    visit(root)
    assert root.one("VERSION")[1] == "2.0"
    assert [c.name for c in root.children].count("VEVENT") == 1
    assert referenced <= zones, f"undeclared TZID {referenced - zones}"
    return root


# --- the file as a whole -----------------------------------------------------------------------


def test_every_property_reads_back() -> None:
    data = event_calendar(make_entry())
    calendar, event = parse(data)

    assert calendar["PRODID"] == "-//Städtetag Baden-Württemberg//Beratung//DE" == PRODUCT_ID
    assert calendar["VERSION"] == "2.0"
    assert calendar["METHOD"] == "PUBLISH"
    assert calendar["CALSCALE"] == "GREGORIAN"
    assert [zone["TZID"] for zone in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]

    assert event["UID"] == "event-17-3f9c2a@beratung.staedtetag-bw.de"
    assert event.decoded("SEQUENCE") == 3
    assert event.decoded("DTSTAMP") == datetime(2017, 9, 1, 7, 30, 15, tzinfo=UTC)
    assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert event["DTEND"].params["TZID"] == "Europe/Berlin"
    assert event.decoded("DTSTART") == datetime(2017, 10, 29, 10, 0, tzinfo=BERLIN)
    assert event.decoded("DTEND") == datetime(2017, 10, 29, 16, 30, tzinfo=BERLIN)
    assert event["SUMMARY"] == "Werkstattgespräch Inklusive Quartiere"
    assert event["LOCATION"] == "Stadthaus Ulm, Großer Saal, Münsterplatz 50, 89073 Ulm"
    assert event["DESCRIPTION"] == (
        "Austausch der Kommunen über barrierefreie Quartiere.\n"
        "\n"
        "Programm:\n"
        "10:00–10:30 Begrüßung (Oberbürgermeister Gunter Czisch)\n"
        "10:30–12:00 Impulse aus drei Städten\n"
        "12:00 Mittagspause\n"
        "Abschlussrunde (Gudrun Heute-Bluhm)\n"
        "\n"
        "Weitere Informationen: https://www.staedtetag-bw.de/inklusion"
    )
    assert str(event["ORGANIZER"]) == "mailto:inklusion@staedtetag-bw.de"
    assert event["ORGANIZER"].params["CN"] == "Städtetag Baden-Württemberg"
    assert event["STATUS"] == "CONFIRMED"
    assert event["TRANSP"] == "OPAQUE"
    assert event["URL"] == "https://www.staedtetag-bw.de/inklusion"

    check_rfc5545(data)


def test_the_raw_lines_say_what_outlook_and_thunderbird_look_for() -> None:
    lines = unfolded(event_calendar(make_entry()))
    for expected in (
        "BEGIN:VCALENDAR",
        "PRODID:-//Städtetag Baden-Württemberg//Beratung//DE",
        "VERSION:2.0",
        "METHOD:PUBLISH",
        "CALSCALE:GREGORIAN",
        "DTSTART;TZID=Europe/Berlin:20171029T100000",
        "DTEND;TZID=Europe/Berlin:20171029T163000",
        "DTSTAMP:20170901T073015Z",
        "SEQUENCE:3",
        "LOCATION:Stadthaus Ulm\\, Großer Saal\\, Münsterplatz 50\\, 89073 Ulm",
        'ORGANIZER;CN="Städtetag Baden-Württemberg":mailto:inklusion@staedtetag-bw.de',
        "STATUS:CONFIRMED",
        "TRANSP:OPAQUE",
    ):
        assert expected in lines
    # The time zone is declared before the event that refers to it.
    assert lines.index("BEGIN:VTIMEZONE") < lines.index("BEGIN:VEVENT")


def test_the_time_zone_is_two_yearly_rules_as_outlook_writes_them() -> None:
    root = read_structure(event_calendar(make_entry()))
    (zone,) = [c for c in root.children if c.name == "VTIMEZONE"]
    rules = {
        child.name: {name: value for name, _, value in child.properties} for child in zone.children
    }
    assert rules == {
        "DAYLIGHT": {
            "DTSTART": "19960331T020000",
            "RRULE": "FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3",
            "TZNAME": "CEST",
            "TZOFFSETFROM": "+0100",
            "TZOFFSETTO": "+0200",
        },
        "STANDARD": {
            "DTSTART": "19961027T030000",
            "RRULE": "FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10",
            "TZNAME": "CET",
            "TZOFFSETFROM": "+0200",
            "TZOFFSETTO": "+0100",
        },
    }


def test_the_time_zone_agrees_with_zoneinfo_from_1996_to_2037() -> None:
    """Read the VTIMEZONE itself (not the TZID name) and compare it hour by hour around every
    change and at every month's middle."""
    calendar, _ = parse(event_calendar(make_entry()))
    from_file = calendar.walk("VTIMEZONE")[0].to_tz(lookup_tzid=False)
    instants: list[datetime] = []
    for year in range(1996, 2038):
        for month in range(1, 13):
            instants.append(datetime(year, month, 15, 12, tzinfo=UTC))
        for month in (3, 10):
            last = max(date(year, month, day) for day in range(25, 32) if
                       date(year, month, day).weekday() == 6)
            change = datetime(last.year, last.month, last.day, 1, tzinfo=UTC)
            instants += [change + timedelta(hours=h) for h in range(-3, 4)]
            instants += [change - timedelta(seconds=1)]
    for instant in instants:
        assert instant.astimezone(from_file).utcoffset() == instant.astimezone(
            BERLIN
        ).utcoffset(), instant


def test_vobject_reads_the_same_event() -> None:
    """A second, independent reader sees every property the same way."""
    data = event_calendar(make_entry())
    card = vobject.readOne(data.decode("utf-8"))
    _, event = parse(data)
    assert card.prodid.value == PRODUCT_ID
    assert card.method.value == "PUBLISH"
    vevent = card.vevent
    assert vevent.uid.value == event["UID"]
    assert int(vevent.sequence.value) == 3
    assert vevent.dtstamp.value == datetime(2017, 9, 1, 7, 30, 15, tzinfo=UTC)
    assert vevent.dtstart.value.astimezone(UTC) == datetime(2017, 10, 29, 9, 0, tzinfo=UTC)
    assert vevent.dtend.value.astimezone(UTC) == datetime(2017, 10, 29, 15, 30, tzinfo=UTC)
    assert vevent.summary.value == event["SUMMARY"]
    assert vevent.location.value == event["LOCATION"]
    assert vevent.description.value == event["DESCRIPTION"]
    assert vevent.organizer.value == "mailto:inklusion@staedtetag-bw.de"
    assert vevent.organizer.params["CN"] == ["Städtetag Baden-Württemberg"]
    assert vevent.status.value == "CONFIRMED"
    assert vevent.transp.value == "OPAQUE"
    assert vevent.url.value == "https://www.staedtetag-bw.de/inklusion"


# --- summer and winter time --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("starts_at", "utc"),
    [
        # 29.10.2017: the clocks went back at 03:00 CEST; 10:00 is already CET.
        (datetime(2017, 10, 29, 10, 0, tzinfo=BERLIN), datetime(2017, 10, 29, 9, 0, tzinfo=UTC)),
        (datetime(2017, 7, 12, 10, 0, tzinfo=BERLIN), datetime(2017, 7, 12, 8, 0, tzinfo=UTC)),
        # 26.03.2017: the clocks went forward at 02:00 CET.
        (datetime(2017, 3, 26, 10, 0, tzinfo=BERLIN), datetime(2017, 3, 26, 8, 0, tzinfo=UTC)),
        (datetime(2017, 3, 25, 10, 0, tzinfo=BERLIN), datetime(2017, 3, 25, 9, 0, tzinfo=UTC)),
        # Before 1996 summer time ended in September: the fallback component must know that.
        (datetime(1990, 10, 10, 10, 0, tzinfo=BERLIN), datetime(1990, 10, 10, 9, 0, tzinfo=UTC)),
    ],
)
def test_local_times_mean_the_right_instant_for_every_reader(
    starts_at: datetime, utc: datetime
) -> None:
    entry = make_entry(starts_at=starts_at, ends_at=starts_at + timedelta(hours=2))
    data = event_calendar(entry)
    check_rfc5545(data)
    calendar, event = parse(data)

    assert event.decoded("DTSTART").astimezone(UTC) == utc
    # The file's own VTIMEZONE, not icalendar's knowledge of the name:
    from_file = calendar.walk("VTIMEZONE")[0].to_tz(lookup_tzid=False)
    local = event.decoded("DTSTART").replace(tzinfo=from_file)
    assert local.astimezone(UTC) == utc
    assert local.astimezone(UTC) + timedelta(hours=2) == event.decoded("DTEND").astimezone(UTC)
    # vobject builds its zone from the VTIMEZONE through dateutil.
    card = vobject.readOne(data.decode("utf-8"))
    assert card.vevent.dtstart.value.astimezone(UTC) == utc
    assert card.vevent.dtend.value.astimezone(UTC) == utc + timedelta(hours=2)


def test_times_given_in_utc_are_written_in_office_time() -> None:
    entry = make_entry(
        starts_at=datetime(2017, 10, 29, 9, 0, tzinfo=UTC),
        ends_at=datetime(2017, 10, 29, 15, 30, tzinfo=UTC),
    )
    data = event_calendar(entry)
    assert "DTSTART;TZID=Europe/Berlin:20171029T100000" in unfolded(data)
    assert "DTEND;TZID=Europe/Berlin:20171029T163000" in unfolded(data)
    assert data == event_calendar(make_entry())


def test_an_event_across_the_change_keeps_both_offsets() -> None:
    entry = make_entry(
        starts_at=datetime(2017, 10, 28, 18, 0, tzinfo=BERLIN),
        ends_at=datetime(2017, 10, 29, 12, 0, tzinfo=BERLIN),
    )
    data = event_calendar(entry)
    check_rfc5545(data)
    card = vobject.readOne(data.decode("utf-8"))
    assert card.vevent.dtstart.value.astimezone(UTC) == datetime(2017, 10, 28, 16, tzinfo=UTC)
    assert card.vevent.dtend.value.astimezone(UTC) == datetime(2017, 10, 29, 11, tzinfo=UTC)


# --- multi-day and all-day events --------------------------------------------------------------


def test_a_three_day_event_spans_from_the_first_start_to_the_last_end() -> None:
    entry = make_entry(
        starts_at=datetime(2018, 6, 20, 9, 30, tzinfo=BERLIN),
        ends_at=datetime(2018, 6, 22, 13, 0, tzinfo=BERLIN),
    )
    data = event_calendar(entry)
    check_rfc5545(data)
    _, event = parse(data)
    assert event.decoded("DTSTART") == datetime(2018, 6, 20, 9, 30, tzinfo=BERLIN)
    assert event.decoded("DTEND") == datetime(2018, 6, 22, 13, 0, tzinfo=BERLIN)
    assert event.decoded("DTEND") - event.decoded("DTSTART") == timedelta(days=2, hours=3.5)
    card = vobject.readOne(data.decode("utf-8"))
    assert card.vevent.dtend.value.astimezone(UTC) == datetime(2018, 6, 22, 11, 0, tzinfo=UTC)


def test_an_all_day_event_has_dates_and_ends_the_day_after() -> None:
    entry = make_entry(
        all_day=True,
        starts_at=datetime(2017, 10, 29, 0, 0, tzinfo=BERLIN),
        ends_at=None,
    )
    data = event_calendar(entry)
    check_rfc5545(data)
    lines = unfolded(data)
    assert "DTSTART;VALUE=DATE:20171029" in lines
    assert "DTEND;VALUE=DATE:20171030" in lines
    _, event = parse(data)
    assert event.decoded("DTSTART") == date(2017, 10, 29)
    assert event.decoded("DTEND") == date(2017, 10, 30)
    card = vobject.readOne(data.decode("utf-8"))
    assert card.vevent.dtstart.value == date(2017, 10, 29)
    assert card.vevent.dtend.value == date(2017, 10, 30)


def test_a_three_day_all_day_event_ends_the_day_after_the_last_day() -> None:
    entry = make_entry(
        all_day=True,
        # Stored in UTC as the events table does: 22:00 UTC is already the next day in Ulm.
        starts_at=datetime(2018, 6, 19, 22, 0, tzinfo=UTC),
        ends_at=datetime(2018, 6, 22, 17, 0, tzinfo=BERLIN),
    )
    data = event_calendar(entry)
    check_rfc5545(data)
    _, event = parse(data)
    assert event.decoded("DTSTART") == date(2018, 6, 20)
    assert event.decoded("DTEND") == date(2018, 6, 23)
    assert not any(line.startswith("DTSTART;TZID") for line in unfolded(data))


def test_without_an_end_a_timed_event_has_no_dtend() -> None:
    data = event_calendar(make_entry(ends_at=None))
    check_rfc5545(data)
    _, event = parse(data)
    assert "DTEND" not in event and "DURATION" not in event
    assert event.decoded("DTSTART") == datetime(2017, 10, 29, 10, 0, tzinfo=BERLIN)


# --- status --------------------------------------------------------------------------------------


def test_a_cancelled_event_says_so_in_status_and_summary() -> None:
    data = event_calendar(make_entry(status=EventStatus.CANCELLED, sequence=4))
    check_rfc5545(data)
    _, event = parse(data)
    assert event["STATUS"] == "CANCELLED"
    assert event["SUMMARY"] == "Abgesagt: Werkstattgespräch Inklusive Quartiere"
    assert event["TRANSP"] == "TRANSPARENT"  # the time is free again
    assert event.decoded("SEQUENCE") == 4
    assert event["UID"] == make_entry().uid  # the same entry, replaced in the calendar


@pytest.mark.parametrize("status", [EventStatus.PLANNED, EventStatus.HELD])
def test_planned_and_held_events_are_confirmed(status: EventStatus) -> None:
    _, event = parse(event_calendar(make_entry(status=status)))
    assert event["STATUS"] == "CONFIRMED"
    assert event["SUMMARY"] == "Werkstattgespräch Inklusive Quartiere"
    assert event["TRANSP"] == "OPAQUE"


# --- stable output -------------------------------------------------------------------------------


def test_the_same_entry_gives_the_same_bytes() -> None:
    first = event_calendar(make_entry())
    assert event_calendar(make_entry()) == first
    stored = json.loads(json.dumps(make_entry().to_dict()))
    assert EventCalendarEntry.from_dict(stored) == make_entry()
    assert event_calendar(EventCalendarEntry.from_dict(stored)) == first


def test_a_stamp_in_another_zone_is_written_in_utc() -> None:
    stamp = datetime(2017, 9, 1, 9, 30, 15, tzinfo=BERLIN)
    assert event_calendar(make_entry(stamp=stamp)) == event_calendar(make_entry())


@pytest.mark.parametrize(
    ("uid", "sequence"),
    [
        ("event-17-3f9c2a@beratung.staedtetag-bw.de", 0),
        ("0f3e8a4c-6b8e-4d3a-9d7e-2b1c5a6f7e80", 17),
        ("veranstaltung/42;a,b@beratung.example", 123456),
    ],
)
def test_uid_and_sequence_are_copied_exactly(uid: str, sequence: int) -> None:
    data = event_calendar(make_entry(uid=uid, sequence=sequence))
    check_rfc5545(data)
    _, event = parse(data)
    assert event["UID"] == uid
    assert event.decoded("SEQUENCE") == sequence
    card = vobject.readOne(data.decode("utf-8"))
    assert card.vevent.uid.value == uid
    assert int(card.vevent.sequence.value) == sequence


# --- text: folding, umlauts, escaping -----------------------------------------------------------


def test_long_german_text_is_folded_at_75_octets_and_comes_back_intact() -> None:
    title = "Fachtag „Inklusion vor Ort“ – Teilhabe, Barrierefreiheit; Beteiligung in Städten"
    entry = make_entry(title=title, description=LONG_DESCRIPTION, agenda=())
    data = event_calendar(entry)
    check_rfc5545(data)

    physical = data.split(b"\r\n")
    assert physical[-1] == b""
    for line in physical[:-1]:
        assert len(line) <= 75, line
        line.decode("utf-8")  # no character is cut in two at a fold
        assert b"\n" not in line and b"\r" not in line
    assert any(line.startswith(b" ") for line in physical), "nothing was folded"

    expected = LONG_DESCRIPTION + "\n\nWeitere Informationen: https://www.staedtetag-bw.de/inklusion"
    _, event = parse(data)
    assert event["DESCRIPTION"] == expected
    assert event["SUMMARY"] == title
    card = vobject.readOne(data.decode("utf-8"))
    assert card.vevent.description.value == expected
    assert card.vevent.summary.value == title


def test_the_file_is_utf8_with_crlf_and_no_byte_order_mark() -> None:
    data = event_calendar(make_entry())
    assert data.startswith(b"BEGIN:VCALENDAR\r\n")
    assert data.endswith(b"END:VCALENDAR\r\n")
    assert data.count(b"\n") == data.count(b"\r\n")
    assert "Städtetag Baden-Württemberg".encode() in data


def test_no_extension_properties() -> None:
    before_1996 = datetime(1990, 10, 10, 10, tzinfo=BERLIN)
    for entry in (
        make_entry(),
        make_entry(all_day=True),
        make_entry(starts_at=before_1996, ends_at=None),  # icalendar's generated time zone
    ):
        for line in unfolded(event_calendar(entry)):
            assert not line.upper().startswith("X-"), line
            assert ";X-" not in line.split(":", 1)[0].upper(), line


def test_line_breaks_in_one_line_fields_are_flattened() -> None:
    entry = make_entry(
        title="Werkstattgespräch\nInklusive   Quartiere",
        location_name="Stadthaus Ulm\r\n",
        room="  ",
        location_address=("Münsterplatz 50", "", "89073\nUlm"),
    )
    _, event = parse(event_calendar(entry))
    assert event["SUMMARY"] == "Werkstattgespräch Inklusive Quartiere"
    assert event["LOCATION"] == "Stadthaus Ulm, Münsterplatz 50, 89073 Ulm"


def test_commas_semicolons_and_backslashes_survive() -> None:
    title = r"Teilhabe, Inklusion; Barrierefreiheit \ Vernetzung"
    data = event_calendar(make_entry(title=title))
    assert r"SUMMARY:Teilhabe\, Inklusion\; Barrierefreiheit \\ Vernetzung" in unfolded(data)
    _, event = parse(data)
    assert event["SUMMARY"] == title
    assert vobject.readOne(data.decode("utf-8")).vevent.summary.value == title


def test_a_double_quote_in_the_organizer_name_does_not_break_the_parameter() -> None:
    data = event_calendar(make_entry(organizer_name='Stabsstelle "Inklusion": Städtetag'))
    check_rfc5545(data)
    _, event = parse(data)
    assert event["ORGANIZER"].params["CN"] == "Stabsstelle 'Inklusion': Städtetag"
    assert "^'" not in data.decode("utf-8")


# --- optional parts ----------------------------------------------------------------------------


def test_a_bare_event_leaves_out_what_it_does_not_have() -> None:
    entry = make_entry(
        location_name=None,
        location_address=(),
        room=None,
        description=None,
        agenda=(),
        organizer_email=None,
        url=None,
    )
    data = event_calendar(entry)
    check_rfc5545(data)
    _, event = parse(data)
    for name in ("LOCATION", "ORGANIZER", "URL"):
        assert name not in event
    # ORGANIZER needs an address; the name is kept where people read it.
    assert event["DESCRIPTION"] == "Veranstalter: Städtetag Baden-Württemberg"


def test_only_the_agenda_makes_the_description() -> None:
    entry = make_entry(description="  \n", url=None, agenda=make_entry().agenda[:1])
    _, event = parse(event_calendar(entry))
    assert event["DESCRIPTION"] == (
        "Programm:\n10:00–10:30 Begrüßung (Oberbürgermeister Gunter Czisch)"
    )


@pytest.mark.parametrize(
    ("line", "text"),
    [
        (AgendaLine(time(10), time(10, 30), "Begrüßung", "Oberbürgermeister Gunter Czisch"),
         "10:00–10:30 Begrüßung (Oberbürgermeister Gunter Czisch)"),
        (AgendaLine(time(9, 5), None, "Ankommen", None), "09:05 Ankommen"),
        (AgendaLine(None, time(16), "Ausklang", None), "bis 16:00 Ausklang"),
        (AgendaLine(None, None, "Austausch\nin Gruppen", " "), "Austausch in Gruppen"),
    ],
)
def test_agenda_lines_read_as_german_text(line: AgendaLine, text: str) -> None:
    assert line.text() == text
    assert AgendaLine.from_dict(json.loads(json.dumps(line.to_dict()))) == line


# --- the entry guards its contract ---------------------------------------------------------------


@pytest.mark.parametrize(
    "changes",
    [
        {"starts_at": datetime(2017, 10, 29, 10, 0)},
        {"ends_at": datetime(2017, 10, 29, 16, 0)},
        {"stamp": datetime(2017, 9, 1, 7, 30)},
        {"ends_at": datetime(2017, 10, 29, 9, 0, tzinfo=BERLIN)},
        {"sequence": -1},
        {"uid": " "},
        {"uid": "a\r\nb"},
        {"title": ""},
        {"status": "postponed"},
    ],
)
def test_entries_that_cannot_make_a_correct_file_are_refused(changes: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        make_entry(**changes)


@pytest.mark.parametrize(
    "entry",
    [
        make_entry(),
        make_entry(all_day=True, ends_at=datetime(2017, 10, 31, tzinfo=BERLIN)),
        make_entry(status=EventStatus.CANCELLED, organizer_email=None, url=None),
        make_entry(starts_at=datetime(2037, 12, 31, 23, 0, tzinfo=BERLIN), ends_at=None),
        make_entry(starts_at=datetime(1985, 7, 1, 10, 0, tzinfo=BERLIN), ends_at=None),
    ],
    ids=["timed", "all-day", "cancelled-bare", "2037", "1985"],
)
def test_every_kind_of_file_passes_the_structural_check(entry: EventCalendarEntry) -> None:
    data = event_calendar(entry)
    check_rfc5545(data)
    # PUBLISH (RFC 5546 3.2.1) further requires DTSTART and SUMMARY, and ORGANIZER if it can.
    _, event = parse(data)
    assert "SUMMARY" in event and "DTSTART" in event
    assert ("ORGANIZER" in event) == (entry.organizer_email is not None)


def test_if_zoneinfo_drops_the_clock_change_the_file_follows_zoneinfo(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Should the EU abolish summer time, tzdata changes and the fixed rules would be wrong."""
    from zoneinfo import ZoneInfo

    from beratung.interchange import icalendar_io

    monkeypatch.setattr(icalendar_io, "OFFICE_TIME_ZONE", ZoneInfo("Africa/Lagos"))  # +01 all year
    july = datetime(2030, 7, 1, 10, tzinfo=UTC)
    zone = icalendar_io.office_time_zone(july, july)
    assert zone["TZID"] == "Europe/Berlin"
    assert "RRULE" not in zone.to_ical().decode()
    assert "COMMENT" not in zone
    assert july.astimezone(zone.to_tz(lookup_tzid=False)).utcoffset() == timedelta(hours=1)


@pytest.mark.parametrize(
    ("old", "new", "complaint"),
    [
        ("TRANSP:OPAQUE", "TRANSP:OPAQUE\r\nX-MICROSOFT-CDO-BUSYSTATUS:BUSY", "X- property"),
        ("SEQUENCE:3\r\n", "SEQUENCE:3\r\nSEQUENCE:4\r\n", "SEQUENCE 2 times"),
        ("UID:", "COMMENT:", "lacks UID"),
        ("TZID=Europe/Berlin:", "TZID=Europe/Paris:", "undeclared TZID"),
        ("DTSTAMP:20170901T073015Z", "DTSTAMP:20170901T093015", "DTSTAMP must be UTC"),
        ("STATUS:CONFIRMED", "STATUS:NEEDS-ACTION", "STATUS"),
        ("END:VTIMEZONE\r\n", "", "unbalanced"),
        ("BEGIN:VCALENDAR\r\n", "BEGIN:VCALENDAR\n", "CRLF expected"),
    ],
)
def test_the_checker_catches_what_it_claims_to(old: str, new: str, complaint: str) -> None:
    good = event_calendar(make_entry()).decode("utf-8")
    assert old in good
    bad = good.replace(old, new).encode("utf-8")
    with pytest.raises(AssertionError, match=re.escape(complaint)):
        check_rfc5545(bad)
