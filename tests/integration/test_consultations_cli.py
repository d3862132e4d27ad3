"""``beratung consultations list`` and ``beratung report consultations`` (cli.md contract)."""

from __future__ import annotations

import io
import json
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import openpyxl
import pdfplumber
import pytest

from beratung.cli import main
from beratung.domain.contacts import Organisation
from beratung.domain.enums import ConsultationMode, OrganisationKind
from beratung.services.consultations import ConsultationDraft
from beratung.services.programmes import ProgrammeDraft

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def cli_db(services: Any, database_url: str) -> list[str]:
    with services.db.transaction() as s:
        ulm = Organisation(
            kind=OrganisationKind.MUNICIPALITY,
            name="Stadt Ulm",
            is_member=True,
            kreis="Ulm",
            kreis_typ="Stadtkreis",
            regierungsbezirk="Tübingen",
        )
        s.add(ulm)
        s.flush()
        ulm_id = ulm.id
    q = services.programmes.create_programme(
        ProgrammeDraft(name="Quartier 2020", starts_on=date(2017, 3, 1), deadline=date(2017, 7, 31))
    )
    for day, programme, summary in [
        (date(2017, 5, 12), q.id, "Förderung des Quartiers besprochen"),
        (date(2017, 10, 25), None, "Werkstattgespräch vorbereitet"),
    ]:
        services.consultations.create_consultation(
            ConsultationDraft(
                occurred_at=datetime(day.year, day.month, day.day, 10, tzinfo=BERLIN),
                mode=ConsultationMode.PHONE,
                organisation_id=ulm_id,
                programme_id=programme,
                summary=summary,
                new_topic_names=("Quartiersentwicklung",),
            )
        )
    return ["--database-url", database_url]


def test_consultations_list_json_and_filters(
    cli_db: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([*cli_db, "consultations", "list", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["date"] for r in rows] == ["2017-10-25", "2017-05-12"]
    assert rows[1]["programme"] == "Quartier 2020"
    assert rows[1]["topics"] == ["Quartiersentwicklung"]
    assert rows[1]["mode"] == "phone"

    assert main([*cli_db, "consultations", "list", "--json", "--programme", "quartier"]) == 0
    assert [r["date"] for r in json.loads(capsys.readouterr().out)] == ["2017-05-12"]
    assert (
        main(
            [
                *cli_db,
                "consultations",
                "list",
                "--json",
                "--from",
                "25.10.2017",
                "--to",
                "25.10.2017",
            ]
        )
        == 0
    )
    assert [r["date"] for r in json.loads(capsys.readouterr().out)] == ["2017-10-25"]
    assert main([*cli_db, "consultations", "list", "--json", "--search", "forderung"]) == 0
    assert [r["date"] for r in json.loads(capsys.readouterr().out)] == ["2017-05-12"]

    assert main([*cli_db, "consultations", "list"]) == 0
    out = capsys.readouterr().out
    assert "12.05.2017 10:00  Telefon" in out and "2 Beratungen." in out


def test_consultations_list_errors_are_german(
    cli_db: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([*cli_db, "consultations", "list", "--from", "32.10.2017"]) == 1
    assert "„32.10.2017“" in capsys.readouterr().err
    assert main([*cli_db, "consultations", "list", "--programme", "Zukunft"]) == 1
    assert "Programm „Zukunft“ gibt es nicht" in capsys.readouterr().err
    assert (
        main([*cli_db, "consultations", "list", "--from", "31.12.2017", "--to", "01.01.2017"]) == 1
    )
    assert "liegt vor" in capsys.readouterr().err


def test_report_consultations_pdf_xlsx_csv(
    cli_db: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pdf = tmp_path / "statistik.pdf"
    assert (
        main(
            [
                *cli_db,
                "report",
                "consultations",
                "--out",
                str(pdf),
                "--from",
                "01.01.2017",
                "--to",
                "31.12.2017",
            ]
        )
        == 0
    )
    assert "geschrieben" in capsys.readouterr().out
    with pdfplumber.open(pdf) as document:
        text = document.pages[0].extract_text()
    assert "Beratungsstatistik 2017" in text
    assert "Mai" in text and "Okt" in text

    xlsx = tmp_path / "statistik.xlsx"
    assert (
        main(
            [*cli_db, "report", "consultations", "--out", str(xlsx), "--programme", "Quartier 2020"]
        )
        == 0
    )
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.read_bytes())).active
    values = [[c.value for c in r] for r in sheet.iter_rows()]
    # A programme without dates: its application phase (01.03.–31.07.2017).
    assert ["Gesamt", "Gesamt", 1, 1, 1, 0, 0] in values

    csv_file = tmp_path / "statistik.txt"
    assert (
        main(
            [
                *cli_db,
                "report",
                "consultations",
                "--out",
                str(csv_file),
                "--format",
                "csv",
                "--from",
                "01.01.2017",
                "--to",
                "31.12.2017",
            ]
        )
        == 0
    )
    assert b"Quartiersentwicklung" in csv_file.read_bytes()

    assert (
        main([*cli_db, "report", "consultations", "--out", str(tmp_path / "fehlt" / "x.pdf")]) == 1
    )
    assert "gibt es nicht" in capsys.readouterr().err
