"""Writing files the user asked for (exports, PDFs): whole or not at all, errors in German.

One writer for the GUI and the CLI: a temporary file in the target folder, fsync, then an
atomic rename, so a full disk or a locked file never leaves half a document behind and an
existing file stays as it was.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Sequence
from pathlib import Path

from beratung.domain.errors import UserError, os_error_text

#: The largest file a user may hand the program to read (contacts, directory, logo, replies):
#: far above any real one (20,000 contacts as vCards with photos are ~60 MB), and far below
#: what would exhaust the workstation's memory.
MAX_INPUT_BYTES = 200 * 1024 * 1024


def read_input_file(path: Path, *, limit: int = MAX_INPUT_BYTES) -> bytes:
    """The bytes of a file the user chose, or a German ``UserError``: missing, a folder, not a
    regular file (``/dev/zero``, a pipe), larger than ``limit``, or unreadable. The size is
    checked before reading and the read itself is bounded, so nothing can grow without end."""
    path = Path(path)
    try:
        info = path.stat()
    except FileNotFoundError as exc:
        raise UserError(f"Die Datei {path} gibt es nicht.") from exc
    except OSError as exc:
        raise UserError(
            f"Die Datei {path} kann nicht gelesen werden ({os_error_text(exc)})."
        ) from exc
    if stat.S_ISDIR(info.st_mode):
        raise UserError(f"{path} ist ein Ordner, keine Datei.")
    if not stat.S_ISREG(info.st_mode):
        raise UserError(
            f"{path} ist keine gewöhnliche Datei (sondern ein Gerät oder eine Pipe) und wird "
            "nicht gelesen."
        )
    if info.st_size > limit:
        raise UserError(
            f"Die Datei {path} ist {_megabytes(info.st_size)} groß; gelesen werden Dateien bis "
            f"{_megabytes(limit)}.",
            hint="Bitte die richtige Datei wählen oder sie in kleinere Teile aufteilen.",
        )
    try:
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise UserError(
            f"Die Datei {path} kann nicht gelesen werden ({os_error_text(exc)})."
        ) from exc
    if len(data) > limit:  # grew while being read
        raise UserError(f"Die Datei {path} ist größer als {_megabytes(limit)} und wird nicht "
                        "gelesen.")
    return data


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB".replace(".", ",")


def check_target(path: Path) -> None:
    """Fail with a German message unless ``path`` can be a new or replaced file (its folder
    exists and it is no folder itself); call before expensive work or audited exports."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path()
    if not folder.is_dir():
        raise UserError(
            f"Den Ordner {folder} gibt es nicht; die Datei {path} konnte nicht gespeichert "
            "werden."
        )
    if path.is_dir():
        raise UserError(f"{path} ist ein Ordner, keine Datei; es wurde nichts geschrieben.")


def write_atomically(path: Path, data: bytes, *, create_folder: bool = False) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder, then rename.

    A missing folder is an error (no English OS message), unless ``create_folder``.
    """
    path = Path(path)
    folder = path.parent if str(path.parent) else Path()
    if create_folder:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UserError(
                f"Der Ordner {folder} kann nicht angelegt werden ({os_error_text(exc)}); "
                "es wurde nichts geschrieben."
            ) from exc
    check_target(path)
    tmp_name: str | None = None
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        Path(tmp_name).replace(path)
        tmp_name = None
    except OSError as exc:
        raise UserError(
            f"Die Datei {path} konnte nicht gespeichert werden ({os_error_text(exc)}).",
            hint="Bitte wählen Sie einen anderen Ordner oder prüfen Sie, ob die Datei gerade "
            "in einem anderen Programm geöffnet ist.",
        ) from exc
    finally:
        if tmp_name is not None:
            Path(tmp_name).unlink(missing_ok=True)


def write_all_atomically(files: Sequence[tuple[Path, bytes]]) -> list[Path]:
    """Write every file atomically; when one fails, the files this run created are removed
    again, so a folder gets all of a run or none of it (a file that existed before keeps its
    new content: it was replaced whole)."""
    written: list[Path] = []
    new: list[Path] = []
    try:
        for path, data in files:
            existed = path.exists()
            write_atomically(path, data, create_folder=True)
            written.append(path)
            if not existed:
                new.append(path)
    except BaseException:
        for path in new:
            path.unlink(missing_ok=True)
        raise
    return written
