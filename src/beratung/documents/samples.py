"""Sample snapshots and ``python -m beratung.documents.samples OUT_DIR``.

Writes a two-page Form B letter, a one-page Form A letter and the press release P 309/2017 with
the text of the real release, so anyone can look at the layouts without a database. The tests use
the same snapshots; :data:`SAMPLES` has at least one for every registered kind of document, and a
test fails when a kind has none. All names besides the association's own are examples.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from beratung.documents.letter import render_letter
from beratung.documents.press_release import render_press_release
from beratung.domain.printing import (
    AddressBlock,
    ClerkInfo,
    InformationBlock,
    LetterSnapshot,
    PressReleaseSnapshot,
    Sender,
)
from beratung.domain.reply_forms import ReplyForm, ReplyFormSnapshot
from beratung.domain.reports import (
    ConsultationReportSnapshot,
    ConsultationStatistics,
    EventReportSnapshot,
    EventStatistics,
    EventStatisticsRow,
    EventTotals,
    Reach,
    RegistrationTally,
    SeriesGuest,
    SeriesStatistics,
    StatisticsRow,
    Tally,
)
from beratung.domain.rules.easy_language import without_abbreviations
from beratung.domain.serial_letters import LetterVariant, SerialLetterSnapshot
from beratung.domain.sheets import (
    BADGE_SHEETS,
    DEFAULT_BADGE_SHEET,
    DEFAULT_LABEL_SHEET,
    LABEL_SHEETS,
    Badge,
    BadgeSheetSnapshot,
    LabelSheetSnapshot,
)


def sample_sender() -> Sender:
    return Sender(
        name="Städtetag Baden-Württemberg",
        unit="Fachberatung Inklusion",
        function_line="Geschäftsführendes Vorstandsmitglied",
        street="Königstraße 2",
        postcode="70173",
        town="Stuttgart",
        phone="0711 22921-0",
        fax="0711 22921-42",
        email="post@staedtetag-bw.de",
        website="www.staedtetag-bw.de",
    )


def sample_clerk() -> ClerkInfo:
    return ClerkInfo(
        name="Christiane Conzen",
        initials="Co",
        function="Pressereferentin",
        phone_extension="48",
        email="christiane.conzen@staedtetag-bw.de",
    )


_LETTER_BODY = (
    "der Städtetag Baden-Württemberg lädt Sie herzlich zum nächsten Werkstattgespräch im Projekt "
    "„Inklusive Quartiere“ ein. Es findet statt am Mittwoch, 25. Oktober 2017, von 10:00 bis "
    "16:00 Uhr in Ulm. Der Veranstaltungsort ist stufenlos erreichbar, ein barrierefreies WC und "
    "eine Induktionsschleife sind vorhanden.",
    "Im Mittelpunkt steht der Erfahrungsaustausch bei der Umsetzung der Quartierskonzepte vor Ort: "
    "Welche Strukturen haben sich bewährt, wie gelingt die Beteiligung der Bürgerinnen und Bürger, "
    "und wie lassen sich Netzwerke über die Grenzen der Fachbereiche hinweg dauerhaft tragen? "
    "Kommunen, die sich am Wettbewerb „Quartier 2020“ beteiligt haben, berichten aus ihrer Praxis.",
    "Unter Inklusion verstehen wir nicht nur die Arbeit für Menschen mit Behinderung: Ziel ist es, "
    "Synergien für möglichst viele Zielgruppen auf möglichst vielen Gebieten zu schaffen. Deshalb "
    "richtet sich die Einladung ausdrücklich an Fachleute aus Sozialplanung, Stadtentwicklung, "
    "Bildung und Bürgerbeteiligung.",
    "Bitte melden Sie sich bis zum 11. Oktober 2017 mit dem beiliegenden Antwortbogen an. Teilen "
    "Sie uns dabei bitte mit, ob Sie Gebärdensprach- oder Schriftdolmetschung, Unterlagen in "
    "Leichter Sprache oder eine Assistenz benötigen; wir sorgen dann für die nötige Unterstützung. "
    "Die Teilnahme ist kostenfrei, für Verpflegung ist gesorgt.",
    "Die Tagesordnung liegt diesem Schreiben bei. Die Kosten für Anreise und Übernachtung können "
    "wir leider nicht übernehmen. Die Teilnehmerzahl ist auf 40 Personen begrenzt; "
    "Anmeldungen berücksichtigen wir in der Reihenfolge ihres Eingangs. Wer keinen Platz mehr "
    "erhält, kommt auf die Warteliste und wird benachrichtigt, sobald ein Platz frei wird.",
    "Für Rückfragen zu Inhalt und Ablauf steht Ihnen Frau Simone Fischer gern zur Verfügung, "
    "telefonisch unter 0711 22921-33 oder per E-Mail an simone.fischer@staedtetag-bw.de. "
    "Fragen zur Barrierefreiheit des Veranstaltungsortes beantworten wir ebenfalls gern.",
    "Wir freuen uns auf Ihre Teilnahme, auf einen lebendigen Austausch und darauf, gemeinsam mit "
    "Ihnen weitere Ideen für inklusive Quartiere in Baden-Württemberg zu entwickeln. Größere "
    "Straßenbauprojekte in der Ulmer Innenstadt (Sperrung der Neuen Straße) können die Anreise "
    "mit dem Auto verlängern; wir empfehlen die Anreise mit Bus und Bahn.",
)


def sample_letter(form: str = "B", *, long: bool = True) -> LetterSnapshot:
    """An invitation to the Werkstattgespräch in Ulm; ``long`` gives two pages."""
    body = _LETTER_BODY if long else _LETTER_BODY[:2] + _LETTER_BODY[3:4]
    return LetterSnapshot(
        sender=sample_sender(),
        address=AddressBlock(
            lines=(
                "Stadt Ulm",
                "Fachbereich Bildung und Soziales",
                "Frau Dr. Anna Beispiel",
                "Marktplatz 1",
                "89073 Ulm",
            ),
            endorsements=("Persönlich",),
        ),
        return_line="Städtetag Baden-Württemberg · Königstraße 2 · 70173 Stuttgart",
        information=InformationBlock(
            letter_date=date(2017, 9, 20),
            your_message_date=date(2017, 8, 14),
            our_reference="047.43 - Fi",
            name="Simone Fischer",
            phone="0711 22921-33",
            fax="0711 22921-42",
            email="simone.fischer@staedtetag-bw.de",
        ),
        subject="Einladung zum Werkstattgespräch „Inklusive Quartiere“ am 25. Oktober 2017 in Ulm",
        salutation="Sehr geehrte Frau Dr. Beispiel,",
        body=body,
        title="Einladung zum Werkstattgespräch am 25.10.2017 in Ulm",
        signatory_name="Simone Fischer",
        signatory_function="Fachberatung Inklusion",
        enclosures=("Tagesordnung", "Antwortbogen") if long else ("Tagesordnung",),
        form="A" if form == "A" else "B",
    )


P309_BODY = (
    "Der Städtetag Baden-Württemberg freut sich ebenfalls über die Zahl der eingegangenen "
    "Bewerbungen. Der kommunale Landesverband hatte die teilnehmenden Kommunen im Vorfeld "
    "unterstützt und beraten.",
    "„Wir wollen Kommunen langfristig bei der Etablierung und Weiterentwicklung von Quartieren "
    "unterstützen und begleiten“, sagte Sozial- und Integrationsminister Manne Lucha. Der "
    "Städtetag hatte genau das bereits während der Bewerbungsphase getan: „Knapp 80 unserer "
    "Mitgliedskommunen und darüber hinaus hat unsere Fachberaterin bei der Konzeptentwicklung in "
    "der Bewerbungsphase beraten“, so Benjamin Lachat, zuständiger Dezernent beim Städtetag "
    "Baden-Württemberg, „Vernetzung und Erfahrungsaustausch unter den Kommunen organisieren – "
    "genau dort sehen wir unsere Aufgabe.“",
    "Außerdem entwickelt der Städtetag auch sein eigenes Projekt „Inklusive Quartiere“ ständig "
    "weiter. Dabei geht es vor allem um den Erfahrungsaustausch bei der Umsetzung der Konzepte vor "
    "Ort, die praktische Arbeit und die Entwicklung weiterer Ideen. Im Mittelpunkt steht das "
    "interdisziplinäre Vorgehen, so dass in und zwischen den Kommunen ein Netzwerk entsteht, in "
    "dem Wissenstransfer stattfindet.",
    "„Unter Inklusion verstehen wir beim Städtetag Baden-Württemberg nicht nur die Arbeit für "
    "Menschen mit Behinderung, sondern der Begriff wird weiter gefasst: Ziel ist es, Synergien "
    "für möglichst viele Zielgruppen auf möglichst vielen Gebieten zu schaffen“, erklärt Benjamin "
    "Lachat. „Die Städte wollen gesellschaftliche Teilhabechancen für alle Menschen im Quartier "
    "absichern.“",
    "Erarbeitet wird das Projekt in Werkstattgesprächen vor Ort.\n"
    "Das nächste Werkstattgespräch findet statt am Mittwoch, 25. Oktober 2017, in Ulm.",
)

P309_HEADLINE = (
    "Statement zur Presseinformation des Sozialministeriums: 147 Bewerbungen beim landesweiten "
    "Quartierswettbewerb eingegangen"
)


def sample_press_release() -> PressReleaseSnapshot:
    """P 309/2017 of 31 July 2017, as published."""
    return PressReleaseSnapshot(
        sender=sample_sender(),
        clerk=sample_clerk(),
        number="P 309/2017",
        file_reference="047.43 - P 309/2017 · Co",
        release_date=date(2017, 7, 31),
        headline=P309_HEADLINE,
        dateline_place="Stuttgart",
        body=P309_BODY,
        more_info="www.inklusive-quartiere.de",
        contact=(
            "Simone Fischer, Fachberatung Inklusion beim Städtetag Baden-Württemberg, "
            "Telefon 0711 229 21-33, E-Mail simone.fischer@staedtetag-bw.de"
        ),
    )


def _row(key: str, label: str, consultations: int, municipalities: int, members: int,
         minutes: int = 0) -> StatisticsRow:
    return StatisticsRow(key, label, consultations, municipalities, members,
                         municipalities - members, minutes)


def sample_consultation_report() -> ConsultationReportSnapshot:
    """A year of the advisory office's statistics: invented numbers that add up, real Kreise."""
    months = ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
              "September", "Oktober", "November", "Dezember")
    by_period = tuple(
        _row(f"2017-{index:02d}", f"{name} 2017", 12 + index % 5, 8 + index % 3, 6, 600)
        for index, name in enumerate(months, start=1)
    )
    statistics = ConsultationStatistics(
        period_from=date(2017, 1, 1),
        period_to=date(2017, 12, 31),
        granularity="month",
        programme_id=None,
        programme_name=None,
        totals=_row("total", "Gesamt", 167, 64, 51, 7200),
        by_period=by_period,
        by_programme=(
            _row("1", "Quartier 2020", 115, 49, 40, 5100),
            _row("-", "(ohne Programm)", 52, 22, 17, 2100),
        ),
        by_topic=(
            _row("1", "Quartiersentwicklung", 71, 38, 31),
            _row("2", "Barrierefreiheit im öffentlichen Raum", 46, 27, 22),
            _row("3", "Bürgerbeteiligung", 33, 21, 17),
            _row("4", "Fördermittel", 22, 16, 12),
        ),
        by_mode=(
            _row("phone", "Telefon", 95, 51, 41),
            _row("on_site", "vor Ort", 49, 30, 25),
            _row("email", "E-Mail", 23, 18, 14),
        ),
        by_kreis=(
            _row("Stadtkreis Ulm", "Stadtkreis Ulm", 19, 1, 1),
            _row("Landkreis Tübingen", "Landkreis Tübingen", 17, 9, 7),
            _row("Landkreis Esslingen", "Landkreis Esslingen", 15, 10, 8),
            _row("Ortenaukreis", "Ortenaukreis", 12, 8, 6),
        ),
        by_regierungsbezirk=(
            _row("Stuttgart", "Stuttgart", 69, 25, 20),
            _row("Tübingen", "Tübingen", 51, 19, 15),
            _row("Freiburg", "Freiburg", 30, 13, 10),
            _row("Karlsruhe", "Karlsruhe", 17, 7, 6),
        ),
        by_membership=(
            _row("member", "Mitgliedskommunen", 136, 51, 51),
            _row("non_member", "Nichtmitglieder", 31, 13, 0),
        ),
    )
    return ConsultationReportSnapshot(
        title="Beratungsstatistik 2017",
        subtitle="Zeitraum: 01.01.2017 – 31.12.2017",
        organisation_name="Städtetag Baden-Württemberg",
        department="Fachberatung Inklusion",
        created_on=date(2018, 1, 15),
        statistics=statistics,
        notes=("Kommunen: verschiedene beratene Städte und Gemeinden.",),
    )


