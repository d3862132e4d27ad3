"""Smoke test of an installed Beratung, as a user runs it: the same steps for the wheel installed
into a fresh virtual environment (``check_wheel.py``) and for the PyInstaller bundle
(``build_bundle.py``).

    python packaging/smoke_test.py [--encryption | --no-encryption] PROGRAM [ARG ...]

PROGRAM is the ``beratung`` command to test (``venv/bin/beratung`` or the bundle's
``beratung-cli``). Every step runs in a new, empty temporary folder with its own data folder, a
clean environment (no ``PYTHONPATH``, no ``BERATUNG_DB_KEY``, no checkout on ``sys.path``), no
terminal on stdin (a key prompt would wait forever) and ``QT_QPA_PLATFORM=offscreen``; its
outputs are opened and checked, not only looked for, and a Python traceback on stderr fails any
step. Exit status 0 when every step passed.

Encryption at rest is optional (extra ``[encryption]``), so the caller says what the
installation has, rather than the test guessing (a bundle that lost ``sqlcipher3`` must fail,
not skip): ``--encryption`` encrypts a copy of the demo database with the key from
``BERATUNG_DB_KEY``, reads it with the key, is refused in German without it and with a wrong
one, decrypts it and checks it (``ENCRYPTION_STEPS``); ``--no-encryption`` checks that ``db
encrypt`` explains in German that the extra is missing and leaves the database as it was
(``WITHOUT_ENCRYPTION_STEPS``). Without either, only the common steps run.
"""

from __future__ import annotations

import json
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
SQLITE_HEADER = b"SQLite format 3\x00"
SCREENSHOT_SIZE = (1280, 800)
#: The passphrase of the encrypted copy (given as ``BERATUNG_DB_KEY``, as a script would).
KEY = "Rauchtest-Schlüssel 2017"
KEY_ENV = "BERATUNG_DB_KEY"
#: The demo database copied, encrypted and decrypted again (inside the step's folder).
COPY = "kopie.sqlite"


@dataclass(frozen=True)
class Step:
    name: str
    args: tuple[str, ...]
    #: Checks the step's output folder and what the command printed (stdout; for a step that
    #: must fail, stderr); returns a problem or "".
    check: Callable[[Path, str], str] | None = None
    #: Variables added to the clean environment for this step only.
    env: tuple[tuple[str, str], ...] = ()
    #: The exit status expected: 1 for a refusal (a German message, no traceback).
    status: int = 0


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


def _sqlite_file(file: str, *, encrypted: bool, absent: str = "") -> Callable[[Path, str], str]:
    """The file's first bytes: the SQLite header, or (encrypted) neither the header nor the
    plain text ``absent`` anywhere in it."""

    def check(folder: Path, _out: str) -> str:
        path = folder / file
        if not path.is_file():
            return f"{file} fehlt"
        data = path.read_bytes()
        if encrypted and data.startswith(SQLITE_HEADER):
            return f"{file} hat noch den SQLite-Kopf – nicht verschlüsselt"
        if not encrypted and not data.startswith(SQLITE_HEADER):
            return f"{file} hat keinen SQLite-Kopf"
        if absent and absent.encode("utf-8") in data:
            return f"{file} enthält „{absent}“ im Klartext"
        return ""

    return check


def _all(*checks: Callable[[Path, str], str]) -> Callable[[Path, str], str]:
    def check(folder: Path, out: str) -> str:
        return next((problem for c in checks if (problem := c(folder, out))), "")

    return check


def _json_list(length: int) -> Callable[[Path, str], str]:
    def check(_folder: Path, out: str) -> str:
        try:
            items = json.loads(out)
        except ValueError as exc:
            return f"keine JSON-Ausgabe ({exc})"
        if not isinstance(items, list) or len(items) != length:
            return f"{len(items) if isinstance(items, list) else 'keine'} Einträge statt {length}"
        return ""

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

_WITH_KEY = ((KEY_ENV, KEY),)
_ON_COPY = ("--db", COPY)

