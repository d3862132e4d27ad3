"""Topics, organisations and text fragments of the demo data set (German, as the user sees it)."""

from __future__ import annotations

# --------------------------------------------------------------------------------------------
# Topics: name -> description, and per topic a few sentences for consultation summaries.

TOPICS: dict[str, str] = {
    "Quartiersentwicklung": "Konzepte für lebendige, inklusive Quartiere und Ortsteile",
    "Barrierefreiheit": "Bauliche und kommunikative Barrierefreiheit im öffentlichen Raum",
    "Inklusive Bildung": "Kita, Schule und Erwachsenenbildung für alle",
    "Teilhabe am Arbeitsleben": "Arbeit und Beschäftigung von Menschen mit Behinderung",
    "Wohnen im Alter": "Wohnformen, Wohnberatung und Nachbarschaftshilfe für Ältere",
    "Bürgerbeteiligung": "Beteiligungsformate, Runde Tische, Quartiersforen",
    "Leichte Sprache": "Informationen in Leichter Sprache, Übersetzung und Prüfung",
    "Mobilität": "Barrierefreier ÖPNV, Fahrdienste, Wege im Quartier",
    "Pflege und Unterstützung im Quartier": "Pflegestützpunkte, Tagespflege, Nachbarschaftshilfe",
    "Aktionsplan Inklusion": "Kommunale Aktionspläne zur UN-Behindertenrechtskonvention",
    "Fördermittel": "Förderprogramme von Land, Bund und Stiftungen",
    "Vernetzung": "Kontakte zwischen Kommunen mit ähnlichen Vorhaben",
    "Begegnungsorte": "Quartierstreffs, Mehrgenerationenhäuser, Bürgerzentren",
    "Ehrenamt und Engagement": "Gewinnung und Begleitung Ehrenamtlicher",
}

TOPIC_SENTENCES: dict[str, tuple[str, ...]] = {
    "Quartiersentwicklung": (
        "Im Mittelpunkt stand die Frage, welche Akteure {quarter} schon zusammenarbeiten und "
        "wie das Quartier abgegrenzt wird.",
        "Die Verwaltung möchte {quarter} mit einer Sozialraumanalyse beginnen.",
        "Es wurde besprochen, wie sich die bestehenden Angebote {quarter} zu einem "
        "Quartierskonzept bündeln lassen.",
    ),
    "Barrierefreiheit": (
        "Zur Barrierefreiheit wurden die Ergebnisse einer Begehung mit dem Behindertenbeirat "
        "durchgesprochen.",
        "Offene Punkte sind stufenlose Zugänge zu Rathaus und Bürgerbüro sowie ein "
        "Leitsystem für blinde und sehbehinderte Menschen.",
        "Die Kommune will bei der Sanierung des Marktplatzes Barrierefreiheit von Anfang an "
        "mitplanen.",
    ),
    "Inklusive Bildung": (
        "Thema war die Zusammenarbeit von Kitas und Grundschulen im Quartier.",
        "Die Schulsozialarbeit soll in das Quartierskonzept eingebunden werden.",
        "Die Volkshochschule plant inklusive Kursangebote und sucht Kooperationspartner.",
    ),
    "Teilhabe am Arbeitsleben": (
        "Besprochen wurden Zuverdienstmöglichkeiten und ein inklusives Quartierscafé.",
        "Die Stadtverwaltung prüft, ob sie selbst zusätzliche Arbeitsplätze für Menschen mit "
        "Behinderung schaffen kann.",
    ),
    "Wohnen im Alter": (
        "Viele ältere Menschen im Quartier wünschen sich, in ihrer Wohnung bleiben zu können; "
        "eine Wohnberatung ist im Gespräch.",
        "Die Wohnungsbaugesellschaft ist bereit, barrierearme Wohnungen für eine "
        "Hausgemeinschaft bereitzustellen.",
        "Erörtert wurde ein Mehrgenerationen-Wohnprojekt auf einer städtischen Fläche.",
    ),
    "Bürgerbeteiligung": (
        "Die Bürgerinnen und Bürger sollen über ein Quartiersforum und eine Befragung "
        "beteiligt werden.",
        "Für die Beteiligung sind ein Runder Tisch und ein Stadtteilspaziergang vorgesehen.",
        "Es wurde überlegt, wie auch Menschen erreicht werden, die sonst nicht zu "
        "Bürgerversammlungen kommen.",
    ),
    "Leichte Sprache": (
        "Die Einladungen zum Quartiersforum sollen auch in Leichter Sprache erscheinen.",
        "Gefragt wurde nach Prüfgruppen für Texte in Leichter Sprache in der Region.",
    ),
    "Mobilität": (
        "Ein Bürgerbus und barrierefreie Haltestellen sind Teil der Überlegungen.",
        "Die Anbindung des Quartiers an den ÖPNV ist für ältere Menschen ein zentrales Thema.",
    ),
    "Pflege und Unterstützung im Quartier": (
        "Der Pflegestützpunkt soll als Anlaufstelle im Quartier stärker sichtbar werden.",
        "Besprochen wurde eine organisierte Nachbarschaftshilfe gemeinsam mit der Sozialstation.",
        "Die Kommune denkt über eine Tagespflege mit offenem Mittagstisch nach.",
    ),
    "Aktionsplan Inklusion": (
        "Der Gemeinderat hat einen Aktionsplan Inklusion beschlossen; das Quartierskonzept "
        "soll daran anknüpfen.",
        "Die Kommune möchte einen Aktionsplan Inklusion erarbeiten und fragte nach "
        "Erfahrungen anderer Städte.",
    ),
    "Fördermittel": (
        "Erläutert wurden die Förderbedingungen und der Eigenanteil.",
        "Neben dem Landeswettbewerb kommen auch Stiftungsmittel in Betracht.",
        "Es wurde geklärt, welche Kosten förderfähig sind und wie der Finanzierungsplan "
        "aufgebaut sein sollte.",
    ),
    "Vernetzung": (
        "Die Kommune möchte von Städten lernen, die ein ähnliches Vorhaben bereits umsetzen.",
        "Gewünscht ist ein Austausch mit anderen Kommunen im Netzwerk „Inklusive Quartiere“.",
    ),
    "Begegnungsorte": (
        "Ein leerstehendes Ladengeschäft könnte zum Quartierstreff werden.",
        "Das Bürgerzentrum soll stärker für alle Generationen geöffnet werden.",
    ),
    "Ehrenamt und Engagement": (
        "Viele Ehrenamtliche sind schon aktiv; gesucht wird eine hauptamtliche Koordination.",
        "Besprochen wurde, wie Engagierte im Quartier gewonnen und begleitet werden können.",
    ),
}

