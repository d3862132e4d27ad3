"""``beratung contacts list|import|export`` through ``beratung.cli.main``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from beratung.cli import main

CSV = (
    "Anrede;Vorname;Nachname;Firma;Position;E-Mail-Adresse;Kategorien\r\n"
    "Frau;Anna;Müller;Stadt Ulm;Sozialdezernentin;anna.mueller@ulm.de;Presse\r\n"
    "Herr;Jan;Weber;Netzwerk Inklusion;Vorsitzender;jan@netzwerk.de;\r\n"
).encode("cp1252")
BAD = CSV + "Frau;Eva;Falsch;;;eva@;\r\n".encode("cp1252")


@pytest.fixture
def db_path(tmp_path: Path) -> str:
    """A new, empty database, made on purpose (a missing ``--db`` file is refused)."""
    path = str(tmp_path / "cli.sqlite")
    assert main(["--db", path, "db", "upgrade"]) == 0
    return path


def test_import_list_export(
    db_path: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "kontakte.csv"
    source.write_bytes(BAD)
    assert main(["--db", db_path, "contacts", "import", str(source), "--dry-run"]) == 1
    out = capsys.readouterr().out
    assert "abgelehnt" in out and "Zeile 4" in out and "nichts gespeichert" in out
    assert main(["--db", db_path, "contacts", "import", str(source)]) == 1
    assert "nichts gespeichert" in capsys.readouterr().err
    assert main(["--db", db_path, "contacts", "list", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []

    source.write_bytes(CSV)
    assert main(["--db", db_path, "contacts", "import", str(source)]) == 0
    assert "Import gespeichert" in capsys.readouterr().out
    assert main(["--db", db_path, "contacts", "list", "--search", "muller"]) == 0
    out = capsys.readouterr().out
    assert "Müller, Anna" in out and "Weber" not in out
    assert main(["--db", db_path, "contacts", "list", "--json", "--list", "Presse"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["nachname"], r["organisation"]) for r in rows] == [("Müller", "Stadt Ulm")]
    assert isinstance(rows[0]["id"], int)

    out_file = tmp_path / "export.vcf"
    assert (
        main(["--db", db_path, "contacts", "export", "--format", "vcf", "--out", str(out_file)])
        == 0
    )
    assert out_file.read_bytes().count(b"BEGIN:VCARD") == 2
    assert main(["--db", db_path, "contacts", "import", str(out_file), "--dry-run"]) == 0
    assert "2 unverändert" in capsys.readouterr().out


def test_bad_file_is_one_german_sentence(
    db_path: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "kaputt.xlsx"
    bad.write_bytes(b"%PDF-1.4 nonsense")
    assert main(["--db", db_path, "contacts", "import", str(bad)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Fehler: ") and "PDF" in err
    assert main(["--db", db_path, "contacts", "import", str(tmp_path / "fehlt.csv")]) == 1
    assert "gibt es nicht" in capsys.readouterr().err
    assert main(["--db", db_path, "contacts", "list", "--list", "Unbekannt"]) == 1
    assert "Verteiler" in capsys.readouterr().err
