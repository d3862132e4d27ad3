"""The order of the topic and programme choices (entry form, Beratungen filter): last used first,
read from the newest consultations only, so that opening Beratungen stays fast at any size."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from beratung.domain.contacts import Person
from beratung.domain.enums import ConsultationMode
from beratung.domain.work import Programme
from beratung.services.base import ServiceContext
from beratung.services.consultations import ConsultationDraft, ConsultationService, entry

BERLIN = ZoneInfo("Europe/Berlin")


def _record(services: Any, day: date, topics: tuple[str, ...], programme: int | None) -> None:
    with services.db.transaction() as s:
        person = Person(first_name="Anna", last_name="Muster")
        s.add(person)
        s.flush()
        person_id = person.id
    services.consultations.create_consultation(
        ConsultationDraft(
            occurred_at=datetime(day.year, day.month, day.day, 10, 0, tzinfo=BERLIN),
            mode=ConsultationMode.PHONE,
            new_topic_names=topics,
            programme_id=programme,
            person_ids=(person_id,),
        )
    )


@pytest.fixture
def programmes(services: Any) -> dict[str, int]:
    with services.db.transaction() as s:
        made = {
            name: Programme(name=name, deadline=deadline)
            for name, deadline in (
                ("Quartier 2020", date(2020, 7, 31)),
                ("Inklusion vor Ort", date(2018, 3, 31)),
                ("Ohne Frist", None),
                ("Alte Runde", date(2015, 1, 31)),
            )
        }
        s.add_all(made.values())
        s.flush()
        return {name: p.id for name, p in made.items()}


def test_topics_come_last_used_first_then_alphabetically(services: Any) -> None:
    svc = services.consultations
    _record(services, date(2017, 3, 1), ("Wohnen", "Bildung"), None)
    _record(services, date(2017, 6, 1), ("Mobilität",), None)
    _record(services, date(2017, 4, 1), ("Arbeit",), None)
    # recorded last but oldest: the date decides, not the order of recording
    _record(services, date(2016, 1, 1), ("Zuhause",), None)
    svc.create_topic("Unbenutzt")
    svc.create_topic("Archiv")
    inactive = svc.create_topic("Alt")
    svc.set_topic_active(inactive.id, False)

    names = [t.name for t in svc.recent_topics(limit=20)]
    # "Wohnen" and "Bildung" share a date: alphabetical between them
    assert names == ["Mobilität", "Arbeit", "Bildung", "Wohnen", "Zuhause", "Archiv", "Unbenutzt"]
    assert [t.name for t in svc.draft_blank().topic_choices] == names
    assert [t.name for t in svc.recent_topics(limit=2)] == ["Mobilität", "Arbeit"]
    assert svc.recent_topics(limit=0) == []


def test_topics_outside_the_window_of_newest_consultations_count_as_unused(
    services: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only the newest RECENT_WINDOW consultations decide what was used recently; older topics
    follow alphabetically, like unused ones."""
    monkeypatch.setattr(entry, "RECENT_WINDOW", 2)
    svc = services.consultations
    _record(services, date(2015, 1, 1), ("Zuhause",), None)
    _record(services, date(2015, 2, 1), ("Bildung",), None)
    _record(services, date(2017, 1, 1), ("Wohnen",), None)
    _record(services, date(2017, 5, 1), ("Mobilität",), None)
    svc.create_topic("Archiv")
    assert [t.name for t in svc.recent_topics(limit=20)] == [
        "Mobilität",
        "Wohnen",
        "Archiv",
        "Bildung",
        "Zuhause",
    ]


def test_programmes_come_last_used_first_then_by_deadline(
    services: Any, programmes: dict[str, int]
) -> None:
    svc = services.consultations
    _record(services, date(2017, 2, 1), ("Wohnen",), programmes["Inklusion vor Ort"])
    _record(services, date(2017, 9, 1), ("Wohnen",), programmes["Quartier 2020"])
    _record(services, date(2016, 2, 1), ("Wohnen",), programmes["Quartier 2020"])
    _record(services, date(2017, 10, 1), ("Wohnen",), None)
    assert [p.name for p in svc.recent_programmes(limit=10)] == [
        "Quartier 2020",
        "Inklusion vor Ort",
        "Alte Runde",  # never used: newest deadline first, without a deadline last
        "Ohne Frist",
    ]
    # the entry form offers the last used programme while it is open for applications
    in_2018 = datetime(2018, 1, 8, 9, 0, tzinfo=BERLIN)
    context: ServiceContext = dataclasses.replace(services.context, clock=lambda: in_2018)
    blank = ConsultationService(context).draft_blank()
    assert blank.draft.programme_id == programmes["Quartier 2020"]