#: Where in the municipality a project is, as a phrase with "in" (dative).
QUARTERS: tuple[str, ...] = (
    "in der Weststadt",
    "in der Oststadt",
    "in der Nordstadt",
    "in der Südstadt",
    "in der Altstadt",
    "in der Innenstadt",
    "im Quartier am Bahnhof",
    "in der Ortsmitte",
    "im Neubaugebiet",
    "im Ortsteil am Berg",
    "im Quartier rund um den Marktplatz",
    "im Wohngebiet Sonnenhalde",
)

# Openers per consultation mode; {persons} is "Frau Maier und Herrn Schulz" (dative).
# In the context sentences {Org} is "Die Stadt Ulm" (subject), {org_gen} "der Stadt Ulm".
OPENERS: dict[str, tuple[str, ...]] = {
    "phone": (
        "Telefonat mit {persons}.",
        "Telefonische Beratung von {persons}.",
        "Rückruf bei {persons} auf deren Anfrage hin.",
    ),
    "on_site": (
        "Termin vor Ort im Rathaus {town} mit {persons}.",
        "Beratungsgespräch in {town} mit {persons}.",
        "Besuch in {town}; Gespräch mit {persons} und anschließender Quartiersrundgang.",
    ),
    "video": (
        "Videokonferenz mit {persons}.",
        "Online-Besprechung mit {persons}.",
    ),
    "email": (
        "Anfrage per E-Mail von {persons} beantwortet.",
        "Schriftliche Beratung per E-Mail mit {persons}.",
    ),
}

PROGRAMME_CONTEXT: tuple[str, ...] = (
    "{Org} plant eine Bewerbung beim Wettbewerb „Quartier 2020 – Gemeinsam. Gestalten.“.",
    "{Org} überlegt, sich mit einem Quartiersprojekt am Landeswettbewerb zu beteiligen.",
    "Besprochen wurde der Entwurf der Bewerbung {org_gen} für „Quartier 2020“.",
    "{Org} hat eine erste Projektskizze für „Quartier 2020“ vorgelegt.",
    "Die Bewerbungsunterlagen für „Quartier 2020“ wurden gemeinsam durchgesehen.",
)

