"""Writing output files from the CLI: one atomic writer with German messages."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from beratung.domain.errors import UserError


def check_target(path: Path) -> None:
    """Fail with a German message unless ``path`` can be a new or replaced file (its folder
    exists and it is no folder itself); call before expensive work or audited exports."""
    folder = path.parent if str(path.parent) else Path()
    if not folder.is_dir():
        raise UserError(f"Den Ordner {folder} gibt es nicht; es wurde nichts geschrieben.")
    if path.is_dir():
        raise UserError(f"{path} ist ein Ordner, keine Datei; es wurde nichts geschrieben.")


def write_atomically(path: Path, data: bytes, *, create_folder: bool = False) -> None:
    """Write via a temporary file in the same folder, so a failure leaves no half file.

    A missing folder is an error (no OS message in English), unless ``create_folder``.
    """
    folder = path.parent if str(path.parent) else Path()
    if create_folder:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UserError(
                f"Der Ordner {folder} kann nicht angelegt werden ({exc.strerror or exc}); "
                "es wurde nichts geschrieben."
            ) from exc
    check_target(path)
    tmp_name: str | None = None
    try:
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".beratung-", delete=False) as tmp:
            tmp_name = tmp.name
            tmp.write(data)
            tmp.flush()
            os.fsync(tmp.fileno())
        Path(tmp_name).replace(path)
    except OSError as exc:
        if tmp_name is not None:
            Path(tmp_name).unlink(missing_ok=True)
        raise UserError(
            f"Die Datei {path} kann nicht geschrieben werden ({exc.strerror or exc})."
        ) from exc
