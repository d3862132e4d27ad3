"""Smoke test of an installed Beratung, as a user runs it: the same steps for the wheel installed
into a fresh virtual environment (``check_wheel.py``) and for the PyInstaller bundle
(``build_bundle.py``).

    python packaging/smoke_test.py PROGRAM [ARG ...]

PROGRAM is the ``beratung`` command to test (``venv/bin/beratung`` or the bundle's
``beratung-cli``). Every step runs in a new, empty temporary folder with its own data folder, a
clean environment (no ``PYTHONPATH``, no checkout on ``sys.path``) and ``QT_QPA_PLATFORM=
offscreen``; its outputs are opened and checked, not only looked for. Exit status 0 when every
step passed.
"""

from __future__ import annotations

import os
import struct
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
SCREENSHOT_SIZE = (1280, 800)


@dataclass(frozen=True)
class Step:
    name: str
    args: tuple[str, ...]
    #: Checks the step's output folder and stdout; returns a problem or "".
    check: Callable[[Path, str], str] | None = None


def _pdf_with(*phrases: str, file: str) -> Callable[[Path, str], str]:
    def check(folder: Path, _out: str) -> str:
        path = folder / file
        if not path.is_file():
            return f"{file} fehlt"
        data = path.read_bytes()
        if not data.startswith(b"%PDF-"):
            return f"{file} ist kein PDF"
        from pypdf import PdfReader  # the checker's own environment has it

        reader = PdfReader(path)
        text = " ".join(page.extract_text() or "" for page in reader.pages)
        missing = [phrase for phrase in phrases if phrase not in text]
        if missing:
            return f"{file}: Text fehlt: {missing}"
        fonts = _font_names(reader)
        if not fonts or not all("LiberationSans" in name for name in fonts):
            return f"{file}: unerwartete Schriften {sorted(fonts)} (Liberation Sans eingebettet?)"
        return ""

    return check


def _font_names(reader: object) -> set[str]:
    names: set[str] = set()
    for page in reader.pages:  # type: ignore[attr-defined]
        fonts = page.get("/Resources", {}).get_object().get("/Font", {})
        for font in fonts.values():
            names.add(str(font.get_object().get("/BaseFont", "")))
    return names


def _png(file: str, size: tuple[int, int]) -> Callable[[Path, str], str]:
    def check(folder: Path, _out: str) -> str:
        path = folder / file
        if not path.is_file():
            return f"{file} fehlt"
        head = path.read_bytes()[:24]
        if not head.startswith(PNG_SIGNATURE):
            return f"{file} ist kein PNG"
        width, height = struct.unpack(">II", head[16:24])
        if (width, height) != size:
            return f"{file}: {width}×{height} statt {size[0]}×{size[1]}"
        if path.stat().st_size < 20_000:
            return f"{file}: nur {path.stat().st_size} Bytes – leeres Fenster?"
        return ""

    return check


def _csv(file: str, min_rows: int) -> Callable[[Path, str], str]:
    def check(folder: Path, _out: str) -> str:
        path = folder / file
        if not path.is_file():
            return f"{file} fehlt"
        lines = path.read_text(encoding="utf-8-sig").splitlines()
        if len(lines) < min_rows + 1:
            return f"{file}: {len(lines) - 1} Zeilen statt mindestens {min_rows}"
        return ""

    return check


def _stdout_has(*phrases: str) -> Callable[[Path, str], str]:
    def check(_folder: Path, out: str) -> str:
        missing = [phrase for phrase in phrases if phrase not in out]
        return f"Ausgabe ohne {missing}" if missing else ""

    return check


