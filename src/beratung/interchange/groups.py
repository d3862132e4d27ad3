"""Address-book groups: which of a contact's groups become distribution lists.

Android, Google and Apple put every contact into groups of their own ("My Contacts", "* starred",
"Starred in Android"); such a group is no list the advisor made, so it never becomes a
distribution list, and the file is told once which ones were left out.
"""

from __future__ import annotations

from collections.abc import Mapping

from beratung.interchange._text import quote
from beratung.interchange.contacts_model import MULTI_VALUE


def _key(name: str) -> str:
    """Comparison key of a group name: case, spaces and punctuation do not matter."""
    return "".join(ch for ch in name.casefold() if ch.isalnum())


#: Groups every contact of an address book is in, or that the program keeps by itself: never a
#: distribution list. Google marks its system groups with "* " ("* myContacts", "* starred").
_SYSTEM_GROUPS = frozenset(
    _key(name)
    for name in ("My Contacts", "myContacts", "Starred in Android", "starred",
                 "System Group: My Contacts", "Meine Kontakte", "Markiert in Android")
)


def is_system_group(name: str) -> bool:
    """Whether a group or label name is an address book's own group, not the user's list."""
    text = name.strip()
    return text.startswith("* ") or _key(text) in _SYSTEM_GROUPS or (
        _key(text).startswith("importedon")
    )


def split_groups(text: str | None) -> tuple[list[str], list[str]]:
    """The list names of a group cell (";", "," in vCards is split by the reader, and Google's
    " ::: "), as (lists, system groups left out)."""
    if not text:
        return [], []
    kept: list[str] = []
    system: list[str] = []
    for part in text.replace(MULTI_VALUE, ";").split(";"):
        name = part.strip()
        if not name:
            continue
        into = system if is_system_group(name) else kept
        if name not in into:
            into.append(name)
    return kept, system


def system_groups_message(seen: Mapping[str, int], unit: str) -> str:
    """One note for the whole file: which system groups were not made distribution lists."""
    many = "Zeilen" if unit == "Zeile" else "Karten"
    parts = [f"{quote(name)} ({count} {unit if count == 1 else many})"
             for name, count in seen.items()]
    return ("Systemgruppen des Adressbuchs werden nicht als Verteiler übernommen: "
            + ", ".join(parts) + ".")
