"""Errors the user is told about, in German, as opposed to bugs.

Following qutebrowser's split: a :class:`UserError` is an expected condition (bad input, a locked
file, a full disk) whose message is shown as it is; any other exception is a bug that is logged and
reported with an apology. Messages name the file, row or field and say what to do.
"""

from __future__ import annotations

import errno


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



#: The reasons an operating system gives, in the user's words. Python's ``strerror`` is English
#: ("Permission denied") and would otherwise end up inside a German sentence.
_OS_REASONS: dict[int, str] = {
    errno.EACCES: "keine Berechtigung",
    errno.EPERM: "keine Berechtigung",
    errno.ENOSPC: "der Datenträger ist voll",
    errno.EDQUOT: "das Speicherkontingent ist erschöpft",
    errno.EROFS: "der Datenträger ist schreibgeschützt",
    errno.ENOENT: "die Datei oder der Ordner fehlt",
    errno.ENOTDIR: "ein Teil des Pfads ist eine Datei, kein Ordner",
    errno.EEXIST: "dort liegt schon eine Datei",
    errno.EISDIR: "das ist ein Ordner, keine Datei",
    errno.ENAMETOOLONG: "der Name ist zu lang",
    errno.EBUSY: "die Datei ist gerade in Benutzung",
    errno.EIO: "Lese- oder Schreibfehler des Datenträgers",
    errno.EMFILE: "zu viele geöffnete Dateien",
}


def os_error_text(exc: OSError) -> str:
    """Why an operating-system call failed, in German ("keine Berechtigung", "der Datenträger
    ist voll"); an unknown cause gives its number, never the English text."""
    if getattr(exc, "winerror", None) == 32:  # ERROR_SHARING_VIOLATION
        return "die Datei ist in einem anderen Programm geöffnet"
    reason = _OS_REASONS.get(exc.errno or -1)
    if reason is not None:
        return reason
    if isinstance(exc, PermissionError):
        return "keine Berechtigung"
    return f"Systemfehler {exc.errno}" if exc.errno else "Systemfehler"
