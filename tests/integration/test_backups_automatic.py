"""Automatic backups: day/week/month rotation at start, the second folder, the backup after
many changes, a damaged database never rotating a good backup away, and restore's own backup."""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from beratung.domain.enums import OrganisationKind
from beratung.domain.errors import DatabaseError
from beratung.domain.models import Organisation
from beratung.domain.rules.backup_rotation import Rotation
from beratung.paths import AppPaths
from beratung.services import Services
from beratung.services.database import BackupOptions
from beratung.storage import backup as backups

NO_WAIT = timedelta(0)


@pytest.fixture
def running(tmp_path: Path) -> Iterator[Services]:
    services = Services.open(AppPaths(tmp_path / "data"), db_path=tmp_path / "beratung.sqlite")
    yield services
    services.close()


def add_organisation(services: Services, name: str) -> None:
    with services.db.transaction() as s:
        s.add(Organisation(kind=OrganisationKind.OTHER, name=name))


def seed_old_backups(services: Services, folder: Path, days_ago: list[int]) -> list[Path]:
    """Real backups named as if made on earlier days (the rotation reads the name)."""
    folder.mkdir(parents=True, exist_ok=True)
    template = services.database.backup(folder.parent / "vorlage.sqlite")
    made = []
    for days in days_ago:
        when = datetime.now() - timedelta(days=days)
        path = folder / f"beratung_{when:%Y-%m-%d_%H%M%S}_automatisch.sqlite"
        shutil.copyfile(template, path)
        made.append(path)
    template.unlink()
    return made


def names(folder: Path) -> set[str]:
    return {p.name for p in folder.glob("beratung_*.sqlite")}


def test_rotation_at_start_keeps_days_weeks_and_months(running: Services) -> None:
    folder = running.paths.backup_dir
    old = seed_old_backups(running, folder, [1, 2, 3, 10, 17, 40, 75, 400])
    made = running.database.automatic_backup(
        rotation=Rotation(daily=3, weekly=2, monthly=3), min_age=NO_WAIT
    )
    assert made is not None
    kept = names(folder)
    assert made.path.name in kept
    # today + the two newest earlier days; no backup of an old month survives beyond three
    # months, and the one from 400 days ago goes
    assert {old[0].name, old[1].name} <= kept
    assert old[-1].name not in kept
    assert set(made.removed) == {p for p in old if p.name not in kept}
    assert len(kept) <= 3 + 2 + 3


def test_a_damaged_database_never_rotates_a_good_backup_away(
    running: Services, tmp_path: Path
) -> None:
    second = tmp_path / "netz"
    second.mkdir()
    old = seed_old_backups(running, running.paths.backup_dir, [5, 6, 7, 8])
    mirrored = seed_old_backups(running, second, [5, 6, 7, 8])
    path = running.db.location.sqlite_path
    assert path is not None
    running.db.dispose()
    with path.open("r+b") as fh:  # a damaged page in the middle of the file
        fh.seek(2 * 4096)
        fh.write(b"\xff" * 4096)
    with pytest.raises(DatabaseError, match="beschädigt"):
        running.database.automatic_backup(
            rotation=Rotation(daily=0, weekly=0, monthly=0), second_folder=second, min_age=NO_WAIT
        )
    assert names(running.paths.backup_dir) == {p.name for p in old}
    assert names(second) == {p.name for p in mirrored}
    assert not list(running.paths.backup_dir.glob("*.partial"))


def test_each_backup_goes_to_the_second_folder_checked_and_rotated(
    running: Services, tmp_path: Path
) -> None:
    second = tmp_path / "netz" / "Beratung"
    second.mkdir(parents=True)
    old = seed_old_backups(running, second, [30, 31, 32])
    add_organisation(running, "Stadt Ulm")
    made = running.database.automatic_backup(
        rotation=Rotation(daily=2, weekly=0, monthly=0), second_folder=second, min_age=NO_WAIT
    )
    assert made is not None and made.warning is None and made.mirror is not None
    assert made.mirror == second / made.path.name
    assert made.mirror.read_bytes() == made.path.read_bytes()
    if os.name == "posix":
        assert stat.S_IMODE(made.mirror.stat().st_mode) == 0o600
    with sqlite3.connect(backups.read_only_uri(made.mirror), uri=True) as conn:
        assert conn.execute("SELECT name FROM organisation").fetchall() == [("Stadt Ulm",)]
    conn.close()
    # its own rotation: today and the newest older day stay
    assert names(second) == {made.path.name, old[0].name}
    assert not list(second.glob("*.partial"))


