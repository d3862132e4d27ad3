"""The shared fixture gives each test its own database at the head revision."""

from __future__ import annotations

from sqlalchemy import func, select

from beratung.domain.enums import OrganisationKind
from beratung.domain.models import Organisation
from beratung.storage import migrate


def test_each_test_gets_a_fresh_database_one(services) -> None:
    with services.db.transaction() as s:
        s.add(Organisation(kind=OrganisationKind.OTHER, name="Nur in diesem Test"))
    assert services.overview.counts().organisations == 1


def test_each_test_gets_a_fresh_database_two(services) -> None:
    assert services.overview.counts().organisations == 0
    with services.db.read() as s:
        assert s.scalar(select(func.count(Organisation.id))) == 0
    assert migrate.current_revision(services.db) == migrate.head_revision()
