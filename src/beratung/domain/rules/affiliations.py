"""When a person's role (affiliation) counts as current, and which one speaks for the person.

Contacts, letters and (next) event invitations all ask "where does this person work now?"; one
definition keeps the person form, the letter preview and the printed letter in agreement.
Roles are never deleted when they end, only given an end date, so the history stays.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Protocol, TypeVar


class RoleLike(Protocol):
    """What these rules read of a role: the ORM ``Affiliation`` or any snapshot of it."""

    @property
    def valid_to(self) -> date | None: ...

    @property
    def is_primary(self) -> bool: ...


R = TypeVar("R", bound=RoleLike)


def is_current(valid_to: date | None, today: date) -> bool:
    """A role without an end date is current; one ending today still is (until the day ends)."""
    return valid_to is None or valid_to >= today


def current_affiliation(roles: Sequence[R], today: date) -> R | None:
    """The role that speaks for the person today: the primary one if it is current, else the
    first current one in the given order; ``None`` when every role has ended."""
    current = [r for r in roles if is_current(r.valid_to, today)]
    for role in current:
        if role.is_primary:
            return role
    return current[0] if current else None
