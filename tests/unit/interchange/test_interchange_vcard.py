"""vCard: old Outlook 2.1, 3.0 and 4.0 cards in one file, one of them broken; 3.0 out."""

from __future__ import annotations

import warnings
from dataclasses import replace
from pathlib import Path

import pytest

from beratung.domain.errors import ValidationError
from beratung.interchange import ContactRecord, detect_format, read_vcards, write_vcards
from beratung.interchange.vcard_io import fold_line

DATA = Path(__file__).resolve().parents[2] / "data"


def test_mixed_file_reads_every_good_card_and_reports_the_broken_ones() -> None:
    path = DATA / "kontakte_gemischt.vcf"
    data = path.read_bytes()
    assert detect_format(path.name, data) == "vcf"
    batch = read_vcards(data, filename=path.name)
    assert [r.source_row for r in batch.records] == [1, 2, 3, 5]
    outlook, apple, v4, staedtetag = batch.records

    # 2.1 from old Outlook: quoted-printable, CHARSET=Windows-1252, soft line break, bare types
    assert (outlook.anrede, outlook.vorname, outlook.nachname) == ("Herr", "Jürgen", "Müller")
    assert outlook.organisation == "Stadt Schwäbisch Hall"
    assert outlook.abteilung == "Fachbereich Soziales"
    assert outlook.funktion == "Bürgermeister"
    assert (outlook.strasse, outlook.plz, outlook.ort) == ("Am Markt 6", "74523",
                                                           "Schwäbisch Hall")  # WORK over HOME
    assert (outlook.telefon, outlook.mobil, outlook.fax) == ("0791 751-0", "0171 7654321",
                                                             "0791 751-375")
    assert outlook.notizen == (
        "Erstes Gespräch am 12.09.2017 – sehr interessiert.\n"
        "Zweite Zeile der Notiz „mit Anführungszeichen“."
    )
    assert outlook.email == "juergen.mueller@schwaebischhall.de"

    # 3.0 (Apple): folded line, escaped comma, grouped property, work address preferred
    assert (apple.titel, apple.vorname, apple.nachname) == ("Dr.", "Sabine", "Weiß")
    assert apple.abteilung == "Amt für Soziales, Jugend und Familie"
    assert apple.notizen == ("Interesse an Vernetzung mit anderen Landkreisen, v.a. zum Thema "
                             "„barrierefreie Quartiere“.\nRückruf bis Freitag.\n"
                             "Geburtstag: 1970-01-01")
    assert apple.email == "sabine.weiss@lrakn.de"
    assert apple.telefon == "07531 800-1234"
    assert apple.plz == "78467"
    assert apple.verteiler == "Inklusive Quartiere;Landkreise"

    # 4.0: tel: URIs, quoted TYPE lists, GENDER, ROLE
    assert (v4.anrede, v4.titel, v4.vorname, v4.nachname) == ("Herr", "Prof. Dr.", "Hans-Peter",
                                                              "von der Heide")
    assert (v4.telefon, v4.mobil) == ("+49-711-397-0", "+49-160-1112223")
    assert v4.funktion == "Wissenschaftliche Begleitung"
    assert v4.ort == "Esslingen am Neckar"

    assert staedtetag.nachname is None and staedtetag.organisation == "Städtetag Baden-Württemberg"

    card_problems = [p for p in batch.problems if p.row >= 4]
    assert [(p.row, p.severity) for p in card_problems] == [
        (4, "error"), (5, "warning"), (6, "error")
    ]
    broken = card_problems[0].message
    assert "Karte 4" in broken and "Karl Kaputt" in broken and "END:VCARD" in broken
    assert "keinen Doppelpunkt" in card_problems[1].message
    assert "keine verwertbaren Angaben" in card_problems[2].message
    # Nothing silently dropped: what has no field is named for the file.
    left_out = {p.message for p in batch.problems if p.row == 0}
    assert "nicht übernommen: Eigenschaft PHOTO (1 Wert) – dafür gibt es kein Feld." in left_out
    assert any("X-UNKNOWN-FIELD" in m for m in left_out)


