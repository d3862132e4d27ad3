"""Organisation input with a completer over the organisations: type "Ulm", pick "Stadt Ulm"."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

from beratung.services.contacts import ContactFilter

if TYPE_CHECKING:
    from beratung.services import Services


class OrganisationField(QLineEdit):
    """``organisation_id()`` is the chosen organisation (None while the text names none).

    The completer asks ``services.contacts.list_organisations`` for the typed text and offers the
    best matches first (a name with the typed word as a whole word, then names beginning with it).
    """

    organisation_changed = Signal(object)  # int | None

    LIMIT = 15

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self._id: int | None = None
        self._choices: dict[str, int] = {}
        self._names: dict[int, str] = {}
        self._model = QStringListModel(self)
        self._completer = QCompleter(self._model, self)
        self._completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self._completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._completer.setMaxVisibleItems(12)
        self.setCompleter(self._completer)
        self._completer.activated.connect(self.choose_text)
        self.textEdited.connect(self._search)
        self.editingFinished.connect(self._finish)

    # ----------------------------------------------------------------- API
    def organisation_id(self) -> int | None:
        return self._id

    def set_organisation(self, organisation_id: int | None, name: str = "") -> None:
        self._id = organisation_id
        if organisation_id is not None:
            self._names[organisation_id] = name
            self._choices[name] = organisation_id
        self.setText(name if organisation_id is not None else "")
        self.organisation_changed.emit(organisation_id)

    def suggestions(self) -> list[str]:
        return self._model.stringList()

    def choose_text(self, text: str) -> None:
        """Take the suggestion ``text`` (as the completer does on Enter)."""
        organisation_id = self._choices.get(text)
        if organisation_id is None:
            return
        if self.text() != text:
            self.setText(text)
        if organisation_id != self._id:
            self._id = organisation_id
            self.organisation_changed.emit(organisation_id)

    def is_unresolved(self) -> bool:
        """Text typed but no organisation chosen."""
        return bool(self.text().strip()) and self._id is None

    # ----------------------------------------------------------------- internals
    def _search(self, text: str) -> None:
        if self._id is not None and text != self._names.get(self._id):
            self._id = None
            self.organisation_changed.emit(None)
        needle = text.strip()
        if len(needle) < 2:
            self._model.setStringList([])
            return
        rows = self.services.contacts.list_organisations(
            ContactFilter(search=needle), limit=self.LIMIT * 4
        )
        low = needle.casefold()

        def rank(name: str) -> tuple[int, str]:
            words = [w.strip(",.()-") for w in name.casefold().split()]
            if low in words:
                return (0, name)
            if any(w.startswith(low) for w in words):
                return (1, name)
            return (2, name)

        rows.sort(key=lambda r: rank(r.name))
        seen: dict[str, int] = {}
        for row in rows[: self.LIMIT]:
            shown = row.name
            if shown in seen or (shown in self._choices and self._choices[shown] != row.id):
                shown = f"{row.name} ({row.kreis or row.town or row.id})"
            seen[shown] = row.id
            self._names[row.id] = shown
        self._choices.update(seen)
        self._model.setStringList(list(seen))
        exact = [i for name, i in seen.items() if name.casefold() == low]
        if len(exact) == 1:
            self._id = exact[0]
            self.organisation_changed.emit(self._id)

    def _finish(self) -> None:
        if self._id is not None:
            return
        text = self.text().strip()
        if not text:
            return
        if text in self._choices:
            self.choose_text(text)
            return
        # a single suggestion left: take it (the user typed enough to name one organisation)
        suggestions = self._model.stringList()
        if len(suggestions) == 1:
            self.choose_text(suggestions[0])
