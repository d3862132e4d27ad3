"""Checks for German contact data: each returns the cleaned value or raises ``ValidationError``.

Why here and not in the form: the same checks run for typed input, for imported Excel/CSV/vCard
rows and for the demo data, and a rejected value must be explained the same way everywhere —
in German, naming the field, what is wrong and what a correct value looks like.

The checks are deliberately *pragmatic*: no DNS look-ups, no list of all German area codes. When
a value is ambiguous (a phone number typed without any separator, where the area code ends is
unknowable without the Bundesnetzagentur's list) the rule asks the user instead of guessing.
"""

from __future__ import annotations

import re
from datetime import date

from beratung.domain.errors import ValidationError
from beratung.domain.rules.dates import format_date_de

# --------------------------------------------------------------------------------------------
# Postleitzahl


def validate_postcode(text: str, *, field: str = "postcode") -> str:
    """A German postcode: exactly five ASCII digits ("70173"); "D-70173" and inner spaces are
    accepted and removed. Postcodes starting with "00" do not exist (the lowest is 01001)."""
    raw = text.strip()
    value = re.sub(r"^D\s*-\s*", "", raw, flags=re.IGNORECASE).replace(" ", "")
    if not value:
        raise ValidationError(
            "Die Postleitzahl fehlt; eine deutsche Postleitzahl hat genau 5 Ziffern, z. B. 70173.",
            field=field,
        )
    if not re.fullmatch(r"[0-9]+", value):
        raise ValidationError(
            f"Postleitzahl „{raw}“ enthält andere Zeichen als Ziffern; eine deutsche "
            "Postleitzahl besteht aus genau 5 Ziffern, z. B. 70173.",
            field=field,
        )
    if len(value) != 5:
        word = "Ziffer" if len(value) == 1 else "Ziffern"
        hint = " Fehlt die führende 0 (Excel entfernt sie)?" if len(value) == 4 else ""
        raise ValidationError(
            f"Postleitzahl „{raw}“ hat {len(value)} {word}; eine deutsche Postleitzahl hat "
            f"genau 5 Ziffern.{hint}",
            field=field,
        )
    if value.startswith("00"):
        raise ValidationError(
            f"Postleitzahl „{raw}“ gibt es nicht: Deutsche Postleitzahlen beginnen mit 01 bis 99.",
            field=field,
        )
    return value


# --------------------------------------------------------------------------------------------
# E-Mail

# RFC 5322 "atext" plus the dot; non-ASCII letters are allowed too (RFC 6531, SMTPUTF8).
_LOCAL_CHAR = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]|[^\x00-\x7f]")
_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")


def _domain_problem(domain: str) -> str | None:
    """Why ``domain`` is not a usable host name (IDN allowed), or ``None`` when it is."""
    if not domain:
        return "der Teil nach dem @ fehlt"
    if "." not in domain:
        return f"„{domain}“ hat keine Endung wie .de"
    try:
        ascii_domain = domain.encode("idna").decode("ascii")
    except UnicodeError:
        return f"„{domain}“ ist kein gültiger Domainname"
    if len(ascii_domain) > 253:
        return "der Domainname ist länger als 253 Zeichen"
    labels = ascii_domain.split(".")
    for label in labels:
        if not _LABEL.fullmatch(label):
            return (
                f"„{domain}“ ist kein gültiger Domainname (erlaubt sind Buchstaben, Ziffern und "
                "Bindestriche, durch Punkte getrennt)"
            )
    tld = labels[-1]
    if len(tld) < 2 or tld.isdigit():
        return f"die Endung „.{tld}“ gibt es nicht"
    return None


def validate_email(text: str, *, field: str = "email") -> str:
    """A pragmatic e-mail check: one @, a sensible local part, a host name with a dot; umlaut
    domains (IDN) are allowed. Returns the address with the domain in lower case; a leading
    "mailto:" (pasted links) is removed. No DNS: the app works offline."""
    raw = text.strip()
    value = re.sub(r"^mailto:", "", raw, flags=re.IGNORECASE)
    example = "Erwartet z. B. vorname.nachname@ulm.de."
    if not value:
        raise ValidationError(f"Die E-Mail-Adresse fehlt. {example}", field=field)
    if any(ch.isspace() for ch in value):
        raise ValidationError(
            f"E-Mail-Adresse „{raw}“ enthält Leerzeichen; eine E-Mail-Adresse hat keine. {example}",
            field=field,
        )
    if value.count("@") != 1:
        what = "kein @-Zeichen" if "@" not in value else "mehr als ein @-Zeichen"
        raise ValidationError(
            f"E-Mail-Adresse „{raw}“ enthält {what}; sie braucht genau eines. {example}",
            field=field,
        )
    local, domain = value.split("@")
    problem: str | None = None
    if not local:
        problem = "der Teil vor dem @ fehlt"
    elif len(local) > 64:
        problem = "der Teil vor dem @ ist länger als 64 Zeichen"
    elif local.startswith(".") or local.endswith(".") or ".." in local:
        problem = "der Teil vor dem @ darf nicht mit einem Punkt beginnen oder enden und keine zwei Punkte hintereinander haben"  # noqa: E501
    elif bad := [ch for ch in local if not _LOCAL_CHAR.fullmatch(ch)]:
        problem = f"das Zeichen „{bad[0]}“ ist vor dem @ nicht erlaubt"
    else:
        domain = domain.lower().rstrip(".")
        problem = _domain_problem(domain)
    if problem:
        raise ValidationError(
            f"E-Mail-Adresse „{raw}“ ist ungültig: {problem}. {example}", field=field
        )
    return f"{local}@{domain}"


