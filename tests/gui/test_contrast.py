"""Contrast of every text colour against the background it is drawn on, in both themes.

The style sheet is built from :data:`beratung.gui.style.RULES`, whose bodies name colours by
role; a rule that sets a text colour either sets its background too or says which background
(``on``) its text stands on. So every pair here is one the screen really shows. WCAG 2.1 /
EN 301 549 9.1.4.3: 4.5:1, large text (≥ 18 pt, bold ≥ 14 pt) 3:1.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QFrame, QLabel, QVBoxLayout, QWidget

from beratung.gui import style
from beratung.gui.style import THEMES, Theme, contrast_ratio

HEX = re.compile(r"#[0-9a-fA-F]{6}\b")
DECLARATION = re.compile(r"(?<![-\w])(color|background)\s*:\s*([^;]+);")
GUI = Path(style.__file__).parent


def text_pairs(theme: Theme) -> list[tuple[str, str, str, bool]]:
    """(selector, foreground, background, large) for every rule that colours text."""
    colours = theme.colours()
    pairs = []
    for rule in style.RULES:
        body = rule.body.format(**colours, **style.font_sizes(style.BASE_POINT_SIZE))
        found = dict(DECLARATION.findall(body))
        if "color" not in found or rule.line:
            continue
        background = found.get("background", "").strip()
        if not HEX.fullmatch(background):
            assert rule.on is not None, f"{rule.selector}: text colour without its background"
            background = colours[rule.on]
        pairs.append((rule.selector, found["color"].strip(), background, rule.large))
    return pairs


@pytest.mark.parametrize("theme", THEMES.values(), ids=list(THEMES))
def test_every_text_rule_of_the_style_sheet_reaches_4_5_to_1(theme: Theme) -> None:
    pairs = text_pairs(theme)
    assert len(pairs) >= 15  # the pairing found the rules (a broken regex would pass vacuously)
    failures = [
        f"{selector}: {fg} on {bg} = {contrast_ratio(fg, bg):.2f}"
        for selector, fg, bg, large in pairs
        if contrast_ratio(fg, bg) < (3.0 if large else 4.5)
    ]
    assert not failures, failures


@pytest.mark.parametrize("theme", THEMES.values(), ids=list(THEMES))
def test_the_style_sheet_uses_only_the_themes_named_colours(theme: Theme) -> None:
    sheet = style.style_sheet(theme)
    used = {colour.lower() for colour in HEX.findall(sheet)}
    assert used <= {colour.lower() for colour in theme.colours().values()}


@pytest.mark.parametrize("theme", THEMES.values(), ids=list(THEMES))
def test_palette_text_roles_reach_4_5_to_1(theme: Theme) -> None:
    """Text drawn from the palette: fields, tables, buttons, selection, placeholders, links,
    and disabled text (a greyed "Speichern" still says what it is)."""
    pal = style.palette(theme)
    roles = QPalette.ColorRole
    active, disabled = QPalette.ColorGroup.Active, QPalette.ColorGroup.Disabled
    pairs = [
        (active, roles.Text, roles.Base),
        (active, roles.Text, roles.AlternateBase),
        (active, roles.WindowText, roles.Window),
        (active, roles.ButtonText, roles.Button),
        (active, roles.HighlightedText, roles.Highlight),
        (active, roles.PlaceholderText, roles.Base),
        (active, roles.Link, roles.Base),
        (active, roles.ToolTipText, roles.ToolTipBase),
        (disabled, roles.ButtonText, roles.Button),
        (disabled, roles.Text, roles.Base),
        (disabled, roles.WindowText, roles.Window),
    ]
    failures = []
    for group, fg_role, bg_role in pairs:
        fg = pal.color(group, fg_role).name()
        bg = pal.color(active, bg_role).name()
        if contrast_ratio(fg, bg) < 4.5:
            failures.append(f"{fg_role.name} on {bg_role.name}: {contrast_ratio(fg, bg):.2f}")
    assert not failures, failures
    # the declared pairs (docs/accessibility.md lists them) agree
    colours = theme.colours()
    for fg, bg, what in style.PALETTE_PAIRS:
        assert contrast_ratio(colours[fg], colours[bg]) >= 4.5, what


def test_placeholder_is_no_longer_the_old_3_66_grey() -> None:
    assert contrast_ratio(style.PLACEHOLDER, style.BASE) >= 4.5
    assert contrast_ratio("#7b8794", "#ffffff") < 4.5  # the old one, for the record


def test_contrast_ratio_matches_wcag_reference_values() -> None:
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


#: A colour written into a style sheet or rich text outside ``gui/style.py``: a hex value or
#: one of its constants (``{MUTED}`` in an f-string).
COLOUR_IN_SHEET = re.compile(
    r"(?<![-\w])(?:[a-z-]*color|background|border[a-z-]*)\s*:[^;\"\n]*?"
    r"(?:#[0-9a-fA-F]{3,6}\b|\{[A-Z_]+\})"
)


def test_no_widget_writes_a_fixed_colour_into_its_own_style_sheet() -> None:
    """The events', registration tabs', contacts' … local sheets had the standard theme's
    colours written in, so the high-contrast theme missed them (the yellow "Noch offen");
    their rules are in RULES now, and new ones belong there too."""
    found = [
        f"{path.relative_to(GUI)}: {match.group(0)}"
        for path in sorted(GUI.rglob("*.py"))
        if path != Path(style.__file__)
        for match in COLOUR_IN_SHEET.finditer(path.read_text(encoding="utf-8"))
    ]
    assert not found, found


def test_the_colour_check_finds_what_the_local_sheets_used_to_write() -> None:
    assert COLOUR_IN_SHEET.search('QTableView {{ gridline-color: #eef1f4; }}')
    assert COLOUR_IN_SHEET.search('line.setStyleSheet(f"color: {BORDER};")')
    assert COLOUR_IN_SHEET.search("border: 2px solid #9cc5a8;")
    assert not COLOUR_IN_SHEET.search('self.setStyleSheet(f"font-size: {relative_font(1.2)};")')


#: The rules that were widget-local style sheets with fixed colours until they moved into
#: RULES: the events' (EVENTS_STYLE), the registration tabs' (REGISTRATION_STYLE), the
#: check-in's confirmation, the contacts' (CONTACTS_STYLE), Einstellungen, Presse, the
#: programme answer and the consultation form's error line.
MOVED_TEXT_RULES = (
    'QLabel[role="count"]',
    'QLabel[role="fieldWarning"]',
    'QLabel[role="venueSummary"]',
    'QLabel[role="placeholder"]',
    "QTabBar#eventPeriod::tab:selected",
    'QFrame[role="notice"][tone="ok"] QLabel#noticeText',
    'QFrame[role="notice"][tone="warning"] QLabel#noticeText',
    'QFrame[role="notice"][tone="error"] QLabel#noticeText',
    "QFrame#checkInConfirmation QLabel",
    'QFrame#checkInConfirmation[tone="warning"] QLabel',
    'QFrame#checkInConfirmation[tone="error"] QLabel',
    'QLabel#letterPreview[problem="true"]',
    "QLabel#formError",
    "QLabel#programmeAnswer",
    f'*[{style.READ_ONLY_LOOK}="muted"] QLineEdit[readOnly="true"]',
    f'*[{style.READ_ONLY_LOOK}="grey"] QLineEdit[readOnly="true"],'
    f' *[{style.READ_ONLY_LOOK}="grey"] QPlainTextEdit[readOnly="true"]',
)
#: The standard theme meets WCAG AA for all text; the high-contrast one 7:1 (AAA).
MINIMUM = {style.STANDARD.key: 4.5, style.HIGH_CONTRAST.key: 7.0}


@pytest.mark.parametrize("theme", THEMES.values(), ids=list(THEMES))
def test_the_moved_rules_pair_each_text_colour_with_its_background(theme: Theme) -> None:
    pairs = {selector: (fg, bg) for selector, fg, bg, _large in text_pairs(theme)}
    missing = [selector for selector in MOVED_TEXT_RULES if selector not in pairs]
    assert not missing, missing
    failures = [
        f"{selector}: {fg} on {bg} = {contrast_ratio(fg, bg):.2f}"
        for selector in MOVED_TEXT_RULES
        for fg, bg in [pairs[selector]]
        if contrast_ratio(fg, bg) < MINIMUM[theme.key]
    ]
    assert not failures, failures


#: Colours table models and painters set themselves (status words, overdue follow-ups, the
#: chart labels), taken from ``style.active_theme()`` when drawn; on either row colour.
MODEL_COLOURS = ("text", "muted", "ok_text", "warning_text", "alert", "draft_text")
#: The standard theme's constants that mean a colour fixed to that theme.
FIXED_THEME_CONSTANT = re.compile(
    r"\b(?:TEXT|MUTED|BORDER|ACCENT_LIGHT|WARNING_(?:BG|BORDER|TEXT)|ALERT(?:_BG)?|OK_TEXT)\b"
)


@pytest.mark.parametrize("theme", THEMES.values(), ids=list(THEMES))
def test_colours_of_models_and_painters_reach_their_themes_minimum(theme: Theme) -> None:
    colours = theme.colours()
    failures = [
        f"{fg} on {bg}: {contrast_ratio(colours[fg], colours[bg]):.2f}"
        for fg in MODEL_COLOURS
        for bg in ("base", "alternate_base")
        if contrast_ratio(colours[fg], colours[bg]) < MINIMUM[theme.key]
    ]
    assert not failures, failures


def test_models_and_painters_take_their_colours_from_the_active_theme() -> None:
    """``QColor(MUTED)`` in a model stays the standard grey in the high-contrast theme;
    ``active_theme().muted`` follows it."""
    found = [
        f"{path.relative_to(GUI)}: {match.group(0)}"
        for path in sorted(GUI.rglob("*.py"))
        if path != Path(style.__file__)
        for match in FIXED_THEME_CONSTANT.finditer(path.read_text(encoding="utf-8"))
    ]
    assert not found, found


def test_active_theme_follows_the_chosen_one(qapp: QApplication) -> None:
    try:
        style.apply_style(qapp, style.HIGH_CONTRAST.key)
        assert style.active_theme() is style.HIGH_CONTRAST
        style.apply_style(qapp, style.SYSTEM)
        assert style.active_theme() is style.STANDARD  # outside Windows' high contrast
    finally:
        style.apply_style(qapp, style.STANDARD.key)
    assert style.active_theme() is style.STANDARD


def _pixel(host: QWidget, widget: QWidget, x: int) -> str:
    """The colour ``x`` pixels into ``widget`` at half its height, as ``host`` is drawn."""
    point = widget.mapTo(host, QPoint(x, widget.height() // 2))
    return host.grab().toImage().pixelColor(point).name()


@pytest.mark.parametrize("theme", THEMES.values(), ids=list(THEMES))
def test_the_events_warning_and_the_check_in_confirmation_follow_the_theme(
    qapp: QApplication, theme: Theme
) -> None:
    """Drawn, not just written: "Noch offen" and the check-in's "schon eingelassen" used to
    stay yellow in the high-contrast theme."""
    try:
        style.apply_style(qapp, theme.key)
        host = QWidget()
        style.light_grid(host)
        layout = QVBoxLayout(host)
        warning = QLabel("Noch offen: Ruheraum")
        warning.setProperty("role", "fieldWarning")
        confirmation = QFrame()
        confirmation.setObjectName("checkInConfirmation")
        confirmation.setProperty("tone", "warning")
        QVBoxLayout(confirmation).addWidget(QLabel("Schon eingelassen"))
        ok = QFrame()
        ok.setObjectName("checkInConfirmation")
        ok.setProperty("tone", "ok")
        QVBoxLayout(ok).addWidget(QLabel("Angemeldet"))
        for widget in (warning, confirmation, ok):
            layout.addWidget(widget)
        host.resize(400, 240)
        host.show()
        qapp.processEvents()
        assert _pixel(host, warning, 4) == theme.warning_bg
        assert _pixel(host, warning, 0) == theme.warning_border
        assert _pixel(host, confirmation, 5) == theme.warning_bg
        assert _pixel(host, confirmation, 0) == theme.warning_border
        assert _pixel(host, ok, 5) == theme.ok_bg
        assert _pixel(host, ok, 0) == theme.ok_border
        host.close()
    finally:
        style.apply_style(qapp, style.STANDARD.key)


def test_high_contrast_theme_applies_and_switches_back(qapp: QApplication) -> None:
    try:
        style.apply_style(qapp, style.HIGH_CONTRAST.key)
        assert style.current_theme(qapp) == style.HIGH_CONTRAST.key
        assert qapp.palette().color(QPalette.ColorRole.Window).name() == "#ffffff"
        assert qapp.palette().color(QPalette.ColorRole.WindowText).name() == "#000000"
        assert qapp.palette().color(QPalette.ColorRole.Highlight).name() == "#000000"
        assert style.HIGH_CONTRAST.accent_light in qapp.styleSheet()
        for theme in THEMES.values():  # every pair of the high-contrast theme reaches 7:1
            if theme is style.HIGH_CONTRAST:
                assert all(contrast_ratio(fg, bg) >= 7 for _s, fg, bg, _l in text_pairs(theme))
    finally:
        style.apply_style(qapp, style.STANDARD.key)
    assert qapp.palette().color(QPalette.ColorRole.Window).name() == style.WINDOW


def test_system_theme_outside_windows_is_the_standard_one(qapp: QApplication) -> None:
    try:
        style.apply_style(qapp, style.SYSTEM)
        assert not style.system_high_contrast()
        assert qapp.palette().color(QPalette.ColorRole.Window).name() == style.WINDOW
    finally:
        style.apply_style(qapp, style.STANDARD.key)


def test_windows_high_contrast_keeps_the_system_palette(
    qapp: QApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(style, "system_high_contrast", lambda: True)
    try:
        style.apply_style(qapp, style.SYSTEM, force=True)
        assert style.WINDOW not in qapp.styleSheet()
        assert "font-size" in qapp.styleSheet()  # headings still relative to the font
        standard = qapp.style().standardPalette().color(QPalette.ColorRole.Window).name()
        assert qapp.palette().color(QPalette.ColorRole.Window).name() == standard
    finally:
        style.apply_style(qapp, style.STANDARD.key)
