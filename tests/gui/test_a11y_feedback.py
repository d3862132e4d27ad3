"""Validation errors are announced to assistive technology, not only coloured: the field's
accessible description changes with an accessibility event, and the form's summary is an
alert."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from beratung.domain.errors import ValidationError
from beratung.gui import feedback
from beratung.gui.feedback import FormFeedback


def test_a_field_error_is_announced_and_so_is_its_end(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    events: list[tuple[QWidget, QAccessible.Event]] = []
    monkeypatch.setattr(feedback, "announce", lambda widget, event: events.append((widget, event)))
    form = QWidget()
    qtbot.addWidget(form)
    name = QLineEdit()
    name.setAccessibleName("Name")
    summary = QLabel()
    layout = QVBoxLayout(form)
    fields = QFormLayout()
    layout.addLayout(fields)
    layout.addWidget(summary)
    messages = FormFeedback(form, summary=summary)
    message = messages.register("name", name)
    fields.addRow("&Name", name)
    fields.addRow("", message.label)
    form.show()

    messages.show_error(ValidationError("Der Name fehlt.", field="name"))
    assert name.accessibleDescription() == "Der Name fehlt."
    assert (name, QAccessible.Event.DescriptionChanged) in events
    assert (message.label, QAccessible.Event.NameChanged) in events
    assert (summary, QAccessible.Event.Alert) in events

    events.clear()
    messages.clear_errors()
    assert name.accessibleDescription() == ""
    assert (name, QAccessible.Event.DescriptionChanged) in events
