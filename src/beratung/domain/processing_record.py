"""The record of processing activities (Verzeichnis von Verarbeitungstätigkeiten, Art. 30 GDPR)
as the program can state it, built from plain values (so the document samples use the real
text): the controller from the office's sender data, the processing the program
does (contacts, consultations, events, press, logs), the deletion periods from the retention
settings, and the technical measures the program takes.

The legal bases are the usual ones for an association's advisory office and are marked as to
be confirmed by the office's data protection officer: the program cannot know the office's
statutes. Everything else is a fact about the program, so the record changes when the program
or the settings change, never by hand.
"""

from __future__ import annotations

from datetime import date

from beratung.domain.printing import Sender
from beratung.domain.privacy import PrivacyField, PrivacyRecord, PrivacySection, ProcessingRecord
from beratung.domain.rules.dates import format_date_de
from beratung.domain.rules.retention import ConsultationRetention, RetentionSettings

F = PrivacyField


def _years(n: int) -> str:
    return "1 Jahr" if n == 1 else f"{n} Jahre"


def _after_years(n: int) -> str:
    """ "nach 1 Jahr", "nach 10 Jahren" (dative)."""
    return "nach 1 Jahr" if n == 1 else f"nach {n} Jahren"


def _weeks(n: int) -> str:
    return "1 Woche" if n == 1 else f"{n} Wochen"


def _controller(profile: Sender | None) -> PrivacySection:
    if profile is None:
        fields: tuple[PrivacyField, ...] = (
            F("Hinweis", "Noch kein Absender hinterlegt (Einstellungen → Absender)."),
        )
    else:
        town = " ".join(p for p in (profile.postcode, profile.town) if p)
        fields = tuple(
            F(label, value)
            for label, value in (
                ("Name", profile.name),
                ("Organisationseinheit", profile.unit or ""),
                ("Anschrift", ", ".join(p for p in (profile.street, town) if p)),
                ("Telefon", profile.phone or ""),
                ("E-Mail", profile.email or ""),
                ("Internet", profile.website or ""),
            )
            if value
        )
    return PrivacySection(
        "Verantwortlicher",
        "Name und Kontaktdaten des Verantwortlichen (Art. 30 Abs. 1 lit. a DSGVO), aus dem "
        "Absender der Einstellungen. Die oder der Datenschutzbeauftragte ist zu ergänzen.",
        (PrivacyRecord(profile.name if profile else "Verantwortlicher", fields),),
    )