# --------------------------------------------------------------------------------------------
# Telefon

#: Prefixes whose length is known, so a number typed without separators can still be split:
#: the mobile networks (01511 … 0179 are all "01xx" + subscriber) and the four two-digit area
#: codes (Berlin, Hamburg, Frankfurt, München). Everything else needs the user's separator.
_KNOWN_PREFIX = re.compile(r"^(01[5-7][0-9]|030|040|069|089)")
_PHONE_ALLOWED = re.compile(r"[0-9+\-/(). ]")
_PHONE_EXAMPLE = "Erwartet z. B. „0711 22921-33“ oder „+49 711 22921-33“."


#: E.164 country codes are prefix-free: the first digits say how long the code is. Two-digit
#: codes per leading digit (1 and 7 are one-digit zones); every other code is three digits.
_TWO_DIGIT_COUNTRY_CODES = frozenset(
    [
        "20",
        "27",
        "30",
        "31",
        "32",
        "33",
        "34",
        "36",
        "39",
        "40",
        "41",
        "43",
        "44",
        "45",
        "46",
        "47",
        "48",
        "49",
        "51",
        "52",
        "53",
        "54",
        "55",
        "56",
        "57",
        "58",
        "60",
        "61",
        "62",
        "63",
        "64",
        "65",
        "66",
        "81",
        "82",
        "84",
        "86",
        "90",
        "91",
        "92",
        "93",
        "94",
        "95",
        "98",
    ]
)


def _country_code_length(digits: str) -> int:
    """Length of the country code at the start of ``digits``; 0 when there is none."""
    if not digits or digits[0] == "0":
        return 0
    if digits[0] in "17":
        return 1
    if len(digits) < 2:
        return 0
    return 2 if digits[:2] in _TWO_DIGIT_COUNTRY_CODES else min(3, len(digits))


