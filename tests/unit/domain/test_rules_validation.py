"""German contact data: postcode, e-mail, phone (DIN 5008), AGS, website, periods."""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from beratung.domain.errors import ValidationError
from beratung.domain.rules.validation import (
    normalise_phone,
    validate_ags,
    validate_email,
    validate_period,
    validate_postcode,
    validate_website,
    website_href,
)

# --- postcode -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("70173", "70173"), (" 89073 ", "89073"), ("D-70173", "70173"), ("70 173", "70173")],
)
def test_postcode_ok(raw: str, expected: str) -> None:
    assert validate_postcode(raw) == expected


def test_postcode_four_digits_message() -> None:
    with pytest.raises(ValidationError) as caught:
        validate_postcode("7017")
    assert caught.value.message.startswith(
        "Postleitzahl „7017“ hat 4 Ziffern; eine deutsche Postleitzahl hat genau 5 Ziffern."
    )
    assert caught.value.field == "postcode"


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ("", "fehlt"),
        ("7017a", "andere Zeichen als Ziffern"),
        ("701733", "hat 6 Ziffern"),
        ("00123", "beginnen mit 01 bis 99"),
        ("７０１７３", "andere Zeichen als Ziffern"),  # full-width digits are not ASCII digits
    ],
)
def test_postcode_errors(raw: str, fragment: str) -> None:
    with pytest.raises(ValidationError, match=fragment):
        validate_postcode(raw, field="plz")


def test_postcode_field_name_is_passed_through() -> None:
    with pytest.raises(ValidationError) as caught:
        validate_postcode("1", field="private_postcode")
    assert caught.value.field == "private_postcode"
    assert "1 Ziffer;" in caught.value.message


@given(st.integers(min_value=1000, max_value=99999))
def test_postcode_roundtrip(number: int) -> None:
    text = f"{number:05d}"
    assert validate_postcode(text) == text


# --- e-mail ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("christiane.conzen@staedtetag-bw.de", "christiane.conzen@staedtetag-bw.de"),
        ("  Info@Stadt-Ulm.DE ", "Info@stadt-ulm.de"),
        ("mailto:info@ulm.de", "info@ulm.de"),
        ("anna+quartier@müllheim.de", "anna+quartier@müllheim.de"),
        ("jürgen@example.org", "jürgen@example.org"),
        ("o'neil@example.co.uk", "o'neil@example.co.uk"),
    ],
)
def test_email_ok(raw: str, expected: str) -> None:
    assert validate_email(raw) == expected


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ("", "fehlt"),
        ("anna beispiel@ulm.de", "Leerzeichen"),
        ("anna.ulm.de", "kein @-Zeichen"),
        ("a@b@ulm.de", "mehr als ein @-Zeichen"),
        ("@ulm.de", "vor dem @ fehlt"),
        ("anna@", "nach dem @ fehlt"),
        ("anna@ulm", "keine Endung"),
        (".anna@ulm.de", "Punkt"),
        ("an..na@ulm.de", "Punkt"),
        ("an(na@ulm.de", "„(“"),
        ("anna@-ulm.de", "kein gültiger Domainname"),
        ("anna@ulm..de", "kein gültiger Domainname"),
        ("anna@ulm.d", "Endung „.d“"),
        ("anna@10.0.0.1", "Endung „.1“"),
        ("a" * 65 + "@ulm.de", "64 Zeichen"),
    ],
)
def test_email_errors(raw: str, fragment: str) -> None:
    with pytest.raises(ValidationError, match=re.escape(fragment)) as caught:
        validate_email(raw)
    assert caught.value.field == "email"
    assert "vorname.nachname@ulm.de" in caught.value.message


_atom = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=12)


@given(local=_atom, host=_atom, tld=st.sampled_from(["de", "com", "org", "info"]))
def test_email_simple_addresses_are_idempotent(local: str, host: str, tld: str) -> None:
    address = f"{local}@{host}.{tld}"
    assert validate_email(address) == address
    assert validate_email(validate_email(address)) == address


# --- phone ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0711 22921-33", "0711 22921-33"),
        ("+49 711 22921-33", "+49 711 22921-33"),
        ("(0711) 229 21-33", "0711 22921-33"),
        ("0171/1234567", "0171 1234567"),
        ("01711234567", "0171 1234567"),
        ("0711/22921-33", "0711 22921-33"),
        ("0711-2292133", "0711 2292133"),
        ("0711-22921-33", "0711 22921-33"),
        ("0049 711 22921-33", "+49 711 22921-33"),
        ("+49 (0) 711 22921-33", "+49 711 22921-33"),
        ("+49 (0711) 22921-33", "+49 711 22921-33"),
        ("+49 0711 22921 33", "+49 711 2292133"),
        ("+491711234567", "+49 171 1234567"),
        ("030 12345678", "030 12345678"),
        ("03012345678", "030 12345678"),
        ("+41 44 123 45 67", "+41 44 1234567"),
        ("+4144 1234567", "+41 44 1234567"),
        ("+1 212 5551234", "+1 212 5551234"),
        ("+353 1 2345678", "+353 1 2345678"),
        ("0731\u00a0161\u20130", "0731 161-0"),
        ("  0711.22921.33  ", "0711 2292133"),
    ],
)
def test_phone_normalised_din5008(raw: str, expected: str) -> None:
    assert normalise_phone(raw) == expected


