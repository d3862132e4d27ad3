"""The editor of one press release (Presse page, right-hand side) and the release list model.

The editor only turns widgets into a :class:`~beratung.services.press.PressDraft` and back; the
page decides when to save. Its :class:`~beratung.gui.feedback.FormFeedback` (``feedback``) holds
the fields under the names of the press service's ``ValidationError.field``, so an error is shown
and announced at the field it is about, and tracks whether the draft has unsaved edits.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QDate,
    QDateTime,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTime,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from beratung.domain.enums import PressStatus
from beratung.domain.rules.dates import OFFICE_TIME_ZONE, format_date_de
from beratung.domain.rules.text import clean_text
from beratung.gui.feedback import FormFeedback
from beratung.gui.style import active_theme, relative_font
from beratung.gui.tablemodels import Column, SnapshotTableModel
from beratung.services.press import PressDraft, PressReleaseRow

if TYPE_CHECKING:
    from beratung.services.office import ClerkSnapshot, FilePlanEntry

DATE_FORMAT = "dd.MM.yyyy"
DATE_TIME_FORMAT = "dd.MM.yyyy HH:mm 'Uhr'"
DEFAULT_PLACE = "Stuttgart"

_Index = QModelIndex | QPersistentModelIndex


# --------------------------------------------------------------------------- list model


def _replaced_ids(rows: list[PressReleaseRow]) -> set[int]:
    """The final releases a later *final* revision of their number replaces ("ersetzt"); a
    revision still in draft does not replace them yet."""
    newest: dict[str, int] = {}
    for row in rows:
        if row.status == PressStatus.FINAL and row.number_text:
            newest[row.number_text] = max(newest.get(row.number_text, 0), row.revision)
    return {
        row.id
        for row in rows
        if row.status == PressStatus.FINAL
        and row.number_text
        and row.revision < newest[row.number_text]
    }


def _number_order(row: PressReleaseRow) -> int:
    """Drafts first, then by year and number, newest first when sorted descending."""
    match = row.number_text or ""
    year = row.release_date.year if row.release_date else 0
    try:
        number = int(match.split()[1].split("/")[0]) if match else 10**6
        year = int(match.split("/")[1]) if match else 10**4
    except (IndexError, ValueError):
        number = 0
    return (year * 10**6 + number) * 100 + row.revision


class PressReleaseModel(SnapshotTableModel[PressReleaseRow]):
    """The releases as the service lists them: Nummer, Datum, Überschrift, Bearb., Status."""

    ID_ROLE = Qt.ItemDataRole.UserRole + 3
    YEAR_ROLE = Qt.ItemDataRole.UserRole + 4
    #: Only the headline has a tooltip (a long one is cut off in the list).
    TEXT_TOOLTIPS = False

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__((), parent)
        self._replaced: set[int] = set()
        self.columns = [
            Column(self.tr("Nummer"), self.number_text, _number_order),
            Column(
                self.tr("Datum"),
                lambda r: format_date_de(r.release_date) if r.release_date else "",
                lambda r: r.release_date.toordinal() if r.release_date else 0,
            ),
            Column(self.tr("Überschrift"), lambda r: r.headline, tooltip=lambda r: r.headline),
            Column(
                self.tr("Bearb."),
                lambda r: r.clerk_initials or "",
                header_tooltip=self.tr("Bearbeiter/in"),
            ),
            Column(
                self.tr("Status"), self.status_text, self.status_text, foreground=self.status_colour
            ),
        ]

    def set_rows(self, rows: Sequence[PressReleaseRow]) -> None:
        rows = list(rows)
        replaced = _replaced_ids(rows)
        self.beginResetModel()
        self._rows, self._replaced = rows, replaced
        self.endResetModel()

    def row_of(self, release_id: int) -> int | None:
        for number, item in enumerate(self._rows):
            if item.id == release_id:
                return number
        return None

    def years(self) -> list[int]:
        return sorted(
            {r.release_date.year for r in self._rows if r.release_date is not None}, reverse=True
        )

    def status_text(self, row: PressReleaseRow) -> str:
        if row.status != PressStatus.FINAL:
            return self.tr("Entwurf")
        return self.tr("ersetzt") if row.id in self._replaced else self.tr("endgültig")

    def status_colour(self, row: PressReleaseRow) -> str:
        theme = active_theme()
        if row.status != PressStatus.FINAL:
            return theme.draft_text
        # "ersetzt" is information, not decoration: muted (6.4:1), not the old #7b8794 (3.7:1)
        return theme.muted if row.id in self._replaced else theme.ok_text

    def number_text(self, row: PressReleaseRow) -> str:
        if row.number_text is None:
            return self.tr("Entwurf")
        if row.revision > 1:
            return self.tr("{number} (Fassung {revision})").format(
                number=row.number_text, revision=row.revision
            )
        return row.number_text

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role in (self.ID_ROLE, self.YEAR_ROLE):
            row: PressReleaseRow | None = super().data(index, self.ROW_ROLE)
            if row is None:
                return None
            if role == self.ID_ROLE:
                return row.id
            return row.release_date.year if row.release_date else None
        return super().data(index, role)


class PressFilterModel(QSortFilterProxyModel):
    """Filter by year (of the release date) and by a search text over number and headline."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._year: int | None = None
        self._text = ""
        self.setSortRole(PressReleaseModel.SORT_ROLE)
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

    def set_year(self, year: int | None) -> None:
        self.beginFilterChange()
        self._year = year
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self._text = text.strip().casefold()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        model = self.sourceModel()
        if not isinstance(model, PressReleaseModel):
            return True
        row = model.row_at(source_row)
        if self._year is not None:
            year = row.release_date.year if row.release_date else None
            # drafts without a date stay visible: they have no year yet
            if year is not None and year != self._year:
                return False
        if self._text:
            haystack = " ".join(
                (model.number_text(row), row.headline, row.clerk_initials or "")
            ).casefold()
            return all(word in haystack for word in self._text.split())
        return True


