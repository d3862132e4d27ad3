"""Statistics, programme overview and networking on a small hand-made data set (exact numbers)."""

from __future__ import annotations

import dataclasses
import io
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import openpyxl
import pdfplumber
import pytest

from beratung.domain.contacts import Affiliation, Organisation, Person
from beratung.domain.enums import ApplicationStatus, ConsultationMode, OrganisationKind
from beratung.domain.errors import NotFoundError, ValidationError
from beratung.domain.reports import StatisticsRow
from beratung.domain.work import OrganisationTopic
from beratung.services.base import ServiceContext
from beratung.services.consultations import ConsultationDraft
from beratung.services.programmes import ApplicationDraft, ProgrammeDraft
from beratung.services.statistics import StatisticsService

BERLIN = ZoneInfo("Europe/Berlin")
MUNICIPALITY = OrganisationKind.MUNICIPALITY
YEAR_FROM, YEAR_TO = date(2017, 1, 1), date(2017, 12, 31)


def when(y: int, m: int, d: int, hour: int = 10, minute: int = 0) -> datetime:
    return datetime(y, m, d, hour, minute, tzinfo=BERLIN)


@pytest.fixture
def data(services: Any) -> dict[str, int]:
    with services.db.transaction() as s:
        orgs = {
            "ulm": Organisation(
                kind=MUNICIPALITY,
                name="Stadt Ulm",
                kreis="Ulm",
                kreis_typ="Stadtkreis",
                regierungsbezirk="Tübingen",
                is_member=True,
            ),
            "tue": Organisation(
                kind=MUNICIPALITY,
                name="Universitätsstadt Tübingen",
                kreis="Tübingen",
                kreis_typ="Landkreis",
                regierungsbezirk="Tübingen",
                is_member=True,
            ),
            "aid": Organisation(
                kind=MUNICIPALITY,
                name="Gemeinde Aidlingen",
                kreis="Böblingen",
                kreis_typ="Landkreis",
                regierungsbezirk="Stuttgart",
                is_member=False,
            ),
            "lkbb": Organisation(
                kind=OrganisationKind.COUNTY,
                name="Landkreis Böblingen",
                kreis="Böblingen",
                kreis_typ="Landkreis",
                regierungsbezirk="Stuttgart",
            ),
            "amm": Organisation(
                kind=MUNICIPALITY,
                name="Gemeinde Ammerbuch",
                kreis="Tübingen",
                kreis_typ="Landkreis",
                regierungsbezirk="Tübingen",
                is_member=False,
            ),
        }
        s.add_all(orgs.values())
        bernd = Person(first_name="Bernd", last_name="Beispiel", email="b@tuebingen.de")
        s.add(bernd)
        s.flush()
        s.add(
            Affiliation(
                person_id=bernd.id,
                organisation_id=orgs["tue"].id,
                role="Sozialplaner",
                is_primary=True,
            )
        )
        ids = {k: o.id for k, o in orgs.items()}
    q = services.programmes.create_programme(
        ProgrammeDraft(name="Quartier 2020", starts_on=date(2017, 3, 1), deadline=date(2017, 7, 31))
    )
    ids["q2020"] = q.id
    topics = {name: services.consultations.create_topic(name).id for name in "ABC"}
    ids.update({f"topic_{k}": v for k, v in topics.items()})

    def record(
        org: str,
        at: datetime,
        mode: ConsultationMode,
        minutes: int | None,
        programme: bool,
        topic_names: str,
    ) -> None:
        services.consultations.create_consultation(
            ConsultationDraft(
                occurred_at=at,
                mode=mode,
                duration_minutes=minutes,
                organisation_id=ids[org],
                programme_id=q.id if programme else None,
                topic_ids=tuple(topics[t] for t in topic_names),
            )
        )

    phone, on_site = ConsultationMode.PHONE, ConsultationMode.ON_SITE
    record("ulm", when(2017, 3, 15), phone, 60, True, "AB")  # 1
    record("ulm", when(2017, 3, 20), on_site, 120, True, "A")  # 2
    record("tue", when(2017, 5, 5), ConsultationMode.VIDEO, 30, True, "B")  # 3
    record("aid", when(2017, 5, 10), phone, 45, True, "A")  # 4
    record("aid", when(2017, 9, 15), ConsultationMode.EMAIL, None, False, "C")  # 5
    record("lkbb", when(2017, 10, 1), phone, 60, False, "")  # 6
    record("ulm", when(2017, 12, 31, 23, 30), phone, 15, False, "C")  # 7: still 2017 here
    record("tue", when(2018, 1, 1, 0, 30), phone, 30, True, "A")  # 8: 2018 here
    record("ulm", when(2016, 12, 1), phone, 30, True, "A")  # 9: 2016
    return ids


