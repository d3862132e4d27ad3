"""German alphabetical order (DIN 5007-1): umlauts as base letters, particles behind the name."""

from __future__ import annotations

import functools
import importlib.util
from types import ModuleType

from hypothesis import given
from hypothesis import strategies as st

from beratung.domain.rules.sorting import name_sort_key, sort_key, split_particle
from beratung.storage import migrate


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


@functools.cache
def _revision(name: str) -> ModuleType:
    path = next(migrate.versions_dir().glob(f"{name}_*.py"))
    spec = importlib.util.spec_from_file_location(f"revision_{name}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_name = st.text(alphabet=st.sampled_from("aäoöuüßAÄÖÜzZé -'.von der"), max_size=20)


@given(_name, st.none() | _name, _name)
def test_migration_0005_writes_the_keys_the_services_write(
    last: str, first: str | None, organisation: str
) -> None:
    """Rows filled by the frozen copy in 0005 and rows saved later must sort together. When the
    rule changes, a new revision refills the keys and this test follows it."""
    revision = _revision("0005")
    assert revision._person_key(last, first) == sort_key(last, first)
    assert revision._organisation_key(organisation) == name_sort_key(organisation)
