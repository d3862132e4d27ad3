"""The look: Fusion with a calm, light palette, readable fonts and a few named styles.

Colours are defined once here, as named constants grouped into a :class:`Theme`; the style sheet
is built from :data:`RULES`, each naming its colours by role and saying on which background its
text is drawn, so the contrast test (tests/gui/test_contrast.py) pairs every foreground with its
real background instead of guessing. Widgets refer to the look through object names / dynamic
properties instead of hard-coding colours.

Two themes ship: the calm standard one and a high-contrast one (Einstellungen → Darstellung,
kept in QSettings per workstation). On Windows with the system's high-contrast mode switched on,
the system's own colours are used instead of either.

Font sizes are never fixed: headings are a factor of the application font
(``QApplication.font()``), which follows the system's font size, so at 200 % text a heading is
still larger than the body text.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, fields

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory, QWidget

# ----------------------------------------------------------------------- standard colours
ACCENT = "#2f5f8f"  # calm blue for selection and headings
ACCENT_LIGHT = "#e3ecf5"
TEXT = "#1f2933"
MUTED = "#52606d"
BORDER = "#d3d9e0"
WINDOW = "#f4f6f8"
BASE = "#ffffff"
ALTERNATE_BASE = "#f7f9fb"
BUTTON = "#eef1f4"
HIGHLIGHTED_TEXT = "#ffffff"
#: 5.2:1 on white (was #7b8794, 3.66:1): placeholders carry hints, so they are text
PLACEHOLDER = "#5f6c7b"
#: disabled text still says what the control is (a greyed "Speichern"): 4.6:1 on the buttons
DISABLED_TEXT = "#5f6b78"
WARNING_BG = "#fff4d6"
WARNING_BORDER = "#e0b44c"
WARNING_TEXT = "#5c4300"
ALERT = "#b42318"  # due follow-ups
ALERT_BG = "#fdecea"
OK_TEXT = "#1e6b3a"  # "gespeichert", "endgültig"
DRAFT_TEXT = "#8a5a00"  # a press release's "Entwurf" in the list: 5.6:1
OK_BG = "#eef7f0"  # the check-in's confirmation, a notice that went well
OK_BORDER = "#9cc5a8"
INFO_BG = "#e3ecf5"  # the programme answer, a press release's status box
INFO_BORDER = "#b7c9dc"
FINAL_BG = "#e6f4ea"  # a final press release's status box
FINAL_BORDER = "#8cc29b"
GRIDLINE = "#eef1f4"  # between the cells of the events' and contacts' tables
#: read-only fields of the Einstellungen and Presse pages: 9.9:1
READ_ONLY_BG = "#f1f3f5"
READ_ONLY_TEXT = "#323f4b"
PREVIEW_BG = "#fbfcfd"  # the contact's letter preview
PREVIEW_BORDER = "#b7c1cc"  # the dashed frame around the logo preview
#: The frame of the widget with keyboard focus: 6.6:1 on BASE, 6.1:1 on WINDOW (WCAG 2.4.7 /
#: 1.4.11 ask for a visible focus of at least 3:1 against its background).
FOCUS_FRAME = "#2f5f8f"

BASE_POINT_SIZE = 10

#: Heading sizes as a factor of the application font (18/12/24 pt at the 10 pt default).
FONT_FACTORS = {"title": 1.8, "section": 1.2, "tile": 2.4, "large": 1.6, "medium": 1.2, "huge": 2.0}


@dataclass(frozen=True)
class Theme:
    """One complete set of named colours (hex ``#rrggbb``)."""

    key: str
    accent: str
    accent_light: str
    text: str
    muted: str
    border: str
    window: str
    base: str
    alternate_base: str
    button: str
    highlight: str
    highlighted_text: str
    placeholder: str
    disabled_text: str
    warning_bg: str
    warning_border: str
    warning_text: str
    alert: str
    alert_bg: str
    ok_text: str
    focus_frame: str
    ok_bg: str
    ok_border: str
    info_bg: str
    info_border: str
    final_bg: str
    final_border: str
    gridline: str
    read_only_bg: str
    read_only_text: str
    preview_bg: str
    preview_border: str
    draft_text: str

    def colours(self) -> dict[str, str]:
        """Role name → colour, for formatting :data:`RULES`."""
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name != "key"}


