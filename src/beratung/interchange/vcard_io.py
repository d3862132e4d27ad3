"""vCard files (.vcf) in and out.

Reading is a small hand-written parser rather than vobject because the files the advisor has are
old-Outlook 2.1 cards (quoted-printable, ``CHARSET=Windows-1252``, bare ``;WORK;VOICE`` types)
mixed with 3.0 and 4.0 cards, and one broken card must not stop the rest: every card is parsed on
its own and a broken one becomes a :class:`RowProblem` with its number. Writing produces vCard 3.0,
the version both Outlook and Thunderbird import.
"""

from __future__ import annotations

import codecs
import quopri
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from beratung.domain.errors import ValidationError
from beratung.domain.rules.text import clean_text, without_invisible
from beratung.interchange._text import decode_text, quote
from beratung.interchange.contacts_model import ContactRecord, RowProblem, VCardBatch
from beratung.interchange.groups import is_system_group, system_groups_message
from beratung.interchange.mapping import (
    split_full_name,
    split_name_suffix,
    split_salutation,
    split_verteiler,
)

#: Our own extension property: the salutation, so that "Frau" and a title such as "Dr." survive a
#: round trip exactly although vCard has only one honorific-prefix component for both.
ANREDE_PROPERTY = "X-BERATUNG-ANREDE"

_LABEL_CODECS = {"Windows-1252": "cp1252", "ISO-8859-1": "latin-1"}
_ENCODING_WORDS = frozenset({"QUOTED-PRINTABLE", "BASE64", "B", "8BIT", "7BIT"})
_MAX_FOLDED_OCTETS = 75


@dataclass
class _Property:
    name: str
    params: dict[str, list[str]]
    value: str
    line: int
    #: Apple's "item1." group, which ties a value to its ``X-ABLabel``.
    group: str = ""
    #: Types implied by the group's label ("_$!<Mobile>!$_" → CELL), set by ``_apply_labels``.
    label_types: frozenset[str] = frozenset()

    @property
    def types(self) -> set[str]:
        # vCard 4.0 quotes the list (TYPE="work,voice"), which the parameter parser keeps whole.
        return {
            part.strip().upper()
            for raw in self.params.get("TYPE", [])
            for part in raw.split(",")
            if part.strip()
        } | self.label_types

    @property
    def preferred(self) -> bool:
        return "PREF" in self.types or "PREF" in self.params


@dataclass
class _Card:
    number: int
    first_line: int
    properties: list[_Property] = field(default_factory=list)
    complete: bool = False


def read_vcards(data: bytes, *, filename: str) -> VCardBatch:
    """Read all cards of a vCard file (2.1, 3.0 or 4.0).

    Returns the readable cards as records (``source_row`` = card number) and, in ``problems``,
    every card or line that could not be used, so the dialog can list them. Raises
    :class:`ValidationError` only when the file as a whole is unusable (empty, binary, no card).
    """
    text, encoding = decode_text(data, filename=filename, kind="vCard-Datei")
    file_codec = _LABEL_CODECS.get(encoding, "utf-8")
    problems: list[RowProblem] = []
    cards = _split_cards(text, problems, file_codec)
    if not cards:
        raise ValidationError(
            f"Die Datei {quote(filename)} enthält keine vCard (keine Zeile „BEGIN:VCARD“).",
            hint="Bitte prüfen, ob es eine vCard-Datei (.vcf) ist.",
        )
    records: list[ContactRecord] = []
    system_seen: dict[str, int] = {}
    left_out: dict[str, int] = {}
    for card in cards:
        label = _card_label(card)
        if not card.complete:
            problems.append(
                RowProblem(
                    card.number, None,
                    f"Karte {card.number}{label} (ab Zeile {card.first_line}) ist unvollständig: "
                    "„END:VCARD“ fehlt. Die Karte wurde nicht übernommen, weil ihre Angaben "
                    "abgeschnitten sein können.",
                )
            )
            continue
        try:
            record = _record_from_card(card, problems, file_codec, system_seen, left_out)
        except (ValueError, LookupError, UnicodeError) as exc:
            problems.append(
                RowProblem(
                    card.number, None,
                    f"Karte {card.number}{label} (ab Zeile {card.first_line}) kann nicht gelesen "
                    f"werden ({exc}) und wurde nicht übernommen.",
                )
            )
            continue
        if record.is_empty():
            problems.append(
                RowProblem(
                    card.number, None,
                    f"Karte {card.number} (ab Zeile {card.first_line}) enthält keine verwertbaren "
                    "Angaben (weder Name noch Organisation noch Kontaktdaten).",
                )
            )
            continue
        records.append(record)
    if system_seen:
        problems.append(
            RowProblem(0, "verteiler", system_groups_message(system_seen, "Karte"), "warning")
        )
    for name, count in left_out.items():
        problems.append(
            RowProblem(
                0, None,
                f"nicht übernommen: Eigenschaft {name} ({count} "
                f"{'Wert' if count == 1 else 'Werte'}) – dafür gibt es kein Feld.",
                "warning",
            )
        )
    problems.sort(key=lambda problem: problem.row)
    return VCardBatch(records=records, problems=problems, source=filename, encoding=encoding)