def test_windows_1252_file_with_raw_umlauts() -> None:
    card = "BEGIN:VCARD\r\nVERSION:2.1\r\nN:Müller;Jürgen\r\nORG:Gemeinde Öhningen\r\nEND:VCARD\r\n"
    batch = read_vcards(card.encode("cp1252"), filename="alt.vcf")
    assert batch.encoding == "Windows-1252"
    assert (batch.records[0].nachname, batch.records[0].organisation) == ("Müller",
                                                                          "Gemeinde Öhningen")


def test_card_without_n_uses_fn() -> None:
    card = b"BEGIN:VCARD\nVERSION:3.0\nFN:Frau Dr. Anna Beispiel\nEND:VCARD\n"
    [record] = read_vcards(card, filename="fn.vcf").records
    assert (record.anrede, record.titel, record.vorname, record.nachname) == (
        "Frau", "Dr.", "Anna", "Beispiel")


@pytest.mark.parametrize(
    ("data", "expected"),
    [(b"", "ist leer"), (b"Vorname;Nachname\r\nA;B\r\n", "keine vCard"),
     (b"\x00\x01\x02\x03" * 100, "Binärdaten")],
)
def test_unusable_files_are_refused(data: bytes, expected: str) -> None:
    with pytest.raises(ValidationError) as caught:
        read_vcards(data, filename="k.vcf")
    assert expected in str(caught.value) and "„k.vcf“" in str(caught.value)


def test_written_cards_follow_rfc_2426_and_fold_at_75_octets() -> None:
    record = ContactRecord(
        source_row=1, anrede="Frau", titel="Dr.", vorname="Anna", nachname="Beispiel",
        organisation="Stadt Ulm", abteilung="Soziales; Jugend", funktion="Dezernentin",
        strasse="Marktplatz 1", plz="89073", ort="Ulm", land="Deutschland",
        email="a.beispiel@ulm.de", telefon="0731 161-0", mobil="0170 1", fax="0731 161-9",
        webseite="https://www.ulm.de",
        notizen=("Zeile 1\nÄußerst wichtig, bitte; danke\\ " * 4).strip(),
        verteiler="Presse;Inklusive Quartiere, Ulm",
    )
    data = write_vcards([record, record])
    assert data.count(b"BEGIN:VCARD\r\nVERSION:3.0\r\n") == 2
    lines = data.split(b"\r\n")
    assert all(len(line) <= 75 for line in lines)
    assert b"\n" not in data.replace(b"\r\n", b"")
    text = data.decode("utf-8").replace("\r\n ", "")
    assert "N:Beispiel;Anna;;Frau Dr.;" in text
    assert "ORG:Stadt Ulm;Soziales\\; Jugend" in text
    assert "ADR;TYPE=WORK:;;Marktplatz 1;Ulm;;89073;Deutschland" in text
    assert "TEL;TYPE=WORK,VOICE:0731 161-0" in text
    assert "EMAIL;TYPE=INTERNET,WORK:a.beispiel@ulm.de" in text
    assert "CATEGORIES:Presse,Inklusive Quartiere\\, Ulm" in text
    assert "NOTE:Zeile 1\\nÄußerst wichtig\\, bitte\\; danke\\\\" in text
    assert read_vcards(data, filename="x.vcf").records == [record, replace(record, source_row=2)]


def test_folding_never_splits_a_multibyte_character() -> None:
    folded = fold_line("NOTE:" + "ä" * 100)
    for line in folded.encode("utf-8").split(b"\r\n"):
        assert len(line) <= 75
        line.decode("utf-8")  # each physical line is valid UTF-8 on its own
    assert folded.replace("\r\n ", "") == "NOTE:" + "ä" * 100


def test_written_cards_are_read_by_vobject_like_other_address_books() -> None:
    """vobject stands in for Thunderbird/Outlook: the output must parse as standard vCard."""
    import vobject

    record = ContactRecord(source_row=1, anrede="Herr", vorname="Jürgen", nachname="Müller",
                           organisation="Stadt Ulm", email="j@ulm.de", notizen="a,b;c\nd",
                           verteiler="Presse;Netzwerk")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        cards = list(vobject.readComponents(write_vcards([record, record]).decode("utf-8")))
    assert len(cards) == 2
    card = cards[0]
    assert card.n.value.family == "Müller" and card.n.value.given == "Jürgen"
    assert card.fn.value == "Jürgen Müller"
    assert card.org.value == ["Stadt Ulm"]
    assert card.note.value == "a,b;c\nd"
    assert card.categories.value == ["Presse", "Netzwerk"]
