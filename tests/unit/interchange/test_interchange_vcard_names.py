"""vCards without a family name (issue 13, defect 2): Android writes ``N:;Mama;;;`` with
``FN:Mama``, KDE cards may hold only an e-mail address. The display name, else the given name,
else the e-mail address becomes the name, with a warning naming the card."""

from __future__ import annotations

from pathlib import Path

from beratung.interchange import read_vcards

DATA = Path(__file__).resolve().parents[2] / "data"


def _card(*lines: str) -> bytes:
    return ("\r\n".join(["BEGIN:VCARD", "VERSION:3.0", *lines, "END:VCARD"]) + "\r\n").encode()


def test_display_name_when_the_family_name_is_empty() -> None:
    batch = read_vcards(_card("N:;Mama;;;", "FN:Mama", "TEL;TYPE=CELL:0171 1"), filename="a.vcf")
    (record,) = batch.records
    assert (record.vorname, record.nachname) == (None, "Mama")
    (problem,) = batch.problems
    assert problem.severity == "warning" and problem.row == 1
    assert problem.message.startswith("Karte 1:") and "„Mama“" in problem.message
    assert "Anzeigenamen (FN)" in problem.message


def test_given_name_without_display_name() -> None:
    batch = read_vcards(_card("N:;Jürgen;;;", "TEL:07071 1"), filename="a.vcf")
    assert batch.records[0].nachname == "Jürgen"
    assert "aus dem Vornamen" in batch.problems[0].message


def test_display_name_of_two_words_is_split() -> None:
    batch = read_vcards(_card("N:;;;;", "FN:Erika Muster"), filename="a.vcf")
    assert (batch.records[0].vorname, batch.records[0].nachname) == ("Erika", "Muster")
    assert batch.problems[0].row == 1


def test_email_address_as_the_last_resort() -> None:
    batch = read_vcards(_card("EMAIL:hausmeister@example.org"), filename="a.vcf")
    assert batch.records[0].nachname == "hausmeister@example.org"
    assert "aus der E-Mail-Adresse" in batch.problems[0].message


def test_cards_with_a_family_name_or_an_organisation_are_unchanged() -> None:
    batch = read_vcards(
        _card("N:Keller;Martin;;;", "FN:Martin Keller") + _card("ORG:Stadt Ulm", "FN:Stadt Ulm"),
        filename="a.vcf",
    )
    assert [r.nachname for r in batch.records] == ["Keller", None]
    assert batch.records[1].organisation == "Stadt Ulm" and not batch.problems


def test_android_and_kde_fixtures() -> None:
    android = read_vcards((DATA / "android_ohne_nachname.vcf").read_bytes(), filename="a.vcf")
    assert [r.nachname for r in android.records] == [
        "Mama", "Schneider", "hausmeister.sued@example.org", None, "Jürgen",
    ]
    assert sorted(p.row for p in android.problems) == [1, 3, 5]
    kde = read_vcards((DATA / "kde_ohne_nachname.vcf").read_bytes(), filename="k.vcf")
    assert [r.nachname for r in kde.records] == [
        "Oma Hilde", "Keller", "info@nachbarschaftshilfe-example.de",
    ]