def test_a_missing_second_folder_is_a_warning_not_a_failed_backup(
    running: Services, tmp_path: Path
) -> None:
    unmounted = tmp_path / "nicht-verbunden" / "Sicherungen"
    made = running.database.automatic_backup(second_folder=unmounted, min_age=NO_WAIT)
    assert made is not None and made.path.is_file() and made.mirror is None
    assert made.warning is not None and "nicht erreichbar" in made.warning
    assert not unmounted.exists()  # never created: it would hide an unmounted share


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs POSIX, not root")
def test_an_unwritable_second_folder_is_a_warning(running: Services, tmp_path: Path) -> None:
    second = tmp_path / "schreibgeschuetzt"
    second.mkdir()
    second.chmod(0o500)
    try:
        made = running.database.automatic_backup(second_folder=second, min_age=NO_WAIT)
    finally:
        second.chmod(0o700)
    assert made is not None and made.path.is_file() and made.mirror is None
    assert made.warning is not None and str(second) in made.warning
    assert list(second.iterdir()) == []


def test_a_backup_follows_enough_saved_changes(running: Services) -> None:
    database = running.database
    assert database.backup_after_changes(3) is None
    add_organisation(running, "eins")
    add_organisation(running, "zwei")
    assert database.changes_since_backup() == 2
    assert database.backup_after_changes(3) is None
    add_organisation(running, "drei")
    made = database.backup_after_changes(3)
    assert made is not None and made.path.is_file()
    assert database.changes_since_backup() == 0
    with sqlite3.connect(backups.read_only_uri(made.path), uri=True) as conn:
        assert conn.execute("SELECT count(*) FROM organisation").fetchone() == (3,)
    conn.close()
    assert database.backup_after_changes(3) is None
    assert database.backup_after_changes(0) is None  # 0: only at start


def test_reads_do_not_count_as_changes(running: Services) -> None:
    before = running.database.changes_since_backup()
    running.overview.counts()
    with running.db.read():
        pass
    assert running.database.changes_since_backup() == before


def test_options_from_the_store() -> None:
    class Store:
        def __init__(self, **values: object) -> None:
            self.values = {k.replace("__", "/"): v for k, v in values.items()}

        def value(self, key: str) -> object:
            return self.values.get(key)

    assert BackupOptions.read(Store()) == BackupOptions()
    options = BackupOptions.read(
        Store(backup__daily="2", backup__weekly=-1, backup__monthly="x",
              backup__after_changes="10", backup__second_folder="  /mnt/netz  ",
              backup__automatic="false")
    )
    assert options.rotation == Rotation(daily=2, weekly=0, monthly=12)
    assert options.after_changes == 10 and not options.automatic
    assert options.second_folder == Path("/mnt/netz")


def test_restore_backs_up_the_current_state_first(running: Services) -> None:
    add_organisation(running, "vorher")
    backup = running.database.backup()
    add_organisation(running, "nur im aktuellen Stand")
    safety = running.database.restore(backup)
    assert safety is not None and "vor-restore" in safety.name
    with sqlite3.connect(backups.read_only_uri(safety), uri=True) as conn:
        rows = {r[0] for r in conn.execute("SELECT name FROM organisation")}
    conn.close()
    assert rows == {"vorher", "nur im aktuellen Stand"}


def test_a_full_second_folder_is_a_warning_and_leaves_no_partial_file(
    running: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    second = tmp_path / "voll"
    second.mkdir()

    def full(*_args: object, **_kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(backups.shutil, "copyfileobj", full)
    made = running.database.automatic_backup(second_folder=second, min_age=NO_WAIT)
    assert made is not None and made.path.is_file() and made.mirror is None
    assert made.warning is not None and "der Datenträger ist voll" in made.warning
    assert list(second.iterdir()) == []
