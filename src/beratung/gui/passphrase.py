"""The key of an encrypted database: asked before the main window opens, and the new key when
encryption is switched on (Einstellungen → Sicherungen).

The dialogs only collect text; opening the database, checking the key and keeping it in the
keyring are the services' business (services/database.py, services/encryption.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)


@dataclass(frozen=True, slots=True)
class KeyAnswer:
    key: str
    #: "im Schlüsselbund merken": keep it in the OS keyring for the next start.
    remember: bool


class PassphraseDialog(QDialog):
    """Asks for the key of the encrypted database at ``path`` (``error``: why again)."""

    def __init__(
        self, path: Path, *, error: str | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("passphraseDialog")
        self.setWindowTitle(self.tr("Verschlüsselte Datenbank öffnen"))
        self.setAccessibleName(self.tr("Schlüssel der verschlüsselten Datenbank"))
        layout = QVBoxLayout(self)
        self.explanation = QLabel(
            self.tr(
                "Die Datenbank {path} ist verschlüsselt. Bitte geben Sie ihren Schlüssel ein."
            ).format(path=path)
        )
        self.explanation.setWordWrap(True)
        self.explanation.setAccessibleName(self.tr("Hinweis"))
        layout.addWidget(self.explanation)
        self.error = QLabel(error or "")
        self.error.setObjectName("passphraseError")
        self.error.setWordWrap(True)
        self.error.setProperty("role", "error")
        self.error.setAccessibleName(self.tr("Fehlermeldung"))
        self.error.setVisible(bool(error))
        layout.addWidget(self.error)

        form = QFormLayout()
        self.key = QLineEdit()
        self.key.setObjectName("passphraseKey")
        self.key.setEchoMode(QLineEdit.EchoMode.Password)
        self.key.setAccessibleName(self.tr("Schlüssel"))
        label = QLabel(self.tr("&Schlüssel:"))
        label.setBuddy(self.key)
        form.addRow(label, self.key)
        layout.addLayout(form)
        self.remember = QCheckBox(self.tr("Im Schlüsselbund &merken"))
        self.remember.setObjectName("passphraseRemember")
        self.remember.setAccessibleName(
            self.tr("Schlüssel im Schlüsselbund des Systems merken")
        )
        layout.addWidget(self.remember)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("Ö&ffnen"))
        ok.setAccessibleName(self.tr("Datenbank öffnen"))
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(self.tr("&Abbrechen"))
        cancel.setAccessibleName(self.tr("Abbrechen, Beratung nicht starten"))
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.key.setFocus()
        self.resize(460, self.sizeHint().height())

    @Slot()
    def _accept(self) -> None:
        if not self.key.text():
            self.error.setText(self.tr("Bitte den Schlüssel eingeben."))
            self.error.setVisible(True)
            self.key.setFocus()
            return
        self.accept()

    def answer(self) -> KeyAnswer:
        return KeyAnswer(key=self.key.text(), remember=self.remember.isChecked())


def ask_database_key(
    path: Path, *, error: str | None = None, parent: QWidget | None = None
) -> KeyAnswer | None:
    """Modal; ``None`` when the user cancels."""
    dialog = PassphraseDialog(path, error=error, parent=parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.answer()


class NewKeyDialog(QDialog):
    """Explains what a lost key means and asks for the new key twice (Verschlüsseln …)."""

    def __init__(self, explanation: str, *, min_length: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("newKeyDialog")
        self.setWindowTitle(self.tr("Datenbank verschlüsseln"))
        self.setAccessibleName(self.tr("Datenbank verschlüsseln"))
        self.min_length = min_length
        layout = QVBoxLayout(self)
        self.explanation = QLabel(explanation)
        self.explanation.setObjectName("newKeyExplanation")
        self.explanation.setWordWrap(True)
        self.explanation.setAccessibleName(self.tr("Was ein verlorener Schlüssel bedeutet"))
        layout.addWidget(self.explanation)
        form = QFormLayout()
        self.key = QLineEdit()
        self.key.setObjectName("newKey")
        self.key.setEchoMode(QLineEdit.EchoMode.Password)
        self.key.setAccessibleName(self.tr("Neuer Schlüssel"))
        first = QLabel(self.tr("&Neuer Schlüssel:"))
        first.setBuddy(self.key)
        form.addRow(first, self.key)
        self.repeat = QLineEdit()
        self.repeat.setObjectName("newKeyRepeat")
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat.setAccessibleName(self.tr("Schlüssel wiederholen"))
        second = QLabel(self.tr("Schlüssel &wiederholen:"))
        second.setBuddy(self.repeat)
        form.addRow(second, self.repeat)
        layout.addLayout(form)
        self.understood = QCheckBox(
            self.tr("&Ich habe verstanden: ohne Schlüssel sind die Daten verloren.")
        )
        self.understood.setObjectName("newKeyUnderstood")
        self.understood.setAccessibleName(
            self.tr("Verstanden: ohne Schlüssel sind die Daten verloren")
        )
        layout.addWidget(self.understood)
        self.remember = QCheckBox(self.tr("Im Schlüsselbund &merken"))
        self.remember.setObjectName("newKeyRemember")
        self.remember.setAccessibleName(self.tr("Schlüssel im Schlüsselbund des Systems merken"))
        layout.addWidget(self.remember)
        self.error = QLabel()
        self.error.setObjectName("newKeyError")
        self.error.setWordWrap(True)
        self.error.setProperty("role", "error")
        self.error.setAccessibleName(self.tr("Fehlermeldung"))
        self.error.setVisible(False)
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("&Verschlüsseln"))
        ok.setAccessibleName(self.tr("Datenbank jetzt verschlüsseln"))
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(self.tr("&Abbrechen"))
        cancel.setAccessibleName(self.tr("Abbrechen"))
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.resize(520, self.sizeHint().height())

    def _refuse(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(True)

    @Slot()
    def _accept(self) -> None:
        if len(self.key.text()) < self.min_length:
            self._refuse(
                self.tr("Der Schlüssel muss mindestens {n} Zeichen haben.").format(
                    n=self.min_length
                )
            )
        elif self.key.text() != self.repeat.text():
            self._refuse(self.tr("Die beiden Eingaben stimmen nicht überein."))
        elif not self.understood.isChecked():
            self._refuse(self.tr("Bitte bestätigen Sie, dass Sie die Folgen verstanden haben."))
        else:
            self.accept()

    def answer(self) -> KeyAnswer:
        return KeyAnswer(key=self.key.text(), remember=self.remember.isChecked())
