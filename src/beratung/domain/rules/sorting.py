"""Alphabetical order of names the German way (DIN 5007-1, "Wörterbuch-Sortierung").

The lists sort by a stored key (``Person.sort_name``, ``Organisation.sort_name``) made here, not
by the names themselves: SQLite compares bytes ("Özdemir" after "Zimmermann") and PostgreSQL
follows the server's collation, so the two backends would disagree. The key column is compared
bytewise on both databases (binary on SQLite, ``COLLATE "C"`` on PostgreSQL), so one key gives
one order everywhere.

The rules of the key:

* **Umlauts as their base letter** (DIN 5007-1, not the phone-book variant 5007-2):
  ä → a, ö → o, ü → u, ß → ss, accents removed, case folded — the folding of
  :func:`beratung.domain.rules.search.fold`. "Özdemir" sorts under O, "Müller" next to "Muller".
  "Mueller" is spelt with "ue" and therefore sorts before "Muller"/"Müller" (e < l), as in any
  German dictionary.
* **Name particles behind the last name.** A last name that starts with one of
  :data:`PARTICLES` in lower case ("von Bülow", "van der Meer", "zu Guttenberg") sorts under the
  rest ("Bülow"); the particle decides only between otherwise equal names ("Bülow, Anna" before
  "von Bülow, Anna" — the library form "Bülow, Anna von"). A capitalised particle belongs to the
  name, as in Belgian or Italian names ("Van Dyck", "De Luca" under V and D), following the
  Duden rule that the spelling decides.
* **Last name first, word by word**: "Müller" (any first name) comes before
  "Müller-Lüdenscheidt", which comes before "Müllerová".

The key is plain text: the last name's words joined by "-", then "," and the first name's words,
then "," and the particle — "bulow,anna,von". "," sorts before "-", and both before every digit
and letter, which gives the order above bytewise. Ties (the same name twice, or "Muller" and
"Müller") are broken by the record id in the queries.
"""

from __future__ import annotations

import unicodedata

from beratung.domain.rules.search import fold

#: Lower-case particles moved behind the last name for sorting, longest first.
PARTICLES: tuple[str, ...] = (
    "von und zu",
    "von der",
    "von dem",
    "van der",
    "van den",
    "van de",
    "von",
    "vom",
    "van",
    "zu",
    "zum",
    "zur",
    "de",
)


def split_particle(last_name: str | None) -> tuple[str, str]:
    """``("von", "Bülow")`` for "von Bülow"; ``("", name)`` when no particle leads the name (or
    the particle is all there is)."""
    text = " ".join(unicodedata.normalize("NFC", last_name or "").split())
    for particle in PARTICLES:
        if text.startswith(particle + " "):
            return particle, text[len(particle) + 1 :]
    return "", text


def _words(text: str | None) -> str:
    return "-".join(fold(text).split())


def sort_key(last_name: str | None, first_name: str | None = None) -> str:
    """The sort key of a person: ``sort_key("von Bülow", "Anna")`` → ``"bulow,anna,von"``,
    ``sort_key("Özdemir", "Cem")`` → ``"ozdemir,cem"``."""
    particle, core = split_particle(last_name)
    key = f"{_words(core)},{_words(first_name)}"
    if particle:
        return f"{key},{_words(particle)}"
    return key.rstrip(",")


def name_sort_key(name: str | None) -> str:
    """The sort key of an organisation's name: "Gemeinde Öhningen" → ``"gemeinde-ohningen"``
    (before "gemeinde-zaisenhausen"). No particles: the name is sorted as written."""
    return _words(name)