STANDARD = Theme(
    key="standard",
    accent=ACCENT,
    accent_light=ACCENT_LIGHT,
    text=TEXT,
    muted=MUTED,
    border=BORDER,
    window=WINDOW,
    base=BASE,
    alternate_base=ALTERNATE_BASE,
    button=BUTTON,
    highlight=ACCENT,
    highlighted_text=HIGHLIGHTED_TEXT,
    placeholder=PLACEHOLDER,
    disabled_text=DISABLED_TEXT,
    warning_bg=WARNING_BG,
    warning_border=WARNING_BORDER,
    warning_text=WARNING_TEXT,
    alert=ALERT,
    alert_bg=ALERT_BG,
    ok_text=OK_TEXT,
    focus_frame=FOCUS_FRAME,
    ok_bg=OK_BG,
    ok_border=OK_BORDER,
    info_bg=INFO_BG,
    info_border=INFO_BORDER,
    final_bg=FINAL_BG,
    final_border=FINAL_BORDER,
    gridline=GRIDLINE,
    read_only_bg=READ_ONLY_BG,
    read_only_text=READ_ONLY_TEXT,
    preview_bg=PREVIEW_BG,
    preview_border=PREVIEW_BORDER,
    draft_text=DRAFT_TEXT,
)

#: Black on white, black borders, selection in yellow on black: every pair reaches 7:1 or more.
HIGH_CONTRAST = Theme(
    key="high-contrast",
    accent="#00306b",
    accent_light="#fff27a",
    text="#000000",
    muted="#262626",
    border="#000000",
    window="#ffffff",
    base="#ffffff",
    alternate_base="#f0f0f0",
    button="#ffffff",
    highlight="#000000",
    highlighted_text="#ffff00",
    placeholder="#333333",
    disabled_text="#404040",
    warning_bg="#ffffff",
    warning_border="#000000",
    warning_text="#000000",
    alert="#9e0000",
    alert_bg="#ffffff",
    ok_text="#00521c",
    # not black like every border: blue, 11.5:1 on white
    focus_frame="#0000c8",
    # tinted boxes turn white with a black frame; the word says what it is, the frame's colour
    # only helps (a final press release's is green)
    ok_bg="#ffffff",
    ok_border="#000000",
    info_bg="#ffffff",
    info_border="#000000",
    final_bg="#ffffff",
    final_border="#00521c",
    gridline="#000000",
    read_only_bg="#f0f0f0",
    read_only_text="#000000",
    preview_bg="#ffffff",
    preview_border="#000000",
    draft_text="#5c3d00",
)

THEMES: dict[str, Theme] = {STANDARD.key: STANDARD, HIGH_CONTRAST.key: HIGH_CONTRAST}
#: The theme option's value that follows the system (high contrast on Windows, else standard).
SYSTEM = "system"


#: Dynamic properties that switch a few rules on for the widgets inside a page or dialog (set
#: with :func:`light_grid` and :func:`read_only_look` on the page or dialog itself).
LIGHT_GRID = "lightGrid"
READ_ONLY_LOOK = "readOnlyLook"


def light_grid(widget: QWidget) -> None:
    """Light grid lines in the tables inside ``widget`` (the events' and contacts' pages and
    dialogs; other tables keep the style's own lines)."""
    widget.setProperty(LIGHT_GRID, True)


def read_only_look(widget: QWidget, look: str) -> None:
    """How read-only fields inside ``widget`` look: ``"muted"`` (contacts: grey text on the
    alternate row colour) or ``"grey"`` (Einstellungen, Presse: a grey field, dark text)."""
    widget.setProperty(READ_ONLY_LOOK, look)


@dataclass(frozen=True)
class Rule:
    """One style-sheet rule. ``body`` names colours as ``{role}`` and font sizes as ``{title}``
    etc.; ``on`` is the background role its text is drawn on when the rule sets no background
    itself; ``large`` marks text that counts as large (WCAG: ≥ 18 pt or bold ≥ 14 pt);
    ``line`` marks a rule whose ``color`` draws a line (a separator), not text."""

    selector: str
    body: str
    on: str | None = None
    large: bool = False
    line: bool = False


