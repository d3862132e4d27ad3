"""Giving the columns of a table a meaning: suggested mapping, name splitting, applying a mapping.

The advisor's lists come from German and English Outlook, Thunderbird and hand-made Excel sheets.
The suggestion knows their header names (compared without case, umlauts, spaces and punctuation)
and prefers business over private columns; the dialog lets her correct it before anything happens.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from typing import NamedTuple

from beratung.domain.rules.text import clean_text
from beratung.interchange._text import quote
from beratung.interchange.contacts_model import (
    CONTACT_FIELDS,
    FALLBACK_FIELDS,
    FALLBACK_TARGETS,
    FULL_NAME,
    KIND_OF_VALUE,
    MULTI_VALUE,
    NAME_SUFFIX,
    NOTE_TARGETS,
    PHONE_BY_KIND,
    POSTCODE_AND_TOWN,
    PRIVATE_ADDRESS,
    SPLIT_TARGETS,
    ContactRecord,
    RawTable,
    RowProblem,
)
from beratung.interchange.groups import split_groups, system_groups_message

# Header synonyms per target, best first. The position in a list is the priority when several
# columns could fill the same field (business address before private, first e-mail before second).
_SYNONYMS: dict[str, list[str]] = {
    "anrede": ["Anrede", "Frau/Herr", "Herr/Frau", "Salutation", "Title", "Name Prefix"],
    "titel": ["Titel", "Akademischer Titel", "Akad. Titel", "Grad", "Prefix"],
    "vorname": ["Vorname", "First Name", "Given Name", "Vornamen", "Rufname"],
    "nachname": ["Nachname", "Last Name", "Familienname", "Surname", "Family Name", "Zuname"],
    FULL_NAME: [
        "Vollständiger Name", "Full Name", "Anzeigename", "Display Name", "Name, Vorname",
        "Vorname Name", "Ansprechpartner", "Ansprechpartnerin", "Ansprechperson", "Kontakt",
        "Kontaktperson", "Person",
    ],
    "organisation": [
        "Firma", "Company", "Organisation", "Organization", "Kommune", "Gemeinde", "Institution",
        "Einrichtung", "Behörde", "Dienststelle", "Verwaltung", "Träger", "Landkreis",
        "Stadtverwaltung", "Arbeitgeber", "Unternehmen", "Verband", "Stadt/Gemeinde",
        "Organization Name",
    ],
    "abteilung": ["Abteilung", "Department", "Amt", "Fachbereich", "Referat", "Dezernat",
                  "Sachgebiet", "Bereich", "Organization Department"],
    "funktion": ["Position", "Funktion", "Job Title", "Arbeitstitel", "Rolle", "Beruf",
                 "Stellung", "Amtsbezeichnung", "Dienstbezeichnung", "Profession",
                 "Organization Title"],
    "strasse": [
        "Straße geschäftlich", "Business Street", "Dienstlich: Adresse", "Work Address",
        "Straße", "Strasse", "Str.", "Anschrift", "Adresse", "Straße und Hausnummer",
        "Straße, Hausnummer", "Street", "Address", "Weitere Straße", "Other Street",
    ],
    "plz": [
        "Postleitzahl geschäftlich", "Business Postal Code", "Dienstlich: PLZ", "Work ZipCode",
        "PLZ", "Postleitzahl", "Postal Code", "Zip", "ZIP Code", "Weitere Postleitzahl",
        "Other Postal Code",
    ],
    POSTCODE_AND_TOWN: ["PLZ Ort", "PLZ/Ort", "PLZ, Ort", "PLZ und Ort", "Postleitzahl Ort"],
    "ort": [
        "Ort geschäftlich", "Business City", "Dienstlich: Ort", "Work City", "Ort", "Wohnort",
        "Sitz", "City", "Town", "Weiterer Ort", "Other City", "Stadt",
    ],
    "land": [
        "Land/Region geschäftlich", "Business Country/Region", "Business Country",
        "Dienstlich: Land", "Work Country", "Land", "Staat", "Country", "Country/Region",
    ],
    "email": [
        "E-Mail-Adresse", "E-mail Address", "Email Address", "Primäre E-Mail-Adresse",
        "Primary Email", "E-Mail", "Email", "Mail", "E-Mail geschäftlich", "E-Mail dienstlich",
        "E-Mail 2: Adresse", "E-mail 2 Address", "Sekundäre E-Mail-Adresse", "Secondary Email",
        "E-Mail 3: Adresse", "E-mail 3 Address",
    ],
    "telefon": [
        "Telefon geschäftlich", "Business Phone", "Tel. dienstlich", "Work Phone", "Telefon",
        "Tel.", "Tel", "Telefonnummer", "Phone", "Telefon dienstlich", "Durchwahl",
        "Haupttelefon", "Primary Phone", "Telefon Firma", "Company Main Phone",
        "Telefon geschäftlich 2", "Business Phone 2", "Weiteres Telefon", "Other Phone",
    ],
    "mobil": ["Mobiltelefon", "Mobile Phone", "Mobil-Tel.-Nr.", "Mobile Number", "Mobil",
              "Handy", "Mobilnummer", "Mobiltelefon 2", "Mobile"],
    "fax": ["Fax geschäftlich", "Business Fax", "Fax-Nummer", "Fax Number", "Fax", "Telefax",
            "Fax privat", "Home Fax", "Weiteres Fax", "Other Fax"],
    "webseite": ["Webseite", "Web Page", "Webseite 1", "Web Page 1", "Internet", "Homepage",
                 "Website", "Internetseite", "URL", "Webseite 2", "Web Page 2"],
    "notizen": ["Notizen", "Notes", "Bemerkung", "Bemerkungen", "Notiz", "Anmerkung",
                "Anmerkungen", "Kommentar", "Hinweis", "Hinweise", "Info"],
    "verteiler": ["Kategorien", "Categories", "Verteiler", "Verteilerliste", "Listen",
                  "Gruppe", "Gruppen", "Kategorie", "Group Membership", "Labels"],
    # The private block: fallback targets, used only where the business block is empty.
    "strasse_privat": ["Straße privat", "Home Street", "Privat: Adresse", "Home Address",
                       "Strasse privat", "Privatadresse", "Privatanschrift"],
    "plz_privat": ["Postleitzahl privat", "Home Postal Code", "Privat: PLZ", "Home ZipCode",
                   "PLZ privat"],
    "ort_privat": ["Ort privat", "Home City", "Privat: Ort", "Wohnort privat"],
    "land_privat": ["Land/Region privat", "Home Country/Region", "Privat: Land",
                    "Home Country"],
    "telefon_privat": ["Telefon privat", "Home Phone", "Tel. privat", "Telefon (privat)"],
    # Kept in the notes under their label (NOTE_TARGETS).
    NAME_SUFFIX: ["Namenszusatz", "Suffix", "Name Suffix", "Nachsilbe"],
    "spitzname": ["Spitzname", "Nickname", "Rufname (Spitzname)"],
    "geburtstag": ["Geburtstag", "Birthday", "Geburtsdatum"],
    "geburtsjahr": ["Birth Year", "Geburtsjahr"],
    "geburtsmonat": ["Birth Month", "Geburtsmonat"],
    "geburtstag_tag": ["Birth Day"],
}

_MULTI_VALUE = MULTI_VALUE

#: Words that are a salutation (Anrede) rather than an academic title.
SALUTATION_WORDS = frozenset(
    {"frau", "herr", "fr", "hr", "mr", "mrs", "ms", "miss", "familie", "fam", "eheleute",
     "divers", "herrn"}
)
_TITLE_RE = re.compile(
    r"^(?:(?:Prof|Dr|Dipl|Mag|Ing|PD|apl|Hon|rer|nat|med|phil|pol|jur|oec|h\.\s?c|habil|"
    r"em|mult|M\.?\s?A|B\.?\s?A|LL\.?\s?M|Ph\.?\s?D|M\.?\s?Sc|B\.?\s?Sc)[\w.\-]*\.?\s*)+$",
    re.IGNORECASE,
)
_PARTICLES = frozenset({"von", "van", "de", "der", "den", "zu", "zum", "zur", "vom", "di", "da",
                        "del", "du", "la", "le", "ten", "ter", "auf"})


def normalize_header(text: str) -> str:
    """Header comparison key: case, umlauts, accents, spaces and punctuation do not matter."""
    text = text.casefold().replace("ß", "ss")
    for umlaut, plain in (("ä", "ae"), ("ö", "oe"), ("ü", "ue")):
        text = text.replace(umlaut, plain)
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if ch.isalnum())


_LOOKUP: dict[str, list[tuple[str, int]]] = {}
for _target, _names in _SYNONYMS.items():
    for _priority, _name in enumerate(_names):
        _LOOKUP.setdefault(normalize_header(_name), []).append((_target, _priority))
# "Name" alone is the last name when there is a first-name column, otherwise the full name.
_LOOKUP.setdefault("name", []).extend([("nachname", 50), (FULL_NAME, 60)])
_LOOKUP.setdefault("stadt", []).append(("organisation", 60))


#: Columns that add to a field another column already fills (middle names, second street line).
_ADDITIVE: dict[str, str] = {
    normalize_header(name): target
    for target, names in {
        "vorname": ["Weitere Vornamen", "Middle Name", "Zweiter Vorname", "Additional Name"],
        "strasse": ["Straße geschäftlich 2", "Straße geschäftlich 3", "Business Street 2",
                    "Business Street 3", "Dienstlich: Adresse 2", "Work Address 2",
                    "Adresszusatz"],
        "strasse_privat": ["Straße privat 2", "Straße privat 3", "Home Street 2",
                           "Home Street 3", "Privat: Adresse 2", "Home Address 2"],
    }.items()
    for name in names
}
#: How apply_mapping joins several columns that feed the same field.
_JOINERS: dict[str, str] = {
    "notizen": "\n", "verteiler": ";", "vorname": " ", "strasse": "\n", "strasse_privat": "\n",
}
#: The business address fields; a row uses its private address only when all of them are empty.
_BUSINESS_ADDRESS = ("strasse", "plz", "ort")
_KIND_LABEL = {"home": "privat", "work": "geschäftlich"}


#: Google Contacts numbers its repeated blocks: "Phone 2 - Value", "Address 1 - Postal Code",
#: "Organization 1 - Title", "E-mail 1 - Label" (current export) or "… - Type" (legacy export).
_BLOCK_RE = re.compile(
    r"^\s*(e-?mail|phone|address|organi[sz]ation|website|relation|event|im|custom field|"
    r"external id)\s*(\d+)\s*-\s*(.+?)\s*$",
    re.IGNORECASE,
)
#: Block → part → target. Address 1 is the main address, Address 2 the one used only when the
#: first is empty (taken as a whole, like Outlook's private block); parts not listed are kept out.
_BLOCK_PARTS: dict[str, dict[str, str]] = {
    "email": {"value": "email"},
    "phone": {"value": PHONE_BY_KIND},
    "address": {"street": "strasse", "postalcode": "plz", "city": "ort", "country": "land",
                "extendedaddress": "adresszusatz", "pobox": "postfach"},
    "organization": {"name": "organisation", "title": "funktion", "department": "abteilung"},
    "website": {"value": "webseite"},
}
_SECOND_ADDRESS = {"strasse": "strasse_privat", "plz": "plz_privat", "ort": "ort_privat",
                   "land": "land_privat"}
#: Targets several columns may feed at once (every phone pair, every type column).
_MULTI_TARGETS = frozenset({PHONE_BY_KIND, KIND_OF_VALUE})


def block_of(header: str) -> tuple[str, int, str] | None:
    """``(block, number, part)`` of a numbered Google column ("Phone 2 - Value" → phone, 2,
    value), all normalised; ``None`` for any other header."""
    match = _BLOCK_RE.match(header)
    if not match:
        return None
    block = normalize_header(match.group(1)).replace("organisation", "organization")
    return block, int(match.group(2)), normalize_header(match.group(3))


def _block_target(header: str) -> tuple[str, int] | None:
    """The target and priority of a numbered Google column, or ``None``."""
    parsed = block_of(header)
    if parsed is None:
        return None
    block, number, part = parsed
    if part in ("type", "label"):
        return (KIND_OF_VALUE, number) if block in _BLOCK_PARTS else None
    target = _BLOCK_PARTS.get(block, {}).get(part)
    if target is None:
        return None
    if block == "address":
        if number > 2 or (number == 2 and target not in _SECOND_ADDRESS):
            return None
        return (target if number == 1 else _SECOND_ADDRESS[target]), 0
    return target, number


def header_signature(headers: Sequence[str]) -> str:
    """A short key of a header row (normalised cells, hashed), so that a mapping the user chose
    for one file can be offered again for the next file with the same columns."""
    text = "\x1f".join(normalize_header(header) for header in headers)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


def known_header(header: str) -> bool:
    """Whether a cell text is a column name we recognise (used to find the header row)."""
    key = normalize_header(header)
    return key in _LOOKUP or key in _ADDITIVE or block_of(header) is not None


_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PLZ_RE = re.compile(r"^\d{5}$")
_URL_RE = re.compile(r"^(https?://|www\.)", re.IGNORECASE)
_PERSON_NAME_RE = re.compile(r"[^\W\d_][\w.'-]*(?:,?\s+[^\W\d_][\w.'-]*){1,4}")


#: Columns that hold the whole name beside the name parts (Thunderbird's "Display Name"): mapped
#: as a full name all the same, since it fills only what the parts leave empty, and a contact
#: with a display name alone is common there.
_DISPLAY_NAMES = frozenset(
    normalize_header(name)
    for name in ("Anzeigename", "Display Name", "Vollständiger Name", "Full Name")
)


def suggest_mapping(
    headers: Sequence[str], sample_rows: Sequence[Sequence[str]] | None = None
) -> dict[int, str | None]:
    """Map every column index to a contact field (or a split target), or ``None`` to ignore it.

    Each field goes to at most one column, the best-ranked one. Columns with unknown names are
    guessed from ``sample_rows`` (e-mail addresses, five-digit postcodes, web addresses), which is
    what makes a header-less file usable.
    """
    mapping: dict[int, str | None] = dict.fromkeys(range(len(headers)))
    candidates: list[tuple[int, int, str]] = []
    for index, header in enumerate(headers):
        for target, priority in _LOOKUP.get(normalize_header(header), []):
            candidates.append((priority, index, target))
        block = _block_target(header)
        if block is not None:
            candidates.append((block[1], index, block[0]))
    if any(t == "geburtsmonat" for _, _, t in candidates):
        # Thunderbird's German header: "Geburtsjahr", "Geburtsmonat", "Geburtstag" (the day).
        candidates = [
            (priority, index, "geburtstag_tag" if target == "geburtstag" else target)
            for priority, index, target in candidates
        ]
    taken: set[str] = set()
    has_first_name = any(t == "vorname" for _, _, t in candidates)
    for _priority, index, target in sorted(candidates):
        if target in _MULTI_TARGETS and mapping[index] is None:
            mapping[index] = target
            continue
        if mapping[index] is not None or target in taken:
            continue
        if target == FULL_NAME and (has_first_name or "nachname" in taken) and (
            normalize_header(headers[index]) not in _DISPLAY_NAMES
        ):
            continue
        if target == "nachname" and normalize_header(headers[index]) == "name" and (
            not has_first_name
        ):
            continue
        mapping[index] = target
        taken.add(target)
    _resolve_stadt(headers, mapping, taken)
    address_at = _one_address_block(headers, mapping, taken)
    for index, header in enumerate(headers):
        additive = _ADDITIVE.get(normalize_header(header))
        if mapping[index] is None and additive in taken:
            mapping[index] = additive
    if sample_rows:
        # A column of another address block is never guessed into the address.
        other_block = {
            index for index, header in enumerate(headers)
            if address_block(header) not in (None, address_at)
        } if address_at else set()
        _guess_from_content(sample_rows, mapping, taken, other_block)
    return mapping


_ADDRESS_FIELDS = frozenset({"strasse", "plz", "ort", "land"})
_BLOCK_WORDS = (
    ("work", ("geschaeftlich", "business", "work", "dienstlich", "arbeit", "buero")),
    ("other", ("weitere", "other", "sonstige", "andere")),
    ("home", ("privat", "home", "zuhause")),
)


def address_block(header: str) -> str | None:
    """"work", "other" or "home" for a column of one of Outlook's address blocks ("Business
    City", "Weitere Postleitzahl"), ``None`` for a plain address column ("PLZ")."""
    key = normalize_header(header)
    for block, words in _BLOCK_WORDS:
        if any(word in key for word in words):
            return block
    return None


