"""Build the PyInstaller one-folder bundle from a clean checkout and smoke-test it (a step of
``./run-tests``; also the first half of the Windows installer).

    .venv/bin/python packaging/build_bundle.py [--out DIR] [--wheel FILE] [--no-smoke]

1. Builds the wheel (or takes ``--wheel``), creates a build environment in a temporary folder
   and installs the wheel with the PostgreSQL driver and PyInstaller into it — the bundle holds
   what users install, never the source tree.
2. Draws the program icons from ``app.svg`` (``make_icons.py``).
3. Runs PyInstaller with ``beratung.spec`` into ``DIR/Beratung`` (default ``build/bundle``).
4. Smoke-tests the bundled ``beratung-cli`` (not the virtual environment): new database,
   upgrade, demo, a press release and a report as PDF, an offscreen screenshot, and encryption
   at rest — the bundle is built with ``[encryption]``, so a copy of the demo database is
   encrypted with ``BERATUNG_DB_KEY``, read with, without and with a wrong key, decrypted and
   checked (``smoke_test.py``; without a key the keyring in the frozen app is asked and must
   fail over to the German "key needed" message).
5. On Windows, with Inno Setup installed, compiles ``windows/beratung.iss`` into
   ``DIR/Beratung-<version>-Setup.exe``, passing the version from ``pyproject.toml`` (the one
   place it is written).

Exit status 0 when the bundle was built and every smoke step passed.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
import venv
from collections.abc import Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import check_wheel  # noqa: E402
import smoke_test  # noqa: E402

WINDOWS = sys.platform == "win32"
#: Pinned so that a new PyInstaller release cannot break CI unannounced; raise it on purpose.
PYINSTALLER = "pyinstaller>=6.10,<7"


def project_version() -> str:
    with (ROOT / "pyproject.toml").open("rb") as file:
        return str(tomllib.load(file)["project"]["version"])


def numeric_version(version: str) -> str:
    """Windows' four-number file version from a PEP 440 version (``0.2.0rc1`` → ``0.2.0.0``)."""
    numbers = re.match(r"\d+(?:\.\d+)*", version)
    parts = (numbers.group(0).split(".") if numbers else ["0"])[:4]
    return ".".join(parts + ["0"] * (4 - len(parts)))


def build_environment(folder: Path, wheel: Path) -> Path:
    """A virtual environment with the wheel (its PostgreSQL and encryption extras) plus
    PyInstaller: the bundle is what a laptop gets, and encryption at rest is for laptops."""
    env_dir = folder / "venv"
    venv.EnvBuilder(with_pip=True, clear=True).create(env_dir)
    python = env_dir / ("Scripts/python.exe" if WINDOWS else "bin/python")
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", f"{wheel}[postgres,encryption]",
         PYINSTALLER],
        cwd=folder,
        env=smoke_test.clean_environment(folder),
        check=True,
    )
    return python


def run_pyinstaller(python: Path, folder: Path, out: Path, icon: Path | None) -> Path:
    env = smoke_test.clean_environment(folder)
    if icon is not None:
        env["BERATUNG_BUNDLE_ICON"] = str(icon)
    subprocess.run(
        [
            str(python),
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--clean",
            "--log-level",
            "WARN",
            "--distpath",
            str(out),
            "--workpath",
            str(folder / "work"),
            str(HERE / "beratung.spec"),
        ],
        cwd=folder,  # an empty folder: nothing of the checkout can be picked up
        env=env,
        check=True,
    )
    return out / "Beratung"


def folder_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def build_installer(bundle: Path, out: Path, icon: Path | None) -> Path | None:
    """Windows only: Inno Setup's compiler, if installed, makes the per-user installer."""
    iscc = shutil.which("ISCC") or next(
        (
            str(p)
            for p in Path(os.environ.get("PROGRAMFILES(X86)", "C:/Program Files (x86)")).glob(
                "Inno Setup */ISCC.exe"
            )
        ),
        None,
    )
    if not WINDOWS or iscc is None:
        return None
    version = project_version()
    defines = [
        f"/DAppVersion={version}",
        f"/DAppVersionNumeric={numeric_version(version)}",
        f"/DBundleDir={bundle}",
        f"/O{out}",
    ]
    if icon is not None:
        defines.append(f"/DIconFile={icon}")
    subprocess.run([iscc, *defines, str(HERE / "windows" / "beratung.iss")], check=True)
    return out / f"Beratung-{version}-Setup.exe"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "bundle")
    parser.add_argument("--wheel", type=Path, help="dieses Wheel bündeln statt eines neuen")
    parser.add_argument("--no-smoke", action="store_true", help="ohne Rauchtest")
    args = parser.parse_args(argv)
    out = args.out.resolve()
    with tempfile.TemporaryDirectory(prefix="beratung-bundle-") as tmp:
        folder = Path(tmp)
        started = time.monotonic()
        if args.wheel is not None:
            wheel = args.wheel.resolve()
        else:
            _sdist, wheel = check_wheel.build(folder / "dist")
        python = build_environment(folder, wheel)
        print(
            f"  Bauumgebung mit {wheel.name} und PyInstaller ({time.monotonic() - started:.0f} s)"
        )

        started = time.monotonic()
        icons = folder / "icons"
        subprocess.run(
            [str(python), str(HERE / "make_icons.py"), str(icons)],
            cwd=folder,
            env=smoke_test.clean_environment(folder),
            check=True,
            stdout=subprocess.DEVNULL,
        )
        icon = icons / "beratung.ico"
        # Only what this script made before: --out may name a folder that holds other things.
        for previous in (out / "Beratung", out / "icons"):
            if previous.exists():
                shutil.rmtree(previous)
        bundle = run_pyinstaller(python, folder, out, icon)
        shutil.copytree(icons, out / "icons")
        print(
            f"  PyInstaller: {bundle} ({folder_size(bundle) / 1e6:.0f} MB, "
            f"{time.monotonic() - started:.0f} s)"
        )

    suffix = ".exe" if WINDOWS else ""
    for name in ("Beratung", "beratung-cli"):
        if not (bundle / f"{name}{suffix}").is_file():
            print(f"FEHLER: {name}{suffix} fehlt im Bündel")
            return 1
    problems: list[str] = []
    if not args.no_smoke:
        problems = smoke_test.run(
            [str(bundle / f"beratung-cli{suffix}")], steps=smoke_test.steps_for(encryption=True)
        )
    installer = build_installer(bundle, out, icon=out / "icons" / "beratung.ico")
    if installer is not None:
        print(f"  Installationsprogramm: {installer}")
    for problem in problems:
        print(f"FEHLER: {problem}")
    print("Bündel (PyInstaller): " + ("in Ordnung." if not problems else "FEHLGESCHLAGEN."))
    return 0 if not problems else 1


if __name__ == "__main__":
    sys.exit(main())
