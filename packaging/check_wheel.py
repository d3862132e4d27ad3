"""Install Beratung the way IT staff do and prove it works (a step of ``./run-tests``).

    .venv/bin/python packaging/check_wheel.py [--keep DIR]

1. Builds the sdist and, from the sdist, the wheel (``python -m build``), so a file missing from
   the sdist fails here too.
2. Compares both with the source tree: every file of the package (code, migrations,
   ``script.py.mako``, ``py.typed``, every file under ``resources/``) must be in the wheel, and
   nothing else (no ``__pycache__``).
3. Creates a new virtual environment in an empty temporary folder, runs a plain
   ``pip install beratung-….whl`` there and checks that ``beratung`` is imported from that
   environment, not from the checkout.
4. Runs the smoke test (``smoke_test.py``) with that environment's ``beratung`` command, and
   checks that ``db encrypt`` without the extra says in German what is missing and changes
   nothing.
5. Installs the extra ``[encryption]`` from the same wheel into that environment, as the README
   tells laptop users, and runs the smoke test's encryption steps on the same demo database
   (encrypt a copy with ``BERATUNG_DB_KEY``, read it with, without and with a wrong key,
   decrypt, check).

Exit status 0 when everything passed. ``--keep DIR`` leaves the built wheel in DIR (the bundle
build reuses it).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import venv
import zipfile
from collections.abc import Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PACKAGE = ROOT / "src" / "beratung"
sys.path.insert(0, str(HERE))

import smoke_test  # noqa: E402  (the sibling module, also run on its own)


def package_files() -> list[str]:
    """Every file of the package as the wheel must hold it (``beratung/...``).

    In a git checkout, the tracked files (what a clean clone has); otherwise the files on disk
    without caches."""
    try:
        listed = subprocess.run(
            ["git", "ls-files", "-z", "--", "src/beratung"],
            cwd=ROOT,
            capture_output=True,
            check=True,
        ).stdout.decode("utf-8")
        files = [name for name in listed.split("\0") if name]
    except (OSError, subprocess.CalledProcessError):
        files = [
            str(path.relative_to(ROOT))
            for path in PACKAGE.rglob("*")
            if path.is_file() and "__pycache__" not in path.parts
        ]
    return sorted(name.removeprefix("src/") for name in files)


def build(out: Path) -> tuple[Path, Path]:
    """sdist, then the wheel built from it (the default of ``python -m build``)."""
    subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(out), str(ROOT)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    wheel = next(out.glob("beratung-*.whl"))
    sdist = next(out.glob("beratung-*.tar.gz"))
    return sdist, wheel


def check_contents(sdist: Path, wheel: Path) -> list[str]:
    problems: list[str] = []
    wanted = set(package_files())
    with zipfile.ZipFile(wheel) as zf:
        in_wheel = {name for name in zf.namelist() if not name.split("/")[0].endswith(".dist-info")}
        metadata = {name for name in zf.namelist() if name.split("/")[0].endswith(".dist-info")}
    missing = sorted(wanted - in_wheel)
    extra = sorted(in_wheel - wanted)
    if missing:
        problems.append(f"im Wheel fehlen {len(missing)} Dateien: {missing[:20]}")
    if extra:
        problems.append(f"im Wheel sind unerwartete Dateien: {extra[:20]}")
    resources = sorted(name for name in wanted if name.startswith("beratung/resources/"))
    revisions = sorted(
        name for name in wanted if name.startswith("beratung/storage/migrations/versions/")
    )
    if not any(name.endswith("entry_points.txt") for name in metadata):
        problems.append("im Wheel fehlen die Startbefehle (entry_points.txt)")

    with tarfile.open(sdist) as tf:
        prefix = tf.getnames()[0].split("/")[0]
        in_sdist = {name.removeprefix(f"{prefix}/") for name in tf.getnames()}
    for needed in ("pyproject.toml", "README.md", "CHANGELOG.md"):
        if needed not in in_sdist:
            problems.append(f"im sdist fehlt {needed}")
    missing_sdist = sorted(f"src/{name}" for name in wanted if f"src/{name}" not in in_sdist)
    if missing_sdist:
        problems.append(f"im sdist fehlen {len(missing_sdist)} Dateien: {missing_sdist[:20]}")
    print(
        f"  Wheel: {len(in_wheel)} Dateien, davon {len(resources)} unter resources/ und "
        f"{len(revisions)} Migrationen; sdist: {len(in_sdist)} Einträge"
    )
    return problems


def install(wheel: Path, folder: Path) -> Path:
    """A new virtual environment with a plain ``pip install`` of the wheel; returns its bin."""
    env_dir = folder / "venv"
    venv.EnvBuilder(with_pip=True, clear=True).create(env_dir)
    bin_dir = env_dir / ("Scripts" if sys.platform == "win32" else "bin")
    subprocess.run(
        [str(bin_dir / "python"), "-m", "pip", "install", "--quiet", str(wheel)],
        cwd=folder,
        env=smoke_test.clean_environment(folder),
        check=True,
    )
    return bin_dir


def install_extra(wheel: Path, bin_dir: Path, folder: Path, extra: str) -> None:
    """``pip install 'beratung-….whl[extra]'`` into the environment made by :func:`install`."""
    subprocess.run(
        [str(bin_dir / "python"), "-m", "pip", "install", "--quiet", f"{wheel}[{extra}]"],
        cwd=folder,
        env=smoke_test.clean_environment(folder),
        check=True,
    )


def check_installed(bin_dir: Path, folder: Path) -> list[str]:
    """``beratung`` comes from the new environment, with its resources beside it."""
    script = (
        "import beratung, sys; from beratung import resources; "
        "print(beratung.__file__); print(len(resources.shipped_files()))"
    )
    result = subprocess.run(
        [str(bin_dir / "python"), "-c", script],
        cwd=folder,
        env=smoke_test.clean_environment(folder),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        return [f"import beratung im neuen venv schlug fehl: {result.stderr.strip()}"]
    location, count = result.stdout.splitlines()[:2]  # a path may contain spaces
    problems = []
    if not Path(location).resolve().is_relative_to(folder.resolve()):
        problems.append(f"beratung kommt nicht aus dem neuen venv, sondern aus {location}")
    expected = len([n for n in package_files() if n.startswith("beratung/resources/")]) - 1
    if int(count) != expected:
        problems.append(f"installiert sind {count} Ressourcen statt {expected}")
    for script_name in ("beratung", "beratung-gui"):
        if not any(bin_dir.glob(f"{script_name}*")):
            problems.append(f"der Startbefehl {script_name} fehlt")
    return problems


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="das gebaute Wheel hierhin kopieren")
    args = parser.parse_args(argv)
    problems: list[str] = []
    with tempfile.TemporaryDirectory(prefix="beratung-wheel-") as tmp:
        folder = Path(tmp)
        started = time.monotonic()
        sdist, wheel = build(folder / "dist")
        print(f"  gebaut: {wheel.name}, {sdist.name} ({time.monotonic() - started:.0f} s)")
        problems += check_contents(sdist, wheel)
        if args.keep:
            args.keep.mkdir(parents=True, exist_ok=True)
            shutil.copy2(wheel, args.keep / wheel.name)
        started = time.monotonic()
        target = folder / "leer"
        target.mkdir()
        bin_dir = install(wheel, target)
        print(f"  pip install {wheel.name} in ein neues venv ({time.monotonic() - started:.0f} s)")
        problems += check_installed(bin_dir, target)
        if not problems:
            program = [str(bin_dir / "beratung")]
            smoke = folder / "rauchtest"  # both runs: the encryption steps need the demo data
            smoke.mkdir()
            problems += smoke_test.run(
                program,
                steps=smoke_test.steps_for(encryption=False),
                folder=smoke,
            )
        if not problems:
            started = time.monotonic()
            install_extra(wheel, bin_dir, target, "encryption")
            print(f"  pip install {wheel.name}[encryption] ({time.monotonic() - started:.0f} s)")
            problems += smoke_test.run(program, steps=smoke_test.ENCRYPTION_STEPS, folder=smoke)
    for problem in problems:
        print(f"FEHLER: {problem}")
    print("Installation aus dem Wheel: " + ("in Ordnung." if not problems else "FEHLGESCHLAGEN."))
    return 0 if not problems else 1


if __name__ == "__main__":
    sys.exit(main())
