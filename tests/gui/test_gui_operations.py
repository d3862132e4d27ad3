"""Background operations: results and exceptions arrive on the GUI thread."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QCoreApplication, QThread
from pytestqt.qtbot import QtBot

from beratung.domain.errors import UserError
from beratung.gui.errors import ErrorDialogs
from beratung.gui.main_window import MainWindow
from beratung.gui.operations import run_operation


def test_result_is_delivered_on_gui_thread(qtbot: QtBot, window: MainWindow) -> None:
    worker_threads: list[threading.Thread] = []
    results: list[tuple[int, bool]] = []

    def fn() -> int:
        worker_threads.append(threading.current_thread())
        return 42

    def on_success(value: int) -> None:
        app = QCoreApplication.instance()
        assert app is not None
        results.append((value, QThread.currentThread() is app.thread()))

    operation = run_operation(window, fn, on_success, progress_text="Bitte warten …")
    assert window.is_busy()
    assert window.busy_label.text() == "Bitte warten …"
    with qtbot.waitSignal(operation.finished, timeout=5000):
        pass
    assert results == [(42, True)]
    assert worker_threads[0] is not threading.main_thread()
    assert not window.is_busy()


def test_user_error_goes_to_message_box(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(
        ErrorDialogs,
        "user_error",
        classmethod(lambda cls, parent, error, critical=False: shown.append(error.message)),
    )

    def fn() -> None:
        raise UserError("Die Datenbank ist gesperrt.")

    operation = run_operation(window, fn, lambda _r: pytest.fail("no success"))
    with qtbot.waitSignal(operation.finished, timeout=5000):
        pass
    assert shown == ["Die Datenbank ist gesperrt."]


def test_bug_goes_to_bug_dialog(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    bugs: list[BaseException] = []
    monkeypatch.setattr(
        ErrorDialogs, "bug", classmethod(lambda cls, parent, exc, log_file: bugs.append(exc))
    )

    def fn() -> None:
        raise ZeroDivisionError("durch null")

    operation = run_operation(window, fn, lambda _r: None, progress_text="Rechnen …")
    with qtbot.waitSignal(operation.finished, timeout=5000):
        pass
    assert len(bugs) == 1
    assert isinstance(bugs[0], ZeroDivisionError)
    assert not window.is_busy()


def test_on_failure_replaces_default_handling(qtbot: QtBot, window: MainWindow) -> None:
    failures: list[BaseException] = []

    def fn() -> None:
        raise UserError("nein")

    operation = run_operation(window, fn, lambda _r: None, on_failure=failures.append)
    with qtbot.waitSignal(operation.finished, timeout=5000):
        pass
    assert [str(f) for f in failures] == ["nein"]
