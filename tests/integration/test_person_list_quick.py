"""``contacts list`` read straight from a current SQLite file (``services.person_list``, issue 16)
gives exactly the contacts service's rows, and steps aside whenever the file needs the one way
of opening (a server, an older schema, a missing or foreign file)."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select, update

from beratung.domain.contacts import DistributionList, Person
from beratung.domain.errors import NotFoundError
from beratung.paths import AppPaths
from beratung.services import Services
from beratung.services.contacts import ContactFilter
from beratung.services.person_list import ListedPerson, list_persons_quickly


def _sqlite_file(services: Services) -> Path:
    path = services.db.location.sqlite_path
    if path is None:
        pytest.skip("the quick read is for SQLite files; a server is tested below")
    return path


def test_the_quick_read_gives_the_services_rows(services: Services, paths: AppPaths) -> None:
    path = _sqlite_file(services)
    services.demo.create()
    with services.db.transaction() as s:  # an erased person is not listed
        erased = s.scalars(select(Person.id).order_by(Person.id)).first()
        s.execute(update(Person).where(Person.id == erased).values(erased_at=datetime.now(UTC)))
        list_names = list(s.scalars(select(DistributionList.name)))
    assert list_names, "the demo has distribution lists"

    cases: list[tuple[str, str | None]] = [("", None), ("stadt", None), ("ma ul", None),
                                           ("zzzz-nichts", None), ("%", None)]  # fmt: skip
    cases += [("", name) for name in list_names] + [("a", list_names[0].upper())]
    for search, list_name in cases:
        list_id = (
            services.contacts.distribution_list_by_name(list_name).id if list_name else None
        )
        expected = [
            ListedPerson.of(r)
            for r in services.contacts.list_persons(
                ContactFilter(search=search, list_id=list_id), limit=1_000_000
            )
        ]
        quick = list_persons_quickly(paths, db_path=str(path), search=search, list_name=list_name)
        assert quick == expected, (search, list_name)
    everybody = list_persons_quickly(paths, db_path=str(path))
    assert everybody and erased not in {p.id for p in everybody}
    assert any(p.lists for p in everybody) and any(p.organisation for p in everybody)

    with pytest.raises(NotFoundError, match="Einen Verteiler „Gibt es nicht“ gibt es nicht"):
        list_persons_quickly(paths, db_path=str(path), list_name="Gibt es nicht")


def test_the_quick_read_steps_aside(
    services: Services, paths: AppPaths, database_url: str, tmp_path: Path
) -> None:
    """``None`` (the command then opens the database the one way) for a server or a URL, an
    older or newer schema, a missing, empty or foreign file."""
    assert list_persons_quickly(paths, url=database_url) is None
    path = services.db.location.sqlite_path
    if path is None:
        return
    assert list_persons_quickly(paths, db_path=str(path)) == []
    older = tmp_path / "older.sqlite"
    shutil.copy(path, older)
    conn = sqlite3.connect(older)
    conn.execute("UPDATE alembic_version SET version_num = 'aaaa0000'")
    conn.commit()
    conn.close()
    assert list_persons_quickly(paths, db_path=str(older)) is None
    assert list_persons_quickly(paths, db_path=str(tmp_path / "missing.sqlite")) is None
    assert not (tmp_path / "missing.sqlite").exists()
    (tmp_path / "empty.sqlite").touch()
    assert list_persons_quickly(paths, db_path=str(tmp_path / "empty.sqlite")) is None
    (tmp_path / "foreign.sqlite").write_text("keine Datenbank", encoding="utf-8")
    assert list_persons_quickly(paths, db_path=str(tmp_path / "foreign.sqlite")) is None
    # the data folder's own file (the fixture's database is there)
    assert path == paths.database_file
    assert list_persons_quickly(paths) == []