def _reach(freiburg: int, karlsruhe: int, stuttgart: int, tuebingen: int, members: int) -> Reach:
    regions = (("Freiburg", freiburg), ("Karlsruhe", karlsruhe), ("Stuttgart", stuttgart),
               ("Tübingen", tuebingen))
    total = freiburg + karlsruhe + stuttgart + tuebingen
    return Reach(total, members, total - members,
                 tuple(Tally(name, count) for name, count in regions if count))


def _event(ident: int, day: date, title: str, town: str, status: str, tally: RegistrationTally,
           reach: Reach, series: str | None = "Inklusive Quartiere") -> EventStatisticsRow:
    labels = {"held": "durchgeführt", "planned": "geplant", "cancelled": "abgesagt"}
    return EventStatisticsRow(
        event_id=ident, title=title, series=series, starts_on=day, town=town, status=status,
        status_label=labels[status], held=status == "held", capacity=40, registrations=tally,
        reach=reach,
    )


def sample_event_report() -> EventReportSnapshot:
    """A year of events: two Werkstattgespräche and a Fachtag held, one cancelled, one to come;
    invented numbers that add up."""
    series = "Inklusive Quartiere"
    events = (
        _event(1, date(2017, 3, 22), "Werkstattgespräch Beteiligung im Quartier", "Stuttgart",
               "held", RegistrationTally(0, 0, 4, 0, 22, 3), _reach(3, 4, 8, 3, 16)),
        _event(2, date(2017, 5, 17), "Werkstattgespräch Inklusive Quartiere", "Reutlingen",
               "held", RegistrationTally(0, 0, 3, 0, 25, 2), _reach(6, 4, 9, 6, 25)),
        _event(3, date(2017, 7, 6), "Fachtag Barrierefreiheit im öffentlichen Raum",
               "Karlsruhe", "held", RegistrationTally(2, 0, 11, 0, 58, 6),
               _reach(7, 14, 10, 5, 29), series=None),
        _event(4, date(2017, 9, 13), "Netzwerktreffen Sozialplanung", "Freiburg im Breisgau",
               "cancelled", RegistrationTally(5, 7, 2, 0, 0, 0), _reach(3, 1, 0, 0, 4),
               series=None),
        _event(5, date(2017, 10, 25), "Werkstattgespräch Inklusive Quartiere", "Ulm",
               "planned", RegistrationTally(6, 52, 9, 5, 0, 0), _reach(11, 12, 12, 11, 45)),
    )
    tally = RegistrationTally()
    for event in events:
        tally = tally + event.registrations
    guests = (
        SeriesGuest("Anna Beispiel", "Stadt Ulm", 2, (
            "22.03.2017 Werkstattgespräch Beteiligung im Quartier",
            "17.05.2017 Werkstattgespräch Inklusive Quartiere")),
        SeriesGuest("Dr. Bernd Muster", "Universitätsstadt Tübingen", 2, (
            "22.03.2017 Werkstattgespräch Beteiligung im Quartier",
            "17.05.2017 Werkstattgespräch Inklusive Quartiere")),
        SeriesGuest("Carla Conrad", "Stadt Reutlingen", 1, (
            "17.05.2017 Werkstattgespräch Inklusive Quartiere",)),
    )
    statistics = EventStatistics(
        period_from=date(2017, 1, 1),
        period_to=date(2017, 12, 31),
        series=None,
        events=events,
        totals=EventTotals(
            events=5, held=3, cancelled=1, registrations=tally, participants=87,
            reach=_reach(17, 21, 24, 15, 62),
        ),
        series_statistics=(
            SeriesStatistics(series=series, events=3, held=2, participants=41, attendances=47,
                             frequency=((1, 35), (2, 6)), guests=guests),
        ),
    )
    return EventReportSnapshot(
        title="Veranstaltungsstatistik 2017",
        subtitle="Zeitraum: 01.01.2017 – 31.12.2017",
        organisation_name="Städtetag Baden-Württemberg",
        department="Fachberatung Inklusion",
        created_on=date(2018, 1, 15),
        statistics=statistics,
        notes=("Erreichte Kommunen: verschiedene Städte und Gemeinden derer, die sich "
               "angemeldet oder teilgenommen haben.",),
    )