def normalise_phone(text: str, *, field: str = "phone", international: bool | None = None) -> str:
    """A phone number in DIN 5008 form: "0711 22921-33", "+49 711 22921-33", "0171 1234567".

    DIN 5008 groups by function only: country code, area code and subscriber number separated by
    spaces, the extension (Durchwahl) joined with a hyphen; no brackets, no slashes, no pairs.
    The area code is taken from what the user typed ("0711/…", "(0711) …", "0711 …",
    "0711-2292133"); ``international`` chooses the output form (``None``: as entered).
    """
    raw = text.strip()
    s = raw.replace("\u2013", "-").replace("\u2011", "-")
    s = re.sub(r"[\u00a0\u2009\u202f\t]", " ", s)
    if not s:
        raise ValidationError(f"Die Telefonnummer fehlt. {_PHONE_EXAMPLE}", field=field)
    if any(ch.isalpha() for ch in s):
        raise ValidationError(
            f"Telefonnummer „{raw}“ enthält Buchstaben; erlaubt sind Ziffern, Leerzeichen, "
            f"+, -, / und Klammern. {_PHONE_EXAMPLE}",
            field=field,
        )
    if bad := [ch for ch in s if not _PHONE_ALLOWED.fullmatch(ch)]:
        raise ValidationError(
            f"Telefonnummer „{raw}“ enthält das Zeichen „{bad[0]}“; erlaubt sind Ziffern, "
            f"Leerzeichen, +, -, / und Klammern. {_PHONE_EXAMPLE}",
            field=field,
        )

    if not any(ch.isdigit() for ch in s):
        raise ValidationError(
            f"Telefonnummer „{raw}“ enthält keine Ziffern. {_PHONE_EXAMPLE}", field=field
        )

    s = s.lstrip(" -/.")
    country: str | None = None
    rest = s
    intl = re.match(r"^(?:\+|00)\s*", s)
    if intl:
        rest = s[intl.end() :]
        digits = re.sub(r"[^0-9]", "", rest)
        length = _country_code_length(digits)
        code = re.match(r"^" + r"\s*".join(digits[:length]) if length else "$^", rest)
        if not code:
            raise ValidationError(
                f"Bei der Telefonnummer „{raw}“ ist die Landesvorwahl nicht zu erkennen; "
                "eine Landesvorwahl beginnt mit 1 bis 9, z. B. „+49 711 22921-33“.",
                field=field,
            )
        country, rest = digits[:length], rest[code.end() :]
        rest = re.sub(r"^\s*\(\s*0\s*\)", "", rest)  # "+49 (0) 711": the (0) is not dialled

    rest = rest.strip(" -/")
    # Split off the extension: the last hyphen, unless it is the only separator of all
    # ("0711-2292133"), in which case it separates the area code.
    area_sep = re.compile(r"[ /().-]+")
    extension = ""
    if "-" in rest:
        main, ext = rest.rsplit("-", 1)
        if area_sep.search(main.strip(" /()")) and ext.strip().isdigit():
            rest, extension = main, ext.strip()
    groups = [g for g in area_sep.split(rest) if g]
    if not groups:
        raise ValidationError(
            f"Telefonnummer „{raw}“ enthält keine Ziffern. {_PHONE_EXAMPLE}", field=field
        )

    if country is None:
        if not groups[0].startswith("0"):
            raise ValidationError(
                f"Telefonnummer „{raw}“ hat keine Vorwahl (sie beginnt nicht mit 0); "
                f"bitte mit Vorwahl eintragen. {_PHONE_EXAMPLE}",
                field=field,
            )
        national = True
    else:
        national = False
        if country == "49" and groups[0].startswith("0"):
            # "+49 0711 …" or "+49 0 711 …": the trunk 0 is not dialled from abroad.
            if groups[0] == "0":
                groups.pop(0)
            else:
                groups[0] = groups[0][1:]
            if not groups:
                raise ValidationError(
                    f"Telefonnummer „{raw}“ hat zu wenige Ziffern. {_PHONE_EXAMPLE}", field=field
                )

    if len(groups) == 1:
        digits = groups[0]
        probe = digits if national else f"0{digits}"
        known = _KNOWN_PREFIX.match(probe) if country in (None, "49") else None
        if not known or len(probe) == len(known.group(1)):
            raise ValidationError(
                f"Bei der Telefonnummer „{raw}“ ist nicht zu erkennen, wo die Vorwahl endet. "
                f"Bitte die Vorwahl mit einem Leerzeichen abtrennen. {_PHONE_EXAMPLE}",
                field=field,
            )
        cut = len(known.group(1)) - (0 if national else 1)
        groups = [digits[:cut], digits[cut:]]

    area, subscriber = groups[0], "".join(groups[1:])
    national_area = area if national else f"0{area}"
    if country in (None, "49") and not re.fullmatch(r"0[1-9][0-9]{1,4}", national_area):
        raise ValidationError(
            f"Telefonnummer „{raw}“: Die Vorwahl „{national_area}“ ist ungültig; eine deutsche "
            f"Vorwahl hat nach der 0 zwei bis fünf Ziffern und beginnt nicht mit 00. "
            f"{_PHONE_EXAMPLE}",
            field=field,
        )
    significant = len(national_area) - 1 + len(subscriber) + len(extension)
    if len(subscriber) < 2:
        raise ValidationError(
            f"Telefonnummer „{raw}“ hat zu wenige Ziffern für Vorwahl und Rufnummer. "
            f"{_PHONE_EXAMPLE}",
            field=field,
        )
    if significant + len(country or "49") > 15:
        raise ValidationError(
            f"Telefonnummer „{raw}“ hat zu viele Ziffern: Eine Telefonnummer hat mit "
            "Landesvorwahl höchstens 15 Ziffern.",
            field=field,
        )
    if significant < 6:
        raise ValidationError(
            f"Telefonnummer „{raw}“ hat zu wenige Ziffern ({significant} ohne die 0 der "
            f"Vorwahl); Vorwahl und Rufnummer haben zusammen mindestens 6. {_PHONE_EXAMPLE}",
            field=field,
        )

    want_international = (not national) if international is None else international
    if want_international:
        head = f"+{country or '49'} {national_area[1:] if country in (None, '49') else area}"
    else:
        if country not in (None, "49"):
            raise ValidationError(
                f"Telefonnummer „{raw}“ ist eine ausländische Nummer (+{country}) und lässt sich "
                "nicht in deutscher Schreibweise ohne Landesvorwahl darstellen.",
                field=field,
            )
        head = national_area
    number = f"{head} {subscriber}"
    return f"{number}-{extension}" if extension else number


