"""Shipped files are found through importlib.resources, wherever the package is installed."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import beratung
from beratung import resources

PACKAGE_DIR = Path(beratung.__file__).parent


def test_every_file_the_program_needs_is_listed_as_shipped() -> None:
    shipped = resources.shipped_files()
    for needed in (
        "fonts/LiberationSans-Regular.ttf",
        "fonts/LiberationSans-Bold.ttf",
        "fonts/LiberationSans-Italic.ttf",
        "fonts/LiberationSans-BoldItalic.ttf",
        "fonts/LICENSE-LiberationSans.txt",
        resources.MUNICIPALITY_DIRECTORY,
        resources.MUNICIPALITY_DIRECTORY_SOURCE,
        "icons/app.svg",
    ):
        assert needed in shipped
    assert not any("__pycache__" in name or name.endswith(".py") for name in shipped)


def test_read_bytes_and_a_real_file_name() -> None:
    data = resources.read_bytes(resources.MUNICIPALITY_DIRECTORY)
    assert data.startswith(b"ags;name;")
    path = resources.resource_path(resources.FONTS_DIR, "LiberationSans-Regular.ttf")
    assert path.is_file() and path.read_bytes()[:4] == b"\x00\x01\x00\x00"


def test_a_missing_file_is_a_clear_error_not_a_guess() -> None:
    with pytest.raises(resources.ResourceMissingError):
        resources.read_bytes("fonts", "Comic-Sans.ttf")
    with pytest.raises(resources.ResourceMissingError):
        resources.resource_path("icons", "gibt-es-nicht.svg")


def test_the_attribution_is_the_line_of_the_source_note() -> None:
    note = resources.read_text(resources.MUNICIPALITY_DIRECTORY_SOURCE)
    quoted = " ".join(
        line.removeprefix(">").strip() for line in note.splitlines() if line.startswith("> ")
    )
    assert re.sub(r"\s+", " ", quoted) == resources.MUNICIPALITY_DIRECTORY_ATTRIBUTION


def test_resources_and_fonts_work_from_a_zipped_package(tmp_path: Path) -> None:
    """A zip on sys.path has no file names: data is read from the archive, and ReportLab gets a
    font file extracted for the process."""
    archive = tmp_path / "beratung.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for file in PACKAGE_DIR.rglob("*"):
            if file.is_file() and "__pycache__" not in file.parts:
                zf.write(file, Path("beratung") / file.relative_to(PACKAGE_DIR))
    script = (
        "import beratung, sys\n"
        "assert beratung.__file__.startswith(sys.argv[1]), beratung.__file__\n"
        "from beratung import resources\n"
        "assert resources.read_bytes('gemeinden-bw.csv').startswith(b'ags;')\n"
        "path = resources.resource_path('fonts', 'LiberationSans-Regular.ttf')\n"
        "assert path.is_file() and not str(path).startswith(sys.argv[1]), path\n"
        "from beratung.documents import fonts\n"
        "fonts.register_fonts()\n"
        "print(round(fonts.string_width('Städtetag', fonts.REGULAR, 10), 2))\n"
    )
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"PYTHONPATH", "PYTHONSTARTUP"}
    }
    # The zip first, then the interpreter's own site-packages (the dependencies), never src/.
    env["PYTHONPATH"] = str(archive)
    result = subprocess.run(
        [sys.executable, "-s", "-c", script, str(archive)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert float(result.stdout) > 0
