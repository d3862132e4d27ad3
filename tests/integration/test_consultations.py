"""ConsultationService on SQLite and PostgreSQL: record, list, update, delete, search, files."""

from __future__ import annotations

import dataclasses
import hashlib
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from beratung.domain.contacts import Affiliation, Organisation, Person
from beratung.domain.enums import AuditAction, ConsultationMode, OrganisationKind
from beratung.domain.errors import ConcurrentEditError, NotFoundError, UserError, ValidationError
from beratung.domain.records import AuditEntry
from beratung.domain.work import Programme
from beratung.services.base import ServiceContext
from beratung.services.consultations import (
    ConsultationDraft,
    ConsultationFilter,
    ConsultationService,
)

BERLIN = ZoneInfo("Europe/Berlin")


def at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=BERLIN)


def _fixed(services: Any, when: datetime) -> ConsultationService:
    context: ServiceContext = dataclasses.replace(services.context, clock=lambda: when)
    return ConsultationService(context)


@pytest.fixture
def world(services: Any) -> dict[str, int]:
    """Two municipalities, a county, two persons, a programme."""
    with services.db.transaction() as s:
        ulm = Organisation(
            kind=OrganisationKind.MUNICIPALITY,
            name="Stadt Ulm",
            kreis="Ulm",
            regierungsbezirk="Tübingen",
            is_member=True,
        )
        aid = Organisation(
            kind=OrganisationKind.MUNICIPALITY,
            name="Gemeinde Aidlingen",
            kreis="Böblingen",
            regierungsbezirk="Stuttgart",
            is_member=False,
        )
        anna = Person(first_name="Anna", last_name="Muster", title="Dr.")
        bernd = Person(first_name="Bernd", last_name="Beispiel")
        q2020 = Programme(
            name="Quartier 2020", starts_on=date(2017, 3, 1), deadline=date(2017, 7, 31)
        )
        s.add_all([ulm, aid, anna, bernd, q2020])
        s.flush()
        s.add(
            Affiliation(
                person_id=anna.id, organisation_id=ulm.id, role="Sozialdezernentin", is_primary=True
            )
        )
        return {
            "ulm": ulm.id,
            "aidlingen": aid.id,
            "anna": anna.id,
            "bernd": bernd.id,
            "q2020": q2020.id,
        }


def draft(world: dict[str, int], **changes: Any) -> ConsultationDraft:
    base = ConsultationDraft(
        occurred_at=at(date(2017, 5, 12), 14, 30),
        mode=ConsultationMode.PHONE,
        duration_minutes=45,
        organisation_id=world["ulm"],
        person_ids=(world["anna"],),
        new_topic_names=("Barrierefreiheit", "Quartiersentwicklung"),
        programme_id=world["q2020"],
        subject="Antrag Quartier 2020",
        summary="Beratung zur Förderung eines inklusiven Quartiers; Bürgerbeteiligung geplant.",
        outcome="Antrag bis Ende Juli, Wiedervorlage im Juni.",
        file_reference="047.43",
    )
    return dataclasses.replace(base, **changes)


def audit_entries(services: Any, entity_type: str) -> list[AuditEntry]:
    with services.db.transaction(write=False) as s:
        return list(
            s.scalars(
                select(AuditEntry)
                .where(AuditEntry.entity_type == entity_type)
                .order_by(AuditEntry.id)
            )
        )


