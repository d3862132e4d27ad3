"""Einstellungen → Absender: the letterhead (name, address, contact lines, footer) and the logo."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QPushButton, QWidget

from beratung.domain.errors import UserError, ValidationError
from beratung.gui.errors import report_exception
from beratung.gui.feedback import FormFeedback
from beratung.gui.operations import run_operation
from beratung.gui.pages.base import heading
from beratung.gui.settings.base import (
    SettingsDialogs,
    SettingsTab,
    form_layout,
    make_card,
    stripped,
)
from beratung.gui.settings.logo import is_svg, rasterise_svg
from beratung.gui.style import scaled
from beratung.services.files import read_input_file
from beratung.services.office import OfficeProfileData

#: A letterhead logo is a small picture; a larger file is a wrong choice.
MAX_LOGO_BYTES = 10 * 1024 * 1024

if TYPE_CHECKING:
    from beratung.services import Services
    from beratung.services.office import OfficeProfileSnapshot


class ProfileTab(SettingsTab):
    """The sender every letter and press release is printed with; one record, saved with its
    version. The logo is stored at once when chosen (it is not part of the form)."""

    FIELDS = (
        ("name", "&Name:", "Name des Absenders"),
        ("unit", "&Einheit:", "Einheit oder Abteilung"),
        ("function_line", "&Funktionszeile:", "Funktionszeile"),
        ("street", "St&raße:", "Straße und Hausnummer"),
        ("postcode", "&PLZ:", "Postleitzahl"),
        ("town", "&Ort:", "Ort"),
        ("phone", "&Telefon:", "Telefon"),
        ("fax", "Telefa&x:", "Telefax"),
        ("email", "E-&Mail:", "E-Mail"),
        ("website", "&Internet:", "Internetadresse"),
        ("press_info_url", "Presse-Lin&k:", "Internetadresse für Presseinformationen"),
    )

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        self.version: int | None = None
        self.edits: dict[str, QLineEdit] = {}
        outer = QHBoxLayout(self)
        outer.setContentsMargins(0, 12, 0, 0)
        outer.setSpacing(16)

        card, box = make_card()
        box.addWidget(
            heading(self.tr("Absender für Briefe und Presseinformationen"), "sectionTitle")
        )
        self.error_label = QLabel()
        self.error_label.setObjectName("profileError")
        feedback = self.make_feedback(self.error_label)
        assert feedback.banner is not None
        box.addWidget(feedback.banner)
        form = form_layout()
        for key, label, accessible in self.FIELDS:
            edit = QLineEdit()
            edit.setObjectName(f"profile_{key}")
            self.edits[key] = edit
            self.labelled(form, self.tr(label), edit, self.tr(accessible), key)
        self.edits["postcode"].setMaxLength(5)
        self.edits["postcode"].setMaximumWidth(scaled(90))
        self.edits["function_line"].setPlaceholderText(
            self.tr("z. B. Geschäftsführendes Vorstandsmitglied")
        )
        self.footer = QPlainTextEdit()
        self.footer.setObjectName("profile_footer_lines")
        self.footer.setTabChangesFocus(True)
        self.footer.setFixedHeight(74)
        self.footer.setPlaceholderText(self.tr("Eine Zeile je Fußzeile, z. B. Bankverbindung"))
        self.labelled(
            form, self.tr("F&ußzeilen:"), self.footer, self.tr("Fußzeilen"), "footer_lines"
        )
        box.addLayout(form)
        box.addWidget(self.error_label)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.save_button = QPushButton(self.tr("Absender spei&chern"))
        self.save_button.setObjectName("profileSave")
        self.save_button.clicked.connect(self.save)
        buttons.addWidget(self.save_button)
        box.addLayout(buttons)
        box.addStretch(1)
        outer.addWidget(card, 3)

        logo_card, logo_box = make_card()
        logo_box.addWidget(heading(self.tr("Logo"), "sectionTitle"))
        self.logo_preview = QLabel()
        self.logo_preview.setObjectName("logoPreview")
        self.logo_preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.logo_preview.setMinimumSize(240, 120)
        self.logo_preview.setAccessibleName(self.tr("Vorschau des Logos"))
        logo_box.addWidget(self.logo_preview)
        self.logo_info = QLabel()
        self.logo_info.setObjectName("logoInfo")
        self.logo_info.setProperty("role", "muted")
        self.logo_info.setWordWrap(True)
        logo_box.addWidget(self.logo_info)
        logo_buttons = QHBoxLayout()
        self.logo_button = QPushButton(self.tr("Logo &wählen …"))
        self.logo_button.setObjectName("logoChoose")
        self.logo_button.clicked.connect(self.choose_logo)
        self.logo_remove = QPushButton(self.tr("&Logo entfernen"))
        self.logo_remove.setObjectName("logoRemove")
        self.logo_remove.clicked.connect(self.remove_logo)
        logo_buttons.addWidget(self.logo_button)
        logo_buttons.addWidget(self.logo_remove)
        logo_box.addLayout(logo_buttons)
        hint = QLabel(
            self.tr(
                "PNG, JPEG oder SVG. Ein SVG-Logo wird beim Einlesen in ein PNG mit 600 Pixel "
                "Breite umgewandelt."
            )
        )
        hint.setProperty("role", "muted")
        hint.setWordWrap(True)
        logo_box.addWidget(hint)
        self.logo_error = QLabel()
        self.logo_error.setObjectName("logoError")
        self.logo_error.setWordWrap(True)
        self.logo_error.hide()
        logo_box.addWidget(self.logo_error)
        logo_box.addStretch(1)
        outer.addWidget(logo_card, 2)
        #: The logo is stored at once, apart from the form: its own feedback, one field.
        self.logo_feedback = FormFeedback(self, tracks_changes=False)
        self.logo_feedback.register("logo", self.logo_button, label=self.logo_error, track=False)
        self.save_shortcut(self.save)

    def load(self) -> None:
        try:
            snapshot: OfficeProfileSnapshot | None = self.services.office.get_profile()
        except UserError:
            snapshot = None
        self.show_profile(snapshot)
        self.show_logo(self.services.office.logo())

    def show_profile(self, snapshot: OfficeProfileSnapshot | None) -> None:
        if self.feedback is not None:
            self.feedback.reset()
        self.version = snapshot.version if snapshot else None
        for key, edit in self.edits.items():
            value = getattr(snapshot.data, key) if snapshot else None
            edit.setText(value or "")
            edit.setCursorPosition(0)
        self.footer.setPlainText((snapshot.data.footer_lines if snapshot else None) or "")

    def show_logo(self, logo: tuple[bytes, str] | None) -> None:
        if logo is None:
            self.logo_preview.setPixmap(QPixmap())
            self.logo_preview.setText(self.tr("Kein Logo hinterlegt"))
            self.logo_info.setText("")
            self.logo_remove.setEnabled(False)
            return
        data, mime = logo
        pixmap = QPixmap()
        pixmap.loadFromData(data)
        self.logo_preview.setPixmap(
            pixmap.scaled(
                280,
                110,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )
        self.logo_info.setText(
            self.tr("{kind}, {width} × {height} Pixel").format(
                kind="PNG" if mime == "image/png" else "JPEG",
                width=pixmap.width(),
                height=pixmap.height(),
            )
        )
        self.logo_remove.setEnabled(True)

    def profile_data(self) -> OfficeProfileData:
        values = {key: stripped(edit) for key, edit in self.edits.items()}
        name = values.pop("name") or ""
        return OfficeProfileData(name=name, footer_lines=stripped(self.footer), **values)

    @Slot()
    def save(self) -> None:
        if self.busy:
            return
        data, version, office = self.profile_data(), self.version, self.services.office

        def done(snapshot: OfficeProfileSnapshot) -> None:
            self.show_profile(snapshot)
            assert self.feedback is not None
            self.feedback.show_success(self.tr("Der Absender wurde gespeichert."))

        self.run(
            lambda: office.save_profile(data, expected_version=version),
            done,
            self.tr("Absender wird gespeichert …"),
        )

    @Slot()
    def choose_logo(self) -> None:
        name = SettingsDialogs.open_logo_file(self)
        if name:
            self.set_logo_file(Path(name))

    def set_logo_file(self, path: Path) -> None:
        office = self.services.office

        def work() -> tuple[bytes, str] | None:  # worker thread: reading, rasterising, storing
            try:
                data = read_input_file(path, limit=MAX_LOGO_BYTES)
            except UserError as exc:
                raise ValidationError(exc.message, field="logo", hint=exc.hint) from exc
            filename = path.name
            if is_svg(data, filename):
                data = rasterise_svg(data, filename)
                filename = path.with_suffix(".png").name
            office.set_logo(data, filename)
            return office.logo()

        self._logo_operation(work, self.tr("Logo wird eingelesen …"))

    @Slot()
    def remove_logo(self) -> None:
        office = self.services.office

        def work() -> tuple[bytes, str] | None:
            office.set_logo(None, "")
            return office.logo()

        self._logo_operation(work, self.tr("Logo wird entfernt …"))

    def _logo_operation(self, work: Callable[[], tuple[bytes, str] | None], progress: str) -> None:
        self.logo_feedback.clear_errors()

        def failed(exc: BaseException) -> None:
            if not (isinstance(exc, ValidationError) and self.logo_feedback.show_error(exc)):
                report_exception(exc, self)

        run_operation(self, work, self.show_logo, on_failure=failed, progress_text=progress)
