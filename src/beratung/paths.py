"""Where the application keeps its data, backups, attachments and logs.

Everything is derived from one data directory so that tests (and a portable installation) can
redirect all of it with ``--data-dir`` or ``BERATUNG_DATA_DIR`` and never touch the real user's
files.
"""

from __future__ import annotations

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
        for folder in (self.data_dir, self.backup_dir, self.attachment_dir, self.log_dir):
            folder.mkdir(parents=True, exist_ok=True)

