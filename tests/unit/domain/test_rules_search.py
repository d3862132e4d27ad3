"""Search folding: umlauts, ß, accents and case do not stand between the user and the record."""

from __future__ import annotations

import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from beratung.domain.rules.search import (
    ascii_fold,
    fold,
    full_text_fold,
    full_text_transliterations,
    match_key,
    matches,
    query_terms,
    search_key,
    strip_accents,
    transliterate,
)


def finds(query: str, *record: str | None) -> bool:
    return matches(search_key(*record), query_terms(query))


@pytest.mark.parametrize("query", ["Müller", "Mueller", "muller", "MÜLLER", "mül", "MUEL", "ller"])
def test_mueller(query: str) -> None:
    assert finds(query, "Anna", "Müller")


@pytest.mark.parametrize("query", ["Müller", "mueller", "MUELLER"])
def test_stored_transliterated_name_found_by_umlaut(query: str) -> None:
    assert finds(query, "Anna", "Mueller")


@pytest.mark.parametrize("query", ["strasse", "Straße", "STRASSE", "STRAẞE", "königstr"])
def test_strasse(query: str) -> None:
    assert finds(query, "Königstraße 2")


@pytest.mark.parametrize("query", ["Großmann", "grossmann", "GROSSMANN"])
def test_grossmann(query: str) -> None:
    assert finds(query, "Großmann")


@pytest.mark.parametrize("query", ["Koenig", "könig", "konig", "KÖNIG"])
def test_koenig(query: str) -> None:
    assert finds(query, "König")


@pytest.mark.parametrize(
    ("query", "record"),
    [
        ("jose", "José"),
        ("Jose Garcia", "José García"),
        ("soren", "Søren"),
        ("lodz", "Łódź"),
        ("francois", "François"),
        ("0711 22921", "0711 22921-33"),
        ("baden-württemberg", "Städtetag Baden-Württemberg"),
        ("tuebingen", "Tübingen"),
        ("tubingen", "Tübingen"),
    ],
)
def test_other_foldings(query: str, record: str) -> None:
    assert finds(query, record)


def test_decomposed_umlauts_from_macos_input() -> None:
    decomposed = "Mu\u0308ller"
    assert finds("mueller", decomposed)
    assert finds(decomposed, "Müller")


@pytest.mark.parametrize(
    ("query", "record"),
    [
        ("strase", "Straße"),  # a single s is a typo, not a spelling (documented)
        ("Müller", "Muller"),  # stored without umlaut, typed with: not found (documented)
        ("Anna Schmidt", "Anna Müller"),
        ("ulm", "Stuttgart"),
    ],
)
def test_non_matches(query: str, record: str) -> None:
    assert not finds(query, record)


def test_every_term_must_match() -> None:
    key = search_key("Dr.", "Anna", "Müller", "Stadt Ulm", None, "")
    assert matches(key, query_terms("müller ulm"))
    assert matches(key, query_terms("ulm  Anna"))
    assert not matches(key, query_terms("müller stuttgart"))
    assert matches(key, query_terms(""))  # blank query: everything matches


def test_fold_and_transliterate() -> None:
    assert fold("Müller-Lüdenscheidt") == "muller ludenscheidt"
    assert transliterate("Müller-Lüdenscheidt") == "mueller luedenscheidt"
    assert fold("Straße") == transliterate("Straße") == "strasse"
    assert fold(None) == transliterate("") == ""
    assert fold("  Ärger!!  im   Büro ") == "arger im buro"


def test_search_key_is_deduplicated_and_compact() -> None:
    assert search_key("Anna", "Müller", "Stadt Ulm") == "anna muller mueller stadt ulm"
    assert search_key("Ulm", "ulm", "ULM") == "ulm"
    assert search_key(None, "") == ""


def test_query_terms() -> None:
    assert query_terms("Müller Ulm") == ["mueller", "ulm"]
    assert query_terms("Baden-Württemberg") == ["baden", "wuerttemberg"]
    assert query_terms("ulm ulm") == ["ulm"]
    assert query_terms("  %_\\ ") == []
    assert query_terms(None) == []


@given(st.text(max_size=40))
def test_terms_are_safe_for_like(query: str) -> None:
    for term in query_terms(query):
        assert term
        assert not set(term) & {"%", "_", "\\", " ", "'", '"'}
        assert term == term.casefold()


@given(st.lists(st.text(max_size=20), max_size=5))
def test_every_word_of_a_record_finds_the_record(parts: list[str]) -> None:
    key = search_key(*parts)
    for part in parts:
        assert matches(key, query_terms(part))
        assert matches(key, query_terms(fold(part)))
        assert matches(key, query_terms(part.upper())) or any(
            # upper() can change letters irreversibly ("ß" → "SS" is fine, "ŉ" → "ʼN" is not)
            ch.upper().lower() != ch.lower()
            for ch in part
        )


@given(st.text(max_size=30))
def test_fold_is_idempotent(text: str) -> None:
    assert fold(fold(text)) == fold(text)
    assert transliterate(transliterate(text)) == transliterate(text)


def test_speed_for_twenty_thousand_persons() -> None:
    """Not a benchmark (results are not asserted tightly), a guard against an accidental
    quadratic: building and matching 20,000 keys must stay far below a second."""
    people = [
        ("Dr.", f"Anna{i}", "Müller" if i % 2 else "Großmann", "Stadt Ulm", "Königstraße 2", None)
        for i in range(20_000)
    ]
    start = time.perf_counter()
    keys = [search_key(*p) for p in people]
    built = time.perf_counter() - start
    terms = query_terms("mueller ulm")
    start = time.perf_counter()
    hits = sum(matches(k, terms) for k in keys)
    matched = time.perf_counter() - start
    assert hits == 10_000
    assert built < 5.0
    assert matched < 1.0


def test_strip_accents_drops_marks_only() -> None:
    assert strip_accents("José Müller-Lüdenscheidt, Øresund") == "Jose Muller-Ludenscheidt, Øresund"
    assert strip_accents("Mu\u0308ller") == "Muller"  # decomposed umlaut


def test_full_text_fold_keeps_punctuation_for_the_tokenizer() -> None:
    """The terms of the full-text index: changing them needs a rebuild of the index."""
    assert full_text_fold("Förderstraße E-Mail JOSÉ Øresund") == "forderstrasse e-mail jose øresund"
    assert full_text_fold("GROẞ") == "gross"
    assert full_text_fold(None) == full_text_fold("") == ""


def test_full_text_transliterations_spell_umlaut_words_the_german_way() -> None:
    assert full_text_transliterations("Förderung der Bürger, förderung") == "buerger foerderung"
    assert full_text_transliterations("Straße ohne Umlaut") == ""
    assert full_text_transliterations(None) == ""


def test_match_key_makes_spellings_of_one_name_equal() -> None:
    assert match_key("Mössingen") == match_key("Moessingen") == match_key("mossingen")
    assert match_key("  Baden-Baden  ") == "baden-baden"
    assert match_key("Bauer") == match_key("Baur") == "baur"


def test_ascii_fold_spells_names_for_e_mail_addresses() -> None:
    assert ascii_fold("Jürgen Weiß") == "juergen weiss"
    assert ascii_fold("Müller-Lüdenscheidt") == "mueller-luedenscheidt"
    assert ascii_fold("Yılmaz") == "yilmaz"
    assert ascii_fold("Søren Ćosić") == "soren cosic"
