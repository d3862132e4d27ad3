"""What a form tells the user about her input: field errors, the conflict banner, unsaved changes.

Why one component: the forms had grown five variants of this (contacts, settings, press,
the consultation form and its date fields). They differed where it matters: only some told a
screen reader about an error, a tooltip the form had set was lost after the first error, a
conflict was a banner in one place and a modal question in another, and the consultation form
accepted three spellings of one field name. Forms now register their widgets here and call
:class:`FormFeedback`; nothing else in ``gui/`` marks fields or asks about unsaved edits.

**Field names are a contract.** A form registers each widget under exactly the string its
service puts into :attr:`ValidationError.field <beratung.domain.errors.ValidationError.field>`:
one name per field, no aliases, no second spelling. A name the form has not registered is not
guessed: the message goes to the form's summary line (if it has one) and
:meth:`FormFeedback.show_error` answers ``False``, so the caller can report it another way.

* **Field errors** — :meth:`FormFeedback.show_error` puts the message into the label next to the
  field (:class:`FieldMessage`), marks the field (the dynamic property ``invalid``, styled once in
  ``gui/style.py``), makes the message its tooltip and its *accessible description* — so a
  screen reader announces it with the field, not only as a colour — and moves the focus there.
  Editing the field clears its error. A form with a summary line repeats the message there.
* **Conflicts** — :meth:`FormFeedback.show_conflict` shows the :class:`ConflictBanner` with the
  service's message and "Neu laden"; the button emits :attr:`FormFeedback.reload_requested`. The
  banner is not modal: she can still read (and copy) her input before she reloads.
* **Unsaved changes** — an edit of a registered (or :meth:`~FormFeedback.watch`-ed) widget
  outside :meth:`~FormFeedback.loading` makes the form dirty; :meth:`FormFeedback.resolve_unsaved`
  asks Speichern/Verwerfen/Abbrechen through :class:`FeedbackDialogs` (tests replace it) and
  carries out the answer.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from typing import overload

from PySide6.QtCore import QCoreApplication, QObject, QSize, Qt, Signal
from PySide6.QtGui import QAccessible, QAccessibleEvent, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QDateTimeEdit,
    QDoubleSpinBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTextEdit,
    QWidget,
)

from beratung.domain.errors import UserError, ValidationError


def _tr(text: str) -> str:
    return QCoreApplication.translate("FormFeedback", text)


def repolish(widget: QWidget) -> None:
    """Apply the style sheet again after a dynamic property the sheet selects on changed."""
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
    widget.update()


def announce(widget: QWidget, event: QAccessible.Event) -> None:
    """Tell assistive technology that ``widget`` changed (its description, its name, or an
    alert). Why: a screen reader does not poll; without the event a field turned red (and
    its new accessible description) goes unnoticed until the user happens to move there."""
    if QAccessible.isActive():
        QAccessible.updateAccessibility(QAccessibleEvent(widget, event))


def set_role(label: QLabel, role: str) -> None:
    if label.property("role") != role:
        label.setProperty("role", role)
        repolish(label)


class UnsavedAnswer(StrEnum):
    """The three answers to "Die Änderungen … sind noch nicht gespeichert"."""

    SAVE = "save"
    DISCARD = "discard"
    CANCEL = "cancel"


class FeedbackDialogs:
    """The modal question of this module; tests replace the classmethod."""

    @classmethod
    def unsaved_changes(cls, parent: QWidget | None, name: str) -> UnsavedAnswer:
        """Speichern / Verwerfen / Abbrechen for the record ``name`` (Speichern is the default,
        Esc means Abbrechen)."""
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(_tr("Beratung"))
        text = _tr("Die Änderungen an „{name}“ sind noch nicht gespeichert.").format(name=name)
        box.setText(text)
        box.setInformativeText(_tr("Möchten Sie sie speichern?"))
        box.setAccessibleName(text)
        buttons = QMessageBox.StandardButton
        box.setStandardButtons(buttons.Save | buttons.Discard | buttons.Cancel)
        box.setDefaultButton(buttons.Save)
        box.setEscapeButton(buttons.Cancel)
        answer = box.exec()
        if answer == buttons.Save:
            return UnsavedAnswer.SAVE
        if answer == buttons.Discard:
            return UnsavedAnswer.DISCARD
        return UnsavedAnswer.CANCEL


class MessageLabel(QLabel):
    """A word-wrapping message line exactly as tall as its text at its width.

    A plain word-wrapping QLabel tells a form layout the height of a width it guesses itself
    (often two lines for a one-line message), which leaves a gap under the field.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        if self.width() > 0:
            return QSize(hint.width(), self.heightForWidth(self.width()))
        return hint

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.heightForWidth(self.width()) != self.height():
            self.updateGeometry()