def test_record_get_list_update_delete_with_audit(services: Any, world: dict[str, int]) -> None:
    svc = services.consultations
    detail = svc.create_consultation(draft(world))
    assert detail.organisation is not None and detail.organisation.name == "Stadt Ulm"
    assert [p.name for p in detail.persons] == ["Dr. Anna Muster"]
    assert detail.persons[0].role == "Sozialdezernentin"
    assert [t.name for t in detail.topics] == ["Barrierefreiheit", "Quartiersentwicklung"]
    assert detail.programme is not None and detail.programme.name == "Quartier 2020"
    assert detail.occurred_at == datetime(2017, 5, 12, 12, 30, tzinfo=UTC)
    assert detail.mode_label == "Telefon"
    assert detail.version == 1
    assert svc.get_consultation(detail.id) == detail

    rows = svc.list_consultations()
    assert [r.id for r in rows] == [detail.id]
    assert rows[0].topic_names == ("Barrierefreiheit", "Quartiersentwicklung")
    assert rows[0].person_names == ("Dr. Anna Muster",)
    assert rows[0].organisation_name == "Stadt Ulm"
    assert svc.count_consultations() == 1

    # Existing topic names are reused, not duplicated (case-insensitive).
    second = svc.create_consultation(
        draft(
            world,
            new_topic_names=("barrierefreiheit",),
            organisation_id=world["aidlingen"],
            person_ids=(),
            occurred_at=at(date(2017, 6, 1)),
        )
    )
    assert [t.id for t in second.topics] == [detail.topics[0].id]
    assert len(svc.list_topics()) == 2

    updated = svc.update_consultation(
        detail.id,
        dataclasses.replace(detail.to_draft(), duration_minutes=60, outcome="Antrag gestellt."),
        expected_version=detail.version,
    )
    assert updated.version == 2
    assert updated.duration_minutes == 60
    assert updated.outcome == "Antrag gestellt."

    svc.delete_consultation(updated.id, expected_version=updated.version)
    with pytest.raises(NotFoundError):
        svc.get_consultation(updated.id)
    assert svc.count_consultations() == 1

    actions = [(e.action, e.entity_id) for e in audit_entries(services, "consultation")]
    assert actions == [
        (AuditAction.CREATE, detail.id),
        (AuditAction.CREATE, second.id),
        (AuditAction.UPDATE, detail.id),
        (AuditAction.DELETE, detail.id),
    ]
    update_entry = audit_entries(services, "consultation")[2]
    assert update_entry.changes is not None
    assert update_entry.changes["duration_minutes"] == [45, 60]
    assert {e.summary for e in audit_entries(services, "topic")} == {
        "Thema „Barrierefreiheit“ angelegt",
        "Thema „Quartiersentwicklung“ angelegt",
    }


def test_concurrent_edit_is_refused(services: Any, world: dict[str, int]) -> None:
    svc = services.consultations
    detail = svc.create_consultation(draft(world))
    svc.update_consultation(
        detail.id, dataclasses.replace(detail.to_draft(), duration_minutes=50), 1
    )
    with pytest.raises(ConcurrentEditError):
        svc.update_consultation(
            detail.id, dataclasses.replace(detail.to_draft(), duration_minutes=70), 1
        )
    with pytest.raises(ConcurrentEditError):
        svc.delete_consultation(detail.id, expected_version=1)
    assert svc.get_consultation(detail.id).duration_minutes == 50


def test_validation_messages_are_german_and_name_the_field(
    services: Any, world: dict[str, int]
) -> None:
    svc = _fixed(services, datetime(2017, 10, 24, 9, 0, tzinfo=UTC))
    with pytest.raises(ValidationError) as bad_date:
        svc.parse_when("32.10.2017")
    assert bad_date.value.field == "occurred_at"
    assert "32.10.2017" in bad_date.value.message
    with pytest.raises(ValidationError) as empty:
        svc.parse_when("  ")
    assert "Datum" in empty.value.message
    with pytest.raises(ValidationError) as bad_time:
        svc.parse_when("heute", "25:00")
    assert bad_time.value.field == "occurred_time"

    assert svc.parse_when("gestern", "14:30") == datetime(2017, 10, 23, 14, 30, tzinfo=BERLIN)
    assert svc.parse_when("25.10.") == datetime(2016, 10, 25, 12, 0, tzinfo=BERLIN)
    assert svc.parse_when("25.10.2017", "9.15") == datetime(2017, 10, 25, 9, 15, tzinfo=BERLIN)

    for changes, field in [
        ({"occurred_at": None}, "occurred_at"),
        ({"occurred_at": datetime(2017, 5, 12, 10, 0)}, "occurred_at"),
        ({"duration_minutes": 2000}, "duration_minutes"),
        ({"organisation_id": 999_999}, "organisation_id"),
        ({"organisation_id": None, "person_ids": ()}, "organisation_id"),
        ({"person_ids": (999_999,)}, "person_ids"),
        ({"programme_id": 999_999}, "programme_id"),
        ({"subject": "x" * 301}, "subject"),
        ({"new_topic_names": ("y" * 121,)}, "new_topic_names"),
    ]:
        with pytest.raises(ValidationError) as error:
            svc.create_consultation(draft(world, **changes))
        assert error.value.field == field, changes
    assert svc.count_consultations() == 0


