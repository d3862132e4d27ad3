"""The importer keeps the forms' limits (issue 14, defect 5): a field longer than its column is
refused with the row and the field named, on both databases, and nothing of that row is stored.
The forms refuse the same lengths, from the same rule (the columns)."""

from __future__ import annotations

from typing import Any

import pytest

from beratung.domain.errors import ValidationError
from beratung.services.contact_io import ImportOptions
from beratung.services.contacts.snapshots import PersonInput

HEADER = "Vorname;Nachname;Firma;Position;E-Mail-Adresse\r\n"


def csv(*rows: str) -> bytes:
    return (HEADER + "".join(row + "\r\n" for row in rows)).encode("utf-8")


def test_overlong_fields_are_refused_per_row_and_field(services: Any) -> None:
    data = csv(
        "Anna;Müller;Stadt Ulm;Sozialdezernentin;anna@ulm.de",
        "Ben;" + "B" * 120_000 + ";Stadt Ulm;;",
        "Cem;Yilmaz;Stadt Ulm;;" + "c" * 5_000 + "@ulm.de",
        "Dora;Dietz;" + "O" * 100_000 + ";;",
    )
    transfer = services.contact_transfer
    report = transfer.dry_run_import(data, "kontakte.csv")
    messages = {line.row: line.message for line in report.lines if line.action == "reject"}
    assert sorted(messages) == [3, 4, 5]  # file lines: the header is line 1
    assert "Zeile 3, Nachname: zu lang (120.000 Zeichen; höchstens 100)" in messages[3]
    assert "Zeile 4, E-Mail" in messages[4]
    assert "Zeile 5, Organisation: zu lang (100.000 Zeichen; höchstens 200)" in messages[5]

    committed = transfer.commit_import(data, "kontakte.csv",
                                       options=ImportOptions(skip_rejected=True))
    assert committed.committed and committed.count("create") == 1
    names = [row.last_name for row in services.contacts.list_persons()]
    assert names == ["Müller"]
    assert all(len(row.organisation or "") <= 200 for row in services.contacts.list_persons())


def test_the_person_form_refuses_the_same_lengths(services: Any) -> None:
    with pytest.raises(ValidationError) as info:
        services.contacts.create_person(PersonInput(last_name="L" * 101))
    assert info.value.field == "last_name"
    assert "Nachname ist zu lang (101 Zeichen; höchstens 100)" in info.value.message
    person = services.contacts.create_person(PersonInput(last_name="L" * 100))
    with pytest.raises(ValidationError, match="Notizen ist zu lang"):
        services.contacts.update_person(person.id, {"notes": "x" * 20_001},
                                        expected_version=person.version)
