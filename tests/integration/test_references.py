"""Every row that points at a person or an organisation has a declared policy (what a merge
and an erasure do with it, whether it is in a person's data report)."""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Integer, MetaData, Table, Text

from beratung.domain.models import Base
from beratung.domain.references import OnErase
from beratung.storage import references


def test_every_foreign_key_to_a_person_or_organisation_has_a_policy() -> None:
    assert references.undeclared() == []
    targets = {ref.policy.target for t in references.TARGETS for ref in references.referencing(t)}
    assert targets == {"person", "organisation"}


def test_a_new_table_without_a_policy_is_named() -> None:
    metadata = MetaData()
    for table in Base.metadata.sorted_tables:
        table.to_metadata(metadata)
    Table(
        "gift",  # a future table holding personal data, forgotten in the declarations
        metadata,
        Column("id", Integer, primary_key=True),
        Column("person_id", ForeignKey("person.id")),
        Column("note", Text),
    )
    assert references.undeclared(metadata) == ["gift.person_id"]


def test_erasure_keeps_what_the_statistics_count_and_deletes_the_rest() -> None:
    by_table = {(p.table, p.column): p for p in references.policies().values()}
    assert by_table[("consultation_person", "person_id")].on_erase is OnErase.KEEP
    assert by_table[("registration", "person_id")].on_erase is OnErase.ANONYMISE
    assert by_table[("consent", "person_id")].on_erase is OnErase.DELETE
    assert all(p.in_report for p in references.policies().values() if p.target == "person")


def test_contacts_declare_nothing_about_events_and_the_reverse() -> None:
    from beratung.domain import contacts, events

    assert {p.table for p in contacts.REFERENCES}.isdisjoint({p.table for p in events.REFERENCES})
    assert references.policies()[("registration", "person_id")].stronger is not None