GENERAL_CONTEXT: tuple[str, ...] = (
    "{Org} bat um eine Erstberatung.",
    "{Org} fragte nach Erfahrungen aus anderen Kommunen.",
    "Anlass war eine Vorlage für den Gemeinderat {org_gen}.",
    "{Org} möchte das Thema im kommenden Haushaltsjahr angehen.",
)

RESULT_CONTEXT: tuple[str, ...] = (
    "Nach der Entscheidung im Wettbewerb ging es um die nächsten Schritte.",
    "Die Umsetzung des geförderten Projekts beginnt; besprochen wurde der Zeitplan.",
    "Die Bewerbung war nicht erfolgreich; besprochen wurde, wie das Vorhaben trotzdem "
    "weitergeführt werden kann.",
)

OUTCOMES: tuple[str, ...] = (
    "Die Kommune überarbeitet die Konzeptskizze und schickt sie bis {date} erneut zu.",
    "Unterlagen zu den Förderbedingungen und ein Musterfinanzierungsplan wurden zugesandt.",
    "Kontakt zur {other} vermittelt, wo ein ähnliches Vorhaben läuft.",
    "Die Bewerbung wird fristgerecht eingereicht.",
    "Einladung zum nächsten Werkstattgespräch „Inklusive Quartiere“ zugesagt.",
    "Rückmeldung der Verwaltung nach der Sitzung des Sozialausschusses.",
    "Die Fachberatung stellt Beispiele aus anderen Städten zusammen.",
    "Weiteres Gespräch mit den Kooperationspartnern im Quartier vereinbart.",
    "Checkliste Barrierefreiheit und Hinweise zu Leichter Sprache übersandt.",
    "Die Kommune klärt intern den Eigenanteil und meldet sich.",
)

PROGRAMME_SUBJECTS: tuple[str, ...] = (
    "Konzeptentwicklung",
    "Projektskizze",
    "Beteiligungsverfahren",
    "Kosten- und Finanzierungsplan",
    "Bewerbungsunterlagen",
    "Kooperationspartner im Quartier",
)

GENERAL_SUBJECTS: tuple[str, ...] = (
    "Erstberatung",
    "Nachfrage",
    "Erfahrungsaustausch",
    "Vorbereitung Gemeinderatsvorlage",
)

PROJECT_TITLES: tuple[str, ...] = (
    "Gemeinsam leben {quarter}",
    "Quartier für alle – {town} inklusiv",
    "Miteinander {quarter}",
    "Lebendige Nachbarschaft {town}",
    "Inklusives Quartierszentrum {town}",
    "Älter werden {quarter}",
)

FOLLOW_UP_NOTES: tuple[str, ...] = (
    "Überarbeitete Konzeptskizze eingegangen?",
    "Nachfragen, ob die Bewerbung eingereicht wurde",
    "Beispiele anderer Städte zusenden",
    "Rückmeldung nach Sozialausschuss erfragen",
    "Termin vor Ort vereinbaren",
    "Kontakt zur Nachbarkommune nachhalten",
)

# --------------------------------------------------------------------------------------------
# Organisations besides the municipalities.

MINISTRY = {
    "name": "Ministerium für Soziales und Integration Baden-Württemberg",
    "department": "Referat Quartiersentwicklung",
    "street": "Else-Josenhans-Straße 6",
    "postcode": "70173",
    "town": "Stuttgart",
    "website": "www.sozialministerium-bw.de",
    "email_domain": "sm.bwl.de",
    "phone": "0711 123-0",
}

ASSOCIATIONS: tuple[dict[str, str], ...] = (
    {
        "name": "Gemeindetag Baden-Württemberg",
        "town": "Stuttgart",
        "postcode": "70191",
        "domain": "gemeindetag-bw.de",
    },
    {
        "name": "Landkreistag Baden-Württemberg",
        "town": "Stuttgart",
        "postcode": "70173",
        "domain": "landkreistag-bw.de",
    },
    {
        "name": "Landesverband der Lebenshilfe Baden-Württemberg e. V.",
        "town": "Stuttgart",
        "postcode": "70191",
        "domain": "lebenshilfe-bw.de",
    },
    {
        "name": "Paritätischer Wohlfahrtsverband Baden-Württemberg",
        "town": "Stuttgart",
        "postcode": "70469",
        "domain": "paritaet-bw.de",
    },
    {
        "name": "LAG Selbsthilfe Baden-Württemberg e. V.",
        "town": "Stuttgart",
        "postcode": "70176",
        "domain": "lag-selbsthilfe-bw.de",
    },
    {
        "name": "Hochschule Esslingen",
        "town": "Esslingen am Neckar",
        "postcode": "73728",
        "domain": "hs-esslingen.de",
    },
)

