"""DIN 5008 address block, salutation and return line for letters (invitations, certificates).

Why these are pure functions: the same address block is printed in letters, on labels and shown in
the GUI's preview, and the salutation is also the ``{anrede}`` placeholder of letter templates.
The renderer measures and places lines; the *content* and the six-line limit are decided here, so
that a too-long address is a clear error before 200 letters are printed, never a cut-off line.

Conventions followed (DIN 5008:2020 as summarised in ``design/documents.md``):

* A person in an organisation: organisation, department, then the recipient. An office held
  (Amtsbezeichnung such as "Oberbürgermeister") goes on the line of the Anrede ("Herrn
  Oberbürgermeister"), academic titles stay with the name ("Dr. Max Muster"). When the block would
  exceed six lines, the office line and the name line are joined ("Herrn Oberbürgermeister
  Dr. Max Muster"), which DIN 5008 permits; if it still does not fit, a ``ValidationError``.
* "Herrn" (accusative) in the address, "Herr" in the salutation; "Frau" in both.
* Street *or* Postfach, then postcode and town, no blank lines; the country only for foreign
  addresses, in capitals, as the last line.
* Roles are used as entered ("Bürgermeisterin" stays "Bürgermeisterin"): the app never genders
  or rewrites a role.

Which address (the organisation's or the person's own) is the caller's choice: pass the chosen
fields, and ``organisation=None`` for a letter to the private address.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from beratung.domain.enums import Anrede
from beratung.domain.errors import ValidationError
from beratung.domain.rules.names import display_name
from beratung.domain.rules.text import clean_line

#: The Anschriftzone of the DIN 5008 address field holds six lines (27.3 mm).
MAX_ADDRESS_LINES = 6

#: Usable width of the return line: address field 85 mm minus the 5 mm text indent.
RETURN_LINE_WIDTH_MM = 80.0
RETURN_LINE_FONT_SIZE_PT = 8.0
RETURN_LINE_SEPARATOR = " · "

#: Ways people write "Germany" in a country field; such addresses are domestic.
_GERMANY = frozenset(
    {"deutschland", "de", "d", "deu", "ger", "germany", "brd", "bundesrepublik deutschland"}
)

#: Offices (Amtsbezeichnungen) that belong on the Anrede line and in the salutation. A role is an
#: office when its last word ends with one of these; other roles ("Ansprechpartnerin
#: Quartiersentwicklung") are kept out of address and salutation, because "Sehr geehrte Frau
#: Ansprechpartnerin Beispiel" would embarrass the sender. ``AddressInput.role_is_office``
#: overrides the guess either way.
OFFICE_SUFFIXES: tuple[str, ...] = (
    "bürgermeister",
    "bürgermeisterin",
    "landrat",
    "landrätin",
    "minister",
    "ministerin",
    "staatssekretär",
    "staatssekretärin",
    "präsident",
    "präsidentin",
    "ortsvorsteher",
    "ortsvorsteherin",
    "stadtrat",
    "stadträtin",
    "gemeinderat",
    "gemeinderätin",
    "kreisrat",
    "kreisrätin",
)

_TERMINAL_PUNCTUATION = ",.!?:;"


@dataclass(frozen=True, slots=True)
class AddressInput:
    """What a letter needs to know about its recipient; the caller picks the address fields.

    ``organisation`` and ``department`` may contain line breaks when a long name is meant to be
    printed on two lines ("Ministerium für Soziales\\nund Integration"); each line counts.
    """

    last_name: str
    anrede: Anrede = Anrede.NONE
    title: str | None = None
    first_name: str | None = None
    role: str | None = None
    #: ``None``: decide by :data:`OFFICE_SUFFIXES`; ``True``/``False``: the user's explicit choice.
    role_is_office: bool | None = None
    organisation: str | None = None
    department: str | None = None
    street: str | None = None
    po_box: str | None = None
    postcode: str | None = None
    town: str | None = None
    country: str | None = None
    #: Print the Postfach even when a street is known (the postcode must then be the Postfach's).
    prefer_po_box: bool = False
    salutation_override: str | None = None


def _lines(text: str | None) -> list[str]:
    """The non-blank lines of a possibly multi-line field, each cleaned."""
    if not text:
        return []
    return [line for raw in text.splitlines() if (line := clean_line(raw))]


def _join(*parts: str | None) -> str:
    return " ".join(p for p in parts if p)


def is_office(role: str | None) -> bool:
    """Whether ``role`` reads as an office held (goes on the Anrede line and in the salutation)."""
    cleaned = clean_line(role)
    if cleaned is None:
        return False
    last_word = cleaned.split(" ")[-1].casefold()
    return last_word.endswith(OFFICE_SUFFIXES)


def _office(recipient: AddressInput) -> str | None:
    role = clean_line(recipient.role)
    if role is None:
        return None
    use = recipient.role_is_office if recipient.role_is_office is not None else is_office(role)
    return role if use else None


def _last_name(recipient: AddressInput) -> str:
    last = clean_line(recipient.last_name)
    if last is None:
        raise ValidationError(
            "Der Nachname fehlt; ohne Nachnamen lassen sich weder Anschrift noch Anrede bilden.",
            field="last_name",
        )
    return last


def person_name(recipient: AddressInput) -> str:
    """Title, first name and last name as printed in the address ("Dr. Anna Beispiel")."""
    return display_name(
        clean_line(recipient.title), clean_line(recipient.first_name), _last_name(recipient)
    )


def is_domestic(country: str | None) -> bool:
    """True when the country field is empty or names Germany."""
    cleaned = clean_line(country)
    return cleaned is None or cleaned.casefold().rstrip(".") in _GERMANY


def format_po_box(po_box: str) -> str:
    """``"106034"`` → ``"Postfach 10 60 34"``: DIN 5008 groups Postfach numbers in pairs from the
    right. Text that is not a plain number is kept as entered (with "Postfach" put in front when
    missing), because guessing at it would misdirect the letter."""
    cleaned = clean_line(po_box) or ""
    body = re.sub(r"^postfach\b\s*", "", cleaned, flags=re.IGNORECASE)
    digits = body.replace(" ", "")
    if digits.isascii() and digits.isdigit():
        pairs: list[str] = []
        while digits:
            pairs.insert(0, digits[-2:])
            digits = digits[:-2]
        body = " ".join(pairs)
    return f"Postfach {body}".rstrip()


def address_block(recipient: AddressInput) -> tuple[str, ...]:
    """The lines of the Anschriftzone, top to bottom, at most :data:`MAX_ADDRESS_LINES`.

    Raises ``ValidationError`` when the last name or the town is missing, or when the lines do
    not fit even after joining office and name; the message lists the lines so the user sees what
    to shorten.
    """
    name = person_name(recipient)
    anrede_word = {Anrede.FRAU: "Frau", Anrede.HERR: "Herrn", Anrede.NONE: None}[recipient.anrede]
    office = _office(recipient)

    head = _lines(recipient.organisation) + _lines(recipient.department)

    street = clean_line(recipient.street)
    po_box = clean_line(recipient.po_box)
    if po_box and (recipient.prefer_po_box or not street):
        delivery = [format_po_box(po_box)]
    else:
        delivery = _lines(recipient.street)

    town = clean_line(recipient.town)
    if town is None:
        raise ValidationError(
            f"Die Anschrift von {name} hat keinen Ort; ohne Ort kann der Brief nicht zugestellt "
            "werden. Bitte Postleitzahl und Ort eintragen.",
            field="town",
        )
    tail = [*delivery, _join(clean_line(recipient.postcode), town)]
    if not is_domestic(recipient.country):
        tail.append((clean_line(recipient.country) or "").upper())

    if office:
        separate = [*head, _join(anrede_word, office), name, *tail]
        if len(separate) <= MAX_ADDRESS_LINES:
            return tuple(separate)
    lines = [*head, _join(anrede_word, office, name), *tail]
    if len(lines) <= MAX_ADDRESS_LINES:
        return tuple(lines)

    excess = len(lines) - MAX_ADDRESS_LINES
    listing = "; ".join(f"{i} „{line}“" for i, line in enumerate(lines, start=1))
    raise ValidationError(
        f"Die Anschrift von {name} passt nicht ins Anschriftfeld: Sie hat {len(lines)} Zeilen, "
        f"Platz ist für höchstens {MAX_ADDRESS_LINES} ({excess} zu viel). Zeilen: {listing}. "
        "Bitte Organisation, Abteilung oder Straße kürzen oder auf weniger Zeilen verteilen.",
        field="address",
    )


def salutation(recipient: AddressInput) -> str:
    """The letter's salutation, e.g. "Sehr geehrte Frau Dr. Beispiel,".

    An office is named before the academic title ("Sehr geehrter Herr Oberbürgermeister
    Dr. Muster,"): dropping a doctorate is taken as a slight by many holders, and the office
    first is the usual order in municipal correspondence. Persons without a stated gender are
    greeted with the full name ("Guten Tag Alex Beispiel,"), without the office, because "Guten
    Tag Bürgermeister Alex Beispiel" does not read as German. An explicit override wins; it is
    returned stripped, with a comma added only when it ends without punctuation.
    """
    override = clean_line(recipient.salutation_override)
    if override is not None:
        return override if override[-1] in _TERMINAL_PUNCTUATION else f"{override},"

    last = _last_name(recipient)
    title = clean_line(recipient.title)
    if recipient.anrede is Anrede.FRAU:
        return f"{_join('Sehr geehrte Frau', _office(recipient), title, last)},"
    if recipient.anrede is Anrede.HERR:
        return f"{_join('Sehr geehrter Herr', _office(recipient), title, last)},"
    return f"{_join('Guten Tag', title, clean_line(recipient.first_name), last)},"


def return_line(
    sender_name: str, street: str | None, postcode: str | None, town: str | None
) -> str:
    """The one-line sender above the address ("Städtetag Baden-Württemberg · Königstraße 2 ·
    70173 Stuttgart"). Whether it fits is a separate question: :func:`fits_return_line`."""
    sender = clean_line(sender_name)
    if sender is None:
        raise ValidationError(
            "Der Absender für die Rücksendeangabe fehlt; bitte den Namen der Organisation im "
            "Briefkopf eintragen.",
            field="sender_name",
        )
    town_line = _join(clean_line(postcode), clean_line(town))
    return RETURN_LINE_SEPARATOR.join(p for p in (sender, clean_line(street), town_line) if p)


# Advance widths of Helvetica (= Liberation Sans, metric-compatible) in 1/1000 em, grouped by
# width. Measuring here keeps the rule pure (no ReportLab import) yet exact for the text the
# office actually writes; unknown characters count as a full em, so the check errs on "too long".
_WIDTH_GROUPS: dict[int, str] = {
    191: "'",
    222: "ijl‚‘’",
    260: "|",
    278: " !,./:;I[\\]ftíìî·",
    333: "()-`r„“",
    334: "{}",
    355: '"',
    389: "*",
    400: "°",
    469: "^",
    500: "Jcksvxyzç",
    556: "#$0123456789?L_abdeghnopquäöüéèêáàâóòôúùûñ–»«€§",
    584: "+<=>~",
    611: "FTZß",
    667: "&ABEKPSVXYÄ",
    722: "CDHNRUwÜ",
    778: "GOQÖ",
    833: "Mm",
    889: "%",
    944: "W",
    1000: "—",
    1015: "@",
}
_WIDTHS: dict[str, int] = {ch: w for w, chars in _WIDTH_GROUPS.items() for ch in chars}
_UNKNOWN_WIDTH = 1000
_MM_PER_PT = 25.4 / 72


def text_width_mm(text: str, font_size_pt: float = RETURN_LINE_FONT_SIZE_PT) -> float:
    """Width of ``text`` set in Helvetica/Liberation Sans at ``font_size_pt``, in millimetres."""
    units = sum(_WIDTHS.get(ch, _UNKNOWN_WIDTH) for ch in text)
    return units / 1000 * font_size_pt * _MM_PER_PT


def fits_return_line(
    text: str,
    max_width_mm: float = RETURN_LINE_WIDTH_MM,
    font_size_pt: float = RETURN_LINE_FONT_SIZE_PT,
) -> bool:
    """Whether the return line fits the 85 mm address field (80 mm after the indent) at 8 pt."""
    return text_width_mm(text, font_size_pt) <= max_width_mm
