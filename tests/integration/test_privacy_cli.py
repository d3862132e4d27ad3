"""``beratung privacy export|erase`` through ``beratung.cli.main``: files written, what was done
printed, no question asked, and the person named by number only."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from beratung.cli import main

CSV = (
    "Anrede;Vorname;Nachname;Firma;Position;E-Mail-Adresse;Kategorien\r\n"
    "Frau;Anna;Müller;Stadt Ulm;Sozialdezernentin;anna.mueller@ulm.de;Presse\r\n"
).encode("cp1252")


@pytest.fixture
def db_path(tmp_path: Path) -> str:
    path = str(tmp_path / "cli.sqlite")
    assert main(["--db", path, "db", "upgrade"]) == 0
    source = tmp_path / "kontakte.csv"
    source.write_bytes(CSV)
    assert main(["--db", path, "contacts", "import", str(source)]) == 0
    return path


def _person_id(db_path: str, capsys: pytest.CaptureFixture[str]) -> int:
    capsys.readouterr()
    assert main(["--db", db_path, "contacts", "list", "--json"]) == 0
    return int(json.loads(capsys.readouterr().out)[0]["id"])


def test_export_then_erase(
    db_path: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    person = _person_id(db_path, capsys)
    out = tmp_path / "auskunft"
    assert main(["--db", db_path, "privacy", "export", str(person), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "auskunft.pdf" in printed and "auskunft.json" in printed
    assert "Müller" not in printed
    data = json.loads((tmp_path / "auskunft.json").read_text(encoding="utf-8"))
    assert data["person"]["email"] == "anna.mueller@ulm.de"
    assert data["references"]["distribution_list_member"]
    assert (tmp_path / "auskunft.pdf").read_bytes().startswith(b"%PDF")

    assert main(["--db", db_path, "privacy", "erase", str(person)]) == 0
    printed = capsys.readouterr().out
    assert f"Gelöschte Person #{person}" in printed and "Verteiler" in printed
    assert main(["--db", db_path, "contacts", "list", "--json"]) == 0
    assert "Müller" not in capsys.readouterr().out
    assert main(["--db", db_path, "privacy", "erase", str(person)]) == 1
    assert "bereits anonymisiert" in capsys.readouterr().err


def test_unknown_person_and_missing_folder(
    db_path: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", db_path, "privacy", "export", "999", "--out",
                 str(tmp_path / "a.pdf")]) == 1
    assert "999" in capsys.readouterr().err
    person = _person_id(db_path, capsys)
    assert main(["--db", db_path, "privacy", "export", str(person), "--out",
                 str(tmp_path / "fehlt" / "a.pdf")]) == 1
    assert "Ordner" in capsys.readouterr().err
    assert not (tmp_path / "fehlt").exists()
