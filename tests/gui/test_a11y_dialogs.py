"""Keyboard and screen reader over the dialogs, with the demo data: each dialog (and each of its
tabs) checked for keyboard traps, unnamed focusable widgets and mnemonic clashes (a11y_audit),
and Esc closes it. The dialogs are built directly, as their pages build them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import date

from a11y_audit import assert_accessible, explore, settle
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from pytestqt.qtbot import QtBot

from beratung.gui.consultations.followups import FollowUpEditor
from beratung.gui.consultations.form import ConsultationForm
from beratung.gui.consultations.topics import TopicManager
from beratung.gui.contacts.consents import ConsentDialog
from beratung.gui.contacts.duplicates import DuplicatesDialog
from beratung.gui.contacts.import_dialog import ImportDialog
from beratung.gui.contacts.pickers import AffiliationDialog, DirectoryDialog
from beratung.gui.events.agenda import AgendaItemDialog
from beratung.gui.events.copy_dialog import CopyDialog
from beratung.gui.events.dates_dialog import DatesDialog
from beratung.gui.events.document_options import (
    BadgeOptionsDialog,
    CertificateOptionsDialog,
    LabelOptionsDialog,
    NeedsOptionsDialog,
    SignInOptionsDialog,
)
from beratung.gui.events.invitation_dialogs import InvitationOptionsDialog
from beratung.gui.events.invite_dialog import InviteDialog
from beratung.gui.events.needs_dialog import NeedsDialog
from beratung.gui.events.registration_dialog import RegistrationDialog
from beratung.gui.events.replies_dialog import ReplyImportDialog
from beratung.gui.events.venue_dialog import VenueDialog
from beratung.gui.events.walk_in_dialog import WalkInDialog
from beratung.services import Services
from beratung.services.demo import DemoService


def _dialogs(services: Services) -> dict[str, Callable[[], QDialog]]:
    events = services.events
    event = next(row for row in events.list_events() if events.list_registrations(row.id))
    registrations = events.list_registrations(event.id)
    consultation = services.consultations.list_consultations(limit=1)[0]
    follow_up = services.followups.due_overview(date(2100, 1, 1)).overdue[0]
    venue = events.list_venues()[0]
    return {
        "Themen verwalten": lambda: TopicManager(services),
        "Neue Beratung": lambda: ConsultationForm(
            services, services.consultations.draft_blank()
        ),
        "Beratung bearbeiten": lambda: ConsultationForm(
            services,
            services.consultations.draft_blank(),
            services.consultations.get_consultation(consultation.id),
        ),
        "Wiedervorlage": lambda: FollowUpEditor(services, follow_up),
        "Dubletten": lambda: DuplicatesDialog(services),
        "Import": lambda: ImportDialog(services),
        "Gemeindeverzeichnis": lambda: DirectoryDialog(services.masterdata),
        "Funktion hinzufügen": lambda: AffiliationDialog(services.contacts),
        "Einwilligung": lambda: ConsentDialog(services.context.today()),
        "Anmeldung": lambda: RegistrationDialog(services, event.id),
        "Anmeldung bearbeiten": lambda: RegistrationDialog(
            services, event.id, registrations[0].id
        ),
        "Bedarfe": lambda: NeedsDialog(services, registrations[0].id),
        "Kopieren": lambda: CopyDialog(services, events.get_event(event.id)),
        "Tagesordnungspunkt": lambda: AgendaItemDialog(services, event.id),
        "Ohne Anmeldung": lambda: WalkInDialog(services, event.id),
        "Ort": lambda: VenueDialog(services, venue),
        "Neuer Ort": lambda: VenueDialog(services),
        "Termine": lambda: DatesDialog(services, services.context.today()),
        "Rückmeldungen": lambda: ReplyImportDialog(services, event.id),
        "Einladen": lambda: InviteDialog(services, event.id),
        "Einladungsbriefe": lambda: InvitationOptionsDialog(registrations),
        "Teilnehmerliste": lambda: SignInOptionsDialog(),
        "Namensschilder": lambda: BadgeOptionsDialog(),
        "Adressetiketten": lambda: LabelOptionsDialog({}),
        "Teilnahmebescheinigungen": lambda: CertificateOptionsDialog(),
        "Bedarfsübersicht": lambda: NeedsOptionsDialog(),
    }


def test_every_dialog_is_keyboard_and_screen_reader_ready(
    qtbot: QtBot, services: Services
) -> None:
    DemoService(services.context).create()
    found: dict[str, list[str]] = defaultdict(list)
    states: list[str] = []
    for name, build in _dialogs(services).items():
        dialog = build()
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        settle(qtbot)
        states += explore(dialog, name, qtbot, found)
        focus = QApplication.focusWidget()
        target: QWidget = focus if focus is not None and focus.window() is dialog else dialog
        QTest.keyClick(target, Qt.Key.Key_Escape)
        settle(qtbot)
        if dialog.isVisible():
            found["Esc does not close"].append(name)
            dialog.reject()
    assert len(states) >= 26, states
    assert_accessible(found, states)