class FieldMessage:
    """Where one field's message appears: the field itself (error style, tooltip, accessible
    description) and a label next to it.

    ``restore`` is for a field that shows something of its own in the label when there is no
    error (a date field shows the date it understood): clearing the error calls it instead of
    emptying the label. A label without a parent widget is never shown (it would open as a
    window of its own).
    """

    def __init__(
        self,
        widget: QWidget,
        label: QLabel | None = None,
        *,
        restore: Callable[[], None] | None = None,
    ) -> None:
        self.widget = widget
        self.label = label
        self.restore = restore
        self._message = ""
        self._tooltip = ""
        self._description = ""

    @property
    def is_invalid(self) -> bool:
        return bool(self._message)

    def message(self) -> str:
        return self._message

    def show_error(self, message: str) -> None:
        if not self._message:  # keep what the form set, to give it back when cleared
            self._tooltip = self.widget.toolTip()
            self._description = self.widget.accessibleDescription()
        self._message = message
        self.widget.setProperty("invalid", True)
        repolish(self.widget)
        self.widget.setToolTip(message)
        self.widget.setAccessibleDescription(message)
        announce(self.widget, QAccessible.Event.DescriptionChanged)
        if self.label is not None:
            self.label.setText(message)
            self.label.setAccessibleName(message)
            set_role(self.label, "fieldError")
            if self.label.parentWidget() is not None:
                self.label.show()
                announce(self.label, QAccessible.Event.NameChanged)

    def show_note(self, text: str) -> None:
        """A neutral remark in the label (no error): the field is shown as valid."""
        self._unmark()
        if self.label is not None:
            self.label.setText(text)
            self.label.setAccessibleName(text)
            set_role(self.label, "muted")

    def clear(self) -> None:
        self._unmark()
        if self.restore is not None:
            self.restore()
        elif self.label is not None:
            self.label.clear()
            self.label.setAccessibleName("")
            self.label.hide()

    def focus(self) -> None:
        self.widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def _unmark(self) -> None:
        if not self._message:
            return
        self._message = ""
        self.widget.setProperty("invalid", False)
        repolish(self.widget)
        self.widget.setToolTip(self._tooltip)
        self.widget.setAccessibleDescription(self._description)
        announce(self.widget, QAccessible.Event.DescriptionChanged)


class LabelledFieldMessage(FieldMessage):
    """A :class:`FieldMessage` that has a label: what :meth:`FormFeedback.register` makes for a
    widget, so the form can place ``register(...).label`` without checking for ``None``."""

    label: QLabel

    def __init__(self, widget: QWidget, label: QLabel) -> None:
        super().__init__(widget, label)


class ConflictBanner(QFrame):
    """ "Someone else saved this meanwhile" with the button "Neu laden" (hidden until needed)."""

    reload_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("conflictBanner")
        self.setProperty("role", "banner")
        self.setAccessibleName(_tr("Gleichzeitige Änderung"))
        self.label = QLabel()
        self.label.setObjectName("conflictText")
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.reload_button = QPushButton(_tr("Neu laden"))
        self.reload_button.setObjectName("reloadButton")
        self.reload_button.setAccessibleName(_tr("Neu laden"))
        self.reload_button.setToolTip(
            _tr("Den gespeicherten Stand zeigen; Ihre Eingaben gehen verloren.")
        )
        self.reload_button.clicked.connect(self._reload)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.reload_button, 0, Qt.AlignmentFlag.AlignVCenter)
        self.hide()

    def show_error(self, error: UserError) -> None:
        """Show the service's message and hint; the focus goes to "Neu laden", which carries
        the message as its description (a screen reader reads both)."""
        text = f"{error.message} {error.hint}" if error.hint else error.message
        self.label.setText(text)
        self.setAccessibleDescription(text)
        self.reload_button.setAccessibleDescription(text)
        self.show()
        self.reload_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def _reload(self) -> None:
        self.hide()
        self.reload_requested.emit()


