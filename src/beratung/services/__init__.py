"""Use-case services: the only way the GUI and the CLI read or change data.

:class:`Services` is built once by ``app.py`` or the CLI and handed to whoever needs it. Each
service is made, and its module imported, on first use: a command that lists contacts, or the
first paint of the Übersicht, does not pay for importing the events, press or privacy code (and
the file formats, Alembic or ReportLab behind them).
"""

from __future__ import annotations

import os
from functools import cached_property
from typing import TYPE_CHECKING

from beratung.paths import AppPaths

if TYPE_CHECKING:
    from beratung.services.about import AboutInfo
    from beratung.services.base import ServiceContext
    from beratung.services.consultations import ConsultationService
    from beratung.services.contact_io import ContactTransferService
    from beratung.services.contacts import ContactService
    from beratung.services.database import DatabaseService, OpenedDatabase
    from beratung.services.demo import DemoService
    from beratung.services.documents import DocumentService
    from beratung.services.encryption import EncryptionService
    from beratung.services.events import EventService
    from beratung.services.followups import FollowUpService
    from beratung.services.letters import LetterService
    from beratung.services.masterdata import MasterDataService
    from beratung.services.office import OfficeService
    from beratung.services.overview import OverviewService
    from beratung.services.press import PressService
    from beratung.services.privacy import PrivacyService
    from beratung.services.programmes import ProgrammeService
    from beratung.services.sheets import SheetService
    from beratung.services.statistics import StatisticsService
    from beratung.storage.database import Database
    from beratung.storage.migrate import UpgradeResult


class Services:
    """All services over one database; each built on first access (see the module docstring).

    A test may replace one by assigning the attribute (``services.contacts = fake``)."""

    def __init__(
        self,
        context: ServiceContext,
        *,
        upgrade: UpgradeResult | None = None,
        opened: OpenedDatabase | None = None,
    ) -> None:
        self.context = context
        #: What opening did to an older schema (backup, revisions); ``None`` if nothing was needed.
        self.upgrade = upgrade
        self._opened = opened

    def __repr__(self) -> str:
        return f"Services({self.context.db.describe()})"

    @property
    def db(self) -> Database:
        return self.context.db

    @property
    def paths(self) -> AppPaths:
        return self.context.paths

    @property
    def encryption(self) -> EncryptionService:
        """Encrypting the SQLite file (Einstellungen → Sicherungen); a window that holds the
        instance lock encrypts under it instead of being refused by it."""
        from beratung.services.encryption import EncryptionService

        holds = self._opened is not None and self._opened.lock is not None
        return EncryptionService(self.db, self.paths, holds_lock=holds)

    @classmethod
    def create(cls, context: ServiceContext) -> Services:
        return cls(context)

    @cached_property
    def database(self) -> DatabaseService:
        from beratung.services.database import DatabaseService

        return DatabaseService(self.context.db, self.context.paths)

    @cached_property
    def overview(self) -> OverviewService:
        from beratung.services.overview import OverviewService

        return OverviewService(self.context)

    @cached_property
    def contacts(self) -> ContactService:
        from beratung.services.contacts import ContactService

        return ContactService(self.context)

    @cached_property
    def contact_transfer(self) -> ContactTransferService:
        from beratung.services.contact_io import ContactTransferService

        return ContactTransferService(self.context)

    @cached_property
    def letters(self) -> LetterService:
        from beratung.services.letters import LetterService

        return LetterService(self.context)

    @cached_property
    def consultations(self) -> ConsultationService:
        from beratung.services.consultations import ConsultationService

        return ConsultationService(self.context)

    @cached_property
    def followups(self) -> FollowUpService:
        from beratung.services.followups import FollowUpService

        return FollowUpService(self.context)

    @cached_property
    def programmes(self) -> ProgrammeService:
        from beratung.services.programmes import ProgrammeService

        return ProgrammeService(self.context)

    @cached_property
    def statistics(self) -> StatisticsService:
        from beratung.services.statistics import StatisticsService

        return StatisticsService(self.context)

    @cached_property
    def office(self) -> OfficeService:
        from beratung.services.office import OfficeService

        return OfficeService(self.context)

    @cached_property
    def press(self) -> PressService:
        from beratung.services.press import PressService

        return PressService(self.context)

    @cached_property
    def documents(self) -> DocumentService:
        from beratung.services.documents import DocumentService

        return DocumentService(self.context)

    @cached_property
    def masterdata(self) -> MasterDataService:
        from beratung.services.masterdata import MasterDataService

        return MasterDataService(self.context)

    @cached_property
    def demo(self) -> DemoService:
        from beratung.services.demo import DemoService

        return DemoService(self.context)

    @cached_property
    def events(self) -> EventService:
        from beratung.services.events import EventService

        return EventService(self.context)

    @cached_property
    def sheets(self) -> SheetService:
        from beratung.services.sheets import SheetService

        return SheetService(self.context)

    @cached_property
    def privacy(self) -> PrivacyService:
        from beratung.services.privacy import PrivacyService

        return PrivacyService(self.context)

    @classmethod
    def open(
        cls,
        paths: AppPaths,
        *,
        db_path: str | os.PathLike[str] | None = None,
        url: str | None = None,
        user: str | None = None,
        lock: bool = False,
        must_exist: bool = False,
        key: str | None = None,
    ) -> Services:
        """Open the database the one way (:func:`~beratung.services.database.open_database`:
        resolve, lock, check, back up, migrate) and build the services over it. ``lock``: hold
        the one-instance lock until :meth:`close` (the GUI). ``must_exist``: refuse a missing
        SQLite file instead of creating it (a mistyped ``--db``). ``key``: the passphrase of
        an encrypted file, typed by the user (else the environment's or the keyring's)."""
        from beratung.services.base import ServiceContext
        from beratung.services.database import Schema, open_database

        opened = open_database(
            paths,
            db_path=db_path,
            url=url,
            schema=Schema.UPGRADE,
            lock=lock,
            must_exist=must_exist,
            key=key,
        )
        context = (
            ServiceContext(db=opened.db, paths=paths)
            if user is None
            else ServiceContext(db=opened.db, paths=paths, user=user)
        )
        return cls(context, upgrade=opened.upgrade, opened=opened)

    def about(self, *, qt_version: str | None = None) -> AboutInfo:
        """Version, database and schema, folders and attributions (Hilfe → Über Beratung)."""
        from beratung.services.about import describe_installation

        return describe_installation(self.paths, self.db.location, qt_version=qt_version)

    def close(self) -> None:
        """Dispose of the engine and release the instance lock, if this opening took one."""
        if self._opened is not None:
            self._opened.close()
            self._opened = None
        else:
            self.db.dispose()


def __getattr__(name: str) -> object:
    """``from beratung.services import ServiceContext`` without importing it up front."""
    if name == "ServiceContext":
        from beratung.services.base import ServiceContext

        return ServiceContext
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["ServiceContext", "Services"]