RULES: tuple[Rule, ...] = (
    Rule(
        "QListWidget#navigation",
        "background: {base}; border: none; border-right: 1px solid {border};"
        " padding: 8px 6px; outline: 0;",
    ),
    Rule(
        "QListWidget#navigation::item",
        "padding: 9px 10px; margin: 1px 0; border-radius: 6px; color: {text};",
        on="base",
    ),
    Rule("QListWidget#navigation::item:hover", "background: {window}; color: {text};"),
    Rule(
        "QListWidget#navigation::item:selected",
        "background: {accent_light}; color: {accent}; font-weight: bold;",
    ),
    Rule("QListWidget#navigation:focus", "border-right: 1px solid {accent};"),
    Rule("QScrollArea#pageScrollArea, QWidget#pageContent", "background: {window};"),
    Rule(
        'QLabel[role="pageTitle"]',
        "font-size: {title}; font-weight: 600; color: {text};",
        on="window",
        large=True,
    ),
    Rule('QLabel[role="subtitle"], QLabel[role="muted"]', "color: {muted};", on="window"),
    Rule(
        'QLabel[role="sectionTitle"]',
        "font-size: {section}; font-weight: 600; color: {text};",
        on="base",
    ),
    Rule(
        'QFrame[role="card"]',
        "background: {base}; border: 1px solid {border}; border-radius: 8px; color: {text};",
    ),
    Rule(
        'QFrame[role="card"][alert="true"]',
        "background: {alert_bg}; border: 1px solid {alert}; color: {text};",
    ),
    Rule('QFrame[role="card"] QLabel', "background: transparent; border: none;"),
    Rule('QLabel[role="tileTitle"]', "color: {muted}; font-weight: 600;", on="base"),
    Rule(
        'QLabel[role="tileValue"]',
        "font-size: {tile}; font-weight: 600; color: {accent};",
        on="base",
        large=True,
    ),
    Rule(
        'QFrame[alert="true"] QLabel[role="tileValue"], QLabel[role="alertText"]',
        "color: {alert};",
        on="alert_bg",
    ),
    Rule('QLabel[role="tileDetail"]', "color: {muted};", on="base"),
    Rule(
        'QFrame[role="banner"]',
        "background: {warning_bg}; border: 1px solid {warning_border}; border-radius: 6px;",
    ),
    Rule(
        'QFrame[role="banner"] QLabel',
        "color: {warning_text}; background: transparent; border: none;",
        on="warning_bg",
    ),
    Rule(
        '*[invalid="true"]',
        "border: 1px solid {alert}; border-radius: 3px; background: {alert_bg}; color: {text};",
    ),
    Rule('QLabel[role="fieldError"]', "color: {alert};", on="base"),
    Rule('QLabel[role="formError"]', "color: {alert}; font-weight: 600;", on="base"),
    Rule('QLabel[role="formOk"]', "color: {ok_text}; font-weight: 600;", on="base"),
    Rule(
        "QLabel#statusWarning",
        "color: {warning_text}; background: {warning_bg}; border: 1px solid {warning_border};"
        " border-radius: 4px; padding: 1px 6px;",
    ),
    # the focus frame (keyboard focus always visible, 3:1 or more against its background)
    Rule(
        "QLineEdit:focus, QComboBox:focus, QAbstractSpinBox:focus",
        "border: 2px solid {focus_frame}; border-radius: 3px;",
    ),
    # a scroll area's frame width is fixed when it is polished: 1 px border + 1 px padding
    # now, so that the 2 px focus frame takes the same room
    Rule(
        "QAbstractItemView, QPlainTextEdit, QTextEdit",
        "border: 1px solid {border}; padding: 1px;",
    ),
    # frameless in its card until it has the focus
    Rule("QTextBrowser#consultationDetailText", "border: 1px solid transparent;"),
    Rule(
        "QAbstractItemView:focus, QPlainTextEdit:focus, QTextEdit:focus",
        "border: 2px solid {focus_frame}; padding: 0px;",
    ),
    Rule(
        "QPushButton:focus, QToolButton:focus, QCheckBox:focus, QRadioButton:focus,"
        " QTabBar:focus, QGroupBox::indicator:focus",
        "border: 2px solid {focus_frame}; border-radius: 4px;",
    ),
    Rule("QPushButton:focus", "background: {base}; color: {text}; padding: 1px 4px;"),
    Rule('*[invalid="true"]:focus', "border: 2px solid {alert};"),
    Rule(
        "QStatusBar",
        "background: {base}; border-top: 1px solid {border}; color: {muted};",
    ),
    # ---- the pages' own parts (these were widget-local style sheets with fixed colours)
    Rule('QFrame[role="separator"]', "color: {border};", line=True),
    Rule(f'*[{LIGHT_GRID}="true"] QTableView', "gridline-color: {gridline};"),
    Rule(
        f'*[{READ_ONLY_LOOK}="muted"] QLineEdit[readOnly="true"]',
        "background: {alternate_base}; color: {muted};",
    ),
    Rule(
        f'*[{READ_ONLY_LOOK}="grey"] QLineEdit[readOnly="true"],'
        f' *[{READ_ONLY_LOOK}="grey"] QPlainTextEdit[readOnly="true"]',
        "background: {read_only_bg}; color: {read_only_text};",
    ),
    Rule('QLabel[role="count"]', "color: {muted};", on="window"),
    # events: a field's warning ("Noch offen: …"), the notes under a venue, an empty tab
    Rule(
        'QLabel[role="fieldWarning"]',
        "color: {warning_text}; background: {warning_bg}; border: 1px solid {warning_border};"
        " border-radius: 4px; padding: 3px 8px;",
    ),
    Rule('QLabel[role="venueSummary"]', "color: {muted};", on="window"),
    Rule('QLabel[role="placeholder"]', "color: {muted}; padding: 12px 4px;", on="base"),
    Rule(
        "QTabWidget#eventTabs::pane",
        "border: 1px solid {border}; border-radius: 6px; top: -1px; background: {base};",
    ),
    Rule("QTabWidget#eventTabs > QWidget", "background: {base};"),
    Rule(
        "QTabBar#eventPeriod::tab:selected",
        "color: {accent}; font-weight: 600;",
        on="window",
    ),
    # the registration tabs' notice line; every tone goes with a word, never alone
    Rule(
        'QFrame[role="notice"]',
        "border: 1px solid {border}; border-radius: 6px; background: {alternate_base};",
    ),
    Rule(
        'QFrame[role="notice"][tone="ok"]',
        "border: 1px solid {ok_border}; background: {ok_bg};",
    ),
    Rule('QFrame[role="notice"][tone="ok"] QLabel#noticeText', "color: {ok_text};", on="ok_bg"),
    Rule(
        'QFrame[role="notice"][tone="warning"]',
        "border: 1px solid {warning_border}; background: {warning_bg};",
    ),
    Rule(
        'QFrame[role="notice"][tone="warning"] QLabel#noticeText',
        "color: {warning_text};",
        on="warning_bg",
    ),
    Rule(
        'QFrame[role="notice"][tone="error"]',
        "border: 1px solid {alert}; background: {alert_bg};",
    ),
    Rule(
        'QFrame[role="notice"][tone="error"] QLabel#noticeText', "color: {alert};", on="alert_bg"
    ),
    # the check-in's confirmation (its large type is the check-in's own, relative_font)
    Rule(
        "QFrame#checkInConfirmation",
        "border-radius: 8px; border: 2px solid {ok_border}; background: {ok_bg};",
    ),
    Rule(
        "QFrame#checkInConfirmation QLabel",
        "color: {ok_text}; background: transparent;",
        on="ok_bg",
        large=True,
    ),
    Rule(
        'QFrame#checkInConfirmation[tone="warning"]',
        "border: 2px solid {warning_border}; background: {warning_bg};",
    ),
    Rule(
        'QFrame#checkInConfirmation[tone="warning"] QLabel',
        "color: {warning_text};",
        on="warning_bg",
        large=True,
    ),
    Rule(
        'QFrame#checkInConfirmation[tone="error"]',
        "border: 2px solid {alert}; background: {alert_bg};",
    ),
    Rule(
        'QFrame#checkInConfirmation[tone="error"] QLabel',
        "color: {alert};",
        on="alert_bg",
        large=True,
    ),
    # contacts: the letter preview (an id, so that a card's "QLabel: no border" does not win)
    Rule(
        "QLabel#letterPreview",
        "background: {preview_bg}; border: 1px solid {border}; border-radius: 4px;"
        " padding: 8px 10px;",
    ),
    Rule(
        'QLabel#letterPreview[problem="true"]',
        "color: {alert}; background: {alert_bg}; border: 1px solid {alert};",
    ),
    # the consultation form's error line above the form
    Rule(
        "QLabel#formError",
        "color: {alert}; background: {alert_bg}; border: 1px solid {alert};"
        " border-radius: 4px; padding: 6px 10px; font-weight: normal;",
    ),
    # Auswertungen: the answer of "Quartier 2020"
    Rule(
        "QLabel#programmeAnswer",
        "background: {info_bg}; border: 1px solid {info_border}; border-radius: 6px;"
        " padding: 8px 12px; color: {text};",
    ),
    # Presse: the status box above the form
    Rule(
        'QFrame[role="statusBox"]',
        "background: {info_bg}; border: 1px solid {info_border}; border-radius: 6px;",
    ),
    Rule(
        'QFrame[role="statusBox"][final="true"]',
        "background: {final_bg}; border: 1px solid {final_border};",
    ),
    Rule('QFrame[role="statusBox"] QLabel', "background: transparent; border: none;"),
    # Einstellungen → Absender: the logo
    Rule(
        "QLabel#logoPreview",
        "background: {base}; border: 1px dashed {preview_border}; border-radius: 4px;",
    ),
)

