"""Which registration survives when one person ends up registered twice for one event."""

from __future__ import annotations

from beratung.domain.enums import RegistrationStatus
from beratung.domain.rules.registrations import STATUS_RANK, outranks, status_rank


def test_every_status_has_a_distinct_rank() -> None:
    assert set(STATUS_RANK) == set(RegistrationStatus)
    assert len(set(STATUS_RANK.values())) == len(RegistrationStatus)


def test_what_happened_beats_what_was_planned() -> None:
    order = sorted(RegistrationStatus, key=status_rank, reverse=True)
    assert order == [
        RegistrationStatus.ATTENDED,
        RegistrationStatus.REGISTERED,
        RegistrationStatus.WAITLISTED,
        RegistrationStatus.NO_SHOW,
        RegistrationStatus.INVITED,
        RegistrationStatus.DECLINED,
    ]
    assert outranks(RegistrationStatus.ATTENDED, RegistrationStatus.REGISTERED)
    assert not outranks(RegistrationStatus.DECLINED, RegistrationStatus.INVITED)


def test_stored_codes_work_and_a_tie_or_an_unknown_code_does_not_outrank() -> None:
    assert outranks("attended", "waitlisted")
    assert not outranks("registered", RegistrationStatus.REGISTERED)  # a tie keeps the default
    assert status_rank("cancelled") == 0
    assert not outranks("cancelled", "declined")
    assert outranks("declined", "cancelled")
