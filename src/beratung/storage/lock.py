"""One running instance per database file.

Two GUI instances on one SQLite file would each trust their own view of the data; the second
one is told clearly instead. The lock is an OS file lock on ``<database>.lock``, released by the
OS when the process dies, so a crash never leaves a stale lock behind.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from types import TracebackType
from typing import IO

from beratung.domain.errors import DatabaseError, os_error_text
from beratung.paths import private_file, private_folder


class InstanceLock:
    def __init__(self, database_file: Path) -> None:
        self.path = database_file.with_name(database_file.name + ".lock")
        self._handle: IO[str] | None = None

    def acquire(self) -> None:
        try:
            private_folder(self.path.parent, tighten=False)
            private_file(self.path, create=True)
            handle = self.path.open("a+", encoding="utf-8")
        except OSError as exc:
            raise DatabaseError(
                f"Im Ordner {self.path.parent} kann Beratung nicht schreiben "
                f"({os_error_text(exc)}).",
                hint="Bitte wählen Sie einen beschreibbaren Ordner für die Datenbank.",
            ) from exc
        try:
            _lock(handle)
        except OSError as exc:
            handle.close()
            raise DatabaseError(
                f"Die Datenbank {self.path.with_suffix('')} ist bereits in einer anderen "
                "laufenden Beratung-Instanz geöffnet.",
                hint="Bitte wechseln Sie zu dem bereits geöffneten Fenster oder schließen Sie es "
                "zuerst.",
            ) from exc
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        self._handle = handle

    def release(self) -> None:
        if self._handle is not None:
            try:
                _unlock(self._handle)
            finally:
                self._handle.close()
                self._handle = None

    def __enter__(self) -> InstanceLock:
        self.acquire()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()


if sys.platform == "win32":  # pragma: no cover - exercised on the advisor's Windows machine
    import msvcrt

    def _lock(handle: IO[str]) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)

    def _unlock(handle: IO[str]) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(handle: IO[str]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(handle: IO[str]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