def _privacy_samples() -> dict[str, tuple[Callable[[], Any], ...]]:
    """The data report (Art. 15) and the record of processing activities (Art. 30)."""
    from beratung.documents import privacy_samples as pv

    return {
        "privacy_export": (pv.sample_data_report, lambda: pv.sample_data_report(empty=True)),
        "processing_record": (pv.sample_processing_record,),
    }


def _event_list_samples() -> dict[str, tuple[Callable[[], Any], ...]]:
    """The sign-in list, the certificates and the needs summary (issue 12)."""
    from beratung.documents import event_list_samples as ev

    return {
        "sign_in_list": (ev.sample_sign_in_list, lambda: ev.sample_sign_in_list(
            rows=30, columns=("nr", "name", "vorname", "titel", "kommune", "funktion",
                              "begleitung", "unterschrift"), landscape=True)),
        "attendance_certificates": (ev.sample_certificates,),
        "needs_summary": (ev.sample_needs_summary, lambda: ev.sample_needs_summary(named=True)),
    }


def sample_badges(*, qr: bool = True, start: int = 1) -> BadgeSheetSnapshot:
    """Name badges for the Werkstattgespräch in Ulm: short and very long names, a person
    without organisation, a blank badge for someone who comes unannounced."""
    people = (
        ("Dr. Anna Beispiel", "Stadt Ulm", "Sozialdezernentin", "K7M4-QXA9"),
        ("Prof. Dr. Anna-Katharina Müller-Lüdenscheidt", "Hochschule Esslingen",
         "Professorin für Soziale Arbeit", "HC3D-T6NP"),
        ("Benjamin Lachat", "Städtetag Baden-Württemberg", "Referent", "RW9E-4KMJ"),
        ("Dr. Renate Schulte", "Ministerium für Soziales und Integration Baden-Württemberg",
         "Referatsleiterin Quartiersentwicklung", "PF7G-WY3A"),
        ("Alex Beispiel", None, None, "DJ6V-MN4Q"),
        ("", None, None, None),
    )
    return BadgeSheetSnapshot(
        title="Namensschilder: Werkstattgespräch Inklusive Quartiere, 25.10.2017",
        author="Städtetag Baden-Württemberg",
        event_line="Werkstattgespräch Inklusive Quartiere · 25.10.2017 · Ulm",
        sheet=BADGE_SHEETS[DEFAULT_BADGE_SHEET],
        badges=tuple(
            Badge(name, organisation, role, code if qr else None)
            for name, organisation, role, code in people
        ),
        start=start,
    )


