"""The schema revisions this program knows, read without Alembic or SQLAlchemy.

Every start checks the database's schema against the program's, and ``beratung --version``
names both. Reading the ``revision``/``down_revision`` lines of a few files and one row of a
SQLite file costs milliseconds; importing Alembic (and SQLAlchemy behind it) costs a good part
of a second, so that is left to :mod:`beratung.storage.migrate` when a migration actually runs.
A test compares this reading with Alembic's own.
"""

from __future__ import annotations

import functools
import re
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from beratung.storage import cipher
from beratung.storage.cipher import read_only_uri as read_only_uri
from beratung.storage.sqlite_errors import file_problem

#: The revisions as a package resource: Alembic resolves it through importlib.resources, so it
#: works from a checkout, a wheel and a PyInstaller bundle alike (tests point it elsewhere).
SCRIPT_LOCATION = "beratung.storage:migrations"

#: Alembic's table holding the schema revision of a database.
VERSION_TABLE = "alembic_version"

_REVISION_LINE = re.compile(
    r'^(?P<key>revision|down_revision)\s*(?::[^=]*)?=\s*(?:"(?P<value>[^"]*)"|None)\s*$',
    re.MULTILINE,
)


def versions_folder(location: str) -> Traversable:
    """The ``versions`` folder of a script location: ``package:folder`` (a package resource,
    as Alembic reads it) or a plain folder (tests)."""
    package, sep, folder = location.partition(":")
    if sep and re.fullmatch(r"[\w.]+", package) and not Path(location).is_absolute():
        return resources.files(package).joinpath(folder, "versions")
    return Path(location) / "versions"


@functools.cache
def revision_graph(location: str) -> dict[str, str | None]:
    """Revision -> its predecessor (``None`` for the first), from the revision files."""
    graph: dict[str, str | None] = {}
    for script in versions_folder(location).iterdir():
        if not script.name.endswith(".py") or script.name.startswith("_"):
            continue
        found = {m["key"]: m["value"] for m in _REVISION_LINE.finditer(script.read_text("utf-8"))}
        revision = found.get("revision")
        if revision is not None:
            graph[revision] = found.get("down_revision")
    return graph


def head_revision(location: str = SCRIPT_LOCATION) -> str:
    """The newest revision: the one no other revision follows."""
    graph = revision_graph(location)
    heads = set(graph) - {down for down in graph.values() if down is not None}
    assert len(heads) == 1, f"the migrations folder needs exactly one head, has {sorted(heads)}"
    return heads.pop()


def known_revisions(location: str = SCRIPT_LOCATION) -> set[str]:
    return set(revision_graph(location))


def read_sqlite_file_revision(path: Path, key: str | None = None) -> tuple[str | None, bool]:
    """(revision, has other tables) of a SQLite file, read through a read-only connection
    without our pragmas, so the file is never written to (setting WAL alone would). ``key``:
    the file is encrypted (SQLCipher)."""
    try:
        conn = cipher.connect(read_only_uri(path), key=key, uri=True)
        try:
            tables = {
                r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            row = (
                conn.execute(f"SELECT version_num FROM {VERSION_TABLE}").fetchone()
                if VERSION_TABLE in tables
                else None
            )
        finally:
            conn.close()
    except cipher.error_types() as exc:
        raise file_problem(exc, path, doing="Öffnen") from exc
    return (str(row[0]) if row else None), bool(tables - {VERSION_TABLE})


def peek_sqlite_revision(path: Path, key: str | None = None) -> str | None:
    """The revision of a SQLite file, read-only; a missing or empty file is ``None`` (and is
    not created). An encrypted file without its key (``key``, else the environment's or the
    keyring's) is ``KeyRequiredError``: it is not asked for here."""
    state = cipher.file_state(path)
    if state is cipher.FileState.MISSING:
        return None
    if state is cipher.FileState.ENCRYPTED:
        key = key or cipher.stored_key(path)
        if key is None:
            raise cipher.KeyRequiredError(path)
    else:
        key = None
    return read_sqlite_file_revision(path, key)[0]