STEPS: tuple[Step, ...] = (
    Step("Selbsttest", ("selftest",), _stdout_has("diese Installation ist vollständig")),
    Step(
        "Version",
        ("--version",),
        _stdout_has("Beratung ", "Destatis", "noch nicht angelegt", "Qt (PySide6):    6."),
    ),
    Step("neue Datenbank anlegen", ("db", "upgrade"), _stdout_has("neu angelegt")),
    Step("Demodaten", ("demo",), _stdout_has("278 Personen")),
    Step("Datenbank prüfen", ("db", "check"), _stdout_has("Ergebnis: in Ordnung")),
    Step(
        "Presseinformation drucken",
        ("print", "press-release", "P 309/2017", "--out", "presse.pdf"),
        _pdf_with("P 309/2017", "Werkstattgespräch", file="presse.pdf"),
    ),
    Step(
        "Beratungsstatistik als PDF",
        (
            "report",
            "consultations",
            "--format",
            "pdf",
            "--programme",
            "Quartier 2020",
            "--out",
            "statistik.pdf",
        ),
        _pdf_with("Beratung", file="statistik.pdf"),
    ),
    Step(
        "Namensschilder mit QR-Code",
        ("print", "badges", "2", "--qr", "--out", "schilder.pdf"),
        _pdf_with("Werkstattgespräch", file="schilder.pdf"),
    ),
    Step(
        "Kontakte exportieren",
        ("contacts", "export", "--format", "csv", "--out", "kontakte.csv"),
        _csv("kontakte.csv", min_rows=278),
    ),
    Step(
        "Bildschirmfoto der Übersicht",
        (
            "screenshot",
            "overview",
            "--out",
            "uebersicht.png",
            "--size",
            f"{SCREENSHOT_SIZE[0]}x{SCREENSHOT_SIZE[1]}",
        ),
        _png("uebersicht.png", SCREENSHOT_SIZE),
    ),
)


def clean_environment(folder: Path) -> dict[str, str]:
    """The environment a user's shell would give: nothing that points into the checkout."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PYTHON", "BERATUNG_", "VIRTUAL_ENV"))
    }
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["HOME"] = str(folder / "home")  # QSettings and caches of this run only
    env["XDG_CONFIG_HOME"] = str(folder / "home" / ".config")
    env["XDG_DATA_HOME"] = str(folder / "home" / ".local" / "share")
    return env


def run(program: Sequence[str], *, timeout: float = 300) -> list[str]:
    """Run every step; returns the problems found (empty: all passed)."""
    problems: list[str] = []
    with tempfile.TemporaryDirectory(prefix="beratung-smoke-") as tmp:
        folder = Path(tmp)
        (folder / "home").mkdir()
        env = clean_environment(folder)
        data = ("--data-dir", str(folder / "daten"))
        for step in STEPS:
            started = time.monotonic()
            try:
                result = subprocess.run(
                    [*program, *data, *step.args],
                    cwd=folder,
                    env=env,
                    capture_output=True,
                    text=True,
                    timeout=timeout,
                    check=False,
                )
            except (OSError, subprocess.TimeoutExpired) as exc:
                problems.append(f"{step.name}: {exc}")
                print(f"  FEHLER  {step.name}: {exc}", flush=True)
                continue
            seconds = time.monotonic() - started
            problem = (
                f"Exit-Status {result.returncode}"
                if result.returncode != 0
                else (step.check(folder, result.stdout) if step.check else "")
            )
            if problem:
                problems.append(f"{step.name}: {problem}")
                print(f"  FEHLER  {step.name} ({seconds:.1f} s): {problem}", flush=True)
                print(_indent(result.stdout + result.stderr), flush=True)
            else:
                print(f"  ok      {step.name} ({seconds:.1f} s)", flush=True)
    return problems


def _indent(text: str) -> str:
    return "\n".join("          " + line for line in text.strip().splitlines()[-30:])


def main(argv: Sequence[str]) -> int:
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    problems = run(argv)
    if problems:
        print(f"Rauchtest: {len(problems)} von {len(STEPS)} Schritten fehlgeschlagen.")
        return 1
    print(f"Rauchtest: alle {len(STEPS)} Schritte in Ordnung.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