def _activities(r: RetentionSettings) -> PrivacySection:
    consultations = (
        "anonymisiert (Beteiligte, Vermerke, Ergebnis und Anhänge werden entfernt; Datum, "
        "Kommune, Programm, Art und Themen bleiben für die Statistik)"
        if r.consultations_action is ConsultationRetention.ANONYMISE
        else "gelöscht"
    )
    basis = "vom Verantwortlichen zu bestätigen"
    records = (
        PrivacyRecord(
            "1. Kontaktverwaltung und Verteiler",
            (
                F("Zweck", "Kontakt mit Kommunen, Verbänden und Presse halten; Verteiler für "
                  "Informationen und Einladungen"),
                F("Rechtsgrundlage", f"Art. 6 Abs. 1 lit. e bzw. f DSGVO; für Verteiler mit "
                  f"Einwilligung lit. a ({basis})"),
                F("Betroffene Personen", "Beschäftigte und Mandatsträger der Kommunen, "
                  "Ansprechpersonen von Verbänden, Ministerien und Presse"),
                F("Datenkategorien", "Anrede, Titel, Name, Funktion, dienstliche und eigene "
                  "Kontaktdaten, Briefanrede und -fassung, Verteiler, Einwilligungen, Notizen"),
                F("Empfänger", "keine Übermittlung durch das Programm; Schreiben gehen an die "
                  "Personen selbst"),
                F("Drittlandübermittlung", "keine"),
                F("Löschfrist", f"Prüfung {_after_years(r.contacts_review_years)} ohne "
                  "Aktivität (Beratung, Veranstaltung, Dokument, Änderung); Löschung auf "
                  "Wunsch durch Anonymisieren (Art. 17 DSGVO)"),
            ),
        ),
        PrivacyRecord(
            "2. Beratung der Kommunen",
            (
                F("Zweck", "Beratung dokumentieren, Wiedervorlagen, Vernetzung der Kommunen, "
                  "Statistik"),
                F("Rechtsgrundlage", f"Art. 6 Abs. 1 lit. e bzw. f DSGVO ({basis})"),
                F("Betroffene Personen", "an Beratungen beteiligte Ansprechpersonen"),
                F("Datenkategorien", "Datum, Art und Dauer, Kommune, Beteiligte, Themen, "
                  "Vermerk, Ergebnis, Anhänge, Wiedervorlagen"),
                F("Empfänger", "keine"),
                F("Drittlandübermittlung", "keine"),
                F("Löschfrist", f"{_after_years(r.consultations_years)} {consultations}"),
            ),
        ),
        PrivacyRecord(
            "3. Veranstaltungen (Werkstattgespräche)",
            (
                F("Zweck", "Einladung, Anmeldung, Warteliste, Teilnahme, Bescheinigungen, "
                  "barrierefreie Durchführung"),
                F("Rechtsgrundlage", "Art. 6 Abs. 1 lit. b, e bzw. f DSGVO; Bedarfe "
                  f"(Gesundheitsdaten) nur mit Einwilligung, Art. 9 Abs. 2 lit. a ({basis})"),
                F("Betroffene Personen", "Eingeladene, Teilnehmende, Begleitpersonen"),
                F("Datenkategorien", "Anmeldestatus, Begleitpersonen, Teilnahme, "
                  "Bedarfe (z. B. Gebärdensprache, Assistenz, Ernährung)"),
                F("Empfänger", "Gastgeberkommune und Veranstaltungsort nur, soweit für die "
                  "Durchführung nötig (Teilnehmerliste, Bedarfsübersicht ohne Namen)"),
                F("Drittlandübermittlung", "keine"),
                F("Löschfrist", f"Bedarfe {_weeks(r.needs_weeks)} nach der Veranstaltung; "
                  "Anmeldungen mit dem Kontakt"),
            ),
        ),
        PrivacyRecord(
            "4. Presse- und Öffentlichkeitsarbeit",
            (
                F("Zweck", "Presseinformationen erstellen, nummerieren und archivieren"),
                F("Rechtsgrundlage", f"Art. 6 Abs. 1 lit. e bzw. f DSGVO ({basis})"),
                F("Betroffene Personen", "Presseverteiler, in Presseinformationen genannte "
                  "Personen, Bearbeiterinnen und Bearbeiter"),
                F("Datenkategorien", "Name, Funktion, Kontaktdaten, Zitate"),
                F("Empfänger", "Presse (veröffentlichte Presseinformationen)"),
                F("Drittlandübermittlung", "keine"),
                F("Löschfrist", "Archiv der veröffentlichten Presseinformationen ohne Frist"),
            ),
        ),
        PrivacyRecord(
            "5. Änderungs- und Dokumentprotokoll",
            (
                F("Zweck", "Nachweis, wer was wann geändert oder ausgegeben hat"),
                F("Rechtsgrundlage", f"Art. 5 Abs. 2, Art. 32 DSGVO ({basis})"),
                F("Betroffene Personen", "Benutzerinnen und Benutzer; in Einträgen genannte "
                  "Personen"),
                F("Datenkategorien", "Zeitpunkt, Benutzername, Art der Änderung, geänderte "
                  "Werte, Inhalt ausgegebener Dokumente"),
                F("Empfänger", "keine"),
                F("Drittlandübermittlung", "keine"),
                F("Löschfrist", "mit den Datensätzen; beim Anonymisieren einer Person werden "
                  "ihre Angaben in den Protokollen ersetzt"),
            ),
        ),
    )
    return PrivacySection(
        "Verarbeitungstätigkeiten",
        "Zwecke, Kategorien betroffener Personen und Daten, Empfänger und Löschfristen "
        "(Art. 30 Abs. 1 lit. b–f DSGVO).",
        records,
    )


