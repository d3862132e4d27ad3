"""Where the application keeps its data, backups, attachments and logs.

Everything is derived from one data directory so that tests (and a portable installation) can
redirect all of it with ``--data-dir`` or ``BERATUNG_DATA_DIR`` and never touch the real user's
files.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from beratung import APP_NAME

DATA_DIR_ENV = "BERATUNG_DATA_DIR"
DATABASE_URL_ENV = "BERATUNG_DATABASE_URL"
DATABASE_FILE_NAME = "beratung.sqlite"


@dataclass(frozen=True)
class AppPaths:
    """The folders of one installation; created on demand, never at import time."""

    data_dir: Path

    @classmethod
    def default(cls, data_dir: str | os.PathLike[str] | None = None) -> AppPaths:
        if data_dir is not None:
            return cls(Path(data_dir).expanduser().resolve())
        env = os.environ.get(DATA_DIR_ENV)
        if env:
            return cls(Path(env).expanduser().resolve())
        # roaming=False: the database must stay on the local disk (SQLite over SMB is unsafe).
        return cls(Path(platformdirs.user_data_dir(APP_NAME, appauthor=False, roaming=False)))

    @property
    def database_file(self) -> Path:
        return self.data_dir / DATABASE_FILE_NAME

    def chosen_database(
        self,
        *,
        db_path: str | os.PathLike[str] | None = None,
        url: str | None = None,
    ) -> Path | str:
        """The database the options name: a SQLite file, or a database URL (as given).

        ``--database-url`` beats ``--db`` beats ``BERATUNG_DATABASE_URL`` beats the default
        file. The one place of that order: the services' engine, ``--version`` and the quick
        ``contacts list`` (both without SQLAlchemy) all ask here."""
        if url:
            return url
        if db_path:
            return Path(db_path).expanduser().resolve()
        return os.environ.get(DATABASE_URL_ENV) or self.database_file

    @property
    def backup_dir(self) -> Path:
        return self.data_dir / "Sicherungen"

    @property
    def attachment_dir(self) -> Path:
        return self.data_dir / "Anhaenge"

    @property
    def log_dir(self) -> Path:
        return self.data_dir / "Protokolle"

    @property
    def log_file(self) -> Path:
        return self.log_dir / "beratung.log"

    def ensure(self) -> None:
        """Every folder of the installation, private (see :func:`private_folder`); an
        ``OSError`` when one cannot be made. Commands make only the folder they need, so a
        read-only command with ``--db`` elsewhere never depends on the data folder."""
        private_folder(self.data_dir, tighten=False)
        for folder in (self.backup_dir, self.attachment_dir, self.log_dir):
            private_folder(folder)


#: Personal data is readable by the user only (POSIX). On Windows the per-user profile
#: (``%LOCALAPPDATA%``) already denies other users access, so nothing is changed there.
PRIVATE_FOLDER_MODE = 0o700
PRIVATE_FILE_MODE = 0o600
_POSIX = os.name == "posix"


def private_folder(folder: Path, *, tighten: bool = True) -> Path:
    """Make ``folder`` (with missing parents) readable by the user only; an existing folder is
    tightened when ``tighten`` (the app's own folders), never a folder the user chose for other
    things (``tighten=False``: only when this call creates it). Raises ``OSError``."""
    existed = folder.is_dir()
    folder.mkdir(mode=PRIVATE_FOLDER_MODE, parents=True, exist_ok=True)
    if _POSIX and (tighten or not existed):
        _tighten(folder, PRIVATE_FOLDER_MODE)
    return folder


def private_file(path: Path, *, create: bool = False) -> None:
    """Make ``path`` readable and writable by the user only; ``create``: make it (empty) first
    when missing, already private, so it is never readable by others for a moment (SQLite then
    gives the database's WAL and journal files the same permissions). Raises ``OSError``."""
    if create and not path.exists():
        with contextlib.suppress(FileExistsError):  # made meanwhile: tightened below
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE))
    if _POSIX and path.exists():
        _tighten(path, PRIVATE_FILE_MODE)


def _tighten(path: Path, mode: int) -> None:
    """``chmod`` to ``mode`` when group or others may read; only what the user owns (a shared
    folder of another owner is left as it is, and root's run leaves a user's file alone)."""
    info = path.stat()
    if info.st_mode & 0o077 and info.st_uid == os.getuid():
        path.chmod(mode)