def card_properties(data: bytes, *, filename: str) -> list[list[tuple[str, str]]]:
    """Each card's properties as ``(NAME, text)`` in file order, decoded and unescaped, the
    binary ones as ``(NAME, "(Binärdaten)")``; card metadata (``CARD_META``) left out.

    This is what the file holds before any field is chosen: the dialog and the test that
    nothing is dropped silently compare it with what the import keeps and reports.
    """
    text, encoding = decode_text(data, filename=filename, kind="vCard-Datei")
    file_codec = _LABEL_CODECS.get(encoding, "utf-8")
    out: list[list[tuple[str, str]]] = []
    for card in _split_cards(text, [], file_codec):
        props: list[tuple[str, str]] = []
        for prop in card.properties:
            if prop.name in CARD_META:
                continue
            encoding_params = {e.upper() for e in prop.params.get("ENCODING", [])}
            if encoding_params & {"BASE64", "B"}:
                props.append((prop.name, "(Binärdaten)"))
                continue
            value = _decoded(prop, [], card.number, file_codec)
            parts = [_text(part) for part in _split_escaped(value, ";")]
            joined = " ".join(part for part in parts if part)
            if joined:
                props.append((prop.name, joined))
        out.append(props)
    return out


def _card_label(card: _Card) -> str:
    for prop in card.properties:
        if prop.name == "FN" and prop.value.strip():
            return f" ({quote(_unescape(prop.value.strip())[:60])})"
    return ""


def _is_quoted_printable(head: str) -> bool:
    return "QUOTED-PRINTABLE" in head.upper()


def _logical_lines(text: str) -> list[tuple[int, str]]:
    """Unfold continuation lines (leading space or tab) and quoted-printable soft breaks."""
    physical = re.split(r"\r\n|\r|\n", text)
    lines: list[tuple[int, str]] = []
    index = 0
    while index < len(physical):
        number, line = index + 1, physical[index]
        index += 1
        if line[:1] in (" ", "\t") and lines:
            previous_number, previous = lines[-1]
            lines[-1] = (previous_number, previous + line[1:])
            continue
        head = line.split(":", 1)[0]
        if ":" in line and _is_quoted_printable(head):
            while line.endswith("=") and index < len(physical):
                line = line[:-1] + physical[index]
                index += 1
        lines.append((number, line))
    return lines


def _split_cards(text: str, problems: list[RowProblem], file_codec: str) -> list[_Card]:
    cards: list[_Card] = []
    current: _Card | None = None
    for number, line in _logical_lines(text):
        if not line.strip():
            continue
        upper = line.strip().upper()
        if upper == "BEGIN:VCARD":
            current = _Card(number=len(cards) + 1, first_line=number)
            cards.append(current)
            continue
        if upper == "END:VCARD":
            if current is not None:
                current.complete = True
            current = None
            continue
        if current is None:
            continue
        prop = _parse_line(line, number)
        if prop is None:
            problems.append(
                RowProblem(
                    current.number, None,
                    f"Karte {current.number}, Zeile {number} ist unlesbar und wurde übersprungen: "
                    f"{quote(line.strip()[:60])}",
                    "warning",
                )
            )
            continue
        current.properties.append(prop)
    return cards


