"""Encryption at rest (issue 14, item 6): the SQLite file and its backups encrypted with
SQLCipher, readable only with the key; switched on and off without losing a record.

SQLite only (never marked ``db``: PostgreSQL has its own protection), and skipped where the
optional ``sqlcipher3`` is not installed.
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("sqlcipher3", exc_type=ImportError)

from beratung.cli import main
from beratung.domain.errors import DatabaseError, UserError
from beratung.paths import AppPaths
from beratung.services import Services
from beratung.services.database import (
    DatabaseService,
    KeyRequiredError,
    Schema,
    WrongKeyError,
    open_database,
)
from beratung.services.encryption import EncryptionService
from beratung.storage import backup as backups
from beratung.storage import cipher, migrate
from beratung.storage.lock import InstanceLock

KEY = "Geheimnis-2026"
NAME = "Müller".encode()


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _counts(path: Path, key: str | None) -> dict[str, int]:
    conn = cipher.connect(cipher.read_only_uri(path), key=key, uri=True)
    try:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND sql NOT LIKE "
                "'CREATE VIRTUAL%' ORDER BY name"
            )
        ]
        return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
    finally:
        conn.close()


@pytest.fixture(scope="module")
def _demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path]]:
    """The demo data once per module: a plain file and the same data encrypted with KEY."""
    folder = tmp_path_factory.mktemp("demo")
    plain = folder / "plain.sqlite"
    assert main(["--data-dir", str(folder / "data"), "--db", str(plain), "demo"]) == 0
    encrypted = folder / "encrypted.sqlite"
    shutil.copyfile(plain, encrypted)
    paths = AppPaths(folder / "data")
    opened = open_database(paths, db_path=encrypted, schema=Schema.AS_IS, read_only=True)
    try:
        EncryptionService(opened.db, paths).encrypt(KEY)
    finally:
        opened.close()
    yield plain, encrypted


@pytest.fixture
def plain_db(_demo: tuple[Path, Path], tmp_path: Path) -> Path:
    target = tmp_path / "beratung.sqlite"
    shutil.copyfile(_demo[0], target)
    return target


@pytest.fixture
def encrypted_db(_demo: tuple[Path, Path], tmp_path: Path) -> Path:
    target = tmp_path / "verschluesselt.sqlite"
    shutil.copyfile(_demo[1], target)
    return target


def test_the_encrypted_file_holds_no_plaintext_and_no_sqlite_header(
    plain_db: Path, encrypted_db: Path
) -> None:
    assert NAME in plain_db.read_bytes()  # the demo has a Müller: the check means something
    data = encrypted_db.read_bytes()
    assert NAME not in data
    assert not data.startswith(cipher.SQLITE_HEADER)
    assert cipher.file_state(encrypted_db) is cipher.FileState.ENCRYPTED


def test_the_standard_sqlite3_module_cannot_read_it(encrypted_db: Path) -> None:
    conn = sqlite3.connect(encrypted_db)
    try:
        with pytest.raises(sqlite3.DatabaseError, match="not a database"):
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    finally:
        conn.close()


def test_reopened_with_the_key_everything_is_there(
    plain_db: Path, encrypted_db: Path, paths: AppPaths
) -> None:
    services = Services.open(paths, db_path=encrypted_db, key=KEY)
    try:
        assert services.db.key == KEY
        assert services.db.engine.url.get_driver_name() == "pysqlcipher"
        assert type(services.db.engine.pool).__name__ == "QueuePool"  # as for a plain file
        with services.db.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            found = conn.exec_driver_sql(
                "SELECT count(*) FROM person WHERE last_name = 'Müller'"
            ).scalar()
        assert found
    finally:
        services.close()
    assert _counts(encrypted_db, KEY) == _counts(plain_db, None)


def test_without_a_key_it_is_refused_in_german_and_untouched(
    encrypted_db: Path, paths: AppPaths
) -> None:
    before = _digest(encrypted_db)
    with pytest.raises(KeyRequiredError) as info:
        Services.open(paths, db_path=encrypted_db)
    assert "verschlüsselt" in info.value.message
    assert "Schlüssel" in info.value.message
    assert _digest(encrypted_db) == before
    assert not Path(str(encrypted_db) + "-wal").exists()


def test_a_wrong_key_is_refused_in_german_and_untouched(
    encrypted_db: Path, paths: AppPaths
) -> None:
    before = _digest(encrypted_db)
    with pytest.raises(WrongKeyError) as info:
        Services.open(paths, db_path=encrypted_db, key="falscher-Schluessel")
    assert "Der Schlüssel passt nicht" in info.value.message
    assert "nicht verändert" in info.value.message
    assert _digest(encrypted_db) == before
    assert not Path(str(encrypted_db) + "-wal").exists()


def test_the_key_comes_from_the_keyring_or_the_environment(
    encrypted_db: Path, paths: AppPaths, memory_keyring: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    cipher.remember_key(encrypted_db, KEY)
    assert memory_keyring.entries == {  # type: ignore[attr-defined]
        ("beratung-sqlcipher", str(encrypted_db.absolute())): KEY
    }
    Services.open(paths, db_path=encrypted_db).close()
    cipher.forget_key(encrypted_db)
    with pytest.raises(KeyRequiredError):
        Services.open(paths, db_path=encrypted_db)
    monkeypatch.setenv(cipher.KEY_ENV, KEY)
    Services.open(paths, db_path=encrypted_db).close()


def test_garbage_is_not_mistaken_for_an_encrypted_database(tmp_path: Path, paths: AppPaths) -> None:
    odd = tmp_path / "odd.sqlite"
    odd.write_bytes(b"kein SQLite" * 100)  # not a multiple of a page: plainly not a database
    with pytest.raises(DatabaseError, match="keine Beratung-Datenbank"):
        Services.open(paths, db_path=odd, key=KEY)
    paged = tmp_path / "paged.sqlite"
    paged.write_bytes(bytes(range(256)) * 16)  # 4096 bytes: could be encrypted, so a key is asked
    with pytest.raises(KeyRequiredError):
        Services.open(paths, db_path=paged)
    with pytest.raises(WrongKeyError, match="keine Beratung-Datenbank"):
        Services.open(paths, db_path=paged, key=KEY)
    assert paged.read_bytes() == bytes(range(256)) * 16


def test_backups_are_encrypted_with_the_same_key_and_checked(
    encrypted_db: Path, tmp_path: Path, paths: AppPaths
) -> None:
    mirror = tmp_path / "Netzlaufwerk"
    mirror.mkdir()
    services = Services.open(paths, db_path=encrypted_db, key=KEY)
    try:
        database = DatabaseService(services.db, paths)
        made = database.backup()
        automatic = database.automatic_backup(second_folder=mirror)
        report = database.check()
    finally:
        services.close()
    assert report.ok, report
    assert automatic is not None and automatic.mirror is not None
    for copy in (made, automatic.path, automatic.mirror):
        data = copy.read_bytes()
        assert NAME not in data
        assert not data.startswith(cipher.SQLITE_HEADER)
        # integrity-checked and a Beratung database, with the key; unreadable without
        assert backups.validate_sqlite_copy(copy, migrate.known_revisions(), key=KEY)
        with pytest.raises(DatabaseError):
            backups.validate_sqlite_copy(copy, migrate.known_revisions())


def test_restore_of_an_encrypted_backup(encrypted_db: Path, paths: AppPaths) -> None:
    services = Services.open(paths, db_path=encrypted_db, key=KEY)
    try:
        database = DatabaseService(services.db, paths)
        made = database.backup()
        with services.db.transaction() as session:
            session.connection().exec_driver_sql(
                "UPDATE person SET last_name = 'Geändert' WHERE last_name = 'Müller'"
            )
        safety = database.restore(made)
        with services.db.read() as session:
            restored = session.connection().exec_driver_sql(
                "SELECT count(*) FROM person WHERE last_name = 'Müller'"
            ).scalar()
    finally:
        services.close()
    assert restored
    assert safety is not None and not safety.read_bytes().startswith(cipher.SQLITE_HEADER)
    assert NAME not in encrypted_db.read_bytes()


def test_a_plain_backup_is_not_restored_into_an_encrypted_database(
    plain_db: Path, encrypted_db: Path, paths: AppPaths
) -> None:
    services = Services.open(paths, db_path=encrypted_db, key=KEY)
    try:
        with pytest.raises(DatabaseError, match="unverschlüsselt"):
            DatabaseService(services.db, paths).restore(plain_db)
    finally:
        services.close()
    assert _counts(encrypted_db, KEY) == _counts(plain_db, None)


def test_encrypt_then_decrypt_keeps_every_record(plain_db: Path, paths: AppPaths) -> None:
    original = _counts(plain_db, None)
    opened = open_database(paths, db_path=plain_db, schema=Schema.AS_IS, read_only=True)
    try:
        service = EncryptionService(opened.db, paths)
        change = service.encrypt(KEY, remember=True)
        assert change.encrypted and change.remembered
        assert NAME not in plain_db.read_bytes()
        assert _counts(plain_db, KEY) == original
        assert change.backup.read_bytes().startswith(cipher.SQLITE_HEADER)  # the state before
        back = service.decrypt()
    finally:
        opened.close()
    assert not back.encrypted
    assert plain_db.read_bytes().startswith(cipher.SQLITE_HEADER)
    assert NAME in plain_db.read_bytes()
    assert _counts(plain_db, None) == original
    assert cipher.stored_key(plain_db) is None  # decrypt forgot the key
    assert (plain_db.stat().st_mode & 0o777) == 0o600
    assert not list(plain_db.parent.glob("*.partial"))
    Services.open(paths, db_path=plain_db).close()  # and it opens as before, with no key


def test_a_short_key_is_refused(plain_db: Path, paths: AppPaths) -> None:
    opened = open_database(paths, db_path=plain_db, schema=Schema.AS_IS, read_only=True)
    try:
        with pytest.raises(UserError, match="zu kurz"):
            EncryptionService(opened.db, paths).encrypt("kurz")
    finally:
        opened.close()
    assert plain_db.read_bytes().startswith(cipher.SQLITE_HEADER)


def test_encrypt_is_refused_while_another_window_has_the_database_open(
    plain_db: Path, paths: AppPaths
) -> None:
    before = _digest(plain_db)
    with InstanceLock(plain_db):
        opened = open_database(paths, db_path=plain_db, schema=Schema.AS_IS, read_only=True)
        try:
            with pytest.raises(DatabaseError, match="laufenden Beratung-Fenster"):
                EncryptionService(opened.db, paths).encrypt(KEY)
        finally:
            opened.close()
    assert _digest(plain_db) == before


def test_cli_explains_the_lost_key_and_wants_a_confirmation(
    plain_db: Path, paths: AppPaths, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    before = _digest(plain_db)
    base = ["--data-dir", str(paths.data_dir), "--db", str(plain_db)]
    assert main([*base, "db", "encrypt"]) == 1  # no terminal, no --yes: nothing happens
    out = capsys.readouterr()
    assert "unwiederbringlich verloren" in out.out
    assert "Die Sicherungen helfen dann nicht" in out.out
    assert "--yes" in out.err
    assert _digest(plain_db) == before

    monkeypatch.setenv(cipher.KEY_ENV, KEY)
    assert main([*base, "db", "encrypt", "--yes"]) == 0
    assert "ist jetzt verschlüsselt" in capsys.readouterr().out
    assert NAME not in plain_db.read_bytes()
    assert main([*base, "db", "check"]) == 0
    assert "Ergebnis: in Ordnung" in capsys.readouterr().out

    monkeypatch.delenv(cipher.KEY_ENV)
    assert main([*base, "db", "check"]) != 0
    assert "verschlüsselt" in capsys.readouterr().err

    monkeypatch.setenv(cipher.KEY_ENV, KEY)
    assert main([*base, "db", "decrypt", "--yes"]) == 0
    assert "ist jetzt unverschlüsselt" in capsys.readouterr().out
    assert NAME in plain_db.read_bytes()


def test_cli_remember_stores_the_key_and_an_unreachable_keyring_hides_nothing(
    plain_db: Path, tmp_path: Path, paths: AppPaths, memory_keyring: object,
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``--remember`` after the change: with no keyring backend (a bundle on a laptop without
    Secret Service) the user still learns that the file is encrypted and where the backup is."""
    import keyring

    second = tmp_path / "zweite.sqlite"
    shutil.copy2(plain_db, second)
    monkeypatch.setenv(cipher.KEY_ENV, KEY)
    base = ["--data-dir", str(paths.data_dir), "db", "encrypt", "--yes", "--remember"]
    assert main(["--db", str(plain_db), *base]) == 0
    assert "im Schlüsselbund des Systems gespeichert" in capsys.readouterr().out
    assert memory_keyring.entries == {  # type: ignore[attr-defined]
        ("beratung-sqlcipher", str(plain_db.absolute())): KEY
    }

    def no_backend(*_args: object) -> None:
        raise keyring.errors.NoKeyringError("No recommended backend was available.")

    monkeypatch.setattr(keyring, "set_password", no_backend)
    assert main(["--db", str(second), *base]) == 1
    out = capsys.readouterr()
    assert "ist jetzt verschlüsselt" in out.out
    assert "vor-verschluesselung" in out.out
    assert "nicht im Schlüsselbund gespeichert" in out.err
    assert "trotzdem verschlüsselt" in out.err
    assert "Traceback" not in out.err
    assert NAME not in second.read_bytes()


