"""``beratung desktop-entry``: the Linux menu entry and icons for the current user."""

from __future__ import annotations

import configparser
import struct
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from beratung.cli import main
from beratung.gui import desktop_entry

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="nur unter Linux")


def _read_entry(path: Path) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read_string(path.read_text(encoding="utf-8"))
    return parser["Desktop Entry"]


def test_entry_and_icons_follow_the_freedesktop_rules(
    tmp_path: Path, require_tool: Callable[[str], str]
) -> None:
    program = tmp_path / "Programme mit Leerzeichen" / "Beratung"
    written = desktop_entry.install(program, base=tmp_path / "share")

    assert written.entry == tmp_path / "share" / "applications" / "beratung.desktop"
    entry = _read_entry(written.entry)
    assert entry["Type"] == "Application"
    assert entry["Name"] == "Beratung"
    assert "Fachberatung Inklusion" in entry["Comment"]
    assert entry["Exec"] == f'"{program}"'  # quoted: the path has spaces
    assert entry["TryExec"] == str(program)  # a plain path: quoting it would hide the entry
    assert "Office" in entry["Categories"].split(";")
    assert entry["Icon"] == "beratung"
    assert entry["StartupWMClass"] == "beratung"

    hicolor = tmp_path / "share" / "icons" / "hicolor"
    assert (hicolor / "scalable" / "apps" / "beratung.svg").read_bytes().startswith(b"<svg")
    for size in desktop_entry.APP_ICON_SIZES:
        png = (hicolor / f"{size}x{size}" / "apps" / "beratung.png").read_bytes()
        assert struct.unpack(">II", png[16:24]) == (size, size)
    assert len(written.icons) == len(desktop_entry.APP_ICON_SIZES) + 1

    validator = require_tool("desktop-file-validate")
    result = subprocess.run(
        [validator, str(written.entry)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr

    removed = desktop_entry.remove(base=tmp_path / "share")
    assert written.entry in removed and not written.entry.exists()
    assert not any(hicolor.rglob("beratung.*"))


def test_the_command_starts_this_installation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    assert main(["desktop-entry"]) == 0
    out = capsys.readouterr().out
    entry = _read_entry(tmp_path / "share" / "applications" / "beratung.desktop")
    program = Path(entry["Exec"])
    assert program.name == "beratung-gui" and program.is_file()
    assert program.parent == Path(sys.executable).parent  # beside this interpreter
    assert f"Startet: {program}" in out

    assert main(["desktop-entry", "--remove"]) == 0
    assert "Entfernt: " in capsys.readouterr().out
    assert not (tmp_path / "share" / "applications" / "beratung.desktop").exists()


def test_percent_signs_in_the_path_are_not_field_codes(tmp_path: Path) -> None:
    program = tmp_path / "100%" / "Beratung"
    text = desktop_entry.desktop_entry_text(program)
    assert f"Exec={str(program).replace('%', '%%')}" in text.splitlines()
    assert f"TryExec={program}" in text.splitlines()