def row(rows: tuple[StatisticsRow, ...], label: str) -> tuple[int, int, int, int, int]:
    found = next(r for r in rows if r.label == label)
    return (
        found.consultations,
        found.municipalities,
        found.members,
        found.non_members,
        found.minutes,
    )


def test_year_statistics_exact(services: Any, data: dict[str, int]) -> None:
    stats = services.statistics.consultation_statistics(YEAR_FROM, YEAR_TO)
    t = stats.totals
    assert (t.consultations, t.municipalities, t.members, t.non_members, t.minutes) == (
        7,
        3,
        2,
        1,
        330,
    )
    assert [r.label for r in stats.by_period][:3] == ["Januar 2017", "Februar 2017", "März 2017"]
    assert len(stats.by_period) == 12
    assert [
        (r.key, r.consultations, r.municipalities) for r in stats.by_period if r.consultations
    ] == [
        ("2017-03", 2, 1),
        ("2017-05", 2, 2),
        ("2017-09", 1, 1),
        ("2017-10", 1, 0),
        ("2017-12", 1, 1),
    ]
    assert row(stats.by_period, "Mai 2017") == (2, 2, 1, 1, 75)
    assert [r.label for r in stats.by_programme] == ["Quartier 2020", "(ohne Programm)"]
    assert row(stats.by_programme, "Quartier 2020") == (4, 3, 2, 1, 255)
    assert row(stats.by_programme, "(ohne Programm)") == (3, 2, 1, 1, 75)
    assert [r.label for r in stats.by_topic] == ["A", "B", "C", "(ohne Thema)"]
    assert row(stats.by_topic, "A") == (3, 2, 1, 1, 225)
    assert row(stats.by_topic, "B") == (2, 2, 2, 0, 90)
    assert row(stats.by_topic, "(ohne Thema)") == (1, 0, 0, 0, 60)
    assert [(r.label, r.consultations) for r in stats.by_mode] == [
        ("vor Ort", 1),
        ("Telefon", 4),
        ("Video", 1),
        ("E-Mail", 1),
    ]
    assert [r.label for r in stats.by_kreis] == [
        "Landkreis Böblingen",
        "Stadtkreis Ulm",
        "Landkreis Tübingen",
    ]
    assert row(stats.by_kreis, "Landkreis Böblingen") == (3, 1, 0, 1, 105)
    assert row(stats.by_regierungsbezirk, "Tübingen") == (4, 2, 2, 0, 225)
    assert row(stats.by_regierungsbezirk, "Stuttgart") == (3, 1, 0, 1, 105)
    assert [r.label for r in stats.by_membership] == [
        "Mitgliedskommunen",
        "Nichtmitglieder",
        "Sonstige Organisationen",
    ]
    assert row(stats.by_membership, "Mitgliedskommunen") == (4, 2, 2, 0, 225)
    assert row(stats.by_membership, "Nichtmitglieder") == (2, 1, 0, 1, 45)
    assert stats.other_consultations == 1

    quarters = services.statistics.consultation_statistics(
        YEAR_FROM, YEAR_TO, granularity="quarter"
    )
    assert [(r.label, r.consultations) for r in quarters.by_period] == [
        ("1. Quartal 2017", 2),
        ("2. Quartal 2017", 2),
        ("3. Quartal 2017", 1),
        ("4. Quartal 2017", 2),
    ]


