"""The events report (Veranstaltungsstatistik), from hand-built snapshots (no database): the
text in reading order, positions on the page, the chart's alt text, the variants (empty, many
events, odd Regierungsbezirke, a long list of regulars) and the JSON round trip."""

from __future__ import annotations

import json

import pytest
import tagged
from docpdf import find_line, font_problems, mm, open_pdf, text_lines
from event_samples import empty_period, many_events

from beratung.documents import registry
from beratung.documents.event_report import render_event_report
from beratung.documents.samples import sample_event_report
from beratung.domain.reports import (
    EventReportSnapshot,
)


@pytest.fixture(scope="module")
def sample_pdf() -> bytes:
    return render_event_report(sample_event_report())


def _texts(data: bytes, role: str | None = None) -> list[str]:
    return [
        tagged.normalise(text)
        for kind, text in tagged.reading_order(data)
        if role is None or kind == role
    ]


def test_the_report_reads_in_order(sample_pdf: bytes) -> None:
    texts = _texts(sample_pdf)
    assert texts[0] == "Veranstaltungsstatistik 2017"
    assert texts[1] == "Zeitraum: 01.01.2017 – 31.12.2017"
    assert _texts(sample_pdf, "LBody") == [
        "5 Veranstaltungen",
        "3 davon durchgeführt",
        "105 Teilnahmen",
        "87 Teilnehmende (Personen)",
        "77 erreichte Kommunen",
        "62 davon Mitglieder",
    ]
    assert _texts(sample_pdf, "H2") == [
        "Anmeldungen je Veranstaltung",
        "Erreichte Kommunen je Veranstaltung",
        "Erreichte Kommunen je Veranstaltung und Regierungsbezirk",
        "Reihen: wer wie oft kam",
    ]
    assert _texts(sample_pdf, "H3") == ["Reihe „Inklusive Quartiere“"]
    # The registrations table: column headers, then each event's row header and its numbers.
    start = texts.index("Anmeldungen je Veranstaltung") + 1
    assert texts[start : start + 7] == [
        "Veranstaltung", "Eingeladen", "Angemeldet", "Abgesagt", "Warteliste", "Teilgenommen",
        "Nicht erschienen",
    ]
    assert texts[start + 7 : start + 14] == [
        "22.03.2017 · Stuttgart · durchgeführt Werkstattgespräch Beteiligung im Quartier",
        "0", "0", "4", "0", "22", "3",
    ]
    total = texts.index("Gesamt", start)
    assert texts[total + 1 : total + 7] == ["13", "59", "29", "5", "105", "11"]
    # Series: the summary, how often, who came more than once; the notes and the date last.
    series = texts.index("Reihe „Inklusive Quartiere“")
    assert texts[series + 1] == (
        "3 Veranstaltungen im Zeitraum, davon 2 durchgeführt; 41 Personen mit 47 Teilnahmen."
    )
    assert texts[series + 2 : series + 8] == [
        "Teilgenommen an", "Personen", "1 Veranstaltung", "35", "2 Veranstaltungen", "6",
    ]
    assert "Anna Beispiel" in texts[series:] and "Carla Conrad" not in texts  # came once
    assert texts[-1] == "Erstellt am 15.01.2018"


def test_structure_and_the_chart_states_its_numbers(sample_pdf: bytes) -> None:
    found = tagged.counts(sample_pdf)
    assert (found["H1"], found["H2"], found["H3"]) == (1, 4, 1)
    assert (found["L"], found["LI"], found["LBody"]) == (1, 6, 6)
    assert found["Figure"] == 1
    assert found["Table"] == 4  # registrations, reach, how often, regulars
    [figure] = [
        e for top in tagged.structure(sample_pdf) for e in top.walk() if e.type == "Figure"
    ]
    alt = figure.alt or ""
    assert alt.startswith("Balkendiagramm der erreichten Kommunen je Veranstaltung")
    assert "22.03.2017 Werkstattgespräch Beteiligung im Quartier: 18 Kommunen, davon 16 " \
        "Mitglieder und 2 Nichtmitglieder" in alt
    assert "25.10.2017 Werkstattgespräch Inklusive Quartiere: 46 Kommunen" in alt
    assert "Netzwerktreffen" not in alt  # cancelled: not in the chart


