"""Which of two registrations of one person for one event says more (events domain).

A person can be registered for an event only once (``UNIQUE (event_id, person_id)``). When two
records become one person — merging duplicates today, perhaps an import that recognises a person
later — each may bring a registration for the same event, and one of them has to go. The one
that keeps more of what actually happened wins: having attended beats being registered, a firm
registration beats a waiting-list place, and an unanswered invitation or a refusal says least.
Losing the weaker registration therefore never loses an attendance, which certificates and
statistics rely on.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from beratung.domain.enums import RegistrationStatus

#: Higher wins. Every status has a rank; an unknown text ranks 0, below all of them.
STATUS_RANK: Mapping[RegistrationStatus, int] = MappingProxyType(
    {
        RegistrationStatus.ATTENDED: 6,
        RegistrationStatus.REGISTERED: 5,
        RegistrationStatus.WAITLISTED: 4,
        RegistrationStatus.NO_SHOW: 3,
        RegistrationStatus.INVITED: 2,
        RegistrationStatus.DECLINED: 1,
    }
)


def status_rank(status: RegistrationStatus | str) -> int:
    """The rank of a status; a stored code that is no status (any more) ranks 0."""
    try:
        return STATUS_RANK[RegistrationStatus(status)]
    except ValueError:
        return 0


def outranks(status: RegistrationStatus | str, other: RegistrationStatus | str) -> bool:
    """Whether a registration with ``status`` should be kept instead of one with ``other``.

    Equal ranks do not outrank each other, so the caller's default (usually: keep the
    registration the kept person already had) decides a tie.
    """
    return status_rank(status) > status_rank(other)