#: Palette roles drawn as text on a palette background: (foreground, background, what).
PALETTE_PAIRS: tuple[tuple[str, str, str], ...] = (
    ("text", "base", "Text in Feldern und Tabellen"),
    ("text", "alternate_base", "Text in jeder zweiten Tabellenzeile"),
    ("text", "window", "Beschriftungen"),
    ("text", "button", "Schaltflächen"),
    ("highlighted_text", "highlight", "Auswahl"),
    ("placeholder", "base", "Platzhaltertext"),
    ("muted", "base", "Hinweise auf Karten"),
    ("muted", "window", "Hinweise auf der Seite"),
    ("accent", "base", "Links"),
    ("disabled_text", "button", "gesperrte Schaltflächen"),
    ("disabled_text", "base", "gesperrte Felder"),
    ("disabled_text", "window", "gesperrte Beschriftungen"),
)


def font_sizes(base_point_size: float) -> dict[str, str]:
    """Heading sizes for a base font of ``base_point_size`` pt, as style-sheet values."""
    return {name: f"{base_point_size * factor:.1f}pt" for name, factor in FONT_FACTORS.items()}


def relative_font(factor: float) -> str:
    """A ``font-size`` value ``factor`` times the application font, for widget style sheets
    (e.g. the check-in's large search field) so they grow with the system font too."""
    app = QApplication.instance()
    size = float(BASE_POINT_SIZE)
    if isinstance(app, QApplication):
        size = app.font().pointSizeF() if app.font().pointSizeF() > 0 else size
    return f"{size * factor:.1f}pt"


