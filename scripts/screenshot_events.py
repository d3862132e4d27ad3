"""Pictures of the Veranstaltungen page's planning parts, to look at after a change.

``beratung screenshot events`` shows the page as it opens (the tab "Details"); this adds the
other tabs and the page's dialogs, with the same window (``app._screenshot_window``: offscreen
without a display, no instance lock, no saved geometry). Run it on a demo database:

    .venv/bin/beratung --data-dir /tmp/demo demo
    .venv/bin/python scripts/screenshot_events.py --data-dir /tmp/demo --out /tmp/shots
    .venv/bin/python scripts/screenshot_events.py --data-dir /tmp/demo --out /tmp/shots --scale 2

It writes ``events-<part>.png`` for the list with Details, Tagesordnung, Dokumente, the venue
dialog, the date helper, the copy dialog and the Dokumente tab's option dialogs (``doc-…``: sign-in
list, badges, labels, certificates, needs summary, invitations and the check before printing),
and ``events-ulm-<tab>.png`` for every tab of the
held Werkstattgespräch in Ulm (the window at ``--size``, dialogs at their own size);
``--scale 2`` renders at 200 % (``QT_SCALE_FACTOR``), as on a high-DPI screen.
"""

from __future__ import annotations

import argparse
import os
from datetime import date
from pathlib import Path

TAB_NAMES = ("details", "agenda", "registrations", "needs", "checkin", "documents")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--size", default="1280x800")
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args()
    if args.scale != 1.0:
        os.environ["QT_SCALE_FACTOR"] = str(args.scale)  # before the QApplication exists
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication, QDialog, QWidget

    from beratung.app import _screenshot_window
    from beratung.domain.sheets import LABEL_SHEETS
    from beratung.gui.events.copy_dialog import CopyDialog
    from beratung.gui.events.dates_dialog import DatesDialog
    from beratung.gui.events.document_options import (
        BadgeOptionsDialog,
        CertificateOptionsDialog,
        LabelOptionsDialog,
        NeedsOptionsDialog,
        SignInOptionsDialog,
    )
    from beratung.gui.events.invitation_dialogs import (
        InvitationCheckDialog,
        InvitationOptionsDialog,
    )
    from beratung.gui.events.venue_dialog import VenueDialog
    from beratung.gui.operations import wait_for_operations
    from beratung.gui.pages.events import EventsPage
    from beratung.paths import AppPaths
    from beratung.services.events.invitations import NO_ADDRESS, PrintProblem

    width, height = (int(n) for n in args.size.lower().split("x"))
    suffix = "" if args.scale == 1.0 else f"@{args.scale:g}x"
    args.out.mkdir(parents=True, exist_ok=True)

    def settle() -> None:
        app = QApplication.instance()
        assert app is not None
        for _ in range(6):
            wait_for_operations()
            app.sendPostedEvents()
            app.processEvents()

    def save(widget: QWidget, name: str) -> None:
        settle()
        path = args.out / f"events-{name}{suffix}.png"
        widget.grab().save(str(path))
        print(path)

    with _screenshot_window(AppPaths.default(args.data_dir), db_path=None, url=None) as window:
        window.setMinimumSize(0, 0)
        window.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
        window.resize(width, height)
        page = window.show_page("events")
        assert isinstance(page, EventsPage)
        window.show()
        settle()
        page.period_bar.setCurrentIndex(2)  # all events, so the demo's show whatever the day
        page.table.setCurrentIndex(page.model.index(0, 0))
        save(window, "details")
        for index, name in ((1, "agenda"), (page.tabs.count() - 1, "documents")):
            page.tabs.setCurrentIndex(index)
            save(window, name)
        # The held Werkstattgespräch in Ulm: every tab, its lists full (registrations, waiting
        # list, needs, attendance).
        for row in range(page.model.rowCount()):
            if page.model.row_at(row).town == "Ulm":
                page.table.setCurrentIndex(page.model.index(row, 0))
                for index, name in enumerate(TAB_NAMES[: page.tabs.count()]):
                    page.tabs.setCurrentIndex(index)
                    save(window, f"ulm-{name}")
                page.table.setCurrentIndex(page.model.index(0, 0))
                break
        page.tabs.setCurrentIndex(0)
        detail = page.current()
        assert detail is not None, "no event in this database: run `beratung demo` first"

        services = page.services
        nudges = {key: services.sheets.get_sheet_nudge(key) for key in LABEL_SHEETS}
        rows = services.events.list_registrations(detail.id)
        problems = [
            PrintProblem(row.id, row.person_id, row.name, NO_ADDRESS, message)
            for row, message in zip(
                rows,
                (
                    "keine Postanschrift (weder dienstlich noch privat).",
                    "die Anschrift hat mehr als sechs Zeilen und passt nicht ins Fenster.",
                ),
                strict=False,
            )
        ]
        dialogs: list[tuple[str, QDialog]] = [
            ("venue-dialog", VenueDialog(page.services, detail.venue, window)),
            (
                "dates-dialog",
                DatesDialog(
                    page.services,
                    date(2018, 1, 1),
                    window,
                    rule="jeden 3. Mittwoch im März und Oktober",
                ),
            ),
            ("copy-dialog", CopyDialog(page.services, detail, window)),
            ("doc-sign-in", SignInOptionsDialog(window)),
            ("doc-badges", BadgeOptionsDialog(window)),
            ("doc-labels", LabelOptionsDialog(nudges, window)),
            ("doc-certificates", CertificateOptionsDialog(window)),
            ("doc-needs", NeedsOptionsDialog(window)),
            ("doc-invitations", InvitationOptionsDialog(rows, window)),
            ("doc-check", InvitationCheckDialog(problems, window)),
        ]
        for name, dialog in dialogs:
            dialog.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
            dialog.show()
            if isinstance(dialog, DatesDialog):
                dialog.propose()
            dialog.adjustSize()
            save(dialog, name)
            dialog.close()
            dialog.deleteLater()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
