"""Press releases: numbering per year, Aktenzeichen, freezing, versions, issued documents."""

from __future__ import annotations

import threading
from datetime import date

import pytest

from beratung.domain.enums import PressStatus
from beratung.domain.errors import ValidationError
from beratung.services.office import OfficeProfileData
from beratung.services.press import PressDraft, file_reference, parse_press_number


def _draft(
    clerk_id: int,
    *,
    day: date = date(2017, 7, 31),
    headline: str = "147 Bewerbungen",
    body: str = "Der Städtetag freut sich.\n\n„Ein Zitat“, sagte er.",
) -> PressDraft:
    return PressDraft(
        headline=headline,
        body=body,
        dateline_place="Stuttgart",
        release_date=day,
        clerk_id=clerk_id,
        file_plan_code="047.43",
        contact_text="Simone Fischer, Fachberatung Inklusion",
    )


def test_numbers_run_per_year_and_the_file_reference_is_built(services, office) -> None:
    first = services.press.create_draft(_draft(office.id))
    assert first.status == PressStatus.DRAFT and first.number is None
    final = services.press.finalise_release(first.id, expected_version=first.version)
    assert final.number_text == "P 1/2017"
    assert final.file_reference == "047.43 - P 1/2017 · Co"
    second = services.press.create_draft(_draft(office.id, day=date(2017, 8, 2)))
    assert services.press.finalise_release(second.id, expected_version=1).number_text == "P 2/2017"
    next_year = services.press.create_draft(_draft(office.id, day=date(2018, 1, 3)))
    assert (
        services.press.finalise_release(next_year.id, expected_version=1).number_text == "P 1/2018"
    )


def test_a_refused_release_uses_up_no_number(services, office) -> None:
    empty = services.press.create_draft(_draft(office.id, body="   "))
    with pytest.raises(ValidationError) as info:
        services.press.finalise_release(empty.id, expected_version=empty.version)
    assert info.value.field == "body"
    too_long = services.press.create_draft(
        _draft(office.id, headline="Sehr lange Überschrift " * 16)
    )
    with pytest.raises(ValidationError) as info:
        services.press.finalise_release(too_long.id, expected_version=too_long.version)
    assert "Überschrift" in info.value.message
    good = services.press.create_draft(_draft(office.id))
    assert services.press.finalise_release(good.id, expected_version=1).number_text == "P 1/2017"


def test_missing_clerk_is_refused_before_numbering(services, office) -> None:
    draft = services.press.create_draft(
        PressDraft(
            headline="Ohne Bearbeiterin",
            body="Text",
            release_date=date(2017, 7, 31),
            file_plan_code="047.43",
        )
    )
    with pytest.raises(ValidationError) as info:
        services.press.finalise_release(draft.id, expected_version=draft.version)
    assert info.value.field == "clerk_id"


def test_a_final_release_is_frozen_and_reprints_identically(services, office) -> None:
    draft = services.press.create_draft(_draft(office.id))
    final = services.press.finalise_release(draft.id, expected_version=draft.version)
    before = services.documents.render_press_release(final.id)
    profile = services.office.get_profile()
    assert profile is not None
    services.office.save_profile(
        OfficeProfileData(name="Umbenannter Verband", town="Stuttgart"),
        expected_version=profile.version,
    )
    after = services.documents.render_press_release(final.id)
    assert after.pdf == before.pdf
    assert after.snapshot["sender"]["name"] == "Städtetag Baden-Württemberg"
    with pytest.raises(ValidationError):
        services.press.update_draft(
            final.id, _draft(office.id, headline="neu"), expected_version=final.version
        )


def test_a_change_is_a_new_revision_with_the_same_number(services, office) -> None:
    draft = services.press.create_draft(_draft(office.id))
    final = services.press.finalise_release(draft.id, expected_version=draft.version)
    revision = services.press.new_revision(final.id)
    assert revision.status == PressStatus.DRAFT and revision.supersedes_id == final.id
    revision = services.press.update_draft(
        revision.id,
        _draft(office.id, headline="147 Bewerbungen (korrigiert)"),
        expected_version=revision.version,
    )
    second = services.press.finalise_release(revision.id, expected_version=revision.version)
    assert second.number_text == "P 1/2017" and second.revision == 2
    assert services.press.find_by_number("P 1/2017").id == second.id
    rows = services.press.list_releases()
    current = {r.id: r.is_current for r in rows}
    assert current[second.id] and not current[final.id]