def test_programme_filter_and_application_phase(services: Any, data: dict[str, int]) -> None:
    stats = services.statistics.consultation_statistics(YEAR_FROM, YEAR_TO, data["q2020"])
    assert stats.programme_name == "Quartier 2020"
    assert (stats.totals.consultations, stats.totals.municipalities) == (4, 3)
    phase = services.statistics.application_phase_statistics(data["q2020"])
    assert (phase.period_from, phase.period_to) == (date(2017, 3, 1), date(2017, 7, 31))
    # "How many member municipalities were advised in the Quartier 2020 application phase?"
    assert (phase.totals.members, phase.totals.non_members) == (2, 1)
    with pytest.raises(ValidationError):
        services.statistics.consultation_statistics(YEAR_TO, YEAR_FROM)
    with pytest.raises(NotFoundError):
        services.statistics.consultation_statistics(YEAR_FROM, YEAR_TO, 999_999)
    empty = services.statistics.consultation_statistics(date(2015, 1, 1), date(2015, 1, 31))
    assert empty.is_empty and len(empty.by_period) == 1


def test_programme_overview(services: Any, data: dict[str, int]) -> None:
    programmes = services.programmes
    q = data["q2020"]
    funded = programmes.add_application(
        q,
        ApplicationDraft(
            organisation_id=data["ulm"],
            status=ApplicationStatus.APPLIED,
            applied_on=date(2017, 7, 20),
        ),
    )
    programmes.update_application(
        funded.id,
        dataclasses.replace(
            funded.to_draft(),
            status=ApplicationStatus.FUNDED,
            result_on=date(2017, 10, 25),
            amount_eur=80_000,
        ),
        funded.version,
    )
    programmes.add_application(
        q, ApplicationDraft(organisation_id=data["aid"], status=ApplicationStatus.APPLIED)
    )
    programmes.add_application(q, ApplicationDraft(organisation_id=data["amm"]))
    with pytest.raises(ValidationError, match="schon einen Eintrag"):
        programmes.add_application(q, ApplicationDraft(organisation_id=data["amm"]))

    overview = programmes.programme_overview(q)
    assert overview.programme.name == "Quartier 2020"
    assert overview.consultations == 6  # 1–4, 8 and 9 carry the programme
    assert (
        overview.municipalities_advised,
        overview.members_advised,
        overview.non_members_advised,
    ) == (4, 2, 2)
    assert (overview.applications, overview.applications_members, overview.funded) == (2, 1, 1)
    assert [
        (r.regierungsbezirk, r.advised, r.members, r.non_members, r.applied, r.funded)
        for r in overview.by_regierungsbezirk
    ] == [("Stuttgart", 1, 0, 1, 1, 0), ("Tübingen", 3, 2, 1, 1, 1)]
    ulm = next(r for r in overview.organisations if r.organisation_id == data["ulm"])
    assert (ulm.consultations, ulm.status_label) == (3, "gefördert")
    assert ulm.first_consultation == date(2016, 12, 1)
    amm = next(r for r in overview.organisations if r.organisation_id == data["amm"])
    assert (amm.consultations, amm.status) == (0, ApplicationStatus.ADVISED)

    assert programmes.find_by_name("quartier").id == q
    with pytest.raises(NotFoundError, match="Vorhanden: Quartier 2020"):
        programmes.find_by_name("Zukunft")
    with pytest.raises(ValidationError, match="gibt es schon"):
        programmes.create_programme(ProgrammeDraft(name="quartier 2020"))
    with pytest.raises(ValidationError) as error:
        programmes.create_programme(
            ProgrammeDraft(name="X", starts_on=date(2017, 5, 1), deadline=date(2017, 4, 1))
        )
    assert error.value.field == "deadline"
    snapshot = programmes.get_programme(q)
    changed = programmes.update_programme(
        q, dataclasses.replace(snapshot.to_draft(), funder="Land BW"), snapshot.version
    )
    assert changed.funder == "Land BW"
    from beratung.domain.errors import ConcurrentEditError

    with pytest.raises(ConcurrentEditError):
        programmes.update_programme(q, snapshot.to_draft(), snapshot.version)