def sample_labels(*, start: int = 1) -> LabelSheetSnapshot:
    """Address labels for the invitations to Ulm (DIN 5008 blocks, sorted by postcode)."""
    labels = (
        ("Landeshauptstadt Stuttgart", "Sozialamt", "Frau Dr. Anna Beispiel", "Marktplatz 1",
         "70173 Stuttgart"),
        ("Stadt Ulm", "Herrn Oberbürgermeister", "Gunter Czisch", "Marktplatz 1", "89073 Ulm"),
        ("Guten-Tag-Verein e. V.", "Alex Beispiel", "Postfach 10 60 34", "89006 Ulm"),
        ("Ministerium für Soziales und Integration", "Baden-Württemberg",
         "Referat Quartiersentwicklung", "Frau Dr. Renate Schulte", "Else-Josenhans-Straße 6",
         "70173 Stuttgart"),
    )
    return LabelSheetSnapshot(
        title="Adressetiketten: Werkstattgespräch Inklusive Quartiere, 25.10.2017",
        author="Städtetag Baden-Württemberg",
        sheet=LABEL_SHEETS[DEFAULT_LABEL_SHEET],
        labels=labels,
        start=start,
    )


def sample_serial_letter(variant: LetterVariant = "standard") -> SerialLetterSnapshot:
    """Three invitations in one run: two pages in Form B, one page, two pages in Form A."""
    second = replace(
        sample_letter("B", long=False),
        address=AddressBlock(lines=("Herrn Bürgermeister", "Max Muster", "Rathausplatz 3",
                                    "72070 Tübingen")),
        salutation="Sehr geehrter Herr Bürgermeister Muster,",
    )
    return SerialLetterSnapshot(
        title="Einladungen zum Werkstattgespräch am 25.10.2017 in Ulm (3 Briefe)",
        letters=(sample_letter("B"), second, sample_letter("A")),
        variant=variant,
    )


