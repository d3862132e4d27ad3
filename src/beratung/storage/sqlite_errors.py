"""What went wrong when a SQLite *file* is read or copied directly (checks before opening,
backups, restores), in German and by its real cause.

A full disk is not a damaged database: SQLite reports the missing room for its shared-memory
file as a "disk I/O error", and telling the advisor to restore a backup then would be wrong
advice. So the free space is looked at before the file is called damaged.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from beratung.domain.errors import DatabaseError

#: Less free space than this on the file's disk counts as full: SQLite needs room for its
#: shared-memory and journal files even to read.
NEARLY_FULL_BYTES = 256 * 1024

_CORRUPT = {11, 26}  # SQLITE_CORRUPT, SQLITE_NOTADB
_LOCKED = {5, 6}  # SQLITE_BUSY, SQLITE_LOCKED
_NO_ACCESS = {8, 14, 23}  # SQLITE_READONLY, SQLITE_CANTOPEN, SQLITE_AUTH
_FULL = 13  # SQLITE_FULL
_IO = 10  # SQLITE_IOERR


def disk_is_full(path: Path) -> bool:
    """Whether the disk holding ``path`` (or its nearest existing folder) has no room left."""
    for folder in (path, *path.parents):
        if folder.exists():
            try:
                return shutil.disk_usage(folder).free < NEARLY_FULL_BYTES
            except OSError:
                return False
    return False


def file_problem(exc: Exception, path: Path, *, doing: str) -> DatabaseError:
    """The German message for ``exc`` raised while ``doing`` (a phrase like "Öffnen") the
    SQLite file ``path``; the file itself was not changed."""
    code = (getattr(exc, "sqlite_errorcode", None) or 0) & 0xFF
    if code == _FULL or (code in (_IO, 0) and disk_is_full(path)):
        return DatabaseError(
            f"Der Datenträger von {path} ist voll; beim {doing} fehlt Platz. Die Datenbank ist "
            "unverändert und nicht beschädigt.",
            hint="Bitte schaffen Sie Platz auf dem Datenträger und versuchen Sie es erneut.",
        )
    if code in _LOCKED:
        return DatabaseError(
            f"Die Datenbank {path} ist gerade durch ein anderes Programm gesperrt; beim "
            f"{doing} wurde nichts verändert.",
            hint="Bitte warten Sie einen Moment und versuchen Sie es erneut.",
        )
    if code in _NO_ACCESS:
        return DatabaseError(
            f"Die Datei {path} kann nicht geöffnet werden (keine Berechtigung oder "
            "schreibgeschützt); sie wurde nicht verändert.",
            hint="Bitte prüfen Sie die Zugriffsrechte der Datei und ihres Ordners.",
        )
    if code == _IO:
        return DatabaseError(
            f"Beim {doing} von {path} ist ein Lese- oder Schreibfehler des Datenträgers "
            "aufgetreten; die Datei wurde nicht verändert.",
            hint="Bitte prüfen Sie den Datenträger (Netzlaufwerk getrennt, USB-Stick "
            "entfernt?) und versuchen Sie es erneut.",
        )
    return DatabaseError(
        f"Die Datei {path} ist keine gültige Beratung-Datenbank oder beschädigt. Sie wurde "
        "nicht verändert.",
        hint="„beratung db check“ nennt die neueste gute Sicherung; „beratung db restore "
        "DATEI“ spielt sie zurück.",
    )
