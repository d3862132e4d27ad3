"""``beratung selftest`` checks what an installation needs by doing it on a small scale."""

from __future__ import annotations

import pytest

from beratung.cli import main
from beratung.services import selftest


def test_selftest_passes_here_and_names_each_check(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["selftest"]) == 0
    out = capsys.readouterr().out
    for name in ("Schriften und PDF", "Feiertage", "PDF-Vorschau", "Drucken", "Symbole"):
        assert f"ok      {name}" in out
    assert "Mittwoch, 25. Oktober 2017" in out
    assert out.rstrip().endswith("Ergebnis: diese Installation ist vollständig.")


def test_a_failing_check_is_reported_and_exits_1(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken() -> str:
        raise FileNotFoundError("gemeinden-bw.csv")

    checks = [
        (name, broken if name == "Mitgelieferte Dateien" else check)
        for name, check in selftest.CORE_CHECKS
    ]
    monkeypatch.setattr(selftest, "CORE_CHECKS", checks)
    assert main(["selftest", "--no-gui"]) == 1
    out = capsys.readouterr().out
    assert "FEHLER  Mitgelieferte Dateien" in out and "gemeinden-bw.csv" in out
    assert "ok      Feiertage" in out  # the others still ran
    assert "PDF-Vorschau" not in out  # --no-gui
    assert "1 Prüfung(en) fehlgeschlagen" in out


def test_a_missing_postgresql_driver_is_not_a_failure(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def missing() -> str:
        raise ModuleNotFoundError("No module named 'psycopg'")

    checks = [
        (name, missing if name == "PostgreSQL-Treiber" else check)
        for name, check in selftest.CORE_CHECKS
    ]
    monkeypatch.setattr(selftest, "CORE_CHECKS", checks)
    assert main(["selftest", "--no-gui"]) == 0
    assert "fehlt   PostgreSQL-Treiber" in capsys.readouterr().out


def test_qt_that_cannot_load_is_a_failure_line_not_a_traceback(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: object) -> None:
        raise ImportError("libEGL.so.1: cannot open shared object file")

    monkeypatch.setattr("beratung.app.application", broken)
    assert main(["selftest"]) == 1
    out = capsys.readouterr().out
    assert "FEHLER  Qt" in out and "libEGL.so.1" in out
    assert "ok      Feiertage" in out