def _measures(is_sqlite: bool, rotation: tuple[int, int, int]) -> PrivacySection:
    storage = (
        "Eine Datenbankdatei im Benutzerordner des Arbeitsplatzes"
        if is_sqlite
        else "PostgreSQL-Server des Teams; Verbindung mit TLS, wenn der Server es anbietet"
    )
    return PrivacySection(
        "Technische und organisatorische Maßnahmen",
        "Allgemeine Beschreibung nach Art. 32 Abs. 1 DSGVO (Art. 30 Abs. 1 lit. g).",
        (
            PrivacyRecord(
                "Maßnahmen des Programms",
                (
                    F("Speicherort", storage),
                    F("Zugriffsschutz", "Datenbank, Sicherungen, Protokolle, Anhänge und "
                      "Ausgaben nur für das eigene Benutzerkonto lesbar (Dateien 0600, Ordner "
                      "0700; unter Windows das persönliche Benutzerprofil)"),
                    F("Sicherungen", "automatisch beim Start und nach vielen Änderungen; "
                      f"standardmäßig bleibt die neueste von {rotation[0]} Tagen, "
                      f"{rotation[1]} Wochen und {rotation[2]} Monaten; jede Sicherung wird "
                      "geprüft, bevor ältere entfernt werden"),
                    F("Verschlüsselung", "Verschlüsselung der Datenbank ist optional vorgesehen; "
                      "empfohlen wird zusätzlich die Verschlüsselung des Datenträgers "
                      "(z. B. BitLocker)"),
                    F("Protokolle", "Programmprotokolle enthalten Nummern, keine Namen oder "
                      "E-Mail-Adressen; das Änderungsprotokoll hält jede Änderung fest"),
                    F("Betroffenenrechte", "Auskunft als PDF und JSON (Art. 15, 20), "
                      "Anonymisieren auf Wunsch (Art. 17), Löschfristen mit Übersicht "
                      "„Zur Löschung fällig“"),
                ),
            ),
        ),
    )


def _periods(r: RetentionSettings) -> PrivacySection:
    return PrivacySection(
        "Löschfristen (Einstellungen)",
        "Die in Einstellungen → Datenschutz eingestellten Fristen.",
        (
            PrivacyRecord(
                "Fristen",
                (
                    F("Bedarfe (Gesundheitsdaten)", f"{_weeks(r.needs_weeks)} nach der "
                      "Veranstaltung"),
                    F("Kontakte ohne Aktivität",
                      f"Prüfung {_after_years(r.contacts_review_years)}"),
                    F("Beratungen", f"{_years(r.consultations_years)}, danach "
                      + ("anonymisiert" if r.consultations_action
                         is ConsultationRetention.ANONYMISE else "gelöscht")),
                ),
            ),
        ),
    )


def build_record(
    profile: Sender | None,
    retention: RetentionSettings,
    *,
    created_on: date,
    is_sqlite: bool,
    backup_rotation: tuple[int, int, int],
) -> ProcessingRecord:
    """The record from the office's sender data (``None``: none entered yet) and the periods;
    ``is_sqlite``: a file on the workstation rather than the team's server."""
    organisation = profile.name if profile else "Beratung"
    return ProcessingRecord(
        title="Verzeichnis von Verarbeitungstätigkeiten",
        subtitle=f"{organisation} – nach Art. 30 Abs. 1 DSGVO, Stand {format_date_de(created_on)}",
        organisation_name=organisation,
        department=(profile.unit if profile and profile.unit else "Datenschutz"),
        created_on=created_on,
        intro=(
            "Dieses Verzeichnis beschreibt die Verarbeitung personenbezogener Daten mit dem "
            "Programm „Beratung“. Es wird aus dem Absender und den Löschfristen der "
            "Einstellungen erzeugt; Rechtsgrundlagen und Datenschutzbeauftragte sind vom "
            "Verantwortlichen zu prüfen und zu ergänzen.",
        ),
        sections=(
            _controller(profile),
            _activities(retention),
            _periods(retention),
            _measures(is_sqlite, backup_rotation),
        ),
    )
