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

import secrets
import uuid
from collections.abc import Mapping, Sequence
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


#: Letters and digits that cannot be mistaken for one another when read aloud, typed from a
#: printed reply form or read by a barcode scanner (no 0/O, 1/I/L, 2/Z, 5/S, 8/B).
CODE_ALPHABET = "34679ACDEFGHJKMNPQRTUVWXY"
CODE_LENGTH = 8


def new_registration_code() -> str:
    """A registration's code, e.g. ``"K7M4-QXA9"`` (printed on reply form and badge, typed or
    scanned at the check-in). 25⁸ ≈ 1.5 · 10¹¹ codes; the database keeps them unique."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return f"{raw[:4]}-{raw[4:]}"


def normalise_code(text: str) -> str:
    """What was typed or scanned, in the stored form: upper case, the dash where it belongs,
    look-alike characters read as meant ("0" → "O" is not in the alphabet, so it stays wrong
    and is not found) — only spaces and a missing or misplaced dash are forgiven."""
    raw = "".join(ch for ch in text.upper() if ch.isalnum())
    return f"{raw[:4]}-{raw[4:]}" if len(raw) == CODE_LENGTH else raw


def new_calendar_uid() -> str:
    """The stable UID of an event's calendar entry (RFC 5545 §3.8.4.7: globally unique)."""
    return f"{uuid.uuid4()}@beratung.staedtetag-bw.de"


# --------------------------------------------------------------------------------------------
# Places and the waiting list
#
# A registration takes one place for the person, one per companion, and one per personal
# assistant when the office counts assistants (a setting: some venues count every person in the
# room, others do not count assistants, as the law on equal treatment suggests). Registered and
# attended registrations hold their places; the waiting list is served strictly in order: the
# first in line is promoted as soon as their places are free, and nobody overtakes them — also
# not a newcomer, who joins the end of the list while anyone is waiting.

HOLDING_PLACES: frozenset[RegistrationStatus] = frozenset(
    {RegistrationStatus.REGISTERED, RegistrationStatus.ATTENDED}
)


def places_needed(companions: int, assistants: int, *, assistants_take_places: bool) -> int:
    """How many places one registration takes."""
    return 1 + companions + (assistants if assistants_take_places else 0)


def free_places(capacity: int | None, taken: int) -> int | None:
    """Places still free (never negative); ``None``: no limit."""
    return None if capacity is None else max(0, capacity - taken)


def admits(capacity: int | None, taken: int, needed: int, *, anyone_waiting: bool) -> bool:
    """Whether a new registration gets places now (else it joins the waiting list)."""
    if anyone_waiting:
        return False
    free = free_places(capacity, taken)
    return free is None or needed <= free


def to_promote(
    capacity: int | None, taken: int, waiting: Sequence[tuple[int, int]]
) -> list[int]:
    """The waiting registrations (``(id, places needed)`` in list order) that move up now:
    from the front, as long as each fits into what is free."""
    free = free_places(capacity, taken)
    promoted: list[int] = []
    for ident, needed in waiting:
        if free is not None and needed > free:
            break
        promoted.append(ident)
        if free is not None:
            free -= needed
    return promoted
