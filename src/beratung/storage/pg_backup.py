"""Backups of a PostgreSQL database with ``pg_dump --format=custom``.

Why pg_dump and not a copy of our own: it is the one tool that writes a consistent snapshot of a
running server in a format ``pg_restore`` reads back on any later server version. The custom
format is compressed and lets ``pg_restore --list`` check the archive before it counts.

The password is never written anywhere: ``.pgpass`` (libpq reads it itself) is preferred; only
a password that is part of the URL is passed, through the environment of the one child process.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import sys
from pathlib import Path

from sqlalchemy.engine import URL

from beratung.domain.errors import DatabaseError, UserError, os_error_text
from beratung.paths import private_file
from beratung.storage.server_connection import DEFAULT_SSLMODE, password_from_keyring

#: Set to the full path of pg_dump when it is installed somewhere unusual.
PG_DUMP_ENV = "BERATUNG_PG_DUMP"
#: The server's bin folder (also used by scripts/with-postgres.sh).
PG_BINDIR_ENV = "BERATUNG_PG_BINDIR"
#: Where PostgreSQL installs its programs when they are not on PATH, highest version first.
CANDIDATE_GLOBS: tuple[str, ...] = (
    "/usr/lib/postgresql/*/bin",  # Debian, Ubuntu
    "/usr/pgsql-*/bin",  # Red Hat, Fedora (PGDG)
    "/opt/homebrew/opt/postgresql*/bin",
    "C:/Program Files/PostgreSQL/*/bin",  # the EDB installer on Windows
)

#: A dump of a large database takes minutes; an hour means something hangs.
DUMP_TIMEOUT_S = 3600


def _exe(name: str) -> str:
    return name + ".exe" if sys.platform == "win32" else name


def _version_key(folder: str) -> tuple[int, ...]:
    digits = "".join(ch if ch.isdigit() else " " for ch in folder).split()
    return tuple(int(d) for d in digits)


def find_tool(name: str) -> Path | None:
    """``pg_dump`` or ``pg_restore``: the explicit setting, then PATH, then the server's bin
    folder, then the usual install folders (the highest version, which can dump older
    servers too)."""
    explicit = os.environ.get(PG_DUMP_ENV)
    if explicit:
        chosen = Path(explicit)
        if name != "pg_dump":
            chosen = chosen.with_name(_exe(name))
        return chosen if chosen.is_file() else None
    on_path = shutil.which(name)
    if on_path:
        return Path(on_path)
    folders: list[str] = []
    if os.environ.get(PG_BINDIR_ENV):
        folders.append(os.environ[PG_BINDIR_ENV])
    for pattern in CANDIDATE_GLOBS:
        # absolute patterns with a drive letter on Windows: Path.glob takes only relative ones
        found = glob.glob(pattern)  # noqa: PTH207
        folders.extend(sorted(found, key=_version_key, reverse=True))
    for folder in folders:
        candidate = Path(folder) / _exe(name)
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


def missing_pg_dump() -> UserError:
    return UserError(
        "Für die Sicherung einer PostgreSQL-Datenbank wird das Programm pg_dump gebraucht; es "
        "wurde nicht gefunden. Es wurde keine Sicherung geschrieben.",
        hint="Bitte installieren Sie die PostgreSQL-Clientprogramme (Debian/Ubuntu: "
        "„apt-get install postgresql-client“, Windows: der PostgreSQL-Installer) oder nennen "
        f"Sie den Pfad zu pg_dump in der Umgebungsvariablen {PG_DUMP_ENV}.",
    )


def libpq_target(url: URL) -> tuple[str, dict[str, str]]:
    """The connection for libpq without the password, and the environment to add: the
    password when the URL or the OS keyring has one (otherwise libpq reads ``.pgpass``), and
    ``sslmode=prefer`` unless the URL names a mode."""
    # URL.set() ignores password=None, so the URL is rebuilt without it
    conninfo = URL.create(
        "postgresql",
        username=url.username,
        host=url.host,
        port=url.port,
        database=url.database,
        query=url.query,
    ).render_as_string(hide_password=False)
    password = url.password if url.password else password_from_keyring(url)
    extra = {"PGPASSWORD": str(password)} if password else {}
    if "sslmode" not in url.query:
        extra["PGSSLMODE"] = DEFAULT_SSLMODE  # as the app's own connection does
    return conninfo, extra


def dump_postgres(url: URL, target: Path) -> Path:
    """Write ``target`` with ``pg_dump --format=custom`` through a ``.partial`` file that is
    checked with ``pg_restore --list`` (when available) before it gets its name."""
    pg_dump = find_tool("pg_dump")
    if pg_dump is None:
        raise missing_pg_dump()
    conninfo, extra = libpq_target(url)
    env = {**os.environ, **extra}
    partial = target.with_name(target.name + ".partial")
    flags = getattr(subprocess, "CREATE_NO_WINDOW", 0)  # no console window from the GUI
    try:
        private_file(partial, create=True)
        done = subprocess.run(
            [str(pg_dump), "--format=custom", "--no-password", f"--file={partial}",
             f"--dbname={conninfo}"],
            env=env, capture_output=True, text=True, timeout=DUMP_TIMEOUT_S,
            creationflags=flags, check=False,
        )
        if done.returncode != 0:
            said = (done.stderr.strip().splitlines() or ["ohne Meldung"])[-1]
            raise DatabaseError(
                f"pg_dump konnte die Datenbank nicht sichern (pg_dump meldet: {said}). Es wurde "
                "keine Sicherung geschrieben.",
                hint="Bitte prüfen Sie Verbindung und Anmeldung (Passwort in ~/.pgpass bzw. "
                "%APPDATA%\\postgresql\\pgpass.conf).",
            )
        pg_restore = find_tool("pg_restore")
        if pg_restore is not None:
            listed = subprocess.run(
                [str(pg_restore), "--list", str(partial)],
                capture_output=True, text=True, timeout=DUMP_TIMEOUT_S,
                creationflags=flags, check=False,
            )
            if listed.returncode != 0:
                raise DatabaseError(
                    "Die Sicherung mit pg_dump ist nicht lesbar (pg_restore --list schlug fehl); "
                    "sie wurde verworfen."
                )
        partial.replace(target)
    except subprocess.TimeoutExpired as exc:
        partial.unlink(missing_ok=True)
        raise DatabaseError(
            f"pg_dump war nach {DUMP_TIMEOUT_S // 60} Minuten nicht fertig und wurde abgebrochen."
        ) from exc
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise DatabaseError(
            f"Die Sicherung nach {target} ist fehlgeschlagen ({os_error_text(exc)}).",
            hint="Bitte prüfen Sie, ob am Zielort genug Platz ist und geschrieben werden darf.",
        ) from exc
    except DatabaseError:
        partial.unlink(missing_ok=True)
        raise
    return target
