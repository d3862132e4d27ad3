"""The sign-in list, the attendance certificates and the needs summary (issue 12) from
hand-built snapshots: reading order, the header row on every page, positions in mm against
``documents.md``, the certificate's sentence, the JSON round trip, veraPDF."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest
import tagged
from docpdf import find_line, font_problems, mm, open_pdf, text_lines

from beratung.documents import registry
from beratung.documents.event_list_samples import (
    sample_certificates,
    sample_needs_summary,
    sample_sign_in_list,
)
from beratung.domain.errors import ValidationError
from beratung.domain.event_lists import (
    AttendanceCertificatesSnapshot,
    NeedsSummarySnapshot,
    SignInListSnapshot,
)

ALL_COLUMNS = ("nr", "name", "vorname", "titel", "kommune", "funktion", "begleitung",
               "unterschrift")


def _texts(data: bytes, role: str | None = None) -> list[str]:
    return [tagged.normalise(text) for kind, text in tagged.reading_order(data)
            if role is None or kind == role]


@pytest.fixture(scope="module")
def long_list() -> bytes:
    return registry.render(sample_sign_in_list(rows=40, blank_rows=6)).pdf


@pytest.fixture(scope="module")
def certificates() -> bytes:
    return registry.render(sample_certificates(3)).pdf


# --- sign-in list -----------------------------------------------------------------------------


def test_sign_in_list_reads_heading_event_then_the_table(long_list: bytes) -> None:
    texts = _texts(long_list)
    assert texts[:6] == [
        "Teilnehmerliste",
        "Werkstattgespräch Inklusive Quartiere",
        "Termin: Mittwoch, 25. Oktober 2017, 10:00–16:00 Uhr",
        "Ort: Haus der Begegnung, Großer Saal, Grüner Hof 7, 89073 Ulm",
        "Veranstalter: Städtetag Baden-Württemberg, Fachberatung Inklusion",
        "40 angemeldete Personen, sortiert nach Name; 6 freie Zeilen für Nachmeldungen.",
    ]
    assert _texts(long_list, "TH") == ["Nr.", "Name", "Vorname", "Kommune/Institution",
                                       "Unterschrift"]
    first = texts.index("Unterschrift") + 1
    assert texts[first : first + 5] == ["1", "Albrecht", "Michael", "Stadt Freiburg im Breisgau",
                                        ""]
    # The data-protection note is read once, at the end.
    assert texts[-1].startswith("Datenschutz: Die Liste dient dem Nachweis der Teilnahme")
    assert sum(t.startswith("Datenschutz:") for t in texts) == 1
    found = tagged.counts(long_list)
    assert found["Table"] == 1 and found["TR"] == 1 + 40 + 6 and found["TH"] == 5


def test_the_header_row_and_the_note_are_on_every_page(long_list: bytes) -> None:
    with open_pdf(long_list) as pdf:
        assert len(pdf.pages) >= 3
        tops = []
        for number, page in enumerate(pdf.pages, start=1):
            lines = text_lines(page)
            header = find_line(lines, "Nr. Name Vorname Kommune/Institution Unterschrift")
            tops.append(mm(header["top"]))
            assert find_line(lines, "Datenschutz:")
            assert find_line(lines, f"Seite {number} von {len(pdf.pages)}")
            if number > 1:
                assert find_line(lines, "Teilnehmerliste Werkstattgespräch Inklusive "
                                 "Quartiere · 25.10.2017")
            for char in page.chars:
                assert mm(char["x0"]) >= 19.5 and mm(char["x1"]) <= 195.5, char["text"]
        # Page 1 has the event above the table; later pages start right below the head.
        assert tops[0] > 40 and all(17 <= top < 25 for top in tops[1:])
        # The blank rows continue the numbering.
        last = pdf.pages[-1]
        words = [w["text"] for w in last.extract_words()]
        assert "46" in words and "47" not in words


def test_rows_leave_room_to_sign_and_columns_follow_the_choice() -> None:
    data = registry.render(sample_sign_in_list(columns=("nr", "name", "unterschrift"),
                                               blank_rows=0)).pdf
    with open_pdf(data) as pdf:
        page = pdf.pages[0]
        lines = text_lines(page)
        one = find_line(lines, "1 Albrecht")
        two = find_line(lines, "2 Arnold")
        assert mm(two["top"] - one["top"]) >= 11 - 0.1  # documents.md: room to sign
    assert _texts(data, "TH") == ["Nr.", "Name", "Unterschrift"]


def test_landscape_is_wider_with_every_column() -> None:
    data = registry.render(sample_sign_in_list(columns=ALL_COLUMNS, landscape=True)).pdf
    with open_pdf(data) as pdf:
        page = pdf.pages[0]
        assert round(mm(page.width)) == 297 and round(mm(page.height)) == 210
        header = find_line(text_lines(page, 0, 0, 297, 210), "Nr. Name Vorname Titel")
        assert header["text"].endswith("Begleitung Unterschrift")
        assert mm(header["x1"]) < 282
    assert "Prof. Dr." in _texts(data, "TD")


def test_sign_in_list_round_trip_and_bad_columns() -> None:
    snapshot = sample_sign_in_list(landscape=True)
    stored = json.loads(json.dumps(snapshot.to_dict()))
    assert stored["kind"] == "sign_in_list"
    assert SignInListSnapshot.from_dict(stored) == snapshot
    assert registry.render_stored("sign_in_list", stored).pdf == registry.render(snapshot).pdf
    with pytest.raises(ValueError):
        dataclasses.replace(snapshot, columns=("nr", "telefon"))


# --- certificates -----------------------------------------------------------------------------


def test_a_certificate_per_page_in_the_din_letter_positions(certificates: bytes) -> None:
    with open_pdf(certificates) as pdf:
        assert len(pdf.pages) == 3
        for page in pdf.pages:
            lines = text_lines(page)
            # The address: Anschriftzone of Form B at 62.7 mm, text at x 25 mm; no return line.
            address = text_lines(page, 20, 45, 105, 90)
            assert abs(mm(address[0]["top"]) - 62.7) < 0.3
            assert abs(mm(address[0]["x0"]) - 25) < 0.3
            assert not any("Königstraße" in line["text"] for line in address)
            # The information block at x 125 mm from 50 mm.
            info = find_line(text_lines(page, 124, 45, 210, 90), "Name")
            assert abs(mm(info["x0"]) - 125) < 0.3 and abs(mm(info["top"]) - 50) < 0.5
            title = find_line(lines, "Teilnahmebescheinigung")
            assert mm(title["top"]) > 90 and abs(mm(title["x0"]) - 25) < 0.3
            assert find_line(lines, "Stuttgart, 26.10.2017")
            signatory = find_line(lines, "Benjamin Lachat")
            assert mm(signatory["bottom"]) <= 257
            assert not any(line["text"].startswith("Seite") for line in lines)
            # Fold marks at 105 and 210 mm, punch mark at 148.5 mm.
            marks = sorted(round(mm(page.height - ln["y0"]), 1) for ln in page.lines
                           if mm(ln["x0"]) < 10)
            assert marks == [105.0, 148.5, 210.0]


def test_certificate_text_in_reading_order(certificates: bytes) -> None:
    texts = _texts(certificates)
    assert _texts(certificates, "H1") == ["Teilnahmebescheinigung"] * 3
    start = texts.index("Teilnahmebescheinigung")
    assert texts[start + 1] == (
        "Herr Michael Albrecht, Stadt Freiburg im Breisgau, hat am Mittwoch, 25. Oktober 2017, "
        "in Ulm am Werkstattgespräch „Inklusive Quartiere“ teilgenommen (10:00–16:00 Uhr, "
        "5 Zeitstunden)."
    )
    assert texts[start + 2] == "Themen der Veranstaltung:"
    assert _texts(certificates, "LBody")[:2] == [
        "– Grußwort: „Quartier 2020“ nach dem Bewerbungsschluss",
        "– Impulsvortrag: Inklusive Quartiere – was Kommunen voneinander lernen können",
    ]
    assert "Prof. Dr. Miriam Bader" in " ".join(texts)
    found = tagged.counts(certificates)
    assert found["H1"] == 3 and found["L"] == 3 and found["Table"] == 3


def test_certificates_round_trip_and_nobody_attended() -> None:
    snapshot = sample_certificates(2)
    stored = json.loads(json.dumps(snapshot.to_dict()))
    assert AttendanceCertificatesSnapshot.from_dict(stored) == snapshot
    assert (registry.render_stored("attendance_certificates", stored).pdf
            == registry.render(snapshot).pdf)
    with pytest.raises(ValidationError, match="teilgenommen"):
        registry.render(dataclasses.replace(snapshot, certificates=()))


# --- needs summary ----------------------------------------------------------------------------


def test_needs_summary_counts_without_names_and_says_the_deletion_date() -> None:
    data = registry.render(sample_needs_summary()).pdf
    texts = _texts(data)
    assert _texts(data, "LBody")[:4] == [
        "2 × Gebärdensprachdolmetschung", "1 × Induktionsschleife", "1 × Rollstuhlplatz",
        "2 × Ernährung",
    ]
    assert "Erwartet: 56 Plätze (Angemeldete mit Begleitpersonen)" in texts
    assert any("am 22.11.2017 gelöscht" in t for t in texts)
    assert "Beispiel" not in " ".join(texts) and "Table" not in tagged.counts(data)


def test_named_needs_list_names_who_needs_what() -> None:
    snapshot = sample_needs_summary(named=True)
    data = registry.render(snapshot).pdf
    texts = _texts(data)
    assert texts[0] == "Bedarfsliste mit Namen"
    assert _texts(data, "TH")[4:] == ["Dr. Anna Beispiel", "Jonas von Bülow"]
    assert "Gebärdensprachdolmetschung Ernährung: glutenfrei" in texts
    assert any("Gesundheitsdaten (Art. 9 DSGVO)" in t and "22.11.2017" in t for t in texts)
    stored = json.loads(json.dumps(snapshot.to_dict()))
    assert NeedsSummarySnapshot.from_dict(stored) == snapshot
    assert registry.render_stored("needs_summary", stored).pdf == data


def test_fonts_labels_and_verapdf(verapdf_checker: Any, tmp_path: Path) -> None:
    documents = {
        "list": registry.render(sample_sign_in_list(rows=40, blank_rows=6)).pdf,
        "list-landscape": registry.render(sample_sign_in_list(columns=ALL_COLUMNS,
                                                              landscape=True)).pdf,
        "certificates": registry.render(sample_certificates(3)).pdf,
        "needs": registry.render(sample_needs_summary()).pdf,
        "needs-named": registry.render(sample_needs_summary(named=True)).pdf,
    }
    paths = []
    for name, data in documents.items():
        assert font_problems(data) == [], name
        assert tagged.unmarked_painting(data) == [], name
        path = tmp_path / f"{name}.pdf"
        path.write_bytes(data)
        paths.append(path)
    results = verapdf_checker.validate(paths, profiles=("ua1", "2a"))
    assert [r.summary() for r in results if not r.compliant] == []
    assert len(results) == 2 * len(paths)
    labels = {kind: registry.document_type(kind).label
              for kind in ("sign_in_list", "attendance_certificates", "needs_summary")}
    assert labels == {"sign_in_list": "Teilnehmerliste",
                      "attendance_certificates": "Teilnahmebescheinigung",
                      "needs_summary": "Bedarfsübersicht"}
