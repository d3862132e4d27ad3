"""Background operations, after Anki's ``aqt/operations``.

:func:`run_operation` runs ``fn`` on the one operations worker thread and hands its result (or its
exception) back to the GUI thread through a queued signal. ``fn`` must not touch widgets: it calls
services and returns plain data; ``on_success`` updates the widgets on the GUI thread.

With a :class:`~beratung.domain.cancel.CancelToken` (``cancel=``), the user can stop a long
operation: its next database statement fails, its transaction rolls back, and ``on_failure``
receives :class:`~beratung.domain.cancel.OperationCancelledError` — nothing is left half-done.

One worker thread (a :class:`QThreadPool` with a single thread) runs operations one after the
other, so two operations never write to the database at the same time.

While an operation runs, the window that contains ``parent`` shows a busy indicator if it offers
one (a ``busy_started(text)`` / ``busy_finished()`` pair, as :class:`MainWindow` does).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, Generic, Protocol, TypeVar, runtime_checkable

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QWidget

from beratung.domain.cancel import CancelToken, OperationCancelledError, cancellable
from beratung.gui.errors import report_exception

log = logging.getLogger(__name__)

T = TypeVar("T")

_pool: QThreadPool | None = None
#: Operations whose result has not been delivered yet (keeps their Python objects alive).
_running: set[Operation[Any]] = set()


@runtime_checkable
class _BusyWindow(Protocol):
    """A window that shows a busy indicator (:class:`MainWindow`)."""

    def busy_started(self, text: str) -> None: ...

    def busy_finished(self) -> None: ...


def operations_pool() -> QThreadPool:
    """The single-thread pool all operations run on (created on first use)."""
    global _pool
    if _pool is None:
        _pool = QThreadPool()
        _pool.setMaxThreadCount(1)
        _pool.setObjectName("beratung-operations")
    return _pool


def wait_for_operations(msecs: int = 30_000) -> bool:
    """Block until the worker is idle (shutdown, tests); results still need the event loop."""
    return operations_pool().waitForDone(msecs)


class _Runnable(QRunnable):
    def __init__(self, operation: Operation[Any]) -> None:
        super().__init__()
        self._operation = operation

    def run(self) -> None:  # on the worker thread: no widgets here
        op = self._operation
        try:
            with cancellable(op.cancel):
                result = op.fn()
        except BaseException as exc:  # delivered to the GUI thread, never swallowed
            op._failed.emit(exc)
        else:
            op._succeeded.emit(result)


class Operation(QObject, Generic[T]):
    """One running operation; ``finished`` is emitted on the GUI thread after the callbacks."""

    _succeeded = Signal(object)
    _failed = Signal(object)
    finished = Signal()

    def __init__(
        self,
        parent: QWidget | None,
        fn: Callable[[], T],
        on_success: Callable[[T], None],
        on_failure: Callable[[BaseException], None] | None,
        progress_text: str | None,
        cancel: CancelToken | None = None,
    ) -> None:
        super().__init__()  # no QObject parent: the widget may die while we run
        self.fn = fn
        self.cancel = cancel
        self._parent = parent
        self._on_success = on_success
        self._on_failure = on_failure
        self._progress_text = progress_text
        self._busy_window: _BusyWindow | None = None
        self._succeeded.connect(self._deliver_success)
        self._failed.connect(self._deliver_failure)

    def start(self) -> None:
        _running.add(self)
        if self._progress_text is not None and self._parent_alive():
            window = self._parent.window() if self._parent is not None else None
            if isinstance(window, _BusyWindow):
                window.busy_started(self._progress_text)
                self._busy_window = window
        operations_pool().start(_Runnable(self))

    def _parent_alive(self) -> bool:
        return self._parent is None or shiboken6.isValid(self._parent)

    def _end(self) -> None:
        window, self._busy_window = self._busy_window, None
        if window is not None and shiboken6.isValid(window):
            window.busy_finished()

    @Slot(object)
    def _deliver_success(self, result: T) -> None:
        try:
            self._end()
            if self._parent_alive():
                self._on_success(result)
            else:
                log.debug("Ergebnis verworfen: das Fenster ist bereits geschlossen")
        except Exception as exc:
            report_exception(exc, self._alive_parent())
        finally:
            self._done()

    @Slot(object)
    def _deliver_failure(self, exc: BaseException) -> None:
        try:
            self._end()
            if self._on_failure is not None:
                self._on_failure(exc)
            elif isinstance(exc, OperationCancelledError):  # the user's wish, not a failure
                log.info("Vorgang abgebrochen, nichts geändert")
            else:
                report_exception(exc, self._alive_parent())
        except Exception as inner:
            report_exception(inner, self._alive_parent())
        finally:
            self._done()

    def _alive_parent(self) -> QWidget | None:
        return self._parent if self._parent is not None and self._parent_alive() else None

    def _done(self) -> None:
        _running.discard(self)
        self.finished.emit()


def run_operation(
    parent: QWidget | None,
    fn: Callable[[], T],
    on_success: Callable[[T], None],
    *,
    on_failure: Callable[[BaseException], None] | None = None,
    progress_text: str | None = None,
    cancel: CancelToken | None = None,
) -> Operation[T]:
    """Run ``fn()`` on the worker thread; call ``on_success(result)`` on the GUI thread.

    Without ``on_failure``, a :class:`UserError` is shown as a message box and anything else as
    the bug dialog (and logged). ``progress_text`` shows a busy indicator in the status bar.
    ``cancel``: calling ``cancel.cancel()`` stops ``fn`` at its next database statement and
    rolls its transaction back (``on_failure`` gets ``OperationCancelledError``); a cancel after the
    last statement comes too late and ``on_success`` runs as usual. Must be called on the GUI
    thread.
    """
    operation: Operation[T] = Operation(parent, fn, on_success, on_failure, progress_text, cancel)
    operation.start()
    return operation