PRESS: tuple[dict[str, str], ...] = (
    {
        "name": "Stuttgarter Zeitung",
        "department": "Ressort Landespolitik",
        "town": "Stuttgart",
        "postcode": "70567",
        "domain": "stuttgarter-zeitung.de",
        "role": "Redakteur",
    },
    {
        "name": "Südwest Presse Ulm",
        "department": "Lokalredaktion Ulm",
        "town": "Ulm",
        "postcode": "89079",
        "domain": "swp.de",
        "role": "Redakteur",
    },
    {
        "name": "Südwestrundfunk (SWR)",
        "department": "SWR4 Baden-Württemberg",
        "town": "Stuttgart",
        "postcode": "70190",
        "domain": "swr.de",
        "role": "Redakteur",
    },
    {
        "name": "dpa Landesdienst Südwest",
        "department": "",
        "town": "Stuttgart",
        "postcode": "70173",
        "domain": "dpa.com",
        "role": "Korrespondent",
    },
    {
        "name": "Staatsanzeiger für Baden-Württemberg",
        "department": "Redaktion Kommunales",
        "town": "Stuttgart",
        "postcode": "70174",
        "domain": "staatsanzeiger.de",
        "role": "Redakteur",
    },
)

# --------------------------------------------------------------------------------------------
# The press releases.

P309_HEADLINE = (
    "Statement zur Presseinformation des Sozialministeriums: 147 Bewerbungen beim "
    "landesweiten Quartierswettbewerb eingegangen"
)

#: The paragraphs of the reference release P 309/2017, exactly (typographic quotes).
P309_PARAGRAPHS: tuple[str, ...] = (
    "Der Städtetag Baden-Württemberg freut sich ebenfalls über die Zahl der eingegangenen "
    "Bewerbungen. Der kommunale Landesverband hatte die teilnehmenden Kommunen im Vorfeld "
    "unterstützt und beraten.",
    "„Wir wollen Kommunen langfristig bei der Etablierung und Weiterentwicklung von Quartieren "
    "unterstützen und begleiten“, sagte Sozial- und Integrationsminister Manne Lucha. Der "
    "Städtetag hatte genau das bereits während der Bewerbungsphase getan: „Knapp 80 unserer "
    "Mitgliedskommunen und darüber hinaus hat unsere Fachberaterin bei der Konzeptentwicklung "
    "in der Bewerbungsphase beraten“, so Benjamin Lachat, zuständiger Dezernent beim Städtetag "
    "Baden-Württemberg, „Vernetzung und Erfahrungsaustausch unter den Kommunen organisieren – "
    "genau dort sehen wir unsere Aufgabe.“",
    "Außerdem entwickelt der Städtetag auch sein eigenes Projekt „Inklusive Quartiere“ ständig "
    "weiter. Dabei geht es vor allem um den Erfahrungsaustausch bei der Umsetzung der Konzepte "
    "vor Ort, die praktische Arbeit und die Entwicklung weiterer Ideen. Im Mittelpunkt steht "
    "das interdisziplinäre Vorgehen, so dass in und zwischen den Kommunen ein Netzwerk "
    "entsteht, in dem Wissenstransfer stattfindet.",
    "„Unter Inklusion verstehen wir beim Städtetag Baden-Württemberg nicht nur die Arbeit für "
    "Menschen mit Behinderung, sondern der Begriff wird weiter gefasst: Ziel ist es, Synergien "
    "für möglichst viele Zielgruppen auf möglichst vielen Gebieten zu schaffen“, erklärt "
    "Benjamin Lachat. „Die Städte wollen gesellschaftliche Teilhabechancen für alle Menschen "
    "im Quartier absichern.“",
    "Erarbeitet wird das Projekt in Werkstattgesprächen vor Ort.\n"
    "Das nächste Werkstattgespräch findet statt am Mittwoch, 25. Oktober 2017, in Ulm.",
)

P309_CONTACT = (
    "Simone Fischer, Fachberatung Inklusion beim Städtetag Baden-Württemberg, "
    "Telefon 0711 229 21-33, E-Mail simone.fischer@staedtetag-bw.de"
)

