"""Kontakte importieren: Datei → Spalten zuordnen → Probelauf → Importieren.

The dialog reads the file once and keeps its bytes; the service does everything else. The dry run
and the commit run on the operations worker (``run_operation``); "Importieren" is enabled only
while a dry-run report for the current mapping and options is shown. The commit is
all-or-nothing: the service writes nothing when a row is rejected (unless the user chose to leave
rejected rows out).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSettings,
    Qt,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from beratung.domain.errors import UserError
from beratung.gui.contacts.common import (
    ContactDialogs,
    line_edit,
    muted,
    section,
    table_view,
    tr,
)
from beratung.gui.contacts.models import Column, ListTableModel
from beratung.gui.errors import report_exception
from beratung.gui.operations import run_operation
from beratung.gui.style import active_theme, light_grid, read_only_look, scaled
from beratung.interchange import (
    CONTACT_FIELDS,
    FALLBACK_TARGETS,
    SPLIT_TARGETS,
    HeaderRowUncertainError,
)
from beratung.interchange.contacts_model import NOTE_TARGETS
from beratung.services.contact_io import ImportLine, ImportOptions, ImportPreview, ImportReport
from beratung.services.files import read_input_file
from beratung.settings import IMPORT_MAPPING_PREFIX

if TYPE_CHECKING:
    from beratung.services import Services

Index = QModelIndex | QPersistentModelIndex

FILE_FILTERS = (
    "Kontaktdateien (*.csv *.txt *.xlsx *.vcf *.vcard)",
    "CSV (*.csv *.txt)",
    "Excel (*.xlsx)",
    "vCard (*.vcf *.vcard)",
)


class PreviewModel(QAbstractTableModel):
    """The first rows of the file as they are, with the file's own headers."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.headers: tuple[str, ...] = ()
        self.rows: tuple[tuple[str, ...], ...] = ()
        self.row_numbers: tuple[int, ...] = ()

    def set_preview(self, preview: ImportPreview | None) -> None:
        self.beginResetModel()
        self.headers = preview.headers if preview else ()
        self.rows = preview.rows if preview else ()
        self.row_numbers = preview.row_numbers if preview else ()
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return None
        row = self.rows[index.row()]
        return row[index.column()] if index.column() < len(row) else ""

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and section < len(self.headers):
            return self.headers[section]
        if orientation == Qt.Orientation.Vertical:
            if section < len(self.row_numbers):
                return str(self.row_numbers[section])  # the row number in the file
            return str(section + 2)
        return None


def _action_colour(line: ImportLine) -> str | None:
    if line.action == "reject":
        return active_theme().alert
    if line.action == "merge_candidate":
        return active_theme().warning_text
    return None


def report_columns() -> list[Column[ImportLine]]:
    return [
        Column(tr("Zeile"), lambda line: line.row),
        Column(tr("Ergebnis"), lambda line: line.action_label, foreground=_action_colour),
        Column(tr("Name"), lambda line: line.name),
        Column(
            tr("Grund"),
            lambda line: line.message + ("; " + "; ".join(line.warnings) if line.warnings else ""),
        ),
    ]