def _one_address_block(
    headers: Sequence[str], mapping: dict[int, str | None], taken: set[str]
) -> str | None:
    """Address parts from ONE of Outlook's blocks, never street and town of the business block
    with the postcode of the "Other" one (when "Business Postal Code" is missing or named in a
    way we do not know). The block of the street wins, else the one with most parts; the parts
    of another block are left unmapped (and so named as not kept)."""
    blocks: dict[int, str] = {}
    for index, target in mapping.items():
        if target in _ADDRESS_FIELDS:
            block = address_block(headers[index])
            if block is not None:
                blocks[index] = block
    if len(set(blocks.values())) < 2:
        return next(iter(blocks.values()), None)
    street_block = next((blocks[i] for i in blocks if mapping[i] == "strasse"), None)
    if street_block is None:
        counted = [b for _, b in sorted(blocks.items())]
        street_block = max(counted, key=counted.count)
    for index, block in blocks.items():
        if block != street_block:
            taken.discard(mapping[index] or "")
            mapping[index] = None
    return street_block


def _resolve_stadt(headers: Sequence[str], mapping: dict[int, str | None], taken: set[str]) -> None:
    """A "Stadt" column without any address column is the municipality, not the town."""
    for index, header in enumerate(headers):
        if normalize_header(header) != "stadt" or mapping[index] != "ort":
            continue
        if "plz" not in taken and "strasse" not in taken and "organisation" not in taken:
            mapping[index] = "organisation"
            taken.discard("ort")
            taken.add("organisation")


