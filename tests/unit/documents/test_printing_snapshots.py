"""Snapshots survive the database: to_dict() is JSON-safe and from_dict() gives them back equal."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from beratung.documents.samples import sample_letter, sample_press_release, sample_sender
from beratung.domain.printing import (
    AddressBlock,
    ClerkInfo,
    InformationBlock,
    LetterSnapshot,
    PressReleaseSnapshot,
    Sender,
    direct_dial,
)

LOGO = bytes(range(256)) + b"\x89PNG\r\n"


def _through_json(data: dict[str, object]) -> dict[str, object]:
    return json.loads(json.dumps(data, ensure_ascii=False))  # type: ignore[no-any-return]


def test_letter_round_trip_with_logo_and_all_information_entries() -> None:
    base = sample_letter("A")
    snapshot = dataclasses.replace(
        base,
        sender=dataclasses.replace(base.sender, logo=LOGO, logo_mime="image/png",
                                   footer_lines=("Zeile 1", "Zeile 2")),
        information=InformationBlock(
            letter_date=date(2017, 7, 31), your_reference="I/12",
            your_message_date=date(2017, 7, 1),
            our_reference="047.43", our_message_date=date(2017, 6, 30), name="Simone Fischer",
            phone="0711 22921-33", fax="0711 22921-42", email="simone.fischer@staedtetag-bw.de",
        ),
    )
    data = snapshot.to_dict()
    assert data["kind"] == "letter"
    assert data["information"]["your_message_date"] == "2017-07-01"  # type: ignore[index]
    assert isinstance(data["sender"]["logo"], str)  # type: ignore[index]
    restored = LetterSnapshot.from_dict(_through_json(data))
    assert restored == snapshot
    assert restored.sender.logo == LOGO
    assert restored.form == "A"


def test_press_release_round_trip_keeps_the_embargo_instant_and_zone() -> None:
    summer = timezone(timedelta(hours=2))
    snapshot = dataclasses.replace(
        sample_press_release(), embargo=datetime(2017, 7, 31, 11, 0, tzinfo=summer),
        subline="Unterzeile",
    )
    data = snapshot.to_dict()
    assert data["embargo"] == "2017-07-31T11:00:00+02:00"
    assert data["release_date"] == "2017-07-31"
    restored = PressReleaseSnapshot.from_dict(_through_json(data))
    assert restored == snapshot
    assert restored.embargo is not None and restored.embargo.utcoffset() == timedelta(hours=2)
    assert restored.title.startswith("Presseinformation P 309/2017: Statement")


def test_minimal_snapshots_round_trip() -> None:
    sender = Sender(name="Verband")
    assert Sender.from_dict(_through_json(sender.to_dict())) == sender
    clerk = ClerkInfo(name="A. Beispiel", initials="Bs")
    assert ClerkInfo.from_dict(_through_json(clerk.to_dict())) == clerk
    address = AddressBlock(lines=("Herrn", "Alex Beispiel"))
    assert AddressBlock.from_dict(_through_json(address.to_dict())) == address


def test_snapshots_are_frozen_and_slotted() -> None:
    sender = sample_sender()
    with pytest.raises(dataclasses.FrozenInstanceError):
        sender.name = "anders"  # type: ignore[misc]
    assert not hasattr(sender, "__dict__")


def test_naive_embargo_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="aware"):
        dataclasses.replace(sample_press_release(), embargo=datetime(2017, 7, 31, 11, 0))
    dataclasses.replace(sample_press_release(), embargo=datetime(2017, 7, 31, 9, 0, tzinfo=UTC))


def test_unknown_letter_form_is_refused() -> None:
    data = sample_letter("B").to_dict()
    data["form"] = "C"
    with pytest.raises(ValueError, match="form"):
        LetterSnapshot.from_dict(data)


@pytest.mark.parametrize(
    ("base", "extension", "expected"),
    [
        ("0711 22921-0", "48", "0711 22921-48"),
        ("0711 22921-", "48", "0711 22921-48"),
        ("0711 22921", "48", "0711 22921-48"),
        ("0711 22921-0", None, "0711 22921-0"),
        (None, "48", None),
    ],
)
def test_direct_dial(base: str | None, extension: str | None, expected: str | None) -> None:
    assert direct_dial(base, extension) == expected