def test_filters(services: Any, world: dict[str, int]) -> None:
    svc = services.consultations
    a = svc.create_consultation(draft(world, occurred_at=at(date(2017, 1, 31), 23, 30)))
    b = svc.create_consultation(
        draft(
            world,
            occurred_at=at(date(2017, 2, 1), 0, 15),
            mode=ConsultationMode.ON_SITE,
            programme_id=None,
            organisation_id=world["aidlingen"],
            person_ids=(world["bernd"],),
            new_topic_names=("Wohnen",),
        )
    )
    c = svc.create_consultation(
        draft(world, occurred_at=at(date(2017, 3, 5)), mode=ConsultationMode.VIDEO)
    )

    def ids(**kw: Any) -> list[int]:
        return [r.id for r in svc.list_consultations(ConsultationFilter(**kw))]

    assert ids() == [c.id, b.id, a.id]
    # German calendar days, not UTC days: 31.01. 23:30 is in January.
    assert ids(period_to=date(2017, 1, 31)) == [a.id]
    assert ids(period_from=date(2017, 2, 1), period_to=date(2017, 2, 28)) == [b.id]
    assert ids(organisation_id=world["aidlingen"]) == [b.id]
    assert ids(person_id=world["bernd"]) == [b.id]
    assert ids(programme_id=world["q2020"]) == [c.id, a.id]
    assert ids(mode=ConsultationMode.VIDEO) == [c.id]
    wohnen = next(t.id for t in svc.list_topics() if t.name == "Wohnen")
    assert ids(topic_id=wohnen) == [b.id]
    assert svc.count_consultations(ConsultationFilter(programme_id=world["q2020"])) == 2
    assert [r.id for r in svc.list_consultations(offset=1, limit=1)] == [b.id]


def test_full_text_search_folds_umlauts_and_follows_changes(
    services: Any, world: dict[str, int]
) -> None:
    svc = services.consultations
    first = svc.create_consultation(draft(world))
    other = svc.create_consultation(
        draft(
            world,
            summary="Gespräch über Mobilität und Straßenraum.",
            subject="Verkehr",
            new_topic_names=("Mobilität",),
            outcome=None,
            organisation_id=world["aidlingen"],
            person_ids=(),
        )
    )

    def found(text: str, **kw: Any) -> list[int]:
        return [r.id for r in svc.search_consultations(text, ConsultationFilter(**kw))]

    for query in ("Förderung", "förderung", "forderung", "FOERDERUNG", "foerderung"):
        assert found(query) == [first.id], query
    assert found("förd") == [first.id]  # prefix as you type
    assert found("inklusiv quart") == [first.id]  # several words, last one a prefix
    assert found("mobilitat") == [other.id]
    assert found("strassenraum") == [other.id]  # ß folded to ss
    assert found("Straßenraum") == [other.id]
    assert found("Aidlingen") == [other.id]  # organisation name is indexed
    assert found("Barrierefreiheit") == [first.id]  # topic names are indexed
    assert found("Förderung", organisation_id=world["aidlingen"]) == []
    assert found('"; DROP TABLE consultation; --') == []
    assert found("   ") == [other.id, first.id]  # no word: no text filter
    assert svc.count_consultations(ConsultationFilter(text="förderung")) == 1

    # Updates re-index; deletes remove from the index.
    svc.update_consultation(
        first.id,
        dataclasses.replace(
            svc.get_consultation(first.id).to_draft(), summary="Sozialraumanalyse besprochen."
        ),
        1,
    )
    assert found("förderung") == []
    assert found("sozialraum") == [first.id]
    renamed = next(t for t in svc.list_topics() if t.name == "Mobilität")
    svc.rename_topic(renamed.id, "Verkehrswende")
    assert found("verkehrswende") == [other.id]
    svc.delete_consultation(other.id)
    assert found("verkehrswende") == []
    assert found("Aidlingen") == []


