"""Import and duplicates dialogs of the Kontakte page, driven through their methods."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from beratung.domain.enums import Anrede
from beratung.gui.contacts.common import ContactDialogs
from beratung.gui.contacts.duplicates import DuplicatesDialog
from beratung.gui.contacts.import_dialog import ImportDialog
from beratung.services import Services
from beratung.services.contacts import ContactFilter, PersonInput

CSV_1252 = (
    "Anrede;Vorname;Nachname;Firma;Position;E-Mail-Adresse;"
    "Postleitzahl geschäftlich;Ort geschäftlich\r\n"
    "Frau;Jürgen;Müller;Stadt Ulm;Bürgermeisterin;j.mueller@ulm.de;89073;Ulm\r\n"
    "Herr;Stefan;Weiß;Gemeinde Aidlingen;Hauptamtsleiter;s.weiss@aidlingen.de;71134;Aidlingen\r\n"
    "Frau;Ina;Ohnename;Stadt Ulm;;kaputt@;89073;Ulm\r\n"
).encode("cp1252")


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Confirm every question and swallow information boxes; records what was asked."""
    asked: list[str] = []

    def confirm(cls: type, parent: object, text: str, info: str, ok: str) -> bool:
        asked.append(text)
        return True

    def information(cls: type, parent: object, text: str, informative: str = "") -> None:
        asked.append(text)

    monkeypatch.setattr(ContactDialogs, "confirm", classmethod(confirm))
    monkeypatch.setattr(ContactDialogs, "information", classmethod(information))
    return asked


def test_import_dry_run_on_windows_1252_semicolon_csv_then_commit(
    qtbot: QtBot, services: Services, tmp_path: Path, answers: list[str]
) -> None:
    path = tmp_path / "kontakte.csv"
    path.write_bytes(CSV_1252)
    dialog = ImportDialog(services)
    qtbot.addWidget(dialog)
    assert dialog.load_file(path)
    assert "Windows-1252" in dialog.source_label.text()
    assert "Semikolon" in dialog.source_label.text()
    assert dialog.preview_model.rowCount() == 3
    assert dialog.preview_model.data(dialog.preview_model.index(0, 2)) == "Müller"

    dialog.forward()  # → mapping, pre-filled from the header names
    assert dialog.step() == dialog.STEP_MAPPING
    assert dialog.mapping()[2] == "nachname" and dialog.mapping()[5] == "email"
    assert not dialog.import_button.isEnabled()

    dialog.forward()  # → report; the dry run runs in the background
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=10_000)
    lines = {line.row: line for line in dialog.report.lines}
    assert [lines[r].action for r in (2, 3, 4)] == ["create", "create", "reject"]
    rows = dialog.report_model.rows()
    assert dialog.report_model.data(dialog.report_model.index(2, 1)) == "abgelehnt"
    assert "E-Mail" in rows[2].message
    assert "2 neu" in dialog.summary_label.text() and "1 abgelehnt" in dialog.summary_label.text()
    assert not dialog.import_button.isEnabled()  # all or nothing: a row is rejected
    assert services.contacts.count_persons() == 0  # the dry run wrote nothing

    dialog.skip_rejected.setChecked(True)  # a changed option needs a new dry run
    assert dialog.report is None and not dialog.import_button.isEnabled()
    dialog.start_dry_run()
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=10_000)
    assert dialog.import_button.isEnabled()
    dialog.import_button.click()
    qtbot.waitUntil(lambda: dialog.committed is not None, timeout=10_000)
    assert services.contacts.count_persons() == 2
    found = services.contacts.list_persons(ContactFilter(search="muller"))
    assert [p.display_name for p in found] == ["Jürgen Müller"]
    assert answers[-1] == "Der Import ist abgeschlossen."


def test_duplicates_dialog_merges_two_persons_and_undoes(
    qtbot: QtBot, services: Services, answers: list[str]
) -> None:
    contacts = services.contacts
    keep = contacts.create_person(
        PersonInput(last_name="Beispiel", first_name="Anna", email="anna@beispiel.de")
    )
    other = contacts.create_person(
        PersonInput(
            last_name="Beispiel",
            first_name="Anna",
            anrede=Anrede.FRAU,
            title="Dr.",
            email="anna@beispiel.de",
            phone="0711 123456",
        )
    )
    dialog = DuplicatesDialog(services)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.candidates.rowCount() == 1, timeout=10_000)
    assert "E-Mail" in dialog.reason_label.text()
    assert {dialog.left.id, dialog.right.id} == {keep.id, other.id}
    dialog.choose("title", "right" if dialog.right.title else "left")
    dialog.choose("anrede", "right" if dialog.right.anrede == Anrede.FRAU else "left")
    assert not dialog.undo_button.isEnabled()
    kept_id = dialog.left.id
    dialog.merge()
    qtbot.waitUntil(lambda: dialog.last_result is not None, timeout=10_000)
    assert "zusammenführen" in answers[0]
    assert contacts.count_persons() == 1
    merged = contacts.get_person(kept_id)
    assert (merged.title, merged.anrede, merged.phone) == ("Dr.", Anrede.FRAU, "0711 123456")
    qtbot.waitUntil(lambda: dialog.undo_button.isEnabled(), timeout=10_000)
    assert dialog.candidates.rowCount() == 0

    dialog.last_result = None
    dialog.undo()
    qtbot.waitUntil(lambda: dialog.last_result is not None, timeout=10_000)
    assert contacts.count_persons() == 2
    # The undone pair is offered again (the dialog searches anew; waiting for it also keeps its
    # answer from arriving while the test's widgets are torn down).
    qtbot.waitUntil(
        lambda: not dialog.loading and dialog.candidates.rowCount() == 1, timeout=10_000
    )
