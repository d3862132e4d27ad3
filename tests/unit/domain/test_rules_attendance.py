"""The rules of the event lists and certificates: hours without breaks, topics, the
certificate's sentence (``documents.md``), the municipality order."""

from __future__ import annotations

from datetime import UTC, datetime, time

from beratung.domain.enums import EventKind
from beratung.domain.rules.attendance import (
    attendance_minutes,
    certificate_sentence,
    event_phrase,
    format_hours,
    is_break,
    is_topic,
    municipality_key,
)
from beratung.domain.rules.dates import OFFICE_TIME_ZONE

BERLIN = OFFICE_TIME_ZONE


def test_hours_leave_out_the_breaks_inside_the_event() -> None:
    lunch = (time(12, 30), time(13, 30))
    assert attendance_minutes(time(10), time(16), [lunch]) == 300
    assert attendance_minutes(time(10), time(12), [lunch]) == 120
    assert attendance_minutes(time(13), time(16), [lunch]) == 150  # half the break inside
    assert attendance_minutes(time(16), time(10)) == 0
    assert format_hours(300) == "5 Zeitstunden"
    assert format_hours(330) == "5,5 Zeitstunden"
    assert format_hours(60) == "1 Zeitstunde"


def test_breaks_and_welcomes_are_no_topics() -> None:
    assert is_break("Mittagspause") and is_break("Kaffeepause") and is_break("Mittagessen")
    assert not is_break("Praxisberichte aus den Kommunen")
    assert not is_topic("Begrüßung") and not is_topic("Grußwort des Oberbürgermeisters")
    assert not is_topic("Mittagspause")
    assert is_topic("Arbeitsgruppen: Beteiligung, Barrierefreiheit, Finanzierung")


def test_the_event_is_named_once() -> None:
    assert event_phrase(EventKind.WORKSHOP, "Werkstattgespräch Inklusive Quartiere") == (
        "am Werkstattgespräch „Inklusive Quartiere“"
    )
    assert event_phrase(EventKind.WORKSHOP, "Werkstattgespräch") == "am Werkstattgespräch"
    assert event_phrase(EventKind.CONFERENCE, "Inklusion vor Ort") == (
        "am Fachtag „Inklusion vor Ort“"
    )
    assert event_phrase(EventKind.OTHER, "Sommerfest") == "an der Veranstaltung „Sommerfest“"


def test_the_sentence_of_documents_md() -> None:
    sentence = certificate_sentence(
        person="Frau Dr. Anna Beispiel",
        organisation="Stadt Ulm",
        # Stored in UTC, printed in the office's time zone.
        starts_at=datetime(2017, 10, 25, 8, 0, tzinfo=UTC),
        ends_at=datetime(2017, 10, 25, 14, 0, tzinfo=UTC),
        town="Ulm",
        phrase=event_phrase(EventKind.WORKSHOP, "Werkstattgespräch Inklusive Quartiere"),
        minutes=300,
    )
    assert sentence == (
        "Frau Dr. Anna Beispiel, Stadt Ulm, hat am Mittwoch, 25. Oktober 2017, in Ulm am "
        "Werkstattgespräch „Inklusive Quartiere“ teilgenommen (10:00–16:00 Uhr, "
        "5 Zeitstunden)."
    )


def test_sentences_without_organisation_end_or_over_two_days() -> None:
    start = datetime(2017, 10, 25, 10, 0, tzinfo=BERLIN)
    assert certificate_sentence(
        person="Alex Beispiel", organisation=None, starts_at=start, ends_at=None, town=None,
        phrase="am Fachtag", minutes=None,
    ) == "Alex Beispiel hat am Mittwoch, 25. Oktober 2017, am Fachtag teilgenommen (ab 10:00 Uhr)."
    assert certificate_sentence(
        person="Alex Beispiel", organisation="Stadt Ulm", starts_at=start,
        ends_at=datetime(2017, 10, 26, 12, 0, tzinfo=BERLIN), town="Ulm",
        phrase="am Fachtag", minutes=None,
    ) == ("Alex Beispiel, Stadt Ulm, hat vom Mittwoch, 25. Oktober 2017, bis Donnerstag, "
          "26. Oktober 2017, in Ulm am Fachtag teilgenommen.")


def test_municipality_order_uses_the_town_and_puts_nothing_last() -> None:
    keys = sorted([
        municipality_key("Stadt Ulm", "Ulm"),
        municipality_key("Gemeinde Öhningen", "Öhningen"),
        municipality_key(None, None),
        municipality_key("Hochschule Esslingen", "Esslingen am Neckar"),
    ])
    assert keys == ["esslingen am neckar", "ohningen", "ulm", "\uffff"]
