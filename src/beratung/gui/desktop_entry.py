"""Linux desktop integration: a menu entry and the program icon for the current user.

``beratung desktop-entry`` writes them (``--remove`` takes them away) following the freedesktop
specifications: ``$XDG_DATA_HOME/applications/beratung.desktop`` and the icon in the hicolor
theme (the SVG plus PNG sizes drawn from it, for desktops that do not scale SVG). No cache is
written: desktops watch these folders, and a user-level icon cache would go stale when other
programs add icons. The entry
starts *this* installation — the ``beratung-gui`` script beside the running interpreter of a pip
installation, or the bundle's ``Beratung`` — by absolute path, so it works without anything on
``PATH``.
"""

from __future__ import annotations

import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from beratung.gui.icons import APP_ICON_SIZES, app_icon_pngs, app_icon_svg

ENTRY_NAME = "beratung.desktop"
ICON_NAME = "beratung"
#: The window class Qt reports (QGuiApplication.desktopFileName), so the dock groups the window
#: with its menu entry.
WM_CLASS = "beratung"


@dataclass(frozen=True, slots=True)
class DesktopFiles:
    entry: Path
    icons: tuple[Path, ...]


def data_home() -> Path:
    configured = os.environ.get("XDG_DATA_HOME")
    return Path(configured) if configured else Path.home() / ".local" / "share"


def program_path() -> Path:
    """The program window's executable of this installation."""
    here = Path(sys.executable).resolve().parent
    if getattr(sys, "frozen", False):  # PyInstaller bundle: Beratung beside beratung-cli
        return here / "Beratung"
    candidate = Path(sys.executable).parent / "beratung-gui"  # the venv's bin, not resolved
    if candidate.is_file():
        return candidate
    found = shutil.which("beratung-gui")
    if found:
        return Path(found)
    raise FileNotFoundError("beratung-gui not found beside the interpreter or on PATH")


def _quote_exec(path: Path) -> str:
    """An ``Exec=`` argument by the Desktop Entry Specification: ``%`` doubled (field codes);
    quoted when it has reserved characters (a space …), with ``\\ " ` $`` escaped inside the
    quotes, and then the backslashes escaped once more for the string value itself."""
    text = str(path).replace("%", "%%")
    if not any(c in text for c in ' \t"\'\\><~|&;$*?#()`'):
        return text
    quoted = "".join("\\" + c if c in '\\"`$' else c for c in text)
    return '"' + quoted.replace("\\", "\\\\") + '"'


def desktop_entry_text(program: Path) -> str:
    return "\n".join(
        [
            "[Desktop Entry]",
            "Type=Application",
            "Version=1.4",
            "Name=Beratung",
            "GenericName=Beratung, Kontakte und Veranstaltungen",
            "Comment=Beratungen, Kontakte, Veranstaltungen und Pressearbeit der Fachberatung "
            "Inklusion",
            f"Exec={_quote_exec(program)}",
            f"TryExec={program}",  # a plain path, not a command line: never quoted
            f"Icon={ICON_NAME}",
            "Terminal=false",
            "Categories=Office;ContactManagement;",
            "Keywords=Beratung;Kontakte;Veranstaltung;Werkstattgespräch;Presse;Inklusion;",
            "StartupNotify=true",
            f"StartupWMClass={WM_CLASS}",
            "",
        ]
    )


def _icon_targets(base: Path) -> dict[Path, int | None]:
    """Where each icon goes: ``None`` for the SVG, else the PNG size."""
    hicolor = base / "icons" / "hicolor"
    targets: dict[Path, int | None] = {hicolor / "scalable" / "apps" / f"{ICON_NAME}.svg": None}
    for size in APP_ICON_SIZES:
        targets[hicolor / f"{size}x{size}" / "apps" / f"{ICON_NAME}.png"] = size
    return targets


def install(program: Path | None = None, *, base: Path | None = None) -> DesktopFiles:
    """Write the entry and the icons (needs a QGuiApplication for the PNGs)."""
    base = base or data_home()
    program = program or program_path()
    pngs = app_icon_pngs()
    icons = []
    for target, size in _icon_targets(base).items():
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(app_icon_svg() if size is None else pngs[size])
        icons.append(target)
    entry = base / "applications" / ENTRY_NAME
    entry.parent.mkdir(parents=True, exist_ok=True)
    entry.write_text(desktop_entry_text(program), encoding="utf-8")
    return DesktopFiles(entry=entry, icons=tuple(icons))


def remove(*, base: Path | None = None) -> list[Path]:
    base = base or data_home()
    removed = []
    for path in [base / "applications" / ENTRY_NAME, *_icon_targets(base)]:
        if path.exists():
            path.unlink()
            removed.append(path)
    return removed
