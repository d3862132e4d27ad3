"""Sample snapshots of the event lists and certificates (issue 12): the Werkstattgespräch in Ulm
on 25.10.2017 as the demo has it. :mod:`beratung.documents.samples` lists them under their
kinds; the tests render them. All names besides the association's own are examples.
"""

from __future__ import annotations

from datetime import date, datetime, time

from beratung.domain.enums import EventKind
from beratung.domain.event_lists import (
    DEFAULT_SIGN_IN_COLUMNS,
    AttendanceCertificate,
    AttendanceCertificatesSnapshot,
    EventHeading,
    NamedNeedEntry,
    NeedsSummarySnapshot,
    NeedTotal,
    SignInListSnapshot,
    SignInRow,
)
from beratung.domain.printing import InformationBlock
from beratung.domain.rules.attendance import (
    attendance_minutes,
    certificate_sentence,
    event_phrase,
)
from beratung.domain.rules.dates import OFFICE_TIME_ZONE
from beratung.domain.rules.names import display_name

BERLIN = OFFICE_TIME_ZONE
STARTS = datetime(2017, 10, 25, 10, 0, tzinfo=BERLIN)
ENDS = datetime(2017, 10, 25, 16, 0, tzinfo=BERLIN)
TITLE = "Werkstattgespräch Inklusive Quartiere"

#: (last name, first name, title, organisation, role, companions)
PARTICIPANTS: tuple[tuple[str, str, str | None, str, str, int], ...] = (
    ("Albrecht", "Michael", None, "Stadt Freiburg im Breisgau", "Leiter Sozialamt", 1),
    ("Arnold", "Renate", None, "Stadt Sulzburg", "Bürgermeisterin", 0),
    ("Bader", "Miriam", "Prof. Dr.", "Hochschule Esslingen", "Professorin", 0),
    ("Beispiel", "Anna", "Dr.", "Stadt Ulm", "Sozialdezernentin", 0),
    ("Brenner", "Annette", None, "Stadt Heidelberg", "Sozialdezernentin", 0),
    ("Özdemir", "Cem", None, "Gemeinde Öhningen", "Hauptamtsleiter", 0),
    ("Schulte", "Renate", "Dr.", "Ministerium für Soziales und Integration Baden-Württemberg",
     "Referatsleiterin Quartiersentwicklung", 0),
    ("von Bülow", "Jonas", None, "Stadt Tübingen", "Inklusionsbeauftragter", 0),
)

AGENDA = (
    "Begrüßung",
    "Grußwort: „Quartier 2020“ nach dem Bewerbungsschluss",
    "Impulsvortrag: Inklusive Quartiere – was Kommunen voneinander lernen können",
    "Praxisberichte aus den Kommunen",
    "Mittagspause",
    "Arbeitsgruppen: Beteiligung, Barrierefreiheit, Finanzierung",
    "Ergebnisse und Ausblick",
)


def sample_heading() -> EventHeading:
    return EventHeading(
        title=TITLE,
        starts_at=STARTS,
        ends_at=ENDS,
        place="Haus der Begegnung, Großer Saal, Grüner Hof 7, 89073 Ulm",
        organiser="Städtetag Baden-Württemberg, Fachberatung Inklusion",
    )


def sample_sign_in_list(
    *, rows: int = len(PARTICIPANTS), columns: tuple[str, ...] = DEFAULT_SIGN_IN_COLUMNS,
    blank_rows: int = 5, landscape: bool = False,
) -> SignInListSnapshot:
    """The sample participants, repeated with numbered names up to ``rows``."""
    out = []
    for index in range(rows):
        last, first, title, organisation, role, companions = PARTICIPANTS[
            index % len(PARTICIPANTS)
        ]
        if index >= len(PARTICIPANTS):
            last = f"{last} {index // len(PARTICIPANTS) + 1}"
        out.append(SignInRow(last_name=last, first_name=first, title=title,
                             organisation=organisation, role=role, companions=companions))
    return SignInListSnapshot(
        event=sample_heading(), columns=columns, rows=tuple(out), blank_rows=blank_rows,
        landscape=landscape,
    )


def sample_certificates(count: int = 2) -> AttendanceCertificatesSnapshot:
    from beratung.documents.samples import sample_sender

    minutes = attendance_minutes(time(10), time(16), [(time(12, 30), time(13, 30))])
    phrase = event_phrase(EventKind.WORKSHOP, TITLE)
    certificates = []
    for last, first, title, organisation, _role, _companions in PARTICIPANTS[:count]:
        name = display_name(title, first, last)
        anrede = "Frau" if first in {"Anna", "Renate", "Miriam", "Annette"} else "Herrn"
        person = f"{'Frau' if anrede == 'Frau' else 'Herr'} {name}"
        certificates.append(AttendanceCertificate(
            sentence=certificate_sentence(
                person=person, organisation=organisation, starts_at=STARTS, ends_at=ENDS,
                town="Ulm", phrase=phrase, minutes=minutes,
            ),
            address=(organisation, f"{anrede} {name}", "Marktplatz 1", "89073 Ulm"),
        ))
    return AttendanceCertificatesSnapshot(
        sender=sample_sender(),
        information=InformationBlock(
            letter_date=date(2017, 10, 26),
            name="Christiane Conzen",
            phone="0711 22921-48",
            email="christiane.conzen@staedtetag-bw.de",
        ),
        event_title=TITLE,
        topics=tuple(t for t in AGENDA if t not in ("Begrüßung", "Mittagspause")),
        issue_place="Stuttgart",
        certificates=tuple(certificates),
        signatory_name="Benjamin Lachat",
        signatory_function="Dezernent",
    )


def sample_needs_summary(*, named: bool = False) -> NeedsSummarySnapshot:
    return NeedsSummarySnapshot(
        event=sample_heading(),
        expected_places=56,
        totals=(
            NeedTotal("Gebärdensprachdolmetschung", 2),
            NeedTotal("Induktionsschleife", 1),
            NeedTotal("Rollstuhlplatz", 1),
            NeedTotal("Ernährung", 2),
        ),
        details=("glutenfrei", "vegetarisch, laktosefrei"),
        delete_after=date(2017, 11, 22),
        created_on=date(2017, 10, 18),
        named=(
            NamedNeedEntry("Dr. Anna Beispiel", "Stadt Ulm", "angemeldet",
                           ("Gebärdensprachdolmetschung", "Ernährung: glutenfrei")),
            NamedNeedEntry("Jonas von Bülow", "Stadt Tübingen", "angemeldet",
                           ("Rollstuhlplatz",)),
        ) if named else (),
        is_named=named,
    )
