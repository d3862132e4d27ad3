"""Shared fixtures: a fresh, migrated database per test, on SQLite or on PostgreSQL.

The backend is chosen by the test command (``./run-tests``): ``BERATUNG_TEST_BACKEND=postgresql``
with ``BERATUNG_TEST_POSTGRES_URL`` pointing at a throwaway server runs every test that uses a
database against PostgreSQL. Migrating once into a template and copying it per test keeps the
suite fast on both backends. Tests never touch the real user's folders.
"""

from __future__ import annotations

import itertools
import os
import shutil
import sys
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, make_url

from beratung.paths import AppPaths
from beratung.storage import migrate
from beratung.storage.backup import copy_sqlite
from beratung.storage.database import Database, sqlite_url

BACKEND = os.environ.get("BERATUNG_TEST_BACKEND", "sqlite")
POSTGRES_ADMIN_URL = os.environ.get("BERATUNG_TEST_POSTGRES_URL")
DB_FIXTURES = {"database_url", "services", "db", "migrated_database", "fresh_database"}

_counter = itertools.count(1)
_EXIT_STATUS = pytest.StashKey[int]()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    session.config.stash[_EXIT_STATUS] = int(exitstatus)


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    """Leave without interpreter finalisation once everything is reported, when Qt was loaded.

    With the GUI tests on PostgreSQL, CPython's final garbage collection aborts the process
    ("bool_dealloc: deallocating True or False", a reference-count error in a C extension;
    seen with PySide6 6.12 and psycopg 3.3) *after* every test passed and the summary was
    printed, turning a green run into exit status 134. Nothing of ours runs at that point, so
    the result is handed to the OS directly. Set BERATUNG_TEST_FULL_EXIT=1 to see the crash.
    """
    if "PySide6.QtCore" not in sys.modules or os.environ.get("BERATUNG_TEST_FULL_EXIT") == "1":
        return
    status = config.stash.get(_EXIT_STATUS, None)
    if status is None:
        return
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)


def pytest_report_header(config: pytest.Config) -> str:
    target = POSTGRES_ADMIN_URL if BACKEND == "postgresql" else "SQLite (Datei je Test)"
    return f"Beratung test database backend: {BACKEND} — {target}"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if DB_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.db)