#: An installation with the extra ``[encryption]`` (after ``STEPS``: needs the demo database).
ENCRYPTION_STEPS: tuple[Step, ...] = (
    Step(
        "Kopie der Demodatenbank",
        ("db", "backup", "--to", COPY),
        _sqlite_file(COPY, encrypted=False),
    ),
    Step(
        "Kopie verschlüsseln (Schlüssel aus BERATUNG_DB_KEY)",
        (*_ON_COPY, "db", "encrypt", "--yes"),
        _all(
            _stdout_has("ist jetzt verschlüsselt"),
            _sqlite_file(COPY, encrypted=True, absent="Werkstattgespräch"),
        ),
        env=_WITH_KEY,
    ),
    Step(
        "Kontakte der verschlüsselten Kopie",
        (*_ON_COPY, "contacts", "list", "--json"),
        _json_list(278),
        env=_WITH_KEY,
    ),
    Step(
        "ohne Schlüssel abgelehnt",
        (*_ON_COPY, "contacts", "list", "--json"),
        _stdout_has("ist verschlüsselt", "wird ihr Schlüssel gebraucht", KEY_ENV),
        status=1,
    ),
    Step(
        "falscher Schlüssel abgelehnt",
        (*_ON_COPY, "contacts", "list", "--json"),
        _stdout_has("Der Schlüssel passt nicht"),
        env=((KEY_ENV, "nicht der Schlüssel"),),
        status=1,
    ),
    Step(
        "Kopie entschlüsseln",
        (*_ON_COPY, "db", "decrypt", "--yes"),
        _all(_stdout_has("ist jetzt unverschlüsselt"), _sqlite_file(COPY, encrypted=False)),
        env=_WITH_KEY,
    ),
    Step(
        "entschlüsselte Kopie prüfen",
        (*_ON_COPY, "db", "check"),
        _stdout_has("Ergebnis: in Ordnung"),
    ),
)

#: An installation without the extra: ``db encrypt`` says what is missing and changes nothing.
WITHOUT_ENCRYPTION_STEPS: tuple[Step, ...] = (
    Step(
        "Verschlüsseln ohne Erweiterung abgelehnt",
        ("db", "encrypt", "--yes"),
        _all(
            _stdout_has("nicht vorhanden", "beratung[encryption]"),
            _sqlite_file("daten/beratung.sqlite", encrypted=False),
        ),
        env=_WITH_KEY,
        status=1,
    ),
    Step(
        "Datenbank danach unverändert lesbar",
        ("db", "check"),
        _stdout_has("Ergebnis: in Ordnung"),
    ),
)


def clean_environment(folder: Path) -> dict[str, str]:
    """The environment a user's shell would give: nothing that points into the checkout.

    No D-Bus session either: the OS keyring (Secret Service) of whoever runs the test is never
    asked, so a locked one cannot pop up an unlock prompt and wait, and a step without a key
    always tests the way a keyring that cannot be reached fails over to asking for the key."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PYTHON", "BERATUNG_", "VIRTUAL_ENV", "DBUS_SESSION_BUS_"))
    }
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["HOME"] = str(folder / "home")  # QSettings and caches of this run only
    env["XDG_CONFIG_HOME"] = str(folder / "home" / ".config")
    env["XDG_DATA_HOME"] = str(folder / "home" / ".local" / "share")
    return env


def steps_for(encryption: bool | None) -> tuple[Step, ...]:
    """``STEPS`` and, when the caller says what the installation has, the encryption steps."""
    if encryption is None:
        return STEPS
    return STEPS + (ENCRYPTION_STEPS if encryption else WITHOUT_ENCRYPTION_STEPS)


def run(
    program: Sequence[str],
    *,
    steps: Sequence[Step] = STEPS,
    folder: Path | None = None,
    timeout: float = 300,
) -> list[str]:
    """Run the steps; returns the problems found (empty: all passed).

    ``folder``: run in this (existing) folder instead of a new temporary one, so a later call
    continues with the data of an earlier one (``check_wheel.py`` installs the extra between
    ``STEPS`` and ``ENCRYPTION_STEPS``)."""
    if folder is None:
        with tempfile.TemporaryDirectory(prefix="beratung-smoke-") as tmp:
            return run(program, steps=steps, folder=Path(tmp), timeout=timeout)
    problems: list[str] = []
    (folder / "home").mkdir(exist_ok=True)
    data = ("--data-dir", str(folder / "daten"))
    for step in steps:
        env = clean_environment(folder) | dict(step.env)
        started = time.monotonic()
        try:
            result = subprocess.run(
                [*program, *data, *step.args],
                cwd=folder,
                env=env,
                stdin=subprocess.DEVNULL,
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
        printed = result.stdout if step.status == 0 else result.stderr
        if result.returncode != step.status:
            problem = f"Exit-Status {result.returncode} statt {step.status}"
        elif "Traceback (most recent call last)" in result.stderr:
            problem = "Python-Traceback auf stderr"
        else:
            problem = step.check(folder, printed) if step.check else ""
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
    arguments = list(argv)
    encryption: bool | None = None
    if arguments and arguments[0] in ("--encryption", "--no-encryption"):
        encryption = arguments.pop(0) == "--encryption"
    if not arguments:
        print(__doc__, file=sys.stderr)
        return 2
    if Path(arguments[0]).exists():  # a relative path: every step runs in another folder
        arguments[0] = str(Path(arguments[0]).resolve())
    steps = steps_for(encryption)
    started = time.monotonic()
    problems = run(arguments, steps=steps)
    seconds = time.monotonic() - started
    if problems:
        print(f"Rauchtest: {len(problems)} von {len(steps)} Schritten fehlgeschlagen.")
        return 1
    print(f"Rauchtest: alle {len(steps)} Schritte in Ordnung ({seconds:.0f} s).")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
