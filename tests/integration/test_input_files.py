"""Files the user hands the program are read bounded (issue 14, defect 9): ``contacts import
/dev/zero`` grew to 24 GB before; now a device, a pipe, a folder or an oversized file is one
German sentence, before anything is read."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from beratung.cli import main
from beratung.domain.errors import UserError
from beratung.services.files import read_input_file


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = str(tmp_path / "x.sqlite")
    assert main(["--db", path, "db", "upgrade"]) == 0
    return path


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="POSIX")
def test_importing_dev_zero_is_refused_at_once(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    started = time.monotonic()
    assert main(["--db", db, "contacts", "import", "/dev/zero"]) == 1
    assert time.monotonic() - started < 10
    err = capsys.readouterr().err
    assert "keine gewöhnliche Datei" in err and "Traceback" not in err


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX")
def test_a_pipe_is_refused_without_blocking(tmp_path: Path) -> None:
    pipe = tmp_path / "rohr"
    os.mkfifo(pipe)
    with pytest.raises(UserError, match="keine gewöhnliche Datei"):
        read_input_file(pipe)


def test_an_oversized_file_is_refused_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "riesig.csv"
    with big.open("wb") as handle:
        handle.truncate(5 * 1024 * 1024)  # sparse: costs no disk
    with pytest.raises(UserError, match=r"ist 5,0 MB groß; gelesen werden Dateien bis 1,0 MB"):
        read_input_file(big, limit=1024 * 1024)
    assert read_input_file(big, limit=6 * 1024 * 1024)[:4] == b"\0\0\0\0"


def test_missing_file_and_folder_are_named(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="gibt es nicht"):
        read_input_file(tmp_path / "fehlt.csv")
    with pytest.raises(UserError, match="ist ein Ordner, keine Datei"):
        read_input_file(tmp_path)
