"""What ``beratung --version`` and Hilfe → Über Beratung tell: which program, which database at
which schema, where the data, backups and logs are, and whose data the directory is.

IT staff read this to answer "which version is installed, and where is her data?" without
opening the database for work: the schema revision is only peeked at (read-only), so asking
never creates, upgrades or locks anything.
"""

from __future__ import annotations

import os
import platform
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from beratung import __version__, installed_version, resources
from beratung.domain.errors import UserError
from beratung.paths import AppPaths
from beratung.storage import cipher, revisions

if TYPE_CHECKING:
    from beratung.storage.database import DatabaseLocation


@dataclass(frozen=True, slots=True)
class AboutInfo:
    version: str
    python: str
    qt: str
    system: str
    database: str
    #: The database's schema revision; ``None`` when it is new or empty.
    schema: str | None
    schema_head: str
    #: Why the schema could not be read, in German (``None`` when it was read).
    schema_problem: str | None
    data_dir: Path
    backup_dir: Path
    log_dir: Path
    attribution: str
    #: A server database only: whether the connection is encrypted (TLS), in German.
    connection: str | None = None
    #: A SQLite file only: whether it is encrypted (SQLCipher), in German.
    encryption: str | None = None

    @property
    def schema_text(self) -> str:
        if self.schema_problem is not None:
            return f"nicht lesbar ({self.schema_problem})"
        if self.schema is None:
            return f"noch nicht angelegt (Programm: {self.schema_head})"
        if self.schema == self.schema_head:
            return f"{self.schema} (aktuell)"
        return f"{self.schema} (Programm: {self.schema_head})"

    def fields(self) -> list[tuple[str, str]]:
        """German label and value, in the order people ask for them."""
        return [
            ("Version", self.version),
            ("Datenbank", self.database),
            ("Datenbankschema", self.schema_text),
            *([("Verbindung", self.connection)] if self.connection is not None else []),
            *([("Verschlüsselung", self.encryption)] if self.encryption is not None else []),
            ("Daten", str(self.data_dir)),
            ("Sicherungen", str(self.backup_dir)),
            ("Protokolle", str(self.log_dir)),
            ("Python", self.python),
            ("Qt (PySide6)", self.qt),
            ("System", self.system),
        ]

    def text(self) -> str:
        """Plain text for the command line."""
        width = max(len(label) for label, _ in self.fields()) + 1
        lines = [f"Beratung {self.version}"]
        lines += [f"{label + ':':<{width}} {value}" for label, value in self.fields()[1:]]
        lines += ["", "Gemeindeverzeichnis: " + self.attribution]
        return "\n".join(lines)


def _distribution_version(name: str) -> str:
    return installed_version(name) or "nicht installiert"


def about(
    paths: AppPaths,
    *,
    db_path: str | os.PathLike[str] | None = None,
    url: str | None = None,
) -> AboutInfo:
    """For ``--version``: the database the same options would open, peeked at read-only.

    A SQLite file (the usual case) is answered without importing SQLAlchemy, so IT staff asking
    for the version wait milliseconds, not a second."""
    path = paths.chosen_database(db_path=db_path, url=url)
    if isinstance(path, Path):
        revision: str | None = None
        problem: str | None = None
        encryption: str | None = None
        try:
            encryption = _file_encryption(path)
            revision = revisions.peek_sqlite_revision(path)
        except UserError as exc:
            problem = exc.message
        except Exception as exc:  # an unreadable folder: said, not a crash of --version
            problem = f"{type(exc).__name__}: {exc}"
        return _info(
            paths, database=str(path), revision=revision, problem=problem, encryption=encryption
        )
    from beratung.services.database import resolve_url
    from beratung.storage.database import DatabaseLocation

    try:
        location = DatabaseLocation(resolve_url(paths, db_path=db_path, url=url))
    except UserError as exc:
        return describe_installation(paths, None, problem=exc.message)
    return describe_installation(paths, location)


def describe_installation(
    paths: AppPaths,
    location: DatabaseLocation | None,
    *,
    problem: str | None = None,
    qt_version: str | None = None,
) -> AboutInfo:
    """Everything the about box shows. ``qt_version`` is the running Qt's (the GUI knows it);
    without it the installed PySide6 is named, so the command line needs no Qt import."""
    revision: str | None = None
    connection: str | None = None
    encryption: str | None = None
    if location is not None:
        from beratung.services.database import explain_database_error
        from beratung.storage import migrate, server_connection

        try:
            encryption = _encryption(location)
            revision = migrate.peek_revision(location)
            if location.sqlite_path is None and server_connection.is_server(location.url):
                security = server_connection.peek_security(location.url)
                connection = f"{security.describe()} (sslmode={sslmode(location)})"
        except UserError as exc:
            problem = exc.message
        except Exception as exc:  # a server that cannot be reached, a driver missing
            known = explain_database_error(exc, location.describe())
            problem = known.message if known else f"{type(exc).__name__}: {exc}"
            # whatever the driver said, a password typed into the URL is not repeated
            if location.url.password:
                problem = problem.replace(str(location.url.password), "***")
    return _info(
        paths,
        database=location.describe() if location is not None else "(ungültige Angabe)",
        revision=revision,
        problem=problem,
        qt_version=qt_version,
        connection=connection,
        encryption=encryption,
    )


def _info(
    paths: AppPaths,
    *,
    database: str,
    revision: str | None,
    problem: str | None,
    qt_version: str | None = None,
    connection: str | None = None,
    encryption: str | None = None,
) -> AboutInfo:
    return AboutInfo(
        version=__version__,
        python=f"{platform.python_implementation()} {platform.python_version()}",
        qt=qt_version or _distribution_version("PySide6-Essentials"),
        system=f"{platform.system()} {platform.release()} ({sys.platform})",
        database=database,
        schema=revision,
        schema_head=revisions.head_revision(),
        schema_problem=problem,
        data_dir=paths.data_dir,
        backup_dir=paths.backup_dir,
        log_dir=paths.log_dir,
        attribution=resources.MUNICIPALITY_DIRECTORY_ATTRIBUTION,
        connection=connection,
        encryption=encryption,
    )


def _encryption(location: DatabaseLocation) -> str | None:
    """How the SQLite file is stored (an encrypted file whose key is not at hand cannot show
    its schema: ``--version`` never asks for a key, the schema line says why)."""
    path = location.sqlite_path
    return None if path is None else _file_encryption(path)


def _file_encryption(path: Path) -> str | None:
    state = cipher.file_state(path)
    if state is cipher.FileState.ENCRYPTED:
        return "verschlüsselt (SQLCipher)"
    if state is cipher.FileState.PLAIN:
        return "unverschlüsselt"
    return None


def sslmode(location: DatabaseLocation) -> str:
    """The TLS mode the connection asks for: the URL's, or the default the app passes."""
    from beratung.storage import server_connection

    mode = location.url.query.get("sslmode")
    if isinstance(mode, tuple):
        mode = mode[-1] if mode else None
    return mode or server_connection.DEFAULT_SSLMODE