# --------------------------------------------------------------------------------------------
# Amtlicher Gemeindeschlüssel


def validate_ags(text: str, *, field: str = "ags", baden_wuerttemberg: bool = True) -> str:
    """An Amtlicher Gemeindeschlüssel: 8 digits; in Baden-Württemberg it starts with 08.

    A 7-digit key starting with 8 is the classic Excel damage (leading zero dropped); the message
    says so and suggests the fix, but the value is not changed behind the user's back.
    """
    raw = text.strip()
    value = raw.replace(" ", "")
    if not value:
        raise ValidationError(
            "Der Amtliche Gemeindeschlüssel (AGS) fehlt; er hat 8 Ziffern, z. B. 08421000.",
            field=field,
        )
    if not re.fullmatch(r"[0-9]+", value):
        raise ValidationError(
            f"Gemeindeschlüssel „{raw}“ enthält andere Zeichen als Ziffern; ein AGS besteht aus "
            "genau 8 Ziffern, z. B. 08421000.",
            field=field,
        )
    if len(value) != 8:
        hint = (
            f" Fehlt die führende 0 (Excel entfernt sie), also „0{value}“?"
            if len(value) == 7
            else ""
        )
        raise ValidationError(
            f"Gemeindeschlüssel „{raw}“ hat {len(value)} Ziffern; ein AGS hat genau 8 Ziffern."
            f"{hint}",
            field=field,
        )
    if baden_wuerttemberg and not value.startswith("08"):
        raise ValidationError(
            f"Gemeindeschlüssel „{raw}“ gehört nicht zu Baden-Württemberg: Gemeindeschlüssel in "
            "Baden-Württemberg beginnen mit 08.",
            field=field,
        )
    return value


# --------------------------------------------------------------------------------------------
# Website


def validate_website(text: str, *, field: str = "website") -> str:
    """A light check of a web address: an optional http(s) scheme and a host name with a dot
    (IDN allowed). Returned as entered, stripped, because the office prints it that way
    ("www.inklusive-quartiere.de"); use :func:`website_href` for a clickable link."""
    raw = text.strip()
    example = "Erwartet z. B. www.staedtetag-bw.de oder https://www.ulm.de/."
    if not raw:
        raise ValidationError(f"Die Webadresse fehlt. {example}", field=field)
    if any(ch.isspace() for ch in raw):
        raise ValidationError(
            f"Webadresse „{raw}“ enthält Leerzeichen; eine Webadresse hat keine. {example}",
            field=field,
        )
    rest = raw
    if "://" in raw or raw.startswith("//"):
        scheme, _, rest = raw.partition("//")
        if scheme.lower() not in ("http:", "https:"):
            raise ValidationError(
                f"Webadresse „{raw}“ beginnt nicht mit http:// oder https://. {example}",
                field=field,
            )
    elif re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:(?![0-9])", raw):
        # "mailto:…", "javascript:…": a scheme that is not the web. "www.ulm.de:8080" is a port.
        raise ValidationError(
            f"Webadresse „{raw}“ beginnt nicht mit http:// oder https://. {example}",
            field=field,
        )
    host = re.split(r"[/?#]", rest, maxsplit=1)[0]
    host = re.sub(r":[0-9]{1,5}$", "", host).lower().rstrip(".")
    if "@" in host:
        raise ValidationError(
            f"„{raw}“ sieht nach einer E-Mail-Adresse aus, nicht nach einer Webadresse. {example}",
            field=field,
        )
    problem = _domain_problem(host)
    if problem:
        raise ValidationError(f"Webadresse „{raw}“ ist ungültig: {problem}. {example}", field=field)
    return raw


def website_href(text: str) -> str:
    """A validated web address as a link target: "https://" is added when no scheme is given."""
    value = validate_website(text)
    return value if re.match(r"^https?://", value, flags=re.IGNORECASE) else f"https://{value}"


# --------------------------------------------------------------------------------------------
# Zeiträume


def validate_period(
    start: date | None,
    end: date | None,
    *,
    field: str = "end",
    start_label: str = "Beginn",
    end_label: str = "Ende",
) -> tuple[date | None, date | None]:
    """A period whose end is not before its start; open ends (``None``) are allowed.

    ``start_label``/``end_label`` are the German field names shown in the message ("Gültig ab",
    "Gültig bis"), so the user knows which two fields to look at.
    """
    if start is not None and end is not None and end < start:
        raise ValidationError(
            f"{end_label} ({format_date_de(end)}) liegt vor {start_label} "
            f"({format_date_de(start)}); "
            f"{end_label} muss am selben Tag wie {start_label} oder danach liegen.",
            field=field,
        )
    return start, end
