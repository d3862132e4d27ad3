"""German alphabetical order (DIN 5007-1): umlauts as base letters, particles behind the name."""

from __future__ import annotations

from beratung.domain.rules.sorting import name_sort_key, sort_key, split_particle


def _sorted(*names: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    return sorted(names, key=lambda n: sort_key(*n))


def test_umlauts_sort_as_their_base_letter_not_after_z() -> None:
    assert _sorted(("Zimmermann", "Zoe"), ("Özdemir", "Cem"), ("Abel", "Udo")) == [
        ("Abel", "Udo"),
        ("Özdemir", "Cem"),
        ("Zimmermann", "Zoe"),
    ]
    assert sort_key("Özdemir", "Cem") == "ozdemir,cem"
    assert sort_key("Straße") == sort_key("STRASSE") == "strasse"


def test_mueller_spelt_with_ue_sorts_before_mueller_with_umlaut() -> None:
    assert _sorted(("Müller", "Anna"), ("Mueller", "Hans"), ("Muller", "Bea")) == [
        ("Mueller", "Hans"),
        ("Müller", "Anna"),
        ("Muller", "Bea"),
    ]


def test_particles_move_behind_the_last_name() -> None:
    assert split_particle("von Bülow") == ("von", "Bülow")
    assert split_particle("van  der Meer") == ("van der", "Meer")
    assert split_particle("von") == ("", "von")
    assert split_particle("Van Dyck") == ("", "Van Dyck")  # capitalised: part of the name
    assert sort_key("von Bülow", "Anna") == "bulow,anna,von"
    assert _sorted(("von Bülow", "Anna"), ("Zeller", None), ("Bülow", "Anna"), ("Busch", "A")) == [
        ("Bülow", "Anna"),
        ("von Bülow", "Anna"),
        ("Busch", "A"),
        ("Zeller", None),
    ]


def test_the_last_name_decides_first_word_by_word() -> None:
    assert _sorted(
        ("Müllerová", "Eva"), ("Müller-Lüdenscheidt", "Al"), ("Müller", "Zoe"), ("Müller", None)
    ) == [("Müller", None), ("Müller", "Zoe"), ("Müller-Lüdenscheidt", "Al"), ("Müllerová", "Eva")]


def test_organisation_names() -> None:
    names = ["Gemeinde Zaisenhausen", "Gemeinde Öhningen", "gemeinde Aach", "Gemeinde-Verband"]
    # a hyphen counts as a space (DIN 5007-1), case does not count
    assert sorted(names, key=name_sort_key) == [
        "gemeinde Aach",
        "Gemeinde Öhningen",
        "Gemeinde-Verband",
        "Gemeinde Zaisenhausen",
    ]