def test_cli_asks_for_the_key_on_a_terminal_until_it_fits(
    encrypted_db: Path, paths: AppPaths, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import getpass
    import sys

    typed = iter(["falsch-falsch", KEY])
    prompts: list[str] = []

    def fake_getpass(prompt: str = "") -> str:
        prompts.append(prompt)
        return next(typed)

    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    monkeypatch.setattr(getpass, "getpass", fake_getpass)
    base = ["--data-dir", str(paths.data_dir), "--db", str(encrypted_db)]
    assert main([*base, "db", "check"]) == 0
    out = capsys.readouterr()
    assert len(prompts) == 2 and str(encrypted_db) in prompts[0]
    assert "Der Schlüssel passt nicht" in out.err
    assert "Ergebnis: in Ordnung" in out.out


def test_version_says_encrypted_and_needs_the_key_for_the_schema(
    encrypted_db: Path, paths: AppPaths, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    base = ["--data-dir", str(paths.data_dir), "--db", str(encrypted_db), "--version"]
    assert main(base) == 0
    out = capsys.readouterr().out
    assert "Verschlüsselung: verschlüsselt (SQLCipher)" in out
    assert "Datenbankschema: nicht lesbar" in out and "Schlüssel" in out
    monkeypatch.setenv(cipher.KEY_ENV, KEY)
    assert main(base) == 0
    assert f"Datenbankschema: {migrate.head_revision()} (aktuell)" in capsys.readouterr().out


def test_encrypt_is_refused_while_another_program_writes(plain_db: Path, paths: AppPaths) -> None:
    before = _digest(plain_db)
    writer = sqlite3.connect(plain_db, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    try:
        opened = open_database(paths, db_path=plain_db, schema=Schema.AS_IS, read_only=True)
        try:
            with pytest.raises(DatabaseError, match="anderen Programm"):
                EncryptionService(opened.db, paths).encrypt(KEY)
        finally:
            opened.close()
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert _digest(plain_db) == before
    assert not list(plain_db.parent.glob("*.partial"))


def test_cli_restore_onto_an_encrypted_database_asks_for_the_key(
    encrypted_db: Path, paths: AppPaths, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import getpass
    import sys

    base = ["--data-dir", str(paths.data_dir), "--db", str(encrypted_db)]
    monkeypatch.setenv(cipher.KEY_ENV, KEY)
    assert main([*base, "db", "backup"]) == 0
    made = backups.backups_newest_first(paths.backup_dir)[0]
    monkeypatch.delenv(cipher.KEY_ENV)
    capsys.readouterr()
    assert main([*base, "db", "restore", str(made)]) != 0  # no terminal: the German refusal
    assert "Schlüssel" in capsys.readouterr().err
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": KEY)
    assert main([*base, "db", "restore", str(made)]) == 0
    assert "wurde zurückgespielt" in capsys.readouterr().out
    assert NAME not in encrypted_db.read_bytes()
