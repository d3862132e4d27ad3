"""Derived data, kept in step with what it is derived from, in one place.

What is derived (the rules themselves are pure functions in ``domain/rules``):

* ``Person.sort_name`` and ``Organisation.sort_name``: the DIN 5007-1 sort keys (decision 10);
* ``Person.search_text``: names and contact data and, per role, organisation, role, department,
  town and e-mail (``rules.search.person_search_text``);
* ``Organisation.search_text`` (``rules.search.organisation_search_text``);
* exactly one primary role per person who has any (decision 11);
* the consultations' full-text index (:mod:`beratung.storage.search`).

Why here: when each writer kept them itself (services, import, demo, merge), writers disagreed —
after ``beratung demo`` every person had a ``search_text`` other than the services' rule, so a
phone number could not be found. Now a ``before_flush`` listener on every session recomputes them
for each new or changed person, organisation and role, and for what depends on them (an
organisation's rename changes its members' search text); an ``after_flush`` listener keeps the
full-text index. No writer calls a rule by hand.

Writers that change rows behind the ORM's back (a merge moves roles with Core ``UPDATE``s) say
which records to recompute with :func:`refresh`; the next flush, or the commit, does it.
Migrations are the one exception: a revision carries its own frozen copy of a rule (decision 7).

A service expresses a choice by setting data, never by computing derived values: marking a role
primary is ``role.is_primary = True``; the listener demotes the previous primary, clearing it in
the database first because the partial unique index is checked per statement.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Any

from sqlalchemy import event, select, update
from sqlalchemy import inspect as inspect_instance
from sqlalchemy.orm import Session, UOWTransaction
from sqlalchemy.orm.attributes import set_committed_value

from beratung.domain.contacts import Affiliation, Organisation, Person
from beratung.domain.rules.affiliations import is_current
from beratung.domain.rules.dates import OFFICE_TIME_ZONE
from beratung.domain.rules.search import organisation_search_text, person_search_text
from beratung.domain.rules.sorting import name_sort_key, sort_key
from beratung.storage import search

#: ``session.info`` key: the day that counts for "current" roles (the service's clock).
TODAY = "beratung.today"
#: ``session.info`` key: records whose derived data must be recomputed (see :func:`refresh`).
PENDING = "beratung.derived.pending"

_ORGANISATION_FIELDS_IN_PERSON_TEXT = ("name", "town")


def refresh(session: Session, *records: Person | Organisation) -> None:
    """Recompute the derived data of ``records`` at the next flush or at commit — for writers
    that changed their rows, or rows that point at them, with Core statements."""
    pending: set[Any] = session.info.setdefault(PENDING, set())
    pending.update(records)


def refresh_consultations(session: Session, consultation_ids: Iterable[int]) -> None:
    """Re-index these consultations in the full-text index after the next flush (their
    organisation or topics changed through Core statements)."""
    search.mark_for_reindex(session, consultation_ids)


def set_today(session: Session, today: date) -> None:
    session.info[TODAY] = today


def _today(session: Session) -> date:
    value = session.info.get(TODAY)
    return value if isinstance(value, date) else datetime.now(OFFICE_TIME_ZONE).date()


def _assign(obj: object, name: str, value: object) -> None:
    """Set only real changes: an equal value would still count as a change and bump the
    record's version, which tells the next editor someone else changed it."""
    if getattr(obj, name) != value:
        setattr(obj, name, value)


def _changed(obj: object, *names: str) -> bool:
    attrs = inspect_instance(obj).attrs
    return any(attrs[name].history.has_changes() for name in names)


def members_of(session: Session, organisation_id: int) -> list[Person]:
    """The persons with a role at the organisation (their search text names it)."""
    return list(
        session.scalars(
            select(Person)
            .join(Affiliation, Affiliation.person_id == Person.id)
            .where(Affiliation.organisation_id == organisation_id)
            .distinct()
        )
    )


def _person_of(session: Session, affiliation: Affiliation) -> Person | None:
    if affiliation.person is not None:
        return affiliation.person
    return session.get(Person, affiliation.person_id) if affiliation.person_id else None


def _organisation_of(session: Session, affiliation: Affiliation) -> Organisation | None:
    if affiliation.organisation is not None:
        return affiliation.organisation
    if affiliation.organisation_id is None:
        return None
    return session.get(Organisation, affiliation.organisation_id)


