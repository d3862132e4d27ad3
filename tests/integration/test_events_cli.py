"""``beratung events list|show|invite|register|decline|attend|cancel|ics`` through
``beratung.cli.main`` (cli.md contract), on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar

from beratung.cli import main
from beratung.domain.enums import ConsentMethod, NeedKind, RegistrationStatus
from beratung.domain.rules.dates import OFFICE_TIME_ZONE, format_date_de
from beratung.services.contacts import AffiliationInput, OrganisationInput, PersonInput
from beratung.services.events.snapshots import AgendaItemInput, EventInput, VenueInput
from beratung.services.programmes import ProgrammeDraft

R = RegistrationStatus


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), OFFICE_TIME_ZONE)


@pytest.fixture
def scene(services: Any, database_url: str) -> dict[str, Any]:
    """Ulm with four people and one without any address; a Werkstattgespräch in two months
    (3 places, deadline a month ahead), one in the past, and one whose deadline has passed."""
    contacts = services.contacts
    ulm = contacts.create_organisation(
        OrganisationInput(name="Stadt Ulm", street="Marktplatz 1", postcode="89073", town="Ulm")
    ).id
    ids: dict[str, Any] = {"cli": ["--database-url", database_url]}
    for key, first, last, email in (
        ("anna", "Anna", "Müller", "anna.mueller@ulm.de"),
        ("ben", "Ben", "Becker", "ben@ulm.de"),
        ("cem", "Cem", "Yilmaz", "cem@ulm.de"),
        ("dora", "Dora", "Dietz", "dora@ulm.de"),
    ):
        ids[key] = contacts.create_person(
            PersonInput(last_name=last, first_name=first, email=email),
            affiliation=AffiliationInput(organisation_id=ulm, role="Sozialplanung"),
        ).id
    ids["ohne"] = contacts.create_person(PersonInput(last_name="Ohneanschrift")).id
    events = services.events
    venue = events.create_venue(
        VenueInput(
            name="Stadthaus Ulm",
            room="Saal",
            street="Münsterplatz 50",
            postcode="89073",
            town="Ulm",
            capacity=120,
            checklist={"step_free_access": True, "hearing_loop": False},
        )
    )
    today = services.context.today()
    day = today + timedelta(days=60)
    ids["day"] = day
    ids["upcoming"] = events.create_event(
        EventInput(
            title="Werkstattgespräch Ulm",
            starts_at=_at(day, 10),
            ends_at=_at(day, 16),
            series="Inklusive Quartiere",
            venue_id=venue.id,
            capacity=3,
            registration_deadline=today + timedelta(days=30),
        )
    ).id
    events.add_agenda_item(
        ids["upcoming"],
        AgendaItemInput(title="Begrüßung", starts_at=time(10), ends_at=time(10, 30)),
    )
    events.add_agenda_item(
        ids["upcoming"],
        AgendaItemInput(title="Quartiere im Gespräch", starts_at=time(10, 30), speaker="Co"),
    )
    ids["past"] = events.create_event(
        EventInput(
            title="Werkstattgespräch Ulm 2017",
            starts_at=_at(date(2017, 10, 25), 10),
            ends_at=_at(date(2017, 10, 25), 16),
            venue_id=venue.id,
            capacity=60,
        )
    ).id
    ids["late"] = events.create_event(
        EventInput(
            title="Fachtag Quartier",
            starts_at=_at(today + timedelta(days=90), 9),
            registration_deadline=today - timedelta(days=1),
        )
    ).id
    return ids


def run(scene: dict[str, Any], *argv: object) -> int:
    return main([*scene["cli"], *(str(a) for a in argv)])


def out_json(capsys: pytest.CaptureFixture[str]) -> Any:
    return json.loads(capsys.readouterr().out)


# --------------------------------------------------------------------------------------------
# list


def test_list_upcoming_then_past_as_a_table_and_as_json(
    scene: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(scene, "events", "register", scene["upcoming"], scene["anna"]) == 0
    capsys.readouterr()
    assert run(scene, "events", "list", "--json") == 0
    rows = out_json(capsys)
    assert [r["title"] for r in rows] == [
        "Werkstattgespräch Ulm",
        "Fachtag Quartier",
        "Werkstattgespräch Ulm 2017",
    ]
    assert [r["upcoming"] for r in rows] == [True, True, False]
    first = rows[0]
    assert set(first) == {
        "id",
        "title",
        "series",
        "kind",
        "starts_at",
        "ends_at",
        "status",
        "venue",
        "town",
        "capacity",
        "places_taken",
        "counts",
        "upcoming",
    }
    assert first["id"] == scene["upcoming"] and isinstance(first["id"], int)
    assert first["series"] == "Inklusive Quartiere" and first["kind"] == "workshop"
    assert first["starts_at"] == _at(scene["day"], 10).isoformat()  # office time, offset
    assert first["status"] == "planned" and first["capacity"] == 3
    assert first["places_taken"] == 1
    assert first["counts"] == {
        "invited": 0,
        "registered": 1,
        "declined": 0,
        "waitlisted": 0,
        "attended": 0,
        "no_show": 0,
        "total": 1,
    }
    assert rows[1]["capacity"] is None and rows[1]["ends_at"] is None

    assert run(scene, "events", "list") == 0
    out = capsys.readouterr().out
    assert out.index("Bevorstehend:") < out.index("Fachtag Quartier") < out.index("Vergangen:")
    assert out.index("Vergangen:") < out.index("25.10.2017 10:00")
    line = next(x for x in out.splitlines() if f"{scene['day']:%d.%m.%Y}" in x)
    assert "Stadthaus Ulm" in line and "1/3" in line and "1 angemeldet" in line
    assert "geplant" in line
    assert out.rstrip().endswith("3 Veranstaltungen.")


def test_an_empty_list(database_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--database-url", database_url, "events", "list"]) == 0
    assert capsys.readouterr().out == "Keine Veranstaltungen vorhanden.\n"
    assert main(["--database-url", database_url, "events", "list", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


# --------------------------------------------------------------------------------------------
# invite


def test_invite_persons_a_list_and_a_search(
    services: Any, scene: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    event = scene["upcoming"]
    assert (
        run(scene, "events", "invite", event, "--person", scene["anna"], "--person", scene["ohne"])
        == 0
    )
    out = capsys.readouterr().out
    assert "eingeladen: 2 Personen" in out
    assert f"Ohneanschrift (Nr. {scene['ohne']}): keine Postanschrift" in out
    assert f"Ohneanschrift (Nr. {scene['ohne']}): keine E-Mail-Adresse" in out

    dl = services.contacts.create_distribution_list("Netzwerk Quartier")
    services.contacts.add_list_members(dl.id, [scene["anna"], scene["ben"]])
    assert run(scene, "events", "invite", event, "--list", "netzwerk quartier") == 0
    out = capsys.readouterr().out
    assert "eingeladen: 1 Person." in out and "Schon auf der Liste (1): Anna Müller" in out

    assert run(scene, "events", "invite", event, "--search", "sozialplanung") == 0
    out = capsys.readouterr().out
    assert "eingeladen: 2 Personen" in out  # Cem and Dora; Anna and Ben were there already
    rows = services.events.list_registrations(event)
    assert len(rows) == 5 and {r.status for r in rows} == {R.INVITED}

    services.programmes.create_programme(ProgrammeDraft(name="Quartier 2020"))
    assert run(scene, "events", "invite", event, "--programme", "Quartier 2020") == 1
    assert capsys.readouterr().err == "Fehler: Der Filter findet niemanden.\n"
    assert run(scene, "events", "invite", event, "--list", "Unbekannt") == 1
    assert "Verteiler „Unbekannt“ gibt es nicht" in capsys.readouterr().err
    assert run(scene, "events", "invite", event, "--person", 99999) == 1
    assert "Die Person Nr. 99999 gibt es nicht" in capsys.readouterr().err
    assert len(services.events.list_registrations(event)) == 5


@pytest.mark.parametrize(
    "choice",
    [[], ["--list", "Netzwerk", "--person", "1"], ["--person", "1", "--search", "Ulm"]],
)
def test_invite_needs_exactly_one_way_of_choosing(
    scene: dict[str, Any], capsys: pytest.CaptureFixture[str], choice: list[str]
) -> None:
    with pytest.raises(SystemExit) as info:
        run(scene, "events", "invite", scene["upcoming"], *choice)
    assert info.value.code == 2
    assert "bitte genau eines angeben" in capsys.readouterr().err


# --------------------------------------------------------------------------------------------
# register, the waiting list, decline / cancel / attend


def test_the_waiting_list_and_moving_up_through_the_cli(
    services: Any, scene: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    event = scene["upcoming"]
    assert run(scene, "events", "register", event, scene["anna"], "--companions", 1) == 0
    out = capsys.readouterr().out
    assert out.startswith("Anna Müller ist zu „Werkstattgespräch Ulm“ angemeldet (2 Plätze, Code ")
    assert run(scene, "events", "register", event, scene["ben"], "--companions", 1) == 0
    out = capsys.readouterr().out
    assert "Ben Becker steht auf der Warteliste" in out
    assert "Hinweis: Die Veranstaltung ist ausgebucht: Platz 1 auf der Warteliste." in out
    assert run(scene, "events", "register", event, scene["cem"]) == 0
    out = capsys.readouterr().out
    assert "Platz 2 auf der Warteliste" in out  # one place is free, but nobody overtakes Ben

    assert run(scene, "events", "show", event, "--json") == 0
    shown = out_json(capsys)
    assert [(w["name"], w["position"], w["places"]) for w in shown["waiting_list"]] == [
        ("Ben Becker", 1, 2),
        ("Cem Yilmaz", 2, 1),
    ]
    assert shown["places_taken"] == 2 and shown["free_places"] == 1

    assert run(scene, "events", "decline", event, scene["anna"]) == 0
    out = capsys.readouterr().out
    assert "Anna Müller – „Werkstattgespräch Ulm“: abgesagt." in out
    assert "Von der Warteliste nachgerückt (bitte benachrichtigen):" in out
    assert f"Ben Becker, Stadt Ulm (Nr. {scene['ben']}, 2 Plätze)" in out
    assert f"Cem Yilmaz, Stadt Ulm (Nr. {scene['cem']}, 1 Platz)" in out

    assert run(scene, "events", "register", event, scene["dora"]) == 0
    assert "Dora Dietz steht auf der Warteliste" in capsys.readouterr().out
    assert run(scene, "events", "cancel", event, scene["cem"]) == 0
    out = capsys.readouterr().out
    assert "Cem Yilmaz – „Werkstattgespräch Ulm“: abgesagt." in out
    assert "Dora Dietz, Stadt Ulm" in out

    assert run(scene, "events", "attend", event, scene["ben"]) == 0
    out = capsys.readouterr().out
    assert out == "Ben Becker – „Werkstattgespräch Ulm“: teilgenommen.\n"
    rows = {r.name: r for r in services.events.list_registrations(event)}
    assert rows["Ben Becker"].status is R.ATTENDED
    assert rows["Dora Dietz"].status is R.REGISTERED and rows["Dora Dietz"].notify_pending
    assert rows["Anna Müller"].status is R.DECLINED and rows["Cem Yilmaz"].status is R.DECLINED

    # Registering twice is refused with the service's sentence.
    assert run(scene, "events", "register", event, scene["ben"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Fehler: Diese Person ist schon teilgenommen.")


def test_registering_after_the_deadline_says_so(
    scene: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(scene, "events", "register", scene["late"], scene["anna"]) == 0
    out = capsys.readouterr().out
    assert "Anna Müller ist zu „Fachtag Quartier“ angemeldet (1 Platz, Code " in out
    assert "Hinweis: Angemeldet nach dem Anmeldeschluss (" in out


def test_needs_are_refused_without_consent_and_nothing_is_stored(
    services: Any, scene: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    event = scene["upcoming"]
    argv = ["events", "register", event, scene["anna"], "--need", "wheelchair_place"]
    assert run(scene, *argv) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith(
        "Fehler: Bedarfe sind Gesundheitsdaten und werden nur mit Einwilligung gespeichert. "
        "Es wurde nichts gespeichert."
    )
    assert len(captured.err.strip().splitlines()) == 1
    # "Sonstiges" without words: refused as well, and the registration is not stored either.
    assert run(scene, *argv, "--need", "other", "--consent") == 1
    assert "Sonstiges" in capsys.readouterr().err
    assert services.events.list_registrations(event) == []

    assert (
        run(
            scene,
            *argv[:4],
            "--need",
            "ROLLSTUHLPLATZ",
            "--need",
            "Ernährung:vegetarisch",
            "--need",
            "sign_language",
            "--consent",
        )
        == 0
    )
    out = capsys.readouterr().out
    deletion = format_date_de(scene["day"] + timedelta(weeks=4))
    assert (
        "Bedarfe festgehalten: Rollstuhlplatz, Ernährung (vegetarisch), "
        "Gebärdensprachdolmetschung. Einwilligung: Anmeldeformular, "
        f"{format_date_de(services.context.today())}; gelöscht am {deletion}." in out
    )
    (row,) = services.events.list_registrations(event)
    detail = services.events.get_registration(row.id)
    assert [n.kind for n in detail.needs] == [
        NeedKind.WHEELCHAIR_PLACE,
        NeedKind.DIET,
        NeedKind.SIGN_LANGUAGE,
    ]
    assert detail.consent_method is ConsentMethod.FORM
    assert detail.consent_given_on == services.context.today()

    # The summary: counts and the deletion date, never a name.
    assert run(scene, "events", "show", event) == 0
    out = capsys.readouterr().out
    needs = out[out.index("Bedarfe") : out.index("Eingeladene")]
    assert f"Bedarfe (nur Anzahlen, ohne Namen, gelöscht am {deletion}):" in needs
    assert "Rollstuhlplatz: 1" in needs and "Angabe: vegetarisch" in needs
    assert "Müller" not in needs
    assert run(scene, "events", "show", event, "--json") == 0
    shown = out_json(capsys)
    assert shown["needs"] == {
        "counts": [
            {"kind": "sign_language", "label": "Gebärdensprachdolmetschung", "count": 1},
            {"kind": "wheelchair_place", "label": "Rollstuhlplatz", "count": 1},
            {"kind": "diet", "label": "Ernährung", "count": 1},
        ],
        "other_details": ["vegetarisch"],
        "delete_after": (scene["day"] + timedelta(weeks=4)).isoformat(),
    }
    assert "needs" not in shown["registrations"][0]


def test_a_bad_need_kind_is_refused_before_anything_happens(
    services: Any, scene: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    event = scene["upcoming"]
    assert run(scene, "events", "register", event, scene["anna"], "--need", "Rampe") == 1
    err = capsys.readouterr().err
    assert err.startswith("Fehler: Einen Bedarf „Rampe“ gibt es nicht; möglich sind: ")
    assert "step_free (stufenloser Zugang)" in err
    assert services.events.list_registrations(event) == []


def test_consent_without_needs_stores_no_consent(
    services: Any, scene: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(scene, "events", "register", scene["upcoming"], scene["anna"], "--consent") == 0
    assert "keine Einwilligung gespeichert" in capsys.readouterr().out
    (row,) = services.events.list_registrations(scene["upcoming"])
    assert services.events.get_registration(row.id).consent_method is None


# --------------------------------------------------------------------------------------------
# show


def test_show_in_words_and_as_json(
    services: Any, scene: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    event = scene["upcoming"]
    run(scene, "events", "invite", event, "--person", scene["dora"])
    for key in ("anna", "ben", "cem", "ohne"):
        run(scene, "events", "register", event, scene[key])
    capsys.readouterr()
    assert run(scene, "events", "show", event) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"Werkstattgespräch Ulm (Nr. {event})\n")
    assert "Art:            Werkstattgespräch, Reihe „Inklusive Quartiere“" in out
    assert f"Termin:         {format_date_de(scene['day'], 'weekday')}, 10:00–16:00 Uhr" in out
    assert "Ort:            Stadthaus Ulm, Saal, Münsterplatz 50, 89073 Ulm" in out
    assert "Plätze:         3 von 3 vergeben, 0 frei" in out
    deadline = format_date_de(services.context.today() + timedelta(days=30), "weekday")
    assert f"Anmeldeschluss: {deadline}" in out
    assert "10:00–10:30  Begrüßung" in out and "10:30        Quartiere im Gespräch (Co)" in out
    assert "Rückmeldungen: 3 angemeldet, 1 Warteliste, 1 eingeladen" in out
    assert "Warteliste:\n  1. Ohneanschrift (1 Platz)" in out
    assert "Bedarfe: keine angegeben" in out
    table = out[out.index("Eingeladene und Angemeldete") :].splitlines()
    assert table[1].split() == ["Nr.", "Name", "Organisation", "Stand", "Plätze", "Code"]
    assert table[2].startswith(f"  {scene['ohne']}") and "Warteliste (1)" in table[2]
    assert any("Anna Müller" in x and "Stadt Ulm" in x and "angemeldet" in x for x in table)

    assert run(scene, "events", "show", event, "--json") == 0
    shown = out_json(capsys)
    assert shown["id"] == event and shown["title"] == "Werkstattgespräch Ulm"
    assert shown["counts"]["registered"] == 3 and shown["counts"]["total"] == 5
    assert shown["venue"]["name"] == "Stadthaus Ulm"
    assert "Aufzug" in shown["venue"]["unchecked"]
    assert [a["title"] for a in shown["agenda"]] == ["Begrüßung", "Quartiere im Gespräch"]
    assert shown["agenda"][0]["starts_at"] == "10:00:00"
    assert (
        shown["registration_deadline"]
        == (services.context.today() + timedelta(days=30)).isoformat()
    )
    assert shown["needs"] == {"counts": [], "other_details": [], "delete_after": None}
    by_person = {r["person_id"]: r for r in shown["registrations"]}
    assert by_person[scene["dora"]]["status"] == "invited"
    assert by_person[scene["ohne"]]["waitlist_position"] == 1
    assert by_person[scene["ohne"]]["has_postal_address"] is False
    assert all(isinstance(r["id"], int) and r["code"] for r in shown["registrations"])


def test_show_an_event_without_venue_or_registrations(
    scene: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(scene, "events", "show", scene["late"]) == 0
    out = capsys.readouterr().out
    assert "Ort:            noch offen" in out
    assert "Plätze:         0 vergeben, ohne Obergrenze" in out
    assert "Tagesordnung: noch keine" in out
    assert out.rstrip().endswith("Noch niemand eingeladen oder angemeldet.")


# --------------------------------------------------------------------------------------------
# ics


def test_the_calendar_file_is_written_and_reads_back(
    services: Any, scene: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "termin.ics"
    assert run(scene, "events", "ics", scene["upcoming"], "--out", target) == 0
    assert capsys.readouterr().out == (
        f"Kalenderdatei für „Werkstattgespräch Ulm“ geschrieben: {target}\n"
    )
    calendar = Calendar.from_ical(target.read_bytes())
    (entry,) = calendar.walk("VEVENT")
    detail = services.events.get_event(scene["upcoming"])
    assert str(entry["UID"]) == detail.calendar_uid
    assert str(entry["SUMMARY"]) == "Werkstattgespräch Ulm"
    assert entry.decoded("DTSTART") == _at(scene["day"], 10)
    assert entry.decoded("DTEND") == _at(scene["day"], 16)
    assert "Stadthaus Ulm" in str(entry["LOCATION"])
    assert not list(tmp_path.glob(".termin.ics.*"))  # no temporary file left behind

    missing = tmp_path / "fehlt" / "termin.ics"
    assert run(scene, "events", "ics", scene["upcoming"], "--out", missing) == 1
    err = capsys.readouterr().err
    assert err.startswith("Fehler: Den Ordner ") and "gibt es nicht" in err
    assert not missing.parent.exists()
    assert run(scene, "events", "ics", scene["upcoming"], "--out", tmp_path / "termin.pdf") == 1
    assert "muss auf .ics enden" in capsys.readouterr().err


# --------------------------------------------------------------------------------------------
# Errors


@pytest.mark.parametrize(
    "argv",
    [
        ["show", "4711"],
        ["show", "4711", "--json"],
        ["register", "4711", "1"],
        ["decline", "4711", "1"],
        ["attend", "4711", "1"],
        ["cancel", "4711", "1"],
        ["invite", "4711", "--person", "1"],
        ["ics", "4711", "--out", "{tmp}/termin.ics"],
    ],
)
def test_an_unknown_event_is_one_german_sentence(
    scene: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    argv = [a.replace("{tmp}", str(tmp_path)) for a in argv]
    assert run(scene, "events", *argv) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == "Fehler: Die Veranstaltung Nr. 4711 gibt es nicht (mehr).\n"


def test_unknown_persons_and_steps_off_the_list(
    scene: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    event = scene["upcoming"]
    assert run(scene, "events", "register", event, 99999) == 1
    assert capsys.readouterr().err == "Fehler: Die Person Nr. 99999 gibt es nicht (mehr).\n"
    for step in ("decline", "attend", "cancel"):
        assert run(scene, "events", step, event, scene["anna"]) == 1
        assert capsys.readouterr().err == (
            "Fehler: Diese Person steht nicht auf der Liste der Veranstaltung.\n"
        )
    assert run(scene, "events", "register", event, scene["anna"], "--companions", 30) == 1
    assert "Begleitpersonen: eine Zahl von 0 bis 20." in capsys.readouterr().err


@pytest.mark.parametrize(
    "argv",
    [
        ["show"],
        ["show", "eins"],
        ["register", "1"],
        ["register", "1", "2", "--companions", "zwei"],
        ["ics", "1"],
        ["frobnicate"],
    ],
)
def test_wrong_usage_exits_with_2(
    scene: dict[str, Any], capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    with pytest.raises(SystemExit) as info:
        run(scene, "events", *argv)
    assert info.value.code == 2
    assert "Fehler:" in capsys.readouterr().err
