"""Declarative base, constraint naming convention and column types shared by all entities."""

from __future__ import annotations

import enum
from datetime import UTC, date, datetime
from typing import Any, ClassVar, TypeVar

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    Enum,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    func,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column
from sqlalchemy.schema import UniqueConstraint
from sqlalchemy.sql.compiler import DDLCompiler

# Alembic's batch mode on SQLite can only drop or alter constraints that have names.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


@compiles(UniqueConstraint, "sqlite")
def _unique_without_deferrability(
    constraint: UniqueConstraint, compiler: DDLCompiler, **kw: Any
) -> str:
    """SQLite has no deferrable UNIQUE constraints (only foreign keys can be deferred) and
    rejects the clause; there the constraint is checked per statement (see docs/decisions.md,
    "Order of agenda items")."""
    sql = compiler.visit_unique_constraint(constraint, **kw)
    suffix = compiler.define_constraint_deferrability(constraint)
    return sql[: -len(suffix)] if suffix and sql.endswith(suffix) else sql


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp that is always timezone-aware UTC in Python.

    SQLite has no time zone type, so values are stored as naive UTC there and the zone is
    re-attached on load; PostgreSQL stores ``timestamptz``. Naive datetimes are refused on the way
    in because a naive local time silently shifts by one or two hours.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"naive datetime {value!r} given for a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


#: JSON documents (audit changes, frozen snapshots). PostgreSQL gets ``jsonb``: plain ``json``
#: has no equality operator, so DISTINCT or UNION over such a table would fail there only.
JsonDocument = JSON().with_variant(JSONB(), "postgresql")

#: Sort keys (``beratung.domain.rules.sorting``) are compared bytewise on both databases: SQLite's
#: default collation is binary, PostgreSQL gets ``COLLATE "C"`` instead of the server's locale.
SortKey = Text().with_variant(Text(collation="C"), "postgresql")


def utcnow() -> datetime:
    return datetime.now(UTC)


E = TypeVar("E", bound=enum.Enum)


def enum_column(enum_cls: type[E], name: str) -> Enum:
    """A portable enum: VARCHAR plus a CHECK constraint that stores the enum's value.

    Native PostgreSQL enums need their own migrations for every new member; a checked string
    behaves the same on both databases.
    """
    return Enum(
        enum_cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=max(len(m.value) for m in enum_cls) + 8,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UTCDateTime(),
        date: Date(),
    }


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime(), default=utcnow, onupdate=utcnow, nullable=False
    )


class VersionedMixin(TimestampMixin):
    """Records two users may edit at once carry an optimistic-locking version counter.

    SQLAlchemy adds ``WHERE version = :old`` to every UPDATE and raises ``StaleDataError`` when
    another session changed the row in between; services turn that into
    :class:`~beratung.domain.errors.ConcurrentEditError`.
    """

    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:  # noqa: N805 (declared_attr takes the class)
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]


def short_text(length: int = 200) -> String:
    return String(length)


# func is re-exported for models that need server-side defaults in indexes.
__all__ = [
    "NAMING_CONVENTION",
    "Base",
    "JsonDocument",
    "TimestampMixin",
    "UTCDateTime",
    "VersionedMixin",
    "enum_column",
    "func",
    "short_text",
    "utcnow",
]