# --------------------------------------------------------------------------- editor


class PressEditor(QWidget):
    """The form of one release; ``feedback.dirty_changed`` tells the page about edits."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pressEditor")
        self._read_only = False
        self._clerks: list[ClerkSnapshot] = []
        self._plan: list[FilePlanEntry] = []

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(10)

        self.error_label = QLabel()
        self.error_label.setObjectName("pressError")
        self.feedback = FormFeedback(self, summary=self.error_label, conflicts=True)
        assert self.feedback.banner is not None
        outer.addWidget(self.feedback.banner)

        self.status_box = QFrame()
        self.status_box.setObjectName("pressStatusBox")
        self.status_box.setProperty("role", "statusBox")
        self.status_box.setProperty("final", False)
        status_layout = QVBoxLayout(self.status_box)
        status_layout.setContentsMargins(12, 8, 12, 8)
        status_layout.setSpacing(2)
        self.status_title = QLabel()
        self.status_title.setObjectName("pressStatusTitle")
        self.status_title.setStyleSheet(f"font-weight: 600; font-size: {relative_font(1.1)};")
        self.status_detail = QLabel()
        self.status_detail.setObjectName("pressStatusDetail")
        self.status_detail.setWordWrap(True)
        self.status_detail.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        status_layout.addWidget(self.status_title)
        status_layout.addWidget(self.status_detail)
        outer.addWidget(self.status_box)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.setHorizontalSpacing(12)
        form.setVerticalSpacing(7)
        self.form = form

        self.headline = QLineEdit()
        self.headline.setObjectName("headline")
        self.headline.setPlaceholderText(self.tr("z. B. 147 Bewerbungen für „Quartier 2020“"))
        self.subline = QLineEdit()
        self.subline.setObjectName("subline")
        self.subline.setPlaceholderText(self.tr("optional"))

        self.body = QPlainTextEdit()
        self.body.setObjectName("body")
        self.body.setTabChangesFocus(True)
        self.body.setPlaceholderText(
            self.tr(
                "Absätze durch eine Leerzeile trennen. Die Datumszeile („Stuttgart.“) wird "
                "beim Drucken vorangestellt."
            )
        )
        self.body.setMinimumHeight(170)
        self.quote_button = QPushButton(self.tr("„…“ &einfügen"))
        self.quote_button.setObjectName("insertQuotes")
        self.quote_button.setToolTip(
            self.tr("Setzt deutsche Anführungszeichen um die Auswahl oder an die Schreibmarke.")
        )
        self.quote_button.setAccessibleName(self.tr("Deutsche Anführungszeichen einfügen"))
        self.quote_button.clicked.connect(self.insert_quotes)
        self.paragraph_hint = QLabel(self.tr("Absätze durch eine Leerzeile trennen."))
        self.paragraph_hint.setProperty("role", "muted")
        body_tools = QHBoxLayout()
        body_tools.setContentsMargins(0, 0, 0, 0)
        body_tools.addWidget(self.paragraph_hint, 1)
        body_tools.addWidget(self.quote_button)
        body_box = QVBoxLayout()
        body_box.setContentsMargins(0, 0, 0, 0)
        body_box.setSpacing(4)
        body_box.addWidget(self.body)
        body_box.addLayout(body_tools)

        self.dateline_place = QLineEdit(DEFAULT_PLACE)
        self.dateline_place.setObjectName("dateline_place")
        self.release_date = QDateEdit()
        self.release_date.setObjectName("release_date")
        self.release_date.setDisplayFormat(DATE_FORMAT)
        self.release_date.setCalendarPopup(True)
        place_date = QHBoxLayout()
        place_date.setContentsMargins(0, 0, 0, 0)
        place_date.addWidget(self.dateline_place, 2)
        self.date_label = QLabel(self.tr("Datu&m:"))
        self.date_label.setBuddy(self.release_date)
        place_date.addWidget(self.date_label)
        place_date.addWidget(self.release_date, 1)

        self.embargo_check = QCheckBox(self.tr("Sperr&frist bis:"))
        self.embargo_check.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        self.embargo_check.setObjectName("embargo_check")
        self.embargo_at = QDateTimeEdit()
        self.embargo_at.setObjectName("embargo_at")
        self.embargo_at.setDisplayFormat(DATE_TIME_FORMAT)
        self.embargo_at.setCalendarPopup(True)
        self.embargo_at.setEnabled(False)
        self.embargo_check.toggled.connect(self.embargo_at.setEnabled)

        self.contact_text = QLineEdit()
        self.contact_text.setObjectName("contact_text")
        self.contact_text.setPlaceholderText(
            self.tr("z. B. Simone Fischer, Fachberatung Inklusion, 0711 22921-48")
        )
        self.clerk = QComboBox()
        self.clerk.setObjectName("clerk_id")
        self.file_plan = QComboBox()
        self.file_plan.setObjectName("file_plan_code")
        for combo in (self.clerk, self.file_plan):
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(18)
        self.more_info = QLineEdit()
        self.more_info.setObjectName("more_info")
        self.more_info.setPlaceholderText(self.tr("z. B. www.staedtetag-bw.de"))

        # (label, what the row shows, the field widget, its accessible name, its field names)
        rows: list[
            tuple[str | None, QWidget | QHBoxLayout | QVBoxLayout, QWidget, str, tuple[str, ...]]
        ] = [
            (
                self.tr("&Überschrift:"),
                self.headline,
                self.headline,
                self.tr("Überschrift"),
                ("headline",),
            ),
            (
                self.tr("&Unterzeile:"),
                self.subline,
                self.subline,
                self.tr("Unterzeile"),
                ("subline",),
            ),
            (
                self.tr("&Text:"),
                body_box,
                self.body,
                self.tr("Text der Presseinformation"),
                ("body",),
            ),
            (
                self.tr("&Ort:"),
                place_date,
                self.dateline_place,
                self.tr("Ort der Datumszeile"),
                ("dateline_place", "release_date"),
            ),
            (None, self.embargo_at, self.embargo_at, self.tr("Sperrfrist"), ("embargo_at",)),
            (
                self.tr("&Kontakt:"),
                self.contact_text,
                self.contact_text,
                self.tr("Kontakt (Ansprechperson)"),
                ("contact_text",),
            ),
            (
                self.tr("Bearbeiter/&in:"),
                self.clerk,
                self.clerk,
                self.tr("Bearbeiter/in"),
                ("clerk_id",),
            ),
            (
                self.tr("Akten&plan:"),
                self.file_plan,
                self.file_plan,
                self.tr("Aktenplanzeichen"),
                ("file_plan_code",),
            ),
            (
                self.tr("&Weitere Infos unter:"),
                self.more_info,
                self.more_info,
                self.tr("Weitere Infos unter"),
                ("more_info",),
            ),
        ]
        #: The widget of each field, under the press service's names.
        self.widgets: dict[str, QWidget] = {
            "headline": self.headline,
            "subline": self.subline,
            "body": self.body,
            "dateline_place": self.dateline_place,
            "release_date": self.release_date,
            "embargo_at": self.embargo_at,
            "contact_text": self.contact_text,
            "clerk_id": self.clerk,
            "file_plan_code": self.file_plan,
            "more_info": self.more_info,
        }
        self.labels: dict[str, QLabel] = {}
        for text, field, buddy, accessible, names in rows:
            buddy.setAccessibleName(accessible)
            if text is None:  # the Sperrfrist: its check box is the label
                form.addRow(self.embargo_check, field)
            else:
                label = QLabel(text)
                label.setBuddy(buddy)
                self.labels[buddy.objectName()] = label
                form.addRow(label, field)
            for name in names:  # the message lines under the row (hidden: no space)
                form.addRow("", self.feedback.register(name, self.widgets[name]).label)
        self.feedback.watch(self.embargo_check)
        self.release_date.setAccessibleName(self.tr("Datum der Presseinformation"))
        self.embargo_check.setAccessibleName(self.tr("Sperrfrist setzen"))
        outer.addLayout(form)
        outer.addWidget(self.error_label)

        order: list[QWidget] = [
            self.headline,
            self.subline,
            self.body,
            self.quote_button,
            self.dateline_place,
            self.release_date,
            self.embargo_check,
            self.embargo_at,
            self.contact_text,
            self.clerk,
            self.file_plan,
            self.more_info,
        ]
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)
        self.first_field = self.headline
        self.last_field = self.more_info

    # ----------------------------------------------------------------- choices

    def set_choices(self, clerks: list[ClerkSnapshot], plan: list[FilePlanEntry]) -> None:
        """Fill the clerk and file-plan combos, keeping the current selection (and any unsaved
        edits: filling the choices is not an edit)."""
        with self.feedback.loading():
            self._clerks, self._plan = clerks, plan
            current_clerk = self.clerk.currentData()
            self.clerk.clear()
            self.clerk.addItem(self.tr("– bitte wählen –"), None)
            for clerk in clerks:
                label = (
                    clerk.label
                    if clerk.data.is_active
                    else self.tr("{label} (nicht mehr aktiv)").format(label=clerk.label)
                )
                self.clerk.addItem(label, clerk.id)
            self._select(self.clerk, current_clerk)
            current_plan = self.file_plan.currentData()
            self.file_plan.clear()
            self.file_plan.addItem(self.tr("– bitte wählen –"), None)
            for entry in plan:
                self.file_plan.addItem(f"{entry.code} – {entry.description}", entry.code)
            self._select(self.file_plan, current_plan)

    def default_plan_code(self) -> str | None:
        for entry in self._plan:
            if entry.is_default_for_press:
                return entry.code
        return self._plan[0].code if len(self._plan) == 1 else None

    @staticmethod
    def _select(combo: QComboBox, value: object) -> None:
        index = combo.findData(value) if value is not None else 0
        if index < 0 and value is not None:
            combo.addItem(str(value), value)  # a value no longer in the list stays visible
            index = combo.count() - 1
        combo.setCurrentIndex(max(0, index))

    # ----------------------------------------------------------------- load / read

    def load_new(self, today: date, clerk_id: int | None = None) -> None:
        self.load_draft(
            PressDraft(
                headline="",
                body="",
                dateline_place=DEFAULT_PLACE,
                release_date=today,
                clerk_id=clerk_id,
                file_plan_code=self.default_plan_code(),
            ),
            today,
        )

    def load_draft(self, draft: PressDraft, today: date | None = None) -> None:
        """Show ``draft`` as the stored state: no errors, no banner, nothing unsaved."""
        with self.feedback.loading():
            self.headline.setText(draft.headline)
            self.subline.setText(draft.subline or "")
            self.body.setPlainText(draft.body)
            self.dateline_place.setText(draft.dateline_place or "")
            day = draft.release_date or today or date.today()
            self.release_date.setDate(QDate(day.year, day.month, day.day))
            if draft.embargo_at is not None:
                local = (
                    draft.embargo_at.astimezone(OFFICE_TIME_ZONE)
                    if draft.embargo_at.tzinfo
                    else draft.embargo_at
                )
                self.embargo_at.setDateTime(
                    QDateTime(
                        QDate(local.year, local.month, local.day),
                        QTime(local.hour, local.minute),
                    )
                )
                self.embargo_check.setChecked(True)
            else:
                self.embargo_at.setDateTime(
                    QDateTime(QDate(day.year, day.month, day.day), QTime(10, 0))
                )
                self.embargo_check.setChecked(False)
            self.embargo_at.setEnabled(self.embargo_check.isChecked() and not self._read_only)
            self.contact_text.setText(draft.contact_text or "")
            self.more_info.setText(draft.more_info or "")
            self._select(self.clerk, draft.clerk_id)
            self._select(self.file_plan, draft.file_plan_code)
            for edit in (
                self.headline,
                self.subline,
                self.dateline_place,
                self.contact_text,
                self.more_info,
            ):
                edit.setCursorPosition(0)
        self.feedback.reset()

    def draft(self) -> PressDraft:
        """The form as a draft; the Sperrfrist as an aware datetime in Europe/Berlin."""
        qdate = self.release_date.date()
        embargo: datetime | None = None
        if self.embargo_check.isChecked():
            value = self.embargo_at.dateTime()
            d, t = value.date(), value.time()
            embargo = datetime.combine(
                date(d.year(), d.month(), d.day()),
                time(t.hour(), t.minute()),
                tzinfo=OFFICE_TIME_ZONE,
            )
        return PressDraft(
            headline=self.headline.text(),
            body=self.body.toPlainText(),
            dateline_place=clean_text(self.dateline_place.text()),
            subline=clean_text(self.subline.text()),
            release_date=date(qdate.year(), qdate.month(), qdate.day()),
            embargo_at=embargo,
            more_info=clean_text(self.more_info.text()),
            contact_text=clean_text(self.contact_text.text()),
            clerk_id=self.clerk.currentData(),
            file_plan_code=self.file_plan.currentData(),
        )

    # ----------------------------------------------------------------- state

    def set_status(self, title: str, detail: str, *, final: bool) -> None:
        self.status_title.setText(title)
        self.status_detail.setText(detail)
        self.status_detail.setVisible(bool(detail))
        self.status_box.setAccessibleName(f"{title}. {detail}" if detail else title)
        if bool(self.status_box.property("final")) != final:
            self.status_box.setProperty("final", final)
            self.status_box.style().unpolish(self.status_box)
            self.status_box.style().polish(self.status_box)

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        for edit in (
            self.headline,
            self.subline,
            self.dateline_place,
            self.contact_text,
            self.more_info,
        ):
            edit.setReadOnly(read_only)
        self.body.setReadOnly(read_only)
        for widget in (
            self.headline,
            self.subline,
            self.dateline_place,
            self.contact_text,
            self.more_info,
            self.body,
        ):
            widget.style().unpolish(widget)  # the style sheet greys read-only fields
            widget.style().polish(widget)
        self.release_date.setReadOnly(read_only)
        self.embargo_at.setReadOnly(read_only)
        self.embargo_at.setEnabled(self.embargo_check.isChecked())
        for control in (self.embargo_check, self.clerk, self.file_plan, self.quote_button):
            control.setEnabled(not read_only)

    def is_read_only(self) -> bool:
        return self._read_only

    # ----------------------------------------------------------------- helpers

    def insert_quotes(self) -> None:
        """„…“ around the selection, or an empty pair with the cursor between."""
        if self._read_only:
            return
        cursor = self.body.textCursor()
        selected = cursor.selectedText().replace("\u2029", "\n")
        cursor.insertText(f"„{selected}“")
        if not selected:
            cursor.movePosition(cursor.MoveOperation.Left)
            self.body.setTextCursor(cursor)
        self.body.setFocus()
