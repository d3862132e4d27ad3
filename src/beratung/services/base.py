"""What every service shares: the database, who is working, and the audit trail."""

from __future__ import annotations

import getpass
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy.orm import Session

from beratung.domain.enums import AuditAction
from beratung.domain.errors import ConcurrentEditError, NotFoundError
from beratung.domain.records import AuditEntry
from beratung.domain.rules.dates import OFFICE_TIME_ZONE
from beratung.paths import AppPaths
from beratung.storage.database import Database


def _default_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # getuser raises OSError/KeyError on odd systems; a name is not vital
        return "unbekannt"


@dataclass(frozen=True)
class ServiceContext:
    """Passed into every service instead of globals (qutebrowser regrets its ``objreg``)."""

    db: Database
    paths: AppPaths
    user: str = field(default_factory=_default_user)
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))

    def __post_init__(self) -> None:
        # Derived data (which role is current, hence primary) follows the services' clock.
        self.db.today = self.today

    def now(self) -> datetime:
        return self.clock()

    def today(self) -> date:
        return self.clock().astimezone(OFFICE_TIME_ZONE).date()


class Service:
    """Base of the use-case services. Each public method is one transaction and returns plain
    snapshots (frozen dataclasses), never live ORM objects."""

    def __init__(self, context: ServiceContext) -> None:
        self.ctx = context
        self.db = context.db

    def audit(
        self,
        session: Session,
        action: AuditAction,
        entity_type: str,
        entity_id: int | None,
        summary: str,
        changes: dict[str, Any] | None = None,
    ) -> None:
        """Write an audit entry in the caller's transaction: it exists iff the change does."""
        session.add(
            AuditEntry(
                occurred_at=self.ctx.now(),
                user_name=self.ctx.user,
                action=action,
                entity_type=entity_type,
                entity_id=entity_id,
                summary=summary[:500],
                changes=_jsonable(changes) if changes else None,
            )
        )


def check_version(stored: int, expected: int | None, what: str) -> None:
    """Optimistic locking at the service boundary: the form sends the version it loaded.

    ``what`` names the record for the message ("Die Presseinformation", "Die Person „Anna
    Müller“"); ``expected=None`` means the caller did not load a version (no check).
    """
    if expected is not None and stored != expected:
        raise ConcurrentEditError(
            f"{what} wurde inzwischen von jemand anderem geändert. "
            "Ihre Änderung wurde nicht gespeichert.",
            hint="Bitte laden Sie die Daten neu und tragen Sie Ihre Änderung erneut ein.",
        )


def not_found(what: str, ident: object) -> NotFoundError:
    """The German error for a record that was asked for by its number and is gone.

    ``what`` starts the sentence ("Die Person mit der Nummer"); the hint names the usual
    reasons (deleted or merged by someone else), since the user only followed a stale list.
    """
    return NotFoundError(
        f"{what} {ident} gibt es nicht (mehr).",
        hint="Vielleicht wurde der Datensatz inzwischen gelöscht oder zusammengeführt; "
        "bitte die Liste neu laden.",
    )


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """Changed fields as ``{field: [old, new]}`` for the audit log."""
    return {
        key: [before.get(key), after.get(key)]
        for key in sorted(set(before) | set(after))
        if before.get(key) != after.get(key)
    }
