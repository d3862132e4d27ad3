"""Consultations: recording, listing, full-text search, attachments (issue 4)."""

from __future__ import annotations

from beratung.services.base import Service


class ConsultationService(Service):
    """Filled in by its issue; registered on :class:`beratung.services.Services` already."""