_NAME_RE = re.compile(r"^(?:([A-Za-z0-9-]+)\.)?([A-Za-z0-9-]+)")


def _parse_line(line: str, number: int) -> _Property | None:
    """Split ``[group.]NAME;PARAM=A,B;BARE:value``; ``None`` for a line that is not a property."""
    match = _NAME_RE.match(line)
    if not match:
        return None
    name = match.group(2).upper()
    position = match.end()
    params: dict[str, list[str]] = {}
    in_quotes = False
    start = position
    parts: list[str] = []
    while position < len(line):
        char = line[position]
        if char == '"':
            in_quotes = not in_quotes
        elif not in_quotes and char in ";:":
            parts.append(line[start:position])
            start = position + 1
            if char == ":":
                break
        position += 1
    else:
        return None
    value = line[position + 1 :]
    for part in parts[1:]:
        if not part:
            continue
        key, equals, raw = part.partition("=")
        if not equals:
            key, raw = ("ENCODING" if key.upper() in _ENCODING_WORDS else "TYPE"), key
        values = [v.strip().strip('"') for v in re.split(r',(?=(?:[^"]*"[^"]*")*[^"]*$)', raw)]
        params.setdefault(key.strip().upper(), []).extend(v for v in values if v)
    return _Property(name=name, params=params, value=value, line=number,
                     group=(match.group(1) or "").upper())


def _decoded(prop: _Property, problems: list[RowProblem], card: int, file_codec: str) -> str:
    """The property value with quoted-printable and charset applied (escapes still in place)."""
    encoding = {e.upper() for e in prop.params.get("ENCODING", [])}
    if "QUOTED-PRINTABLE" not in encoding:
        return prop.value
    raw = quopri.decodestring(prop.value.encode(file_codec, errors="replace"))
    charset = (prop.params.get("CHARSET") or [""])[0]
    if charset:
        try:
            codecs.lookup(charset)
        except LookupError:
            problems.append(
                RowProblem(
                    card, None,
                    f"Karte {card}, Zeile {prop.line}: unbekannter Zeichensatz {quote(charset)}; "
                    "der Text wurde als UTF-8 bzw. Windows-1252 gelesen.",
                    "warning",
                )
            )
            charset = ""
    if charset:
        return raw.decode(charset, errors="replace")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def _split_escaped(value: str, separator: str) -> list[str]:
    """Split at separators not preceded by a backslash; escapes are kept for ``_unescape``."""
    parts: list[str] = []
    current: list[str] = []
    index = 0
    while index < len(value):
        char = value[index]
        if char == "\\" and index + 1 < len(value):
            current.append(value[index : index + 2])
            index += 2
            continue
        if char == separator:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
        index += 1
    parts.append("".join(current))
    return parts


def _unescape(value: str) -> str:
    out: list[str] = []
    index = 0
    while index < len(value):
        char = value[index]
        if char == "\\" and index + 1 < len(value):
            following = value[index + 1]
            if following in "nN":
                out.append("\n")
            elif following in "\\,;:":
                out.append(following)
            else:
                out.append(char + following)
            index += 2
            continue
        out.append(char)
        index += 1
    return "".join(out).replace("\r\n", "\n").replace("\r", "\n")


def _text(value: str) -> str | None:
    return clean_text(_unescape(value))


def _components(value: str, count: int) -> list[str | None]:
    parts = [_text(part) for part in _split_escaped(value, ";")]
    return (parts + [None] * count)[:count] if len(parts) <= count else parts


def _join(*parts: str | None, separator: str = " ") -> str | None:
    joined = separator.join(p for p in parts if p)
    return joined or None


def _org_name(by_name: dict[str, list[_Property]]) -> str | None:
    props = by_name.get("ORG", [])
    return _components(props[0].value, 1)[0] if props else None


def _pick(props: list[_Property], *order: str) -> _Property | None:
    """The first property carrying the earliest type in ``order``; else preferred, else first."""
    for wanted in order:
        for prop in props:
            if wanted in prop.types:
                return prop
    for prop in props:
        if prop.preferred:
            return prop
    return props[0] if props else None


