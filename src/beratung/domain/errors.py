"""Errors the user is told about, in German, as opposed to bugs.

Following qutebrowser's split: a :class:`UserError` is an expected condition (bad input, a locked
file, a full disk) whose message is shown as it is; any other exception is a bug that is logged and
reported with an apology. Messages name the file, row or field and say what to do.
"""

from __future__ import annotations


class UserError(Exception):
    """An expected failure with a German message meant for the user."""

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} {self.hint}" if self.hint else self.message


class ValidationError(UserError):
    """Input that cannot be accepted; ``field`` names the form field or column."""

    def __init__(self, message: str, *, field: str | None = None, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.field = field


class NotFoundError(UserError):
    """A record the user referred to does not exist (any more)."""


class ConcurrentEditError(UserError):
    """Somebody else saved the same record since it was loaded; nothing was overwritten."""


class DatabaseError(UserError):
    """The database file cannot be used as it is (locked, read-only, newer, not a database)."""
