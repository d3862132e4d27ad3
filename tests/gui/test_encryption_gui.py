"""The GUI of encryption at rest: the passphrase dialog before the main window, and
Einstellungen → Sicherungen switching encryption on and off (SQLite only; skipped without the
optional ``sqlcipher3``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("sqlcipher3", exc_type=ImportError)

from events_helpers import mnemonics, unnamed_focus_widgets
from pytestqt.qtbot import QtBot

from beratung import app
from beratung.gui.pages.settings import SettingsDialogs, SettingsPage
from beratung.gui.passphrase import KeyAnswer, NewKeyDialog, PassphraseDialog
from beratung.paths import AppPaths
from beratung.services import Services
from beratung.storage import cipher

KEY = "Geheimnis-2026"


@pytest.fixture
def database(tmp_path: Path, paths: AppPaths) -> Path:
    path = tmp_path / "beratung.sqlite"
    Services.open(paths, db_path=path).close()
    return path


@pytest.fixture
def page(qtbot: QtBot, paths: AppPaths, database: Path) -> Iterator[SettingsPage]:
    services = Services.open(paths, db_path=database, lock=True)
    widget = SettingsPage(services)
    qtbot.addWidget(widget)
    widget.resize(1060, 720)
    widget.show()
    widget.show_tab(widget.backups_tab)
    yield widget
    widget.close()
    services.close()


def test_the_passphrase_dialog_is_named_and_keyboard_ready(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = PassphraseDialog(tmp_path / "b.sqlite", error="Der Schlüssel passt nicht.")
    qtbot.addWidget(dialog)
    dialog.show()
    assert unnamed_focus_widgets(dialog) == []
    letters = mnemonics(dialog)
    assert sorted(letters) == sorted(set(letters)) and {"s", "m"} <= set(letters)
    assert dialog.error.isVisible() and "passt nicht" in dialog.error.text()
    dialog.buttons.accepted.emit()  # nothing typed: refused at the field
    assert dialog.result() != PassphraseDialog.DialogCode.Accepted
    assert "Bitte den Schlüssel eingeben" in dialog.error.text()
    dialog.key.setText(KEY)
    dialog.remember.setChecked(True)
    dialog.buttons.accepted.emit()
    assert dialog.result() == PassphraseDialog.DialogCode.Accepted
    assert dialog.answer() == KeyAnswer(key=KEY, remember=True)


def test_start_asks_for_the_key_again_after_a_wrong_one_and_remembers_it(
    database: Path, paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened = Services.open(paths, db_path=database)
    opened.encryption.encrypt(KEY)
    opened.close()
    asked: list[str | None] = []
    answers = iter([KeyAnswer("falsch-falsch", False), KeyAnswer(KEY, True)])

    def ask(path: Path, *, error: str | None = None) -> KeyAnswer | None:
        assert path == database
        asked.append(error)
        return next(answers)

    monkeypatch.setattr(app, "ask_database_key", ask)
    services = app.open_with_key(paths, db_path=database)
    assert services is not None
    services.close()
    assert asked[0] is None
    assert asked[1] is not None and "Der Schlüssel passt nicht" in asked[1]
    assert cipher.stored_key(database) == KEY
    # next start: from the keyring, no dialog
    monkeypatch.setattr(app, "ask_database_key", lambda *_a, **_k: pytest.fail("asked"))
    services = app.open_with_key(paths, db_path=database)
    assert services is not None
    services.close()


def test_cancelling_the_dialog_starts_nothing(
    database: Path, paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened = Services.open(paths, db_path=database)
    opened.encryption.encrypt(KEY)
    opened.close()
    before = database.read_bytes()
    monkeypatch.setattr(app, "ask_database_key", lambda *_a, **_k: None)
    assert app.open_with_key(paths, db_path=database) is None
    assert database.read_bytes() == before


def test_the_new_key_dialog_explains_and_checks(qtbot: QtBot) -> None:
    dialog = NewKeyDialog("Geht der Schlüssel verloren, sind alle Daten verloren.", min_length=8)
    qtbot.addWidget(dialog)
    dialog.show()
    assert unnamed_focus_widgets(dialog) == []
    letters = mnemonics(dialog)
    assert len(letters) == len(set(letters))
    dialog.key.setText("kurz")
    dialog.buttons.accepted.emit()
    assert "mindestens 8 Zeichen" in dialog.error.text()
    dialog.key.setText(KEY)
    dialog.repeat.setText(KEY + "x")
    dialog.buttons.accepted.emit()
    assert "stimmen nicht überein" in dialog.error.text()
    dialog.repeat.setText(KEY)
    dialog.buttons.accepted.emit()
    assert "verstanden" in dialog.error.text()
    dialog.understood.setChecked(True)
    dialog.buttons.accepted.emit()
    assert dialog.result() == NewKeyDialog.DialogCode.Accepted


def test_the_backups_tab_encrypts_and_decrypts_the_open_database(
    page: SettingsPage, qtbot: QtBot, database: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tab = page.backups_tab
    assert tab.encryption_status.text() == "Die Datenbank ist nicht verschlüsselt."
    assert tab.encrypt_button.isEnabled() and not tab.decrypt_button.isEnabled()
    explained: list[str] = []

    def new_key(_cls: object, _parent: object, explanation: str, min_length: int) -> KeyAnswer:
        explained.append(explanation)
        return KeyAnswer(KEY, remember=True)

    monkeypatch.setattr(SettingsDialogs, "new_database_key", classmethod(new_key))
    tab.encrypt_button.click()
    qtbot.waitUntil(lambda: not tab.busy, timeout=30_000)
    assert "unwiederbringlich verloren" in explained[0]
    assert "Die Datenbank ist jetzt verschlüsselt." in tab.encryption_message.text()
    assert tab.encryption_status.text() == "Die Datenbank ist verschlüsselt (SQLCipher)."
    assert not database.read_bytes().startswith(cipher.SQLITE_HEADER)
    assert cipher.stored_key(database) == KEY
    assert tab.decrypt_button.isEnabled() and not tab.encrypt_button.isEnabled()
    # the open window keeps working on the encrypted file
    assert page.services.database.check().ok

    monkeypatch.setattr(SettingsDialogs, "confirm", classmethod(lambda *_a: True))
    tab.decrypt_button.click()
    qtbot.waitUntil(lambda: not tab.busy, timeout=30_000)
    assert "jetzt unverschlüsselt" in tab.encryption_message.text()
    assert database.read_bytes().startswith(cipher.SQLITE_HEADER)
    assert cipher.stored_key(database) is None


def test_an_unreachable_keyring_does_not_hide_that_the_file_is_encrypted(
    page: SettingsPage, qtbot: QtBot, database: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """"Im Schlüsselbund merken" with no keyring reachable: the tab says the database is now
    encrypted, where the backup is, and that the key will be asked for — not a failure."""
    import keyring

    def no_backend(*_args: object) -> None:
        raise keyring.errors.NoKeyringError("No recommended backend was available.")

    monkeypatch.setattr(keyring, "set_password", no_backend)
    monkeypatch.setattr(
        SettingsDialogs, "new_database_key",
        classmethod(lambda *_a: KeyAnswer(KEY, remember=True)),
    )
    tab = page.backups_tab
    tab.encrypt_button.click()
    qtbot.waitUntil(lambda: not tab.busy, timeout=30_000)
    message = tab.encryption_message.text()
    assert "Die Datenbank ist jetzt verschlüsselt." in message
    assert "gesichert" in message
    assert "nicht im Schlüsselbund gespeichert" in message and "abgefragt" in message
    assert not database.read_bytes().startswith(cipher.SQLITE_HEADER)
    assert cipher.stored_key(database) is None