def test_fast_entry_prefills_from_organisation_and_person(
    services: Any, world: dict[str, int]
) -> None:
    svc = _fixed(services, datetime(2017, 6, 14, 8, 7, tzinfo=UTC))
    empty = svc.draft_for_organisation(world["ulm"])
    assert empty.organisation is not None and empty.organisation.name == "Stadt Ulm"
    assert empty.persons == ()
    assert empty.draft.occurred_at == datetime(2017, 6, 14, 10, 0, tzinfo=BERLIN)

    svc.create_consultation(
        draft(world, occurred_at=at(date(2017, 5, 2)), new_topic_names=("Wohnen",))
    )
    svc.create_consultation(
        draft(
            world,
            occurred_at=at(date(2017, 6, 2)),
            new_topic_names=("Mobilität",),
            organisation_id=world["aidlingen"],
            person_ids=(world["bernd"],),
        )
    )
    svc.create_topic("Unbenutzt")

    prefill = svc.draft_for_organisation(world["ulm"])
    assert prefill.draft.organisation_id == world["ulm"]
    assert prefill.draft.person_ids == (world["anna"],)
    assert prefill.draft.programme_id == world["q2020"]
    assert [t.name for t in prefill.topic_choices] == ["Mobilität", "Wohnen", "Unbenutzt"]
    assert [p.name for p in prefill.programme_choices] == ["Quartier 2020"]
    assert [t.name for t in svc.recent_topics(1)] == ["Mobilität"]
    assert [p.name for p in svc.recent_programmes()] == ["Quartier 2020"]

    by_person = svc.draft_for_person(world["anna"])
    assert by_person.organisation is not None and by_person.organisation.id == world["ulm"]
    assert by_person.persons[0].role == "Sozialdezernentin"
    assert by_person.draft.person_ids == (world["anna"],)
    with pytest.raises(NotFoundError):
        svc.draft_for_person(999_999)


def test_topics_are_managed(services: Any) -> None:
    svc = services.consultations
    topic = svc.create_topic("  Inklusive   Bildung ")
    assert topic.name == "Inklusive Bildung"
    with pytest.raises(ValidationError, match="gibt es schon"):
        svc.create_topic("inklusive bildung")
    with pytest.raises(ValidationError):
        svc.create_topic("")
    other = svc.create_topic("Wohnen")
    with pytest.raises(ValidationError, match="gibt es schon"):
        svc.rename_topic(other.id, "Inklusive Bildung")
    assert svc.rename_topic(topic.id, "Bildung").name == "Bildung"
    svc.set_topic_active(other.id, False)
    assert [t.name for t in svc.list_topics()] == ["Bildung"]
    assert [t.name for t in svc.list_topics(include_inactive=True)] == ["Bildung", "Wohnen"]