def scaled(pixels: int) -> int:
    """``pixels`` laid out for the default 10 pt font, grown with a larger application font:
    column widths and row heights in pixels would otherwise cut dates to "21.…" at 200 %."""
    app = _app()
    size = base_font_size(app) if app is not None else float(BASE_POINT_SIZE)
    return round(pixels * max(1.0, size / BASE_POINT_SIZE))


def style_sheet(theme: Theme = STANDARD, base_point_size: float = BASE_POINT_SIZE) -> str:
    """The application style sheet for ``theme`` with headings relative to the base font."""
    values = {**theme.colours(), **font_sizes(base_point_size)}
    return "\n".join(f"{rule.selector} {{\n    {rule.body.format(**values)}\n}}" for rule in RULES)


#: The standard sheet at the default font (kept for callers that only want the text).
STYLE_SHEET = style_sheet()


def palette(theme: Theme = STANDARD) -> QPalette:
    pal = QPalette()
    roles = QPalette.ColorRole
    pal.setColor(roles.Window, QColor(theme.window))
    pal.setColor(roles.WindowText, QColor(theme.text))
    pal.setColor(roles.Base, QColor(theme.base))
    pal.setColor(roles.AlternateBase, QColor(theme.alternate_base))
    pal.setColor(roles.Text, QColor(theme.text))
    pal.setColor(roles.Button, QColor(theme.button))
    pal.setColor(roles.ButtonText, QColor(theme.text))
    pal.setColor(roles.Highlight, QColor(theme.highlight))
    pal.setColor(roles.HighlightedText, QColor(theme.highlighted_text))
    pal.setColor(roles.ToolTipBase, QColor(theme.base))
    pal.setColor(roles.ToolTipText, QColor(theme.text))
    pal.setColor(roles.PlaceholderText, QColor(theme.placeholder))
    pal.setColor(roles.Link, QColor(theme.accent))
    pal.setColor(roles.Mid, QColor(theme.border))
    if theme is HIGH_CONTRAST:  # Fusion draws frames from these: black, not grey
        for role in (roles.Dark, roles.Shadow):
            pal.setColor(role, QColor(theme.border))
    disabled = QPalette.ColorGroup.Disabled
    for role in (roles.WindowText, roles.Text, roles.ButtonText):
        pal.setColor(disabled, role, QColor(theme.disabled_text))
    return pal


