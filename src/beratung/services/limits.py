"""How long a typed value may be: read from the mapped columns, checked before any write.

Every form's service checks its values here (contacts, consultations, follow-ups, events,
venues, registrations, press). A module of its own, not part of the contacts' cleaning: the
follow-ups on the Übersicht — the first thing the window shows — need the check, and importing
it from the contacts package cost every start the whole contacts service (issue 16).
"""

from __future__ import annotations

from collections.abc import Mapping

from beratung.domain.base import Base
from beratung.domain.errors import ValidationError

#: Free text (notes, descriptions) has no column limit; this one keeps a pasted file or a
#: hostile import from filling the database, and is far above any real note.
NOTES_LIMIT = 20_000


def column_limit(model: type[Base], attribute: str) -> int | None:
    """The longest value ``model.attribute`` holds: its column's length, or
    :data:`NOTES_LIMIT` for unbounded text. The columns are the one place the limits live;
    SQLite would store longer values silently, PostgreSQL refuse them with a bug dialog."""
    column = model.__table__.columns.get(attribute)
    if column is None:
        return None
    length = getattr(column.type, "length", None)
    return int(length) if length else NOTES_LIMIT


def thousands(number: int) -> str:
    """120.000: German digit grouping for counts in messages."""
    return f"{number:_}".replace("_", ".")


def check_limit(value: object, limit: int | None, field_name: str, label: str) -> None:
    """A ``ValidationError`` naming the field by ``label`` when ``value`` is longer than
    ``limit`` (the form puts the cursor into ``field_name``)."""
    if limit is not None and isinstance(value, str) and len(value) > limit:
        raise ValidationError(
            f"{label} ist zu lang ({thousands(len(value))} Zeichen; "
            f"höchstens {thousands(limit)}).",
            field=field_name,
        )


def check_limits(
    model: type[Base], values: Mapping[str, object], labels: Mapping[str, str]
) -> None:
    """Every value against its column's limit (:func:`column_limit`); the message names the
    field by its label in ``labels``."""
    for key, value in values.items():
        check_limit(value, column_limit(model, key), key, labels.get(key, key))
