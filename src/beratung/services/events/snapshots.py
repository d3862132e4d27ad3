"""Frozen views of events and registrations for the GUI and the CLI."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from beratung.domain.enums import RegistrationStatus


@dataclass(frozen=True, slots=True)
class RegistrationRef:
    """One of a person's registrations, for their history."""

    id: int
    event_id: int
    event_title: str
    starts_at: datetime
    status: RegistrationStatus
    status_label: str
