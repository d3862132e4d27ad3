"""Start-up pays only for what it uses (issue 16): the GUI's first paint and each CLI command do
not import Alembic, ReportLab, openpyxl, the calendar and vCard libraries or pypdf.

Each check runs in a fresh interpreter (this test process has imported everything long ago) and
reads ``sys.modules`` after the import or the command.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from beratung.paths import AppPaths

#: Libraries only a migration, a document, a file import or export or a reply form needs.
HEAVY = ("alembic", "reportlab", "openpyxl", "vobject", "icalendar", "pypdf")


def _loaded_after(code: str, *, cwd: Path) -> tuple[list[str], str]:
    """Run ``code`` in a fresh interpreter; (heavy libraries it loaded, its stdout)."""
    script = textwrap.dedent(code) + textwrap.dedent(
        f"""
        import json as _json, sys as _sys
        _heavy = {HEAVY!r}
        _sys.__stdout__.write("\\n@@" + _json.dumps(sorted(
            {{name.split(".")[0] for name in _sys.modules}} & set(_heavy))))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    output, _, loaded = done.stdout.rpartition("\n@@")
    return json.loads(loaded), output


@pytest.mark.parametrize("module", ["beratung.app", "beratung.cli", "beratung.services"])
def test_importing_the_entry_points_loads_no_heavy_library(module: str, tmp_path: Path) -> None:
    loaded, _ = _loaded_after(f"import {module}", cwd=tmp_path)
    assert loaded == []


def test_version_loads_no_heavy_library_and_no_sqlalchemy(tmp_path: Path) -> None:
    """``beratung --version`` answers from the files: no SQLAlchemy for a SQLite database."""
    code = f"""
        import sys
        from beratung.cli import main
        assert main(["--data-dir", {str(tmp_path / "data")!r}, "--version"]) == 0
        assert "sqlalchemy" not in sys.modules, "--version imported SQLAlchemy"
    """
    loaded, output = _loaded_after(code, cwd=tmp_path)
    assert loaded == []
    assert "Datenbankschema:" in output


def test_contacts_list_loads_no_heavy_library(database_url: str, tmp_path: Path) -> None:
    code = f"""
        from beratung.cli import main
        assert main(["--database-url", {database_url!r}, "contacts", "list", "--json"]) == 0
    """
    loaded, output = _loaded_after(code, cwd=tmp_path)
    assert loaded == []
    assert json.loads(output) == []


def test_contacts_list_of_a_sqlite_file_loads_no_sqlalchemy(
    database_url: str, paths: AppPaths, tmp_path: Path
) -> None:
    """The list IT staff script reads a current SQLite file on a read-only connection: no
    SQLAlchemy, no mapped models, no services but its own (``services.person_list``)."""
    if not database_url.startswith("sqlite"):
        pytest.skip("a server database is opened through the services (the test above)")
    code = f"""
        import sys
        from beratung.cli import main
        assert main(["--data-dir", {str(paths.data_dir)!r}, "contacts", "list", "--json"]) == 0
        loaded = sorted(name for name in sys.modules if name.startswith(
            ("sqlalchemy", "beratung.domain.models", "beratung.domain.contacts",
             "beratung.services.contacts", "beratung.services.database", "beratung.gui",
             "PySide6")))
        assert not loaded, loaded
    """
    loaded, output = _loaded_after(code, cwd=tmp_path)
    assert loaded == []
    assert json.loads(output) == []


def test_the_overview_window_loads_no_heavy_library(database_url: str, tmp_path: Path) -> None:
    """The GUI start to the Übersicht builds only that page (the others on first visit), and
    its follow-ups do not bring in the contacts' services (their length check lives in
    ``services.limits``)."""
    code = f"""
        import os
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        from beratung.app import application
        from beratung.gui.main_window import MainWindow
        from beratung.paths import AppPaths
        from beratung.services import Services
        application()
        services = Services.open(AppPaths({str(tmp_path / "data")!r}), url={database_url!r})
        window = MainWindow(services)
        window.show()
        assert list(window.pages.built()) == ["overview"], list(window.pages.built())
        import sys
        assert "beratung.services.contacts" not in sys.modules, "contacts imported at start"
        window.close()
        services.close()
    """
    loaded, _ = _loaded_after(code, cwd=tmp_path)
    assert loaded == []


def test_the_command_table_matches_the_command_modules() -> None:
    """``beratung --help`` lists the commands from a table without importing their modules;
    the table's help lines are the ones the modules register."""
    import argparse

    from beratung.cli import COMMANDS, build_parser

    full = build_parser()
    outline = build_parser(commands=())

    def helps(parser: argparse.ArgumentParser) -> dict[str, str | None]:
        sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        return {action.dest: action.help for action in sub._choices_actions}

    assert helps(full) == helps(outline)
    assert list(helps(full)) == list(COMMANDS)


def test_revisions_read_without_alembic_agree_with_alembic() -> None:
    from beratung.storage import migrate, revisions

    script = migrate.script_directory()
    assert revisions.head_revision() == script.get_current_head()
    assert revisions.known_revisions() == {rev.revision for rev in script.walk_revisions()}
    assert revisions.revision_graph(revisions.SCRIPT_LOCATION) == {
        rev.revision: rev.down_revision for rev in script.walk_revisions()
    }
