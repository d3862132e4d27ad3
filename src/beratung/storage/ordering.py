"""Renumbering ordered child rows (agenda items) under a UNIQUE (parent, position) constraint.

PostgreSQL checks ``uq_agenda_item_event_id_position`` at commit, SQLite after every statement.
Swapping two positions in one flush therefore works on PostgreSQL only. :func:`renumber` works on
both: it first moves the rows to negative positions nobody else uses and flushes, then writes the
final positions. Services that reorder call it instead of assigning positions themselves.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from sqlalchemy.orm import Session


class Positioned(Protocol):
    position: Any


def renumber(session: Session, items: Sequence[Positioned], *, start: int = 1) -> None:
    """Give ``items`` the positions ``start, start + 1, …`` in the order given, inside the
    caller's transaction (flushes twice; commits nothing)."""
    if not items:
        return
    for index, item in enumerate(items):
        item.position = -(index + 1)
    session.flush()
    for index, item in enumerate(items):
        item.position = start + index
    session.flush()
