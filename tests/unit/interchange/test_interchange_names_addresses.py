"""Issue 13, defects 4–7: name suffixes are not titles, a TITLE without ORG and a second
address are not lost silently, address parts come from one Outlook block, system groups are no
distribution lists. Fixtures follow the exporters' documented headers (vCard 3.0/4.0 per RFC
2426/6350, Outlook's English and German CSV headers, Google's "Labels")."""

from __future__ import annotations

from pathlib import Path

import pytest

from beratung.interchange import (
    ContactRecord,
    RowProblem,
    map_rows,
    read_csv,
    read_vcards,
    suggest_mapping,
)
from beratung.interchange.groups import is_system_group, split_groups
from beratung.interchange.mapping import split_name_suffix

DATA = Path(__file__).resolve().parents[2] / "data"


def _cards() -> tuple[list[ContactRecord], list[RowProblem]]:
    batch = read_vcards((DATA / "vcard_namen_titel_adressen.vcf").read_bytes(), filename="a.vcf")
    return batch.records, batch.problems


@pytest.mark.parametrize(
    ("suffix", "parts"),
    [("Jr.", (None, "Jr.")), ("MdL", (None, "MdL")), ("Sr.", (None, "Sr.")),
     ("III", (None, "III")), ("MdB", (None, "MdB")), ("Ph.D.", (None, "Ph.D.")),
     ("Ph.D., III", (None, "Ph.D. III")), ("Dr. MdL", ("Dr.", "MdL")), ("", (None, None))],
)
def test_suffix_split(suffix: str, parts: tuple[str | None, str | None]) -> None:
    assert split_name_suffix(suffix) == parts


def test_vcard_suffix_is_not_a_title_and_mr_is_the_salutation() -> None:
    (michael, hans, eva, john), _ = _cards()
    assert (michael.anrede, michael.titel, michael.vorname) == ("Mr.", None, "Michael")
    assert "Namenszusatz: Jr." in (michael.notizen or "")
    assert (hans.titel, hans.nachname) == ("Dr.", "Müller")
    assert "Namenszusatz: MdL" in (hans.notizen or "")
    assert (eva.anrede, eva.titel) == ("Frau", "Prof. Dr.")
    assert john.titel is None and "Namenszusatz: Ph.D. III" in (john.notizen or "")


def test_vcard_extended_address_goes_to_the_notes_not_the_street() -> None:
    (michael, *_), problems = _cards()
    assert michael.strasse == "222 Broadway"
    assert "Adresszusatz: TheOffice" in (michael.notizen or "")
    hint = [p.message for p in problems if p.row == 1 and p.field == "strasse"]
    assert hint == ["Karte 1: Es gibt eine Geschäfts- und eine Privatadresse; übernommen wird "
                    "die Geschäftsadresse, die Privatadresse („12 Elm Street, Brooklyn, NY, "
                    "11201, USA“) nicht."]


def test_vcard_title_without_org_is_kept_for_the_person() -> None:
    (_, hans, eva, _), _ = _cards()
    assert hans.organisation is None and hans.funktion == "Landtagsabgeordneter"
    assert hans.address_is_private and hans.strasse == "Schlossplatz 1"
    assert eva.funktion == "Fachärztin für Allgemeinmedizin"


def test_vcard_system_groups_are_no_lists() -> None:
    (_, hans, _, john), problems = _cards()
    assert hans.verteiler == "Landtag" and john.verteiler == "Wissenschaft"
    (note,) = [p.message for p in problems if p.field == "verteiler"]
    assert note == ("Systemgruppen des Adressbuchs werden nicht als Verteiler übernommen: "
                    "„My Contacts“ (1 Karte), „Starred in Android“ (1 Karte), „* starred“ "
                    "(1 Karte).")


def test_second_phone_of_a_card_is_named() -> None:
    _, problems = _cards()
    assert any(p.row == 2 and "„keine Angabe“ wird nicht übernommen" in p.message
               for p in problems)


@pytest.mark.parametrize(
    "name", ["* myContacts", "* starred", "* friends", "My Contacts", "Starred in Android",
             "myContacts", "Imported on 3/12"],
)
def test_system_groups(name: str) -> None:
    assert is_system_group(name)


@pytest.mark.parametrize("name", ["Friends", "Familie", "Vorstand", "Kontakte Landtag"])
def test_own_groups_are_lists(name: str) -> None:
    assert not is_system_group(name)


def test_google_labels_are_lists_minus_system_groups() -> None:
    assert split_groups("* myContacts ::: Kreis Tübingen ::: * starred") == (
        ["Kreis Tübingen"], ["* myContacts", "* starred"]
    )
    assert suggest_mapping(["Labels"]) == {0: "verteiler"}
    assert suggest_mapping(["Group Membership"]) == {0: "verteiler"}


@pytest.mark.parametrize(
    "fixture", ["outlook_en_work_zip_other_postal.csv", "outlook_de_plz_arbeit_weitere_plz.csv"]
)
def test_outlook_address_parts_come_from_one_block(fixture: str) -> None:
    table = read_csv((DATA / fixture).read_bytes(), filename=fixture)
    mapping = suggest_mapping(table.headers, table.rows)
    named = {table.headers[i]: t for i, t in mapping.items()}
    for header in ("Other Postal Code", "Weitere Postleitzahl", "Other Street", "Weitere Straße",
                   "Other City", "Weiterer Ort"):
        assert named.get(header) is None
    karin = map_rows(table, mapping).records[0]
    assert (karin.strasse, karin.ort) == ("Wilhelmstraße 11", "Ludwigsburg")
    assert karin.plz in (None, "71638")  # never the "Other" block's 71602


def test_a_mapping_by_hand_that_mixes_blocks_is_named() -> None:
    fixture = "outlook_en_work_zip_other_postal.csv"
    table = read_csv((DATA / fixture).read_bytes(), filename=fixture)
    mapping = suggest_mapping(table.headers, table.rows)
    mapping[table.headers.index("Work Zip")] = None
    mapping[table.headers.index("Other Postal Code")] = "plz"
    notes = [p.message for p in map_rows(table, mapping).problems if p.field == "strasse"]
    assert len(notes) == 1 and "verschiedenen Adressblöcken" in notes[0]
    assert "„Other Postal Code“" in notes[0] and "„Business Street“" in notes[0]


def test_other_block_is_not_guessed_when_it_comes_first() -> None:
    headers = ["Nachname", "Weitere Postleitzahl", "Straße geschäftlich", "Ort geschäftlich",
               "PLZ Büro X"]
    rows = [["Vogel", "71602", "Wilhelmstraße 11", "Ludwigsburg", "71638"]]
    mapping = suggest_mapping(headers, rows)
    assert mapping[1] is None and mapping[4] == "plz"


def test_csv_suffix_column_goes_to_the_notes() -> None:
    fixture = "outlook_en_work_zip_other_postal.csv"
    table = read_csv((DATA / fixture).read_bytes(), filename=fixture)
    otto = map_rows(table, suggest_mapping(table.headers, table.rows)).records[1]
    assert otto.titel is None and otto.notizen == "Namenszusatz: Sr."


def test_csv_prefix_mr_sets_the_salutation() -> None:
    table = read_csv(b"Title,First Name,Last Name,Suffix\r\nMr.,Michael,Angstadt,Jr.\r\n",
                     filename="o.csv")
    (rec,) = map_rows(table, suggest_mapping(table.headers, table.rows)).records
    assert (rec.anrede, rec.titel, rec.notizen) == ("Mr.", None, "Namenszusatz: Jr.")
