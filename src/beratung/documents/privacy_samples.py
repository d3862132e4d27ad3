"""Sample snapshots of the data-protection documents: a person's data report (Art. 15) with
the categories the demo has, and the record of processing activities (Art. 30) from the sample
sender and the default retention periods. All names are examples."""

from __future__ import annotations

from datetime import date

from beratung.domain.privacy import (
    DataSubjectReport,
    PrivacyField,
    PrivacyRecord,
    PrivacySection,
    ProcessingRecord,
)
from beratung.domain.processing_record import build_record
from beratung.domain.rules.retention import RetentionSettings

F = PrivacyField


def sample_data_report(*, empty: bool = False) -> DataSubjectReport:
    """The report about "Dr. Anna Beispiel"; ``empty``: a person with master data only."""
    master = PrivacySection(
        "Stammdaten",
        "Wie Sie im Adressbestand geführt werden.",
        (PrivacyRecord("Dr. Anna Beispiel", (
            F("Nummer", "17"), F("Anrede", "Frau"), F("Titel", "Dr."), F("Vorname", "Anna"),
            F("Nachname", "Beispiel"), F("E-Mail", "anna.beispiel@ulm.de"),
            F("Telefon", "0731 161-1234"), F("Angelegt am", "10.01.2017, 09:00"),
        )),),
    )
    sections: tuple[PrivacySection, ...] = (master,)
    if not empty:
        sections += (
            PrivacySection("Funktionen", "Ihre Funktionen in Organisationen.", (
                PrivacyRecord("Funktion 1: Stadt Ulm", (
                    F("Funktion", "Sozialdezernentin"), F("Gültig ab", "01.03.2014"),
                    F("Hauptfunktion", "ja"),
                )),
            )),
            PrivacySection("Einladungen und Anmeldungen", "Veranstaltungen mit Bedarfen.", (
                PrivacyRecord("Anmeldung 1: Werkstattgespräch Inklusive Quartiere", (
                    F("Status", "teilgenommen"), F("Begleitpersonen", "1"),
                    F("Anmeldecode", "K7M4-QXA9"),
                )),
                PrivacyRecord("Anmeldung 1 – Bedarf 1", (
                    F("Art", "Gebärdensprachdolmetschung"), F("Löschen nach", "22.11.2017"),
                )),
            )),
            PrivacySection("Wiedervorlagen", "Erinnerungen, die Sie betreffen.", ()),
            PrivacySection("Änderungsprotokoll", "Einträge, die Sie betreffen.", (
                PrivacyRecord("03.05.2017, 10:12 – Person „Dr. Anna Beispiel“ geändert", (
                    F("Bearbeitet von", "Co"), F("Änderungen", "phone: –, 0731 161-1234"),
                )),
            )),
        )
    return DataSubjectReport(
        title="Auskunft über gespeicherte Daten",
        subtitle="Dr. Anna Beispiel (Nr. 17) – Auskunft nach Art. 15 DSGVO",
        organisation_name="Städtetag Baden-Württemberg",
        department="Fachberatung Inklusion",
        created_on=date(2017, 11, 30),
        intro=("Diese Auskunft enthält alle Daten, die über Dr. Anna Beispiel gespeichert sind.",),
        sections=sections,
    )


def sample_processing_record() -> ProcessingRecord:
    from beratung.documents.samples import sample_sender

    return build_record(
        sample_sender(),
        RetentionSettings(),
        created_on=date(2017, 11, 30),
        is_sqlite=True,
        backup_rotation=(7, 4, 12),
    )
