"""Beratungen: keyboard entry, German dates, full-text search, the lazy list model."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog, QWidget
from pytestqt.qtbot import QtBot

from beratung.domain.enums import ConsultationMode, OrganisationKind
from beratung.gui.consultations.form import ConsultationForm, FormDialogs, SaveResult
from beratung.gui.consultations.models import ID_ROLE, ConsultationTableModel
from beratung.gui.main_window import MainWindow
from beratung.gui.pages.consultations import ConsultationsPage
from beratung.gui.tablemodels import ROW_ROLE
from beratung.services import Services
from beratung.services.consultations import ConsultationDraft, ConsultationFilter
from beratung.services.contacts import AffiliationInput, OrganisationInput, PersonInput

FormDriver = Callable[[ConsultationForm], None]

#: Typing into the organisation field opens the completer popup, which the offscreen platform
#: cannot give the keyboard grab.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support grabbing the keyboard")


@pytest.fixture
def ulm(services: Services) -> int:
    org = services.contacts.create_organisation(
        OrganisationInput(
            name="Stadt Ulm",
            kind=OrganisationKind.MUNICIPALITY,
            town="Ulm",
            kreis="Stadtkreis Ulm",
            regierungsbezirk="Tübingen",
            is_member=True,
        )
    )
    services.contacts.create_person(
        PersonInput(last_name="Muster", first_name="Anna", title="Dr."),
        affiliation=AffiliationInput(organisation_id=org.id, role="Sozialdezernentin"),
    )
    services.contacts.create_person(
        PersonInput(last_name="Beispiel", first_name="Bernd"),
        affiliation=AffiliationInput(organisation_id=org.id, role="Bauamt"),
    )
    services.consultations.create_topic("Barrierefreiheit")
    services.consultations.create_topic("Quartiersentwicklung")
    return org.id


def drive_form(
    monkeypatch: pytest.MonkeyPatch, qtbot: QtBot, fill: FormDriver, *, expect_save: bool = True
) -> list[ConsultationForm]:
    """Replace the modal entry point: build the form, let ``fill`` type into it, save."""
    forms: list[ConsultationForm] = []

    def edit(
        cls: type[ConsultationForm],
        parent: QWidget | None,
        services: Services,
        prefill: object,
        detail: object = None,
    ) -> SaveResult | None:
        form = cls(services, prefill, detail, parent)  # type: ignore[arg-type]
        qtbot.addWidget(form)
        form.show()
        forms.append(form)
        fill(form)
        if expect_save:
            qtbot.waitUntil(lambda: form.result_value is not None, timeout=10_000)
        return form.result_value

    monkeypatch.setattr(ConsultationForm, "edit", classmethod(edit))
    return forms


def next_tab_stop(widget: QWidget) -> QWidget:
    candidate = widget.nextInFocusChain()
    while not candidate.focusPolicy() & Qt.FocusPolicy.TabFocus or widget.isAncestorOf(candidate):
        candidate = candidate.nextInFocusChain()
    return candidate


def type_consultation(qtbot: QtBot, form: ConsultationForm, *, summary: str) -> None:
    """What the advisor types after a phone call, field by field in Tab order."""
    form.date_field.edit.selectAll()
    qtbot.keyClicks(form.date_field.edit, "heute")
    form.time_edit.clear()
    qtbot.keyClicks(form.time_edit, "9:15")
    form.duration.setValue(30)
    form.mode_buttons[ConsultationMode.ON_SITE].setChecked(True)
    qtbot.keyClicks(form.organisation, "Ulm")
    assert form.organisation.suggestions()[0] == "Stadt Ulm"
    form.organisation.choose_text("Stadt Ulm")
    form.set_checked(form.persons_model, ["Dr. Anna Muster"])
    form.set_checked(form.topics_model, ["Barrierefreiheit"])
    form.new_topics.setText("Inklusive Spielplätze")
    qtbot.keyClicks(form.subject, "Umbau Rathaus")
    form.summary.setPlainText(summary)
    form.outcome.setPlainText("Antrag bis Ende Juli stellen")
    qtbot.keyClicks(form.file_reference, "P 309/2017")


def test_form_tab_order_follows_the_conversation(
    qtbot: QtBot, services: Services, ulm: int
) -> None:
    prefill = services.consultations.draft_for_organisation(ulm)
    form = ConsultationForm(services, prefill)
    qtbot.addWidget(form)
    form.show()
    names = [w.accessibleName() for w in form.tab_order]
    assert names[:9] == [
        "Datum",
        "Uhrzeit",
        "Dauer in Minuten",
        "vor Ort",
        "Telefon",
        "Video",
        "E-Mail",
        "Kommune oder Organisation",
        "Personen",
    ]
    for first, second in zip(form.tab_order, form.tab_order[1:], strict=False):
        assert next_tab_stop(first) is second, (first.accessibleName(), second)
    # pre-filled from the organisation; the date shows what it understood
    assert form.organisation.text() == "Stadt Ulm"
    assert form.organisation.organisation_id() == ulm
    assert form.date_field.text() == "heute"
    assert form.date_field.feedback.text()  # "Dienstag, 24. November 2026"
    assert form.save_shortcut.key() == QKeySequence(QKeySequence.StandardKey.Save)


def test_record_with_the_keyboard_and_find_it_in_the_list(
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    window: MainWindow,
    services: Services,
    ulm: int,
) -> None:
    page = window.page("consultations")
    assert isinstance(page, ConsultationsPage)
    window.show_page("consultations")
    assert page.new_action.shortcut() == QKeySequence("Ctrl+N")

    def fill(form: ConsultationForm) -> None:
        type_consultation(qtbot, form, summary="Die Rampe am Rathaus ist zu steil.")
        qtbot.keyClick(form.file_reference, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)

    forms = drive_form(monkeypatch, qtbot, fill)
    page.new_action.trigger()
    assert len(forms) == 1

    assert services.consultations.count_consultations() == 1
    assert page.model.total == 1
    row = page.model.row_at(0)
    assert row.organisation_name == "Stadt Ulm"
    assert row.mode == ConsultationMode.ON_SITE
    assert set(row.topic_names) == {"Barrierefreiheit", "Inklusive Spielplätze"}
    assert page.model.index(0, 0).data() == services.context.today().strftime("%d.%m.%Y")
    assert page.model.index(0, 1).data() == "Stadt Ulm"
    assert page.current_id() == row.id
    detail = services.consultations.get_consultation(row.id)
    assert [p.name for p in detail.persons] == ["Dr. Anna Muster"]
    assert detail.duration_minutes == 30
    assert detail.file_reference == "P 309/2017"
    assert "Die Rampe am Rathaus" in page.detail_view.toPlainText()
    assert page.count_label.text() == "1 Beratung"


def test_wrong_date_shows_the_error_and_saves_nothing(
    qtbot: QtBot, services: Services, ulm: int
) -> None:
    form = ConsultationForm(services, services.consultations.draft_for_organisation(ulm))
    qtbot.addWidget(form)
    form.show()
    for text in ("32.13.", "30.02.2017", "irgendwann"):
        form.date_field.setText(text)
        assert form.date_field.error(), text
        assert "kein" in form.date_field.feedback.text()  # shown at the field
        form.save()
        assert "kein" in form.error_text()
        assert form.result_value is None
    assert services.consultations.count_consultations() == 0
    qtbot.keyClick(form.subject, Qt.Key.Key_Escape)  # Esc cancels
    assert form.result() == QDialog.DialogCode.Rejected
    assert not form.isVisible()
    # a valid date clears the message at the field and shows the understood date
    form.date_field.setText("25.10.2017")
    assert form.date_field.feedback.text() == "Mittwoch, 25. Oktober 2017"
    assert form.date_field.value() == date(2017, 10, 25)


def test_unknown_organisation_is_not_guessed(qtbot: QtBot, services: Services, ulm: int) -> None:
    form = ConsultationForm(services, services.consultations.draft_for_organisation(ulm))
    qtbot.addWidget(form)
    form.organisation.clear()
    qtbot.keyClicks(form.organisation, "Atlantis")
    form.save()
    assert "Atlantis" in form.error_text()
    assert services.consultations.count_consultations() == 0


def test_attachment_is_copied_by_the_service(
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    services: Services,
    ulm: int,
) -> None:
    source = tmp_path / "protokoll.txt"
    source.write_text("Protokoll", encoding="utf-8")
    monkeypatch.setattr(FormDialogs, "attachment_files", classmethod(lambda cls, p: [str(source)]))
    form = ConsultationForm(services, services.consultations.draft_for_organisation(ulm))
    qtbot.addWidget(form)
    form.choose_attachments()
    assert "protokoll.txt" in form.attachments_label.text()
    with qtbot.waitSignal(form.saved, timeout=10_000) as blocker:
        form.save()
    result = blocker.args[0]
    assert [a.original_name for a in result.detail.attachments] == ["protokoll.txt"]
    source.unlink()  # the record stays valid when the original goes away
    assert services.consultations.attachment_path(result.detail.attachments[0].id).is_file()


def _record(services: Services, organisation_id: int, when: datetime, summary: str) -> int:
    return services.consultations.create_consultation(
        ConsultationDraft(
            occurred_at=when, organisation_id=organisation_id, subject="Gespräch", summary=summary
        )
    ).id


def test_full_text_search_finds_an_old_consultation_by_a_word_of_its_notes(
    qtbot: QtBot, services: Services, ulm: int
) -> None:
    old = _record(
        services, ulm, datetime(2017, 5, 3, 10, tzinfo=UTC), "Fragen zur Förderung der Rampe"
    )
    _record(services, ulm, datetime(2017, 6, 1, 10, tzinfo=UTC), "Begegnungsort im Quartier")
    page = ConsultationsPage(services)
    qtbot.addWidget(page)
    page.refresh()
    assert page.model.total == 2
    page.search_edit.setText("rampe")
    page.apply_filters()
    assert page.model.total == 1
    assert page.model.row_at(0).id == old
    assert page.count_label.text() == "1 Beratung gefunden"
    page.search_edit.setText("foerderung")  # diacritics folded
    page.apply_filters()
    assert [page.model.row_at(r).id for r in range(page.model.rowCount())] == [old]
    page.search_edit.setText("Wasserstoff")
    page.apply_filters()
    assert page.model.total == 0
    assert "Wasserstoff" in page.count_label.text()
    # period filter with German input; a wrong date is reported, not guessed
    page.search_edit.clear()
    page.from_field.setText("1.6.2017")
    page.apply_filters()
    assert page.model.total == 1
    page.from_field.setText("1.13.2017")
    page.apply_filters()
    assert page.filter_error.isVisibleTo(page)
    assert page.model.total == 1  # unchanged


def test_consultation_model_is_lazy_and_valid(
    qtbot: QtBot, qtmodeltester: object, services: Services, ulm: int
) -> None:
    for day in range(1, 8):
        _record(services, ulm, datetime(2017, 3, day, 9, tzinfo=UTC), f"Notiz {day}")
    model = ConsultationTableModel(services)
    model.page_size = 3
    model.set_filter(ConsultationFilter())
    assert model.total == 7
    assert model.rowCount() == 3
    assert model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == 6
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    assert model.headerData(1, Qt.Orientation.Horizontal) == "Kommune/Organisation"
    # the shared paged model: 100 a page, the id and the snapshot by role, tooltips
    assert ConsultationTableModel(services).page_size == 100
    first = model.row_at(0)
    assert model.index(0, 0).data(ID_ROLE) == first.id
    assert model.index(0, 0).data(ROW_ROLE) == first
    assert model.index(0, 0).data() == "07.03.2017"
    assert model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole) == "07.03.2017, 10:00"
    assert model.index(0, 5).data(Qt.ItemDataRole.ToolTipRole) == "Notiz 7"
    assert "Datum" in model.headerData(0, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)


def test_search_hits_are_listed_by_relevance_and_the_list_says_so(
    qtbot: QtBot, services: Services, ulm: int
) -> None:
    strong = _record(
        services, ulm, datetime(2016, 1, 5, 10, tzinfo=UTC), "Rampe, Rampe und noch eine Rampe"
    )
    weak = _record(
        services,
        ulm,
        datetime(2017, 8, 1, 10, tzinfo=UTC),
        "Haushalt, Personal, Fortbildung, Sitzungen, Gremien und am Ende kurz die Rampe",
    )
    page = ConsultationsPage(services)
    qtbot.addWidget(page)
    page.refresh()
    ids = lambda: [page.model.row_at(r).id for r in range(page.model.rowCount())]  # noqa: E731
    assert ids() == [weak, strong]  # no search text: newest first
    assert not page.model.by_relevance
    page.search_edit.setText("rampe")
    page.apply_filters()
    assert ids() == [strong, weak]  # the better match first, although older
    assert page.count_label.text() == "2 Beratungen gefunden · die besten Treffer zuerst"
    hint = page.model.headerData(0, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert "Relevanz" in hint
    assert page.count_label.toolTip() == hint
    page.search_edit.clear()
    page.apply_filters()
    assert ids() == [weak, strong]
    assert "Datum" in page.count_label.toolTip()
