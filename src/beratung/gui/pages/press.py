"""Presse: Presseinformationen schreiben, nummerieren, ansehen, drucken und archivieren.

The list (model/view with a filter proxy) on the left, the editor on the right. Reading is quick
and done directly; every change (save, finalise, new revision, delete) and every rendering runs
through :func:`~beratung.gui.operations.run_operation`, off the GUI thread. A save sends the
``version`` it loaded; the editor's :class:`~beratung.gui.feedback.FormFeedback` shows a
``ValidationError`` at the field it names and a :class:`ConcurrentEditError` as the banner with
"Neu laden", and asks Speichern/Verwerfen/Abbrechen before unsaved edits would be lost. Modal
questions are classmethods on :class:`PressDialogs` (and
:class:`~beratung.gui.feedback.FeedbackDialogs`) so tests can replace them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from beratung.domain.errors import ConcurrentEditError, ValidationError
from beratung.domain.rules.dates import format_date_de
from beratung.gui.errors import report_exception
from beratung.gui.flow import FlowLayout
from beratung.gui.operations import run_operation
from beratung.gui.pages.base import Page, heading, paragraph
from beratung.gui.press_editor import (
    PressEditor,
    PressFilterModel,
    PressReleaseModel,
)
from beratung.gui.preview import preview_document
from beratung.gui.style import read_only_look, scaled

if TYPE_CHECKING:
    from beratung.services import Services
    from beratung.services.press import PressReleaseDetail, PressReleaseRow

T = TypeVar("T")


class PressDialogs:
    """The page's modal questions; tests replace these entry points."""

    @classmethod
    def _ask(cls, parent: QWidget, text: str, informative: str, yes: str) -> bool:
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(parent.tr("Presse"))
        box.setText(text)
        box.setInformativeText(informative)
        box.setAccessibleName(text)
        accept = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
        cancel = box.addButton(parent.tr("Abbrechen"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(cancel)
        box.exec()
        return box.clickedButton() is accept

    @classmethod
    def confirm_finalise(cls, parent: QWidget, headline: str, year: int) -> bool:
        return cls._ask(
            parent,
            parent.tr("Presseinformation „{headline}“ endgültig machen?").format(headline=headline),
            parent.tr(
                "Sie erhält dann die nächste Nummer des Jahres {year} und ihr Aktenzeichen und "
                "kann danach nicht mehr geändert werden. Änderungen sind nur noch als neue "
                "Fassung möglich."
            ).format(year=year),
            parent.tr("Endgültig machen"),
        )

    @classmethod
    def confirm_delete(cls, parent: QWidget, headline: str) -> bool:
        return cls._ask(
            parent,
            parent.tr("Entwurf „{headline}“ löschen?").format(headline=headline),
            parent.tr("Der Entwurf wird gelöscht; das kann nicht rückgängig gemacht werden."),
            parent.tr("Entwurf löschen"),
        )

    @classmethod
    def information(cls, parent: QWidget, text: str, informative: str = "") -> None:
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Information)
        box.setWindowTitle(parent.tr("Presse"))
        box.setText(text)
        if informative:
            box.setInformativeText(informative)
        box.setAccessibleName(text)
        box.exec()


class PressPage(Page):
    def title(self) -> str:
        return self.tr("Presse")

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        read_only_look(self, "grey")
        self._current: PressReleaseDetail | None = None
        self._busy = False
        self._selecting = False
        self.last_finalised: PressReleaseDetail | None = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(10)
        layout.addWidget(heading(self.title()))
        layout.addWidget(
            paragraph(
                self.tr(
                    "Presseinformationen schreiben, endgültig machen (Nummer und Aktenzeichen "
                    "werden vergeben), ansehen, drucken und als PDF speichern."
                ),
                "subtitle",
            )
        )

        self._build_actions()
        layout.addLayout(self._build_button_bar())

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setObjectName("pressSplitter")
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self._build_list())
        splitter.addWidget(self._build_editor())
        splitter.setStretchFactor(0, 5)
        splitter.setStretchFactor(1, 6)
        splitter.setSizes([490, 550])
        layout.addWidget(splitter, 1)

        QWidget.setTabOrder(self.year_filter, self.search)
        QWidget.setTabOrder(self.search, self.table)
        QWidget.setTabOrder(self.table, self.editor.first_field)
        self._update_state()

    # ----------------------------------------------------------------- building

    def _make_action(
        self, text: str, slot: Callable[[], None], key: QKeySequence | None, tip: str
    ) -> QAction:
        action = QAction(text, self)
        if key is not None:
            action.setShortcut(key)
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut = key.toString(QKeySequence.SequenceFormat.NativeText)
            action.setToolTip(f"{tip} ({shortcut})")
        else:
            action.setToolTip(tip)
        action.setStatusTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        keys = QKeySequence.StandardKey
        self.new_action = self._make_action(
            self.tr("&Neu"),
            self.new_release,
            QKeySequence(keys.New),
            self.tr("Neue Presseinformation anlegen"),
        )
        self.save_action = self._make_action(
            self.tr("&Speichern"),
            self.save,
            QKeySequence(keys.Save),
            self.tr("Entwurf speichern"),
        )
        self.preview_action = self._make_action(
            self.tr("&Vorschau …"),
            self.preview,
            QKeySequence(keys.Print),
            self.tr("Druckvorschau öffnen (drucken oder als PDF speichern)"),
        )
        self.finalise_action = self._make_action(
            self.tr("Endgültig ma&chen …"),
            self.finalise,
            None,
            self.tr("Nummer und Aktenzeichen vergeben; danach nicht mehr änderbar"),
        )
        self.revision_action = self._make_action(
            self.tr("Neue Fassun&g"),
            self.new_revision,
            None,
            self.tr("Eine geänderte Fassung mit derselben Nummer anlegen"),
        )
        self.delete_action = QAction(self.tr("Entwurf &löschen …"), self)
        self.delete_action.setToolTip(self.tr("Den gewählten Entwurf löschen (Entf)"))
        self.delete_action.triggered.connect(self.delete_draft)
        self.addAction(self.delete_action)
        self.search_action = QAction(self.tr("Suchen"), self)
        self.search_action.setShortcut(QKeySequence(keys.Find))
        self.search_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.search_action.triggered.connect(lambda: self.search.setFocus())
        self.addAction(self.search_action)

    def _build_button_bar(self) -> FlowLayout:
        """The buttons in groups; at 200 % text the row wraps between groups, not within."""
        bar = FlowLayout(spacing=6)
        self.buttons: dict[str, QPushButton] = {}
        groups = (
            (("new", self.new_action), ("save", self.save_action)),
            (("preview", self.preview_action),),
            (("finalise", self.finalise_action), ("revision", self.revision_action)),
            (("delete", self.delete_action),),
        )
        for number, group in enumerate(groups):
            if number:
                bar.addSpacing(14)
            for key, action in group:
                button = QPushButton(action.text())
                button.setObjectName(f"press_{key}")
                button.setToolTip(action.toolTip())
                button.setAccessibleName(action.text().replace("&", "").rstrip(" …"))
                button.setAutoDefault(False)
                button.clicked.connect(action.trigger)
                action.enabledChanged.connect(button.setEnabled)
                self.buttons[key] = button
                bar.add_widget(button, keep_with_next=key != group[-1][0])
        self.buttons["finalise"].setProperty("primary", True)
        bar.addStretch(1)
        return bar

    def _build_list(self) -> QWidget:
        panel = QWidget()
        box = QVBoxLayout(panel)
        box.setContentsMargins(0, 0, 8, 0)
        box.setSpacing(6)

        filters = QHBoxLayout()
        filters.setSpacing(6)
        year_label = QLabel(self.tr("&Jahr:"))
        self.year_filter = QComboBox()
        self.year_filter.setObjectName("yearFilter")
        self.year_filter.setAccessibleName(self.tr("Jahr filtern"))
        self.year_filter.addItem(self.tr("Alle Jahre"), None)
        self.year_filter.currentIndexChanged.connect(self._year_changed)
        year_label.setBuddy(self.year_filter)
        self.search = QLineEdit()
        self.search.setObjectName("pressSearch")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(self.tr("Suchen: Nummer, Überschrift … (Strg+F)"))
        self.search.setAccessibleName(self.tr("Presseinformationen durchsuchen"))
        for inner in self.search.findChildren(QAbstractButton):
            inner.setAccessibleName(self.tr("Suche leeren"))
        filters.addWidget(year_label)
        filters.addWidget(self.year_filter)
        filters.addWidget(self.search, 1)
        # the shortcut visible beside the field too (the placeholder vanishes while typing)
        self.search_hint = QLabel(self.tr("Strg+F"))
        self.search_hint.setObjectName("pressSearchHint")
        self.search_hint.setProperty("role", "muted")
        self.search.setToolTip(self.tr("Suchen (Strg+F)"))
        filters.addWidget(self.search_hint)
        box.addLayout(filters)

        self.model = PressReleaseModel(self)
        self.proxy = PressFilterModel(self)
        self.proxy.setSourceModel(self.model)
        self.search.textChanged.connect(self.proxy.set_text)

        self.table = QTableView()
        self.table.setObjectName("pressTable")
        self.table.setAccessibleName(self.tr("Liste der Presseinformationen"))
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)
        self.table.setCornerButtonEnabled(False)
        for inner in self.table.findChildren(QAbstractButton):
            inner.setAccessibleName(self.tr("Alle auswählen"))
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(scaled(26))
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 100), (1, 82), (3, 50), (4, 76)):
            self.table.setColumnWidth(column, scaled(width))
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        delete_here = QAction(self.table)
        delete_here.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        delete_here.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        delete_here.triggered.connect(self.delete_draft)
        self.table.addAction(delete_here)
        box.addWidget(self.table, 1)

        self.count_label = QLabel()
        self.count_label.setObjectName("pressCount")
        self.count_label.setProperty("role", "muted")
        box.addWidget(self.count_label)
        self.proxy.rowsInserted.connect(self._update_count)
        self.proxy.rowsRemoved.connect(self._update_count)
        self.proxy.modelReset.connect(self._update_count)
        self.proxy.layoutChanged.connect(self._update_count)
        return panel

    def _build_editor(self) -> QWidget:
        card = QFrame()
        card.setObjectName("pressEditorCard")
        card.setProperty("role", "card")
        inner = QVBoxLayout(card)
        inner.setContentsMargins(18, 14, 18, 14)
        self.editor = PressEditor()
        self.editor.feedback.dirty_changed.connect(lambda _dirty: self._update_state())
        self.editor.feedback.reload_requested.connect(self._reload_current)
        inner.addWidget(self.editor)
        inner.addStretch(1)
        scroll = QScrollArea()
        scroll.setObjectName("pressEditorScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(card)
        scroll.setMinimumWidth(420)
        return scroll

    # ----------------------------------------------------------------- loading

    def refresh(self) -> None:
        """Reload the list and the choices; the editor keeps unsaved input."""
        office = self.services.office
        self.editor.set_choices(office.list_clerks(), office.list_file_plan())
        self._load_rows(self.services.press.list_releases())
        if self._current is None and not self.is_dirty():
            if self.proxy.rowCount() > 0:
                self.table.setCurrentIndex(self.proxy.index(0, 0))
            else:
                self.new_release()
        elif self._current is not None:
            self._select_id(self._current.id)

    def _load_rows(self, rows: list[PressReleaseRow]) -> None:
        self._selecting = True
        try:
            self.model.set_rows(rows)
            chosen = self.year_filter.currentData()
            self.year_filter.blockSignals(True)
            self.year_filter.clear()
            self.year_filter.addItem(self.tr("Alle Jahre"), None)
            for year in self.model.years():
                self.year_filter.addItem(str(year), year)
            index = self.year_filter.findData(chosen) if chosen is not None else 0
            self.year_filter.setCurrentIndex(max(0, index))
            self.year_filter.blockSignals(False)
            self.proxy.set_year(self.year_filter.currentData())
        finally:
            self._selecting = False
        self._update_count()

    def _select_id(self, release_id: int) -> None:
        row = self.model.row_of(release_id)
        self._selecting = True
        try:
            if row is None:
                self.table.clearSelection()
                return
            index = self.proxy.mapFromSource(self.model.index(row, 0))
            if index.isValid():
                self.table.selectionModel().setCurrentIndex(
                    index,
                    QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows,
                )
                self.table.scrollTo(index)
            else:
                self.table.clearSelection()
        finally:
            self._selecting = False

    @Slot(QModelIndex, QModelIndex)
    def _row_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        if self._selecting or not current.isValid():
            return
        release_id = current.data(PressReleaseModel.ID_ROLE)
        if self._current is not None and release_id == self._current.id:
            return
        if not self._resolve_unsaved(lambda: self._open_id(release_id)):
            if self._current is not None:
                self._select_id(self._current.id)
            else:
                self._selecting = True
                self.table.selectionModel().clearCurrentIndex()
                self.table.clearSelection()
                self._selecting = False
            return
        self.show_release(self.services.press.get_release(release_id))

    def _open_id(self, release_id: int) -> None:
        self._select_id(release_id)
        self.show_release(self.services.press.get_release(release_id))

    def show_release(self, detail: PressReleaseDetail) -> None:
        """Put ``detail`` into the editor (read-only if final)."""
        self._current = detail
        self.editor.set_read_only(detail.is_final)
        self.editor.load_draft(detail.draft, self.services.context.today())
        self._show_status()
        self._update_state()

    @Slot()
    def new_release(self) -> None:
        if self._busy or not self._resolve_unsaved(self.new_release):
            return
        self._current = None
        self._selecting = True
        self.table.selectionModel().clearCurrentIndex()
        self.table.clearSelection()
        self._selecting = False
        active = [c for c in self.editor._clerks if c.data.is_active]
        self.editor.set_read_only(False)
        self.editor.load_new(
            self.services.context.today(), active[0].id if len(active) == 1 else None
        )
        self._show_status()
        self._update_state()
        self.editor.first_field.setFocus()

    def _show_status(self) -> None:
        detail = self._current
        if detail is None:
            self.editor.set_status(
                self.tr("Neue Presseinformation"),
                self.tr(
                    "Noch nicht gespeichert. Nummer und Aktenzeichen werden erst beim "
                    "Endgültig machen vergeben."
                ),
                final=False,
            )
            return
        if detail.is_final:
            number = detail.number_text or ""
            if detail.revision > 1:
                number = self.tr("{number} (Fassung {revision})").format(
                    number=number, revision=detail.revision
                )
            when = format_date_de(detail.finalised_at) if detail.finalised_at else ""
            lines = [
                self.tr("Aktenzeichen: {reference}").format(reference=detail.file_reference),
                self.tr("Endgültig seit {date}; nicht mehr änderbar.").format(date=when),
            ]
            newer = (
                self.services.press.get_release(detail.superseded_by_id)
                if detail.superseded_by_id is not None
                else None
            )
            if newer is not None and newer.is_final:
                lines.append(self.tr("Ersetzt durch eine neuere Fassung."))
            elif newer is not None:
                lines.append(self.tr("Eine neue Fassung ist als Entwurf in Arbeit."))
            else:
                lines.append(self.tr("Für Änderungen legen Sie eine neue Fassung an."))
            self.editor.set_status(
                self.tr("Presseinformation {number}").format(number=number),
                "\n".join(lines),
                final=True,
            )
            return
        if detail.supersedes_id is not None:
            self.editor.set_status(
                self.tr("Entwurf einer neuen Fassung"),
                self.tr(
                    "Beim Endgültig machen behält sie die Nummer der bisherigen Fassung; "
                    "die Fassungsnummer steigt."
                ),
                final=False,
            )
            return
        self.editor.set_status(
            self.tr("Entwurf"),
            self.tr(
                "Noch ohne Nummer. Nummer und Aktenzeichen werden beim Endgültig machen vergeben."
            ),
            final=False,
        )

    # ----------------------------------------------------------------- state

    def is_dirty(self) -> bool:
        return self.editor.feedback.is_dirty()

    def has_unsaved_changes(self) -> bool:
        return self.is_dirty() and not self.editor.is_read_only()

    def may_leave(self, then: Callable[[], object]) -> bool:
        return self._resolve_unsaved(then)

    def _resolve_unsaved(self, then: Callable[[], object]) -> bool:
        """Ask Speichern/Verwerfen/Abbrechen when there are unsaved edits. ``True``: carry on
        now (nothing unsaved, or discarded). ``False``: stay; after "Speichern" the save runs in
        the background and ``then()`` follows when it has succeeded."""
        if not self.has_unsaved_changes():
            return True
        if self._busy:
            return False
        headline = self.editor.draft().headline.strip() or self.tr("Neue Presseinformation")
        return self.editor.feedback.resolve_unsaved(
            headline,
            save=lambda after: self.save(then=lambda _detail: after()),
            discard=self._discard,
            then=then,
        )

    def _discard(self) -> None:
        """Forget the edits: the stored release again, or an empty new one."""
        if self._current is not None:
            self.show_release(self.services.press.get_release(self._current.id))
        else:
            self.editor.load_new(self.services.context.today())
            self._update_state()

    def current(self) -> PressReleaseDetail | None:
        return self._current

    def _update_state(self) -> None:
        current = self._current
        editable = current is None or not current.is_final
        idle = not self._busy
        self.new_action.setEnabled(idle)
        dirty = self.is_dirty()
        self.save_action.setEnabled(idle and editable and (dirty or current is None))
        self.preview_action.setEnabled(idle and (current is not None or dirty))
        self.finalise_action.setEnabled(idle and editable and (current is not None or dirty))
        self.revision_action.setEnabled(
            idle and current is not None and current.is_final and current.superseded_by_id is None
        )
        self.delete_action.setEnabled(idle and current is not None and not current.is_final)
        for key, action in (
            ("new", self.new_action),
            ("save", self.save_action),
            ("preview", self.preview_action),
            ("finalise", self.finalise_action),
            ("revision", self.revision_action),
            ("delete", self.delete_action),
        ):
            self.buttons[key].setEnabled(action.isEnabled())

    def _update_count(self, *_args: object) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        if shown == total == 1:
            text = self.tr("1 Presseinformation")
        elif shown == total:
            text = self.tr("{count} Presseinformationen").format(count=total)
        else:
            text = self.tr("{shown} von {count} Presseinformationen").format(
                shown=shown, count=total
            )
        self.count_label.setText(text)

    @Slot(int)
    def _year_changed(self, _index: int) -> None:
        self.proxy.set_year(self.year_filter.currentData())

    # ----------------------------------------------------------------- operations

    def _run(
        self,
        fn: Callable[[], T],
        on_success: Callable[[T], None],
        progress: str,
    ) -> None:
        self._busy = True
        self._update_state()
        self.editor.feedback.clear_errors()
        self.editor.feedback.hide_conflict()

        def done(result: T) -> None:
            self._busy = False
            on_success(result)
            self._update_state()

        run_operation(self, fn, done, on_failure=self._failed, progress_text=progress)

    def _failed(self, exc: BaseException) -> None:
        self._busy = False
        self._update_state()
        feedback = self.editor.feedback
        if isinstance(exc, ConcurrentEditError) and self._current is not None:
            feedback.show_conflict(exc)
            return
        # a field the editor does not have (a final release's status): under the form and
        # as a message box
        if not (isinstance(exc, ValidationError) and feedback.show_error(exc)):
            report_exception(exc, self)

    def _reload_current(self) -> None:
        """ "Neu laden" in the banner: the stored release again, the edits given up."""
        if self._current is None:
            return
        self.editor.feedback.set_dirty(False)
        self.refresh()
        self.show_release(self.services.press.get_release(self._current.id))

    def _after_write(self, detail: PressReleaseDetail) -> None:
        self._current = detail
        self._load_rows(self.services.press.list_releases())
        self._select_id(detail.id)
        self.show_release(detail)

    @Slot()
    def save(self, then: Callable[[PressReleaseDetail], object] | None = None) -> None:
        """Save the draft (create or update with the loaded version); then ``then(detail)``."""
        if self._busy or self.editor.is_read_only():
            return
        draft = self.editor.draft()
        press = self.services.press
        current = self._current
        if current is None:

            def work() -> PressReleaseDetail:
                return press.create_draft(draft)
        else:
            release_id, version = current.id, current.version

            def work() -> PressReleaseDetail:
                return press.update_draft(release_id, draft, expected_version=version)

        def done(detail: PressReleaseDetail) -> None:
            self._after_write(detail)
            if then is not None:
                then(detail)

        self._run(work, done, self.tr("Entwurf wird gespeichert …"))

    def _with_saved(self, action: Callable[[PressReleaseDetail], None]) -> None:
        """Run ``action`` on the stored release, saving unsaved input first."""
        if self._current is not None and (not self.is_dirty() or self._current.is_final):
            action(self._current)
        else:
            self.save(then=action)

    @Slot()
    def preview(self) -> None:
        if self._busy or (self._current is None and not self.is_dirty()):
            return
        self._with_saved(self._open_preview)

    def _open_preview(self, detail: PressReleaseDetail) -> None:
        documents = self.services.documents
        release_id = detail.id
        self._busy = True
        self._update_state()

        def shown() -> None:
            self._busy = False
            self._update_state()

        preview_document(
            self,
            self.services,
            lambda: documents.render_press_release(release_id),
            progress_text=self.tr("Presseinformation wird gesetzt …"),
            on_failure=self._failed,
            on_shown=shown,
        )

    @Slot()
    def finalise(self) -> None:
        if self._busy or (self._current is not None and self._current.is_final):
            return
        draft = self.editor.draft()
        year = draft.release_date.year if draft.release_date else self.services.context.today().year
        if not PressDialogs.confirm_finalise(self, draft.headline.strip() or "…", year):
            return
        self._with_saved(self._finalise_saved)

    def _finalise_saved(self, detail: PressReleaseDetail) -> None:
        press = self.services.press
        release_id, version = detail.id, detail.version

        def done(final: PressReleaseDetail) -> None:
            self._after_write(final)
            self.last_finalised = final
            PressDialogs.information(
                self,
                self.tr("Die Presseinformation ist jetzt endgültig: {number}").format(
                    number=final.number_text
                ),
                self.tr("Aktenzeichen: {reference}").format(reference=final.file_reference),
            )

        self._run(
            lambda: press.finalise_release(release_id, expected_version=version),
            done,
            self.tr("Presseinformation wird nummeriert …"),
        )

    @Slot()
    def new_revision(self) -> None:
        current = self._current
        if self._busy or current is None or not current.is_final:
            return
        press = self.services.press
        release_id = current.id
        self._run(
            lambda: press.new_revision(release_id),
            self._after_write,
            self.tr("Neue Fassung wird angelegt …"),
        )

    @Slot()
    def delete_draft(self) -> None:
        current = self._current
        if self._busy or current is None or current.is_final:
            return
        if not PressDialogs.confirm_delete(self, current.draft.headline):
            return
        press = self.services.press
        release_id, version = current.id, current.version

        def done(_result: None) -> None:
            self._current = None
            self.editor.feedback.set_dirty(False)
            self._load_rows(press.list_releases())
            if self.proxy.rowCount() > 0:
                self.table.setCurrentIndex(self.proxy.index(0, 0))
            else:
                self.new_release()

        self._run(
            lambda: press.delete_draft(release_id, expected_version=version),
            done,
            self.tr("Entwurf wird gelöscht …"),
        )
