"""The one form-feedback component: field errors at their widget and announced, the conflict
banner with "Neu laden", and unsaved changes with the Speichern/Verwerfen/Abbrechen question."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from beratung.domain.errors import ConcurrentEditError, ValidationError
from beratung.gui.feedback import FeedbackDialogs, FieldMessage, FormFeedback, UnsavedAnswer


class SmallForm(QWidget):
    """A form as the pages build one: fields in a form layout, a message row under each."""

    def __init__(self) -> None:
        super().__init__()
        self.name = QLineEdit()
        self.name.setAccessibleName("Name")
        self.email = QLineEdit()
        self.email.setAccessibleName("E-Mail")
        self.email.setToolTip("z. B. name@beispiel.de")
        self.kind = QComboBox()
        self.kind.addItems(["Kommune", "Verband"])
        self.member = QCheckBox("Mitglied")
        self.summary = QLabel()
        layout = QVBoxLayout(self)
        self.feedback = FormFeedback(self, summary=self.summary, conflicts=True)
        assert self.feedback.banner is not None
        layout.addWidget(self.feedback.banner)
        self.form = QFormLayout()
        for name, text, widget in (
            ("name", "Name", self.name),
            ("email", "E-Mail", self.email),
            ("kind", "Art", self.kind),
        ):
            self.form.addRow(text, widget)
            self.form.addRow("", self.feedback.register(name, widget).label)
        self.form.addRow(self.member)
        self.feedback.watch(self.member)
        layout.addLayout(self.form)
        layout.addWidget(self.summary)


@pytest.fixture
def form(qtbot: QtBot) -> SmallForm:
    widget = SmallForm()
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _row_of(form: QFormLayout, widget: QWidget) -> int:
    row, _role = form.getWidgetPosition(widget)
    return row


def test_field_error_is_shown_next_to_its_widget_and_announced(form: SmallForm) -> None:
    message = "„kaputt“ ist keine E-Mail-Adresse."
    assert form.feedback.show_error(ValidationError(message, field="email"))

    label = form.feedback.field("email").label
    assert label is not None and label.isVisible() and label.text() == message
    # the message row is the one right under the e-mail field, below it on screen
    assert _row_of(form.form, label) == _row_of(form.form, form.email) + 1
    assert label.geometry().top() >= form.email.geometry().bottom()
    # marked, announced (accessible description, not only colour), focused
    assert form.email.property("invalid") is True
    assert form.email.accessibleDescription() == message
    assert form.email.toolTip() == message
    assert form.focusWidget() is form.email
    assert form.feedback.invalid_field() == "email"
    assert form.feedback.is_marked("email") and form.feedback.message("email") == message
    # the other fields are untouched; the summary repeats the message
    assert not form.feedback.is_marked("name") and not form.name.property("invalid")
    assert not form.feedback.field("name").label.isVisible()  # type: ignore[union-attr]
    assert form.feedback.summary_text() == message
    assert form.summary.property("role") == "formError"


def test_editing_the_field_clears_its_error_and_gives_back_the_tooltip(form: SmallForm) -> None:
    form.feedback.show_error(ValidationError("Falsch.", field="email"))
    form.email.setText("anna@ulm.de")
    assert form.feedback.invalid_field() is None
    assert not form.email.property("invalid")
    assert form.email.accessibleDescription() == ""
    assert form.email.toolTip() == "z. B. name@beispiel.de"  # the form's own tooltip again
    assert not form.feedback.field("email").label.isVisible()  # type: ignore[union-attr]
    assert form.feedback.summary_text() == ""


def test_editing_another_field_keeps_the_error(form: SmallForm) -> None:
    form.feedback.show_error(ValidationError("Falsch.", field="email"))
    form.name.setText("Anna")
    assert form.feedback.is_marked("email")
    form.kind.setCurrentIndex(1)
    assert form.feedback.is_marked("email")


def test_a_new_error_replaces_the_old_one(form: SmallForm) -> None:
    form.feedback.show_error(ValidationError("Erstens.", field="email"))
    form.feedback.show_error(ValidationError("Zweitens.", field="kind"))
    assert not form.feedback.is_marked("email")
    assert form.feedback.is_marked("kind")
    assert form.kind.accessibleDescription() == "Zweitens."


def test_a_field_the_form_does_not_have_goes_to_the_summary_only(form: SmallForm) -> None:
    shown = form.feedback.show_error(ValidationError("Der Status passt nicht.", field="status"))
    assert not shown  # the caller reports it another way
    assert form.feedback.invalid_field() is None
    assert form.feedback.summary_text() == "Der Status passt nicht."


def test_success_note_in_the_summary(form: SmallForm) -> None:
    form.feedback.show_error(ValidationError("Falsch.", field="name"))
    form.feedback.show_success("Gespeichert.")
    assert form.feedback.invalid_field() is None
    assert form.feedback.summary_text() == "Gespeichert."
    assert form.summary.property("role") == "formOk"


def test_field_names_are_a_contract_one_name_per_field(form: SmallForm) -> None:
    with pytest.raises(ValueError, match="twice"):
        form.feedback.register("email", QLineEdit())
    with pytest.raises(ValueError, match="another name"):
        form.feedback.register("e_mail", form.email)
    assert form.feedback.names() == ["name", "email", "kind"]


def test_a_field_with_its_own_note_gets_it_back_when_the_error_clears(qtbot: QtBot) -> None:
    """A date field shows the date it understood where an error would be."""
    widget = QWidget()
    qtbot.addWidget(widget)
    edit, note = QLineEdit(widget), QLabel(widget)
    message = FieldMessage(edit, note, restore=lambda: message.show_note("Montag, 2. März"))
    feedback = FormFeedback(widget)
    feedback.register("due", message)
    message.show_note("Montag, 2. März")
    feedback.show_error(ValidationError("Zu spät.", field="due"))
    assert note.text() == "Zu spät." and edit.accessibleDescription() == "Zu spät."
    edit.setText("2.3.")
    assert note.text() == "Montag, 2. März" and note.property("role") == "muted"
    assert not edit.property("invalid") and edit.accessibleDescription() == ""


def test_conflict_banner_offers_reload(qtbot: QtBot, form: SmallForm) -> None:
    banner = form.feedback.banner
    assert banner is not None and not banner.isVisible()
    error = ConcurrentEditError(
        "Die Person wurde inzwischen von jemand anderem geändert.",
        hint="Bitte laden Sie die Daten neu.",
    )
    assert form.feedback.show_conflict(error)
    assert banner.isVisible()
    assert "inzwischen" in banner.label.text() and "neu" in banner.label.text()
    assert banner.reload_button.accessibleName() == "Neu laden"
    assert "inzwischen" in banner.reload_button.accessibleDescription()
    assert form.focusWidget() is banner.reload_button
    with qtbot.waitSignal(form.feedback.reload_requested, timeout=10_000):
        banner.reload_button.click()
    assert not banner.isVisible()


def test_a_form_without_banner_says_so(qtbot: QtBot) -> None:
    widget = QWidget()
    qtbot.addWidget(widget)
    assert not FormFeedback(widget).show_conflict(ConcurrentEditError("x"))


def test_dirty_tracking_from_the_registered_widgets(qtbot: QtBot, form: SmallForm) -> None:
    feedback = form.feedback
    with feedback.loading():
        form.name.setText("Stadt Ulm")
        form.kind.setCurrentIndex(1)
    assert not feedback.is_dirty()  # filling the form is not an edit
    with qtbot.waitSignal(feedback.dirty_changed, timeout=10_000) as signal:
        form.name.setText("Stadt Neu-Ulm")
    assert signal.args == [True] and feedback.is_dirty()
    feedback.reset()
    assert not feedback.is_dirty()
    form.member.setChecked(True)  # watched, not a field of its own
    assert feedback.is_dirty()


def test_a_form_that_does_not_track_changes_is_never_dirty(qtbot: QtBot) -> None:
    widget = QWidget()
    qtbot.addWidget(widget)
    edit = QLineEdit(widget)
    feedback = FormFeedback(widget, tracks_changes=False)
    feedback.register("name", edit)
    edit.setText("x")
    assert not feedback.is_dirty()


@pytest.fixture
def answer(monkeypatch: pytest.MonkeyPatch) -> Callable[[str], list[str]]:
    def set_answer(value: str) -> list[str]:
        asked: list[str] = []

        def unsaved(_cls: object, _parent: object, name: str) -> str:
            asked.append(name)
            return value

        monkeypatch.setattr(FeedbackDialogs, "unsaved_changes", classmethod(unsaved))
        return asked

    return set_answer


def _resolve(form: SmallForm) -> tuple[bool, list[str]]:
    calls: list[str] = []

    def save(then: Callable[[], None]) -> None:
        calls.append("save")
        then()  # as if the save had succeeded at once

    result = form.feedback.resolve_unsaved(
        "Stadt Ulm",
        save=save,
        discard=lambda: calls.append("discard"),
        then=lambda: calls.append("then"),
    )
    return result, calls


def test_nothing_unsaved_goes_ahead_without_asking(
    form: SmallForm, answer: Callable[[str], list[str]]
) -> None:
    asked = answer("cancel")
    assert _resolve(form) == (True, [])
    assert asked == []


@pytest.mark.parametrize(
    ("reply", "go_ahead", "calls"),
    [
        ("save", False, ["save", "then"]),  # stay until the save succeeded, then carry on
        ("discard", True, ["discard"]),
        ("cancel", False, []),
    ],
)
def test_the_three_answers_to_the_unsaved_changes_question(
    form: SmallForm,
    answer: Callable[[str], list[str]],
    reply: str,
    go_ahead: bool,
    calls: list[str],
) -> None:
    asked = answer(reply)
    form.name.setText("Stadt Ulm")
    assert _resolve(form) == (go_ahead, calls)
    assert asked == ["Stadt Ulm"]


@pytest.mark.parametrize(
    ("button", "expected"),
    [
        (QMessageBox.StandardButton.Save, UnsavedAnswer.SAVE),
        (QMessageBox.StandardButton.Discard, UnsavedAnswer.DISCARD),
        (QMessageBox.StandardButton.Cancel, UnsavedAnswer.CANCEL),
    ],
)
def test_the_question_offers_speichern_verwerfen_abbrechen(
    monkeypatch: pytest.MonkeyPatch,
    form: SmallForm,
    button: QMessageBox.StandardButton,
    expected: UnsavedAnswer,
) -> None:
    seen: list[QMessageBox] = []

    def exec_(box: QMessageBox) -> int:
        seen.append(box)
        return int(button.value)

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    assert FeedbackDialogs.unsaved_changes(form, "Stadt Ulm") == expected
    (box,) = seen
    assert "„Stadt Ulm“" in box.text()
    buttons = QMessageBox.StandardButton
    assert box.standardButtons() == buttons.Save | buttons.Discard | buttons.Cancel
    assert box.defaultButton() is box.button(buttons.Save)
