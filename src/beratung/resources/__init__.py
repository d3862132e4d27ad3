"""Files shipped with the program: fonts, the municipality directory, icons, translations.

This module is the one place that knows where they live. They sit inside the package
(``beratung/resources``) so that every way of installing carries them — a checkout, a wheel in
``site-packages``, a zipped package, a PyInstaller bundle — and they are found through
:mod:`importlib.resources`, never through paths guessed relative to the source tree.

Most readers want bytes (:func:`read_bytes`). ReportLab and Qt insist on a file name; for them
:func:`resource_path` gives a real file, extracted once per process to a private temporary folder
when the package is not on a plain file system (a zip), and removed again at exit.
"""

from __future__ import annotations

import atexit
import threading
from contextlib import ExitStack
from importlib.resources import as_file, files
from importlib.resources.abc import Traversable
from pathlib import Path, PurePosixPath

#: What the program cannot run without (checked by the install test and ``--version``).
FONTS_DIR = "fonts"
ICONS_DIR = "icons"
TRANSLATIONS_DIR = "translations"
MUNICIPALITY_DIRECTORY = "gemeinden-bw.csv"
MUNICIPALITY_DIRECTORY_SOURCE = "gemeinden-bw.SOURCE.md"
#: The credit Datenlizenz Deutschland – Namensnennung 2.0 asks for wherever the directory is
#: shipped (about box, ``--version``, documentation); the same line as in the SOURCE note, shown
#: verbatim and deliberately not translated.
MUNICIPALITY_DIRECTORY_ATTRIBUTION = (
    "Datenquelle: Statistisches Bundesamt (Destatis), Gemeindeverzeichnis GV100AD, "
    "Gebietsstand 30.11.2025 (Bevölkerung 31.12.2024); Datenlizenz Deutschland – Namensnennung – "
    "Version 2.0 (https://www.govdata.de/dl-de/by-2-0); Daten verändert (Auszug "
    "Baden-Württemberg, eigene Aufbereitung)."
)

_extracted = ExitStack()
_extracted_lock = threading.Lock()
_extracted_paths: dict[tuple[str, ...], Path] = {}
atexit.register(_extracted.close)


class ResourceMissingError(FileNotFoundError):
    """A shipped file is not there: the installation is incomplete (callers say so in German)."""


def resource(*parts: str) -> Traversable:
    """The shipped file or folder ``parts`` (e.g. ``resource("fonts", "x.ttf")``)."""
    node: Traversable = files(__name__)
    for part in parts:
        node = node.joinpath(part)
    return node


def read_bytes(*parts: str) -> bytes:
    node = resource(*parts)
    try:
        return node.read_bytes()
    except OSError as exc:
        raise ResourceMissingError(f"{'/'.join(parts)} is missing from the installation") from exc


def read_text(*parts: str, encoding: str = "utf-8") -> str:
    return read_bytes(*parts).decode(encoding)


def resource_path(*parts: str) -> Path:
    """A real file name for ``parts``, for libraries that only open files by name.

    On a plain file system (checkout, wheel, bundle) this is the file itself. Otherwise the file
    is copied out once and stays until the process ends, because Qt loads icons lazily.
    """
    node = resource(*parts)
    if isinstance(node, Path):
        if not node.exists():
            raise ResourceMissingError(f"{node} is missing from the installation")
        return node
    with _extracted_lock:
        known = _extracted_paths.get(parts)
        if known is None:
            if not node.is_file():
                raise ResourceMissingError(f"{'/'.join(parts)} is missing from the installation")
            known = _extracted.enter_context(as_file(node))
            _extracted_paths[parts] = known
        return known


def shipped_files() -> list[str]:
    """Every shipped resource file as a relative POSIX path (``fonts/LiberationSans-Bold.ttf``),
    without this module's own code: what a complete installation must contain."""
    found: list[str] = []

    def walk(node: Traversable, prefix: PurePosixPath) -> None:
        for child in node.iterdir():
            if child.name in {"__pycache__", "__init__.py"}:
                continue
            if child.is_dir():
                walk(child, prefix / child.name)
            else:
                found.append(str(prefix / child.name))

    walk(files(__name__), PurePosixPath())
    return sorted(found)
