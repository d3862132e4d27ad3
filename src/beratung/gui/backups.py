"""The automatic backup after many changes, made at a quiet moment while the program runs.

Why not only at start: an advisor who leaves Beratung open for a week would otherwise have no
copy of that week's work. The services count committed write transactions (cheap: one integer);
a timer looks once a minute and, when enough changes were saved and no operation is running,
hands the backup to the operations worker, so the window never freezes and the backup never
runs between the statements of a save.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, QSettings, QTimer, Signal, Slot

from beratung import settings
from beratung.domain.errors import UserError
from beratung.gui.operations import run_operation
from beratung.services.database import AutomaticBackup, BackupOptions

if TYPE_CHECKING:
    from beratung.gui.main_window import MainWindow
    from beratung.services import Services

log = logging.getLogger(__name__)

#: How often the change count is looked at.
CHECK_INTERVAL_MS = 60_000


def second_folder_warning(message: str | None) -> str | None:
    """A failing second folder is a warning; the backup in the backup folder is fine."""
    if message is None:
        return None
    return QCoreApplication.translate(
        "Backups", "Die Sicherung ist angelegt, aber nicht im zweiten Ordner: {message}"
    ).format(message=message)


class ChangeBackups(QObject):
    """Runs ``DatabaseService.backup_after_changes`` when the options ask for it."""

    #: Emitted on the GUI thread after a backup was made (tests wait for it).
    made = Signal(object)

    def __init__(
        self,
        services: Services,
        window: MainWindow,
        store: Callable[[], settings.Store] = QSettings,
    ) -> None:
        super().__init__(window)
        self.services = services
        self.window = window
        self._store = store
        self.running = False
        self.timer = QTimer(self)
        self.timer.setObjectName("changeBackupTimer")
        self.timer.setInterval(CHECK_INTERVAL_MS)
        self.timer.timeout.connect(self.check)

    def start(self) -> None:
        self.timer.start()

    @Slot()
    def check(self) -> bool:
        """Start a backup if one is due and the moment is quiet; ``True`` when started. The
        options are read each time, so a change in Einstellungen applies at once."""
        if self.running or self.window.is_busy():
            return False
        if not self.services.database.backs_up_automatically:
            return False
        options = BackupOptions.read(self._store())
        if not options.automatic or options.after_changes <= 0:
            return False
        database = self.services.database
        if database.changes_since_backup() < options.after_changes:
            return False
        self.running = True
        run_operation(
            self.window,
            lambda: database.backup_after_changes(
                options.after_changes,
                rotation=options.rotation,
                second_folder=options.second_folder,
            ),
            self._done,
            on_failure=self._failed,
        )
        return True

    def _done(self, made: AutomaticBackup | None) -> None:
        self.running = False
        if made is None:
            return
        log.info("Automatische Sicherung nach Änderungen: %s", made.path)
        self.window.statusBar().showMessage(
            self.tr("Automatische Sicherung angelegt: {path}").format(path=made.path), 10_000
        )
        warning = second_folder_warning(made.warning)
        if warning:
            self.window.show_warning(warning)
        self.made.emit(made)

    def _failed(self, exc: BaseException) -> None:
        self.running = False
        if isinstance(exc, UserError):
            log.warning("Automatische Sicherung fehlgeschlagen: %s", exc.message)
            text = self.tr("Die automatische Sicherung ist fehlgeschlagen: {message}").format(
                message=exc.message
            )
        else:
            log.error("Automatische Sicherung fehlgeschlagen", exc_info=exc)
            text = self.tr(
                "Die automatische Sicherung ist fehlgeschlagen. Details stehen in der "
                "Protokolldatei."
            )
        self.window.show_warning(text)