def _guess_from_content(
    rows: Sequence[Sequence[str]],
    mapping: dict[int, str | None],
    taken: set[str],
    other_block: set[int] | frozenset[int] = frozenset(),
) -> None:
    tests = (
        ("email", lambda v: bool(_EMAIL_RE.match(v))),
        ("plz", lambda v: bool(_PLZ_RE.match(v))),
        ("webseite", lambda v: bool(_URL_RE.match(v))),
        ("anrede", lambda v: normalize_header(v) in SALUTATION_WORDS),
        (FULL_NAME, lambda v: bool(_PERSON_NAME_RE.fullmatch(v))),
    )
    for index in mapping:
        if mapping[index] is not None:
            continue
        values = [row[index].strip() for row in rows if index < len(row) and row[index].strip()]
        if not values:
            continue
        for target, test in tests:
            if target == FULL_NAME and ({"nachname", "vorname"} & taken):
                continue
            if target == "plz" and index in other_block:
                continue
            if target not in taken and sum(map(test, values)) >= 0.8 * len(values):
                mapping[index] = target
                taken.add(target)
                break


class NameParts(NamedTuple):
    anrede: str | None
    titel: str | None
    vorname: str | None
    nachname: str | None


def split_salutation(text: str | None) -> tuple[str | None, str | None]:
    """Split "Frau Dr." into ("Frau", "Dr."); "Dr." alone is a title, "Frau" alone a salutation.

    German Outlook keeps both in its "Anrede" field and English Outlook in "Title", so the value
    of an Anrede column may hold either. Anything unrecognised stays the salutation, for the checks
    to report.
    """
    if text is None or not text.strip():
        return None, None
    text = " ".join(text.split())
    first, _, rest = text.partition(" ")
    if normalize_header(first) in SALUTATION_WORDS:
        return first, rest or None
    if _TITLE_RE.match(text):
        return None, text
    return text, None


