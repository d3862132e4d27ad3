"""The one place that builds the QApplication, the services and the main window.

* :func:`run_gui` — the desktop application (``beratung`` without a subcommand, ``beratung-gui``);
* :func:`render_screenshot` — one view of the main window as a PNG (``beratung screenshot``);
* :func:`main` — entry point of the ``beratung-gui`` script.

Start-up order in :func:`run_gui`: log file, QApplication (names, style, German translations),
exception hooks, instance lock (SQLite), services (opening/upgrading the database), the daily
automatic backup, then the window.
"""

from __future__ import annotations

import argparse
import io
import logging
import logging.handlers
import os
import sys
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import (
    QCoreApplication,
    QLibraryInfo,
    QLocale,
    QSettings,
    Qt,
    QtMsgType,
    QTranslator,
    qInstallMessageHandler,
)
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from beratung import APP_NAME, ORGANISATION_NAME, __version__, resources, settings
from beratung.domain.errors import UserError
from beratung.gui.backups import ChangeBackups, second_folder_warning
from beratung.gui.errors import (
    LOG_FILE_HANDLER_NAME,
    ErrorDialogs,
    ExceptionHook,
    report_exception,
)
from beratung.gui.keyboard import install_keyboard_conventions
from beratung.gui.main_window import VIEW_NAMES, Dialogs, MainWindow, icon
from beratung.gui.operations import wait_for_operations
from beratung.gui.passphrase import ask_database_key
from beratung.gui.style import THEMES, apply_style, set_font_size
from beratung.paths import AppPaths, private_file, private_folder
from beratung.services import Services
from beratung.services.database import (
    BackupOptions,
    KeyRequiredError,
    WrongKeyError,
    remember_database_key,
)

log = logging.getLogger(__name__)

LOG_FORMAT = "%(asctime)s %(levelname)-8s %(name)s [%(threadName)s] %(message)s"
LOG_MAX_BYTES = 1_000_000
LOG_BACKUP_COUNT = 5


# --------------------------------------------------------------------------- logging


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating log whose files only the user can read, the rotated ones included: the log
    holds ids, not names, but paths and times of her work are nobody else's business."""

    def _open(self) -> io.TextIOWrapper:
        private_file(Path(self.baseFilename), create=True)
        return super()._open()


def configure_logging(paths: AppPaths) -> logging.Handler:
    """Log to the rotating log file ``paths.log_file``; returns the handler (to remove it again)."""
    private_folder(paths.log_dir)
    handler = PrivateRotatingFileHandler(
        paths.log_file,
        maxBytes=LOG_MAX_BYTES,
        backupCount=LOG_BACKUP_COUNT,
        encoding="utf-8",
    )
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    handler.set_name(LOG_FILE_HANDLER_NAME)
    root = logging.getLogger()
    root.addHandler(handler)
    if root.level == logging.NOTSET or root.level > logging.INFO:
        root.setLevel(logging.INFO)
    return handler


def remove_logging(handler: logging.Handler) -> None:
    logging.getLogger().removeHandler(handler)
    handler.close()


_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def _qt_message_handler(mode: QtMsgType, context: object, message: str) -> None:
    logging.getLogger("qt").log(_QT_LEVELS.get(mode, logging.WARNING), "%s", message)


# --------------------------------------------------------------------------- application


