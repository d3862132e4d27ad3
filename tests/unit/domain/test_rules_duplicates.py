"""Duplicate detection as pure rules: evidence, score, reason, and the blocking behind it."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from beratung.domain.rules.duplicates import (
    NO_TOWN,
    SAME_EMAIL_SCORE,
    SAME_NAME_SCORE,
    DuplicateItem,
    DuplicatePair,
    duplicate_pairs,
    email_key,
    name_text,
    organisation_label,
    organisation_places,
    person_places,
    similarity,
)


def _item(
    ident: int,
    name: str,
    *places: str,
    email: str | None = None,
    label: str | None = None,
) -> DuplicateItem:
    return DuplicateItem(
        id=ident, label=label or name.title(), name=name, email=email, places=places
    )


def _pairs(*items: DuplicateItem) -> dict[tuple[int, int], DuplicatePair]:
    return {(p.first_id, p.second_id): p for p in duplicate_pairs(items, "Ort")}


def test_same_email_is_the_strongest_evidence_and_ignores_case() -> None:
    found = _pairs(
        _item(1, "anna muller", "Ulm", email="Anna@Ulm.de"),
        _item(2, "hans weber", "Stuttgart", email="anna@ulm.DE"),
    )
    assert list(found) == [(1, 2)]
    assert found[(1, 2)].score == SAME_EMAIL_SCORE == 1.0
    assert found[(1, 2)].reason == "gleiche E-Mail-Adresse (anna@ulm.de)"


def test_same_name_counts_only_in_the_same_place() -> None:
    found = _pairs(
        _item(1, "anna muller", "Ulm"),
        _item(2, "anna muller", "Ulm"),
        _item(3, "anna muller", "Stuttgart"),
    )
    assert list(found) == [(1, 2)]
    assert found[(1, 2)].score == SAME_NAME_SCORE
    assert found[(1, 2)].reason == "gleicher Name und gleiche(r) Ort (Ulm)"


def test_a_pair_keeps_its_strongest_evidence_once() -> None:
    found = _pairs(
        _item(2, "anna muller", "Ulm", email="a@ulm.de"),
        _item(1, "anna muller", "Ulm", email="a@ulm.de"),
    )
    assert list(found) == [(1, 2)]  # the smaller id first, whatever the input order
    assert found[(1, 2)].score == 1.0
    assert found[(1, 2)].first_label == "Anna Muller"


def test_similar_spelling_in_the_same_place_scores_below_an_exact_name() -> None:
    found = _pairs(
        _item(1, "anna mueller", "Ulm", label="Anna Mueller"),
        _item(2, "anna muellr", "Ulm", label="Anna Muellr"),
        _item(3, "anna muellr", "Biberach", label="Anna Muellr"),
    )
    assert list(found) == [(1, 2)]
    pair = found[(1, 2)]
    assert 0.81 <= pair.score < SAME_NAME_SCORE
    assert pair.reason == (
        "ähnliche Schreibweise (Anna Mueller / Anna Muellr) und gleiche(r) Ort (Ulm)"
    )


def test_a_typo_in_the_first_letter_is_still_found_through_the_last_two() -> None:
    found = _pairs(_item(1, "xbcdefghij", "Ulm"), _item(2, "abcdefghij", "Ulm"))
    assert list(found) == [(1, 2)]


def test_short_names_and_different_names_are_not_paired() -> None:
    assert _pairs(_item(1, "al", "Ulm"), _item(2, "ali", "Ulm")) == {}
    assert _pairs(_item(1, "anna muller", "Ulm"), _item(2, "hans weber", "Ulm")) == {}
    assert _pairs(_item(1, "", "Ulm"), _item(2, "", "Ulm")) == {}  # nothing to compare


def test_best_score_first_then_by_label() -> None:
    pairs = duplicate_pairs(
        [
            _item(1, "berta", "Ulm", label="Berta"),
            _item(2, "berta", "Ulm", label="Berta"),
            _item(3, "zora", "Ulm", email="z@x.de", label="Zora"),
            _item(4, "otto", "Aalen", email="z@x.de", label="Otto"),
            _item(5, "anton", "Ulm", label="Anton"),
            _item(6, "anton", "Ulm", label="Anton"),
        ],
        "Ort",
    )
    assert [(p.first_id, p.second_id) for p in pairs] == [(3, 4), (5, 6), (1, 2)]


def test_similarity_needs_the_threshold() -> None:
    assert similarity("maierhofer", "meierhofer") == 0.9
    assert similarity("maier", "meier") is None  # 0.8: too different for a short name
    assert similarity("abc", "xyz") is None


def test_keys_places_and_labels() -> None:
    assert name_text("Anna", None, "Müller") == "Anna Müller"
    assert name_text(None, "") == ""
    assert email_key("Anna@Ulm.DE") == "anna@ulm.de"
    assert email_key("") is None and email_key(None) is None
    assert person_places("Ulm", [("Stadt Ulm", "Ulm"), ("Landratsamt", None)]) == (
        "Ulm",
        "Stadt Ulm",
        "Landratsamt",
    )
    assert person_places(None, []) == ()
    assert organisation_places("Ulm") == ("Ulm",)
    assert organisation_places(None) == (NO_TOWN,)
    assert organisation_label("Stadt Ulm", "Ulm") == "Stadt Ulm (Ulm)"
    assert organisation_label("Stadt Ulm", None) == "Stadt Ulm"


_names = st.text(alphabet="abcdeimnorstu ", min_size=0, max_size=12)
_items = st.lists(
    st.builds(
        DuplicateItem,
        id=st.integers(min_value=1, max_value=10_000),
        label=_names,
        name=_names,
        email=st.sampled_from([None, "a@x.de", "B@x.de", "b@x.de"]),
        places=st.lists(st.sampled_from(["Ulm", "Aalen"]), max_size=2).map(tuple),
    ),
    max_size=12,
    unique_by=lambda item: item.id,
)


@settings(max_examples=200)
@given(_items)
def test_every_pair_is_reported_once_ordered_and_justified(items: list[DuplicateItem]) -> None:
    pairs = duplicate_pairs(items, "Ort")
    keys = [(p.first_id, p.second_id) for p in pairs]
    assert len(keys) == len(set(keys))
    assert all(a < b for a, b in keys)
    assert [(-p.score, p.first_label, p.first_id) for p in pairs] == sorted(
        (-p.score, p.first_label, p.first_id) for p in pairs
    )
    by_id = {item.id: item for item in items}
    for pair in pairs:
        a, b = by_id[pair.first_id], by_id[pair.second_id]
        same_email = email_key(a.email) is not None and email_key(a.email) == email_key(b.email)
        shared_place = bool(set(a.places) & set(b.places))
        assert same_email or (shared_place and a.name and b.name)
        assert 0 < pair.score <= 1


@settings(max_examples=100)
@given(_items)
def test_the_result_does_not_depend_on_the_input_order(items: list[DuplicateItem]) -> None:
    def scores(seq: list[DuplicateItem]) -> dict[tuple[int, int], float]:
        return {(p.first_id, p.second_id): p.score for p in duplicate_pairs(seq, "Ort")}

    forward = scores(items)
    for permutation in itertools.islice(itertools.permutations(items), 3):
        assert scores(list(reversed(permutation))).keys() == forward.keys()


def test_a_record_never_pairs_with_itself() -> None:
    assert _pairs(_item(1, "anna", "Ulm", "Ulm", email="a@x.de")) == {}