def test_attachments_are_copied_hashed_and_removed(
    services: Any, world: dict[str, int], tmp_path: Path
) -> None:
    svc = services.consultations
    detail = svc.create_consultation(draft(world))
    source = tmp_path / "Konzept Quartier.PDF"
    content = b"%PDF-1.4 Konzept " * 1000
    source.write_bytes(content)

    attachment = svc.add_attachment(detail.id, source)
    sha = hashlib.sha256(content).hexdigest()
    assert attachment.sha256 == sha
    assert attachment.size_bytes == len(content)
    assert attachment.original_name == "Konzept Quartier.PDF"
    assert attachment.stored_name == f"{sha[:2]}/{sha}.pdf"
    stored = svc.attachment_path(attachment.id)
    assert stored.read_bytes() == content
    assert stored.is_relative_to(services.paths.attachment_dir)

    # The original may move away: the copy stays valid.
    source.unlink()
    assert svc.get_consultation(detail.id).attachments == (attachment,)
    assert svc.list_consultations()[0].attachment_count == 1

    # The same content attached again gets its own file.
    source.write_bytes(content)
    again = svc.add_attachment(detail.id, source)
    assert again.stored_name == f"{sha[:2]}/{sha}-2.pdf"

    svc.remove_attachment(attachment.id)
    assert not stored.exists()
    assert svc.attachment_path(again.id).exists()
    with pytest.raises(NotFoundError):
        svc.attachment_path(attachment.id)
    assert [e.action for e in audit_entries(services, "attachment")] == [
        AuditAction.CREATE,
        AuditAction.CREATE,
        AuditAction.DELETE,
    ]


def test_attachment_errors_leave_nothing_behind(
    services: Any, world: dict[str, int], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    svc = services.consultations
    detail = svc.create_consultation(draft(world))
    folder = services.paths.attachment_dir
    before = sorted(folder.rglob("*"))

    with pytest.raises(ValidationError, match="gibt es nicht"):
        svc.add_attachment(detail.id, tmp_path / "fehlt.pdf")
    with pytest.raises(ValidationError):
        svc.add_attachment(detail.id, tmp_path)  # a folder
    source = tmp_path / "a.txt"
    source.write_text("Notiz", encoding="utf-8")
    with pytest.raises(NotFoundError):
        svc.add_attachment(999_999, source)
    unreadable = tmp_path / "gesperrt.txt"
    unreadable.write_text("geheim", encoding="utf-8")
    real_open = Path.open

    def refusing_open(self: Path, *args: Any, **kwargs: Any) -> Any:
        if self == unreadable:
            raise PermissionError(13, "Keine Berechtigung")
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refusing_open)
    with pytest.raises(UserError, match="kann nicht gelesen"):
        svc.add_attachment(detail.id, unreadable)
    monkeypatch.undo()

    # A failure after the copy (here: in the transaction) removes the copy again.
    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("Absturz mitten in der Transaktion")

    monkeypatch.setattr(svc, "audit", broken)
    with pytest.raises(RuntimeError):
        svc.add_attachment(detail.id, source)
    monkeypatch.undo()

    assert sorted(folder.rglob("*")) == before
    assert svc.get_consultation(detail.id).attachments == ()


def test_deleting_a_consultation_removes_its_files(
    services: Any, world: dict[str, int], tmp_path: Path
) -> None:
    svc = services.consultations
    detail = svc.create_consultation(draft(world))
    source = tmp_path / "n.txt"
    source.write_text("Notiz", encoding="utf-8")
    path = svc.attachment_path(svc.add_attachment(detail.id, source).id)
    svc.delete_consultation(detail.id)
    assert not path.exists()


# --- one transaction: consultation, follow-up and attachments together ---------------------