def test_networking_ranks_shared_topics(services: Any, data: dict[str, int]) -> None:
    with services.db.transaction() as s:
        s.add(OrganisationTopic(organisation_id=data["ulm"], topic_id=data["topic_A"]))
        s.add(OrganisationTopic(organisation_id=data["aid"], topic_id=data["topic_B"]))
    context: ServiceContext = dataclasses.replace(
        services.context, clock=lambda: datetime(2017, 10, 24, 9, 0, tzinfo=UTC)
    )
    matches = StatisticsService(context).networking(data["ulm"])
    assert [m.name for m in matches] == ["Gemeinde Aidlingen", "Universitätsstadt Tübingen"]
    aid, tue = matches
    # Aidlingen: B declared (2) + A recent consultation (1 × 1.5, Ulm's own project) + C (1).
    assert aid.score == 4.5
    assert aid.shared_topic_names == ("B", "A", "C")
    assert aid.shared_topics[0].declared
    assert "3 gemeinsame Themen" in aid.explanation
    assert "eigenes Projekt zu B" in aid.explanation
    # Tübingen: B (1) + A (1 × 1.5); the county is not a municipality and is left out.
    assert tue.score == 2.5
    assert [(c.name, c.role, c.email) for c in tue.contacts] == [
        ("Bernd Beispiel", "Sozialplaner", "b@tuebingen.de")
    ]
    assert services.statistics.networking(data["lkbb"]) == []


def test_report_pdf_xlsx_csv(services: Any, data: dict[str, int]) -> None:
    pdf = services.statistics.export_report(YEAR_FROM, YEAR_TO)
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        text = "\n".join(page.extract_text() or "" for page in document.pages)
        assert document.metadata["Title"] == "Beratungsstatistik 2017"
    assert "Beratungsstatistik 2017" in text
    assert "Zeitraum: 01.01.2017 – 31.12.2017" in text
    for word in (
        "Januar",
        "März",
        "Dezember",
        "Quartier 2020",
        "Mitgliedskommunen",
        "Landkreis Böblingen",
    ):
        assert word in text, word

    workbook = openpyxl.load_workbook(
        io.BytesIO(services.statistics.export_report(YEAR_FROM, YEAR_TO, format="xlsx"))
    )
    sheet = workbook.active
    values = [[c.value for c in r] for r in sheet.iter_rows()]
    assert values[0][:3] == ["Auswertung", "Wert", "Beratungen"]
    assert ["Gesamt", "Gesamt", 7, 3, 2, 1, 5.5] in values
    assert ["Nach Monat", "Mai 2017", 2, 2, 1, 1, 1.2] in values

    csv_text = services.statistics.export_report(YEAR_FROM, YEAR_TO, format="csv").decode(
        "cp1252", errors="replace"
    )
    assert "Nach Programm" in csv_text and "Quartier 2020" in csv_text
    with pytest.raises(ValidationError):
        services.statistics.export_report(YEAR_FROM, YEAR_TO, format="doc")


def test_declared_project_topics_change_the_networking_ranking(
    services: Any, data: dict[str, int]
) -> None:
    from beratung.domain.enums import AuditAction
    from beratung.domain.records import AuditEntry

    context: ServiceContext = dataclasses.replace(
        services.context, clock=lambda: datetime(2017, 10, 24, 9, 0, tzinfo=UTC)
    )
    statistics = StatisticsService(context)
    before = statistics.networking(data["ulm"])
    assert [m.name for m in before] == ["Gemeinde Aidlingen", "Universitätsstadt Tübingen"]
    assert not any(t.declared for m in before for t in m.shared_topics)

    programmes = services.programmes
    assert programmes.organisation_topics(data["tue"]) == []
    declared = programmes.set_organisation_topics(
        data["tue"], [data["topic_C"]], note="Inklusives Quartier Südstadt"
    )
    assert [(t.name, t.note) for t in declared] == [("C", "Inklusives Quartier Südstadt")]
    assert programmes.organisation_topics(data["tue"]) == declared

    after = statistics.networking(data["ulm"])
    assert [m.name for m in after] == ["Universitätsstadt Tübingen", "Gemeinde Aidlingen"]
    tue = after[0]
    assert tue.score > before[1].score
    assert tue.shared_topics[0].name == "C" and tue.shared_topics[0].declared
    assert "eigenes Projekt zu C" in tue.explanation

    # Declaring nothing removes it again; unknown topics are refused; both audited once.
    assert programmes.set_organisation_topics(data["tue"], []) == []
    assert [m.name for m in statistics.networking(data["ulm"])] == [m.name for m in before]
    with pytest.raises(ValidationError):
        programmes.set_organisation_topics(data["tue"], [999_999])
    with pytest.raises(ValidationError):
        programmes.set_organisation_topics(999_999, [data["topic_A"]])
    from sqlalchemy import select

    with services.db.transaction(write=False) as s:
        entries = list(
            s.scalars(
                select(AuditEntry).where(
                    AuditEntry.entity_type == "organisation",
                    AuditEntry.entity_id == data["tue"],
                    AuditEntry.action == AuditAction.UPDATE,
                )
            )
        )
    assert [e.summary for e in entries] == [
        "Projektthemen von Universitätsstadt Tübingen geändert"
    ] * 2


