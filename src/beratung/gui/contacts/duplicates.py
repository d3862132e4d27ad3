"""Dubletten: likely duplicate persons or organisations, compared side by side and merged field by
field. The record on the left is kept; every link of the right one (functions, consultations,
registrations, list memberships) moves to it. The last merge can be undone."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Literal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from beratung.domain.enums import label
from beratung.gui.contacts.common import (
    ContactDialogs,
    muted,
    section,
    table_view,
    tr,
)
from beratung.gui.contacts.models import Column, ListTableModel
from beratung.gui.errors import report_exception
from beratung.gui.operations import run_operation
from beratung.gui.style import light_grid, read_only_look, scaled
from beratung.services.contacts import (
    FIELD_LABELS,
    DuplicateCandidate,
    MergeResult,
    OrganisationDetail,
    OrganisationInput,
    PersonDetail,
    PersonInput,
    UndoResult,
)

if TYPE_CHECKING:
    from beratung.services import Services

PERSON_FIELDS = tuple(PersonInput.__dataclass_fields__)
ORGANISATION_FIELDS = tuple(OrganisationInput.__dataclass_fields__)


def candidate_columns() -> list[Column[DuplicateCandidate]]:
    return [
        Column(tr("Datensatz 1"), lambda c: c.first_label),
        Column(tr("Datensatz 2"), lambda c: c.second_label),
        Column(tr("Grund"), lambda c: c.reason),
    ]


def _shown(value: object) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return tr("ja") if value else tr("nein")
    if not isinstance(value, enum.Enum):
        return str(value)
    try:
        return label(value)
    except (KeyError, TypeError):
        return str(value)


class DuplicatesDialog(QDialog):
    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.contacts = services.contacts
        self.setObjectName("duplicatesDialog")
        self.setWindowTitle(tr("Dubletten zusammenführen"))
        self.setAccessibleName(tr("Dubletten zusammenführen"))
        light_grid(self)
        read_only_look(self, "muted")
        self.resize(1080, 680)
        self.left: PersonDetail | OrganisationDetail | None = None
        self.right: PersonDetail | OrganisationDetail | None = None
        self.choices: dict[str, QButtonGroup] = {}
        self.loading = False
        self.last_result: MergeResult | UndoResult | None = None

        top = QHBoxLayout()
        search_label = QLabel(tr("&Suchen in:"))
        top.addWidget(search_label)
        self.entity_combo = QComboBox()
        search_label.setBuddy(self.entity_combo)
        self.entity_combo.setObjectName("duplicateEntity")
        self.entity_combo.setAccessibleName(tr("Art der Dubletten"))
        self.entity_combo.addItem(tr("Personen"), "person")
        self.entity_combo.addItem(tr("Organisationen"), "organisation")
        self.entity_combo.currentIndexChanged.connect(lambda _i: self.find())
        top.addWidget(self.entity_combo)
        self.count_label = muted()
        top.addWidget(self.count_label, 1)
        self.undo_button = QPushButton(tr("Letzte Zusammenführung &rückgängig"))
        self.undo_button.setObjectName("undoMergeButton")
        self.undo_button.clicked.connect(self.undo)
        top.addWidget(self.undo_button)

        self.candidates = ListTableModel(candidate_columns(), self)
        self.candidate_view = table_view(
            "duplicateCandidates", tr("Mögliche Dubletten"), self.candidates
        )
        self.candidate_view.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self.show_pair(current.row())
        )

        compare = QWidget()
        compare_layout = QVBoxLayout(compare)
        compare_layout.setContentsMargins(12, 0, 0, 0)
        compare_layout.addWidget(section(tr("Vergleich")))
        self.reason_label = QLabel()
        self.reason_label.setObjectName("duplicateReason")
        self.reason_label.setWordWrap(True)
        compare_layout.addWidget(self.reason_label)
        compare_layout.addWidget(
            muted(
                tr(
                    "Wählen Sie je Feld den Wert, der bleiben soll. Der linke Datensatz bleibt "
                    "erhalten; alle Verknüpfungen des rechten gehen auf ihn über."
                )
            )
        )
        self.compare_area = QScrollArea()
        self.compare_area.setObjectName("comparison")
        self.compare_area.setAccessibleName(tr("Vergleich der beiden Einträge"))
        self.compare_area.setWidgetResizable(True)
        self.compare_area.setFrameShape(QFrame.Shape.StyledPanel)
        compare_layout.addWidget(self.compare_area, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.merge_button = QPushButton(tr("&Zusammenführen …"))
        self.merge_button.setObjectName("mergeButton")
        self.merge_button.clicked.connect(self.merge)
        buttons.addWidget(self.merge_button)
        compare_layout.addLayout(buttons)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.candidate_view)
        splitter.addWidget(compare)
        splitter.setSizes([420, 640])

        close = QPushButton(tr("Schließen"))
        close.clicked.connect(self.accept)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(close)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 14)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        layout.addLayout(bottom)
        self.find()

    def entity(self) -> str:
        return str(self.entity_combo.currentData())

    # ================================================================= candidates

    # shadows the static QWidget.find(WId), which nothing calls on this dialog
    def find(self) -> None:  # type: ignore[override]
        contacts, entity = self.contacts, self.entity()
        self.loading = True
        self.count_label.setText(tr("Suche läuft …"))
        self.merge_button.setEnabled(False)

        def call() -> tuple[list[DuplicateCandidate], str | None]:
            found = (
                contacts.find_person_duplicates()
                if entity == "person"
                else contacts.find_organisation_duplicates()
            )
            return found, contacts.can_undo_merge()

        run_operation(self, call, self._found, on_failure=self._failed)

    def _failed(self, exc: BaseException) -> None:
        self.loading = False
        report_exception(exc, self)

    def _found(self, result: tuple[list[DuplicateCandidate], str | None]) -> None:
        found, undo = result
        self.loading = False
        self.candidates.set_rows(found)
        header = self.candidate_view.horizontalHeader()
        header.resizeSection(0, scaled(130))
        header.resizeSection(1, scaled(130))
        self.count_label.setText(
            tr("Keine möglichen Dubletten gefunden.")
            if not found
            else tr("{count} mögliche Dubletten").format(count=len(found))
            if len(found) != 1
            else tr("1 mögliche Dublette")
        )
        self.undo_button.setEnabled(undo is not None)
        self.undo_button.setToolTip(undo or "")
        if found:
            self.candidate_view.setCurrentIndex(self.candidates.index(0, 0))
        else:
            self.show_pair(-1)

    # ================================================================= comparison

    def show_pair(self, row: int) -> None:
        candidate = self.candidates.row_at(row)
        self.choices = {}
        content = QWidget()
        grid = QGridLayout(content)
        grid.setContentsMargins(12, 10, 12, 10)
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(4)
        self.reason_label.setText(
            tr("Grund: {reason}").format(reason=candidate.reason) if candidate else ""
        )
        if candidate is None:
            self.left = self.right = None
            grid.addWidget(muted(tr("Bitte links ein Paar wählen.")), 0, 0)
            self.compare_area.setWidget(content)
            self.merge_button.setEnabled(False)
            return
        try:
            if candidate.entity == "person":
                self.left = self.contacts.get_person(candidate.first_id)
                self.right = self.contacts.get_person(candidate.second_id)
                fields = PERSON_FIELDS
            else:
                self.left = self.contacts.get_organisation(candidate.first_id)
                self.right = self.contacts.get_organisation(candidate.second_id)
                fields = ORGANISATION_FIELDS
        except Exception as exc:
            report_exception(exc, self)
            return
        for column, text in enumerate(
            (
                tr("Feld"),
                tr("Behalten: Nr. {id}").format(id=self.left.id),
                tr("Entfällt: Nr. {id}").format(id=self.right.id),
            )
        ):
            title = QLabel(text)
            title.setProperty("role", "tileTitle")
            grid.addWidget(title, 0, column)
        line = 1
        for key in fields:
            mine, theirs = getattr(self.left, key, None), getattr(self.right, key, None)
            if _shown(mine) == _shown(theirs) and not _shown(mine):
                continue  # both empty
            name = QLabel(FIELD_LABELS.get(key, key))
            if _shown(mine) != _shown(theirs):
                name.setStyleSheet("font-weight: 600;")
            left_radio = QRadioButton(_shown(mine) or tr("(leer)"))
            right_radio = QRadioButton(_shown(theirs) or tr("(leer)"))
            for radio, side in ((left_radio, "links"), (right_radio, "rechts")):
                radio.setObjectName(f"choice_{key}_{side}")
                radio.setAccessibleName(
                    tr("{field}: Wert {side} behalten").format(
                        field=FIELD_LABELS.get(key, key), side=side
                    )
                )
            group = QButtonGroup(content)
            group.addButton(left_radio, 0)
            group.addButton(right_radio, 1)
            # the service's default: keep the left value unless it is empty
            (right_radio if not _shown(mine) and _shown(theirs) else left_radio).setChecked(True)
            if _shown(mine) == _shown(theirs):
                right_radio.setEnabled(False)
            self.choices[key] = group
            grid.addWidget(name, line, 0)
            grid.addWidget(left_radio, line, 1)
            grid.addWidget(right_radio, line, 2)
            line += 1
        links = self._links(candidate)
        if links:
            grid.addWidget(muted(links), line, 0, 1, 3)
            line += 1
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        grid.setRowStretch(line, 1)
        self.compare_area.setWidget(content)
        self.merge_button.setEnabled(True)

    def _links(self, candidate: DuplicateCandidate) -> str:
        r = self.right
        if candidate.entity != "person" or not isinstance(r, PersonDetail):
            return ""
        return tr(
            "Gehen auf den linken Datensatz über: {affiliations} Funktion(en), {lists} "
            "Verteiler, {consultations} Beratung(en), {registrations} Anmeldung(en)."
        ).format(
            affiliations=len(r.affiliations),
            lists=len(r.lists),
            consultations=len(r.consultations),
            registrations=len(self.services.events.list_person_registrations(r.id)),
        )

    def field_choices(self) -> dict[str, Literal["keep", "remove"]]:
        return {
            key: "remove" if group.checkedId() == 1 else "keep"
            for key, group in self.choices.items()
        }

    def choose(self, key: str, side: str) -> None:
        """Pick the value of ``side`` ("left"/"right") for ``key`` (tests, keyboard)."""
        self.choices[key].button(0 if side == "left" else 1).setChecked(True)

    # ================================================================= merge, undo

    def merge(self) -> None:
        if self.left is None or self.right is None:
            return
        left_name = (
            self.left.display_name if isinstance(self.left, PersonDetail) else self.left.name
        )
        right_name = (
            self.right.display_name if isinstance(self.right, PersonDetail) else self.right.name
        )
        if not ContactDialogs.confirm(
            self,
            tr("„{right}“ (Nr. {rid}) in „{left}“ (Nr. {lid}) zusammenführen?").format(
                right=right_name, rid=self.right.id, left=left_name, lid=self.left.id
            ),
            tr(
                "Der rechte Datensatz wird gelöscht, seine Verknüpfungen gehen über. Die letzte "
                "Zusammenführung lässt sich rückgängig machen."
            ),
            tr("Zusammenführen"),
        ):
            return
        contacts, choices = self.contacts, self.field_choices()
        keep, remove = self.left.id, self.right.id
        merge = (
            contacts.merge_persons if self.entity() == "person" else contacts.merge_organisations
        )
        self.merge_button.setEnabled(False)
        run_operation(
            self,
            lambda: merge(keep, remove, choices),
            self._merged,
            on_failure=self._failed,
            progress_text=tr("Wird zusammengeführt …"),
        )

    def _merged(self, result: MergeResult | UndoResult) -> None:
        self.last_result = result
        self.count_label.setText(result.summary)
        self.find()

    def undo(self) -> None:
        summary = self.contacts.can_undo_merge()
        if summary is None:
            return
        if not ContactDialogs.confirm(
            self,
            tr("Letzte Zusammenführung rückgängig machen?"),
            summary,
            tr("Rückgängig machen"),
        ):
            return
        contacts = self.contacts
        run_operation(self, contacts.undo_last_merge, self._merged, on_failure=self._failed)

    @classmethod
    def run(cls, parent: QWidget | None, services: Services) -> None:
        cls(services, parent).exec()