#: Properties that describe the card rather than the contact: neither stored nor reported.
CARD_META = frozenset(
    {"VERSION", "PRODID", "UID", "REV", "CLIENTPIDMAP", "X-ABLABEL", "X-ABUID", "KIND",
     "SORT-STRING", "X-ABSHOWAS", "NAME", "PROFILE", "SOURCE", "LABEL", "X-EVOLUTION-FILE-AS",
     "X-EVOLUTION-LIST", "X-MOZILLA-HTML", "X-PHONETIC-FIRST-NAME", "X-PHONETIC-LAST-NAME",
     "X-MS-OL-DESIGN", "X-MS-OL-DEFAULT-POSTAL-ADDRESS", "X-ABADR"}
)
#: Properties without a field of their own that are kept in the notes under a label
#: (Evolution's related people and blog, the anniversary of older clients).
_NOTE_PROPERTIES = {
    "X-EVOLUTION-MANAGER": "Vorgesetzte(r)",
    "X-EVOLUTION-ASSISTANT": "Assistenz",
    "X-EVOLUTION-SPOUSE": "Partner(in)",
    "X-EVOLUTION-BLOG-URL": "Blog",
    "X-EVOLUTION-ANNIVERSARY": "Jahrestag",
    "X-ANNIVERSARY": "Jahrestag",
}


def _label_types(label: str) -> frozenset[str]:
    """The TEL/ADR types an Apple label stands for ("_$!<Mobile>!$_", "_$!<WorkFAX>!$_",
    "iPhone", or a label the user typed such as "Handy" or "Dienst")."""
    key = label.strip().strip("_$!<>").casefold()
    types: set[str] = set()
    if any(word in key for word in ("mobile", "mobil", "handy", "iphone", "cell")):
        types.add("CELL")
    if "fax" in key:
        types.add("FAX")
    if "pager" in key:
        types.add("PAGER")
    if key.startswith(("home", "privat", "zuhause")):
        types.add("HOME")
    if key.startswith(("work", "dienst", "arbeit", "büro", "buero", "geschäft", "geschaeft")):
        types.add("WORK")
    return frozenset(types)


def _apply_labels(card: _Card) -> None:
    """Give grouped values the types of their ``X-ABLabel``: Apple writes a mobile number as
    ``item1.TEL;type=pref:…`` with ``item1.X-ABLabel:_$!<Mobile>!$_``."""
    labels = {
        prop.group: _label_types(_unescape(prop.value))
        for prop in card.properties
        if prop.name == "X-ABLABEL" and prop.group
    }
    for prop in card.properties:
        if prop.group in labels and prop.name != "X-ABLABEL":
            prop.label_types = labels[prop.group]


def _phone_number(prop: _Property, version: str) -> str | None:
    """The number as written, without the ``tel:`` of a vCard 4.0 URI."""
    number = _text(prop.value)
    value_types = {v.upper() for v in prop.params.get("VALUE", [])}
    is_uri = "URI" in value_types or version == "4.0"
    if number and is_uri and number.casefold().startswith("tel:"):
        number = clean_text(number[4:])
    return number


