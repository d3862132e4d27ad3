"""``beratung screenshot --scale/--font-size/--theme``: pictures of what a person at 200 % sees.

The scale factor must be set before Qt starts, so that case runs the command in a subprocess;
the font size and the theme are set on the running application.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from beratung.app import render_screenshot
from beratung.domain.errors import UserError
from beratung.gui import style
from beratung.paths import AppPaths


def test_font_size_renders_at_the_requested_size_and_grows_the_headings(
    paths: AppPaths, tmp_path: Path, qapp: QApplication
) -> None:
    out = tmp_path / "big.png"
    try:
        render_screenshot(paths, "overview", out, (1280, 800), font_size=20)
        assert style.base_font_size(qapp) == 20
        assert "font-size: 36.0pt" in qapp.styleSheet()  # the page title at 1.8 × 20 pt
    finally:
        style.set_font_size(qapp, style.BASE_POINT_SIZE)
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1280, 800)


def test_theme_option_applies_high_contrast(
    paths: AppPaths, tmp_path: Path, qapp: QApplication
) -> None:
    out = tmp_path / "hc.png"
    try:
        render_screenshot(paths, "overview", out, (1024, 700), theme="high-contrast")
        assert style.current_theme(qapp) == "high-contrast"
        # the page background of the high-contrast theme is white, the standard one is grey
        assert QImage(str(out)).pixelColor(1000, 400).name() == "#ffffff"
    finally:
        style.apply_style(qapp, style.STANDARD.key)


def test_scale_needs_a_fresh_qt_and_sane_values(paths: AppPaths, tmp_path: Path) -> None:
    with pytest.raises(UserError):  # Qt runs already in this test process
        render_screenshot(paths, "overview", tmp_path / "x.png", scale=2)
    with pytest.raises(UserError):
        render_screenshot(paths, "overview", tmp_path / "x.png", scale=9)
    with pytest.raises(UserError):
        render_screenshot(paths, "overview", tmp_path / "x.png", font_size=200)
    with pytest.raises(UserError):
        render_screenshot(paths, "overview", tmp_path / "x.png", theme="lila")


def test_scale_two_keeps_the_device_pixels(tmp_path: Path) -> None:
    out = tmp_path / "scaled.png"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("QT_SCALE_FACTOR", None)
    result = subprocess.run(
        [
            sys.executable, "-m", "beratung", "--data-dir", str(tmp_path / "data"),
            "screenshot", "overview", "--out", str(out), "--size", "800x600", "--scale", "2",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1600, 1200)  # not scaled back down
