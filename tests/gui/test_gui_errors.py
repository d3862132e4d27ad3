"""No exception vanishes: user errors get their German message, bugs the dialog and the log."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from beratung.app import configure_logging, remove_logging
from beratung.domain.errors import UserError
from beratung.gui.errors import ErrorDialogs, ExceptionHook
from beratung.paths import AppPaths


class Recorder:
    def __init__(self) -> None:
        self.bugs: list[tuple[BaseException, Path | None]] = []
        self.user_errors: list[tuple[UserError, bool]] = []


@pytest.fixture
def dialogs(monkeypatch: pytest.MonkeyPatch) -> Recorder:
    recorder = Recorder()
    monkeypatch.setattr(
        ErrorDialogs,
        "bug",
        classmethod(lambda cls, parent, exc, log_file: recorder.bugs.append((exc, log_file))),
    )
    monkeypatch.setattr(
        ErrorDialogs,
        "user_error",
        classmethod(
            lambda cls, parent, error, critical=False: recorder.user_errors.append(
                (error, critical)
            )
        ),
    )
    return recorder


@pytest.fixture
def hook(paths: AppPaths) -> Iterator[ExceptionHook]:
    handler = configure_logging(paths)
    installed = ExceptionHook().install()
    yield installed
    installed.uninstall()
    remove_logging(handler)


@pytest.mark.qt_no_exception_capture
def test_exception_in_slot_shows_bug_dialog_and_is_logged(
    hook: ExceptionHook, dialogs: Recorder, paths: AppPaths
) -> None:
    button = QPushButton("Los")

    message = "kaputt im Slot"  # the data a bug carries, not its source line

    def broken_slot() -> None:
        raise RuntimeError(message)

    button.clicked.connect(broken_slot)
    button.click()

    assert len(dialogs.bugs) == 1
    exc, log_file = dialogs.bugs[0]
    assert isinstance(exc, RuntimeError)
    assert log_file == paths.log_file
    log_text = paths.log_file.read_text(encoding="utf-8")
    assert "Unerwarteter Fehler" in log_text
    assert "builtins.RuntimeError" in log_text
    assert "broken_slot" in log_text  # where it happened, frame by frame
    # …but not its message, which may carry a name (the dialog shows it to the user).
    assert "kaputt im Slot" not in log_text
    # the application keeps running: the button still works
    button.clicked.disconnect(broken_slot)
    button.click()


@pytest.mark.qt_no_exception_capture
def test_user_error_in_slot_shows_its_message(hook: ExceptionHook, dialogs: Recorder) -> None:
    button = QPushButton("Los")

    def slot() -> None:
        raise UserError("Die Datei ist gesperrt.", hint="Bitte später erneut versuchen.")

    button.clicked.connect(slot)
    button.click()
    assert not dialogs.bugs
    assert [error.message for error, _critical in dialogs.user_errors] == [
        "Die Datei ist gesperrt."
    ]


def test_a_message_naming_a_person_stays_out_of_the_log(
    hook: ExceptionHook, dialogs: Recorder, paths: AppPaths
) -> None:
    """Issue 14: the log (kept for months) holds kinds and ids, never a name or an address."""
    from beratung.domain.errors import ValidationError

    button = QPushButton("Los")

    def slot() -> None:
        raise ValidationError("Anna Müller (anna.mueller@ulm.de) ist schon eingeladen.",
                              field="person")

    button.clicked.connect(slot)
    button.click()
    assert len(dialogs.user_errors) == 1
    log_text = paths.log_file.read_text(encoding="utf-8")
    assert "ValidationError (Feld person)" in log_text
    assert "Müller" not in log_text and "anna.mueller" not in log_text


def test_exception_in_thread_is_reported_on_gui_thread(
    qtbot: QtBot, hook: ExceptionHook, dialogs: Recorder, paths: AppPaths
) -> None:
    def work() -> None:
        raise ValueError("im Hintergrund")

    thread = threading.Thread(target=work, name="Arbeiter")
    thread.start()
    thread.join()
    qtbot.waitUntil(lambda: bool(dialogs.bugs))
    assert isinstance(dialogs.bugs[0][0], ValueError)
    log_text = paths.log_file.read_text(encoding="utf-8")
    assert "builtins.ValueError" in log_text and "in work" in log_text


def test_bug_dialog_text(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The real dialog: German apology, the log file named, the traceback as details."""
    from PySide6.QtWidgets import QMessageBox

    seen: dict[str, str] = {}

    def fake_exec(box: QMessageBox) -> int:
        seen.update(text=box.text(), info=box.informativeText(), details=box.detailedText())
        return 0

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    try:
        raise KeyError("x")
    except KeyError as exc:
        ErrorDialogs.bug(None, exc, tmp_path / "beratung.log")
    assert seen["text"] == "Ein unerwarteter Fehler ist aufgetreten."
    assert "Ihre Daten wurden nicht verändert" in seen["info"]
    assert str(tmp_path / "beratung.log") in seen["info"]
    assert "KeyError" in seen["details"]