def sample_reply_form(name: str = "Frau Dr. Anna Beispiel",
                      code: str = "K7M4-QXA9", *, easy: bool = False) -> ReplyForm:
    """The Ulm Werkstattgespräch's reply form for one invitee; ``easy``: worded as the
    invitations service words it for Leichte Sprache (times, no abbreviations in the name)."""
    return ReplyForm(
        event_title="Werkstattgespräch „Inklusive Quartiere gestalten“",
        event_when=("Mittwoch, 25. Oktober 2017, 10 Uhr bis 16 Uhr" if easy else
                    "Mittwoch, 25. Oktober 2017, 10:00 bis 16:00 Uhr, Ulm"),
        name=without_abbreviations(name) if easy else name,
        code=code,
        sender=sample_letter("B").sender,
        deadline="11. Oktober 2017",
    )


def sample_invitations(variant: LetterVariant = "standard") -> SerialLetterSnapshot:
    """The sample serial letter with a reply form after each letter."""
    letters = sample_serial_letter(variant)
    names = ("Frau Dr. Anna Beispiel", "Herr Max Muster", "Frau Renate Schulte")
    codes = ("K7M4-QXA9", "C3D4-EFGH", "TUVW-XY34")
    return replace(letters, reply_forms=tuple(
        sample_reply_form(name, code, easy=variant == "easy")
        for name, code in zip(names, codes, strict=True)))


