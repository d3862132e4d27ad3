"""How the program names a person: "Dr. Anna Beispiel".

One rule for lists, messages, the audit log, follow-ups, statistics, agendas and letters, so
a person carries the same name everywhere the user meets her (and a search for the name shown
in one place finds her in another).
"""

from __future__ import annotations


def display_name(title: str | None, first_name: str | None, last_name: str | None) -> str:
    """Title, first name and last name, in this order, joined by single spaces; missing or
    blank parts are left out ("Anna Beispiel", "Dr. Beispiel", "Beispiel").

    The parts are taken as stored (cleaned on the way in, :mod:`beratung.domain.rules.text`);
    an imported row may lack even the last name, hence ``None`` for it too."""
    return " ".join(part for part in (title, first_name, last_name) if part)


def sort_name(first_name: str | None, last_name: str) -> str:
    """How a list shows a person in name order: "Beispiel, Anna" (the stored German sort key,
    :mod:`beratung.domain.rules.sorting`, decides the order; this is what the line reads)."""
    return f"{last_name}, {first_name}" if first_name else last_name