def is_placeholder(value: str) -> bool:
    """Outlook's value for "no date" ("0.0.00", "00.00.0000"): nothing to keep or report."""
    return bool(re.fullmatch(r"\s*0+[./-]0+[./-]0+\s*", value))


#: Degrees written after the name ("John Smith, Ph.D."): a suffix, not a title before the name.
_POST_NOMINAL_RE = re.compile(
    r"^(?:Ph\.?\s?D|M\.?\s?A|B\.?\s?A|LL\.?\s?M|M\.?\s?Sc|B\.?\s?Sc)\.?$", re.IGNORECASE
)


def split_name_suffix(text: str | None) -> tuple[str | None, str | None]:
    """Split a name suffix into titles written before the name and the rest:
    ("Dr.", None) for a "Dr." put in the wrong field, (None, "Jr.").

    A suffix such as "Jr.", "Sr.", "III", "MdL", "MdB" or "Ph.D." is not an academic title to
    put before the name in a letter ("Jr. Michael Angstadt"); it is kept in the notes.
    """
    if text is None or not text.strip():
        return None, None
    words = [word for word in re.split(r"[,\s]+", text.strip()) if word]

    def is_title(word: str) -> bool:
        return bool(_TITLE_RE.match(word)) and not _POST_NOMINAL_RE.match(word)

    degrees = [word for word in words if is_title(word)]
    others = [word for word in words if not is_title(word)]
    return " ".join(degrees) or None, " ".join(others) or None