class FormFeedback(QObject):
    """The feedback of one form (see the module's description).

    ``summary`` is an optional label for the form as a whole: it repeats field errors, shows
    errors of fields the form does not have, and success notes (:meth:`show_success`).
    ``conflicts`` creates the :attr:`banner` (the form places it in its layout).
    ``tracks_changes=False`` for forms that never ask about unsaved edits (nothing is tracked).
    """

    #: The form became dirty (an edit) or clean (loaded, saved, discarded).
    dirty_changed = Signal(bool)
    #: "Neu laden" in the conflict banner: show the stored state again.
    reload_requested = Signal()

    def __init__(
        self,
        form: QWidget,
        *,
        summary: QLabel | None = None,
        conflicts: bool = False,
        tracks_changes: bool = True,
    ) -> None:
        super().__init__(form)
        self.form = form
        self.summary = summary
        self.tracks_changes = tracks_changes
        self.banner: ConflictBanner | None = None
        if conflicts:
            self.banner = ConflictBanner()
            self.banner.reload_requested.connect(self._reload)
        if summary is not None:
            summary.setWordWrap(True)
            set_role(summary, "formError")
            summary.hide()
        self._fields: dict[str, FieldMessage] = {}
        self._shown: set[str] = set()
        self._summary_field: str | None = None
        self._dirty = False
        self._loading = 0

    # ---------------------------------------------------------------- registering

    @overload
    def register(
        self, name: str, field: QWidget, *, label: QLabel | None = None, track: bool = True
    ) -> LabelledFieldMessage: ...

    @overload
    def register(
        self, name: str, field: FieldMessage, *, label: QLabel | None = None, track: bool = True
    ) -> FieldMessage: ...

    def register(
        self,
        name: str,
        field: QWidget | FieldMessage,
        *,
        label: QLabel | None = None,
        track: bool = True,
    ) -> FieldMessage:
        """Register the widget for the field ``name`` (the service's spelling).

        Without ``label`` a message label is made (hidden, ``objectName`` "error_<name>"); the
        form places ``register(...).label`` next to the widget. ``track=False`` for widgets
        whose change is not an edit of the record (a button that opens a file dialog).
        """
        if name in self._fields:
            raise ValueError(f"field {name!r} is registered twice")
        if isinstance(field, FieldMessage):
            message = field
        else:
            if label is None:
                label = MessageLabel()
                label.setObjectName(f"error_{name}")
                label.hide()
            message = LabelledFieldMessage(field, label)
        if any(known.widget is message.widget for known in self._fields.values()):
            raise ValueError(f"the widget of {name!r} is registered under another name")
        self._fields[name] = message
        self._connect(message.widget, lambda: self._edited(name, track))
        return message

    def watch(self, *widgets: QWidget) -> None:
        """Widgets whose edits make the form dirty without being a field of their own (the
        check box that switches the Sperrfrist on)."""
        for widget in widgets:
            self._connect(widget, lambda: self._edited(None, True))

    def field(self, name: str) -> FieldMessage:
        return self._fields[name]

    def names(self) -> list[str]:
        """The registered field names, in registration order (the form's contract)."""
        return list(self._fields)

    def __contains__(self, name: object) -> bool:
        return name in self._fields

    @staticmethod
    def _connect(widget: QWidget, edited: Callable[[], None]) -> None:
        def changed(*_args: object) -> None:
            edited()

        if isinstance(widget, QLineEdit | QPlainTextEdit | QTextEdit):
            widget.textChanged.connect(changed)
        elif isinstance(widget, QComboBox):
            widget.currentIndexChanged.connect(changed)
            if widget.isEditable():
                widget.editTextChanged.connect(changed)
        elif isinstance(widget, QDateTimeEdit):
            widget.dateTimeChanged.connect(changed)
        elif isinstance(widget, QSpinBox | QDoubleSpinBox):
            widget.valueChanged.connect(changed)
        elif isinstance(widget, QAbstractSpinBox):
            widget.editingFinished.connect(changed)
        elif isinstance(widget, QAbstractButton):
            if widget.isCheckable():
                widget.toggled.connect(changed)
            else:
                widget.clicked.connect(changed)
        elif isinstance(widget, QAbstractItemView) and widget.model() is not None:
            widget.model().dataChanged.connect(changed)

    def _edited(self, name: str | None, track: bool) -> None:
        if self._loading:
            return
        if name is not None and name in self._shown:
            self._clear_field(name)
        if track and self.tracks_changes:
            self.set_dirty(True)

    # ---------------------------------------------------------------- errors

    def show_error(self, error: UserError) -> bool:
        """Show ``error`` at its field (and in the summary); ``False`` when the form has no
        field of that name — then only the summary (if any) shows it. Any other
        :class:`UserError` (a record deleted meanwhile) has no field: summary only."""
        self.clear_errors()
        name = (error.field if isinstance(error, ValidationError) else None) or ""
        if self.summary is not None:
            self._show_summary(error.message, "formError")
            self._summary_field = name
        field = self._fields.get(name)
        if field is None:
            return False
        field.show_error(error.message)
        self._shown.add(name)
        field.focus()
        return True

    def show_success(self, message: str) -> None:
        """A note in the summary that the save worked (forms that stay open after saving)."""
        self.clear_errors()
        if self.summary is not None:
            self._show_summary(message, "formOk")

    def clear_errors(self) -> None:
        for name, field in self._fields.items():
            if field.is_invalid or name in self._shown:
                field.clear()
        self._shown.clear()
        self._clear_summary()

    def invalid_field(self) -> str | None:
        """The first field shown as invalid, or ``None``."""
        return next((name for name, f in self._fields.items() if f.is_invalid), None)

    def is_marked(self, name: str) -> bool:
        field = self._fields.get(name)
        return field is not None and field.is_invalid

    def message(self, name: str) -> str:
        field = self._fields.get(name)
        return field.message() if field is not None else ""

    def summary_text(self) -> str:
        summary = self.summary
        return "" if summary is None or summary.isHidden() else summary.text()

    def _clear_field(self, name: str) -> None:
        self._fields[name].clear()
        self._shown.discard(name)
        if self._summary_field == name:
            self._clear_summary()

    def _show_summary(self, message: str, role: str) -> None:
        summary = self.summary
        assert summary is not None
        summary.setText(message)
        summary.setAccessibleName(message)
        set_role(summary, role)
        summary.show()
        # an error summary is spoken at once (an alert); a success only updates the name
        announce(
            summary,
            QAccessible.Event.Alert if role == "formError" else QAccessible.Event.NameChanged,
        )

    def _clear_summary(self) -> None:
        self._summary_field = None
        if self.summary is not None:
            self.summary.clear()
            self.summary.setAccessibleName("")
            self.summary.hide()

    # ---------------------------------------------------------------- conflicts

    def show_conflict(self, error: UserError) -> bool:
        """The conflict banner with "Neu laden"; ``False`` when the form has none (or has not
        placed it: an unplaced banner would open as a window of its own)."""
        if self.banner is None or self.banner.parentWidget() is None:
            return False
        self.banner.show_error(error)
        return True

    def hide_conflict(self) -> None:
        if self.banner is not None:
            self.banner.hide()

    def _reload(self) -> None:
        self.clear_errors()
        self.reload_requested.emit()

    # ---------------------------------------------------------------- unsaved changes

    @contextmanager
    def loading(self) -> Iterator[None]:
        """Fill the widgets without that counting as an edit (and without clearing errors)."""
        self._loading += 1
        try:
            yield
        finally:
            self._loading -= 1

    def is_loading(self) -> bool:
        return self._loading > 0

    def is_dirty(self) -> bool:
        return self._dirty

    def set_dirty(self, dirty: bool) -> None:
        if dirty != self._dirty:
            self._dirty = dirty
            self.dirty_changed.emit(dirty)

    def reset(self) -> None:
        """The stored state is shown again (loaded, saved, discarded): no errors, no banner,
        nothing unsaved."""
        self.clear_errors()
        self.hide_conflict()
        self.set_dirty(False)

    def resolve_unsaved(
        self,
        name: str,
        *,
        save: Callable[[Callable[[], object]], None],
        discard: Callable[[], None],
        then: Callable[[], object],
    ) -> bool:
        """Before leaving the record ``name``: ``True`` to go ahead now (nothing unsaved, or
        discarded); ``False`` to stay — after "Speichern" ``save(then)`` starts the save and
        calls ``then()`` once it has succeeded; after "Abbrechen" nothing happens."""
        if not self._dirty:
            return True
        answer = FeedbackDialogs.unsaved_changes(self.form, name)
        if answer == UnsavedAnswer.SAVE:
            save(then)
            return False
        if answer == UnsavedAnswer.DISCARD:
            discard()
            return True
        return False


__all__ = [
    "ConflictBanner",
    "FeedbackDialogs",
    "FieldMessage",
    "FormFeedback",
    "LabelledFieldMessage",
    "MessageLabel",
    "UnsavedAnswer",
    "repolish",
    "set_role",
]