def has_display() -> bool:
    if sys.platform in ("win32", "darwin"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def application(argv: Sequence[str] | None = None) -> QApplication:
    """The QApplication (created once), named for QSettings, styled, keyboard conventions
    installed (see gui/keyboard.py) and translated."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(list(argv) if argv is not None else [sys.argv[0]])
    if not isinstance(app, QApplication):  # pragma: no cover - a QCoreApplication from elsewhere
        raise RuntimeError("A QCoreApplication without widgets already exists")
    QCoreApplication.setOrganizationName(ORGANISATION_NAME)
    QCoreApplication.setApplicationName(APP_NAME)
    QCoreApplication.setApplicationVersion(__version__)
    QGuiApplication.setDesktopFileName("beratung")
    QLocale.setDefault(QLocale(QLocale.Language.German, QLocale.Country.Germany))
    app.setWindowIcon(icon("app"))
    apply_style(app, settings.read_str(settings.THEME, QSettings()))
    install_keyboard_conventions(app)
    install_translators(app)
    return app


def install_translators(app: QApplication) -> None:
    """German for Qt's own strings (buttons, dialogs); an app translation if one ships.

    The source strings are German, so the app translator only matters for other languages.
    """
    if app.property("beratungTranslators"):
        return
    translators: list[QTranslator] = []
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    qt_translator = QTranslator(app)
    if qt_translator.load("qtbase_de", qt_dir):
        app.installTranslator(qt_translator)
        translators.append(qt_translator)
    else:
        log.info("Keine deutsche Qt-Übersetzung in %s gefunden", qt_dir)
    app_translator = QTranslator(app)
    translation = _app_translation(QLocale.system())
    if translation is not None and app_translator.load(str(translation)):
        app.installTranslator(app_translator)
        translators.append(app_translator)
    app.setProperty("beratungTranslators", True)


def _app_translation(locale: QLocale) -> Path | None:
    """The shipped ``beratung_<lang>.qm`` for the user's languages, most specific first."""
    for language in locale.uiLanguages():
        code = language.replace("-", "_")
        for candidate in dict.fromkeys((code, code.split("_")[0])):
            name = f"beratung_{candidate}.qm"
            if resources.resource(resources.TRANSLATIONS_DIR, name).is_file():
                return resources.resource_path(resources.TRANSLATIONS_DIR, name)
    return None


# --------------------------------------------------------------------------- start-up


@dataclass
class Running:
    """What a started GUI holds on to; :meth:`close` releases it in reverse order."""

    services: Services
    window: MainWindow
    backup: Path | None = None
    warnings: list[str] = field(default_factory=list)
    change_backups: ChangeBackups | None = None

    def close(self) -> None:
        """Wait for background work, then close the database (which releases the lock)."""
        if self.change_backups is not None:
            self.change_backups.timer.stop()
        wait_for_operations()
        self.services.close()


def automatic_backup(
    services: Services, store: settings.Store | None = None
) -> tuple[Path | None, str | None]:
    """The daily backup as the options say (``settings.AUTOMATIC_BACKUP``, ``BACKUP_*``, read
    from QSettings); returns (backup file or None, German warning or None). Never raises."""
    options = BackupOptions.read(store if store is not None else QSettings())
    if not options.automatic:
        log.info("Automatische Sicherung ist abgeschaltet")
        return None, None
    try:
        made = services.database.automatic_backup(
            rotation=options.rotation, second_folder=options.second_folder
        )
    except UserError as exc:
        log.warning("Automatische Sicherung fehlgeschlagen: %s", exc)
        return None, QCoreApplication.translate(
            "App", "Die tägliche Sicherung ist fehlgeschlagen: {message}"
        ).format(message=exc.message)
    except Exception:
        log.exception("Automatische Sicherung fehlgeschlagen")
        return None, QCoreApplication.translate(
            "App",
            "Die tägliche Sicherung ist fehlgeschlagen. Details stehen in der Protokolldatei.",
        )
    if made is None:
        return None, None
    return made.path, second_folder_warning(made.warning)


def open_with_key(
    paths: AppPaths,
    *,
    db_path: str | os.PathLike[str] | None = None,
    url: str | None = None,
) -> Services | None:
    """Open with the instance lock; an encrypted database whose key is neither in the
    keyring nor in ``BERATUNG_DB_KEY`` gets the passphrase dialog before the main window
    exists, again after a wrong key (with the German reason). ``None``: the user cancelled.
    "Im Schlüsselbund merken" stores the key only once it has opened the database."""
    key: str | None = None
    remember = False
    error: str | None = None
    while True:
        try:
            services = Services.open(paths, db_path=db_path, url=url, lock=True, key=key)
        except (KeyRequiredError, WrongKeyError) as exc:
            if key is not None:
                error = exc.message
            answer = ask_database_key(exc.path, error=error)
            if answer is None:
                return None
            key, remember = answer.key, answer.remember
            continue
        if key is not None and remember:
            path = services.db.location.sqlite_path
            try:
                if path is not None:
                    remember_database_key(path, key)
            except UserError as exc:
                log.warning("Schlüssel nicht gemerkt: %s", exc.message)
        return services


def start(
    paths: AppPaths,
    *,
    db_path: str | os.PathLike[str] | None = None,
    url: str | None = None,
) -> Running | None:
    """Lock, open, back up and build the window (not yet shown).

    Returns ``None`` after telling the user why not (a critical German message box): another
    instance holds the database, or the database cannot be used (not a database, newer schema,
    read-only, locked). The database file is not touched in those cases.
    """
    try:
        services = open_with_key(paths, db_path=db_path, url=url)
    except UserError as exc:
        log.warning("Start abgebrochen: %s", exc)
        ErrorDialogs.user_error(None, exc, critical=True)
        return None
    if services is None:
        log.info("Start abgebrochen: kein Schlüssel für die verschlüsselte Datenbank")
        return None

    try:
        backup, warning = automatic_backup(services)
        if backup is not None:
            log.info("Automatische Sicherung: %s", backup)
        window = MainWindow(services)
    except BaseException:
        services.close()
        raise
    change_backups = ChangeBackups(services, window)
    change_backups.start()
    running = Running(
        services=services, window=window, backup=backup, change_backups=change_backups
    )
    if warning:
        running.warnings.append(warning)
        window.show_warning(warning)
    return running


def tell_about_upgrade(running: Running) -> None:
    """After a program update the database schema was upgraded: say so once, naming the backup
    made before, so the advisor knows where her previous state is."""
    upgraded = running.services.upgrade
    if upgraded is None or upgraded.created:
        return
    log.info("Schema %s -> %s", upgraded.from_revision, upgraded.to_revision)
    Dialogs.information(
        running.window,
        QCoreApplication.translate(
            "App", "Die Datenbank wurde für diese Programmversion aktualisiert."
        ),
        upgraded.message(),
    )


def refuse_without_display(environ: Mapping[str, str] | None = None) -> None:
    """On Linux without a display Qt aborts the process with an English message; say it in
    German first, with the way out (the command line, or an offscreen platform)."""
    env = os.environ if environ is None else environ
    if not sys.platform.startswith("linux") or env.get("QT_QPA_PLATFORM"):
        return
    if env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"):
        return
    raise UserError(
        "Beratung findet keine grafische Oberfläche (weder DISPLAY noch WAYLAND_DISPLAY ist "
        "gesetzt); das Programmfenster kann hier nicht geöffnet werden.",
        hint="Die Kommandozeile arbeitet ohne Bildschirm („beratung --help“); "
        "Bildschirmfotos ohne Bildschirm mit QT_QPA_PLATFORM=offscreen.",
    )


def run_gui(
    paths: AppPaths,
    *,
    db_path: str | os.PathLike[str] | None = None,
    url: str | None = None,
) -> int:
    """Run the desktop application until its window is closed; returns the exit code."""
    refuse_without_display()
    try:
        handler = configure_logging(paths)
    except OSError as exc:  # an unwritable data folder: still start, and say so on stderr
        handler = logging.StreamHandler()
        logging.getLogger().addHandler(handler)
        log.warning("Protokolldatei %s nicht beschreibbar: %s", paths.log_file, exc)
    previous_qt_handler = qInstallMessageHandler(_qt_message_handler)
    log.info("Beratung %s startet (Daten: %s)", __version__, paths.data_dir)
    try:
        app = application(sys.argv)
        hook = ExceptionHook(app).install()
        try:
            try:
                running = start(paths, db_path=db_path, url=url)
            except Exception as exc:  # a bug during start-up: logged and shown, not a crash
                report_exception(exc)
                return 1
            if running is None:
                return 1
            try:
                running.window.restore_settings()
                running.window.show()
                tell_about_upgrade(running)
                return int(app.exec())
            finally:
                running.close()
        finally:
            hook.uninstall()
            hook.deleteLater()
    finally:
        log.info("Beratung beendet")
        qInstallMessageHandler(previous_qt_handler)
        remove_logging(handler)


# --------------------------------------------------------------------------- screenshots


@contextmanager
def _screenshot_window(
    paths: AppPaths,
    *,
    db_path: str | os.PathLike[str] | None,
    url: str | None,
    font_size: float | None = None,
    theme: str | None = None,
) -> Iterator[MainWindow]:
    if QApplication.instance() is None and not has_display():
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = application()
    if theme is not None:
        apply_style(app, theme)
    if font_size is not None:
        set_font_size(app, font_size)
    services = Services.open(paths, db_path=db_path, url=url)
    try:
        window = MainWindow(services)
        try:
            yield window
        finally:
            window.close()
            window.deleteLater()
            wait_for_operations()
    finally:
        services.close()


def render_screenshot(
    paths: AppPaths,
    view: str,
    out: Path,
    size: tuple[int, int] = (1280, 800),
    *,
    db_path: str | os.PathLike[str] | None = None,
    url: str | None = None,
    scale: float | None = None,
    font_size: float | None = None,
    theme: str | None = None,
) -> None:
    """Render the main window showing ``view`` at ``size`` (width, height) to the PNG ``out``.

    ``scale`` renders as on a screen with that scale factor (``QT_SCALE_FACTOR``): the image
    has ``size × scale`` device pixels and is not scaled back down, so it shows what a person
    at 200 % sees. ``font_size`` sets the application font in points as if the system's were
    that large (20 = 200 % of the default 10 pt); ``theme`` picks a colour scheme
    (``standard``, ``high-contrast``)."""
    if view not in VIEW_NAMES:
        raise UserError(
            QCoreApplication.translate("App", "Die Ansicht „{view}“ gibt es nicht.").format(
                view=view
            ),
            hint=QCoreApplication.translate("App", "Mögliche Ansichten: {views}.").format(
                views=", ".join(VIEW_NAMES)
            ),
        )
    width, height = size
    if width < 200 or height < 150:
        raise UserError(
            QCoreApplication.translate(
                "App", "Die Größe {width}x{height} ist zu klein (mindestens 200x150)."
            ).format(width=width, height=height)
        )
    out = Path(out)
    if not out.parent.is_dir():
        raise UserError(
            QCoreApplication.translate("App", "Den Ordner {folder} gibt es nicht.").format(
                folder=out.parent
            )
        )
    if scale is not None:
        if not 0.5 <= scale <= 4:
            raise UserError(
                QCoreApplication.translate(
                    "App", "Der Skalierungsfaktor {scale} liegt nicht zwischen 0,5 und 4."
                ).format(scale=scale)
            )
        if QApplication.instance() is not None:
            raise UserError(
                QCoreApplication.translate(
                    "App", "Der Skalierungsfaktor lässt sich nur vor dem Start von Qt setzen."
                )
            )
        os.environ["QT_SCALE_FACTOR"] = f"{scale:g}"
    if font_size is not None and not 6 <= font_size <= 72:
        raise UserError(
            QCoreApplication.translate(
                "App", "Die Schriftgröße {size} pt liegt nicht zwischen 6 und 72."
            ).format(size=font_size)
        )
    if theme is not None and theme not in THEMES:
        raise UserError(
            QCoreApplication.translate("App", "Das Farbschema „{theme}“ gibt es nicht.").format(
                theme=theme
            ),
            hint=QCoreApplication.translate("App", "Mögliche Farbschemata: {themes}.").format(
                themes=", ".join(THEMES)
            ),
        )
    with _screenshot_window(
        paths, db_path=db_path, url=url, font_size=font_size, theme=theme
    ) as window:
        window.setMinimumSize(0, 0)
        window.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)  # no flashing on a desktop
        window.resize(width, height)
        window.show_page(view)
        window.show()
        app = QApplication.instance()
        assert app is not None
        app.processEvents()
        # Pages load in the background (statistics, lists): show their result, not a spinner;
        # nested layouts (charts inside cards inside a scroll area) settle over a few passes.
        for _ in range(8):
            wait_for_operations()
            app.sendPostedEvents()
            app.processEvents()
        image = window.grab().toImage()
        if scale is None and (image.width(), image.height()) != (width, height):
            # high-DPI screens without an explicit scale: back to the requested size
            image = image.scaled(
                width,
                height,
                Qt.AspectRatioMode.IgnoreAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        # PySide6's stub types the format as bytes, but the binding takes only str
        if not image.save(str(out), "PNG"):  # type: ignore[call-overload]
            raise UserError(
                QCoreApplication.translate(
                    "App", "Das Bildschirmfoto konnte nicht nach {path} geschrieben werden."
                ).format(path=out),
                hint=QCoreApplication.translate(
                    "App", "Bitte prüfen Sie, ob der Ordner beschreibbar ist."
                ),
            )


# --------------------------------------------------------------------------- script


def main(argv: Sequence[str] | None = None) -> int:
    """``beratung-gui [--data-dir DIR] [--db FILE] [--database-url URL]``."""
    parser = argparse.ArgumentParser(prog="beratung-gui", description="Beratung starten")
    parser.add_argument("--data-dir", help="Datenordner (Standard: Benutzerdatenordner)")
    parser.add_argument("--db", help="diese SQLite-Datenbankdatei verwenden")
    parser.add_argument("--database-url", help="eine SQLAlchemy-Datenbank-URL verwenden")
    parser.add_argument("--version", action="version", version=f"Beratung {__version__}")
    args, _qt_args = parser.parse_known_args(argv)
    paths = AppPaths.default(args.data_dir)
    return run_gui(paths, db_path=args.db, url=args.database_url)


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
