"""Einladen …: put persons on an event's list — everybody on a distribution list, everybody a
contacts filter finds (counted before inviting), or single persons in a chosen role — and then
show what happened: how many were invited, who was on the list already (nobody is invited
twice), and who cannot be reached by letter or e-mail, as a list to act on."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QLocale, Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from beratung.domain.cancel import OperationCancelledError
from beratung.gui.errors import report_exception
from beratung.gui.events.person_picker import PersonPicker, RoleCombo
from beratung.gui.events.registration_common import (
    Notice,
    WorkInProgress,
    buddy_label,
    button,
    line_edit,
    tr,
)
from beratung.gui.operations import run_operation
from beratung.gui.style import light_grid
from beratung.services.contacts import ContactFilter
from beratung.services.events.snapshots import InvitationResult, Invitee

if TYPE_CHECKING:
    from beratung.services import Services

#: The three ways to choose invitees (the tabs of the dialog).
FROM_LIST, FROM_FILTER, SINGLE = range(3)
#: Debounce of the filter count (ms).
COUNT_DELAY = 200


class InviteDialog(QDialog):
    """Choose invitees, invite them, read the result (see the module's description)."""

    def __init__(
        self,
        services: Services,
        event_id: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.event_id = event_id
        #: The person to show on the contacts page once the dialog is closed.
        self.person_to_open: int | None = None
        #: The last invitation's result (``None`` before the first).
        self.result_: InvitationResult | None = None
        #: Single persons chosen so far: (person id, role id, text).
        self.chosen: list[tuple[int, int | None, str]] = []
        self.busy = False
        self.setObjectName("inviteDialog")
        self.setWindowTitle(tr("Einladen"))
        self.setAccessibleName(tr("Einladen"))
        light_grid(self)
        self.resize(720, 560)

        self.stack = QStackedWidget()
        self.stack.addWidget(self._build_choice())
        self.stack.addWidget(self._build_result())
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack)
        self._count_timer = QTimer(self)
        self._count_timer.setSingleShot(True)
        self._count_timer.setInterval(COUNT_DELAY)
        self._count_timer.timeout.connect(self.update_filter_count)
        self.load_options()
        self._update_buttons()

    # ---------------------------------------------------------------- building

    def _build_choice(self) -> QWidget:
        page = QWidget()
        self.tabs = QTabWidget()
        self.tabs.setObjectName("inviteSources")
        self.tabs.setAccessibleName(tr("Wen einladen"))
        self.tabs.tabBar().setAccessibleName(tr("Wen einladen"))
        self.tabs.addTab(self._build_list_tab(), tr("Aus einem &Verteiler"))
        self.tabs.addTab(self._build_filter_tab(), tr("Nach &Filter"))
        self.tabs.addTab(self._build_single_tab(), tr("Ein&zelne Personen"))
        self.tabs.currentChanged.connect(lambda _i: self._update_buttons())
        self.invite_button = button("inviteButton", tr("&Einladen"))
        self.invite_button.setDefault(True)
        self.invite_button.clicked.connect(self.invite)
        self.cancel_button = button("cancelButton", tr("Abbrechen"))
        self.cancel_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.invite_button)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        intro = QLabel(
            tr(
                "Wer schon auf der Liste steht, wird nicht noch einmal eingeladen. Wer keine "
                "Postanschrift oder keine E-Mail-Adresse hat, wird danach genannt."
            )
        )
        intro.setWordWrap(True)
        intro.setProperty("role", "muted")
        layout.addWidget(intro)
        layout.addWidget(self.tabs, 1)
        self.work = WorkInProgress("inviteWork")
        self.work.cancel_button.hide()  # the dialog's own "Abbrechen" (and Escape) cancels
        self.notice = Notice("inviteNotice")
        layout.addWidget(self.work)
        layout.addWidget(self.notice)
        layout.addLayout(buttons)
        return page

    def _build_list_tab(self) -> QWidget:
        tab = QWidget()
        self.list_combo = QComboBox()
        self.list_combo.setObjectName("inviteList")
        self.list_combo.setAccessibleName(tr("Verteiler"))
        self.list_combo.currentIndexChanged.connect(lambda _i: self._update_list_count())
        self.list_count = QLabel()
        self.list_count.setObjectName("inviteListCount")
        self.list_count.setProperty("role", "count")
        form = QFormLayout(tab)
        form.addRow(buddy_label(tr("Ver&teiler:"), self.list_combo), self.list_combo)
        form.addRow("", self.list_count)
        return tab

    def _combo(self, name: str, accessible: str) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(name)
        combo.setAccessibleName(accessible)
        combo.currentIndexChanged.connect(lambda _i: self._count_timer.start())
        return combo

    def _build_filter_tab(self) -> QWidget:
        tab = QWidget()
        self.filter_search = line_edit(
            "inviteFilterSearch",
            tr("Suchtext"),
            tr("z. B. Sozialdezernentin oder Quartier"),
        )
        self.filter_search.textChanged.connect(lambda _t: self._count_timer.start())
        self.kind_combo = self._combo("inviteFilterKind", tr("Art der Organisation"))
        self.kreis_combo = self._combo("inviteFilterKreis", tr("Landkreis"))
        self.bezirk_combo = self._combo("inviteFilterBezirk", tr("Regierungsbezirk"))
        self.member_combo = self._combo("inviteFilterMember", tr("Mitglied"))
        self.programme_combo = self._combo("inviteFilterProgramme", tr("Beraten im Programm"))
        self.filter_count = QLabel()
        self.filter_count.setObjectName("inviteFilterCount")
        self.filter_count.setProperty("role", "count")
        form = QFormLayout(tab)
        form.addRow(buddy_label(tr("&Suchtext:"), self.filter_search), self.filter_search)
        form.addRow(buddy_label(tr("&Art:"), self.kind_combo), self.kind_combo)
        form.addRow(buddy_label(tr("&Kreis:"), self.kreis_combo), self.kreis_combo)
        form.addRow(buddy_label(tr("&Regierungsbezirk:"), self.bezirk_combo), self.bezirk_combo)
        form.addRow(buddy_label(tr("&Mitglied:"), self.member_combo), self.member_combo)
        form.addRow(
            buddy_label(tr("Beraten im &Programm:"), self.programme_combo), self.programme_combo
        )
        form.addRow("", self.filter_count)
        return tab

    def _build_single_tab(self) -> QWidget:
        tab = QWidget()
        self.picker = PersonPicker(self.services.contacts, "invitePerson")
        self.role_combo = RoleCombo(self.services.contacts, "inviteRole")
        self.picker.person_changed.connect(self.role_combo.set_person)
        self.picker.activated.connect(lambda _p: self.add_chosen())
        self.add_button = button("inviteAddPerson", tr("&Hinzufügen"), tr("Person hinzufügen"))
        self.add_button.clicked.connect(self.add_chosen)
        self.chosen_list = QListWidget()
        self.chosen_list.setObjectName("inviteChosen")
        self.chosen_list.setAccessibleName(tr("Ausgewählte Personen"))
        self.remove_button = button("inviteRemovePerson", tr("E&ntfernen"), tr("Person entfernen"))
        self.remove_button.clicked.connect(self.remove_chosen)
        form = QFormLayout()
        form.addRow(buddy_label(tr("Pers&on:"), self.picker.search), self.picker)
        form.addRow(buddy_label(tr("F&unktion:"), self.role_combo), self.role_combo)
        add_row = QHBoxLayout()
        add_row.addStretch(1)
        add_row.addWidget(self.add_button)
        form.addRow("", add_row)
        form.addRow(buddy_label(tr("Aus&gewählt:"), self.chosen_list), self.chosen_list)
        remove_row = QHBoxLayout()
        remove_row.addStretch(1)
        remove_row.addWidget(self.remove_button)
        form.addRow("", remove_row)
        layout = QVBoxLayout(tab)
        layout.addLayout(form)
        return tab

    def _build_result(self) -> QWidget:
        page = QWidget()
        self.result_label = QLabel()
        self.result_label.setObjectName("inviteResult")
        self.result_label.setProperty("role", "sectionTitle")
        self.result_label.setWordWrap(True)
        self.problems_title = QLabel(tr("Vor &dem Druck klären:"))
        self.problems_title.setWordWrap(True)
        self.problems = QListWidget()
        self.problems.setObjectName("inviteProblems")
        self.problems.setAccessibleName(tr("Eingeladen, aber nicht erreichbar"))
        self.problems_title.setBuddy(self.problems)
        self.problems.itemActivated.connect(lambda _i: self.open_current_problem())
        self.open_button = button(
            "inviteOpenPerson",
            tr("Person &in Kontakten öffnen"),
            tooltip=tr("Die Person auf der Seite Kontakte zeigen, um die Anschrift zu ergänzen"),
        )
        self.open_button.clicked.connect(self.open_current_problem)
        self.already_label = QLabel()
        self.already_label.setObjectName("inviteAlready")
        self.already_label.setWordWrap(True)
        self.already = QListWidget()
        self.already.setObjectName("inviteAlreadyList")
        self.already.setAccessibleName(tr("Schon auf der Liste, nicht noch einmal eingeladen"))
        self.already_label.setBuddy(self.already)
        self.more_button = button("inviteMore", tr("&Weitere einladen …"))
        self.more_button.clicked.connect(self.show_choice)
        self.close_button = button("inviteClose", tr("S&chließen"))
        self.close_button.clicked.connect(self.accept)
        open_row = QHBoxLayout()
        open_row.addStretch(1)
        open_row.addWidget(self.open_button)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.more_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.result_label)
        layout.addSpacing(6)
        layout.addWidget(self.problems_title)
        layout.addWidget(self.problems, 2)
        layout.addLayout(open_row)
        layout.addSpacing(6)
        layout.addWidget(self.already_label)
        layout.addWidget(self.already, 1)
        self.result_stretch = QWidget()
        layout.addWidget(self.result_stretch, 1)
        layout.addLayout(buttons)
        return page

    # ---------------------------------------------------------------- options and counts

    @staticmethod
    def _fill(combo: QComboBox, items: list[tuple[str, object]]) -> None:
        combo.blockSignals(True)
        combo.clear()
        for text, data in items:
            combo.addItem(text, data)
        combo.setCurrentIndex(0)
        combo.blockSignals(False)

    def load_options(self) -> None:
        contacts = self.services.contacts
        options = contacts.filter_options()
        locale = QLocale()
        self._fill(
            self.list_combo,
            [
                (
                    tr("{name} ({count} Personen)").format(
                        name=row.name, count=locale.toString(row.member_count)
                    ),
                    row.id,
                )
                for row in options.lists
            ],
        )
        if not options.lists:
            self.list_combo.addItem(tr("(noch keine Verteiler)"), None)
        self._fill(
            self.kind_combo,
            [(tr("alle"), None), *((text, kind) for kind, text in options.kinds)],
        )
        self._fill(self.kreis_combo, [(tr("alle"), None), *((k, k) for k in options.kreise)])
        self._fill(
            self.bezirk_combo,
            [(tr("alle"), None), *((b, b) for b in options.regierungsbezirke)],
        )
        self._fill(
            self.member_combo,
            [(tr("alle"), None), (tr("nur Mitglieder"), True), (tr("keine Mitglieder"), False)],
        )
        self._fill(
            self.programme_combo,
            [
                (tr("egal"), None),
                *((p.name, p.id) for p in self.services.programmes.list_programmes()),
            ],
        )
        self._update_list_count()
        self.update_filter_count()

    def current_filter(self) -> ContactFilter:
        return ContactFilter(
            search=self.filter_search.text().strip(),
            kind=self.kind_combo.currentData(),
            kreis=self.kreis_combo.currentData(),
            regierungsbezirk=self.bezirk_combo.currentData(),
            is_member=self.member_combo.currentData(),
            advised_in_programme_id=self.programme_combo.currentData(),
        )

    def filter_is_empty(self) -> bool:
        return self.current_filter() == ContactFilter()

    def update_filter_count(self) -> None:
        """How many persons the filter finds (before inviting anybody)."""
        self._count_timer.stop()
        if self.filter_is_empty():
            self.filter_total = 0
            text = tr("Bitte schränken Sie die Auswahl ein (Suchtext oder ein Filter).")
        else:
            self.filter_total = self.services.contacts.count_persons(self.current_filter())
            text = (
                tr("Der Filter findet {n} Personen.").format(n=self.filter_total)
                if self.filter_total != 1
                else tr("Der Filter findet 1 Person.")
            )
        self.filter_count.setText(text)
        self.filter_count.setAccessibleName(text)
        self._update_buttons()

    def _update_list_count(self) -> None:
        list_id = self.list_combo.currentData()
        if list_id is None:
            text = tr("Legen Sie Verteiler auf der Seite Kontakte an.")
        else:
            text = tr(
                "Alle Personen des Verteilers werden eingeladen, jede in der Funktion, "
                "in der sie auf dem Verteiler steht."
            )
        self.list_count.setText(text)
        self._update_buttons()

    # ---------------------------------------------------------------- single persons

    def add_chosen(self) -> None:
        person_id = self.picker.person_id()
        if not person_id or any(p == person_id for p, _r, _t in self.chosen):
            return
        role_id = self.role_combo.affiliation_id()
        name = self.picker.person_text().split(",")[0]
        text = f"{name} – {self.role_combo.currentText()}"
        self.chosen.append((person_id, role_id, text))
        item = QListWidgetItem(text)
        item.setData(Qt.ItemDataRole.UserRole, person_id)
        self.chosen_list.addItem(item)
        self.chosen_list.setCurrentItem(item)
        self.picker.search.selectAll()
        self.picker.search.setFocus()
        self._update_buttons()

    def remove_chosen(self) -> None:
        row = self.chosen_list.currentRow()
        if row < 0:
            return
        self.chosen_list.takeItem(row)
        del self.chosen[row]
        self._update_buttons()

    # ---------------------------------------------------------------- inviting

    def _update_buttons(self) -> None:
        source = self.tabs.currentIndex()
        if source == FROM_LIST:
            ready = self.list_combo.currentData() is not None
        elif source == FROM_FILTER:
            ready = not self.filter_is_empty() and getattr(self, "filter_total", 0) > 0
        else:
            ready = bool(self.chosen)
        self.invite_button.setEnabled(ready and not self.busy)
        self.remove_button.setEnabled(bool(self.chosen))

    def invite(self) -> None:
        """Invite whom the current tab names (on the worker thread), then show the result."""
        if self.busy or not self.invite_button.isEnabled():
            return
        events = self.services.events
        event_id = self.event_id
        source = self.tabs.currentIndex()
        if source == FROM_LIST:
            list_id = int(self.list_combo.currentData())

            def work() -> InvitationResult:
                return events.invite_distribution_list(event_id, list_id)

        elif source == FROM_FILTER:
            flt = self.current_filter()

            def work() -> InvitationResult:
                return events.invite_contacts(event_id, flt)

        else:
            invitees = [Invitee(p, r) for p, r, _t in self.chosen]

            def work() -> InvitationResult:
                return events.invite_persons(event_id, invitees)

        self.busy = True
        self._update_buttons()
        self.notice.clear()
        text = tr("Einladungen werden angelegt …")
        run_operation(
            self,
            work,
            self.show_result,
            on_failure=self._failed,
            progress_text=text,
            cancel=self.work.start(text),
        )

    def _failed(self, exc: BaseException) -> None:
        self.busy = False
        self.work.finish()
        self._update_buttons()
        if isinstance(exc, OperationCancelledError):
            self.notice.show_text(tr("Abgebrochen – niemand wurde eingeladen."), "info")
        else:
            report_exception(exc, self)

    def show_result(self, result: InvitationResult) -> None:
        self.busy = False
        self.work.finish()
        self.result_ = result
        self.result_label.setText(
            tr("{n} Personen eingeladen.").format(n=result.invited)
            if result.invited != 1
            else tr("1 Person eingeladen.")
        )
        self.result_label.setAccessibleName(self.result_label.text())
        self.problems.clear()
        for problem in result.problems:
            item = QListWidgetItem(f"{problem.name}: {problem.problem}")
            item.setData(Qt.ItemDataRole.UserRole, problem.person_id)
            self.problems.addItem(item)
        has_problems = bool(result.problems)
        self.problems_title.setText(
            tr(
                "Vor &dem Druck klären ({n}) – eingeladen, aber ohne Postanschrift oder "
                "E-Mail-Adresse:"
            ).format(n=len(result.problems))
            if has_problems
            else tr("Alle neu Eingeladenen haben Postanschrift und E-Mail-Adresse.")
        )
        self.problems.setVisible(has_problems)
        self.open_button.setVisible(has_problems)
        if has_problems:
            self.problems.setCurrentRow(0)
        self.already.clear()
        self.already.addItems(list(result.already_invited))
        self.already_label.setText(
            tr("Schon auf der &Liste, nicht noch einmal eingeladen ({n}):").format(
                n=len(result.already_invited)
            )
            if result.already_invited
            else tr("Niemand stand schon auf der Liste.")
        )
        self.already.setVisible(bool(result.already_invited))
        self.result_stretch.setVisible(not has_problems and not result.already_invited)
        self.stack.setCurrentIndex(1)
        (self.problems if has_problems else self.close_button).setFocus()
        self.chosen.clear()
        self.chosen_list.clear()
        self._update_buttons()

    def show_choice(self) -> None:
        self.stack.setCurrentIndex(0)
        self.tabs.currentWidget().setFocus()

    def open_current_problem(self) -> None:
        item = self.problems.currentItem()
        if item is None:
            return
        self.person_to_open = int(item.data(Qt.ItemDataRole.UserRole))
        self.accept()

    def reject(self) -> None:
        if self.busy:  # Abbrechen or Escape while inviting: stop it, keep the dialog open
            self.work.cancel()
            return
        if self.result_ is not None:  # something was invited: the caller must reload
            self.accept()
            return
        super().reject()

    # ---------------------------------------------------------------- entry point

    @classmethod
    def run(
        cls,
        parent: QWidget | None,
        services: Services,
        event_id: int,
        open_person: Callable[[int], None] | None = None,
    ) -> InvitationResult | None:
        """Show the dialog; the last result if anybody was invited (tests replace this).
        "Person in Kontakten öffnen" closes it and then calls ``open_person(person_id)``."""
        dialog = cls(services, event_id, parent)
        dialog.exec()
        if dialog.person_to_open is not None and open_person is not None:
            open_person(dialog.person_to_open)
        return dialog.result_


__all__ = ["FROM_FILTER", "FROM_LIST", "SINGLE", "InviteDialog"]