def split_full_name(text: str | None) -> NameParts:
    """Split a name as people type it into salutation, title, first and last name.

    Handles "Dr. Anna Beispiel", "Frau Prof. Dr. Anna Maria Beispiel-Muster", "Beispiel, Anna"
    and name particles ("Ursula von der Leyen" → last name "von der Leyen"). A single word is the
    last name, because letters and lists sort by it.
    """
    if text is None or not text.strip():
        return NameParts(None, None, None, None)
    text = " ".join(text.split())
    anrede: str | None = None
    titles: list[str] = []
    if "," in text:
        last, _, first = (part.strip() for part in text.partition(","))
        words = first.split()
        words, anrede, titles = _take_prefixes(words)
        return NameParts(anrede, " ".join(titles) or None, " ".join(words) or None, last or None)
    words, anrede, titles = _take_prefixes(text.split())
    if not words:
        return NameParts(anrede, " ".join(titles) or None, None, None)
    last_start = len(words) - 1
    while last_start > 1 and words[last_start - 1].casefold() in _PARTICLES:
        last_start -= 1
    if last_start == 1 and words[0].casefold() in _PARTICLES:
        last_start = 0
    given = " ".join(words[:last_start]) or None
    family = " ".join(words[last_start:])
    return NameParts(anrede, " ".join(titles) or None, given, family)