def system_high_contrast() -> bool:
    """Whether Windows' high-contrast mode is on (SPI_GETHIGHCONTRAST); False elsewhere."""
    if sys.platform != "win32":
        return False
    import ctypes
    from ctypes import wintypes

    class HighContrast(ctypes.Structure):
        _fields_ = (
            ("cbSize", wintypes.UINT),
            ("dwFlags", wintypes.DWORD),
            ("lpszDefaultScheme", wintypes.LPWSTR),
        )

    info = HighContrast()
    info.cbSize = ctypes.sizeof(HighContrast)
    windll = getattr(ctypes, "windll", None)
    if windll is None or not windll.user32.SystemParametersInfoW(
        0x0042, info.cbSize, ctypes.byref(info), 0
    ):
        return False
    return bool(info.dwFlags & 0x1)  # HCF_HIGHCONTRASTON


def base_font_size(app: QApplication) -> float:
    """The application font's point size (the system's, at least :data:`BASE_POINT_SIZE`)."""
    stored = app.property("beratungBasePointSize")
    if isinstance(stored, float | int) and stored > 0:
        return float(stored)
    size = app.font().pointSizeF()
    return max(size, float(BASE_POINT_SIZE)) if size > 0 else float(BASE_POINT_SIZE)


def current_theme(app: QApplication | None = None) -> str:
    """The key of the theme in use (``standard``, ``high-contrast`` or ``system``)."""
    app = app or _app()
    value = app.property("beratungTheme") if app is not None else None
    return value if isinstance(value, str) else STANDARD.key


def active_theme(app: QApplication | None = None) -> Theme:
    """The theme whose colours are on screen, for colours written into rich text (HTML has no
    style-sheet selectors); "Wie das System" counts as the standard theme."""
    return THEMES.get(current_theme(app), STANDARD)


def apply_style(app: QApplication, theme: str | None = None, *, force: bool = False) -> None:
    """Apply the look to the whole application; again with ``theme`` to switch themes.

    ``theme`` is a key of :data:`THEMES` or :data:`SYSTEM`; ``None`` keeps the current one (the
    standard theme at first). With :data:`SYSTEM` on Windows in high-contrast mode the system's
    palette stays and only the font sizes are set, so Windows' own colours win."""
    wanted = theme or current_theme(app)
    if app.property("beratungStyled") and wanted == current_theme(app) and not force:
        return
    fusion = QStyleFactory.create("Fusion")
    if fusion is not None and not app.property("beratungStyled"):
        app.setStyle(fusion)
    size = base_font_size(app)
    if not app.property("beratungStyled"):
        font = QFont(app.font())
        font.setPointSizeF(size)
        app.setFont(font)
        app.setProperty("beratungBasePointSize", size)
    if wanted == SYSTEM and system_high_contrast():
        app.setPalette(app.style().standardPalette())
        app.setStyleSheet(_font_only_sheet(size))
    else:
        chosen = THEMES.get(wanted, STANDARD)
        if wanted == SYSTEM:
            chosen = STANDARD
        app.setPalette(palette(chosen))
        app.setStyleSheet(style_sheet(chosen, size))
    app.setProperty("beratungTheme", wanted)
    app.setProperty("beratungStyled", True)


def set_font_size(app: QApplication, point_size: float) -> None:
    """Use ``point_size`` as the application font (as if the system's were that large) and
    rebuild the style so headings follow; for ``beratung screenshot --font-size`` and tests."""
    apply_style(app)
    font = QFont(app.font())
    font.setPointSizeF(point_size)
    app.setFont(font)
    app.setProperty("beratungBasePointSize", float(point_size))
    apply_style(app, force=True)


def _font_only_sheet(size: float) -> str:
    sizes = font_sizes(size)
    return (
        f'QLabel[role="pageTitle"] {{ font-size: {sizes["title"]}; font-weight: 600; }}\n'
        f'QLabel[role="sectionTitle"] {{ font-size: {sizes["section"]}; font-weight: 600; }}\n'
        f'QLabel[role="tileValue"] {{ font-size: {sizes["tile"]}; font-weight: 600; }}\n'
    )


def _app() -> QApplication | None:
    app = QApplication.instance()
    return app if isinstance(app, QApplication) else None


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG 2.1 contrast ratio of two ``#rrggbb`` colours (1.0 … 21.0)."""

    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    lighter, darker = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)
