"""Hostile input in the consultation, follow-up, topic and press forms (issue 14, deliver 8):
whatever text comes, the stored value is clean (no control or direction characters) and within
its column, or the form refuses with a German ``ValidationError`` naming the field. Before,
the press editor passed a 100,000-character sub-line or file-plan code to the database
(PostgreSQL: bug dialog), kept a BEL in the headline, and a follow-up note or a consultation
summary could be any size."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from beratung.domain.errors import ValidationError
from beratung.domain.office import PressRelease
from beratung.domain.rules.text import without_invisible
from beratung.domain.work import Consultation, FollowUp, Topic
from beratung.services.consultations.recording import long_text
from beratung.services.consultations.topics import topic_name
from beratung.services.followups import follow_up_note
from beratung.services.limits import column_limit
from beratung.services.press import PressDraft, press_values

FEW = settings(deadline=None, max_examples=40, derandomize=True, database=None)

NASTY = [
    "'); DROP TABLE press_release;--",
    "=cmd|' /C calc'!A0",
    "Mül\x07ler\u202e\u200b\x1b",
    "\x00\x01\x02",
    "A" * 100_000,
    "\r\n\r\n",
    "${jndi:ldap://x}",
]
text_value = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=40),
    st.builds(lambda c, n: c * n, st.sampled_from("aÄ\u202e \n"), st.integers(100, 25_000)),
)
ENGLISH = re.compile(r"\b(the|is|not|invalid|error|value|field|string|too|long)\b", re.I)


def _clean_within(model: type, key: str, value: object) -> None:
    if isinstance(value, str):
        assert without_invisible(value) == value, repr(value[:80])
        limit = column_limit(model, key)
        assert limit is not None and len(value) <= limit, (key, len(value))


def _refusal(exc: ValidationError, field: str) -> None:
    assert exc.field == field, (field, exc.field, exc.message)
    assert exc.message.strip() and not ENGLISH.search(exc.message), exc.message


PRESS_TEXT = ("headline", "subline", "dateline_place", "body", "more_info", "contact_text",
              "file_plan_code")


@FEW
@given(st.sampled_from(PRESS_TEXT), text_value)
def test_the_press_editor_cleans_or_names_the_field(field: str, value: str) -> None:
    draft = PressDraft(**{"headline": "Inklusion vor Ort", "body": "Text.", field: value})
    try:
        values = press_values(draft)
    except ValidationError as exc:
        _refusal(exc, field)
        return
    for key, cleaned in values.items():
        _clean_within(PressRelease, key, cleaned)


@FEW
@given(text_value)
def test_a_follow_up_note_is_cleaned_or_refused(value: str) -> None:
    try:
        note = follow_up_note(value)
    except ValidationError as exc:
        _refusal(exc, "note")
        return
    _clean_within(FollowUp, "note", note)


@FEW
@given(st.sampled_from(("summary", "outcome")), text_value)
def test_a_consultations_long_texts_are_cleaned_or_refused(field: str, value: str) -> None:
    try:
        cleaned = long_text(value, field)
    except ValidationError as exc:
        _refusal(exc, field)
        return
    _clean_within(Consultation, field, cleaned)


@FEW
@given(st.sampled_from(("name", "new_topic_names")), text_value)
def test_a_topic_name_is_cleaned_or_refused(field: str, value: str) -> None:
    try:
        name = topic_name(value, field=field)
    except ValidationError as exc:
        _refusal(exc, field)
        return
    _clean_within(Topic, "name", name)


@pytest.mark.parametrize(("call", "field", "start"), [
    (lambda: press_values(PressDraft(headline="H", body="B", subline="x" * 401)), "subline",
     "Die Unterzeile ist zu lang"),
    (lambda: press_values(PressDraft(headline="H", body="B", file_plan_code="0" * 31)),
     "file_plan_code", "Das Aktenplanzeichen ist zu lang"),
    (lambda: follow_up_note("x" * 20_001), "note", "Die Notiz der Wiedervorlage ist zu lang"),
    (lambda: long_text("x" * 20_001, "summary"), "summary", "Die Zusammenfassung ist zu lang"),
])
def test_over_the_limit_is_refused_naming_the_field(
    call: Callable[[], Any], field: str, start: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        call()
    assert caught.value.field == field
    assert caught.value.message.startswith(start)


def test_control_characters_leave_the_headline_and_the_note() -> None:
    values = press_values(PressDraft(headline="Inklu\x07sion\u202e", body="Te\x1bxt"))
    assert (values["headline"], values["body"]) == ("Inklusion", "Text")
    assert follow_up_note("An\u200brufen\x07") == "Anrufen"