def _record_from_card(
    card: _Card,
    problems: list[RowProblem],
    file_codec: str,
    system_seen: dict[str, int] | None = None,
    left_out: dict[str, int] | None = None,
) -> ContactRecord:
    """The record of one card. Every property the record does not keep is counted in
    ``left_out`` (property name → values) for the file's "nicht übernommen" notes."""
    system_seen = {} if system_seen is None else system_seen
    left_out = {} if left_out is None else left_out
    by_name: dict[str, list[_Property]] = {}
    unused: list[_Property] = []
    extra_notes: list[str] = []
    _apply_labels(card)
    for prop in card.properties:
        encoding = {e.upper() for e in prop.params.get("ENCODING", [])}
        if encoding & {"BASE64", "B"} or prop.params.get("VALUE", [""])[0].upper() == "BINARY":
            unused.append(prop)  # photos, sounds, keys: nothing the address book keeps
            continue
        prop.value = _decoded(prop, problems, card.number, file_codec)
        by_name.setdefault(prop.name, []).append(prop)

    def first(name: str) -> str | None:
        props = by_name.get(name, [])
        return _text(props[0].value) if props else None

    values: dict[str, str | None] = {}
    version = first("VERSION") or ""
    names = by_name.get("N")
    prefix: str | None = None
    if names:
        family, given, additional, prefix, suffix = _components(names[0].value, 5)[:5]
        values["nachname"] = family
        values["vorname"] = _join(given, additional)
        # A suffix ("Jr.", "MdL", "Ph.D.") is no title; a "Dr." put in the suffix is.
        degree, suffix = split_name_suffix(suffix)
        if suffix:
            extra_notes.append(f"Namenszusatz: {suffix}")
    elif first("FN") and first("FN") != _org_name(by_name):
        parts = split_full_name(first("FN"))
        values.update(vorname=parts.vorname, nachname=parts.nachname)
        prefix = _join(parts.anrede, parts.titel)

    if ANREDE_PROPERTY in by_name:
        anrede = first(ANREDE_PROPERTY)
        values["anrede"] = anrede
        if anrede and prefix and (prefix == anrede or prefix.startswith(anrede + " ")):
            prefix = clean_text(prefix[len(anrede) :])
        values["titel"] = prefix
    else:
        values["anrede"], values["titel"] = split_salutation(prefix)
        if values["anrede"] and not values["titel"] and " " in values["anrede"]:
            # "Mr. Dr." or "Herr Prof. Dr." arrive as one prefix; the rest is the title.
            anrede, _, rest = values["anrede"].partition(" ")
            values["anrede"], values["titel"] = anrede, rest
        gender = (first("GENDER") or "").split(";")[0].strip().upper()
        if values["anrede"] is None and gender in ("F", "M"):
            values["anrede"] = "Frau" if gender == "F" else "Herr"
    if names and degree:
        values["titel"] = _join(values.get("titel"), degree)

    if "ORG" in by_name:
        org = _components(by_name["ORG"][0].value, 1)
        values["organisation"] = org[0]
        values["abteilung"] = _join(*org[1:], separator=", ")
    values["funktion"] = first("TITLE") or first("ROLE")
    if first("TITLE") and first("ROLE") and first("TITLE") != first("ROLE"):
        values["funktion"] = f"{first('TITLE')} / {first('ROLE')}"

    addresses = by_name.get("ADR", [])
    address = _pick(addresses, "WORK", "PREF")
    if address is not None:
        adr_parts = _components(address.value, 7)[:7]
        pobox, extended, street, town, region, postcode, country = adr_parts
        if pobox and not pobox.casefold().startswith("postfach"):
            pobox = f"Postfach {pobox}"
        values["strasse"] = street or pobox
        if street and pobox:
            extra_notes.append(pobox)
        # The extended part ("TheOffice", "c/o …", "3. OG") has no field of its own: notes.
        if extended:
            extra_notes.append(f"Adresszusatz: {extended}")
        if region:  # the Land of a German address: reported, not kept
            left_out["ADR (Region)"] = left_out.get("ADR (Region)", 0) + 1
        values.update(ort=town, plz=postcode, land=country)
        for other in addresses:
            if other is address or not any(_components(other.value, 7)):
                continue
            kinds = {"HOME": "Privatadresse", "WORK": "Geschäftsadresse"}
            kept_kind = next((kinds[t] for t in ("WORK", "HOME") if t in address.types),
                             "erste Adresse")
            dropped = next((kinds[t] for t in ("HOME", "WORK") if t in other.types),
                           "weitere Adresse")
            text = quote(", ".join(p for p in _components(other.value, 7) if p))
            if kept_kind == "Geschäftsadresse" and dropped == "Privatadresse":
                hint = ("Es gibt eine Geschäfts- und eine Privatadresse; übernommen wird die "
                        f"Geschäftsadresse, die Privatadresse ({text}) nicht.")
            else:
                hint = (f"Es gibt mehrere Adressen; übernommen wird die {kept_kind}, die "
                        f"{dropped} ({text}) nicht.")
            problems.append(RowProblem(card.number, "strasse",
                                       f"Karte {card.number}: {hint}", "warning"))

    phones = by_name.get("TEL", [])
    mobile = [p for p in phones if "CELL" in p.types]
    faxes = [p for p in phones if "FAX" in p.types]
    voice = [p for p in phones if not p.types & {"CELL", "FAX", "PAGER"}]
    chosen_phones: list[_Property] = []
    for target, props, order in (
        ("telefon", voice, ("WORK", "PREF", "VOICE")),
        ("mobil", mobile, ("WORK",)),
        ("fax", faxes, ("WORK",)),
    ):
        chosen = _pick(props, *order)
        if chosen is not None:
            chosen_phones.append(chosen)
            values[target] = _phone_number(chosen, version)
    for prop in phones:
        number = _phone_number(prop, version)
        if number and all(prop is not chosen for chosen in chosen_phones):
            problems.append(RowProblem(
                card.number, "telefon",
                f"Karte {card.number}: Die weitere Telefonnummer {quote(number)} wird nicht "
                "übernommen (es gibt je ein Feld Telefon, Mobil und Fax).",
                "warning"))

    email = _pick(by_name.get("EMAIL", []), "PREF", "WORK", "INTERNET")
    values["email"] = _text(email.value) if email is not None else None
    for prop in by_name.get("EMAIL", []):
        if prop is not email and _text(prop.value) and _text(prop.value) != values["email"]:
            problems.append(RowProblem(
                card.number, "email",
                f"Karte {card.number}: Die weitere E-Mail-Adresse {quote(_text(prop.value) or '')} "
                "wird nicht übernommen.", "warning"))
    url = _pick(by_name.get("URL", []), "WORK")
    values["webseite"] = _text(url.value) if url is not None else None
    for prop in by_name.get("URL", []):
        if prop is not url and _text(prop.value) and _text(prop.value) != values["webseite"]:
            extra_notes.append(f"Webseite: {_text(prop.value)}")
    for prop_name, label in (("NICKNAME", "Spitzname"), ("BDAY", "Geburtstag"),
                             ("ANNIVERSARY", "Jahrestag")):
        for prop in by_name.get(prop_name, []):
            if _text(prop.value):
                extra_notes.append(f"{label}: {_text(prop.value)}")
    for prop_name, label in _NOTE_PROPERTIES.items():
        for prop in by_name.get(prop_name, []):
            if _text(prop.value):
                extra_notes.append(f"{label}: {_text(prop.value)}")
    notes = [_text(p.value) for p in by_name.get("NOTE", [])]
    values["notizen"] = _join(*notes, *extra_notes, separator="\n")
    categories: list[str] = []
    for prop in by_name.get("CATEGORIES", []):
        for item in _split_escaped(prop.value, ","):
            name = _text(item)
            if name and is_system_group(name):
                system_seen[name] = system_seen.get(name, 0) + 1
            elif name and name not in categories:
                categories.append(name)
    values["verteiler"] = ";".join(categories) or None
    used = {"N", "FN", "ORG", "TITLE", "ROLE", "ADR", "TEL", "EMAIL", "URL", "NOTE",
            "CATEGORIES", "NICKNAME", "BDAY", "ANNIVERSARY", "GENDER", ANREDE_PROPERTY,
            *_NOTE_PROPERTIES}
    for prop in card.properties:
        if prop.name in CARD_META or (
            prop.name in used and all(prop is not other for other in unused)
        ):
            continue
        if prop.value.strip().strip(";"):
            left_out[prop.name] = left_out.get(prop.name, 0) + 1
    if not values.get("nachname") and not values.get("organisation"):
        _name_fallback(card, values, first("FN"), problems)
    # A home address alone is the person's own, never their organisation's.
    private = address is not None and "HOME" in address.types and "WORK" not in address.types
    return ContactRecord(source_row=card.number, address_is_private=private, **values)


