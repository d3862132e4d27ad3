"""The whole contacts list for the command line, read without SQLAlchemy when it can be.

Why: ``beratung contacts list`` is what IT staff script (issue 16: under 0.4 s). Through the
services it pays for SQLAlchemy, the ORM and every mapped model before the first row, then
builds ORM-typed rows for every person. For a plain SQLite file at the current schema
revision this module reads the same rows with two plain statements on a read-only connection
(:mod:`beratung.storage.quick_read`; the file is made private first, as every opening does)
and imports nothing heavy. When that does not apply
(a server database, an encrypted, older or missing file) :func:`list_persons_quickly` answers
``None`` and the command asks :class:`~beratung.services.contacts.ContactService` as before.

The statements are those of ``services.contacts.queries`` (``person_ids`` with the default
filter and name order, and ``person_rows``) in one: the same primary role and organisation,
the same town rule, the same fallbacks for e-mail and telephone, the same search (every
folded term in ``search_text``). A test compares both ways on the demo database.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from beratung.domain.enums import AddressPreference
from beratung.domain.errors import NotFoundError, UserError
from beratung.domain.rules.names import display_name, sort_name
from beratung.domain.rules.search import query_terms
from beratung.paths import AppPaths
from beratung.storage.quick_read import open_current_sqlite, prepare_database_file

if TYPE_CHECKING:
    from beratung.services.contacts import PersonRow


class ListedPerson(NamedTuple):
    """One line of ``contacts list``: a person with her primary role, as the list shows her
    (a named tuple: 20,000 of them are made in a few milliseconds)."""

    id: int
    display_name: str
    sort_name: str
    #: The stored value of :class:`~beratung.domain.enums.Anrede` (what the JSON shows).
    anrede: str
    title: str | None
    first_name: str | None
    last_name: str
    organisation_id: int | None
    organisation: str | None
    role: str | None
    town: str | None
    email: str | None
    phone: str | None
    lists: tuple[str, ...]

    @classmethod
    def of(cls, row: PersonRow) -> ListedPerson:
        """The line of a row the contacts service listed (the way when the quick read does not
        apply, and what the test compares the quick read with)."""
        return cls(
            id=row.id,
            display_name=row.display_name,
            sort_name=row.sort_name,
            anrede=row.anrede.value,
            title=row.title,
            first_name=row.first_name,
            last_name=row.last_name,
            organisation_id=row.organisation_id,
            organisation=row.organisation,
            role=row.role,
            town=row.town,
            email=row.email,
            phone=row.phone,
            lists=row.lists,
        )


_ROWS = """
SELECT person.id, person.anrede, person.title, person.first_name, person.last_name,
       prim_org.id, prim_org.name, prim.role,
       CASE WHEN person.address_preference = ? AND prim_org.id IS NOT NULL
            THEN coalesce(prim_org.town, person.town)
            ELSE coalesce(person.town, prim_org.town) END,
       coalesce(person.email, prim.email),
       coalesce(person.phone, prim.phone, person.mobile)
FROM person
LEFT OUTER JOIN affiliation AS prim ON prim.person_id = person.id AND prim.is_primary
LEFT OUTER JOIN organisation AS prim_org ON prim_org.id = prim.organisation_id
WHERE {conditions}
ORDER BY +person.sort_name, person.id
"""
# ``+`` keeps SQLite from walking the name index for the whole list: reading the table in
# order and sorting once is a third faster for 20,000 persons than 20,000 jumps into it.

_LISTS = """
SELECT distribution_list_member.person_id, distribution_list.name
FROM distribution_list_member
JOIN distribution_list ON distribution_list.id = distribution_list_member.list_id
WHERE distribution_list_member.person_id IN (SELECT person.id FROM person WHERE {conditions})
ORDER BY distribution_list.name
"""


def list_persons_quickly(
    paths: AppPaths,
    *,
    db_path: str | None = None,
    url: str | None = None,
    search: str = "",
    list_name: str | None = None,
) -> list[ListedPerson] | None:
    """Every person not erased, by name, matching ``search`` and a member of the distribution
    list ``list_name`` (its name in any case); ``None`` when the database cannot be read this
    way. An unknown list is :class:`NotFoundError`, worded as the contacts service words it."""
    path = paths.chosen_database(db_path=db_path, url=url)
    if not isinstance(path, Path):
        return None  # a database URL: left to the services
    conn = open_current_sqlite(path)
    if conn is None:
        return None
    try:  # private as every opening leaves it (an older installation's file is tightened)
        prepare_database_file(path, own_folder=path.parent == paths.data_dir)
    except UserError:
        conn.close()
        return None  # the one way of opening says what is wrong
    try:
        conditions = ["person.erased_at IS NULL"]
        params: list[object] = []
        for term in query_terms(search):
            conditions.append("person.search_text LIKE ?")
            params.append(f"%{term}%")
        if list_name:
            found = conn.execute(
                "SELECT id FROM distribution_list WHERE lower(name) = ?",
                (list_name.strip().lower(),),
            ).fetchone()
            if found is None:
                raise NotFoundError(f"Einen Verteiler „{list_name}“ gibt es nicht.")
            conditions.append(
                "EXISTS (SELECT 1 FROM distribution_list_member AS member "
                "WHERE member.person_id = person.id AND member.list_id = ?)"
            )
            params.append(found[0])
        where = " AND ".join(conditions)
        lists: dict[int, list[str]] = {}
        for person_id, name in conn.execute(_LISTS.format(conditions=where), params):
            lists.setdefault(person_id, []).append(name)
        cursor = conn.execute(
            _ROWS.format(conditions=where), [AddressPreference.ORGANISATION.value, *params]
        )
        return [
            ListedPerson(
                id=pid,
                display_name=display_name(title, first, last),
                sort_name=sort_name(first, last),
                anrede=anrede,
                title=title,
                first_name=first,
                last_name=last,
                organisation_id=org_id,
                organisation=org,
                role=role,
                town=town,
                email=email,
                phone=phone,
                lists=tuple(lists.get(pid, ())),
            )
            for pid, anrede, title, first, last, org_id, org, role, town, email, phone in cursor
        ]
    finally:
        conn.close()
