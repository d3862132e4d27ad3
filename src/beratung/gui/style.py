"""The look: Fusion with a calm, light palette, readable fonts and a few named styles.

Colours are defined once here; widgets refer to them through object names / dynamic properties
in the style sheet instead of hard-coding colours.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

ACCENT = "#2f5f8f"  # calm blue for selection and headings
ACCENT_LIGHT = "#e3ecf5"
TEXT = "#1f2933"
MUTED = "#52606d"
BORDER = "#d3d9e0"
WINDOW = "#f4f6f8"
BASE = "#ffffff"
WARNING_BG = "#fff4d6"
WARNING_BORDER = "#e0b44c"
WARNING_TEXT = "#5c4300"
ALERT = "#b42318"  # due follow-ups
ALERT_BG = "#fdecea"
OK_TEXT = "#1e6b3a"  # "gespeichert"
#: The frame of the widget with keyboard focus: 6.6:1 on BASE, 6.1:1 on WINDOW (WCAG 2.4.7 /
#: 1.4.11 ask for a visible focus of at least 3:1 against its background).
FOCUS_FRAME = "#2f5f8f"

BASE_POINT_SIZE = 10

STYLE_SHEET = f"""
QListWidget#navigation {{
    background: {BASE};
    border: none;
    border-right: 1px solid {BORDER};
    padding: 8px 6px;
    outline: 0;
}}
QListWidget#navigation::item {{
    padding: 9px 10px;
    margin: 1px 0;
    border-radius: 6px;
    color: {TEXT};
}}
QListWidget#navigation::item:hover {{
    background: {WINDOW};
}}
QListWidget#navigation::item:selected {{
    background: {ACCENT_LIGHT};
    color: {ACCENT};
    font-weight: bold;
}}
QListWidget#navigation:focus {{
    border-right: 1px solid {ACCENT};
}}
QScrollArea#pageScrollArea, QWidget#pageContent {{
    background: {WINDOW};
}}
QLabel[role="pageTitle"] {{
    font-size: 18pt;
    font-weight: 600;
    color: {TEXT};
}}
QLabel[role="subtitle"], QLabel[role="muted"] {{
    color: {MUTED};
}}
QLabel[role="sectionTitle"] {{
    font-size: 12pt;
    font-weight: 600;
    color: {TEXT};
}}
QFrame[role="card"] {{
    background: {BASE};
    border: 1px solid {BORDER};
    border-radius: 8px;
}}
QFrame[role="card"][alert="true"] {{
    background: {ALERT_BG};
    border: 1px solid {ALERT};
}}
QFrame[role="card"] QLabel {{
    background: transparent;
    border: none;
}}
QLabel[role="tileTitle"] {{
    color: {MUTED};
    font-weight: 600;
}}
QLabel[role="tileValue"] {{
    font-size: 24pt;
    font-weight: 600;
    color: {ACCENT};
}}
QFrame[alert="true"] QLabel[role="tileValue"], QLabel[role="alertText"] {{
    color: {ALERT};
}}
QLabel[role="tileDetail"] {{
    color: {MUTED};
}}
QFrame[role="banner"] {{
    background: {WARNING_BG};
    border: 1px solid {WARNING_BORDER};
    border-radius: 6px;
}}
QFrame[role="banner"] QLabel {{
    color: {WARNING_TEXT};
    background: transparent;
    border: none;
}}
*[invalid="true"] {{
    border: 1px solid {ALERT};
    border-radius: 3px;
    background: {ALERT_BG};
}}
QLabel[role="fieldError"] {{
    color: {ALERT};
}}
QLabel[role="formError"] {{
    color: {ALERT};
    font-weight: 600;
}}
QLabel[role="formOk"] {{
    color: {OK_TEXT};
    font-weight: 600;
}}
QLabel#statusWarning {{
    color: {WARNING_TEXT};
    background: {WARNING_BG};
    border: 1px solid {WARNING_BORDER};
    border-radius: 4px;
    padding: 1px 6px;
}}
QLineEdit:focus, QComboBox:focus, QAbstractSpinBox:focus {{
    border: 2px solid {FOCUS_FRAME};
    border-radius: 3px;
}}
QAbstractItemView, QPlainTextEdit, QTextEdit {{
    /* a scroll area's frame width is fixed when it is polished: 1 px border + 1 px padding
       now, so that the 2 px focus frame takes the same room */
    border: 1px solid {BORDER};
    padding: 1px;
}}
QTextBrowser#consultationDetailText {{
    border: 1px solid transparent;  /* frameless in its card until it has the focus */
}}
QAbstractItemView:focus, QPlainTextEdit:focus, QTextEdit:focus {{
    border: 2px solid {FOCUS_FRAME};
    padding: 0px;
}}
QPushButton:focus, QToolButton:focus, QCheckBox:focus, QRadioButton:focus, QTabBar:focus,
QGroupBox::indicator:focus {{
    border: 2px solid {FOCUS_FRAME};
    border-radius: 4px;
}}
QPushButton:focus {{
    background: {BASE};
    padding: 1px 4px;
}}
*[invalid="true"]:focus {{
    border: 2px solid {ALERT};
}}
QStatusBar {{
    background: {BASE};
    border-top: 1px solid {BORDER};
    color: {MUTED};
}}
"""


def palette() -> QPalette:
    pal = QPalette()
    roles = QPalette.ColorRole
    pal.setColor(roles.Window, QColor(WINDOW))
    pal.setColor(roles.WindowText, QColor(TEXT))
    pal.setColor(roles.Base, QColor(BASE))
    pal.setColor(roles.AlternateBase, QColor("#f7f9fb"))
    pal.setColor(roles.Text, QColor(TEXT))
    pal.setColor(roles.Button, QColor("#eef1f4"))
    pal.setColor(roles.ButtonText, QColor(TEXT))
    pal.setColor(roles.Highlight, QColor(ACCENT))
    pal.setColor(roles.HighlightedText, QColor("#ffffff"))
    pal.setColor(roles.ToolTipBase, QColor(BASE))
    pal.setColor(roles.ToolTipText, QColor(TEXT))
    pal.setColor(roles.PlaceholderText, QColor("#7b8794"))
    pal.setColor(roles.Link, QColor(ACCENT))
    pal.setColor(roles.Mid, QColor(BORDER))
    disabled = QPalette.ColorGroup.Disabled
    for role in (roles.WindowText, roles.Text, roles.ButtonText):
        pal.setColor(disabled, role, QColor("#9aa5b1"))
    return pal


def apply_style(app: QApplication) -> None:
    """Apply the look to the whole application (idempotent)."""
    if app.property("beratungStyled"):
        return
    fusion = QStyleFactory.create("Fusion")
    if fusion is not None:
        app.setStyle(fusion)
    app.setPalette(palette())
    font = QFont(app.font())
    if font.pointSize() < BASE_POINT_SIZE:
        font.setPointSize(BASE_POINT_SIZE)
    app.setFont(font)
    app.setStyleSheet(STYLE_SHEET)
    app.setProperty("beratungStyled", True)
