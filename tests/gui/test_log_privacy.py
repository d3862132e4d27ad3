"""The log holds ids and kinds, never a name or an e-mail address (issue 14, deliver 5).

The GUI is driven over the demo data as the advisor would open it: every page, a person, an
event, the statistics; then the log file is searched for every demo person's last name and
e-mail address.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from beratung.app import Running, configure_logging, remove_logging, start
from beratung.cli import main
from beratung.domain.errors import ValidationError
from beratung.gui.errors import report_exception
from beratung.gui.main_window import VIEW_NAMES
from beratung.gui.operations import wait_for_operations
from beratung.paths import AppPaths


@pytest.fixture
def running(paths: AppPaths) -> Iterator[Running]:
    assert main(["--data-dir", str(paths.data_dir), "demo"]) == 0
    handler = configure_logging(paths)
    logging.getLogger().setLevel(logging.DEBUG)  # the most the log could ever hold
    started = start(paths)
    assert started is not None
    try:
        yield started
    finally:
        started.window.close()
        started.close()
        remove_logging(handler)
        handler.close()
        logging.getLogger().setLevel(logging.WARNING)


def personal_words(paths: AppPaths) -> set[str]:
    with sqlite3.connect(paths.database_file) as conn:
        rows = conn.execute("SELECT last_name, email FROM person").fetchall()
    return {value for row in rows for value in row if value and len(value) >= 4}


def test_driving_the_gui_over_the_demo_leaves_no_name_in_the_log(
    qtbot: QtBot, running: Running, paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    from beratung.gui.errors import ErrorDialogs

    monkeypatch.setattr(ErrorDialogs, "user_error",
                        classmethod(lambda cls, parent, error, critical=False: None))
    window = running.window
    for key in VIEW_NAMES:
        window.show_page(key)
        wait_for_operations()
        QApplication.processEvents()
    # A message naming somebody, as a refused registration would.
    words = personal_words(paths)
    someone = sorted(words)[0]
    report_exception(ValidationError(f"{someone} ist schon angemeldet.", field="person"))
    for handler in logging.getLogger().handlers:
        handler.flush()
    log_text = paths.log_file.read_text(encoding="utf-8")
    assert "Meldung an die Benutzerin: ValidationError" in log_text  # the log was written
    found = sorted(word for word in words if word in log_text)
    assert found == []
