"""The "So im Brief" block of the person form: the address block and salutation as a letter
will print them, following the typing.

Why a block of its own: the advisor checks the letter address while she types, not after
saving, so the preview is recomputed (debounced) from the values as typed through
``contacts.preview_letter`` — the same rules the documents use, never a second copy of them.
A problem (no town, more than six lines) is shown in place, in the error colour, and does not
stop her from saving.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QWidget

from beratung.domain.errors import UserError
from beratung.gui.contacts.common import WrapLabel, tr
from beratung.gui.feedback import repolish

if TYPE_CHECKING:
    from beratung.services.contacts import ContactService, PersonDetail, PersonInput

#: Debounce of the live "So im Brief" preview while typing (ms).
PREVIEW_DELAY = 200

#: What the preview is computed from: the person's id (``None`` while new) and the typed values.
PreviewSource = Callable[[], "tuple[int | None, PersonInput]"]


class LetterPreview(WrapLabel):
    """The preview label; ``schedule()`` after an edit, ``show_detail()`` after loading."""

    def __init__(
        self, contacts: ContactService, source: PreviewSource, parent: QWidget | None = None
    ) -> None:
        super().__init__("", parent)
        self.contacts = contacts
        self.source = source
        self.setObjectName("letterPreview")
        self.setProperty("role", "letterPreview")
        self.setProperty("problem", False)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setAccessibleName(tr("Vorschau der Briefanschrift"))
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(PREVIEW_DELAY)
        self.timer.timeout.connect(self.update_now)

    def schedule(self) -> None:
        """Recompute shortly after the last keystroke, not on every one."""
        self.timer.start()

    def show_text(self, text: str, *, problem: bool) -> None:
        self.setText(text)
        if self.property("problem") != problem:
            self.setProperty("problem", problem)
            repolish(self)

    def show_detail(self, detail: PersonDetail | None) -> None:
        """The stored state: the service computed it with the detail, no extra call."""
        self.timer.stop()
        if detail is None:
            self.show_text(
                tr("Die Vorschau erscheint, sobald Name und Anschrift eingetragen sind."),
                problem=False,
            )
        else:
            self.show_text(self.detail_text(detail), problem=detail.letter_lines is None)

    @staticmethod
    def detail_text(detail: PersonDetail) -> str:
        if detail.letter_lines is None:
            lines = [detail.letter_error or tr("Keine Briefanschrift möglich.")]
        else:
            lines = list(detail.letter_lines)
        return "\n".join([*lines, "", detail.salutation])

    def update_now(self) -> None:
        """ "So im Brief" for the values as typed: the address block and salutation, or the
        German reason why the address does not fit (a pure read, fast enough to run here)."""
        self.timer.stop()
        ident, data = self.source()
        if not data.last_name:
            self.show_text(tr("Der Nachname fehlt; er steht in jedem Brief."), problem=True)
            return
        try:
            letter = self.contacts.preview_letter(ident, data)
        except UserError as exc:  # does not fit six lines, no town, record deleted meanwhile
            self.show_text(exc.message, problem=True)
            return
        self.show_text("\n".join([*letter.lines, "", letter.salutation]), problem=False)


__all__ = ["PREVIEW_DELAY", "LetterPreview"]
