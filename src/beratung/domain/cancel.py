"""Cancelling a long unit of work so that nothing of it stays.

Why here and not in each service: a bulk step over hundreds of registrations is one transaction
(decision: nothing half-written), so the only cancel that keeps that promise is one that makes the
transaction fail before it commits. The database layer asks :func:`raise_if_cancelled` before
every statement it sends; a cancelled token makes that statement raise
:class:`OperationCancelledError`, the unit of work rolls back, and the caller hears that nothing was
changed. Services need no parameter for it, and a cancel that comes after the last statement
simply comes too late: the work is then complete, never partly done.

The token travels in a :class:`~contextvars.ContextVar`, so it applies to the thread (the GUI's
operations worker) that runs the work inside :func:`cancellable`, and to nothing else.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar


class OperationCancelledError(Exception):
    """The user cancelled; the unit of work was rolled back, nothing was changed.

    Deliberately not a :class:`~beratung.domain.errors.UserError`: services catch ``UserError``
    to skip one row of a bulk step ("no place for this one") and would swallow the cancel, then
    carry on in a transaction already rolled back."""

    def __init__(self) -> None:
        self.message = "Abgebrochen – es wurde nichts geändert."
        super().__init__(self.message)


class CancelToken:
    """Set from the GUI thread (:meth:`cancel`), read on the worker thread."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()


_current: ContextVar[CancelToken | None] = ContextVar("beratung_cancel_token", default=None)


@contextmanager
def cancellable(token: CancelToken | None) -> Iterator[None]:
    """Run the block under ``token`` (``None``: not cancellable); raises at once if it is
    already cancelled, so work cancelled before it started never begins."""
    if token is not None and token.cancelled:
        raise OperationCancelledError()
    reset = _current.set(token)
    try:
        yield
    finally:
        _current.reset(reset)


def raise_if_cancelled() -> None:
    """Called by the database layer before each statement."""
    token = _current.get()
    if token is not None and token.cancelled:
        raise OperationCancelledError()


__all__ = ["CancelToken", "OperationCancelledError", "cancellable", "raise_if_cancelled"]
