"""Distribution lists (Verteiler): named sets of persons, each optionally written to through
one chosen role; the persons themselves stay when a list is deleted."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from beratung.domain.contacts import DistributionList, DistributionListMember
from beratung.domain.enums import AuditAction
from beratung.domain.errors import NotFoundError, ValidationError
from beratung.domain.rules.text import clean_field
from beratung.services.base import Service, check_version, diff, not_found
from beratung.services.contacts.persons import load_person
from beratung.services.contacts.queries import distribution_list_rows, person_ids, person_rows
from beratung.services.contacts.snapshots import ContactFilter, DistributionListRow, PersonRow


def _list_row(session: Session, dl: DistributionList) -> DistributionListRow:
    count = session.scalar(select(func.count()).where(DistributionListMember.list_id == dl.id))
    return DistributionListRow(
        id=dl.id,
        name=dl.name,
        description=dl.description,
        member_count=int(count or 0),
        version=dl.version,
    )


class DistributionListService(Service):
    def list_distribution_lists(self) -> list[DistributionListRow]:
        with self.db.read() as s:
            return distribution_list_rows(s)

    def _list(self, s: Session, list_id: int) -> DistributionList:
        dl = s.get(DistributionList, list_id)
        if dl is None:
            raise not_found("Den Verteiler mit der Nummer", list_id)
        return dl

    def _check_list_name(self, s: Session, name: str, own_id: int | None) -> str:
        cleaned = clean_field(name)
        if not cleaned:
            raise ValidationError("Der Name des Verteilers fehlt.", field="name")
        other = s.scalar(
            select(DistributionList).where(func.lower(DistributionList.name) == cleaned.lower())
        )
        if other is not None and other.id != own_id:
            raise ValidationError(f"Einen Verteiler „{cleaned}“ gibt es schon.", field="name")
        return cleaned

    def create_distribution_list(
        self, name: str, description: str | None = None
    ) -> DistributionListRow:
        with self.db.transaction() as s:
            dl = DistributionList(
                name=self._check_list_name(s, name, None), description=clean_field(description)
            )
            s.add(dl)
            s.flush()
            self.audit(
                s, AuditAction.CREATE, "distribution_list", dl.id, f"Verteiler {dl.name} angelegt"
            )
            return _list_row(s, dl)

    def rename_distribution_list(
        self,
        list_id: int,
        name: str,
        *,
        description: str | None = None,
        expected_version: int | None = None,
    ) -> DistributionListRow:
        with self.db.transaction() as s:
            dl = self._list(s, list_id)
            check_version(dl.version, expected_version, f"Der Verteiler „{dl.name}“")
            before = {"name": dl.name, "description": dl.description}
            dl.name = self._check_list_name(s, name, dl.id)
            if description is not None:
                dl.description = clean_field(description)
            changed = diff(before, {"name": dl.name, "description": dl.description})
            s.flush()
            if changed:
                self.audit(
                    s,
                    AuditAction.UPDATE,
                    "distribution_list",
                    dl.id,
                    f"Verteiler {before['name']} geändert",
                    changed,
                )
            return _list_row(s, dl)

    def delete_distribution_list(
        self, list_id: int, *, expected_version: int | None = None
    ) -> None:
        """Delete the list (its persons stay); ``ConcurrentEditError`` when ``expected_version``
        is given and the list was changed meanwhile."""
        with self.db.transaction() as s:
            dl = self._list(s, list_id)
            name = dl.name
            check_version(dl.version, expected_version, f"Der Verteiler „{name}“")
            members = list(
                s.scalars(
                    select(DistributionListMember.person_id).where(
                        DistributionListMember.list_id == dl.id
                    )
                )
            )
            s.delete(dl)
            s.flush()
            self.audit(
                s,
                AuditAction.DELETE,
                "distribution_list",
                list_id,
                f"Verteiler {name} gelöscht",
                {"name": name, "members": members},
            )

    def add_list_members(
        self, list_id: int, person_ids: Sequence[int], *, affiliation_id: int | None = None
    ) -> DistributionListRow:
        with self.db.transaction() as s:
            dl = self._list(s, list_id)
            present = set(
                s.scalars(
                    select(DistributionListMember.person_id).where(
                        DistributionListMember.list_id == dl.id
                    )
                )
            )
            added: list[int] = []
            for pid in dict.fromkeys(person_ids):
                if pid in present:
                    continue
                load_person(s, pid)
                s.add(
                    DistributionListMember(
                        list_id=dl.id,
                        person_id=pid,
                        affiliation_id=affiliation_id,
                        added_at=self.ctx.now(),
                    )
                )
                added.append(pid)
            s.flush()
            if added:
                self.audit(
                    s,
                    AuditAction.UPDATE,
                    "distribution_list",
                    dl.id,
                    f"{len(added)} Person(en) in den Verteiler {dl.name} aufgenommen",
                    {"added": added},
                )
            return _list_row(s, dl)

    def remove_list_members(self, list_id: int, person_ids: Sequence[int]) -> DistributionListRow:
        with self.db.transaction() as s:
            dl = self._list(s, list_id)
            ids = list(dict.fromkeys(person_ids))
            result = s.execute(
                delete(DistributionListMember).where(
                    DistributionListMember.list_id == dl.id,
                    DistributionListMember.person_id.in_(ids),
                )
            )
            removed = int(getattr(result, "rowcount", 0) or 0)
            if removed:
                self.audit(
                    s,
                    AuditAction.UPDATE,
                    "distribution_list",
                    dl.id,
                    f"{removed} Person(en) aus dem Verteiler {dl.name} entfernt",
                    {"removed": ids},
                )
            return _list_row(s, dl)

    def list_members(self, list_id: int) -> list[PersonRow]:
        with self.db.read() as s:
            self._list(s, list_id)
            ids = person_ids(
                s,
                ContactFilter(list_id=list_id),
                self.ctx.today(),
                offset=0,
                limit=None,
                order_by="name",
            )
            return person_rows(s, ids)

    def distribution_list_by_name(self, name: str) -> DistributionListRow:
        with self.db.read() as s:
            dl = s.scalar(
                select(DistributionList).where(
                    func.lower(DistributionList.name) == name.strip().lower()
                )
            )
            if dl is None:
                raise NotFoundError(f"Einen Verteiler „{name}“ gibt es nicht.")
            return _list_row(s, dl)