def _take_prefixes(words: list[str]) -> tuple[list[str], str | None, list[str]]:
    anrede: str | None = None
    titles: list[str] = []
    while words:
        word = words[0]
        if anrede is None and not titles and normalize_header(word) in SALUTATION_WORDS:
            anrede = word
        elif _TITLE_RE.match(word) and (word.endswith(".") or len(words) > 1):
            titles.append(word)
        else:
            break
        words = words[1:]
    return words, anrede, titles


def split_postcode_town(text: str | None) -> tuple[str | None, str | None]:
    """Split "70173 Stuttgart" (also "D-70173 Stuttgart") into postcode and town."""
    if text is None or not text.strip():
        return None, None
    match = re.match(r"^\s*(?:D\s*-\s*)?(\d{4,5})\s*,?\s*(.*)$", text)
    if not match:
        return None, " ".join(text.split())
    return match.group(1), clean_text(match.group(2))


def split_verteiler(text: str | None) -> list[str]:
    """The distribution-list names of a ``verteiler`` value (";"-separated, blanks dropped)."""
    if not text:
        return []
    return [name.strip() for name in text.split(";") if name.strip()]


class MappedRows(NamedTuple):
    records: list[ContactRecord]
    #: Per-row notes of the mapping itself (both a business and a private address …).
    problems: list[RowProblem]


def apply_mapping(table: RawTable, mapping: Mapping[int, str | None]) -> list[ContactRecord]:
    """The records of :func:`map_rows` (without its per-row notes)."""
    return map_rows(table, mapping).records


def map_rows(table: RawTable, mapping: Mapping[int, str | None]) -> MappedRows:
    """Turn each row of ``table`` into a record according to ``mapping`` (column → target).

    Several columns may feed the same field: notes, distribution lists, first names (with middle
    names) and street lines are joined, for other fields the first non-empty column wins.
    Split targets fill only fields no column gave. Fallback targets (the private address block,
    the private phone) fill a row only where its business block is empty; the private address
    is taken as a whole, and a row with both addresses gets a warning.
    Every row yields a record, even an empty one, so that the checks report it instead of
    losing it.
    """
    valid = set(CONTACT_FIELDS) | set(SPLIT_TARGETS) | set(FALLBACK_TARGETS) | set(NOTE_TARGETS)
    for index, target in mapping.items():
        if target is not None and target not in valid:
            raise ValueError(f"unknown mapping target {target!r} for column {index}")
        if not 0 <= index < len(table.headers):
            raise ValueError(f"column {index} is outside the table")
    ordered = sorted((i, t) for i, t in mapping.items() if t is not None)
    kinds = _kind_columns(table.headers, mapping)
    records = []
    problems: list[RowProblem] = []
    system_seen: dict[str, int] = {}
    for position, row in enumerate(table.rows):
        row_number = table.row_numbers[position] if table.row_numbers else position + 1
        records.append(_record_from_row(row, ordered, row_number, problems, kinds, system_seen))
    if system_seen:
        problems.append(RowProblem(0, "verteiler", system_groups_message(system_seen, "Zeile"),
                                   "warning"))
    problems += unmapped_columns(table, mapping, kinds)
    mixed = [
        table.headers[index] for index, target in ordered
        if target in _ADDRESS_FIELDS and address_block(table.headers[index]) is not None
    ]
    if len({address_block(header) for header in mixed}) > 1:
        problems.append(RowProblem(
            0, "strasse",
            "Die Zuordnung nimmt die Adresse aus verschiedenen Adressblöcken ("
            + ", ".join(quote(header) for header in mixed)
            + "); so können Straße und Ort der einen mit der PLZ der anderen Adresse "
            "zusammenkommen. Bitte die Spalten nur eines Blocks zuordnen.",
            "warning",
        ))
    return MappedRows(records, problems)