def test_positions_are_inside_the_margins_and_numbers_right_aligned(sample_pdf: bytes) -> None:
    with open_pdf(sample_pdf) as pdf:
        assert len(pdf.pages) == 2
        for page in pdf.pages:
            for char in page.chars:
                assert mm(char["x0"]) >= 19.5 and mm(char["x1"]) <= 190.5, char["text"]
                assert mm(char["top"]) >= 8 and mm(char["bottom"]) <= 289, char["text"]
        first = pdf.pages[0]
        lines = text_lines(first)
        title = find_line(lines, "Veranstaltungsstatistik 2017")
        assert abs(mm(title["x0"]) - 20) < 0.5 and mm(title["top"]) < 35
        # The registration numbers end at the right margin, one column under its header.
        header = find_line(lines, "Veranstaltung Eingeladen")
        total = find_line(lines, "Gesamt 13 59")
        assert abs(mm(header["x1"]) - 190) < 2 and abs(mm(total["x1"]) - 190) < 2
        assert total["top"] > header["top"]
        words = first.extract_words()
        attended = next(
            w for w in words if w["text"] == "105" and abs(w["top"] - total["top"]) < 2
        )
        teil = next(w for w in words if w["text"] == "Teilgenommen")
        assert teil["x0"] <= attended["x0"] and abs(attended["x1"] - teil["x1"]) < 1


def test_deterministic_with_our_fonts_and_reprinted_from_json(sample_pdf: bytes) -> None:
    snapshot = sample_event_report()
    assert render_event_report(snapshot) == sample_pdf
    assert font_problems(sample_pdf) == []
    stored = json.loads(json.dumps(snapshot.to_dict()))
    assert stored["kind"] == "event_report"
    assert EventReportSnapshot.from_dict(stored) == snapshot
    assert registry.render_stored("event_report", stored).pdf == sample_pdf


def test_an_empty_period_says_so_on_one_page() -> None:
    empty = empty_period()
    data = render_event_report(empty)
    texts = _texts(data)
    assert "Im Zeitraum gab es keine Veranstaltungen." in texts
    assert "Figure" not in tagged.counts(data)
    with open_pdf(data) as pdf:
        assert len(pdf.pages) == 1


def test_many_events_chart_the_24_reaching_most_and_list_every_event() -> None:
    data = render_event_report(many_events(30))
    texts = _texts(data)
    assert "Erreichte Kommunen je Veranstaltung (die 24 mit den meisten)" in texts
    assert sum(1 for t in texts if t.endswith("Netzwerktreffen Nummer 30")) == 2  # both tables
    found = tagged.counts(data)
    # Every table has one header row, though the long ones continue on further pages.
    assert found["Table"] == 3 and found["TR"] == 3 + 31 + 31 + 2


def test_more_regierungsbezirke_than_columns_get_a_table_of_their_own() -> None:
    data = render_event_report(many_events(3, regions=7))
    texts = _texts(data)
    assert "Erreichte Kommunen je Veranstaltung" in _texts(data, "H2")
    assert "Erreichte Kommunen nach Regierungsbezirk" in texts
    assert "Bezirk G" in texts


def test_a_long_list_of_regulars_is_cut_and_says_where_the_rest_is() -> None:
    data = render_event_report(many_events(3, guests=20))
    texts = _texts(data)
    assert "Person 14" in texts and "Person 15" not in texts
    assert (
        "Gezeigt sind 15 von 20 Personen, die mehrmals dabei waren; alle stehen in der "
        "Excel-Ausgabe." in texts
    )
