"""Writing files the user asked for (exports, PDFs): whole or not at all, errors in German.

One writer for the GUI and the CLI: a temporary file in the target folder, fsync, then an
atomic rename, so a full disk or a locked file never leaves half a document behind and an
existing file stays as it was.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

from beratung.domain.errors import UserError, os_error_text


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
