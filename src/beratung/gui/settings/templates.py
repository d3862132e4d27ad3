"""Einstellungen → Textvorlagen: letter text templates with their placeholders.

The invitation texts the office has not saved yet are listed too, "(mitgeliefert)", with their
built-in text (``OfficeService.list_templates(built_in=True)``); saving one stores it under its
key, and from then on the invitations use the office's text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt, Slot
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from beratung.gui.pages.base import heading
from beratung.gui.settings.base import (
    Column,
    RowTableModel,
    SettingsTab,
    form_layout,
    make_card,
    make_table,
    stripped,
)
from beratung.services.office import BUILT_IN_ID

if TYPE_CHECKING:
    from beratung.services import Services
    from beratung.services.office import TemplateSnapshot


def known_placeholders() -> dict[str, str]:
    """Placeholder name → description, for the list beside the editor."""
    try:
        from beratung.domain.rules.templates import KNOWN_PLACEHOLDERS
    except ImportError:  # the module is new; without it the list stays empty
        return {}
    return dict(KNOWN_PLACEHOLDERS)


class TemplatesTab(SettingsTab):
    """The templates on the left, the selected one in the middle, the known placeholders on
    the right; a placeholder the renderer does not know is refused with its line."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        self.current: TemplateSnapshot | None = None
        self.model: RowTableModel[TemplateSnapshot] = RowTableModel(
            [Column(self.tr("Vorlage"), self._title)], self
        )
        self.list = make_table("templateList", self.tr("Textvorlagen"))
        self.list.setModel(self.model)
        self.list.setSortingEnabled(False)
        self.list.selectionModel().currentRowChanged.connect(self._row_changed)

        left = QWidget()
        left_box = QVBoxLayout(left)
        left_box.setContentsMargins(0, 0, 0, 0)
        left_box.addWidget(self.list, 1)
        self.new_button = QPushButton(self.tr("N&eue Vorlage"))
        self.new_button.setObjectName("templateNew")
        self.new_button.clicked.connect(self.new_template)
        left_box.addWidget(self.new_button)

        card, box = make_card()
        self.error_label = QLabel()
        feedback = self.make_feedback(self.error_label)
        assert feedback.banner is not None
        box.addWidget(feedback.banner)
        form = form_layout()
        self.key = QLineEdit()
        self.key.setObjectName("templateKey")
        self.key.setPlaceholderText(self.tr("z. B. einladung_werkstatt"))
        self.title_edit = QLineEdit()
        self.title_edit.setObjectName("templateTitle")
        self.subject = QLineEdit()
        self.subject.setObjectName("templateSubject")
        self.body = QPlainTextEdit()
        self.body.setObjectName("templateBody")
        self.body.setTabChangesFocus(True)
        for text, widget, accessible, name in (
            (self.tr("Sch&lüssel:"), self.key, self.tr("Schlüssel der Vorlage"), "key"),
            (self.tr("&Titel:"), self.title_edit, self.tr("Titel der Vorlage"), "title"),
            (self.tr("Betre&ff:"), self.subject, self.tr("Betreff"), "subject"),
            (self.tr("Te&xt:"), self.body, self.tr("Text der Vorlage"), "body"),
        ):
            self.labelled(form, text, widget, accessible, name)
        box.addLayout(form, 1)
        box.addWidget(self.error_label)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.save_button = QPushButton(self.tr("Vorlage &speichern"))
        self.save_button.setObjectName("templateSave")
        self.save_button.clicked.connect(self.save)
        buttons.addWidget(self.save_button)
        box.addLayout(buttons)

        side, side_box = make_card()
        side_box.addWidget(heading(self.tr("Platzhalter"), "sectionTitle"))
        hint = QLabel(
            self.tr("Doppelklick oder Eingabetaste fügt den Platzhalter in den Text ein.")
        )
        hint.setWordWrap(True)
        hint.setProperty("role", "muted")
        side_box.addWidget(hint)
        self.placeholders = QListWidget()
        self.placeholders.setObjectName("placeholderList")
        self.placeholders.setAccessibleName(self.tr("Bekannte Platzhalter"))
        self.placeholders.setSpacing(2)
        for name, description in known_placeholders().items():
            item = QListWidgetItem(f"{{{name}}}")
            item.setData(Qt.ItemDataRole.UserRole, name)
            item.setData(Qt.ItemDataRole.AccessibleDescriptionRole, description)
            item.setToolTip(description)
            self.placeholders.addItem(item)
        self.placeholders.itemActivated.connect(self.insert_placeholder)
        self.placeholders.itemDoubleClicked.connect(self.insert_placeholder)
        self.placeholder_help = QLabel()
        self.placeholder_help.setObjectName("placeholderHelp")
        self.placeholder_help.setWordWrap(True)
        self.placeholder_help.setMinimumHeight(54)
        self.placeholder_help.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.placeholders.currentItemChanged.connect(
            lambda item, _old: self.placeholder_help.setText(
                item.toolTip() if item is not None else ""
            )
        )
        side_box.addWidget(self.placeholders, 1)
        side_box.addWidget(self.placeholder_help)
        if self.placeholders.count():
            self.placeholders.setCurrentRow(0)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(left)
        splitter.addWidget(card)
        splitter.addWidget(side)
        splitter.setSizes([220, 520, 280])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 12, 0, 0)
        layout.addWidget(splitter)
        self.save_shortcut(self.save)

    def _title(self, template: TemplateSnapshot) -> str:
        """A built-in text not saved yet says so: saving it makes it the office's own."""
        if template.id == BUILT_IN_ID:
            return f"{template.title} {self.tr('(mitgeliefert)')}"
        return template.title

    def load(self) -> None:
        self.model.set_rows(self.services.office.list_templates(built_in=True))
        if self.current is None and self.model.rowCount() > 0:
            self.list.setCurrentIndex(self.model.index(0, 0))
        elif self.current is None:
            self.new_template()

    def reload(self) -> None:
        """ "Neu laden": the list and the template being edited as stored now."""
        self.model.set_rows(self.services.office.list_templates(built_in=True))
        key = self.current.key if self.current is not None else None
        stored = next((t for t in self.model.rows() if t.key == key), None)
        if stored is None:
            self.current = None
            self.load()
        else:
            self.show_template(stored)

    @Slot(QModelIndex, QModelIndex)
    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.show_template(current.data(RowTableModel.ROW_ROLE))

    def show_template(self, template: TemplateSnapshot | None) -> None:
        assert self.feedback is not None
        self.feedback.reset()
        self.current = template
        self.key.setText(template.key if template else "")
        self.key.setReadOnly(template is not None)
        self.title_edit.setText(template.title if template else "")
        self.subject.setText((template.subject or "") if template else "")
        self.body.setPlainText(template.body if template else "")

    @Slot()
    def new_template(self) -> None:
        self.list.clearSelection()
        self.show_template(None)
        self.key.setFocus()

    @Slot(QListWidgetItem)
    def insert_placeholder(self, item: QListWidgetItem) -> None:
        name = item.data(Qt.ItemDataRole.UserRole)
        self.body.insertPlainText(f"{{{name}}}")
        self.body.setFocus()

    @Slot()
    def save(self) -> None:
        if self.busy:
            return
        key, title = self.key.text().strip(), self.title_edit.text()
        body, subject = self.body.toPlainText(), stripped(self.subject)
        current = self.current
        office = self.services.office

        def done(saved: TemplateSnapshot) -> None:
            self.current = saved
            self.model.set_rows(office.list_templates(built_in=True))
            for row in range(self.model.rowCount()):
                if self.model.row_at(row).id == saved.id:
                    self.list.selectionModel().blockSignals(True)
                    self.list.setCurrentIndex(self.model.index(row, 0))
                    self.list.selectionModel().blockSignals(False)
            self.show_template(saved)
            assert self.feedback is not None
            self.feedback.show_success(self.tr("Die Vorlage wurde gespeichert."))

        self.run(
            lambda: (
                office.create_template(key, title, body, subject=subject)
                if current is None or current.id == BUILT_IN_ID
                else office.update_template(
                    key, title, body, subject=subject, expected_version=current.version
                )
            ),
            done,
            self.tr("Vorlage wird gespeichert …"),
        )

    def failed(self, exc: BaseException) -> None:
        super().failed(exc)
        problems = getattr(exc, "problems", ())
        if problems and getattr(exc, "field", None) == "body":
            # put the cursor on the first problem; the text itself is kept as typed
            first = problems[0]
            block = self.body.document().findBlockByLineNumber(max(0, first.line - 1))
            cursor = QTextCursor(block)
            cursor.movePosition(QTextCursor.MoveOperation.Right, n=max(0, first.column - 1))
            self.body.setTextCursor(cursor)
