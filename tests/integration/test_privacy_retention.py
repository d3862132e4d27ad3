"""Retention periods over the demo data, on SQLite and PostgreSQL: the settings with their
defaults, what is due, a dry run that changes nothing, and purge-due deleting the needs and
anonymising old consultations while the counts per municipality stay the same."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from beratung.cli import main
from beratung.domain.errors import ValidationError
from beratung.domain.events import AccessibilityNeed
from beratung.domain.work import Consultation, consultation_person
from beratung.services import Services
from beratung.services.base import ServiceContext
from beratung.services.demo import DemoService
from beratung.services.privacy import ConsultationRetention, PrivacyService, RetentionSettings

NOW = datetime(2026, 3, 10, 9, 30, tzinfo=UTC)


@pytest.fixture
def privacy(services: Services) -> PrivacyService:
    context = ServiceContext(db=services.db, paths=services.paths, user="Testerin",
                             clock=lambda: NOW)
    DemoService(context).create()
    return PrivacyService(context)


def _counts(services: Services) -> tuple[int, int, dict[int | None, int]]:
    with services.db.read() as s:
        needs = int(s.scalar(select(func.count(AccessibilityNeed.id))) or 0)
        links = int(s.scalar(select(func.count()).select_from(consultation_person)) or 0)
        per_org = {
            org: int(n) for org, n in s.execute(
                select(Consultation.organisation_id, func.count(Consultation.id))
                .group_by(Consultation.organisation_id)
            )
        }
    return needs, links, per_org


def test_settings_defaults_and_validation(privacy: PrivacyService) -> None:
    assert privacy.retention_settings() == RetentionSettings()
    changed = dataclasses.replace(
        RetentionSettings(), needs_weeks=2, consultations_years=7,
        consultations_action=ConsultationRetention.DELETE,
    )
    assert privacy.save_retention_settings(changed) == changed
    assert privacy.retention_settings() == changed
    with pytest.raises(ValidationError) as caught:
        privacy.save_retention_settings(dataclasses.replace(changed, contacts_review_years=0))
    assert caught.value.field == "contacts_review_years"


def test_dry_run_lists_and_purge_deletes_needs_and_anonymises_consultations(
    privacy: PrivacyService, services: Services
) -> None:
    privacy.save_retention_settings(
        dataclasses.replace(RetentionSettings(), consultations_years=8)
    )
    before = _counts(services)
    assert before[0] > 0

    report = privacy.due()
    assert report.today == date(2026, 3, 10)
    assert report.needs and all(item.due_on <= report.today for item in report.needs)
    assert report.consultations, "consultations of 2017 are due after 8 years"
    assert all(c.occurred_on <= date(2018, 3, 10) for c in report.consultations)

    dry = privacy.purge_due(dry_run=True)
    assert not dry.applied and "Probelauf" in dry.lines()[0]
    assert _counts(services) == before

    done = privacy.purge_due()
    assert done.applied
    needs, links, per_org = _counts(services)
    assert needs == before[0] - sum(item.needs for item in report.needs)
    assert links < before[1]
    assert per_org == before[2], "anonymising keeps every consultation for the statistics"
    with services.db.read() as s:
        ids = [c.consultation_id for c in report.consultations]
        assert s.scalar(
            select(func.count(Consultation.id)).where(
                Consultation.id.in_(ids), Consultation.summary.is_not(None)
            )
        ) == 0
    assert privacy.due().needs == () and privacy.due().consultations == ()


def test_purge_due_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "p.sqlite")
    assert main(["--db", db, "db", "upgrade"]) == 0
    capsys.readouterr()
    assert main(["--db", db, "privacy", "purge-due", "--dry-run"]) == 0
    assert "Nichts ist zur Löschung fällig." in capsys.readouterr().out


def test_record_cli_wants_a_pdf(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "r.sqlite")
    assert main(["--db", db, "db", "upgrade"]) == 0
    assert main(["--db", db, "privacy", "record", "--out", str(tmp_path / "v.docx")]) == 1
    assert ".pdf" in capsys.readouterr().err
    assert main(["--db", db, "privacy", "record", "--out", str(tmp_path / "v.pdf")]) == 0
    assert "Verarbeitungstätigkeiten gespeichert" in capsys.readouterr().out
    assert (tmp_path / "v.pdf").read_bytes().startswith(b"%PDF")


def test_consents_recorded_and_withdrawn_with_their_needs(
    privacy: PrivacyService, services: Services
) -> None:
    from beratung.domain.enums import ConsentMethod, ConsentPurpose
    from beratung.domain.records import Consent
    from beratung.services.privacy import ConsentInput

    with services.db.read() as s:
        consent_id, person_id = s.execute(
            select(Consent.id, Consent.person_id)
            .join(AccessibilityNeed, AccessibilityNeed.consent_id == Consent.id)
            .limit(1)
        ).one()
    with pytest.raises(ValidationError) as caught:
        privacy.record_consent(person_id, ConsentInput(
            ConsentPurpose.PHOTO, ConsentMethod.VERBAL, date(2026, 4, 1)))
    assert caught.value.field == "given_on"
    new = privacy.record_consent(person_id, ConsentInput(
        ConsentPurpose.PHOTO, ConsentMethod.WRITTEN, date(2026, 3, 1),
        valid_until=date(2027, 3, 1), notes="  beim Werkstattgespräch  "))
    assert new.notes == "beim Werkstattgespräch" and new.purpose_label == "Fotos"
    assert new.id in [c.id for c in privacy.list_consents(person_id)]

    withdrawn = privacy.withdraw_consent(consent_id)
    assert withdrawn.withdrawn_on == date(2026, 3, 10)
    with services.db.read() as s:
        assert s.scalar(
            select(func.count(AccessibilityNeed.id)).where(
                AccessibilityNeed.consent_id == consent_id)
        ) == 0
    with pytest.raises(ValidationError, match="bereits"):
        privacy.withdraw_consent(consent_id)