def _name_fallback(
    card: _Card, values: dict[str, str | None], full_name: str | None,
    problems: list[RowProblem],
) -> None:
    """A name for a card without family name and organisation, with a warning for the card.

    Android and KDE write ``N:;Mama;;;`` with ``FN:Mama``, or a card with nothing but an e-mail
    address; the person is still someone the advisor wants, so the display name (FN), else the
    given name, else the e-mail address becomes the name instead of refusing the card — and with
    it, without ``--skip-rejected``, the whole file.
    """
    given = values.get("vorname")
    email = values.get("email")
    if full_name and full_name != given:
        parts = split_full_name(full_name)
        values["nachname"] = parts.nachname or full_name
        values["vorname"] = parts.vorname if parts.nachname else None
        name, source = full_name, "aus dem Anzeigenamen (FN)"
    elif full_name or given:
        name = full_name or given or ""
        values["nachname"], values["vorname"] = name, None
        source = "aus dem Anzeigenamen (FN)" if full_name else "aus dem Vornamen"
    elif email:
        values["nachname"] = name = email
        source = "aus der E-Mail-Adresse"
    else:
        return
    problems.append(
        RowProblem(
            card.number, "nachname",
            f"Karte {card.number}: Die Karte hat keinen Nachnamen; als Name wird {quote(name)} "
            f"{source} übernommen. Bitte den Namen nach dem Import prüfen.",
            "warning",
        )
    )


