"""Telling the user about errors, and making sure no exception ever just vanishes.

Two kinds of failure (qutebrowser's split, see ``domain/errors.py``):

* a :class:`~beratung.domain.errors.UserError` is expected (locked file, bad input); its German
  message and hint are shown as they are;
* anything else is a bug: it is logged with its traceback to the log file and the user sees an
  apology naming that file, with the details collapsible. The application keeps running.

:class:`ErrorDialogs` holds the dialog entry points as small classmethods so tests can replace them
(``monkeypatch.setattr(ErrorDialogs, "bug", fake)``) instead of clicking modal boxes away.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal, Slot
from PySide6.QtWidgets import (
    QApplication,
    QGridLayout,
    QMessageBox,
    QSizePolicy,
    QSpacerItem,
    QWidget,
)

from beratung.domain.errors import UserError

log = logging.getLogger(__name__)

#: What ``sys.excepthook`` and ``threading.excepthook`` hold.
_SysExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], object]
_ThreadingExceptHook = Callable[[threading.ExceptHookArgs], object]

#: Name of the root logger's handler that writes the application's log file (set by app.py).
LOG_FILE_HANDLER_NAME = "beratung-logfile"


def current_log_file() -> Path | None:
    """The application's log file (set up by ``app.configure_logging``), if any."""
    for handler in logging.getLogger().handlers:
        filename = getattr(handler, "baseFilename", None)
        if handler.get_name() == LOG_FILE_HANDLER_NAME and filename:
            return Path(filename)
    return None


def _widen(box: QMessageBox, width: int = 460) -> None:
    """QMessageBox wraps long German sentences very narrowly; give it a sensible minimum width."""
    layout = box.layout()
    if isinstance(layout, QGridLayout):
        spacer = QSpacerItem(width, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)
        layout.addItem(spacer, layout.rowCount(), 0, 1, layout.columnCount())


def _format_traceback(exc: BaseException) -> str:
    return "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))


class ErrorDialogs:
    """Dialog entry points; replace them in tests."""

    @classmethod
    def user_error(
        cls, parent: QWidget | None, error: UserError, *, critical: bool = False
    ) -> None:
        """An expected failure: its German message, and the hint as the informative text."""
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Critical if critical else QMessageBox.Icon.Warning)
        box.setWindowTitle(QCoreApplication.translate("ErrorDialogs", "Beratung"))
        box.setText(error.message)
        if error.hint:
            box.setInformativeText(error.hint)
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        box.setAccessibleName(error.message)
        _widen(box)
        box.exec()

    @classmethod
    def bug(cls, parent: QWidget | None, exc: BaseException, log_file: Path | None) -> None:
        """An unexpected exception: apologise, name the log file, details collapsible."""
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Critical)
        box.setWindowTitle(
            QCoreApplication.translate("ErrorDialogs", "Beratung – unerwarteter Fehler")
        )
        box.setText(
            QCoreApplication.translate("ErrorDialogs", "Ein unerwarteter Fehler ist aufgetreten.")
        )
        if log_file is not None:
            info = QCoreApplication.translate(
                "ErrorDialogs",
                "Ihre Daten wurden nicht verändert, sofern der Vorgang nicht abgeschlossen war. "
                "Details stehen in der Protokolldatei {path}.",
            ).format(path=log_file)
        else:
            info = QCoreApplication.translate(
                "ErrorDialogs",
                "Ihre Daten wurden nicht verändert, sofern der Vorgang nicht abgeschlossen war. "
                "Die Details finden Sie unten.",
            )
        box.setInformativeText(info)
        box.setDetailedText(_format_traceback(exc))
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        _widen(box, 520)
        box.exec()


_dialogs_open = 0


def without_personal_data(exc: BaseException) -> str:
    """A bug for the log: the exception's kind and where it happened, frame by frame, without
    its message or local values (which may hold a name or an address); the dialog shows the
    whole text to the user, who decides what to pass on."""
    lines = [f"{type(exc).__module__}.{type(exc).__qualname__}"]
    cause: BaseException | None = exc
    seen: set[int] = set()
    while cause is not None and id(cause) not in seen:
        seen.add(id(cause))
        lines += [line.rstrip("\n") for line in traceback.format_tb(cause.__traceback__)]
        cause = cause.__cause__ or cause.__context__
        if cause is not None and id(cause) not in seen:
            lines.append(f"verursacht durch {type(cause).__module__}.{type(cause).__qualname__}")
    return "\n".join(lines)


def report_exception(exc: BaseException, parent: QWidget | None = None) -> None:
    """Show ``exc`` to the user in the right way; call only on the GUI thread.

    Bugs are always logged; while a bug dialog is already open, further bugs are only logged so a
    failing timer cannot stack up dialogs.
    """
    global _dialogs_open
    if isinstance(exc, UserError):
        # The message names people and files; the log gets its kind only (decision: logs hold
        # ids, never names — the log file outlives what she deletes).
        field = getattr(exc, "field", None)
        log.info("Meldung an die Benutzerin: %s%s", type(exc).__name__,
                 f" (Feld {field})" if field else "")
        ErrorDialogs.user_error(parent or _active_window(), exc)
        return
    log.error("Unerwarteter Fehler: %s", without_personal_data(exc))
    if _dialogs_open:
        return
    _dialogs_open += 1
    try:
        ErrorDialogs.bug(parent or _active_window(), exc, current_log_file())
    finally:
        _dialogs_open -= 1


def _active_window() -> QWidget | None:
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app.activeWindow()
    return None


def _on_gui_thread() -> bool:
    app = QCoreApplication.instance()
    return app is not None and QThread.currentThread() is app.thread()


class ExceptionHook(QObject):
    """Installs ``sys.excepthook`` and ``threading.excepthook`` for the lifetime of the GUI.

    Exceptions from other threads are relayed to the GUI thread through a queued signal; no
    widget is touched from a worker thread.
    """

    _relay = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._relay.connect(self._report)
        self._previous_sys: _SysExceptHook | None = None
        self._previous_threading: _ThreadingExceptHook | None = None

    def install(self) -> ExceptionHook:
        self._previous_sys = sys.excepthook
        self._previous_threading = threading.excepthook
        sys.excepthook = self.excepthook
        threading.excepthook = self.threading_excepthook
        return self

    def uninstall(self) -> None:
        if self._previous_sys is not None and self._previous_threading is not None:
            sys.excepthook = self._previous_sys
            threading.excepthook = self._previous_threading
            self._previous_sys = self._previous_threading = None

    def excepthook(
        self,
        exc_type: type[BaseException],
        exc: BaseException,
        tb: TracebackType | None,
    ) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        if exc.__traceback__ is None and tb is not None:
            exc = exc.with_traceback(tb)
        self.handle(exc)

    def threading_excepthook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None or issubclass(args.exc_type, SystemExit):
            return
        self.handle(args.exc_value)

    def handle(self, exc: BaseException) -> None:
        try:
            if _on_gui_thread():
                report_exception(exc)
            else:
                self._relay.emit(exc)
        except Exception:  # the hook itself must never fail silently
            log.exception("Fehler beim Melden eines Fehlers")
            sys.__excepthook__(type(exc), exc, exc.__traceback__)

    @Slot(object)
    def _report(self, exc: BaseException) -> None:
        report_exception(exc)
