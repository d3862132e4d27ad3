"""Office settings: clerks and text templates are created and updated by separate calls
(decision 18), so a new record never overwrites a stored one — on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest

from beratung.domain.errors import ConcurrentEditError, NotFoundError, ValidationError
from beratung.services.office import ClerkData


def test_clerks_are_created_and_updated_with_their_version(services: Any) -> None:
    office = services.office
    conzen = office.create_clerk(ClerkData(name="Christiane Conzen", initials="Co"))
    fischer = office.create_clerk(ClerkData(name="Simone Fischer", initials="Fi"))
    with pytest.raises(ValidationError) as taken:
        office.create_clerk(ClerkData(name="Corinna Conrad", initials="Co"))
    assert taken.value.field == "initials"
    with pytest.raises(ValidationError) as taken:
        office.update_clerk(fischer.id, ClerkData(name="Simone Fischer", initials="Co"))
    assert taken.value.field == "initials"

    changed = office.update_clerk(
        conzen.id,
        ClerkData(name="Christiane Conzen", initials="CC", function="Referentin"),
        expected_version=conzen.version,
    )
    assert (changed.id, changed.data.initials, changed.data.function) == (
        conzen.id,
        "CC",
        "Referentin",
    )
    with pytest.raises(ConcurrentEditError):
        office.update_clerk(
            conzen.id, ClerkData(name="C. Conzen", initials="CC"), expected_version=conzen.version
        )
    with pytest.raises(NotFoundError):
        office.update_clerk(999_999, ClerkData(name="Niemand", initials="Ni"))
    assert [c.data.initials for c in office.list_clerks()] == ["CC", "Fi"]


def test_a_new_template_never_overwrites_a_stored_one(services: Any) -> None:
    office = services.office
    created = office.create_template("dank_2017", "Dank", "Vielen Dank, {anrede}.")
    with pytest.raises(ValidationError) as taken:
        office.create_template("dank_2017", "Anderer Text", "Etwas anderes.")
    assert taken.value.field == "key"
    assert office.get_template("dank_2017").body == "Vielen Dank, {anrede}."

    updated = office.update_template(
        "dank_2017",
        "Dank",
        "Herzlichen Dank, {anrede}.",
        subject="Dank",
        expected_version=created.version,
    )
    assert (updated.id, updated.body, updated.subject) == (
        created.id,
        "Herzlichen Dank, {anrede}.",
        "Dank",
    )
    with pytest.raises(ConcurrentEditError):
        office.update_template("dank_2017", "Dank", "Alt.", expected_version=created.version)
    with pytest.raises(NotFoundError):
        office.update_template("gibt_es_nicht", "Titel", "Text.")


def test_template_errors_name_their_field(services: Any) -> None:
    office = services.office
    with pytest.raises(ValidationError) as in_subject:
        office.create_template("dank", "Dank", "Vielen Dank.", subject="Dank für {gibtsnicht}")
    assert in_subject.value.field == "subject"
    with pytest.raises(ValidationError) as in_body:
        office.create_template("dank", "Dank", "Vielen Dank, {gibtsnicht}.", subject="Dank")
    assert in_body.value.field == "body"