class ImportDialog(QDialog):
    STEP_FILE, STEP_MAPPING, STEP_REPORT = range(3)

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.transfer = services.contact_transfer
        self.setObjectName("importDialog")
        self.setWindowTitle(tr("Kontakte importieren"))
        self.setAccessibleName(tr("Kontakte importieren"))
        light_grid(self)
        read_only_look(self, "muted")
        self.resize(980, 660)
        self.data: bytes | None = None
        self.filename = ""
        self.preview: ImportPreview | None = None
        self.report: ImportReport | None = None
        self.committed: ImportReport | None = None
        self.running = False
        self.mapping_combos: dict[int, QComboBox] = {}
        #: The row the user named as the header (0: none), ``None``: found by the reader.
        self.header_row: int | None = None
        #: The mapping came from the last import of a file with the same columns.
        self.mapping_remembered = False

        self.step_labels: list[QLabel] = []
        steps = QHBoxLayout()
        for number, text in enumerate(
            (tr("1  Datei wählen"), tr("2  Spalten zuordnen"), tr("3  Probelauf und Import"))
        ):
            label = QLabel(text)
            label.setObjectName(f"step{number}")
            self.step_labels.append(label)
            steps.addWidget(label)
            if number < 2:
                arrow = QLabel("›")
                arrow.setProperty("role", "muted")
                steps.addWidget(arrow)
        steps.addStretch(1)

        self.stack = QStackedWidget()
        self.stack.addWidget(self._build_file_step())
        self.stack.addWidget(self._build_mapping_step())
        self.stack.addWidget(self._build_report_step())

        self.back_button = QPushButton(tr("&Zurück"))
        self.back_button.clicked.connect(self.back)
        self.next_button = QPushButton(tr("&Weiter"))
        self.next_button.setObjectName("nextButton")
        self.next_button.clicked.connect(self.forward)
        self.import_button = QPushButton(tr("&Importieren"))
        self.import_button.setObjectName("importButton")
        self.import_button.clicked.connect(self.commit)
        self.close_button = QPushButton(tr("Abbrechen"))
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.back_button, self.next_button, self.import_button, self.close_button):
            buttons.addWidget(button)

        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Plain)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 14)
        layout.addLayout(steps)
        layout.addWidget(line)
        layout.addWidget(self.stack, 1)
        layout.addLayout(buttons)
        self.show_step(self.STEP_FILE)

    # ================================================================= steps

    def _build_file_step(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addWidget(
            muted(
                tr(
                    "CSV (z. B. aus Outlook oder Excel gespeichert; UTF-8 oder Windows-1252, "
                    "Komma oder Semikolon), Excel-Arbeitsmappe (.xlsx) oder vCard (.vcf). "
                    "Es wird erst geschrieben, wenn Sie nach dem Probelauf „Importieren“ wählen."
                )
            )
        )
        row = QHBoxLayout()
        self.path_edit = line_edit("importPath", tr("Datei"), tr("Datei wählen …"))
        self.path_edit.setReadOnly(True)
        self.browse_button = QPushButton(tr("&Durchsuchen …"))
        self.browse_button.setObjectName("browseButton")
        self.browse_button.clicked.connect(self.browse)
        row.addWidget(self.path_edit, 1)
        row.addWidget(self.browse_button)
        layout.addLayout(row)
        self.source_label = QLabel()
        self.source_label.setObjectName("importSource")
        self.source_label.setWordWrap(True)
        self.problems_label = QLabel()
        self.problems_label.setObjectName("importProblems")
        self.problems_label.setProperty("role", "fieldError")
        self.problems_label.setWordWrap(True)
        self.problems_label.hide()
        layout.addWidget(self.source_label)
        layout.addWidget(self.problems_label)
        header_row = QHBoxLayout()
        self.header_label = QLabel(tr("Spalten&namen stehen in:"))
        self.header_combo = QComboBox()
        self.header_combo.setObjectName("headerRow")
        self.header_combo.setAccessibleName(tr("Zeile mit den Spaltennamen"))
        self.header_combo.setToolTip(
            tr("Welche Zeile der Datei die Spaltennamen enthält; die Zeilen darüber werden "
               "nicht übernommen.")
        )
        self.header_combo.setMinimumWidth(420)
        self.header_label.setBuddy(self.header_combo)
        self.header_combo.activated.connect(self._header_row_chosen)
        header_row.addWidget(self.header_label)
        header_row.addWidget(self.header_combo, 1)
        layout.addLayout(header_row)
        self.header_label.hide()
        self.header_combo.hide()
        layout.addWidget(section(tr("Vorschau der ersten Zeilen")))
        self.preview_model = PreviewModel(self)
        self.preview_view = table_view("importPreview", tr("Vorschau"), self.preview_model)
        self.preview_view.verticalHeader().show()
        self.preview_view.horizontalHeader().setStretchLastSection(False)
        layout.addWidget(self.preview_view, 1)
        return page

    def _build_mapping_step(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 8, 0, 0)
        top = QHBoxLayout()
        self.mapping_hint = muted(
            tr(
                "Jede Spalte der Datei wird einem Kontaktfeld zugeordnet; die Vorschläge kommen "
                "aus den Spaltennamen. „nicht übernehmen“ lässt eine Spalte aus."
            )
        )
        top.addWidget(self.mapping_hint, 1)
        self.only_filled = QCheckBox(tr("Nur Spalten mit Inhalt zei&gen"))
        self.only_filled.setChecked(True)
        self.only_filled.toggled.connect(self._update_mapping_visibility)
        top.addWidget(self.only_filled)
        layout.addLayout(top)
        self.mapping_area = QScrollArea()
        self.mapping_area.setObjectName("mappingArea")
        self.mapping_area.setWidgetResizable(True)
        self.mapping_area.setFrameShape(QFrame.Shape.StyledPanel)
        layout.addWidget(self.mapping_area, 1)
        return page

    def _build_report_step(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 8, 0, 0)
        options = QHBoxLayout()
        options.addWidget(QLabel(tr("Mögliche Dubletten:")))
        self.merge_combo = QComboBox()
        self.merge_combo.setObjectName("mergeCandidates")
        self.merge_combo.setAccessibleName(tr("Mögliche Dubletten"))
        for text, value in (
            (tr("nicht importieren"), "skip"),
            (tr("mit der vorhandenen Person zusammenführen"), "merge"),
            (tr("trotzdem neu anlegen"), "create"),
        ):
            self.merge_combo.addItem(text, value)
        self.merge_combo.currentIndexChanged.connect(lambda _i: self.invalidate_report())
        options.addWidget(self.merge_combo)
        options.addStretch(1)
        # two rows: in one, the options need 1,600 px at 200 % text
        layout.addLayout(options)
        options = QHBoxLayout()
        self.skip_rejected = QCheckBox(tr("Abgelehnte Zeilen &auslassen"))
        self.skip_rejected.setObjectName("skipRejected")
        self.skip_rejected.setToolTip(
            tr("Sonst wird nichts importiert, solange eine Zeile abgelehnt ist.")
        )
        self.skip_rejected.toggled.connect(lambda _c: self.invalidate_report())
        options.addWidget(self.skip_rejected)
        options.addStretch(1)
        self.dry_run_button = QPushButton(tr("&Probelauf starten"))
        self.dry_run_button.setObjectName("dryRunButton")
        self.dry_run_button.clicked.connect(self.start_dry_run)
        options.addWidget(self.dry_run_button)
        layout.addLayout(options)
        self.summary_label = QLabel()
        self.summary_label.setObjectName("reportSummary")
        self.summary_label.setProperty("role", "sectionTitle")
        self.summary_label.setWordWrap(True)
        self.verdict_label = muted()
        self.verdict_label.setObjectName("reportVerdict")
        layout.addWidget(self.summary_label)
        layout.addWidget(self.verdict_label)
        self.report_model = ListTableModel(report_columns(), self)
        self.report_view = table_view(
            "importReport", tr("Ergebnis des Probelaufs"), self.report_model
        )
        self.report_view.setWordWrap(True)
        layout.addWidget(self.report_view, 1)
        return page

    # ================================================================= navigation

    def show_step(self, step: int) -> None:
        self.stack.setCurrentIndex(step)
        for number, label in enumerate(self.step_labels):
            label.setProperty("role", "sectionTitle" if number == step else "muted")
            label.style().unpolish(label)
            label.style().polish(label)
        if step == self.STEP_REPORT and self.report is None and not self.running:
            self.summary_label.setText(tr("Noch kein Probelauf"))
            self.verdict_label.setText(
                tr(
                    "Der Probelauf prüft jede Zeile und zeigt, was geschehen würde; er schreibt "
                    "nichts."
                )
            )
        self._update_buttons()

    def step(self) -> int:
        return self.stack.currentIndex()

    def forward(self) -> None:
        if self.step() == self.STEP_FILE:
            if self.preview is None:
                return
            if self.preview.format == "vcf":  # vCards need no mapping
                self.show_step(self.STEP_REPORT)
                self.start_dry_run()
            else:
                self.show_step(self.STEP_MAPPING)
        elif self.step() == self.STEP_MAPPING:
            self.show_step(self.STEP_REPORT)
            if self.report is None:
                self.start_dry_run()

    def back(self) -> None:
        if self.step() == self.STEP_REPORT and self.preview and self.preview.format == "vcf":
            self.show_step(self.STEP_FILE)
        elif self.step() > 0:
            self.show_step(self.step() - 1)

    def _update_buttons(self) -> None:
        step = self.step()
        self.back_button.setEnabled(step > 0 and not self.running)
        self.next_button.setVisible(step < self.STEP_REPORT)
        self.next_button.setText(
            tr("&Weiter zum Probelauf") if step == self.STEP_MAPPING else tr("&Weiter")
        )
        self.next_button.setEnabled(self.preview is not None and not self.running)
        self.import_button.setVisible(step == self.STEP_REPORT)
        self.import_button.setEnabled(self.can_commit())
        self.dry_run_button.setEnabled(self.preview is not None and not self.running)
        self.browse_button.setEnabled(not self.running)

    def can_commit(self) -> bool:
        """Only with a report shown for the current choices, and nothing rejected (or left out)."""
        report = self.report
        if report is None or self.running or self.step() != self.STEP_REPORT:
            return False
        if report.rejected and not self.skip_rejected.isChecked():
            return False
        return any(line.action in ("create", "update") for line in report.lines) or (
            self.merge_combo.currentData() == "merge" and report.count("merge_candidate") > 0
        )

    # ================================================================= file

    def browse(self) -> None:
        path = ContactDialogs.open_file(self, tr("Kontaktdatei wählen"), FILE_FILTERS)
        if path:
            self.load_file(path)

    def load_file(self, path: str | Path) -> bool:
        path = Path(path)
        try:
            data = read_input_file(path)
        except UserError as exc:
            report_exception(exc, self)
            return False
        return self.load_bytes(data, path.name, str(path))

    def load_bytes(
        self, data: bytes, filename: str, shown: str | None = None,
        header_row: int | None = None,
    ) -> bool:
        """Read the file's preview. When the header row is uncertain, the first rows are shown
        and the user picks the row with the column names instead of being refused."""
        try:
            preview = self.transfer.preview_import(data, filename, header_row=header_row)
        except HeaderRowUncertainError as exc:
            return self._ask_header_row(data, filename, shown, exc)
        except UserError as exc:
            report_exception(exc, self)
            return False
        self.data, self.filename, self.preview = data, filename, preview
        self.header_row = header_row
        self.path_edit.setText(shown or filename)
        self._fill_header_rows(header_row, preview)
        rows = preview.total_rows
        self.source_label.setText(
            tr("{source} · {count} Datensätze").format(source=preview.source, count=rows)
            if rows != 1
            else tr("{source} · 1 Datensatz").format(source=preview.source)
        )
        self.problems_label.setText("\n".join(preview.problems))
        self.problems_label.setVisible(bool(preview.problems))
        self.preview_model.set_preview(preview)
        header = self.preview_view.horizontalHeader()
        for column in range(self.preview_model.columnCount()):
            header.resizeSection(column, scaled(130))
        self._build_mapping(preview)
        self.invalidate_report()
        return True

    def _raw_rows(self, data: bytes, filename: str) -> ImportPreview | None:
        """The first rows of the file as they are (read as if it had no header row)."""
        try:
            return self.transfer.preview_import(data, filename, header_row=0)
        except UserError:
            return None

    def _fill_header_rows(
        self, header_row: int | None, preview: ImportPreview | None,
        raw: ImportPreview | None = None,
    ) -> None:
        """The choice of the header row: automatic, one of the first rows, or none."""
        table = preview is None or preview.format != "vcf"
        self.header_label.setVisible(table)
        self.header_combo.setVisible(table)
        if not table or self.data is None:
            return
        raw = raw or self._raw_rows(self.data, self.filename)
        self.header_combo.clear()
        if preview is None:
            self.header_combo.addItem(tr("– bitte wählen –"), -1)
        else:
            self.header_combo.addItem(tr("automatisch erkennen"), None)
        for number, row in zip(raw.row_numbers, raw.rows, strict=False) if raw else ():
            text = " | ".join(cell.strip() for cell in row if cell.strip())
            text = text if len(text) <= 70 else text[:69] + "…"
            self.header_combo.addItem(
                tr("Zeile {number}: {text}").format(number=number, text=text), number
            )
        self.header_combo.addItem(tr("keine Zeile (die Datei hat keine Spaltennamen)"), 0)
        if header_row is not None:
            self.header_combo.setCurrentIndex(max(0, self.header_combo.findData(header_row)))

    def _ask_header_row(
        self, data: bytes, filename: str, shown: str | None, exc: HeaderRowUncertainError
    ) -> bool:
        self.data, self.filename, self.preview = data, filename, None
        self.header_row = None
        self.path_edit.setText(shown or filename)
        raw = self._raw_rows(data, filename)
        self.source_label.setText(raw.source if raw else filename)
        self.problems_label.setText(
            exc.message + "\n" + tr("Bitte wählen Sie unten, in welcher Zeile die Spaltennamen "
                                    "stehen.")
        )
        self.problems_label.show()
        self.preview_model.set_preview(raw)
        self._fill_header_rows(None, None, raw)
        self.header_combo.setFocus()
        self.invalidate_report()
        return False

    def _header_row_chosen(self, index: int) -> None:
        row = self.header_combo.itemData(index)
        if self.data is None or row == -1:
            return
        self.load_bytes(self.data, self.filename, self.path_edit.text(), header_row=row)

    def choose_header_row(self, row: int | None) -> bool:
        """Pick the header row as the user would in the list (0: none; None: automatic)."""
        index = self.header_combo.findData(row)
        if index < 0:
            return False
        self.header_combo.setCurrentIndex(index)
        self._header_row_chosen(index)
        return self.preview is not None

    # ================================================================= mapping

    def _remembered_mapping(self, preview: ImportPreview) -> dict[int, str | None] | None:
        if not preview.signature:
            return None
        raw = QSettings().value(IMPORT_MAPPING_PREFIX + preview.signature)
        try:
            stored = json.loads(str(raw)) if raw else None
        except ValueError:
            return None
        if not isinstance(stored, dict):
            return None
        valid = set(CONTACT_FIELDS) | set(SPLIT_TARGETS) | set(FALLBACK_TARGETS) | set(
            NOTE_TARGETS
        )
        mapping: dict[int, str | None] = {}
        for key, target in stored.items():
            if not str(key).isdigit() or int(key) >= len(preview.headers):
                return None
            if target is not None and target not in valid:
                return None
            mapping[int(key)] = target
        return {number: mapping.get(number) for number in range(len(preview.headers))}

    def remember_mapping(self) -> None:
        """Keep the mapping now in use for the next file with the same header row."""
        if self.preview is None or not self.preview.signature or self.preview.format == "vcf":
            return
        QSettings().setValue(
            IMPORT_MAPPING_PREFIX + self.preview.signature,
            json.dumps({str(k): v for k, v in self.mapping().items()}),
        )

    def _build_mapping(self, preview: ImportPreview) -> None:
        content = QWidget()
        grid = QGridLayout(content)
        grid.setContentsMargins(12, 10, 12, 10)
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(6)
        for column, text in enumerate(
            (tr("Spalte in der Datei"), tr("Beispiel"), tr("Übernehmen als"))
        ):
            label = QLabel(text)
            label.setProperty("role", "tileTitle")
            grid.addWidget(label, 0, column)
        self.mapping_combos = {}
        self._mapping_rows: dict[int, list[QWidget]] = {}
        targets: list[tuple[str, str | None]] = [(tr("– nicht übernehmen –"), None)]
        targets += [(text, key) for key, text in CONTACT_FIELDS.items()]
        targets += [(text, key) for key, text in SPLIT_TARGETS.items()]
        targets += [(text, key) for key, text in FALLBACK_TARGETS.items()]
        targets += [(tr("Notizen: {label}").format(label=text), key)
                    for key, text in NOTE_TARGETS.items()]
        remembered = self._remembered_mapping(preview)
        self.mapping_remembered = remembered is not None
        chosen = remembered if remembered is not None else preview.mapping
        self.mapping_hint.setText(
            tr("Die Zuordnung vom letzten Import einer Datei mit denselben Spalten ist "
               "übernommen; Sie können sie ändern.")
            if remembered is not None
            else tr("Jede Spalte der Datei wird einem Kontaktfeld zugeordnet; die Vorschläge "
                    "kommen aus den Spaltennamen. „nicht übernehmen“ lässt eine Spalte aus.")
        )
        for number, header in enumerate(preview.headers):
            values: list[str] = []
            for row in preview.rows:
                cell = row[number].strip() if number < len(row) else ""
                if cell and cell not in values:
                    values.append(cell)
            sample = " · ".join(value.replace("\n", " ") for value in values[:3])
            name = QLabel(header or tr("(ohne Namen)"))
            example = QLabel(sample)
            example.setProperty("role", "muted")
            example.setMaximumWidth(scaled(320))
            example.setToolTip("\n".join(values))
            example.setAccessibleName(
                tr("Erste Werte der Spalte {name}: {values}").format(name=header, values=sample)
            )
            combo = QComboBox()
            combo.setObjectName(f"mapping_{number}")
            combo.setMaximumWidth(scaled(360))
            combo.setAccessibleName(tr("Spalte {name} übernehmen als").format(name=header))
            for text, key in targets:
                combo.addItem(text, key)
            combo.setCurrentIndex(max(0, combo.findData(chosen.get(number))))
            combo.currentIndexChanged.connect(lambda _i: self.invalidate_report())
            grid.addWidget(name, number + 1, 0)
            grid.addWidget(example, number + 1, 1)
            grid.addWidget(combo, number + 1, 2)
            self.mapping_combos[number] = combo
            self._mapping_rows[number] = [name, example, combo]
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(len(preview.headers) + 1, 1)
        self.mapping_area.setWidget(content)
        self._update_mapping_visibility()

    def _update_mapping_visibility(self) -> None:
        if self.preview is None:
            return
        only = self.only_filled.isChecked()
        for number, widgets in self._mapping_rows.items():
            filled = any(number < len(row) and row[number] for row in self.preview.rows)
            mapped = self.mapping_combos[number].currentData() is not None
            for widget in widgets:
                widget.setVisible(not only or filled or mapped)

    def mapping(self) -> dict[int, str | None]:
        return {number: combo.currentData() for number, combo in self.mapping_combos.items()}

    def set_mapping(self, column: int, target: str | None) -> None:
        combo = self.mapping_combos[column]
        combo.setCurrentIndex(combo.findData(target))

    # ================================================================= dry run and commit

    def options(self) -> ImportOptions:
        return ImportOptions(
            header_row=self.header_row,
            sheet=self.preview.sheet if self.preview else None,
            skip_rejected=self.skip_rejected.isChecked(),
            merge_candidates=self.merge_combo.currentData(),
        )

    def invalidate_report(self) -> None:
        self.report = None
        self.report_model.set_rows([])
        if self.preview is not None:
            self.summary_label.setText(tr("Noch kein Probelauf"))
            self.verdict_label.setText(tr("Bitte starten Sie den Probelauf."))
        self._update_buttons()

    def _set_running(self, running: bool) -> None:
        self.running = running
        self._update_buttons()

    def start_dry_run(self) -> None:
        if self.data is None or self.preview is None or self.running:
            return
        data, filename, options = self.data, self.filename, self.options()
        mapping = None if self.preview.format == "vcf" else self.mapping()
        self.remember_mapping()
        transfer = self.transfer
        self.summary_label.setText(tr("Probelauf läuft …"))
        self.verdict_label.setText("")
        self._set_running(True)
        run_operation(
            self,
            lambda: transfer.dry_run_import(data, filename, mapping, options=options),
            self._show_report,
            on_failure=self._failed,
            progress_text=tr("Probelauf des Imports …"),
        )

    def _failed(self, exc: BaseException) -> None:
        self._set_running(False)
        self.summary_label.setText(tr("Der Probelauf ist nicht möglich."))
        report_exception(exc, self)

    def _show_report(self, report: ImportReport) -> None:
        self.report = report
        self.running = False
        self.report_model.set_rows(report.lines)
        header = self.report_view.horizontalHeader()
        for column, width in enumerate((60, 150, 240)):
            header.resizeSection(column, scaled(width))
        self.report_view.resizeRowsToContents()
        self.summary_label.setText(report.summary())
        self.verdict_label.setText(self._verdict(report))
        self._update_buttons()

    def _verdict(self, report: ImportReport) -> str:
        parts: list[str] = []
        if report.rejected and not self.skip_rejected.isChecked():
            parts.append(
                tr(
                    "{count} Zeile(n) abgelehnt: So wird nichts importiert. Korrigieren Sie die "
                    "Datei oder wählen Sie „Abgelehnte Zeilen auslassen“."
                ).format(count=report.rejected)
            )
        if report.organisations_created:
            parts.append(
                tr("Neue Organisationen: {names}").format(
                    names=", ".join(report.organisations_created)
                )
            )
        if report.lists_created:
            parts.append(
                tr("Neue Verteiler: {names}").format(names=", ".join(report.lists_created))
            )
        parts.extend(report.file_problems)
        if not parts:
            parts.append(tr("Alles in Ordnung. „Importieren“ übernimmt genau diese Zeilen."))
        return "\n".join(parts)

    def commit(self) -> None:
        if not self.can_commit() or self.data is None or self.preview is None:
            return
        report = self.report
        assert report is not None
        if not ContactDialogs.confirm(
            self,
            tr("Jetzt importieren?"),
            report.summary(),
            tr("Importieren"),
        ):
            return
        data, filename, options = self.data, self.filename, self.options()
        mapping = None if self.preview.format == "vcf" else self.mapping()
        transfer = self.transfer
        self._set_running(True)
        run_operation(
            self,
            lambda: transfer.commit_import(data, filename, mapping, options=options),
            self._committed,
            on_failure=self._failed,
            progress_text=tr("Kontakte werden importiert …"),
        )

    def _committed(self, report: ImportReport) -> None:
        self.running = False
        if not report.committed:  # something changed since the dry run: show the new report
            self._show_report(report)
            self.verdict_label.setText(tr("Es wurde nichts importiert. ") + self._verdict(report))
            return
        self.committed = report
        ContactDialogs.information(self, tr("Der Import ist abgeschlossen."), report.summary())
        self.accept()

    @classmethod
    def run(cls, parent: QWidget | None, services: Services) -> bool:
        """Show the dialog; True when something was imported."""
        dialog = cls(services, parent)
        dialog.exec()
        return dialog.committed is not None