@pytest.fixture(autouse=True)
def _isolate_user_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Refuse to touch real user directories (qutebrowser's rule)."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("BERATUNG_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("BERATUNG_DATABASE_URL", raising=False)
    monkeypatch.delenv("BERATUNG_DB_KEY", raising=False)


@pytest.fixture
def paths(tmp_path: Path) -> AppPaths:
    app_paths = AppPaths(tmp_path / "data")
    app_paths.ensure()
    return app_paths


@pytest.fixture(scope="session")
def _template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[URL]:
    if BACKEND == "postgresql":
        if not POSTGRES_ADMIN_URL:
            pytest.skip("PostgreSQL-Lauf angefordert, aber BERATUNG_TEST_POSTGRES_URL fehlt")
        admin = make_url(POSTGRES_ADMIN_URL)
        name = f"beratung_template_{os.getpid()}"
        engine = create_engine(admin, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
            conn.execute(text(f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0"))
        template_url = admin.set(database=name)
        db = Database(template_url)
        migrate.upgrade(db)
        db.dispose()
        yield template_url
        with engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()
    else:
        path = tmp_path_factory.mktemp("template") / "template.sqlite"
        db = Database(sqlite_url(path))
        migrate.upgrade(db)
        db.dispose()
        yield sqlite_url(path)


@contextmanager
def _fresh_database(template: URL, target: Path) -> Iterator[str]:
    """A new database at the head revision, copied from the template (a SQLite file at
    ``target``, or a PostgreSQL database made from the template database); dropped after."""
    if template.get_backend_name() == "postgresql":
        name = f"beratung_test_{os.getpid()}_{next(_counter)}"
        admin = make_url(POSTGRES_ADMIN_URL or "")
        engine = create_engine(admin, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template.database}"'))
        try:
            yield admin.set(database=name).render_as_string(hide_password=False)
        finally:
            with engine.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            engine.dispose()
    else:
        copy_sqlite(Path(str(template.database)), target)
        try:
            yield sqlite_url(target).render_as_string(hide_password=False)
        finally:
            target.unlink(missing_ok=True)


@pytest.fixture
def database_url(_template: URL, tmp_path: Path, paths: AppPaths) -> Iterator[str]:
    """A fresh database at the head revision, private to this test."""
    with _fresh_database(_template, paths.database_file) as url:
        yield url


@pytest.fixture
def fresh_database(
    _template: URL, tmp_path: Path
) -> Callable[[], AbstractContextManager[str]]:
    """Makes further fresh databases on the backend under test, one per call (for property
    tests that need a clean database per example)."""
    count = itertools.count()

    def make() -> AbstractContextManager[str]:
        return _fresh_database(_template, tmp_path / f"frisch-{next(count)}.sqlite")

    return make


@pytest.fixture
def services(database_url: str, paths: AppPaths) -> Iterator[object]:
    from beratung.services import Services

    svc = Services.open(paths, url=database_url, user="Testerin")
    yield svc
    svc.close()


@pytest.fixture
def db(services: object) -> Database:
    return services.db  # type: ignore[attr-defined,no-any-return]


@pytest.fixture
def office(services: object) -> object:
    """The sender, a clerk ("Co") and the press file-plan number, as the demo has them."""
    from beratung.services.office import ClerkData, OfficeProfileData

    office_service = services.office  # type: ignore[attr-defined]
    office_service.save_profile(
        OfficeProfileData(
            name="Städtetag Baden-Württemberg",
            function_line="Geschäftsführendes Vorstandsmitglied",
            street="Königstraße 2",
            postcode="70173",
            town="Stuttgart",
            phone="0711 22921-0",
            fax="0711 22921-42",
            email="post@staedtetag-bw.de",
        ),
        expected_version=None,
    )
    clerk = office_service.create_clerk(
        ClerkData(
            name="Christiane Conzen",
            initials="Co",
            phone_extension="48",
            email="christiane.conzen@staedtetag-bw.de",
        )
    )
    office_service.save_file_plan_entry(
        "047.43", "Inklusion – Pressearbeit", default_for_press=True
    )
    return clerk



def _require_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        message = f"{name} fehlt (scripts/test-tools.sh installiert es in der CI)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture
def require_tool() -> Callable[[str], str]:
    """Gives the path of an external checking tool a test needs. Missing on a developer's
    machine: the test is skipped naming it; missing in CI (``CI`` set), where
    ``scripts/test-tools.sh`` installs it: the test fails, so CI never skips a check silently."""
    return _require_tool


@pytest.fixture(scope="session")
def verapdf_checker() -> object:
    """The veraPDF module (``tests/verapdf.py``) when Java, JAXB and the validation library are
    there. Missing on a developer's machine: the test is skipped with the reason; missing in CI
    (``CI`` set), where ``scripts/test-tools.sh`` installs them: the test fails."""
    import verapdf

    reason = verapdf.available()
    if reason is not None:
        message = f"veraPDF fehlt: {reason} (scripts/test-tools.sh installiert es in der CI)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return verapdf



def _memory_keyring_backend() -> object:
    """An OS keyring stand-in (the ``keyring`` package takes any backend through
    ``keyring.set_keyring``): tests never read or write the real user's keyring."""
    import keyring.backend
    import keyring.errors

    class MemoryKeyring(keyring.backend.KeyringBackend):
        priority = 1  # type: ignore[assignment]

        def __init__(self) -> None:
            super().__init__()
            self.entries: dict[tuple[str, str], str] = {}

        def get_password(self, service: str, username: str) -> str | None:
            return self.entries.get((service, username))

        def set_password(self, service: str, username: str, password: str) -> None:
            self.entries[(service, username)] = password

        def delete_password(self, service: str, username: str) -> None:
            if self.entries.pop((service, username), None) is None:
                raise keyring.errors.PasswordDeleteError("not found")

    return MemoryKeyring()


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[object]:
    """Every test gets an empty in-memory keyring (``.entries`` holds what was stored)."""
    try:
        import keyring
    except ImportError:
        yield None
        return
    previous = keyring.get_keyring()
    backend = _memory_keyring_backend()
    keyring.set_keyring(backend)  # type: ignore[arg-type]
    yield backend
    keyring.set_keyring(previous)