def unmapped_columns(
    table: RawTable, mapping: Mapping[int, str | None], kinds: Mapping[int, int] | None = None
) -> list[RowProblem]:
    """"nicht übernommen: Spalte „X“ (n Werte)" for every column with values that no field
    takes, so that the advisor sees in the dry run what the file held and the app did not keep.

    A type column ("Phone 2 - Label") counts as taken when its value column is mapped, and
    Google's "Address 1 - Formatted" when the parts of the same address are.
    """
    if kinds is None:
        kinds = _kind_columns(table.headers, mapping)
    used_kinds = set(kinds.values())
    mapped_blocks = {
        parsed[:2] for index, target in mapping.items()
        if target not in (None, KIND_OF_VALUE)
        and (parsed := block_of(table.headers[index])) is not None
    }
    out: list[RowProblem] = []
    for index, header in enumerate(table.headers):
        target = mapping.get(index)
        if target is not None and (target != KIND_OF_VALUE or index in used_kinds):
            continue
        parsed = block_of(header)
        if parsed is not None and parsed[2] == "formatted" and parsed[:2] in mapped_blocks:
            continue
        count = sum(
            1 for row in table.rows
            if index < len(row) and clean_text(row[index]) and not is_placeholder(row[index])
        )
        if count:
            out.append(RowProblem(
                0, None,
                f"nicht übernommen: Spalte {quote(header)} ({count} "
                f"{'Wert' if count == 1 else 'Werte'}) – keinem Feld zugeordnet.",
                "warning",
            ))
    return out


def _kind_columns(headers: Sequence[str], mapping: Mapping[int, str | None]) -> dict[int, int]:
    """Column → the type column of its numbered block ("Phone 1 - Value" → "Phone 1 - Type")."""
    kind_of_block: dict[tuple[str, int], int] = {}
    for index, target in mapping.items():
        parsed = block_of(headers[index]) if target == KIND_OF_VALUE else None
        if parsed is not None:
            kind_of_block.setdefault(parsed[:2], index)
    kinds: dict[int, int] = {}
    for index, target in mapping.items():
        parsed = block_of(headers[index]) if target not in (None, KIND_OF_VALUE) else None
        if parsed is not None and parsed[:2] in kind_of_block:
            kinds[index] = kind_of_block[parsed[:2]]
    return kinds


def _kind_text(row: Sequence[str], column: int | None) -> str:
    """The type cell as written, without Google's "* " mark of the primary value."""
    if column is None or column >= len(row):
        return ""
    return row[column].strip().lstrip("*").strip()


def _phone_target(kind: str) -> str:
    """Where a number of this type goes: mobile, fax, private (fallback) or the phone."""
    key = normalize_header(kind)
    if any(word in key for word in ("mobil", "cell", "handy", "iphone")):
        return "mobil"
    if "fax" in key:
        return "fax"
    if key.startswith(("home", "privat", "zuhause")):
        return "telefon_privat"
    return "telefon"


def _address_kind(kind: str) -> str | None:
    """"home" or "work" for an address type cell, ``None`` when it says neither."""
    key = normalize_header(kind)
    if key.startswith(("home", "privat", "zuhause")):
        return "home"
    if key.startswith(("work", "geschaeft", "dienst", "arbeit", "buero")):
        return "work"
    return None


