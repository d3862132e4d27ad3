"""Import dialog (issue 13, deliver 3/4): an uncertain header row is asked for instead of only
refused; the mapping per column shows the first values, can be changed and is remembered for
the next file with the same columns."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot

from beratung.gui.contacts.common import ContactDialogs
from beratung.gui.contacts.import_dialog import ImportDialog
from beratung.services import Services

UNCERTAIN = b"Kontakt;Typ;Typ 2\r\nWeber;Mobile;Fax\r\n"
OWN_LIST = (
    "Kürzel;Wer;Ort\r\n"
    "A1;Anna Beispiel;Ulm\r\n"
    "B2;Bernd Muster;Aalen\r\n"
).encode()


@pytest.fixture
def no_boxes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []

    def report(exc: BaseException, parent: object = None) -> None:
        shown.append(str(exc))

    monkeypatch.setattr("beratung.gui.contacts.import_dialog.report_exception", report)
    monkeypatch.setattr(ContactDialogs, "confirm", classmethod(lambda *a: True))
    monkeypatch.setattr(ContactDialogs, "information", classmethod(lambda *a, **k: None))
    return shown


def test_uncertain_header_row_is_asked_for(
    qtbot: QtBot, services: Services, no_boxes: list[str], tmp_path: Path
) -> None:
    dialog = ImportDialog(services)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.load_bytes(UNCERTAIN, "unklar.csv")
    assert not no_boxes  # no refusal box: the dialog asks
    assert dialog.preview is None and not dialog.next_button.isEnabled()
    assert dialog.header_combo.isVisible()
    assert "nicht sicher zu erkennen" in dialog.problems_label.text()
    items = [dialog.header_combo.itemText(i) for i in range(dialog.header_combo.count())]
    assert items[0] == "– bitte wählen –"
    assert items[1].startswith("Zeile 1: Kontakt | Typ | Typ 2")
    assert items[2].startswith("Zeile 2: Weber")
    assert dialog.preview_model.rowCount() == 2  # the first rows as they are
    combos = dialog.findChildren(QComboBox)
    assert all(combo.accessibleName() for combo in combos)
    assert dialog.header_label.buddy() is dialog.header_combo
    assert "&" in dialog.header_label.text()
    assert dialog.choose_header_row(1)
    assert dialog.preview is not None and dialog.preview.headers[0] == "Kontakt"
    assert dialog.next_button.isEnabled()
    dialog.grab().save(str(tmp_path / "kopfzeile.png"))
    dialog.forward()
    dialog.forward()
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=10_000)
    assert dialog.report is not None and dialog.report.summary() == "1 Zeile: 1 neu"


def test_mapping_shows_first_values_and_is_remembered(
    qtbot: QtBot, services: Services, no_boxes: list[str], tmp_path: Path
) -> None:
    dialog = ImportDialog(services)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.load_bytes(OWN_LIST, "liste.csv")
    dialog.forward()
    assert dialog.step() == dialog.STEP_MAPPING
    name_row = dialog._mapping_rows[1]
    example = name_row[1]
    assert example.text() == "Anna Beispiel · Bernd Muster"  # type: ignore[attr-defined]
    assert dialog.mapping()[0] is None  # "Kürzel" is unknown
    dialog.set_mapping(0, "notizen")
    dialog.set_mapping(1, "name")
    dialog.grab().save(str(tmp_path / "zuordnung.png"))
    dialog.forward()  # the dry run remembers the mapping
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=10_000)
    assert dialog.report is not None and dialog.report.count("create") == 2

    again = ImportDialog(services)
    qtbot.addWidget(again)
    other_rows = "Kürzel;Wer;Ort\r\nC3;Clara Test;Ulm\r\n".encode()
    assert again.load_bytes(other_rows, "neue-liste.csv")
    assert again.mapping_remembered
    assert again.mapping()[0] == "notizen" and again.mapping()[1] == "name"
    assert "letzten Import" in again.mapping_hint.text()

    different = ImportDialog(services)
    qtbot.addWidget(different)
    assert different.load_bytes(b"Nachname;Ort\r\nTest;Ulm\r\n", "andere.csv")
    assert not different.mapping_remembered