def test_concurrent_finalisations_get_consecutive_numbers(services, office) -> None:
    drafts = [services.press.create_draft(_draft(office.id)) for _ in range(4)]
    results: list[str] = []
    errors: list[BaseException] = []

    def work(release_id: int) -> None:
        try:
            detail = services.press.finalise_release(release_id, expected_version=1)
            results.append(detail.number_text or "")
        except BaseException as exc:  # collected and re-raised by the test below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(d.id,)) for d in drafts]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(results) == ["P 1/2017", "P 2/2017", "P 3/2017", "P 4/2017"]


def test_issued_documents_are_logged_and_reprinted_exactly(services, office) -> None:
    draft = services.press.create_draft(_draft(office.id))
    final = services.press.finalise_release(draft.id, expected_version=draft.version)
    rendered = services.documents.render_press_release(final.id)
    log_id = services.documents.record_issue(rendered)
    rows = services.documents.list_issued(entity_type="press_release", entity_id=final.id)
    assert [r.id for r in rows] == [log_id]
    assert rows[0].title == rendered.title and rows[0].page_count == 1
    assert services.documents.reprint(log_id) == rendered.pdf


def test_press_number_parsing() -> None:
    assert parse_press_number("P 309/2017") == (2017, 309)
    assert parse_press_number("p309/2017") == (2017, 309)
    assert parse_press_number("309 / 2017") == (2017, 309)
    with pytest.raises(ValidationError):
        parse_press_number("309-2017")
    assert file_reference("047.43", 2017, 309, "Co") == "047.43 - P 309/2017 · Co"


def test_cli_lists_and_prints_a_release(services, office, database_url, tmp_path, capsys) -> None:
    import json

    import pdfplumber

    from beratung.cli import main

    draft = services.press.create_draft(_draft(office.id))
    services.press.finalise_release(draft.id, expected_version=draft.version)
    assert main(["--database-url", database_url, "press", "list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert listed[0]["number"] == "P 1/2017" and listed[0]["status"] == "final"
    out = tmp_path / "p1.pdf"
    assert (
        main(
            [
                "--database-url",
                database_url,
                "print",
                "press-release",
                "P 1/2017",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    with pdfplumber.open(out) as pdf:
        text = pdf.pages[0].extract_text()
    assert "PRESSEINFORMATION" in text and "047.43 - P 1/2017 · Co" in text
    assert (
        main(
            [
                "--database-url",
                database_url,
                "print",
                "press-release",
                "P 7/2017",
                "--out",
                str(out),
            ]
        )
        == 1
    )
    assert "P 7/2017 gibt es nicht" in capsys.readouterr().err
    assert len(services.documents.list_issued(entity_type="press_release")) == 1


def test_a_long_draft_can_be_previewed_but_not_finalised(services, office) -> None:
    long_body = "\n\n".join(["Ein langer Absatz über Quartiersentwicklung. " * 12] * 12)
    draft = services.press.create_draft(_draft(office.id, body=long_body))
    preview = services.documents.render_press_release(draft.id)
    assert preview.pdf.startswith(b"%PDF") and preview.title.startswith("Entwurf")
    assert preview.suggested_file_name.startswith("Presseinformation Entwurf")
    with pytest.raises(ValidationError) as info:
        services.press.finalise_release(draft.id, expected_version=draft.version)
    assert "Seiten" in info.value.message
    short = services.press.create_draft(_draft(office.id))
    assert services.press.finalise_release(short.id, expected_version=1).number_text == "P 1/2017"


def test_file_names_and_replacement_state(services, office) -> None:
    draft = services.press.create_draft(_draft(office.id))
    final = services.press.finalise_release(draft.id, expected_version=draft.version)
    rendered = services.documents.render_press_release(final.id)
    assert rendered.suggested_file_name == "Presseinformation P 1-2017.pdf"
    revision = services.press.new_revision(final.id)
    rows = {r.id: r for r in services.press.list_releases()}
    assert not rows[final.id].replaced_by_final and rows[final.id].year == 2017
    services.press.finalise_release(revision.id, expected_version=revision.version)
    rows = {r.id: r for r in services.press.list_releases()}
    assert rows[final.id].replaced_by_final
    assert services.documents.render_press_release(revision.id).suggested_file_name == (
        "Presseinformation P 1-2017 Fassung 2.pdf"
    )


def test_reprint_document_keeps_the_original_snapshot(services, office) -> None:
    draft = services.press.create_draft(_draft(office.id))
    final = services.press.finalise_release(draft.id, expected_version=draft.version)
    rendered = services.documents.render_press_release(final.id)
    log_id = services.documents.record_issue(rendered)
    again = services.documents.reprint_document(log_id)
    assert again.pdf == rendered.pdf and again.snapshot == rendered.snapshot
    assert (again.entity_type, again.entity_id) == ("press_release", final.id)
