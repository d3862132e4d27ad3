"""Hostile values in a returned reply form (issue 14, deliver 8; damaged and random PDFs are in
``test_hostile_input.py`` and ``test_hostile_import.py``): whatever the fields hold, reading
the answer never raises, keeps no control, direction or zero-width characters, takes no text
longer than the limit and says in German which field it left out."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from beratung.domain.enums import NeedKind
from beratung.domain.reply_forms import (
    FIELD_ATTEND,
    FIELD_CODE,
    FIELD_COMPANIONS,
    FIELD_CONSENT,
    FIELD_DIET,
    FIELD_NEED_OTHER_TEXT,
    FIELD_REMARKS,
    MAX_COMPANIONS,
    REPLY_TEXT_LIMIT,
    need_field,
    read_answer,
)
from beratung.domain.rules.text import without_invisible

FEW = settings(deadline=None, max_examples=60, derandomize=True, database=None)
ENGLISH = re.compile(r"\b(the|is|not|invalid|error|value|field|string|too|long)\b", re.I)

NASTY = ["²", "٣", "-1", "1e3", " 7 ", "99999999999999999999", "\x00", "Mül\x07ler\u202e\u200b",
         "'); DROP TABLE registration;--", "=1+2", "x" * 100_000, "/Yes", "/Off", "/ja", "/nein"]
field_value = st.one_of(st.none(), st.sampled_from(NASTY), st.text(max_size=30))
names = st.sampled_from([FIELD_ATTEND, FIELD_CODE, FIELD_COMPANIONS, FIELD_CONSENT, FIELD_DIET,
                         FIELD_NEED_OTHER_TEXT, FIELD_REMARKS, need_field(NeedKind.OTHER),
                         need_field(NeedKind.STEP_FREE)])


@FEW
@given(st.dictionaries(names, field_value, max_size=9))
def test_any_field_values_read_as_an_answer_with_german_problems(
    values: dict[str, str | None]
) -> None:
    answer = read_answer(values)
    assert 0 <= answer.companions <= MAX_COMPANIONS
    texts = [answer.code, answer.remarks, *(details for _kind, details in answer.needs)]
    for text in texts:
        if text is not None:
            assert without_invisible(text) == text, repr(text[:60])
            assert len(text) <= REPLY_TEXT_LIMIT
    for problem in answer.problems:
        outside_quotes = re.sub(r"„[^“]*“", "", problem)
        assert not ENGLISH.search(outside_quotes), problem


def test_a_superscript_digit_is_no_crash_but_a_problem() -> None:
    """``"²".isdigit()`` is true and ``int("²")`` raises: this crashed the whole import."""
    answer = read_answer({FIELD_ATTEND: "/ja", FIELD_COMPANIONS: "²"})
    assert answer.companions == 0
    assert any("Begleitpersonen „²“" in problem for problem in answer.problems)


def test_an_overlong_remark_is_left_out_naming_the_field() -> None:
    answer = read_answer({FIELD_ATTEND: "/ja", FIELD_REMARKS: "x" * 100_000,
                          FIELD_DIET: "veg\u202ean\x07", FIELD_CONSENT: "/Yes"})
    assert answer.remarks is None
    assert any(p.startswith("Das Feld „Bemerkungen“ ist zu lang (100.000 Zeichen")
               for p in answer.problems)
    assert answer.needs == ((NeedKind.DIET, "vegan"),)
