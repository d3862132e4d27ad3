"""The option dialogs of the Dokumente tab: what goes on a sign-in list, on which sheet badges
and labels are printed, certificates in one file or one per person, the needs summary with or
without names.

Each dialog is asked through a classmethod entry point (``choose``) that tests replace; it
returns a frozen options value, or ``None`` when she cancels. The dialogs do no service calls:
what they need (the remembered nudges) is read before, on the worker thread, and handed in.
The choices and their order are the services' (``SIGN_IN_COLUMNS``, ``LABEL_SHEETS``,
``BADGE_SHEETS``), so a new column or sheet appears here without a change.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from beratung.domain.enums import RegistrationStatus
from beratung.domain.event_lists import DEFAULT_SIGN_IN_COLUMNS, SIGN_IN_COLUMNS
from beratung.domain.sheets import (
    BADGE_SHEETS,
    DEFAULT_BADGE_SHEET,
    DEFAULT_LABEL_SHEET,
    LABEL_SHEETS,
    MAX_NUDGE_MM,
    SheetLayout,
    SheetNudge,
)
from beratung.gui.events.common import tr
from beratung.gui.events.registration_common import STATUS_ORDER
from beratung.gui.keyboard import assign_missing_mnemonics
from beratung.gui.style import light_grid, scaled

#: The services' limits (a few sheets' worth; the sign-in list's 200 rows).
MAX_BLANK_BADGES = 100
MAX_BLANK_ROWS = 200

#: Status words for the label filter (plural, as in "an alle, die … sind").
STATUS_WORDS: dict[RegistrationStatus, str] = {
    RegistrationStatus.INVITED: "noch ohne Antwort",
    RegistrationStatus.REGISTERED: "angemeldet",
    RegistrationStatus.WAITLISTED: "auf der Warteliste",
    RegistrationStatus.DECLINED: "abgesagt",
    RegistrationStatus.ATTENDED: "teilgenommen",
    RegistrationStatus.NO_SHOW: "nicht erschienen",
}


@dataclass(frozen=True, slots=True)
class SignInOptions:
    columns: tuple[str, ...] = DEFAULT_SIGN_IN_COLUMNS
    sort: str = "name"
    blank_rows: int = 5
    landscape: bool = False


@dataclass(frozen=True, slots=True)
class BadgeOptions:
    sheet: str = DEFAULT_BADGE_SHEET
    start: int = 1
    qr: bool = False
    blank: int = 0


@dataclass(frozen=True, slots=True)
class LabelOptions:
    sheet: str = DEFAULT_LABEL_SHEET
    start: int = 1
    nudge: SheetNudge = field(default_factory=SheetNudge)
    #: ``None``: everyone on the invitation list.
    statuses: tuple[RegistrationStatus, ...] | None = None


@dataclass(frozen=True, slots=True)
class CertificateOptions:
    per_person: bool = False


@dataclass(frozen=True, slots=True)
class NeedsOptions:
    named: bool = False


class DocumentDialogs:
    """Small modal questions of the Dokumente tab; tests replace them."""

    @classmethod
    def choose_folder(cls, parent: QWidget, title: str) -> Path | None:
        name = QFileDialog.getExistingDirectory(parent, title)
        return Path(name) if name else None


class OptionsDialog(QDialog):
    """A form of options with "Vorschau" (or another action) and "Abbrechen"."""

    def __init__(
        self, name: str, title: str, explain: str, parent: QWidget | None, ok_text: str
    ) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        light_grid(self)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.root = QVBoxLayout(self)
        self.root.setContentsMargins(18, 16, 18, 14)
        self.root.setSpacing(12)
        intro = QLabel(explain)
        intro.setObjectName("optionsIntro")
        intro.setWordWrap(True)
        intro.setProperty("role", "venueSummary")
        intro.setAccessibleName(explain)
        # a width on the label, not the dialog: a minimum set on the dialog would keep the
        # layout from setting the dialog's minimum height (the group boxes were cut off)
        intro.setMinimumWidth(560)
        self.root.addWidget(intro)
        self.form = QFormLayout()
        self.form.setHorizontalSpacing(14)
        self.form.setVerticalSpacing(10)
        self.root.addLayout(self.form)
        self.buttons = QDialogButtonBox(self)
        self.ok_button = self.buttons.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setObjectName("optionsOk")
        self.ok_button.setAccessibleName(ok_text.replace("&", "").replace(" …", ""))
        self.ok_button.setDefault(True)
        cancel = self.buttons.addButton(tr("Abbrechen"), QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setObjectName("optionsCancel")
        cancel.setAccessibleName(tr("Abbrechen"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    def finish(self) -> None:
        """Add the buttons last, so the Tab order runs top to bottom; check boxes named from
        data (columns, statuses) get free Alt letters now that all fixed ones are known."""
        self.root.addStretch(1)
        self.root.addWidget(self.buttons)
        assign_missing_mnemonics(self, self.findChildren(QCheckBox))

    def row(self, label: str, field: QWidget, accessible: str) -> QLabel:
        field.setAccessibleName(accessible)
        caption = QLabel(label)
        caption.setBuddy(field)
        self.form.addRow(caption, field)
        return caption


def radio_button(text: str, name: str, checked: bool = False) -> QRadioButton:
    radio = QRadioButton(text)
    radio.setObjectName(name)
    radio.setAccessibleName(text.replace("&", ""))
    radio.setChecked(checked)
    return radio


def _spin(name: str, low: int, high: int, value: int) -> QSpinBox:
    spin = QSpinBox()
    spin.setObjectName(name)
    spin.setRange(low, high)
    spin.setValue(value)
    spin.setMinimumWidth(90)
    spin.setMaximumWidth(scaled(140))
    return spin


def _sheet_combo(name: str, sheets: Mapping[str, SheetLayout], default: str) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName(name)
    for sheet in sheets.values():
        text = tr("{name} ({width} × {height} mm, {count} je Bogen)").format(
            name=sheet.name,
            count=sheet.per_sheet,
            width=f"{sheet.cell_width:g}".replace(".", ","),
            height=f"{sheet.cell_height:g}".replace(".", ","),
        )
        combo.addItem(text, sheet.key)
    combo.setCurrentIndex(max(0, combo.findData(default)))
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    return combo


class SignInOptionsDialog(OptionsDialog):
    """Teilnehmerliste: columns (in the service's order), sort, blank rows, orientation."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            "signInOptions",
            tr("Teilnehmerliste"),
            tr(
                "Die Liste zum Unterschreiben: alle mit einem Platz. Leere Zeilen sind für "
                "Gäste, die unangemeldet kommen."
            ),
            parent,
            tr("&Vorschau …"),
        )
        box = QGroupBox(tr("Spalten"))
        box.setObjectName("signInColumns")
        box.setAccessibleName(tr("Spalten"))
        grid = QGridLayout(box)
        self.column_boxes: dict[str, QCheckBox] = {}
        for index, (key, label) in enumerate(SIGN_IN_COLUMNS.items()):
            check = QCheckBox(label)
            check.setObjectName(f"column_{key}")
            check.setAccessibleName(tr("Spalte {name}").format(name=label))
            check.setChecked(key in DEFAULT_SIGN_IN_COLUMNS)
            check.toggled.connect(self._update)
            self.column_boxes[key] = check
            grid.addWidget(check, index // 4, index % 4)
        self.form.addRow(box)

        self.by_name = radio_button(tr("nach &Name"), "sortByName", True)
        self.by_town = radio_button(tr("nach &Kommune"), "sortByMunicipality")
        self.sort_group = QButtonGroup(self)
        sort_row = QHBoxLayout()
        for radio in (self.by_name, self.by_town):
            self.sort_group.addButton(radio)
            sort_row.addWidget(radio)
        sort_row.addStretch(1)
        self.form.addRow(QLabel(tr("Sortiert")), sort_row)

        self.blank = _spin("blankRows", 0, MAX_BLANK_ROWS, 5)
        self.row(tr("&Leere Zeilen:"), self.blank, tr("Leere Zeilen"))

        self.portrait = radio_button(tr("&Hochformat"), "portrait", True)
        self.landscape = radio_button(tr("&Querformat"), "landscape")
        self.orientation_group = QButtonGroup(self)
        orientation = QHBoxLayout()
        for radio in (self.portrait, self.landscape):
            self.orientation_group.addButton(radio)
            orientation.addWidget(radio)
        orientation.addStretch(1)
        self.form.addRow(QLabel(tr("Seite")), orientation)
        self.finish()

    def _update(self) -> None:
        self.ok_button.setEnabled(any(box.isChecked() for box in self.column_boxes.values()))

    def options(self) -> SignInOptions:
        return SignInOptions(
            columns=tuple(key for key, box in self.column_boxes.items() if box.isChecked()),
            sort="municipality" if self.by_town.isChecked() else "name",
            blank_rows=self.blank.value(),
            landscape=self.landscape.isChecked(),
        )

    @classmethod
    def choose(cls, parent: QWidget) -> SignInOptions | None:
        dialog = cls(parent)
        try:
            return dialog.options() if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()


class BadgeOptionsDialog(OptionsDialog):
    """Namensschilder: sheet, first free position, QR code, blank badges."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            "badgeOptions",
            tr("Namensschilder"),
            tr(
                "Ein Schild für alle Angemeldeten, nach Namen sortiert. Auf einem angebrochenen "
                "Bogen beginnen Sie beim ersten freien Schild (gezählt zeilenweise von oben "
                "links)."
            ),
            parent,
            tr("&Vorschau …"),
        )
        self.sheet = _sheet_combo("badgeSheet", BADGE_SHEETS, DEFAULT_BADGE_SHEET)
        self.row(tr("&Bogen:"), self.sheet, tr("Bogen der Namensschilder"))
        self.start = _spin("badgeStart", 1, 1, 1)
        self.start_caption = self.row(tr("Beginnen bei &Schild:"), self.start, "")
        self.qr = QCheckBox(tr("&QR-Code mit dem Anmeldecode"))
        self.qr.setObjectName("badgeQr")
        self.qr.setAccessibleName(tr("QR-Code mit dem Anmeldecode drucken"))
        qr_use = tr("Am Eingang scannt die Ansicht „Teilnahme“ den Code.")
        self.qr.setToolTip(qr_use)
        self.qr.setAccessibleDescription(qr_use)
        self.form.addRow("", self.qr)
        self.blank = _spin("blankBadges", 0, MAX_BLANK_BADGES, 0)
        self.row(tr("&Leere Schilder:"), self.blank, tr("Leere Schilder für Gäste"))
        self.sheet.currentIndexChanged.connect(self._sheet_changed)
        self._sheet_changed()
        self.finish()

    def _sheet_changed(self) -> None:
        sheet = BADGE_SHEETS[str(self.sheet.currentData())]
        self.start.setMaximum(sheet.per_sheet)
        self.start.setAccessibleName(
            tr("Erstes freies Schild, 1 bis {n}").format(n=sheet.per_sheet)
        )

    def options(self) -> BadgeOptions:
        return BadgeOptions(
            sheet=str(self.sheet.currentData()),
            start=self.start.value(),
            qr=self.qr.isChecked(),
            blank=self.blank.value(),
        )

    @classmethod
    def choose(cls, parent: QWidget) -> BadgeOptions | None:
        dialog = cls(parent)
        try:
            return dialog.options() if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()


class LabelOptionsDialog(OptionsDialog):
    """Adressetiketten: sheet, first free label, the nudge remembered per sheet, and for an
    event's invitees their statuses (a distribution list has none: ``invitees=False``)."""

    def __init__(
        self,
        nudges: Mapping[str, SheetNudge],
        parent: QWidget | None = None,
        *,
        invitees: bool = True,
    ) -> None:
        whose = (
            tr("Anschriften der Eingeladenen, nach Postleitzahl sortiert.")
            if invitees
            else tr("Anschriften der Mitglieder des Verteilers, nach Postleitzahl sortiert.")
        )
        super().__init__(
            "labelOptions",
            tr("Adressetiketten"),
            whose
            + " "
            + tr(
                "Druckt Ihr Drucker versetzt, verschieben Sie den Druck in Millimetern; das "
                "wird je Bogen gemerkt."
            ),
            parent,
            tr("&Vorschau …"),
        )
        self.nudges = dict(nudges)
        self.sheet = _sheet_combo("labelSheet", LABEL_SHEETS, DEFAULT_LABEL_SHEET)
        self.row(tr("&Bogen:"), self.sheet, tr("Etikettenbogen"))
        self.start = _spin("labelStart", 1, 1, 1)
        self.row(tr("Beginnen bei &Etikett:"), self.start, "")
        self.nudge_x = self._nudge_spin("nudgeX")
        self.nudge_y = self._nudge_spin("nudgeY")
        self.row(tr("Nach &rechts (mm):"), self.nudge_x, tr("Verschiebung nach rechts in mm"))
        self.row(tr("Nach &unten (mm):"), self.nudge_y, tr("Verschiebung nach unten in mm"))

        #: The statuses to print (an event's invitees only; empty for a distribution list).
        self.status_boxes: dict[RegistrationStatus, QCheckBox] = {}
        if invitees:
            box = QGroupBox(tr("An wen"))
            box.setObjectName("labelStatuses")
            box.setAccessibleName(tr("An wen: Status der Einladung"))
            grid = QGridLayout(box)
            for index, status in enumerate(STATUS_ORDER):
                check = QCheckBox(tr(STATUS_WORDS[status]))
                check.setObjectName(f"status_{status.value}")
                check.setAccessibleName(
                    tr("Status {word}").format(word=tr(STATUS_WORDS[status]))
                )
                check.setChecked(True)
                check.toggled.connect(self._update)
                self.status_boxes[status] = check
                grid.addWidget(check, index // 3, index % 3)
            self.form.addRow(box)
        self.sheet.currentIndexChanged.connect(self._sheet_changed)
        self._sheet_changed()
        self.finish()

    def _nudge_spin(self, name: str) -> QDoubleSpinBox:
        spin = QDoubleSpinBox()
        spin.setObjectName(name)
        spin.setRange(-MAX_NUDGE_MM, MAX_NUDGE_MM)
        spin.setSingleStep(0.5)
        spin.setDecimals(1)
        spin.setMinimumWidth(90)
        spin.setMaximumWidth(scaled(140))
        return spin

    def _sheet_changed(self) -> None:
        key = str(self.sheet.currentData())
        sheet = LABEL_SHEETS[key]
        self.start.setMaximum(sheet.per_sheet)
        self.start.setAccessibleName(
            tr("Erstes freies Etikett, 1 bis {n}").format(n=sheet.per_sheet)
        )
        nudge = self.nudges.get(key, SheetNudge())
        self.nudge_x.setValue(nudge.x)
        self.nudge_y.setValue(nudge.y)

    def _update(self) -> None:
        boxes = self.status_boxes.values()
        self.ok_button.setEnabled(not boxes or any(box.isChecked() for box in boxes))

    def options(self) -> LabelOptions:
        chosen = tuple(s for s, box in self.status_boxes.items() if box.isChecked())
        return LabelOptions(
            sheet=str(self.sheet.currentData()),
            start=self.start.value(),
            nudge=SheetNudge(self.nudge_x.value(), self.nudge_y.value()),
            statuses=None if len(chosen) == len(self.status_boxes) else chosen,
        )

    @classmethod
    def choose(
        cls, parent: QWidget, nudges: Mapping[str, SheetNudge], *, invitees: bool = True
    ) -> LabelOptions | None:
        dialog = cls(nudges, parent, invitees=invitees)
        try:
            return dialog.options() if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()


class CertificateOptionsDialog(OptionsDialog):
    """Teilnahmebescheinigungen: one PDF (preview) or one per person into a folder."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            "certificateOptions",
            tr("Teilnahmebescheinigungen"),
            tr("Eine Bescheinigung für alle, die als teilgenommen erfasst sind."),
            parent,
            tr("&Weiter …"),
        )
        self.combined = radio_button(
            tr("&Eine PDF mit allen (Vorschau, drucken oder speichern)"), "certificatesOne", True
        )
        self.per_person = radio_button(
            tr("Je &Person eine PDF in einen Ordner"), "certificatesPerPerson"
        )
        self.group = QButtonGroup(self)
        for radio in (self.combined, self.per_person):
            self.group.addButton(radio)
            self.form.addRow(radio)
        self.finish()

    def options(self) -> CertificateOptions:
        return CertificateOptions(per_person=self.per_person.isChecked())

    @classmethod
    def choose(cls, parent: QWidget) -> CertificateOptions | None:
        dialog = cls(parent)
        try:
            return dialog.options() if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()


class NeedsOptionsDialog(OptionsDialog):
    """Bedarfsübersicht: counts for venue and caterer, or the organiser's named list."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            "needsOptions",
            tr("Bedarfsübersicht"),
            tr("Beide nennen das Datum, an dem die Bedarfe gelöscht werden."),
            parent,
            tr("&Vorschau …"),
        )
        self.counts = radio_button(
            tr("&Zusammenfassung ohne Namen (für Veranstaltungsort und Catering)"),
            "needsCounts",
            True,
        )
        self.named = radio_button(
            tr("Namens&liste (vertraulich: Gesundheitsdaten, nur für die Organisation)"),
            "needsNamed",
        )
        self.group = QButtonGroup(self)
        for radio in (self.counts, self.named):
            self.group.addButton(radio)
            self.form.addRow(radio)
        self.finish()

    def options(self) -> NeedsOptions:
        return NeedsOptions(named=self.named.isChecked())

    @classmethod
    def choose(cls, parent: QWidget) -> NeedsOptions | None:
        dialog = cls(parent)
        try:
            return dialog.options() if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()


__all__ = [
    "BadgeOptions",
    "BadgeOptionsDialog",
    "CertificateOptions",
    "CertificateOptionsDialog",
    "DocumentDialogs",
    "LabelOptions",
    "LabelOptionsDialog",
    "NeedsOptions",
    "NeedsOptionsDialog",
    "SignInOptions",
    "SignInOptionsDialog",
]
