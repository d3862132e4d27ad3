"""The PDF preview dialog: loading, pages, zoom, saving and printing, each logged."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrinter
from pytestqt.qtbot import QtBot

from beratung.domain.errors import UserError
from beratung.gui.preview import PdfPreviewDialog, PreviewDialogs
from beratung.services import Services
from beratung.services.documents import RenderedDocument
from beratung.services.files import write_atomically
from beratung.services.office import ClerkData, OfficeProfileData
from beratung.services.press import PressDraft


@pytest.fixture
def rendered(services: Services) -> RenderedDocument:
    services.office.save_profile(
        OfficeProfileData(name="Städtetag Baden-Württemberg", town="Stuttgart"),
        expected_version=None,
    )
    clerk = services.office.create_clerk(ClerkData(name="Christiane Conzen", initials="Co"))
    services.office.save_file_plan_entry("047.43", "Pressearbeit", default_for_press=True)
    body = "\n\n".join(f"Absatz {n}: " + "Der Städtetag freut sich. " * 25 for n in range(5))
    draft = services.press.create_draft(
        PressDraft(
            headline="147 Bewerbungen",
            body=body,
            release_date=date(2017, 7, 31),
            clerk_id=clerk.id,
            file_plan_code="047.43",
        )
    )
    return services.documents.render_press_release(draft.id)


@pytest.fixture
def dialog(qtbot: QtBot, services: Services, rendered: RenderedDocument) -> PdfPreviewDialog:
    preview = PdfPreviewDialog(services, rendered)
    qtbot.addWidget(preview)
    preview.show()
    qtbot.waitUntil(lambda: preview.page_count() > 0, timeout=10_000)
    return preview


def test_loads_the_pdf_and_counts_pages(dialog: PdfPreviewDialog) -> None:
    assert dialog.page_count() >= 2
    assert dialog.page_label.text() == f"Seite 1 von {dialog.page_count()}"
    assert not dialog.previous_action.isEnabled() and dialog.next_action.isEnabled()
    assert "147 Bewerbungen" in dialog.windowTitle()


def test_page_navigation_and_zoom(qtbot: QtBot, dialog: PdfPreviewDialog) -> None:
    dialog.next_action.trigger()
    qtbot.waitUntil(lambda: dialog.current_page() == 1)
    assert dialog.page_label.text().startswith("Seite 2 von")
    dialog.previous_action.trigger()
    qtbot.waitUntil(lambda: dialog.current_page() == 0)
    dialog.fit_width_action.trigger()
    dialog.zoom_in_action.trigger()
    assert dialog.view.zoomMode() == QPdfView.ZoomMode.Custom
    bigger = dialog.zoom_factor()
    dialog.zoom_out_action.trigger()
    assert dialog.zoom_factor() < bigger
    dialog.fit_width_action.trigger()
    assert dialog.view.zoomMode() == QPdfView.ZoomMode.FitToWidth
    shortcuts = {a.text(): a.shortcut().toString() for a in dialog.actions()}
    assert shortcuts["&Seitenbreite"] == "Ctrl+0"


def test_save_as_pdf_writes_and_logs(
    qtbot: QtBot,
    dialog: PdfPreviewDialog,
    services: Services,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    suggested: list[str] = []

    def choose(_cls, _parent, name: str) -> str:
        suggested.append(name)
        return str(tmp_path / "presse")  # no suffix: ".pdf" is added

    monkeypatch.setattr(PreviewDialogs, "save_file_name", classmethod(choose))
    dialog.save_action.trigger()
    qtbot.waitUntil(lambda: bool(dialog.issued_ids), timeout=10_000)
    assert suggested == [dialog.rendered.suggested_file_name]
    assert suggested[0].endswith("147 Bewerbungen.pdf")
    written = tmp_path / "presse.pdf"
    assert written.read_bytes() == dialog.rendered.pdf
    assert not list(tmp_path.glob(".*.tmp"))
    (logged,) = services.documents.list_issued()
    assert logged.kind == "press_release" and logged.title.endswith("147 Bewerbungen")
    assert logged.page_count == dialog.page_count()
    assert services.documents.reprint(logged.id) == dialog.rendered.pdf


def test_print_paints_every_page_and_logs(
    qtbot: QtBot,
    dialog: PdfPreviewDialog,
    services: Services,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    target = tmp_path / "gedruckt.pdf"

    def choose(_cls, _parent, printer: QPrinter) -> bool:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(target))
        printer.setResolution(72)
        return True

    monkeypatch.setattr(PreviewDialogs, "choose_printer", classmethod(choose))
    dialog.print_action.trigger()
    qtbot.waitUntil(lambda: bool(dialog.issued_ids), timeout=10_000)
    assert target.read_bytes().startswith(b"%PDF")
    assert len(services.documents.list_issued()) == 1


def test_cancelled_dialogs_log_nothing(
    dialog: PdfPreviewDialog, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(PreviewDialogs, "save_file_name", classmethod(lambda *_a: None))
    monkeypatch.setattr(PreviewDialogs, "choose_printer", classmethod(lambda *_a: False))
    dialog.save_action.trigger()
    dialog.print_action.trigger()
    assert services.documents.list_issued() == []


def test_write_atomically_keeps_the_old_file_on_failure(tmp_path: Path) -> None:
    target = tmp_path / "a.pdf"
    write_atomically(target, b"%PDF-1")
    assert target.read_bytes() == b"%PDF-1"
    with pytest.raises(UserError) as info:
        write_atomically(tmp_path / "fehlt" / "b.pdf", b"%PDF-2")
    assert "konnte nicht gespeichert werden" in info.value.message
