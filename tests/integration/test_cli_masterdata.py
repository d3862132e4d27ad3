"""``beratung masterdata``: a newer directory is applied by AGS; the advisor's data stays."""

from __future__ import annotations

from pathlib import Path

import pytest

from beratung.cli import main
from beratung.resources import resource_path


def test_update_from_a_newer_file_refreshes_population_only(
    services, database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--database-url", database_url, "masterdata", "update"]) == 0
    assert "1101 Einträge, 1101 neu" in capsys.readouterr().out
    ulm = services.masterdata.create_municipality("08421000", is_member=True)
    newer = tmp_path / "gemeinden-2026.csv"
    text = resource_path("gemeinden-bw.csv").read_text(encoding="utf-8")
    newer.write_text(
        text.replace(
            ";Ulm;Ulm;Stadtkreis;Tübingen;129882;", ";Ulm;Ulm;Stadtkreis;Tübingen;131000;"
        ),
        encoding="utf-8",
    )
    assert (
        main(
            [
                "--database-url",
                database_url,
                "masterdata",
                "update",
                str(newer),
                "--stand",
                "30.11.2026",
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "1 geändert" in out and "1 Organisationen aktualisiert" in out
    detail = services.contacts.get_organisation(ulm.id)
    assert detail.population == 131000 and detail.is_member


def test_search_prints_german_numbers(
    database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--database-url", database_url, "masterdata", "update"]) == 0
    capsys.readouterr()
    assert main(["--database-url", database_url, "masterdata", "search", "Ulm"]) == 0
    out = capsys.readouterr().out
    assert "08421000  Ulm" in out
    assert "129.882 Einwohner" in out


def test_a_broken_file_is_refused_in_german(
    database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "kaputt.csv"
    broken.write_text("ags;name\n123;Nirgendwo\n", encoding="utf-8")
    assert main(["--database-url", database_url, "masterdata", "update", str(broken)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Fehler: ") and "Traceback" not in err