def sample_reply_form_document(variant: LetterVariant = "standard") -> ReplyFormSnapshot:
    return ReplyFormSnapshot(title="Antwortformular: Werkstattgespräch Ulm – Anna Beispiel",
                             form=sample_reply_form(easy=variant == "easy"), variant=variant)


SAMPLES: Mapping[str, tuple[Callable[[], Any], ...]] = {
    "letter": (lambda: sample_letter("B"), lambda: sample_letter("A", long=False)),
    "press_release": (sample_press_release,),
    "consultation_report": (sample_consultation_report,),
    "event_report": (sample_event_report,),
    **_event_list_samples(),
    "badges": (sample_badges, lambda: sample_badges(qr=False, start=4)),
    "address_labels": (sample_labels, lambda: sample_labels(start=23)),
    "serial_letter": (
        lambda: sample_serial_letter("standard"),
        lambda: sample_serial_letter("large"),
        sample_invitations,
        lambda: sample_invitations("large"),
        lambda: sample_invitations("easy"),
    ),
    "reply_form": (sample_reply_form_document, lambda: sample_reply_form_document("easy")),
    **_privacy_samples(),
}
"""Sample snapshots by document kind; every registered kind needs at least one (tested)."""


def write_samples(out_dir: Path) -> list[Path]:
    """Render every sample into ``out_dir``; returns the files written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    outputs = {
        "brief-form-b.pdf": render_letter(sample_letter("B")),
        "brief-form-a.pdf": render_letter(sample_letter("A", long=False)),
        "presseinformation-P-309-2017.pdf": render_press_release(sample_press_release()),
    }
    written = []
    for name, data in outputs.items():
        path = out_dir / name
        path.write_bytes(data)
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        sys.stderr.write("Aufruf: python -m beratung.documents.samples AUSGABEORDNER\n")
        return 2
    for path in write_samples(Path(args[0])):
        sys.stdout.write(f"{path}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
