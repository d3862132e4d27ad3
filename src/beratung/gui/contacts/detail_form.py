"""The shared part of the contacts detail forms (:class:`DetailForm`) and the small layout
helpers both forms use.

Both forms follow one pattern: ``load(detail)`` fills the fields and remembers the ``version``;
``save()`` sends the values through a background operation with that version; a
``ValidationError`` is shown at its field, a ``ConcurrentEditError`` as a banner that offers
"Neu laden". The forms never open sessions; they call the services.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from beratung.domain.errors import ConcurrentEditError, UserError, ValidationError
from beratung.gui.contacts.common import muted, tr
from beratung.gui.errors import report_exception
from beratung.gui.feedback import FormFeedback
from beratung.gui.operations import run_operation
from beratung.gui.style import scaled

if TYPE_CHECKING:
    from beratung.services import Services


class _Stored(Protocol):
    """What a form needs of its detail snapshot: the record's id."""

    @property
    def id(self) -> int: ...


#: The detail snapshot a form shows (PersonDetail, OrganisationDetail).
D = TypeVar("D", bound=_Stored)


#: The width of the label column, the same in every block of a form so the fields line up.
LABEL_WIDTH = 130


def combo(name: str, accessible: str) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName(name)
    combo.setAccessibleName(accessible)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(10)
    return combo


