"""Finding contacts: the SQL filter and sort builders, and the list, count and find queries.

``ContactFilter.search`` is folded by :func:`beratung.domain.rules.search.query_terms` and every
term must occur in the record's ``search_text`` (a plain ``LIKE``, the same SQL on SQLite and
PostgreSQL). Names sort by their stored German sort key (decision 10); the id breaks ties, so
pages never overlap or skip a row.

The person list is loaded in two small queries: the ids of one page (using the name index for
the default order), then the rows of exactly those ids (:func:`person_ids`,
:func:`person_rows`, also used for the members of a distribution list). ``contacts list``
reads the same rows from a SQLite file without SQLAlchemy (``services/person_list.py``, a test
keeps them equal): a change to the filter or the row here belongs there too.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, exists, func, or_, select
from sqlalchemy.orm import Session, aliased

from beratung.domain.contacts import (
    Affiliation,
    DistributionList,
    DistributionListMember,
    MunicipalityDirectoryEntry,
    Organisation,
    Person,
)
from beratung.domain.enums import AddressPreference, OrganisationKind, label
from beratung.domain.rules.names import display_name
from beratung.domain.rules.search import match_key, query_terms
from beratung.domain.work import Consultation
from beratung.services.base import Service
from beratung.services.contacts.snapshots import (
    ContactFilter,
    DistributionListRow,
    FilterOptions,
    OrganisationOrder,
    OrganisationRow,
    PersonOrder,
    PersonRow,
    sort_name,
)

# --------------------------------------------------------------------------------------------
# Filters


def _org_conditions(flt: ContactFilter, org: Any) -> list[ColumnElement[bool]]:
    conds: list[ColumnElement[bool]] = []
    if flt.kind is not None:
        conds.append(org.kind == flt.kind)
    if flt.kreis:
        conds.append(org.kreis == flt.kreis)
    if flt.regierungsbezirk:
        conds.append(org.regierungsbezirk == flt.regierungsbezirk)
    if flt.is_member is not None:
        conds.append(org.is_member.is_(flt.is_member))
    if flt.advised_in_programme_id is not None:
        conds.append(
            exists(
                select(Consultation.id).where(
                    Consultation.organisation_id == org.id,
                    Consultation.programme_id == flt.advised_in_programme_id,
                )
            )
        )
    return conds


def _search_conditions(column: Any, text: str) -> list[ColumnElement[bool]]:
    return [column.like(f"%{term}%") for term in query_terms(text)]


def _person_conditions(flt: ContactFilter, today: date) -> list[ColumnElement[bool]]:
    conds: list[ColumnElement[bool]] = []
    if not flt.include_erased:
        conds.append(Person.erased_at.is_(None))
    conds += _search_conditions(Person.search_text, flt.search)
    org_conds = _org_conditions(flt, Organisation)
    if org_conds:
        conds.append(
            exists(
                select(Affiliation.id)
                .join(Organisation, Organisation.id == Affiliation.organisation_id)
                .where(
                    Affiliation.person_id == Person.id,
                    or_(Affiliation.valid_to.is_(None), Affiliation.valid_to >= today),
                    *org_conds,
                )
            )
        )
    if flt.list_id is not None:
        conds.append(
            exists(
                select(DistributionListMember.person_id).where(
                    DistributionListMember.person_id == Person.id,
                    DistributionListMember.list_id == flt.list_id,
                )
            )
        )
    return conds


def _list_organisation_condition(list_id: int, today: date) -> ColumnElement[bool]:
    """Organisations of a distribution list: those its members are written to — the
    affiliation chosen for the membership, else any current affiliation of the member."""
    return exists(
        select(Affiliation.id)
        .join(DistributionListMember, DistributionListMember.person_id == Affiliation.person_id)
        .where(
            DistributionListMember.list_id == list_id,
            Affiliation.organisation_id == Organisation.id,
            or_(
                DistributionListMember.affiliation_id == Affiliation.id,
                and_(
                    DistributionListMember.affiliation_id.is_(None),
                    or_(Affiliation.valid_to.is_(None), Affiliation.valid_to >= today),
                ),
            ),
        )
    )


# --------------------------------------------------------------------------------------------
# Sorting


_PRIMARY = aliased(Affiliation, name="prim")


_PRIMARY_ORG = aliased(Organisation, name="prim_org")


_TOWN = case(
    (
        and_(
            Person.address_preference == AddressPreference.ORGANISATION,
            _PRIMARY_ORG.id.is_not(None),
        ),
        func.coalesce(_PRIMARY_ORG.town, Person.town),
    ),
    else_=func.coalesce(Person.town, _PRIMARY_ORG.town),
)


def _ordered(columns: Sequence[Any], desc_: bool, nullable: int = 0) -> list[Any]:
    """ORDER BY clauses in one direction; the first ``nullable`` columns put NULLs (no
    organisation, role, town …) last in both directions, since SQLite sorts NULL smallest and
    PostgreSQL largest."""
    out = []
    for index, column in enumerate(columns):
        clause = column.desc() if desc_ else column.asc()
        out.append(clause.nulls_last() if index < nullable else clause)
    return out


def _person_order(order_by: str) -> tuple[list[Any], bool]:
    """ORDER BY clauses and whether they need the primary organisation joined.

    Names sort by ``sort_name`` (German alphabetical order, rules/sorting.py), the same on
    SQLite and PostgreSQL; the id breaks ties, so pages never overlap or skip a row.
    """
    desc_ = order_by.startswith("-")
    key = order_by.lstrip("-")
    columns: list[Any]
    needs_join = False
    nullable = 1
    if key == "name":
        columns, nullable = [Person.sort_name], 0
    elif key == "organisation":
        columns, needs_join = [_PRIMARY_ORG.sort_name, Person.sort_name], True
    elif key == "role":
        columns, needs_join = [_PRIMARY.role, Person.sort_name], True
    elif key == "town":
        columns, needs_join = [_TOWN, Person.sort_name], True
    elif key == "email":
        columns = [Person.email, Person.sort_name]
    elif key == "id":
        columns, nullable = [], 0
    else:
        raise ValueError(f"unknown order {order_by!r}")
    columns.append(Person.id)
    return _ordered(columns, desc_, nullable), needs_join


def _join_primary(stmt: Select[Any]) -> Select[Any]:
    return stmt.outerjoin(
        _PRIMARY, and_(_PRIMARY.person_id == Person.id, _PRIMARY.is_primary.is_(True))
    ).outerjoin(_PRIMARY_ORG, _PRIMARY_ORG.id == _PRIMARY.organisation_id)


# --------------------------------------------------------------------------------------------
# Queries inside a caller's session


def person_ids(
    s: Session,
    flt: ContactFilter,
    today: date,
    *,
    offset: int,
    limit: int | None,
    order_by: str,
) -> list[int]:
    """The ids of one page in list order (all of them with ``limit=None``)."""
    order, needs_join = _person_order(order_by)
    stmt: Select[Any] = select(Person.id)
    if needs_join:
        stmt = _join_primary(stmt)
    stmt = stmt.where(*_person_conditions(flt, today)).order_by(*order)
    if offset:
        stmt = stmt.offset(offset)
    if limit is not None:
        stmt = stmt.limit(limit)
    return [int(i) for i in s.scalars(stmt)]


def person_rows(s: Session, ids: Sequence[int]) -> list[PersonRow]:
    """The list rows of exactly these persons, in the order of ``ids``."""
    if not ids:
        return []
    stmt = _join_primary(
        select(
            Person.id,
            Person.anrede,
            Person.title,
            Person.first_name,
            Person.last_name,
            _PRIMARY_ORG.id,
            _PRIMARY_ORG.name,
            _PRIMARY.role,
            _TOWN,
            func.coalesce(Person.email, _PRIMARY.email),
            func.coalesce(Person.phone, _PRIMARY.phone, Person.mobile),
            Person.version,
        )
    ).where(Person.id.in_(ids))
    lists: dict[int, list[str]] = {}
    for pid, name in s.execute(
        select(DistributionListMember.person_id, DistributionList.name)
        .join(DistributionList, DistributionList.id == DistributionListMember.list_id)
        .where(DistributionListMember.person_id.in_(ids))
        .order_by(DistributionList.name)
    ):
        lists.setdefault(pid, []).append(name)
    rows: dict[int, PersonRow] = {}
    for r in s.execute(stmt):
        pid = int(r[0])
        rows[pid] = PersonRow(
            id=pid,
            display_name=display_name(r[2], r[3], r[4]),
            sort_name=sort_name(r[3], r[4]),
            anrede=r[1],
            title=r[2],
            first_name=r[3],
            last_name=r[4],
            organisation_id=r[5],
            organisation=r[6],
            role=r[7],
            town=r[8],
            email=r[9],
            phone=r[10],
            lists=tuple(lists.get(pid, ())),
            version=r[11],
        )
    return [rows[i] for i in ids if i in rows]


def distribution_list_rows(s: Session) -> list[DistributionListRow]:
    """Every distribution list with its member count, by name."""
    counts: dict[int, int] = {
        int(list_id): int(n)
        for list_id, n in s.execute(
            select(DistributionListMember.list_id, func.count()).group_by(
                DistributionListMember.list_id
            )
        )
    }
    return [
        DistributionListRow(
            id=dl.id,
            name=dl.name,
            description=dl.description,
            member_count=int(counts.get(dl.id, 0)),
            version=dl.version,
        )
        for dl in s.scalars(select(DistributionList).order_by(DistributionList.name))
    ]


def _org_row(org: Organisation) -> OrganisationRow:
    return OrganisationRow(
        id=org.id,
        name=org.name,
        kind=org.kind,
        kind_label=label(org.kind),
        town=org.town,
        postcode=org.postcode,
        kreis=org.kreis,
        regierungsbezirk=org.regierungsbezirk,
        ags=org.ags,
        is_member=org.is_member,
        email=org.email,
        phone=org.phone,
        version=org.version,
    )


# --------------------------------------------------------------------------------------------
# Service


class ContactQueryService(Service):
    def count_persons(self, flt: ContactFilter | None = None) -> int:
        flt = flt or ContactFilter()
        with self.db.read() as s:
            stmt = select(func.count(Person.id)).where(*_person_conditions(flt, self.ctx.today()))
            return int(s.scalar(stmt) or 0)

    def list_persons(
        self,
        flt: ContactFilter | None = None,
        *,
        offset: int = 0,
        limit: int = 100,
        order_by: PersonOrder = "name",
    ) -> list[PersonRow]:
        """One page of the contacts list. Two small queries: the ids of the page (using the
        name index for the default order), then the rows of exactly those ids."""
        flt = flt or ContactFilter()
        with self.db.read() as s:
            ids = person_ids(
                s, flt, self.ctx.today(), offset=offset, limit=limit, order_by=order_by
            )
            return person_rows(s, ids)

    def find_person_ids(
        self, flt: ContactFilter | None = None, *, order_by: PersonOrder = "name"
    ) -> list[int]:
        flt = flt or ContactFilter()
        with self.db.read() as s:
            return person_ids(s, flt, self.ctx.today(), offset=0, limit=None, order_by=order_by)

    def _org_query_conditions(self, flt: ContactFilter) -> list[ColumnElement[bool]]:
        conds = _search_conditions(Organisation.search_text, flt.search)
        conds += _org_conditions(flt, Organisation)
        if flt.list_id is not None:
            conds.append(_list_organisation_condition(flt.list_id, self.ctx.today()))
        return conds

    def count_organisations(self, flt: ContactFilter | None = None) -> int:
        flt = flt or ContactFilter()
        with self.db.read() as s:
            return int(
                s.scalar(
                    select(func.count(Organisation.id)).where(*self._org_query_conditions(flt))
                )
                or 0
            )

    def list_organisations(
        self,
        flt: ContactFilter | None = None,
        *,
        offset: int = 0,
        limit: int = 100,
        order_by: OrganisationOrder = "name",
    ) -> list[OrganisationRow]:
        flt = flt or ContactFilter()
        desc_ = order_by.startswith("-")
        key = order_by.lstrip("-")
        column = {
            "name": Organisation.sort_name,
            "kind": Organisation.kind,
            "town": Organisation.town,
            "kreis": Organisation.kreis,
            "regierungsbezirk": Organisation.regierungsbezirk,
            "id": Organisation.id,
        }[key]
        order = (
            [column, Organisation.id]
            if key in ("name", "id")
            else [column, Organisation.sort_name, Organisation.id]
        )
        nullable = 1 if key in ("town", "kreis", "regierungsbezirk") else 0
        with self.db.read() as s:
            stmt = (
                select(Organisation)
                .where(*self._org_query_conditions(flt))
                .order_by(*_ordered(order, desc_, nullable))
                .offset(offset)
                .limit(limit)
            )
            return [_org_row(o) for o in s.scalars(stmt)]

    def filter_options(self) -> FilterOptions:
        with self.db.read() as s:
            kreise = set(s.scalars(select(MunicipalityDirectoryEntry.kreis).distinct()))
            kreise |= set(s.scalars(select(Organisation.kreis).distinct()))
            bezirke = set(s.scalars(select(MunicipalityDirectoryEntry.regierungsbezirk).distinct()))
            bezirke |= set(s.scalars(select(Organisation.regierungsbezirk).distinct()))
            lists = distribution_list_rows(s)
        return FilterOptions(
            kinds=tuple((k, label(k)) for k in OrganisationKind),
            kreise=tuple(sorted((k for k in kreise if k), key=match_key)),
            regierungsbezirke=tuple(sorted((b for b in bezirke if b), key=match_key)),
            lists=tuple(lists),
        )
