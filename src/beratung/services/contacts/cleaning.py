"""Cleaning and checking what the user typed into the contacts forms (or an import gave).

Pure functions over plain values, raising a German ``ValidationError`` whose ``field`` names the
input field, so the form can put the cursor there. ``FIELD_LABELS`` are the German field names
for messages, the audit log and the merge dialog.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any, TypeVar, cast

from beratung.domain.base import Base
from beratung.domain.contacts import Affiliation, Organisation, Person
from beratung.domain.enums import (
    AddressPreference,
    Anrede,
    ContactRoute,
    OrganisationKind,
    PrintVariant,
)
from beratung.domain.errors import ValidationError
from beratung.domain.rules.dates import parse_short_date_de
from beratung.domain.rules.letters import is_domestic
from beratung.domain.rules.text import clean_field, clean_text
from beratung.domain.rules.validation import (
    normalise_phone,
    validate_ags,
    validate_email,
    validate_period,
    validate_postcode,
    validate_website,
)
from beratung.services.contacts.snapshots import OrganisationInput, PersonInput
from beratung.services.limits import check_limit, column_limit

E = TypeVar("E", bound=enum.Enum)

#: The fields of the forms (and of ``changes`` mappings), in form order.
PERSON_FIELDS: tuple[str, ...] = tuple(PersonInput.__dataclass_fields__)
ORGANISATION_FIELDS: tuple[str, ...] = tuple(OrganisationInput.__dataclass_fields__)
AFFILIATION_FIELDS = ("role", "department", "email", "phone", "valid_from", "valid_to")

#: German field names for messages and the audit log.
FIELD_LABELS: Mapping[str, str] = {
    "last_name": "Nachname",
    "first_name": "Vorname",
    "anrede": "Anrede",
    "title": "Titel",
    "email": "E-Mail",
    "phone": "Telefon",
    "mobile": "Mobil",
    "fax": "Fax",
    "street": "Straße",
    "postcode": "PLZ",
    "town": "Ort",
    "country": "Land",
    "address_preference": "Anschrift für Briefe",
    "salutation_override": "Briefanrede",
    "notes": "Notizen",
    "print_variant": "Einladungen in",
    "contact_route": "Einladungen per",
    "name": "Name",
    "kind": "Art",
    "department": "Abteilung",
    "po_box": "Postfach",
    "website": "Webseite",
    "ags": "Gemeindeschlüssel",
    "kreis": "Kreis",
    "kreis_typ": "Kreistyp",
    "regierungsbezirk": "Regierungsbezirk",
    "population": "Einwohner",
    "is_member": "Mitglied",
    "role": "Funktion",
    "valid_from": "von",
    "valid_to": "bis",
}


#: The contacts forms' cleaning rule under the name the contacts services call it by: one-line
#: values collapsed, a value with a line break trimmed (:mod:`beratung.domain.rules.text`).
clean = clean_field


def parse_enum(cls: type[E], value: object, field_name: str) -> E:
    """A member of ``cls`` from a member or its stored code (the CLI and imports give text)."""
    if isinstance(value, cls):
        return value
    try:
        return cls(str(value))
    except ValueError as exc:
        raise ValidationError(
            f"„{value}“ ist kein gültiger Wert für {FIELD_LABELS.get(field_name, field_name)}.",
            field=field_name,
        ) from exc


def parse_date(value: object, field_name: str) -> date | None:
    """A date from a ``date``/``datetime``, ISO text or the German TT.MM.JJJJ; blank is none."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        try:
            return parse_short_date_de(str(value))
        except ValueError as exc:
            raise ValidationError(
                f"„{value}“ ist kein Datum; bitte als TT.MM.JJJJ eingeben.", field=field_name
            ) from exc



def check_length(value: object, limit: int | None, field_name: str) -> None:
    """A ``ValidationError`` naming the field (by its German label) when ``value`` is longer
    than ``limit``."""
    check_limit(value, limit, field_name, FIELD_LABELS.get(field_name, field_name))


def check_lengths(model: type[Base], values: Mapping[str, object]) -> None:
    """Every value against its column's limit (:func:`column_limit`)."""
    for key, value in values.items():
        check_length(value, column_limit(model, key), key)