def _files_in(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def test_record_saves_follow_up_and_attachments_in_one_call(
    services: Any, world: dict[str, int], tmp_path: Path
) -> None:
    from beratung.services.followups import FollowUpDraft

    source = tmp_path / "Protokoll.pdf"
    source.write_bytes(b"%PDF-1.4 Protokoll")
    detail = services.consultations.create_consultation(
        draft(world),
        follow_up=FollowUpDraft(due=date(2017, 6, 15), note="Antrag nachfragen"),
        attachments=[source],
    )
    assert [a.original_name for a in detail.attachments] == ["Protokoll.pdf"]
    assert [(f.due_on, f.note, f.is_done) for f in detail.follow_ups] == [
        (date(2017, 6, 15), "Antrag nachfragen", False)
    ]
    (stored,) = services.followups.list_follow_ups(consultation_id=detail.id)
    assert stored.id == detail.follow_ups[0].id
    assert services.consultations.attachment_path(detail.attachments[0].id).is_file()
    assert services.consultations.get_consultation(detail.id) == detail


def test_failing_follow_up_saves_nothing(
    services: Any, world: dict[str, int], tmp_path: Path
) -> None:
    from beratung.services.followups import FollowUpDraft

    source = tmp_path / "Konzept.pdf"
    source.write_bytes(b"%PDF-1.4 Konzept")
    with pytest.raises(ValidationError) as caught:
        services.consultations.create_consultation(
            draft(world),
            follow_up=FollowUpDraft(due="irgendwann mal", note="Nachfragen"),
            attachments=[source],
        )
    assert caught.value.field == "due"
    assert services.consultations.count_consultations() == 0
    assert services.followups.list_follow_ups(include_done=True) == []
    assert audit_entries(services, "consultation") == []
    assert audit_entries(services, "attachment") == []
    assert _files_in(services.paths.attachment_dir) == []  # the copy was removed again
    assert source.is_file()  # the original is untouched


def test_failing_update_keeps_the_stored_consultation(
    services: Any, world: dict[str, int], tmp_path: Path
) -> None:
    from beratung.services.followups import FollowUpDraft

    svc = services.consultations
    first = svc.create_consultation(draft(world))
    source = tmp_path / "Neu.pdf"
    source.write_bytes(b"neu")
    with pytest.raises(ValidationError):
        svc.update_consultation(
            first.id,
            draft(world, subject="Geändert"),
            first.version,
            follow_up=FollowUpDraft(due="", note="x"),
            attachments=[source],
        )
    assert svc.get_consultation(first.id) == first
    assert _files_in(services.paths.attachment_dir) == []

    changed = svc.update_consultation(
        first.id,
        draft(world, subject="Geändert"),
        first.version,
        follow_up=FollowUpDraft(due="in 2 Wochen", note="Nachfragen"),
        attachments=[source],
    )
    assert changed.subject == "Geändert"
    assert len(changed.attachments) == 1
    assert len(changed.follow_ups) == 1


def test_missing_attachment_file_saves_nothing(
    services: Any, world: dict[str, int], tmp_path: Path
) -> None:
    good = tmp_path / "da.pdf"
    good.write_bytes(b"da")
    with pytest.raises(ValidationError) as missing:
        services.consultations.create_consultation(
            draft(world), attachments=[good, tmp_path / "fehlt.pdf"]
        )
    assert missing.value.field == "attachments"  # the parameter, and the form's field
    assert services.consultations.count_consultations() == 0
    assert _files_in(services.paths.attachment_dir) == []


def test_draft_blank_offers_recent_choices_and_no_organisation(
    services: Any, world: dict[str, int]
) -> None:
    when = datetime(2017, 5, 20, 9, 52, tzinfo=BERLIN)
    svc = _fixed(services, when)
    svc.create_consultation(draft(world, occurred_at=at(date(2017, 5, 12))))
    blank = svc.draft_blank()
    assert blank.organisation is None
    assert blank.persons == ()
    assert blank.draft.organisation_id is None
    assert blank.draft.occurred_at == datetime(2017, 5, 20, 9, 45, tzinfo=BERLIN)
    assert blank.draft.programme_id == world["q2020"]  # still open until 31.07.2017
    assert [t.name for t in blank.topic_choices][:2] == [
        "Barrierefreiheit",
        "Quartiersentwicklung",
    ]
    assert blank.programme_choices[0].id == world["q2020"]


def test_search_hits_come_by_relevance_then_date(services: Any, world: dict[str, int]) -> None:
    """With search text the best match comes first (bm25 / ts_rank), equal ranks newest first;
    without text the list stays in date order."""
    svc = services.consultations
    plain = {"summary": None, "outcome": None, "file_reference": None, "new_topic_names": ()}
    # old, but "Wohnraum" is its subject and fills its notes
    strong = svc.create_consultation(
        draft(
            world,
            occurred_at=at(date(2016, 2, 1)),
            subject="Wohnraum",
            **{**plain, "summary": "Wohnraum, Wohnraum und barrierefreier Wohnraum."},
        )
    )
    # new, "Wohnraum" only once in a long note
    weak = svc.create_consultation(
        draft(
            world,
            occurred_at=at(date(2017, 9, 1)),
            subject="Jahresgespräch",
            **{
                **plain,
                "summary": "Gespräch über Haushalt, Personal, Fortbildung, Sitzungen, "
                "Arbeitskreise, Öffentlichkeitsarbeit und am Rande auch Wohnraum.",
            },
        )
    )
    # two equal hits: the newer one first
    twin_old = svc.create_consultation(
        draft(world, occurred_at=at(date(2017, 1, 10)), subject="Quartiersfest", **plain)
    )
    twin_new = svc.create_consultation(
        draft(world, occurred_at=at(date(2017, 3, 10)), subject="Quartiersfest", **plain)
    )

    def ids(text: str | None, **kw: Any) -> list[int]:
        return [r.id for r in svc.list_consultations(ConsultationFilter(text=text, **kw))]

    assert ids("wohnraum") == [strong.id, weak.id]
    assert ids("Wohnraum", period_from=date(2016, 1, 1)) == [strong.id, weak.id]
    assert ids("quartiersfest") == [twin_new.id, twin_old.id]
    # paging keeps the relevance order
    assert [r.id for r in svc.list_consultations(ConsultationFilter(text="wohnraum"), 1, 1)] == [
        weak.id
    ]
    # no text: newest first, as always
    assert ids(None) == [weak.id, twin_new.id, twin_old.id, strong.id]
    assert ids("   ") == [weak.id, twin_new.id, twin_old.id, strong.id]
    assert svc.count_consultations(ConsultationFilter(text="wohnraum")) == 2


def test_inactive_topic_stays_on_old_consultations_but_is_not_added_anew(
    services: Any, world: dict[str, int]
) -> None:
    svc = services.consultations
    old = svc.create_consultation(draft(world, new_topic_names=("Wohnen",)))
    wohnen = next(t for t in svc.list_topics() if t.name == "Wohnen")
    assert wohnen.consultation_count == 1
    assert svc.set_topic_active(wohnen.id, False).is_active is False

    # not offered for new consultations, neither in the choices nor by name or id
    assert "Wohnen" not in [t.name for t in svc.draft_blank().topic_choices]
    for change in ({"topic_ids": (wohnen.id,)}, {"new_topic_names": ("wohnen",)}):
        with pytest.raises(ValidationError) as caught:
            svc.create_consultation(draft(world, **change))
        assert "nicht mehr aktiv" in caught.value.message
        assert caught.value.field == "topic_ids"

    # the old consultation keeps it, also when it is edited
    detail = svc.get_consultation(old.id)
    assert [t.name for t in detail.topics] == ["Wohnen"]
    edited = svc.update_consultation(
        old.id, dataclasses.replace(detail.to_draft(), subject="Neu"), 1
    )
    assert [t.name for t in edited.topics] == ["Wohnen"]
    assert [t.consultation_count for t in svc.list_topics(include_inactive=True)] == [1]

    # reactivated, it is offered again
    svc.set_topic_active(wohnen.id, True)
    assert "Wohnen" in [t.name for t in svc.draft_blank().topic_choices]
    assert svc.create_consultation(draft(world, topic_ids=(wohnen.id,), new_topic_names=())).topics
