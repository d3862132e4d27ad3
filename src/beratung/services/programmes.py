"""Programmes such as Quartier 2020 and the organisations' applications (issue 4)."""

from __future__ import annotations

from beratung.services.base import Service


class ProgrammeService(Service):
    """Filled in by its issue; registered on :class:`beratung.services.Services` already."""