def _update(session: Session) -> None:
    deleted = set(session.deleted)
    pending: set[Any] = session.info.pop(PENDING, set())
    persons: set[Person] = set()
    organisations: set[Organisation] = set()
    for obj in (*session.new, *session.dirty, *pending):
        if isinstance(obj, Person):
            persons.add(obj)
        elif isinstance(obj, Organisation):
            organisations.add(obj)
        elif isinstance(obj, Affiliation):
            person = _person_of(session, obj)
            if person is not None:
                persons.add(person)
    removed_roles: dict[Person, list[Affiliation]] = {}
    for obj in deleted:
        if isinstance(obj, Affiliation):
            person = _person_of(session, obj)
            if person is not None:
                persons.add(person)
                removed_roles.setdefault(person, []).append(obj)
        elif isinstance(obj, Organisation) and obj.id is not None:
            persons.update(members_of(session, obj.id))

    for org in organisations - deleted:
        _assign(org, "sort_name", name_sort_key(org.name))
        _assign(org, "search_text", organisation_search_text(org))
        persistent = inspect_instance(org).persistent
        if persistent and _changed(org, *_ORGANISATION_FIELDS_IN_PERSON_TEXT):
            persons.update(members_of(session, org.id))

    today = _today(session)
    for person in persons - deleted:
        roles: list[Affiliation] = []
        gone = removed_roles.get(person, [])
        for role in person.affiliations:
            # a role dies with its organisation (ON DELETE CASCADE in the database)
            if role in deleted or _organisation_of(session, role) in deleted:
                gone.append(role)
            else:
                roles.append(role)
        _keep_one_primary(session, roles, today, removed=gone)  # the text lists it first
        _assign(person, "sort_name", sort_key(person.last_name, person.first_name))
        texts = [(a, _organisation_of(session, a)) for a in roles]
        _assign(person, "search_text", person_search_text(person, texts))


def _committed(obj: object, name: str) -> object:
    history = inspect_instance(obj).attrs[name].history
    if history.deleted:
        return history.deleted[0]
    return history.unchanged[0] if history.unchanged else None


def _keep_one_primary(
    session: Session, roles: list[Affiliation], today: date, *, removed: list[Affiliation]
) -> None:
    """Exactly one primary role when there are any: the one just made primary, else the
    existing primary, else a current one (the latest started), else the latest. ``removed``:
    roles deleted in this flush (a flush writes updates before deletes, so a deleted primary
    must be cleared first too)."""
    if not roles:
        return
    just_made = [a for a in roles if a.is_primary and _committed(a, "is_primary") is not True]
    primaries = [a for a in roles if a.is_primary]
    chosen: Affiliation | None = (just_made or primaries)[-1] if primaries else None
    if chosen is None:
        candidates = [a for a in roles if is_current(a.valid_to, today)] or roles
        chosen = max(candidates, key=lambda a: (a.valid_from or date.min, a.id or 0))
    demoted = [a for a in roles if a is not chosen and a.is_primary]
    for role in demoted:
        role.is_primary = False
    # uq_affiliation_person_id_primary is checked per statement, and a flush sends its UPDATEs
    # in id order: a new primary with a lower id than the old one would be written first and
    # refused. So the old primary is cleared in the database now, before the flush.
    stale = [
        a.id
        for a in (*demoted, *removed)
        if a.id is not None and _committed(a, "is_primary") is True
    ]
    if stale and chosen.id is not None and _committed(chosen, "is_primary") is not True:
        session.connection().execute(
            update(Affiliation).where(Affiliation.id.in_(stale)).values(is_primary=False)
        )
        for role in (*demoted, *removed):
            set_committed_value(role, "is_primary", False)
    chosen.is_primary = True


def _before_flush(session: Session, _context: UOWTransaction, _instances: object) -> None:
    with session.no_autoflush:
        _update(session)


def _before_commit(session: Session) -> None:
    """Records marked by :func:`refresh` when nothing else is left to flush."""
    if session.info.get(PENDING):
        with session.no_autoflush:
            _update(session)


_LISTENERS: tuple[tuple[str, Callable[..., None]], ...] = (
    ("before_flush", _before_flush),
    ("before_commit", _before_commit),
)


def install() -> None:
    """Register the listeners on every session once (idempotent); the database module does."""
    for name, listener in _LISTENERS:
        if not event.contains(Session, name, listener):
            event.listen(Session, name, listener)
    search.install()
