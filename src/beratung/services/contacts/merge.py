"""Merging two persons or two organisations, and undoing the last merge.

A merge keeps one record, takes field values from the other as chosen, points every row that
referenced the removed record at the kept one, and deletes the removed record — in one
transaction, audited with everything needed to undo it.

The links come from the one reference walker (``storage/references.py``): every foreign key to a
person or organisation, with the policy its table declared, so a table added later is moved too
without touching this module. When the kept record already has an equivalent row (a unique
constraint would clash: one registration per event and person, one membership per list), the
removed record's row is deleted and stashed for the undo — unless the table's policy says it
is the stronger one (two registrations of one event: the events domain decides).

Undo data lives in the merge's audit entry (``changes["undo"]``): the two rows as they were, the
moved links (table, column, primary key and values to restore) and the deleted rows. Only the
most recent merge can be undone, once, and only while the kept record is unchanged since.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any, Literal, cast

from sqlalchemy import (
    ColumnElement,
    Date,
    DateTime,
    Table,
    TypeDecorator,
    and_,
    delete,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.orm import Session

from beratung.domain.base import Base
from beratung.domain.contacts import Affiliation, Organisation, Person
from beratung.domain.enums import AuditAction
from beratung.domain.errors import ConcurrentEditError, UserError, ValidationError
from beratung.domain.records import AuditEntry
from beratung.domain.rules.names import display_name
from beratung.domain.work import Consultation
from beratung.services.base import Service, diff, not_found
from beratung.services.contacts.cleaning import ORGANISATION_FIELDS, PERSON_FIELDS, fields_of
from beratung.services.contacts.snapshots import MergeResult, UndoResult
from beratung.storage import derived, references

# --------------------------------------------------------------------------------------------
# Generic re-pointing of links (and their undo)


def _table(name: str) -> Table:
    return Base.metadata.tables[name]


def _pk(table: Table, row: Any) -> list[Any]:
    return [row[c.name] for c in table.primary_key.columns]


def _pk_where(table: Table, values: Sequence[Any]) -> ColumnElement[bool]:
    return and_(*(c == v for c, v in zip(table.primary_key.columns, values, strict=True)))


def _dump(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    return value


def _load(table: Table, data: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in data.items():
        col = table.c[key]
        if isinstance(value, str):
            col_type: Any = col.type
            if isinstance(col_type, TypeDecorator):
                col_type = col_type.impl_instance
            if isinstance(col_type, DateTime):
                value = datetime.fromisoformat(value)
            elif isinstance(col_type, Date):
                value = date.fromisoformat(value)
        out[key] = value
    return out


def _stash_rows(session: Session, table: Table, where: ColumnElement[bool]) -> list[dict[str, Any]]:
    """Rows about to be deleted, with their cascade children first-level-deep, for undo."""
    stash: list[dict[str, Any]] = []
    rows = session.execute(select(table).where(where)).mappings().all()
    for row in rows:
        stash.append({"table": table.name, "row": {k: _dump(v) for k, v in row.items()}})
        pk_cols = list(table.primary_key.columns)
        if len(pk_cols) != 1:
            continue
        for child, fk in references.children_of(table.name):
            if fk.ondelete and fk.ondelete.upper() == "CASCADE":
                stash.extend(_stash_rows(session, child, fk.parent == row[pk_cols[0].name]))
    return stash


def _delete_stashed(session: Session, stash: Sequence[Mapping[str, Any]]) -> None:
    for item in reversed(stash):
        table = _table(str(item["table"]))
        session.execute(delete(table).where(_pk_where(table, _pk(table, item["row"]))))


def _consultations_of(session: Session, *organisation_ids: int) -> list[int]:
    return list(
        session.scalars(
            select(Consultation.id).where(Consultation.organisation_id.in_(organisation_ids))
        )
    )


def _move_links(
    session: Session, target: str, keep_id: int, remove_id: int
) -> tuple[dict[str, int], list[dict[str, Any]], list[dict[str, Any]]]:
    """Point every row referencing ``remove_id`` at ``keep_id``.

    Returns the counts per table, the moved rows (table, fk column, primary key, and the
    values to restore on undo) and the rows deleted because the kept record already had an
    equivalent one (stashed for undo).

    A person has at most one primary affiliation (``uq_affiliation_person_id_primary``): when
    the kept person has one, the moved roles stop being primary in the same UPDATE, and undo
    makes them primary again (``"restore"``).
    """
    counts: dict[str, int] = {}
    moved: list[dict[str, Any]] = []
    deleted: list[dict[str, Any]] = []
    keep_has_primary = target == "person" and bool(
        session.scalar(
            select(func.count(Affiliation.id)).where(
                Affiliation.person_id == keep_id, Affiliation.is_primary.is_(True)
            )
        )
    )
    for ref in references.referencing(target):
        table, col, conflict, stronger = ref.table, ref.column, ref.conflict, ref.policy.stronger
        rows = session.execute(select(table).where(col == remove_id)).mappings().all()
        for row in rows:
            pk = _pk(table, row)
            clash = None
            if conflict:
                clash = (
                    session.execute(
                        select(table).where(
                            col == keep_id, *(table.c[c] == row[c] for c in conflict)
                        )
                    )
                    .mappings()
                    .first()
                )
            if clash is not None:
                loser_pk = pk
                if stronger is not None and stronger(dict(row), dict(clash)):
                    loser_pk = _pk(table, clash)
                stash = _stash_rows(session, table, _pk_where(table, loser_pk))
                _delete_stashed(session, stash)
                deleted.extend(stash)
                if loser_pk == pk:
                    counts[table.name] = counts.get(table.name, 0) + 1
                    continue
            values: dict[str, Any] = {col.name: keep_id}
            item: dict[str, Any] = {
                "table": table.name,
                "column": col.name,
                "pk": [_dump(v) for v in pk],
            }
            if target == "person" and table.name == "affiliation" and row["is_primary"]:
                if keep_has_primary:
                    values["is_primary"] = False
                    item["restore"] = {"is_primary": True}
                keep_has_primary = True
            session.execute(update(table).where(_pk_where(table, pk)).values(values))
            moved.append(item)
            counts[table.name] = counts.get(table.name, 0) + 1
    return counts, moved, deleted


def _row_of(session: Session, table: Table, ident: int) -> dict[str, Any]:
    row = session.execute(select(table).where(table.c.id == ident)).mappings().one()
    return {k: _dump(v) for k, v in row.items()}


def _label(record: Person | Organisation) -> str:
    if isinstance(record, Person):
        return display_name(record.title, record.first_name, record.last_name)
    return record.name


# --------------------------------------------------------------------------------------------
# Service


class MergeService(Service):
    def merge_persons(
        self,
        keep_id: int,
        remove_id: int,
        field_choices: Mapping[str, Literal["keep", "remove"]] | None = None,
    ) -> MergeResult:
        """Merge ``remove_id`` into ``keep_id``: fields as chosen (unchosen fields keep the kept
        value, or take the other one where the kept one is empty), every link moved, the removed
        person deleted; one transaction, audited with everything needed for
        :meth:`undo_last_merge`."""
        return self._merge("person", keep_id, remove_id, field_choices or {})

    def merge_organisations(
        self,
        keep_id: int,
        remove_id: int,
        field_choices: Mapping[str, Literal["keep", "remove"]] | None = None,
    ) -> MergeResult:
        return self._merge("organisation", keep_id, remove_id, field_choices or {})

    def _merge(
        self,
        entity: Literal["person", "organisation"],
        keep_id: int,
        remove_id: int,
        choices: Mapping[str, str],
    ) -> MergeResult:
        if keep_id == remove_id:
            raise UserError("Ein Datensatz kann nicht mit sich selbst zusammengeführt werden.")
        model: Any = Person if entity == "person" else Organisation
        names = PERSON_FIELDS if entity == "person" else ORGANISATION_FIELDS
        what = "Die Person" if entity == "person" else "Die Organisation"
        with self.db.transaction() as s:
            keep: Any = s.get(model, keep_id)
            remove: Any = s.get(model, remove_id)
            if keep is None:
                raise not_found(f"{what} mit der Nummer", keep_id)
            if remove is None:
                raise not_found(f"{what} mit der Nummer", remove_id)
            for key, choice in choices.items():
                if key not in names or choice not in ("keep", "remove"):
                    raise ValidationError(f"Ungültige Feldauswahl „{key}: {choice}“.", field=key)
            table = model.__table__
            assert isinstance(table, Table)
            kept_before = _row_of(s, table, keep_id)
            removed_row = _row_of(s, table, remove_id)
            keep_label = _label(keep)
            remove_label = _label(remove)
            new_values: dict[str, Any] = {}
            for key in names:
                mine, theirs = getattr(keep, key), getattr(remove, key)
                picked = choices.get(key)
                if picked == "remove" or (picked is None and mine in (None, "") and theirs):
                    new_values[key] = theirs
            if entity == "organisation" and "ags" in new_values:
                # The AGS is unique: free it on the removed record first.
                s.execute(update(table).where(table.c.id == remove_id).values(ags=None))
            # Move the links with Core statements, then forget the ORM's stale collections.
            s.flush()
            counts, moved, deleted = _move_links(s, table.name, keep_id, remove_id)
            s.execute(delete(table).where(table.c.id == remove_id))
            s.expire_all()
            keep = s.get(model, keep_id)
            assert keep is not None
            changed = diff(fields_of(keep, list(new_values)), new_values)
            for key, value in new_values.items():
                setattr(keep, key, value)
            # Core UPDATEs moved roles and consultations behind the ORM's back: their derived
            # data (search text, primary role, full-text index) is recomputed from the rows.
            if isinstance(keep, Person):
                derived.refresh(s, keep)
            else:
                keep.version = keep.version  # ensure a version bump below
                derived.refresh(s, keep, *derived.members_of(s, keep.id))
                derived.refresh_consultations(s, _consultations_of(s, keep_id))
            keep.updated_at = self.ctx.now()
            s.flush()
            labels = {policy.table: policy.label for policy in references.policies().values()}
            link_counts = {labels.get(k, k): v for k, v in counts.items()}
            summary = (
                f"{remove_label} (Nr. {remove_id}) in {keep_label} (Nr. {keep_id}) zusammengeführt"
            )
            if link_counts:
                summary += ": " + ", ".join(f"{v} {k}" for k, v in sorted(link_counts.items()))
            entry = AuditEntry(
                occurred_at=self.ctx.now(),
                user_name=self.ctx.user,
                action=AuditAction.MERGE,
                entity_type=entity,
                entity_id=keep_id,
                summary=summary[:500],
                changes={
                    "removed_id": remove_id,
                    "fields": {k: [_dump(a), _dump(b)] for k, (a, b) in changed.items()},
                    "moved": counts,
                    "undo": {
                        "kept_before": kept_before,
                        "removed_row": removed_row,
                        "moved": moved,
                        "deleted": deleted,
                        "kept_version_after": keep.version,
                    },
                },
            )
            s.add(entry)
            s.flush()
            return MergeResult(
                entity=entity,
                kept_id=keep_id,
                removed_id=remove_id,
                moved=link_counts,
                audit_entry_id=entry.id,
                summary=summary,
            )

    def _last_merge(self, s: Session) -> AuditEntry | None:
        entry = s.scalar(
            select(AuditEntry)
            .where(
                AuditEntry.action == AuditAction.MERGE,
                AuditEntry.entity_type.in_(("person", "organisation")),
            )
            .order_by(AuditEntry.id.desc())
            .limit(1)
        )
        if entry is None or not entry.changes or "undo" not in entry.changes:
            return None
        undone = s.scalars(
            select(AuditEntry).where(
                AuditEntry.action == AuditAction.RESTORE,
                AuditEntry.entity_type == entry.entity_type,
                AuditEntry.id > entry.id,
            )
        ).all()
        if any((u.changes or {}).get("undo_of") == entry.id for u in undone):
            return None
        return entry

    def can_undo_merge(self) -> str | None:
        with self.db.read() as s:
            entry = self._last_merge(s)
            return entry.summary if entry is not None else None

    def undo_last_merge(self) -> UndoResult:
        """Revert the most recent merge (only that one, and only once): the removed record comes
        back with its id, every moved link points at it again, rows deleted because of a
        clash are restored, and the kept record gets its former field values back.

        Refused when the kept record was edited after the merge, since restoring its old values
        would silently throw those edits away.
        """
        with self.db.transaction() as s:
            entry = self._last_merge(s)
            if entry is None:
                raise UserError(
                    "Es gibt keine Zusammenführung, die rückgängig gemacht werden kann.",
                    hint="Nur die letzte Zusammenführung lässt sich rückgängig machen, und nur "
                    "einmal.",
                )
            changes = cast(dict[str, Any], entry.changes)
            data = cast(dict[str, Any], changes["undo"])
            entity = cast(Literal["person", "organisation"], entry.entity_type)
            model: Any = Person if entity == "person" else Organisation
            table = model.__table__
            assert isinstance(table, Table)
            keep_id = int(entry.entity_id or 0)
            keep = s.get(model, keep_id)
            if keep is None:
                raise UserError(
                    "Die Zusammenführung kann nicht rückgängig gemacht werden: Der behaltene "
                    "Datensatz wurde inzwischen gelöscht."
                )
            if keep.version != data["kept_version_after"]:
                raise ConcurrentEditError(
                    f"Die Zusammenführung kann nicht rückgängig gemacht werden: "
                    f"„{_label(keep)}“ wurde danach noch geändert.",
                    hint="Bitte die Daten von Hand trennen.",
                )
            removed_row = _load(table, data["removed_row"])
            removed_id = int(removed_row["id"])
            kept_before = _load(table, data["kept_before"])
            if (
                entity == "organisation"
                and removed_row.get("ags")
                and (removed_row.get("ags") == keep.ags)
            ):
                keep.ags = None
                s.flush()
            s.execute(insert(table).values(**removed_row))
            for item in data["moved"]:
                t = _table(item["table"])
                pk = list(
                    _load(
                        t,
                        dict(zip([c.name for c in t.primary_key.columns], item["pk"], strict=True)),
                    ).values()
                )
                # A moved primary-key column (e.g. consultation_person.person_id) now holds
                # the kept id.
                pk_names = [c.name for c in t.primary_key.columns]
                pk = [
                    keep_id if n == item["column"] else v for n, v in zip(pk_names, pk, strict=True)
                ]
                # "restore": values the merge changed besides the link (a primary role that
                # stopped being primary because the kept person had one).
                s.execute(
                    update(t)
                    .where(_pk_where(t, pk))
                    .values({item["column"]: removed_id, **item.get("restore", {})})
                )
            for item in data["deleted"]:
                t = _table(item["table"])
                s.execute(insert(t).values(**_load(t, item["row"])))
            s.flush()
            s.expire_all()
            keep = s.get(model, keep_id)
            assert keep is not None
            for key in PERSON_FIELDS if entity == "person" else ORGANISATION_FIELDS:
                setattr(keep, key, kept_before[key])
            restored = s.get(model, removed_id)
            assert restored is not None
            if isinstance(keep, Person) and isinstance(restored, Person):
                derived.refresh(s, keep, restored)
            elif isinstance(keep, Organisation) and isinstance(restored, Organisation):
                members = [*derived.members_of(s, keep.id), *derived.members_of(s, restored.id)]
                derived.refresh(s, keep, restored, *members)
                derived.refresh_consultations(s, _consultations_of(s, keep_id, removed_id))
            s.flush()
            summary = (
                f"Zusammenführung rückgängig gemacht: {_label(restored)} (Nr. {removed_id}) "
                f"wiederhergestellt, getrennt von {_label(keep)} (Nr. {keep_id})"
            )
            self.audit(
                s,
                AuditAction.RESTORE,
                entity,
                removed_id,
                summary,
                {"undo_of": entry.id, "kept_id": keep_id},
            )
            return UndoResult(
                entity=entity, kept_id=keep_id, restored_id=removed_id, summary=summary
            )
