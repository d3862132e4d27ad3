"""Which database the options name: one order for the engine, ``--version`` and the quick
``contacts list`` (``AppPaths.chosen_database``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from beratung.paths import DATABASE_URL_ENV, AppPaths

SERVER = "postgresql+psycopg://beraterin@server/beratung"


def test_url_beats_file_beats_environment_beats_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = AppPaths(tmp_path / "data")
    monkeypatch.delenv(DATABASE_URL_ENV, raising=False)
    assert paths.chosen_database() == paths.database_file
    monkeypatch.setenv(DATABASE_URL_ENV, SERVER)
    assert paths.chosen_database() == SERVER
    chosen = paths.chosen_database(db_path=tmp_path / "eigene.sqlite")
    assert chosen == (tmp_path / "eigene.sqlite").resolve() and isinstance(chosen, Path)
    other = "postgresql+psycopg://andere@server/beratung"
    assert paths.chosen_database(db_path=tmp_path / "eigene.sqlite", url=other) == other


def test_the_engine_follows_the_same_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from beratung.services.database import resolve_url

    paths = AppPaths(tmp_path / "data")
    monkeypatch.setenv(DATABASE_URL_ENV, SERVER)
    assert resolve_url(paths).drivername == "postgresql+psycopg"
    file_url = resolve_url(paths, db_path=tmp_path / "eigene.sqlite")
    assert file_url.database == str((tmp_path / "eigene.sqlite").resolve())