@pytest.mark.parametrize(
    ("raw", "international", "expected"),
    [
        ("0711 22921-33", True, "+49 711 22921-33"),
        ("+49 711 22921-33", False, "0711 22921-33"),
        ("0171/1234567", True, "+49 171 1234567"),
    ],
)
def test_phone_output_form(raw: str, international: bool, expected: str) -> None:
    assert normalise_phone(raw, international=international) == expected


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ("", "fehlt"),
        ("0711 CALL-ME", "Buchstaben"),
        ("Tel. 0711 22921", "Buchstaben"),
        ("0711 22921#3", "Zeichen „#“"),
        ("0711 2", "zu wenige Ziffern"),
        ("07 11", "Die Vorwahl „07“ ist ungültig"),
        ("+0711 22921", "Landesvorwahl nicht zu erkennen"),
        ("+49 00711 22921", "Die Vorwahl „00711“ ist ungültig"),
        ("0711229 21-33", "Die Vorwahl „0711229“ ist ungültig"),
        ("22921-33", "keine Vorwahl"),
        ("711 22921", "keine Vorwahl"),
        ("07112292133", "wo die Vorwahl endet"),
        ("+41441234567", "wo die Vorwahl endet"),
        ("0711 1234567890123456", "zu viele Ziffern"),
        ("+", "keine Ziffern"),
    ],
)
def test_phone_errors(raw: str, fragment: str) -> None:
    with pytest.raises(ValidationError, match=re.escape(fragment)) as caught:
        normalise_phone(raw, field="mobile")
    assert caught.value.field == "mobile"


def test_foreign_number_cannot_be_forced_national() -> None:
    with pytest.raises(ValidationError, match=r"ausländische Nummer \(\+41\)"):
        normalise_phone("+41 44 1234567", international=False)


@given(
    area=st.from_regex(r"0[2-9][0-9]{1,3}", fullmatch=True),
    subscriber=st.from_regex(r"[1-9][0-9]{2,7}", fullmatch=True),
    extension=st.one_of(st.just(""), st.from_regex(r"[0-9]{1,4}", fullmatch=True)),
    style=st.sampled_from(["{a} {s}", "{a}/{s}", "({a}) {s}", "{a} {s}"]),
)
def test_phone_is_idempotent_and_keeps_digits(
    area: str, subscriber: str, extension: str, style: str
) -> None:
    assume(6 <= len(area) - 1 + len(subscriber) + len(extension) <= 13)
    typed = style.format(a=area, s=subscriber) + (f"-{extension}" if extension else "")
    result = normalise_phone(typed)
    assert result == f"{area} {subscriber}" + (f"-{extension}" if extension else "")
    assert normalise_phone(result) == result
    international = normalise_phone(result, international=True)
    assert normalise_phone(international, international=False) == result


@given(st.text(max_size=25))
def test_phone_never_crashes(text: str) -> None:
    try:
        result = normalise_phone(text)
    except ValidationError as error:
        assert error.message
        return
    assert normalise_phone(result) == result


# --- AGS ------------------------------------------------------------------------------------


def test_ags_ok() -> None:
    assert validate_ags("08421000") == "08421000"
    assert validate_ags(" 08 421 000 ") == "08421000"
    assert validate_ags("09162000", baden_wuerttemberg=False) == "09162000"


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ("", "fehlt"),
        ("0842100A", "andere Zeichen"),
        ("8421000", "Fehlt die führende 0 (Excel entfernt sie), also „08421000“?"),
        ("084210001", "9 Ziffern"),
        ("09162000", "nicht zu Baden-Württemberg"),
    ],
)
def test_ags_errors(raw: str, fragment: str) -> None:
    with pytest.raises(ValidationError, match=re.escape(fragment)):
        validate_ags(raw)


# --- website --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        "www.inklusive-quartiere.de",
        "https://www.ulm.de/",
        "http://stuttgart.de/rathaus?x=1#top",
        "www.müllheim.de",
        "www.ulm.de:8080/pfad",
        "HTTPS://WWW.ULM.DE",
    ],
)
def test_website_ok(raw: str) -> None:
    assert validate_website(f"  {raw} ") == raw


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ("", "fehlt"),
        ("www.ulm .de", "Leerzeichen"),
        ("ftp://ulm.de", "http:// oder https://"),
        ("javascript:alert(1)", "http:// oder https://"),
        ("info@ulm.de", "E-Mail-Adresse"),
        ("localhost", "keine Endung"),
        ("https://", "fehlt"),
        ("www.ul_m.de", "kein gültiger Domainname"),
    ],
)
def test_website_errors(raw: str, fragment: str) -> None:
    with pytest.raises(ValidationError, match=fragment) as caught:
        validate_website(raw)
    assert caught.value.field == "website"


def test_website_href() -> None:
    assert website_href("www.ulm.de") == "https://www.ulm.de"
    assert website_href("http://ulm.de") == "http://ulm.de"


# --- period ---------------------------------------------------------------------------------


def test_period_order() -> None:
    start, end = date(2017, 8, 1), date(2017, 7, 31)
    assert validate_period(end, start) == (end, start)
    assert validate_period(start, start) == (start, start)
    assert validate_period(None, end) == (None, end)
    assert validate_period(start, None) == (start, None)
    with pytest.raises(ValidationError) as caught:
        validate_period(
            start, end, field="valid_to", start_label="Gültig ab", end_label="Gültig bis"
        )
    assert caught.value.field == "valid_to"
    assert caught.value.message == (
        "Gültig bis (31.07.2017) liegt vor Gültig ab (01.08.2017); Gültig bis muss am selben Tag "
        "wie Gültig ab oder danach liegen."
    )


@given(st.dates(), st.dates())
def test_period_accepts_exactly_ordered_pairs(a: date, b: date) -> None:
    assume(a != b)
    early, late = min(a, b), max(a, b)
    assert validate_period(early, late) == (early, late)
    with pytest.raises(ValidationError):
        validate_period(late, early)
