"""A CSV pasted together from UTF-8 and Windows-1252 lines keeps its umlauts and says so
(issue 14, defect 6): before, the whole file was read as Windows-1252 and "Jürgen" became
"JÃ¼rgen" without a word."""

from __future__ import annotations

from beratung.interchange.csv_io import read_csv


def test_each_line_in_its_own_encoding_with_a_warning() -> None:
    data = (
        b"Vorname;Nachname;Ort\r\n"
        + "Jürgen;Müller;Ulm\r\n".encode()
        + "Bärbel;Schäfer;Köln\r\n".encode("cp1252")
        + "Ölaf;Weiß;Öhringen\r\n".encode()
    )
    table = read_csv(data, filename="zusammenkopiert.csv")
    assert table.rows == [
        ["Jürgen", "Müller", "Ulm"],
        ["Bärbel", "Schäfer", "Köln"],
        ["Ölaf", "Weiß", "Öhringen"],
    ]
    assert table.encoding is not None and table.encoding.startswith("gemischt")
    assert "Zeile 3 Windows-1252" in table.encoding
    warnings = [p.message for p in table.problems if p.severity == "warning"]
    assert any("mischt zwei Zeichenkodierungen" in message for message in warnings)


def test_a_plain_windows_file_stays_windows_without_a_warning() -> None:
    data = "Vorname;Nachname\r\nBärbel;Schäfer\r\n".encode("cp1252")
    table = read_csv(data, filename="alt.csv")
    assert table.encoding == "Windows-1252"
    assert table.rows == [["Bärbel", "Schäfer"]]
    assert not any("mischt" in p.message for p in table.problems)