# --- writing -----------------------------------------------------------------------------------


def _escape(value: str | None) -> str:
    if not value:
        return ""
    return (
        without_invisible(value).replace("\\", "\\\\")
        .replace("\r\n", "\n")
        .replace("\n", "\\n")
        .replace(",", "\\,")
        .replace(";", "\\;")
    )


def fold_line(line: str) -> str:
    """Fold a content line at 75 octets of UTF-8 without splitting a character (RFC 6350 3.2)."""
    chunks: list[str] = []
    current: list[str] = []
    size = 0
    limit = _MAX_FOLDED_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            chunks.append("".join(current))
            current, size, limit = [], 0, _MAX_FOLDED_OCTETS - 1
        current.append(char)
        size += width
    chunks.append("".join(current))
    return "\r\n ".join(chunks)


def _card_lines(record: ContactRecord) -> list[str]:
    display = _join(record.titel, record.vorname, record.nachname)
    display = display or record.organisation or record.email or "(ohne Namen)"
    prefix = _join(record.anrede, record.titel)
    lines = [
        "BEGIN:VCARD",
        "VERSION:3.0",
        "N:" + ";".join(_escape(v) for v in (record.nachname, record.vorname, None, prefix, None)),
        "FN:" + _escape(display),
        f"{ANREDE_PROPERTY}:" + _escape(record.anrede),
    ]
    if record.organisation or record.abteilung:
        org = _escape(record.organisation)
        lines.append(f"ORG:{org};{_escape(record.abteilung)}" if record.abteilung else f"ORG:{org}")
    if record.funktion:
        lines.append("TITLE:" + _escape(record.funktion))
    if any((record.strasse, record.ort, record.plz, record.land)):
        adr = ";".join(
            _escape(v) for v in (None, None, record.strasse, record.ort, None, record.plz,
                                 record.land)
        )
        lines.append("ADR;TYPE=WORK:" + adr)
    if record.telefon:
        lines.append("TEL;TYPE=WORK,VOICE:" + _escape(record.telefon))
    if record.mobil:
        lines.append("TEL;TYPE=CELL,VOICE:" + _escape(record.mobil))
    if record.fax:
        lines.append("TEL;TYPE=WORK,FAX:" + _escape(record.fax))
    if record.email:
        lines.append("EMAIL;TYPE=INTERNET,WORK:" + _escape(record.email))
    if record.webseite:
        lines.append("URL:" + _escape(record.webseite))
    if record.notizen:
        lines.append("NOTE:" + _escape(record.notizen))
    lists = split_verteiler(record.verteiler)
    if lists:
        lines.append("CATEGORIES:" + ",".join(_escape(name) for name in lists))
    lines.append("END:VCARD")
    return lines


def write_vcards(records: Iterable[ContactRecord]) -> bytes:
    """All records as vCard 3.0 cards in one UTF-8 file with CRLF line ends."""
    out = [fold_line(line) for record in records for line in _card_lines(record)]
    return ("\r\n".join(out) + "\r\n").encode("utf-8") if out else b""
