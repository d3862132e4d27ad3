"""Every enum member has its own German word, also where two enums share a stored value."""

from __future__ import annotations

import enum

import pytest

from beratung.domain import enums
from beratung.domain.enums import ConsentMethod, ConsultationMode, NeedKind, OrganisationKind, label

ALL_ENUMS = [
    value
    for value in vars(enums).values()
    if isinstance(value, type)
    and issubclass(value, enum.Enum)
    and value.__module__ == enums.__name__
]


@pytest.mark.parametrize("enum_cls", ALL_ENUMS, ids=lambda e: e.__name__)
def test_every_member_has_a_label(enum_cls: type[enum.Enum]) -> None:
    for member in enum_cls:
        assert label(member).strip()


def test_members_with_the_same_value_keep_their_own_words() -> None:
    assert label(ConsultationMode.EMAIL) == "E-Mail"
    assert label(ConsentMethod.EMAIL) == "per E-Mail"
    assert label(OrganisationKind.OTHER) == "Sonstige"
    assert label(NeedKind.OTHER) == "Sonstiges"