#: Earlier (fictional) releases of 2017 and one draft: (number, date, headline, paragraphs).
EARLIER_RELEASES: tuple[tuple[int, str, str, tuple[str, ...]], ...] = (
    (
        96,
        "2017-03-02",
        "Städtetag begrüßt Landeswettbewerb „Quartier 2020 – Gemeinsam. Gestalten.“",
        (
            "Der Städtetag Baden-Württemberg begrüßt den heute gestarteten Wettbewerb des "
            "Sozialministeriums. Die Städte und Gemeinden sind eingeladen, bis zum 31. Juli 2017 "
            "ihre Konzepte für alters- und generationengerechte Quartiere einzureichen.",
            "„Die Fachberatung Inklusion des Städtetags steht unseren Mitgliedern bei der "
            "Entwicklung ihrer Konzepte zur Seite“, sagt Dezernent Benjamin Lachat.",
        ),
    ),
    (
        212,
        "2017-05-18",
        "Werkstattgespräch „Inklusive Quartiere“ in Reutlingen: Kommunen lernen voneinander",
        (
            "Rund dreißig Vertreterinnen und Vertreter aus Städten und Gemeinden haben sich "
            "beim Werkstattgespräch „Inklusive Quartiere“ in Reutlingen über ihre Erfahrungen "
            "ausgetauscht.",
            "Im Mittelpunkt standen Beteiligungsformate, die auch Menschen mit Behinderung, "
            "Ältere und Familien erreichen.",
        ),
    ),
)

DRAFT_HEADLINE = "Werkstattgespräch in Ulm: Inklusive Quartiere brauchen Vernetzung"
DRAFT_PARAGRAPHS: tuple[str, ...] = (
    "Beim Werkstattgespräch „Inklusive Quartiere“ am 25. Oktober 2017 in Ulm haben Kommunen "
    "aus ganz Baden-Württemberg Erfahrungen aus der Bewerbungsphase des Wettbewerbs "
    "„Quartier 2020“ ausgetauscht.",
    "[Zitat Dezernent ergänzen]",
)

# --------------------------------------------------------------------------------------------
# Events.

#: 25.10.2017 in Ulm. The press release names the day and the place only; the programme is
#: invented for the demo (speakers in ``{placeholders}``: the host town's Sozialdezernat, the
#: ministry's Referat Quartiersentwicklung, a professor, reports from three towns — all fictional
#: persons of the demo; Benjamin Lachat and Simone Fischer as the press release names them).
ULM_AGENDA: tuple[tuple[str, str, str, str | None], ...] = (
    ("10:00", "10:15", "Begrüßung", "Benjamin Lachat, Städtetag Baden-Württemberg; {host}"),
    (
        "10:15",
        "10:35",
        "Grußwort: „Quartier 2020“ nach dem Bewerbungsschluss",
        "{ministry}",
    ),
    (
        "10:35",
        "11:20",
        "Impulsvortrag: Inklusive Quartiere – was Kommunen voneinander lernen können",
        "{professor}",
    ),
    ("11:20", "12:30", "Praxisberichte aus den Kommunen", "{reports}"),
    ("12:30", "13:30", "Mittagspause", None),
    (
        "13:30",
        "15:15",
        "Arbeitsgruppen: Beteiligung, Barrierefreiheit, Finanzierung",
        "Moderation: Simone Fischer, Fachberatung Inklusion",
    ),
    ("15:15", "16:00", "Ergebnisse und Ausblick", "Simone Fischer, Fachberatung Inklusion"),
)

#: The follow-up of 2018, copied from Ulm: the agenda items the advisor has changed so far
#: (position → title, speaker); the others are still Ulm's.
FOLLOW_UP_AGENDA_CHANGES: dict[int, tuple[str, str | None]] = {
    1: ("Begrüßung", "Benjamin Lachat, Städtetag Baden-Württemberg; {host}"),
    2: ("Grußwort des Ministeriums für Soziales und Integration", "{ministry} (angefragt)"),
    3: ("Impulsvortrag: Vom Konzept zur Praxis – Netzwerke im Quartier", "N. N. (angefragt)"),
    4: ("Praxisberichte: Erfahrungen bei der Umsetzung vor Ort", "N. N. (angefragt)"),
}

REUTLINGEN_AGENDA: tuple[tuple[str, str, str, str | None], ...] = (
    ("10:00", "10:15", "Begrüßung", "Benjamin Lachat, Städtetag Baden-Württemberg"),
    ("10:15", "11:30", "Praxisberichte: Beteiligung im Quartier", "{reports}"),
    ("11:30", "12:30", "Austausch in Kleingruppen", "Simone Fischer, Fachberatung Inklusion"),
    ("12:30", "13:00", "Zusammenfassung und Ausblick", "Simone Fischer, Fachberatung Inklusion"),
)
