"""Which persons or organisations are probably the same: evidence, score and reason.

Pure rules over plain values, so that the pairing can be tested exhaustively without a
database and reused wherever records are compared (the contacts service loads the candidates,
an import could check its rows the same way).

Three kinds of evidence, strongest first:

* the same e-mail address (case ignored): score 1.0;
* the same name key in the same place (a town, or an organisation a person works for): 0.95;
* a similar spelling in the same place (``difflib`` ratio of at least 0.9, e.g. "Maier" /
  "Meier" within Ulm): the ratio times 0.9, so it always ranks below an exact name.

Comparing every record with every other would be quadratic (20,000 persons are 200 million
pairs), so records are *blocked*: only records sharing an e-mail, or a place and a name (key),
are compared. For similar spellings a block is a place plus the first letter or the last two
letters of the name key, so one typo anywhere in a name still leaves one block in common; within
a block, names are sorted and each is compared with its next :data:`SPELLING_WINDOW` neighbours.

The name key itself (umlauts, case, accents folded: "Müller" = "Mueller" = "muller") is made by
the caller with the name matching rule (:func:`beratung.domain.rules.search.match_key`); these
rules take it as it is.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

#: Score of two records with the same e-mail address.
SAME_EMAIL_SCORE = 1.0
#: Score of the same name key in the same place.
SAME_NAME_SCORE = 0.95
#: Smallest ``difflib`` ratio of two name keys that counts as a similar spelling.
SIMILARITY_THRESHOLD = 0.9
#: A similar spelling scores its ratio times this (at most 0.9, below an exact name).
SIMILAR_SPELLING_WEIGHT = 0.9
#: Name keys shorter than this are not compared for similar spelling ("Al" / "Ali").
MIN_SPELLING_LENGTH = 3
#: How many sorted neighbours within a block each name is compared with.
SPELLING_WINDOW = 30
#: The place of an organisation without a town: such organisations are compared with each other.
NO_TOWN = "ohne Ort"


@dataclass(frozen=True, slots=True)
class DuplicateItem:
    """One record as the rules see it."""

    id: int
    #: Shown in the reason and in the list ("Dr. Anna Beispiel", "Stadt Ulm (Ulm)").
    label: str
    #: The folded name key (see the module text); empty when the record has no name to compare.
    name: str
    email: str | None
    #: Blocking keys: the places where a same or similar name is evidence (town, organisations);
    #: a place given twice counts once.
    places: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class DuplicatePair:
    """Two records that are probably the same; ``first_id`` is the smaller id."""

    first_id: int
    second_id: int
    first_label: str
    second_label: str
    #: German, shown to the user as it is.
    reason: str
    score: float


def name_text(*parts: str | None) -> str:
    """The text a name key is made from: the given parts (first and last name …), blanks left
    out."""
    return " ".join(p for p in parts if p)


def email_key(email: str | None) -> str | None:
    """E-mail addresses are compared without case ("Anna@Ulm.de" = "anna@ulm.de")."""
    return email.casefold() if email else None


def person_places(
    town: str | None, organisations: Iterable[tuple[str, str | None]]
) -> tuple[str, ...]:
    """A person's places: their own town, then the name and town of each organisation they
    work for (``(name, town)`` pairs), each once. Two "Anna Müller" in different towns working
    for different bodies are not flagged."""
    places: list[str] = [town] if town else []
    for name, org_town in organisations:
        places.append(name)
        if org_town:
            places.append(org_town)
    return tuple(dict.fromkeys(places))


def organisation_places(town: str | None) -> tuple[str, ...]:
    """An organisation's place is its town; those without one are compared with each other."""
    return (town,) if town else (NO_TOWN,)


def organisation_label(name: str, town: str | None) -> str:
    """The label "Stadt Ulm (Ulm)": the town tells equally named bodies apart in the list."""
    return f"{name} ({town})" if town else name


def similarity(a: str, b: str) -> float | None:
    """The ``difflib`` ratio of two name keys when it reaches :data:`SIMILARITY_THRESHOLD`,
    else ``None``. The cheap upper bounds are checked first: most pairs stop there."""
    matcher = SequenceMatcher(None, a, b)
    if matcher.real_quick_ratio() < SIMILARITY_THRESHOLD:
        return None
    if matcher.quick_ratio() < SIMILARITY_THRESHOLD:
        return None
    ratio = matcher.ratio()
    return ratio if ratio >= SIMILARITY_THRESHOLD else None


def duplicate_pairs(items: Sequence[DuplicateItem], place_word: str) -> list[DuplicatePair]:
    """Every likely pair once, with its strongest evidence; best score first, then by label.

    ``place_word`` names the kind of place in the German reason ("Ort", "Ort/Organisation").
    """
    found: dict[tuple[int, int], DuplicatePair] = {}
    by_id = {item.id: item for item in items}

    def add(a: int, b: int, reason: str, score: float) -> None:
        key = (min(a, b), max(a, b))
        old = found.get(key)
        if old is not None and old.score >= score:
            return
        first, second = by_id[key[0]], by_id[key[1]]
        found[key] = DuplicatePair(
            first_id=first.id,
            second_id=second.id,
            first_label=first.label,
            second_label=second.label,
            reason=reason,
            score=score,
        )

    by_email: dict[str, list[int]] = {}
    for item in items:
        email = email_key(item.email)
        if email:
            by_email.setdefault(email, []).append(item.id)
    for email, ids in by_email.items():
        for i, first_id in enumerate(ids):
            for second_id in ids[i + 1 :]:
                add(first_id, second_id, f"gleiche E-Mail-Adresse ({email})", SAME_EMAIL_SCORE)

    blocks: dict[tuple[str, str], list[DuplicateItem]] = {}
    for item in items:
        if not item.name:
            continue
        for place in dict.fromkeys(item.places):
            blocks.setdefault((place, item.name), []).append(item)
    for (place, _name), group in blocks.items():
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                add(
                    a.id,
                    b.id,
                    f"gleicher Name und gleiche(r) {place_word} ({place})",
                    SAME_NAME_SCORE,
                )

    spelling: dict[tuple[str, str], list[DuplicateItem]] = {}
    for item in items:
        if len(item.name) < MIN_SPELLING_LENGTH:
            continue
        for place in dict.fromkeys(item.places):
            spelling.setdefault((place, "^" + item.name[0]), []).append(item)
            spelling.setdefault((place, item.name[-2:] + "$"), []).append(item)
    for (place, _block), group in spelling.items():
        if len(group) < 2:
            continue
        group = sorted(group, key=lambda it: it.name)
        for i, a in enumerate(group):
            for b in group[i + 1 : i + 1 + SPELLING_WINDOW]:
                if a.name == b.name or a.id == b.id:
                    continue
                ratio = similarity(a.name, b.name)
                if ratio is not None:
                    add(
                        a.id,
                        b.id,
                        f"ähnliche Schreibweise ({a.label} / {b.label}) und gleiche(r) "
                        f"{place_word} ({place})",
                        round(ratio * SIMILAR_SPELLING_WEIGHT, 3),
                    )
    return sorted(found.values(), key=lambda c: (-c.score, c.first_label, c.first_id))
