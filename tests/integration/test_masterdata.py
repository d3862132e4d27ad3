"""The municipality directory as master data: loading, updating by AGS, search, picking."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from beratung.domain.enums import AuditAction, OrganisationKind
from beratung.domain.errors import UserError, ValidationError
from beratung.domain.models import AuditEntry, MunicipalityDirectoryEntry, Organisation
from beratung.domain.rules.search import match_key
from beratung.resources import resource_path
from beratung.services import Services
from beratung.services.masterdata import MasterDataService

pytestmark = pytest.mark.db

SHIPPED = resource_path("gemeinden-bw.csv").read_bytes()


@pytest.fixture
def masterdata(services: Services) -> MasterDataService:
    return MasterDataService(services.context)


def _edit(data: bytes, ags: str, column: int, value: str) -> bytes:
    lines = data.decode("utf-8").split("\n")
    for i, line in enumerate(lines):
        if line.startswith(ags + ";"):
            fields = line.split(";")
            fields[column] = value
            lines[i] = ";".join(fields)
    return "\n".join(lines).encode("utf-8")


def _remove(data: bytes, ags: str) -> bytes:
    lines = data.decode("utf-8").split("\n")
    return "\n".join(line for line in lines if not line.startswith(ags + ";")).encode("utf-8")


def _line_of(data: bytes, ags: str) -> int:
    for number, line in enumerate(data.decode("utf-8").split("\n"), start=1):
        if line.startswith(ags + ";"):
            return number
    raise AssertionError(ags)


def test_shipped_directory_loads_completely(
    services: Services, masterdata: MasterDataService
) -> None:
    report = masterdata.load_directory(source_label="mitgeliefert")
    assert (report.total, report.new, report.changed, report.unchanged) == (1101, 1101, 0, 0)
    assert report.vanished == ()
    with services.db.read() as s:
        entries = s.scalars(select(MunicipalityDirectoryEntry)).all()
        assert len(entries) == 1101
        bezirke = {e.regierungsbezirk for e in entries}
        assert bezirke == {"Stuttgart", "Karlsruhe", "Freiburg", "Tübingen"}
        kreise = {(e.kreis, e.kreis_typ) for e in entries}
        assert len(kreise) == 44
        assert sum(1 for _, typ in kreise if typ == "Landkreis") == 35
        assert sum(e.is_town for e in entries) == 316
        ulm = s.get(MunicipalityDirectoryEntry, "08421000")
        assert ulm is not None
        assert (ulm.name, ulm.kreis, ulm.kreis_typ, ulm.regierungsbezirk, ulm.population) == (
            "Ulm",
            "Ulm",
            "Stadtkreis",
            "Tübingen",
            129_882,
        )
        stuttgart = s.get(MunicipalityDirectoryEntry, "08111000")
        assert stuttgart is not None and stuttgart.population == 612_663
        assert stuttgart.kreis_typ == "Stadtkreis"
        moessingen = s.get(MunicipalityDirectoryEntry, "08416025")
        assert moessingen is not None
        assert (moessingen.name, moessingen.kreis, moessingen.kreis_typ) == (
            "Mössingen",
            "Tübingen",
            "Landkreis",
        )
        assert moessingen.is_town and moessingen.regierungsbezirk == "Tübingen"
        # Heilbronn and Karlsruhe are each a Stadtkreis and a Landkreis: keyed by AGS.
        heilbronn = {e.kreis_typ for e in entries if e.kreis == "Heilbronn"}
        assert heilbronn == {"Stadtkreis", "Landkreis"}
        audit = s.scalars(select(AuditEntry)).all()
        assert [a.action for a in audit] == [AuditAction.IMPORT]

    # Loading the same file again changes nothing.
    again = masterdata.load_directory(SHIPPED, source_label="noch einmal")
    assert (again.new, again.changed, again.unchanged) == (0, 0, 1101)


def test_changed_directory_is_reported_and_refreshes_organisations(
    services: Services, masterdata: MasterDataService
) -> None:
    masterdata.load_directory(source_label="mitgeliefert")
    ulm = masterdata.create_municipality("08421000", is_member=True)
    with services.db.transaction() as s:
        org = s.get(Organisation, ulm.id)
        assert org is not None
        # The advisor's own data, and a name she prefers.
        org.name = "Universitätsstadt Ulm"
        org.street = "Marktplatz 1"
        org.department = "Fachbereich Bildung und Soziales"
        org.notes = "Gastgeberin Werkstattgespräch 2017"
        org.phone = "0731 161-0"

    newer = _edit(SHIPPED, "08421000", 5, "130001")
    newer = _remove(newer, "08115002")  # Altdorf (Böblingen); the other Altdorf stays
    report = masterdata.load_directory(newer, source_label="GV100AD neuer Stand")
    assert report.total == 1100
    assert (report.new, report.changed, report.unchanged) == (0, 1, 1099)
    assert report.vanished == (("08115002", "Altdorf"),)
    assert report.organisations_refreshed == 1
    assert "1 geändert" in report.describe()

    with services.db.read() as s:
        org = s.get(Organisation, ulm.id)
        assert org is not None
        assert org.population == 130_001
        assert org.name == "Universitätsstadt Ulm"
        assert org.street == "Marktplatz 1"
        assert org.department == "Fachbereich Bildung und Soziales"
        assert org.notes == "Gastgeberin Werkstattgespräch 2017"
        assert org.phone == "0731 161-0"
        assert org.is_member is True
        # Vanished entries are reported, not deleted.
        assert s.get(MunicipalityDirectoryEntry, "08115002") is not None
        updates = s.scalars(select(AuditEntry).where(AuditEntry.action == AuditAction.UPDATE)).all()
        assert len(updates) == 1 and updates[0].entity_id == ulm.id
        assert updates[0].changes == {"population": [129_882, 130_001]}


@pytest.mark.parametrize(
    ("ags", "column", "value", "field"),
    [
        ("08421000", 0, "8421000", "ags"),
        ("08421000", 0, "09421000", "ags"),
        ("08421000", 5, "129.882", "einwohner"),
        ("08421000", 6, "8907", "plz"),
        ("08421000", 3, "Kreis", "kreis_typ"),
    ],
)
def test_bad_row_names_line_and_field_and_writes_nothing(
    services: Services,
    masterdata: MasterDataService,
    ags: str,
    column: int,
    value: str,
    field: str,
) -> None:
    masterdata.load_directory(source_label="mitgeliefert")
    line = _line_of(SHIPPED, ags)
    # A valid change earlier in the file must not be written either.
    bad = _edit(_edit(SHIPPED, "08111000", 5, "1"), ags, column, value)
    with pytest.raises(ValidationError) as caught:
        masterdata.load_directory(bad, source_label="kaputt")
    assert caught.value.field == field
    assert f"Zeile {line}" in caught.value.message
    assert f"„{field}“" in caught.value.message
    assert "nicht übernommen" in caught.value.message
    with services.db.read() as s:
        stuttgart = s.get(MunicipalityDirectoryEntry, "08111000")
        assert stuttgart is not None and stuttgart.population == 612_663
        assert s.scalar(select(func.count()).select_from(AuditEntry)) == 1


def test_bad_file_on_empty_database_writes_nothing(
    services: Services, masterdata: MasterDataService
) -> None:
    bad = SHIPPED.replace(b"\n08437", b"\n0843X", 1)
    with pytest.raises(ValidationError, match=r"Zeile \d+, Spalte „ags“"):
        masterdata.load_directory(bad, source_label="kaputt")
    with pytest.raises(ValidationError, match="Spalten"):
        masterdata.load_directory(b"name;ags\nUlm;08421000\n", source_label="kaputt")
    with pytest.raises(ValidationError, match="UTF-8"):
        masterdata.load_directory("ags;name\n".encode("utf-16"), source_label="kaputt")
    duplicate = SHIPPED + SHIPPED.split(b"\n")[1] + b"\n"
    with pytest.raises(ValidationError, match="schon in Zeile 2"):
        masterdata.load_directory(duplicate, source_label="doppelt")
    with services.db.read() as s:
        assert s.scalar(select(func.count()).select_from(MunicipalityDirectoryEntry)) == 0


def test_search_directory_is_case_and_umlaut_insensitive(masterdata: MasterDataService) -> None:
    masterdata.load_directory(source_label="mitgeliefert")
    for query in ("Mössingen", "mossingen", "MOESSINGEN", "mössi"):
        hits = masterdata.search_directory(query)
        assert [h.ags for h in hits][:1] == ["08416025"], query
    ulm = masterdata.search_directory("ulm")
    assert ulm[0].ags == "08421000"  # prefix match first, "Neu-Ulm" is not in BW anyway
    altdorf = masterdata.search_directory("Altdorf")
    assert len(altdorf) == 2 and {a.kreis for a in altdorf} == {"Böblingen", "Esslingen"}
    assert len(masterdata.search_directory("a", limit=5)) == 5
    assert masterdata.search_directory("  ") == []
    assert [e.name for e in masterdata.search_directory("08421000")] == ["Ulm"]
    assert "Ulm" in [e.name for e in masterdata.search_directory("89073")]
    # Contains-match after prefix matches: "Freiburg im Breisgau" for "breisgau".
    assert any(e.ags == "08311000" for e in masterdata.search_directory("breisgau"))
    assert match_key("Größe") == match_key("groesse") == "grosse"


def test_picking_ulm_creates_a_complete_organisation(
    services: Services, masterdata: MasterDataService
) -> None:
    masterdata.load_directory(source_label="mitgeliefert")
    ref = masterdata.create_municipality("08421000", is_member=True)
    assert ref.name == "Stadt Ulm" and ref.ags == "08421000"
    aidlingen = masterdata.create_municipality("08115001")
    assert aidlingen.name == "Gemeinde Aidlingen"
    with services.db.read() as s:
        org = s.get(Organisation, ref.id)
        assert org is not None
        assert org.kind is OrganisationKind.MUNICIPALITY
        assert (org.town, org.postcode) == ("Ulm", "89073")
        assert (org.kreis, org.kreis_typ, org.regierungsbezirk) == ("Ulm", "Stadtkreis", "Tübingen")
        assert org.population == 129_882
        assert org.is_member is True
        assert "ulm" in org.search_text.split()
        created = s.scalars(select(AuditEntry).where(AuditEntry.action == AuditAction.CREATE)).all()
        assert {a.entity_id for a in created} == {ref.id, aidlingen.id}
    with pytest.raises(UserError, match="schon als „Stadt Ulm“ angelegt"):
        masterdata.create_municipality("08421000")
    with pytest.raises(UserError, match="nicht im Gemeindeverzeichnis"):
        masterdata.create_municipality("08999999")
