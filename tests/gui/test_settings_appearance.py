"""Einstellungen → Darstellung: the high-contrast theme is chosen, applied and remembered."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from beratung import settings
from beratung.gui import style
from beratung.gui.main_window import MainWindow
from beratung.gui.settings.appearance import AppearanceTab


def test_choosing_high_contrast_applies_it_and_keeps_it(
    qtbot: QtBot, window: MainWindow, qapp: QApplication
) -> None:
    window.show_page("settings")
    page = window.pages["settings"]
    tab = page.appearance_tab  # type: ignore[attr-defined]
    assert isinstance(tab, AppearanceTab)
    page.show_tab(tab)  # type: ignore[attr-defined]
    assert tab.theme.currentData() == style.SYSTEM  # the default
    try:
        index = tab.theme.findData(style.HIGH_CONTRAST.key)
        tab.theme.setCurrentIndex(index)
        tab.theme.activated.emit(index)
        assert QSettings().value(settings.THEME.key) == style.HIGH_CONTRAST.key
        assert style.current_theme(qapp) == style.HIGH_CONTRAST.key
        assert qapp.palette().color(QPalette.ColorRole.WindowText).name() == "#000000"
        assert "Hoher Kontrast" in tab.message.text()
        tab.load()  # shown again later: the stored choice
        assert tab.theme.currentData() == style.HIGH_CONTRAST.key
        assert tab.theme.accessibleName()
    finally:
        style.apply_style(qapp, style.STANDARD.key)
