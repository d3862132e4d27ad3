"""Search folding: "muller", "mueller", "Müller" and "MÜLLER" all find "Müller".

How it works. Every record stores a ``search_text`` made by :func:`search_key`: each word of
each field in two spellings — umlauts *stripped* ("muller", the way people type on a foreign
keyboard) and umlauts *transliterated* ("mueller", the German convention) — lower case, accents
removed, ß as "ss", punctuation as spaces. A query is folded by :func:`query_terms` into the
transliterated spelling, so

* "muller" (no umlaut typed) is a substring of the stripped form "muller",
* "mueller" and "Müller" (→ "mueller") are substrings of the transliterated form "mueller",
* and a person stored as "Mueller" is found by "Müller" as well.

A record matches when every term is a substring of its key, which SQL expresses as
``search_text LIKE '%term%'`` per term. Terms consist of letters and digits only, so they
never contain the LIKE wildcards ``%``/``_`` or an escape character: no escaping is needed.

Not covered on purpose: "strase" does not find "Straße" (ß is "ss" in both spellings; a single
s is a typo, not a spelling), and "Muller" stored without umlaut is not found by "Müller".

Speed (timeit on the development container, Python 3.11): ``search_key`` for a person with six
fields ≈ 15 µs, so rebuilding 20,000 keys takes ≈ 0.3 s (done on save/import, not per keystroke);
:func:`query_terms` ≈ 1.3 µs; matching 20,000 keys in Python with :func:`matches` ≈ 5 ms per
keystroke. In SQL the LIKE scan over 20,000 rows is of the same order.

The other foldings of the program live here too, each for its own purpose and each built from
the same two pieces (:func:`strip_accents` and one transliteration table):

* :func:`full_text_fold` and :func:`full_text_transliterations` — what the full-text index of
  consultations stores (:mod:`beratung.storage.search`);
* :func:`match_key` — whether two names are the same (municipality directory, duplicates,
  import matching);
* :func:`ascii_fold` — a name spelled for an e-mail address or a domain (the demo data).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Protocol

# Letters that Unicode decomposition does not reduce to a base letter, and the German
# transliterations that must happen *before* decomposition strips the umlaut's dots.
_TRANSLITERATE = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss", "ẞ": "SS"}
)
_SPECIAL = str.maketrans(
    {
        "ø": "o",
        "Ø": "O",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
        "ð": "d",
        "Ð": "D",
        "þ": "th",
        "Þ": "TH",
        "ı": "i",
    }
)
#: A name's spelling in an e-mail address: the German transliteration and the special letters.
_ASCII = {**_TRANSLITERATE, **_SPECIAL}
_NOT_WORD = re.compile(r"[\W_]+")
_WORD = re.compile(r"\w+")


def strip_accents(text: str) -> str:
    """Every mark Unicode decomposition (NFKD) separates is dropped: "José" → "Jose", "Müller" →
    "Muller" (the umlaut's dots are such a mark), "ﬁ" → "fi". Case, punctuation and the letters
    that do not decompose (ø, ł, ı: see ``_SPECIAL``) are left alone."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _finish(text: str) -> str:
    """Accents off, case folded, everything but letters and digits turned into single spaces."""
    if not text.isascii():
        text = strip_accents(text.translate(_SPECIAL))
    return _NOT_WORD.sub(" ", text.casefold()).strip()


def fold(text: str | None) -> str:
    """Umlauts and accents stripped, lower case: "Müller-Lüdenscheidt" → "muller ludenscheidt",
    "Straße" → "strasse", "José" → "jose"."""
    if not text:
        return ""
    return _finish(unicodedata.normalize("NFC", text))


def transliterate(text: str | None) -> str:
    """Like :func:`fold`, but umlauts become ae/oe/ue: "Müller" → "mueller", "König" → "koenig"."""
    if not text:
        return ""
    return _finish(unicodedata.normalize("NFC", text).translate(_TRANSLITERATE))


def search_key(*parts: str | None) -> str:
    """The ``search_text`` of a record: the distinct words of all parts in both spellings.

    ``search_key("Anna", "Müller", "Stadt Ulm")`` → ``"anna muller stadt ulm mueller"``.
    Words are de-duplicated (order kept) so the column stays short; matching is per word
    anyway, since query terms never contain spaces.
    """
    words: dict[str, None] = {}
    for part in parts:
        if not part:
            continue
        for word in fold(part).split():
            words[word] = None
        for word in transliterate(part).split():
            words[word] = None
    return " ".join(words)


def query_terms(query: str | None) -> list[str]:
    """The folded, distinct terms of what the user typed; empty for a blank query (match all).

    "Müller Ulm" → ``["mueller", "ulm"]``; "Baden-Württemberg" → ``["baden", "wuerttemberg"]``.
    """
    return list(dict.fromkeys(transliterate(query).split()))


def matches(key: str, terms: Iterable[str]) -> bool:
    """True when every term occurs in the record's ``search_text`` (the in-memory twin of the
    SQL ``LIKE`` filter, for models that filter rows already loaded)."""
    return all(term in key for term in terms)


# --------------------------------------------------------------------------------------------
# The full-text index of consultations


def full_text_fold(value: str | None) -> str:
    """Lower case, ß → ss, accents and umlaut dots removed, everything else kept:
    "Förderstraße" → "forderstrasse", "E-Mail" → "e-mail".

    Unlike :func:`fold` it keeps punctuation: the index's tokenizers split the words
    themselves, and PostgreSQL's parser reads "e-mail" as one word *and* its parts, so the index
    holds other terms than it would for "e mail". Indexed rows keep the terms they were given
    and queries are folded by the same rule, so it changes only together with a rebuild of the
    index (a migration)."""
    if not value:
        return ""
    return strip_accents(value.lower().replace("ß", "ss").replace("ẞ", "ss"))


def full_text_transliterations(value: str | None) -> str:
    """The words of ``value`` that contain umlauts, spelled the German way and folded, sorted:
    "Förderung der Bürger" → "buerger foerderung". The index stores them beside
    :func:`full_text_fold`'s text, so "foerderung" finds "Förderung" too."""
    if not value:
        return ""
    words = {w for w in _WORD.findall(value.lower()) if any(ch in w for ch in "äöü")}
    return " ".join(sorted(full_text_fold(w.translate(_TRANSLITERATE)) for w in words))


# --------------------------------------------------------------------------------------------
# Names: the same name, and a name in an e-mail address


def match_key(text: str) -> str:
    """Key for umlaut- and case-insensitive matching of names: "Mössingen", "Moessingen" and
    "mossingen" all become "mossingen"; punctuation is kept, runs of spaces become one.

    Coarser than a search key on purpose: an umlaut loses its dots like any accent, and the
    transliterations ae/oe/ue fall onto the base letter as well (so "Bauer" is "baur"), because
    the key decides whether two names written differently are the same one (the municipality
    directory, duplicates, matching imported rows), not whether a word is found."""
    folded = strip_accents(text.casefold())
    for digraph, base in (("ae", "a"), ("oe", "o"), ("ue", "u")):
        folded = folded.replace(digraph, base)
    return " ".join(folded.split())


def ascii_fold(text: str) -> str:
    """ "Jürgen Weiß" → "juergen weiss": a name spelled for an e-mail address or a domain —
    lower case, umlauts transliterated, special letters by their base ("Yılmaz" → "yilmaz"),
    accents off. Spaces and punctuation are kept; the caller decides what joins the parts."""
    return strip_accents(text.lower().translate(_ASCII))


class _PersonFields(Protocol):
    title: str | None
    first_name: str | None
    last_name: str
    email: str | None
    phone: str | None
    mobile: str | None
    town: str | None


class _RoleFields(Protocol):
    role: str | None
    department: str | None
    email: str | None
    is_primary: bool


class _OrganisationFields(Protocol):
    name: str
    department: str | None
    town: str | None
    kreis: str | None
    regierungsbezirk: str | None
    email: str | None
    ags: str | None


def person_search_text(
    person: _PersonFields,
    roles: Iterable[tuple[_RoleFields, _OrganisationFields | None]],
) -> str:
    """A person's ``search_text``: names and contact data and, per role, the organisation,
    role, department, town and e-mail, so a person is found by where they work (and by phone).
    The roles count in a fixed order (primary first, then by organisation and role), so the
    text does not depend on the order a collection happened to be loaded in."""
    parts: list[str | None] = [
        person.title,
        person.first_name,
        person.last_name,
        person.email,
        person.phone,
        person.mobile,
        person.town,
    ]
    ordered = sorted(
        roles,
        key=lambda pair: (
            not pair[0].is_primary,
            pair[1].name if pair[1] else "",
            pair[0].role or "",
            pair[0].department or "",
        ),
    )
    for role, organisation in ordered:
        parts += [
            organisation.name if organisation else None,
            role.role,
            role.department,
            organisation.town if organisation else None,
            role.email,
        ]
    return search_key(*parts)


def organisation_search_text(organisation: _OrganisationFields) -> str:
    """An organisation's ``search_text``: name, department, town, Kreis, Regierungsbezirk,
    e-mail and AGS, so a Landkreis is found by its Regierungsbezirk and a town by its AGS."""
    return search_key(
        organisation.name,
        organisation.department,
        organisation.town,
        organisation.kreis,
        organisation.regierungsbezirk,
        organisation.email,
        organisation.ags,
    )