def scroll(content: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidgetResizable(True)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setWidget(content)
    return area


def form_layout() -> QFormLayout:
    form = QFormLayout()
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    form.setHorizontalSpacing(12)
    form.setVerticalSpacing(6)
    return form


class DetailForm(QWidget, Generic[D]):
    """Header with the record's name, Speichern/Verwerfen, the conflict banner, the fields.

    Field errors, the conflict banner and the unsaved-changes state are the form's
    :class:`~beratung.gui.feedback.FormFeedback` (``self.feedback``); every field is registered
    there under the name the contacts service uses in ``ValidationError.field``.
    """

    saved = Signal(object)  # the new detail snapshot
    #: A save did not happen (invalid field, conflict, error); the form keeps its changes.
    save_failed = Signal()
    dirty_changed = Signal(bool)

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.contacts = services.contacts
        self.detail: D | None = None
        self.saving = False
        self.feedback = FormFeedback(self, conflicts=True)
        self.feedback.dirty_changed.connect(self._dirty_changed)
        self.feedback.reload_requested.connect(self.reload)
        assert self.feedback.banner is not None
        #: The conflict banner and its parts (the page's tests look at them).
        self.conflict = self.feedback.banner
        self.conflict_label = self.conflict.label
        self.reload_button = self.conflict.reload_button

        self.title_label = QLabel()
        self.title_label.setProperty("role", "sectionTitle")
        self.title_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.subtitle_label = muted()
        self.save_button = QPushButton(tr("&Speichern"))
        self.save_button.setObjectName("saveButton")
        self.save_button.setToolTip(tr("Speichern (Strg+S)"))
        self.save_button.setDefault(False)
        self.save_button.clicked.connect(self.save)
        self.discard_button = QPushButton(tr("Ver&werfen"))
        self.discard_button.setObjectName("discardButton")
        self.discard_button.setToolTip(
            tr("Änderungen verwerfen und den gespeicherten Stand zeigen")
        )
        self.discard_button.clicked.connect(self.discard)

        header = QHBoxLayout()
        titles = QVBoxLayout()
        titles.setSpacing(0)
        titles.addWidget(self.title_label)
        titles.addWidget(self.subtitle_label)
        header.addLayout(titles, 1)
        #: The header row; a form adds its own actions before Verwerfen/Speichern.
        self.header = header
        header.addWidget(self.discard_button, 0, Qt.AlignmentFlag.AlignTop)
        header.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignTop)

        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.setAccessibleName(tr("Bereiche des Eintrags"))
        self.tabs.tabBar().setAccessibleName(tr("Registerkarten des Eintrags"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 8)
        layout.setSpacing(8)
        layout.addLayout(header)
        layout.addWidget(self.conflict)
        layout.addWidget(self.tabs, 1)
        self._update_buttons()

    # ---------------------------------------------------------------- change tracking

    def _dirty_changed(self, dirty: bool) -> None:
        self._update_buttons()
        self.dirty_changed.emit(dirty)

    def set_dirty(self, dirty: bool) -> None:
        self.feedback.set_dirty(dirty)

    def is_dirty(self) -> bool:
        return self.feedback.is_dirty()

    def is_new(self) -> bool:
        return self.detail is None

    def _update_buttons(self) -> None:
        dirty = self.feedback.is_dirty()
        self.save_button.setEnabled(dirty and not self.saving)
        self.discard_button.setEnabled(dirty and not self.saving)

    def record_name(self) -> str:
        raise NotImplementedError

    def focus_first(self) -> None:
        """Put the focus into the form's first field."""
        raise NotImplementedError

    # ---------------------------------------------------------------- loading

    def fill(self, detail: D | None) -> None:
        raise NotImplementedError

    def load(self, detail: D | None) -> None:
        with self.feedback.loading():
            self.detail = detail
            self.fill(detail)
        self.feedback.reset()
        self._update_buttons()

    def fetch(self, ident: int) -> D:
        raise NotImplementedError

    def reload(self) -> None:
        """Show the stored state again ("Neu laden" after a conflict; Verwerfen)."""
        if self.detail is None:
            self.new()
            return
        try:
            self.load(self.fetch(self.detail.id))
        except UserError as exc:
            report_exception(exc, self)

    def discard(self) -> None:
        self.reload()

    def new(self) -> None:
        self.load(None)

    # ---------------------------------------------------------------- saving

    def values(self) -> dict[str, Any]:
        raise NotImplementedError

    def write(self, values: dict[str, Any]) -> Callable[[], D]:
        """The service call (run on the worker thread) for these values."""
        raise NotImplementedError

    def save(self) -> None:
        if self.saving:
            return
        self.feedback.clear_errors()
        self.feedback.hide_conflict()
        try:
            call = self.write(self.values())
        except ValidationError as exc:
            self.show_error(exc)
            self.save_failed.emit()
            return
        self.saving = True
        self._update_buttons()
        run_operation(
            self,
            call,
            self._saved,
            on_failure=self._failed,
            progress_text=tr("Wird gespeichert …"),
        )

    def _saved(self, detail: D) -> None:
        self.saving = False
        self.load(detail)
        self.saved.emit(detail)

    def _failed(self, exc: BaseException) -> None:
        self.saving = False
        self._update_buttons()
        self.save_failed.emit()
        if isinstance(exc, ConcurrentEditError):
            self.feedback.show_conflict(exc)
        elif isinstance(exc, ValidationError):
            self.show_error(exc)
        else:
            report_exception(exc, self)

    def show_error(self, exc: ValidationError) -> None:
        """At its field; a field the form does not show (a bug, or a new service rule) as a
        message box, so it is never lost."""
        if not self.feedback.show_error(exc):
            report_exception(exc, self)

    def add_field(self, form: QFormLayout, key: str, text: str, widget: QWidget) -> None:
        """A form row with the field's message label underneath; ``key`` is the field's name
        in the service (``ValidationError.field``)."""
        message = self.feedback.register(key, widget)
        if text:
            form.addRow(text, widget)
        else:  # no label (Notizen under its heading): the field spans the label column too
            form.addRow(widget)
        form.addRow("", message.label)

    def add_shared_row(self, form: QFormLayout, text: str, fields: dict[str, QWidget]) -> None:
        """Several fields in one row (PLZ and Ort), their messages underneath in that order."""
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        messages = [self.feedback.register(key, widget) for key, widget in fields.items()]
        for widget, stretch in zip(fields.values(), (0, 1), strict=False):
            layout.addWidget(widget, stretch)
        form.addRow(text, row)
        label = form.labelForField(row)
        if isinstance(label, QLabel):  # the label's Alt letter goes to the first field
            label.setBuddy(next(iter(fields.values())))
        for message in messages:
            form.addRow("", message.label)


def align_labels(*forms: QFormLayout) -> None:
    """The label column the same width in every block of a form, so the fields line up; as
    wide as the widest label (at 200 % text a fixed width cut "Nachname" to "Nachnam")."""
    labels = []
    for form in forms:
        for row in range(form.rowCount()):
            item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            label = item.widget() if item is not None else None
            if isinstance(label, QLabel):
                labels.append(label)
    width = max([scaled(LABEL_WIDTH)] + [label.sizeHint().width() for label in labels])
    for label in labels:
        label.setFixedWidth(width)
