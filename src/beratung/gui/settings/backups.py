"""Einstellungen → Sicherungen: automatic backups, how many are kept, and a second folder.

The options live in QSettings (``settings.BACKUP_*``), per user and workstation like the window
geometry: a second folder on a network share is a property of this computer, not of the
shared data. Saving writes no database, so it needs no background operation.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from beratung import settings
from beratung.gui.operations import run_operation
from beratung.gui.pages.base import heading
from beratung.gui.settings.base import (
    SettingsDialogs,
    WorkstationTab,
    explained_card,
    make_card,
)
from beratung.gui.style import scaled
from beratung.services.database import BackupOptions
from beratung.services.encryption import (
    DECRYPT_EXPLANATION,
    LOST_KEY_EXPLANATION,
    MIN_KEY_LENGTH,
    EncryptionChange,
)

if TYPE_CHECKING:
    pass


class BackupsTab(WorkstationTab):
    """The automatic-backup options of this workstation."""

    def build(self) -> None:
        """The backup options' card and, beside it, the encryption's."""
        card = explained_card(
            self.tr("Automatische Sicherungen"),
            self.tr(
                "Beratung sichert die Datenbank beim Start (einmal am Tag) und nach vielen "
                "gespeicherten Änderungen. Jede Sicherung wird geprüft, bevor ältere gelöscht "
                "werden; aufbewahrt wird je Tag, Woche und Monat die neueste."
            ),
        )
        box, form = card.box, card.form
        self.automatic = QCheckBox(self.tr("Automatisch &sichern"))
        self.automatic.setObjectName("backupAutomatic")
        self.automatic.setAccessibleName(self.tr("Automatisch sichern"))
        self.automatic.toggled.connect(self._enable)
        form.addRow("", self.automatic)
        self.after_changes = self._spin("backupAfterChanges", 0, 100_000)
        self.after_changes.setSpecialValueText(self.tr("nur beim Start"))
        self.after_changes.setSuffix(self.tr(" Änderungen"))
        self.labelled(
            form, self.tr("Zusätzlich nach &Änderungen:"), self.after_changes,
            self.tr("Zusätzlich sichern nach so vielen gespeicherten Änderungen"),
        )
        self.daily = self._spin("backupDaily", 0, 365)
        self.labelled(form, self.tr("&Tagessicherungen:"), self.daily,
                      self.tr("Aufbewahrte Tagessicherungen"))
        self.weekly = self._spin("backupWeekly", 0, 520)
        self.labelled(form, self.tr("&Wochensicherungen:"), self.weekly,
                      self.tr("Aufbewahrte Wochensicherungen"))
        self.monthly = self._spin("backupMonthly", 0, 1200)
        self.labelled(form, self.tr("&Monatssicherungen:"), self.monthly,
                      self.tr("Aufbewahrte Monatssicherungen"))

        folder_row = QWidget()
        folder_layout = QHBoxLayout(folder_row)
        folder_layout.setContentsMargins(0, 0, 0, 0)
        self.second_folder = QLineEdit()
        self.second_folder.setObjectName("backupSecondFolder")
        self.second_folder.setPlaceholderText(self.tr("leer: keine zweite Kopie"))
        self.choose_button = QPushButton(self.tr("Ordner wäh&len …"))
        self.choose_button.setObjectName("backupChooseFolder")
        self.choose_button.setAccessibleName(self.tr("Zweiten Ordner wählen"))
        self.choose_button.clicked.connect(self.choose_folder)
        folder_layout.addWidget(self.second_folder, 1)
        folder_layout.addWidget(self.choose_button)
        label = QLabel(self.tr("&Zweiter Ordner:"))
        label.setBuddy(self.second_folder)
        self.second_folder.setAccessibleName(
            self.tr("Zweiter Ordner für Sicherungen, zum Beispiel ein Netzlaufwerk")
        )
        form.addRow(label, folder_row)

        self.folder_note = QLabel()
        self.folder_note.setObjectName("backupFolderNote")
        self.folder_note.setWordWrap(True)
        self.folder_note.setProperty("role", "muted")
        box.addWidget(self.folder_note)
        self.message = QLabel()
        self.message.setObjectName("backupMessage")
        self.message.setWordWrap(True)
        box.addWidget(self.message)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.save_button = QPushButton(self.tr("Einstellungen s&peichern"))
        self.save_button.setObjectName("backupSave")
        self.save_button.setAccessibleName(self.tr("Sicherungseinstellungen speichern"))
        self.save_button.clicked.connect(self.save)
        buttons.addWidget(self.save_button)
        box.addLayout(buttons)
        box.addStretch(1)
        self.columns.addWidget(card.frame, 3)
        self.columns.addWidget(self._encryption_card(), 2)
        self.save_shortcut(self.save)

    def _encryption_card(self) -> QWidget:
        """Encryption at rest lives here because it is about the file and its backups (both
        encrypted with the same key): docs/sqlite.md, "Encryption at rest"."""
        card, box = make_card()
        box.addWidget(heading(self.tr("Verschlüsselung"), "sectionTitle"))
        self.encryption_status = QLabel()
        self.encryption_status.setObjectName("encryptionStatus")
        self.encryption_status.setWordWrap(True)
        self.encryption_status.setAccessibleName(self.tr("Verschlüsselung der Datenbank"))
        box.addWidget(self.encryption_status)
        note = QLabel(
            self.tr(
                "Verschlüsselt ist die Datenbank auf dem Datenträger nur mit ihrem Schlüssel "
                "lesbar, etwa wenn ein Laptop verloren geht. Die Sicherungen werden mit "
                "demselben Schlüssel verschlüsselt."
            )
        )
        note.setWordWrap(True)
        note.setProperty("role", "muted")
        note.setAccessibleName(self.tr("Hinweis zur Verschlüsselung"))
        box.addWidget(note)
        row = QHBoxLayout()
        row.addStretch(1)
        self.encrypt_button = QPushButton(self.tr("&Verschlüsseln …"))
        self.encrypt_button.setObjectName("encryptDatabase")
        self.encrypt_button.setAccessibleName(self.tr("Datenbank verschlüsseln"))
        self.encrypt_button.clicked.connect(self.encrypt)
        row.addWidget(self.encrypt_button)
        self.decrypt_button = QPushButton(self.tr("E&ntschlüsseln …"))
        self.decrypt_button.setObjectName("decryptDatabase")
        self.decrypt_button.setAccessibleName(self.tr("Datenbank entschlüsseln"))
        self.decrypt_button.clicked.connect(self.decrypt)
        row.addWidget(self.decrypt_button)
        box.addLayout(row)
        self.encryption_message = QLabel()
        self.encryption_message.setObjectName("encryptionMessage")
        self.encryption_message.setWordWrap(True)
        self.encryption_message.setAccessibleName(self.tr("Ergebnis"))
        box.addWidget(self.encryption_message)
        box.addStretch(1)
        return card

    def show_encryption(self) -> None:
        encryption = self.services.encryption
        if not encryption.applies:
            text = self.tr(
                "Die Teamdatenbank liegt auf dem Server; dort schützen sie der Server und die "
                "verschlüsselte Verbindung."
            )
        elif encryption.is_encrypted:
            text = self.tr("Die Datenbank ist verschlüsselt (SQLCipher).")
        elif not encryption.available:
            text = self.tr(
                "Die Datenbank ist nicht verschlüsselt. Die Verschlüsselung ist in dieser "
                "Installation nicht enthalten (Erweiterung „encryption“)."
            )
        else:
            text = self.tr("Die Datenbank ist nicht verschlüsselt.")
        self.encryption_status.setText(text)
        usable = encryption.applies and encryption.available and not self.busy
        self.encrypt_button.setEnabled(usable and not encryption.is_encrypted)
        self.decrypt_button.setEnabled(usable and encryption.is_encrypted)

    @Slot()
    def encrypt(self) -> None:
        answer = SettingsDialogs.new_database_key(
            self, LOST_KEY_EXPLANATION, MIN_KEY_LENGTH
        )
        if answer is None:
            return
        encryption = self.services.encryption
        self._change(
            lambda: encryption.encrypt(answer.key, remember=answer.remember),
            self.tr("Verschlüssele die Datenbank …"),
        )

    @Slot()
    def decrypt(self) -> None:
        if not SettingsDialogs.confirm(
            self, self.tr("Datenbank entschlüsseln"), DECRYPT_EXPLANATION
        ):
            return
        encryption = self.services.encryption
        self._change(encryption.decrypt, self.tr("Entschlüssele die Datenbank …"))

    def _change(self, fn: Callable[[], EncryptionChange], progress: str) -> None:
        """Off the GUI thread: a backup and a full copy of the database take a while."""
        self.encrypt_button.setEnabled(False)
        self.decrypt_button.setEnabled(False)
        self.encryption_message.clear()

        def done(change: EncryptionChange) -> None:
            self.busy = False
            text = (
                self.tr("Die Datenbank ist jetzt verschlüsselt.")
                if change.encrypted
                else self.tr("Die Datenbank ist jetzt unverschlüsselt.")
            )
            saved = self.tr("Der vorherige Stand ist gesichert: {path}").format(
                path=change.backup
            )
            message = f"{text} {saved}"
            if change.keyring_problem is not None:
                message += " {problem} {asked}".format(
                    problem=change.keyring_problem,
                    asked=self.tr("Er wird beim nächsten Start abgefragt."),
                )
            self.encryption_message.setText(message)
            self.show_encryption()

        def failed(exc: BaseException) -> None:
            self.busy = False
            self.show_encryption()
            self.failed(exc)

        self.busy = True
        run_operation(self, fn, done, on_failure=failed, progress_text=progress)

    def _spin(self, name: str, low: int, high: int) -> QSpinBox:
        spin = QSpinBox()
        spin.setObjectName(name)
        spin.setRange(low, high)
        spin.setMaximumWidth(scaled(200))
        return spin

    def load(self) -> None:
        options = BackupOptions.read(self.store())
        self.automatic.setChecked(options.automatic)
        self.after_changes.setValue(options.after_changes)
        self.daily.setValue(options.rotation.daily)
        self.weekly.setValue(options.rotation.weekly)
        self.monthly.setValue(options.rotation.monthly)
        self.second_folder.setText(str(options.second_folder or ""))
        self.folder_note.setText(
            self.tr("Sicherungen liegen in {folder}.").format(
                folder=self.services.paths.backup_dir
            )
        )
        self.message.clear()
        self._enable(options.automatic)
        self.show_encryption()

    @Slot(bool)
    def _enable(self, on: bool) -> None:
        for widget in (self.after_changes, self.daily, self.weekly, self.monthly,
                       self.second_folder, self.choose_button):
            widget.setEnabled(on)

    @Slot()
    def choose_folder(self) -> None:
        chosen = SettingsDialogs.choose_folder(
            self, self.tr("Zweiten Ordner für Sicherungen wählen"), self.second_folder.text()
        )
        if chosen:
            self.second_folder.setText(chosen)

    @Slot()
    def save(self) -> None:
        folder = self.second_folder.text().strip()
        if folder and not Path(folder).expanduser().is_dir():
            self.message.setText(
                self.tr(
                    "Den Ordner {folder} gibt es nicht oder er ist nicht erreichbar "
                    "(Netzlaufwerk nicht verbunden?). Nichts wurde gespeichert."
                ).format(folder=folder)
            )
            self.second_folder.setFocus()
            return
        store = self.store()
        store.setValue(settings.AUTOMATIC_BACKUP.key, self.automatic.isChecked())
        store.setValue(settings.BACKUP_AFTER_CHANGES.key, self.after_changes.value())
        store.setValue(settings.BACKUP_DAILY.key, self.daily.value())
        store.setValue(settings.BACKUP_WEEKLY.key, self.weekly.value())
        store.setValue(settings.BACKUP_MONTHLY.key, self.monthly.value())
        store.setValue(settings.BACKUP_SECOND_FOLDER.key, folder)
        store.sync()
        self.message.setText(self.tr("Die Einstellungen für Sicherungen wurden gespeichert."))
