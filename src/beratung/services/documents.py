"""Rendering documents from snapshots and the log of issued documents for exact reprints (issue 5)."""

from __future__ import annotations

from beratung.services.base import Service


class DocumentService(Service):
    """Filled in by its issue; registered on :class:`beratung.services.Services` already."""