def test_available_years(services: Any, data: dict[str, int]) -> None:
    context: ServiceContext = dataclasses.replace(
        services.context, clock=lambda: datetime(2019, 2, 1, 9, 0, tzinfo=UTC)
    )
    statistics = StatisticsService(context)
    # the data has 2016, 2017 and 2018 (1 January, 00:30 German time: 2018, not 2017)
    assert statistics.available_years() == [2019, 2018, 2017, 2016]
    # New Year's Eve late in the evening (German time) belongs to that year, shortly after
    # midnight to the next, although both are 31 December in UTC; 2015 has nothing.
    services.consultations.create_consultation(
        ConsultationDraft(occurred_at=when(2014, 12, 31, 23, 30), organisation_id=data["ulm"])
    )
    services.consultations.create_consultation(
        ConsultationDraft(occurred_at=when(2013, 1, 1, 0, 30), organisation_id=data["ulm"])
    )
    assert statistics.available_years() == [2019, 2018, 2017, 2016, 2014, 2013]


def test_available_years_of_an_empty_database(services: Any) -> None:
    assert services.statistics.available_years() == [services.context.today().year]


def test_render_consultation_report_and_reprint(services: Any, data: dict[str, int]) -> None:
    documents = services.documents
    rendered = documents.render_consultation_report(YEAR_FROM, YEAR_TO)
    assert rendered.kind == rendered.renderer == "consultation_report"
    assert rendered.title == "Beratungsstatistik 2017"
    assert rendered.suggested_file_name == "Beratungsstatistik 2017.pdf"
    assert rendered.entity_type is None
    with pdfplumber.open(io.BytesIO(rendered.pdf)) as document:
        assert document.metadata["Title"] == "Beratungsstatistik 2017"

    by_programme = documents.render_consultation_report(YEAR_FROM, YEAR_TO, data["q2020"])
    assert by_programme.suggested_file_name == "Beratungsstatistik 2017 Quartier 2020.pdf"
    assert (by_programme.entity_type, by_programme.entity_id) == ("programme", data["q2020"])

    # The snapshot survives the JSON round trip, and the renderer is known for reprints.
    from beratung.documents.registry import render_stored
    from beratung.domain.reports import ConsultationReportSnapshot

    snapshot = services.statistics.report_snapshot(YEAR_FROM, YEAR_TO)
    assert ConsultationReportSnapshot.from_dict(snapshot.to_dict()) == snapshot
    issued = documents.record_issue(rendered)
    assert documents.reprint(issued) == rendered.pdf
    reprinted = render_stored("consultation_report", rendered.snapshot).pdf
    with pdfplumber.open(io.BytesIO(reprinted)) as document:
        text = "\n".join(page.extract_text() or "" for page in document.pages)
    assert "Beratungsstatistik 2017" in text


def test_latest_year_is_the_year_of_the_newest_consultation(services) -> None:
    assert services.statistics.latest_year() is None
    services.demo.create()
    assert services.statistics.latest_year() == 2017