def validate_person_values(values: dict[str, object]) -> dict[str, object]:
    """Cleaned, validated person values (only the keys given)."""
    out: dict[str, object] = {}
    for key, value in values.items():
        if key not in PERSON_FIELDS:
            raise ValidationError(f"Unbekanntes Feld „{key}“.", field=key)
        if key == "anrede":
            out[key] = parse_enum(Anrede, value or Anrede.NONE, key)
        elif key == "address_preference":
            out[key] = parse_enum(AddressPreference, value or AddressPreference.ORGANISATION, key)
        elif key == "print_variant":
            out[key] = parse_enum(PrintVariant, value or PrintVariant.STANDARD, key)
        elif key == "contact_route":
            out[key] = parse_enum(ContactRoute, value, key) if value else None
        elif key == "notes":
            out[key] = clean_text(value)
        else:
            out[key] = clean(value)
    if "last_name" in out and not out["last_name"]:
        raise ValidationError("Der Nachname fehlt; er ist ein Pflichtfeld.", field="last_name")
    if out.get("email"):
        out["email"] = validate_email(str(out["email"]), field="email")
    for key in ("phone", "mobile", "fax"):
        if out.get(key):
            out[key] = normalise_phone(str(out[key]), field=key)
    check_lengths(Person, out)
    return out


def check_postcode(values: Mapping[str, object], country: object) -> dict[str, object]:
    """The checked postcode, for domestic addresses only: foreign postcodes have other forms."""
    postcode = values.get("postcode")
    if postcode and is_domestic(clean(country)):
        return {"postcode": validate_postcode(str(postcode), field="postcode")}
    return {}


def validate_organisation_values(values: dict[str, object]) -> dict[str, object]:
    """Cleaned, validated organisation values (only the keys given)."""
    out: dict[str, object] = {}
    for key, value in values.items():
        if key not in ORGANISATION_FIELDS:
            raise ValidationError(f"Unbekanntes Feld „{key}“.", field=key)
        if key == "kind":
            out[key] = parse_enum(OrganisationKind, value, key)
        elif key == "is_member":
            out[key] = bool(value)
        elif key == "population":
            if value is None or value == "":
                out[key] = None
            else:
                try:
                    number = int(str(value).replace(".", "").strip())
                except ValueError as exc:
                    raise ValidationError(
                        f"Einwohnerzahl „{value}“ ist keine ganze Zahl.", field=key
                    ) from exc
                if number < 0:
                    raise ValidationError("Die Einwohnerzahl kann nicht negativ sein.", field=key)
                out[key] = number
        elif key == "notes":
            out[key] = clean_text(value)
        else:
            out[key] = clean(value)
    if "name" in out and not out["name"]:
        raise ValidationError("Der Name der Organisation fehlt.", field="name")
    if out.get("email"):
        out["email"] = validate_email(str(out["email"]), field="email")
    for key in ("phone", "fax"):
        if out.get(key):
            out[key] = normalise_phone(str(out[key]), field=key)
    if out.get("website"):
        out["website"] = validate_website(str(out["website"]), field="website")
    if out.get("ags"):
        out["ags"] = validate_ags(str(out["ags"]), field="ags")
    check_lengths(Organisation, out)
    return out


def affiliation_values(values: Mapping[str, object]) -> dict[str, Any]:
    """Cleaned, validated role values (only the keys given); ``organisation_id`` and
    ``is_primary`` are the caller's business."""
    out: dict[str, Any] = {}
    for key, value in values.items():
        if key not in AFFILIATION_FIELDS:
            raise ValidationError(f"Unbekanntes Feld „{key}“.", field=key)
        if key in ("valid_from", "valid_to"):
            out[key] = parse_date(value, key)
        else:
            out[key] = clean(value)
    if out.get("email"):
        out["email"] = validate_email(str(out["email"]), field="email")
    if out.get("phone"):
        out["phone"] = normalise_phone(str(out["phone"]), field="phone")
    check_lengths(Affiliation, out)
    return out


def check_period(start: object, end: object) -> None:
    """A role cannot end before it starts (German message on the "bis" field)."""
    validate_period(
        cast(date | None, start),
        cast(date | None, end),
        field="valid_to",
        start_label="Gültig ab",
        end_label="Gültig bis",
    )


def fields_of(obj: object, names: Sequence[str]) -> dict[str, Any]:
    """The named attributes as a dict: the "before" of an audit diff, or an input's values."""
    return {name: getattr(obj, name) for name in names}
