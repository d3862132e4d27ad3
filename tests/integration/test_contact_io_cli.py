"""CLI output files of the contact export (and the shared atomic writer)."""

from __future__ import annotations

from pathlib import Path

import pytest

from beratung.cli import main
from beratung.domain.errors import UserError
from beratung.services.files import write_atomically


def test_export_into_missing_folder_is_german_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "cli.sqlite")
    target = tmp_path / "fehlt" / "x.vcf"
    assert main(["--db", db, "contacts", "export", "--format", "vcf", "--out", str(target)]) == 1
    err = capsys.readouterr().err
    assert "Den Ordner" in err and "gibt es nicht" in err
    assert "No such file" not in err and "Errno" not in err
    assert not target.parent.exists()


def test_write_atomically_replaces_whole_file_or_nothing(tmp_path: Path) -> None:
    out = tmp_path / "aus"
    out.mkdir()
    target = out / "a.csv"
    write_atomically(target, b"1")
    write_atomically(target, b"2")
    assert target.read_bytes() == b"2"
    assert [p.name for p in out.iterdir()] == ["a.csv"]
    with pytest.raises(UserError, match="gibt es nicht"):
        write_atomically(tmp_path / "fehlt" / "b.csv", b"x")
    with pytest.raises(UserError, match="ist ein Ordner"):
        write_atomically(tmp_path, b"x")
    write_atomically(tmp_path / "neu" / "c.pdf", b"%PDF", create_folder=True)
    assert (tmp_path / "neu" / "c.pdf").read_bytes() == b"%PDF"
