"""Leichte Sprache and e-mail rules of invitations: the built-in text follows the rules of
documents.md, the event block is worded for easy reading, who gets an e-mail draft."""

from __future__ import annotations

import re
from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest

from beratung.domain.enums import ContactRoute
from beratung.domain.rules.easy_language import (
    DEFAULT_EASY_INVITATION_BODY,
    DEFAULT_EASY_INVITATION_MAIL_BODY,
    DEFAULT_EASY_INVITATION_MAIL_SUBJECT,
    DEFAULT_EASY_INVITATION_SUBJECT,
    abbreviations_in,
    easy_accessibility,
    easy_agenda,
    easy_place,
    easy_time,
    easy_when,
    statements,
    without_abbreviations,
)
from beratung.domain.rules.invitation_mail import (
    DEFAULT_INVITATION_MAIL_BODY,
    DEFAULT_INVITATION_MAIL_SUBJECT,
    goes_by_email,
)
from beratung.domain.rules.invitations import AgendaLine, VenueFacts
from beratung.domain.rules.templates import check_template

BERLIN = ZoneInfo("Europe/Berlin")


def test_the_built_in_texts_are_valid_templates() -> None:
    for text in (DEFAULT_EASY_INVITATION_BODY, DEFAULT_EASY_INVITATION_SUBJECT,
                 DEFAULT_INVITATION_MAIL_BODY, DEFAULT_INVITATION_MAIL_SUBJECT,
                 DEFAULT_EASY_INVITATION_MAIL_BODY, DEFAULT_EASY_INVITATION_MAIL_SUBJECT):
        check_template(text)


@pytest.mark.parametrize("body", [DEFAULT_EASY_INVITATION_BODY,
                                  DEFAULT_EASY_INVITATION_MAIL_BODY])
def test_the_easy_text_has_one_statement_per_line_and_no_abbreviations(body: str) -> None:
    for line in body.splitlines():
        # At most one sentence end per line, and only at its end.
        assert not re.search(r"[.!?]\s+\S", line), line
        assert without_abbreviations(line) == line
        assert abbreviations_in(line) == []
        assert len(line) <= 60, line  # short lines
    assert "-\n" not in body


def test_times_in_easy_words() -> None:
    assert easy_time(time(10, 0)) == "10 Uhr"
    assert easy_time(time(9, 30)) == "9:30 Uhr"
    starts = datetime(2017, 10, 25, 10, 0, tzinfo=BERLIN)
    ends = datetime(2017, 10, 25, 16, 0, tzinfo=BERLIN)
    assert easy_when(starts, ends) == ("Mittwoch, 25. Oktober 2017", "10 Uhr bis 16 Uhr")
    assert easy_when(starts, None)[1] == "10 Uhr an"


def test_abbreviations_are_written_out_and_statements_split() -> None:
    assert without_abbreviations("Dr. Anna Beispiel, z. B. Hauptstr. 5") == (
        "Doktor Anna Beispiel, zum Beispiel Hauptstraße 5"
    )
    assert statements("Ab Hbf. mit Linie 1 fahren. Im 3. Stock klingeln! Fertig?") == [
        "Ab Hauptbahnhof mit Linie 1 fahren.", "Im 3. Stock klingeln!", "Fertig?",
    ]


def test_the_event_block_one_statement_per_line_and_unknowns_as_questions() -> None:
    venue = VenueFacts(name="Haus der Begegnung", room="Großer Saal", street="Grüner Hof 7",
                       postcode="89073", town="Ulm",
                       checklist={"lift": True, "accessible_wc": False})
    assert easy_place(venue).splitlines() == [
        "Haus der Begegnung", "Raum: Großer Saal", "Grüner Hof 7", "89073 Ulm",
    ]
    lines = easy_accessibility(venue).splitlines()
    assert lines[:2] == ["Es gibt einen Aufzug.", "Es gibt keine barrierefreie Toilette."]
    assert "Das wissen wir noch nicht:" in lines
    assert "Gibt es einen Ruheraum?" in lines
    assert easy_agenda([AgendaLine(time(10), time(10, 30), "Begrüßung", "Dr. Anna Beispiel")]
                       ) == "10 Uhr: Begrüßung\nMit: Doktor Anna Beispiel"
    assert easy_agenda([AgendaLine(time(11, 20), None, "Berichte", "A, Ulm; B, Tübingen")]
                       ).splitlines() == ["11:20 Uhr: Berichte", "Mit: A, Ulm", "B, Tübingen"]
    assert statements("Vom Bahnhof 15 Minuten; bitte vorher anmelden.") == [
        "Vom Bahnhof 15 Minuten.", "Bitte vorher anmelden.",
    ]


@pytest.mark.parametrize(("route", "address", "drafts", "expected"), [
    (ContactRoute.EMAIL, "a@example.org", True, True),
    (None, "a@example.org", True, True),  # no preference: e-mail when asked for drafts
    (ContactRoute.POST, "a@example.org", True, False),
    (ContactRoute.EMAIL, None, True, False),  # without an address: a letter
    (ContactRoute.EMAIL, "a@example.org", False, False),  # no drafts asked for: a letter
])
def test_who_gets_an_e_mail_draft(route: ContactRoute | None, address: str | None,
                                  drafts: bool, expected: bool) -> None:
    assert goes_by_email(route, address, drafts=drafts) is expected


def test_abbreviations_in_names_what_the_rule_would_write_out() -> None:
    assert abbreviations_in("Bitte ggf. z. B. die Nr. angeben, bzw. anrufen.") == [
        "z. B.", "bzw.", "ggf.", "Nr."]
    assert abbreviations_in("Am 25. Oktober um 10 Uhr.") == []