def _record_from_row(
    row: Sequence[str],
    ordered: Iterable[tuple[int, str]],
    row_number: int,
    problems: list[RowProblem],
    kinds: Mapping[int, int] | None = None,
    system_seen: dict[str, int] | None = None,
) -> ContactRecord:
    kinds = kinds or {}
    system_seen = {} if system_seen is None else system_seen
    values: dict[str, str | None] = {}
    fallback: dict[str, str | None] = {}
    full_names: list[str] = []
    postcode_towns: list[str] = []
    address_kinds: dict[str, str | None] = {}
    labelled_notes: list[str] = []
    system_groups: list[str] = []

    def warn(field: str, message: str) -> None:
        problems.append(RowProblem(row_number, field, f"Zeile {row_number}: {message}", "warning"))

    for index, target in ordered:
        value = clean_text(row[index]) if index < len(row) else None
        if value is None or target == KIND_OF_VALUE:
            continue
        kind = _kind_text(row, kinds.get(index))
        if target in PRIVATE_ADDRESS or target in _BUSINESS_ADDRESS or target == "land":
            block = "second" if target in PRIVATE_ADDRESS else "first"
            address_kinds.setdefault(block, _address_kind(kind) if kind else None)
        if target == "verteiler":
            lists, system = split_groups(value)
            system_groups += system
            if not lists:
                continue
            value = ";".join(lists)
        if target == NAME_SUFFIX:
            degree, rest = split_name_suffix(value)
            if degree:
                values["titel"] = f"{values['titel']} {degree}" if values.get("titel") else degree
            if not rest:
                continue
            value = rest
        if is_placeholder(value):
            continue  # Outlook writes "0.0.00" for no birthday
        if target in NOTE_TARGETS:
            labelled_notes.append(f"{NOTE_TARGETS[target]}: {value}")
            continue
        numbers = [value]
        if _MULTI_VALUE in value and target not in ("notizen", "verteiler"):
            numbers = [part for part in (clean_text(p) for p in value.split(_MULTI_VALUE)) if part]
            value = numbers[0]
        if target == PHONE_BY_KIND:
            for number in numbers:
                field = _phone_target(kind)
                into = fallback if field in FALLBACK_TARGETS else values
                if into.get(field) is None:
                    into[field] = number
                else:
                    label = f" ({quote(kind)})" if kind else ""
                    warn(FALLBACK_FIELDS.get(field, field),
                         f"Die weitere Telefonnummer {quote(number)}{label} wird nicht "
                         f"übernommen; übernommen ist {quote(into[field] or '')}.")
            continue
        for extra in numbers[1:]:
            warn(FALLBACK_FIELDS.get(target, target),
                 f"Der weitere Wert {quote(extra)} wird nicht übernommen; übernommen ist "
                 f"{quote(value)}.")
        into = fallback if target in FALLBACK_TARGETS else values
        if target == FULL_NAME:
            full_names.append(value)
        elif target == POSTCODE_AND_TOWN:
            postcode_towns.append(value)
        elif target in _JOINERS and into.get(target):
            into[target] = f"{into[target]}{_JOINERS[target]}{value}"
        elif into.get(target) is None:
            into[target] = value
    for full in full_names:
        for name, part in split_full_name(full)._asdict().items():
            if values.get(name) is None and part is not None:
                values[name] = part
    for combined in postcode_towns:
        plz, ort = split_postcode_town(combined)
        if values.get("plz") is None and plz:
            values["plz"] = plz
        if values.get("ort") is None and ort:
            values["ort"] = ort
    private = address_kinds.get("first") == "home"
    has_first = any(values.get(key) for key in _BUSINESS_ADDRESS)
    has_second = any(fallback.get(key) for key in PRIVATE_ADDRESS if key != "land_privat")
    first_text = ", ".join(v for k in ("strasse", "plz", "ort", "land") if (v := values.get(k)))
    second_text = ", ".join(v for k in PRIVATE_ADDRESS if (v := fallback.get(k)))
    if has_second:
        first_kind, second_kind = address_kinds.get("first"), address_kinds.get("second")
        if not has_first or (first_kind == "home" and second_kind == "work"):
            if has_first:
                warn("strasse", "Es gibt eine Privat- und eine Geschäftsadresse; übernommen "
                                "wird die Geschäftsadresse, die Privatadresse "
                                f"({quote(first_text)}) nicht.")
            for key, target in PRIVATE_ADDRESS.items():
                values[target] = fallback.get(key)
            # Outlook's second block is the private one; a Google block says what it is.
            private = second_kind != "work"
        elif "second" in address_kinds and (first_kind or second_kind):
            warn("strasse", "Es gibt zwei Adressen; übernommen wird die erste"
                            + (f" ({_KIND_LABEL[first_kind]})" if first_kind else "")
                            + ", die zweite"
                            + (f" ({_KIND_LABEL[second_kind]})" if second_kind else "")
                            + f" ({quote(second_text)}) nicht.")
        else:
            warn("strasse", "Es gibt eine Geschäfts- und eine Privatadresse; übernommen "
                            "wird die Geschäftsadresse, die Privatadresse "
                            f"({quote(second_text)}) nicht.")
    if labelled_notes:
        values["notizen"] = "\n".join(filter(None, [values.get("notizen"), *labelled_notes]))
    for name in system_groups:
        system_seen[name] = system_seen.get(name, 0) + 1
    if values.get("telefon") is None and fallback.get("telefon_privat"):
        values["telefon"] = fallback["telefon_privat"]
    elif fallback.get("telefon_privat") and fallback["telefon_privat"] != values.get("telefon"):
        warn("telefon", f"Die private Telefonnummer {quote(fallback['telefon_privat'] or '')} "
                        "wird nicht übernommen; übernommen ist die geschäftliche "
                        f"{quote(values.get('telefon') or '')}.")
    if values.get("anrede") is not None:
        anrede, title = split_salutation(values["anrede"])
        values["anrede"] = anrede
        existing = values.get("titel")
        if title and not existing:
            values["titel"] = title
        elif title and existing and title not in existing:
            values["titel"] = f"{title} {existing}"
    return ContactRecord(source_row=row_number, address_is_private=private, **values)
