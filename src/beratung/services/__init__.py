"""Use-case services: the only way the GUI and the CLI read or change data.

:class:`Services` is built once by ``app.py`` or the CLI and handed to whoever needs it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from beratung.paths import AppPaths
from beratung.services.about import AboutInfo, describe_installation
from beratung.services.base import ServiceContext
from beratung.services.consultations import ConsultationService
from beratung.services.contact_io import ContactTransferService
from beratung.services.contacts import ContactService
from beratung.services.database import DatabaseService, OpenedDatabase, Schema, open_database
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


@dataclass
class Services:
    context: ServiceContext
    database: DatabaseService
    overview: OverviewService
    contacts: ContactService
    contact_transfer: ContactTransferService
    letters: LetterService
    consultations: ConsultationService
    followups: FollowUpService
    programmes: ProgrammeService
    statistics: StatisticsService
    office: OfficeService
    press: PressService
    documents: DocumentService
    masterdata: MasterDataService
    demo: DemoService
    events: EventService
    sheets: SheetService
    privacy: PrivacyService
    #: What opening did to an older schema (backup, revisions); ``None`` if nothing was needed.
    upgrade: UpgradeResult | None = None
    _opened: OpenedDatabase | None = field(default=None, repr=False)

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
        holds = self._opened is not None and self._opened.lock is not None
        return EncryptionService(self.db, self.paths, holds_lock=holds)

    @classmethod
    def create(cls, context: ServiceContext) -> Services:
        return cls(
            context=context,
            database=DatabaseService(context.db, context.paths),
            overview=OverviewService(context),
            contacts=ContactService(context),
            contact_transfer=ContactTransferService(context),
            letters=LetterService(context),
            consultations=ConsultationService(context),
            followups=FollowUpService(context),
            programmes=ProgrammeService(context),
            statistics=StatisticsService(context),
            office=OfficeService(context),
            press=PressService(context),
            documents=DocumentService(context),
            masterdata=MasterDataService(context),
            demo=DemoService(context),
            events=EventService(context),
            sheets=SheetService(context),
            privacy=PrivacyService(context),
        )

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
        services = cls.create(context)
        services.upgrade = opened.upgrade
        services._opened = opened
        return services

    def about(self, *, qt_version: str | None = None) -> AboutInfo:
        """Version, database and schema, folders and attributions (Hilfe → Über Beratung)."""
        return describe_installation(self.paths, self.db.location, qt_version=qt_version)

    def close(self) -> None:
        """Dispose of the engine and release the instance lock, if this opening took one."""
        if self._opened is not None:
            self._opened.close()
            self._opened = None
        else:
            self.db.dispose()


__all__ = ["ServiceContext", "Services"]
