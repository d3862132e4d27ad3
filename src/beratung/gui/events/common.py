"""What the planning parts of the Veranstaltungen page share (list, Details, Tagesordnung and
their dialogs): how an event's time and places read, and the
modal questions tests replace (:class:`PlanningDialogs`). The counts' words come from
``registration_common``, so the list and the registration tabs say them alike.

Times are stored in UTC and shown in the office's time zone (``domain/rules/dates.py``);
nothing here formats with the operating system's locale.
"""

from __future__ import annotations

from datetime import datetime, time
from enum import StrEnum

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QLineEdit, QMessageBox, QWidget

from beratung.domain.rules.dates import (
    OFFICE_TIME_ZONE,
    WEEKDAY_NAMES,
    format_date_de,
    format_datetime_de,
    format_time_de,
)
from beratung.services.events.snapshots import StatusCounts, VenueSnapshot


def tr(text: str) -> str:
    return QCoreApplication.translate("Events", text)


def text_width(edit: QLineEdit, sample: str) -> int:
    """A width for a short input (a date, a time) that holds ``sample`` in the edit's own
    font, so it neither clips at 200 % nor stretches across the form."""
    return edit.fontMetrics().horizontalAdvance(sample) + 22


def local(moment: datetime) -> datetime:
    """The moment in the office's time zone."""
    return moment.astimezone(OFFICE_TIME_ZONE)


def clock(moment: time | None) -> str:
    """ "10:00" (an agenda item's time), "" without one."""
    return format_time_de(moment) if moment is not None else ""


def when_text(starts_at: datetime, ends_at: datetime | None) -> str:
    """ "Mi 25.10.2017, 10:00–16:00"; an end on another day: "Mi 25.10.2017, 10:00 – Do
    26.10.2017, 16:00" (compact, for the list and the heading; the form's note says it in full
    with :func:`~beratung.domain.rules.dates.format_span_de`)."""
    start = local(starts_at)
    text = f"{_weekday_short(start)} {format_datetime_de(start)}"
    if ends_at is None:
        return text
    end = local(ends_at)
    if end.date() == start.date():
        return f"{text}\u2013{format_time_de(end)}"
    return f"{text} \u2013 {_weekday_short(end)} {format_datetime_de(end)}"


def day_text(starts_at: datetime, ends_at: datetime | None) -> str:
    """ "Mi 25.10.2017"; over several days "Mi 25.10.2017 – Do 26.10.2017" (the list's date
    column; the times are in its tooltip, :func:`when_text`)."""
    start = local(starts_at)
    text = f"{_weekday_short(start)} {format_date_de(start)}"
    if ends_at is None or local(ends_at).date() == start.date():
        return text
    end = local(ends_at)
    return f"{text} \u2013 {_weekday_short(end)} {format_date_de(end)}"


def answers_text(counts: StatusCounts) -> str:
    """ "52 angemeldet · 5 Warteliste · 6 ohne Antwort"; after the event "25 teilgenommen ·
    2 nicht erschienen": what the list has room for (declines and every zero are in the
    tooltip, :func:`counts_tooltip`)."""
    parts = [
        (counts.registered, tr("{n} angemeldet")),
        (counts.waitlisted, tr("{n} Warteliste")),
        (counts.attended, tr("{n} teilgenommen")),
        (counts.no_show, tr("{n} nicht erschienen")),
        (counts.invited, tr("{n} ohne Antwort")),
    ]
    shown = [text.format(n=number) for number, text in parts if number]
    if shown:
        return " · ".join(shown)
    return tr("{n} abgesagt").format(n=counts.declined) if counts.declined else tr("niemand")


def _weekday_short(moment: datetime) -> str:
    return WEEKDAY_NAMES[moment.weekday()][:2]


def counts_tooltip(counts: StatusCounts) -> str:
    """Every status with its number, zeros included."""
    return tr(
        "eingeladen (ohne Antwort): {invited}\nangemeldet: {registered}\n"
        "Warteliste: {waitlisted}\nteilgenommen: {attended}\n"
        "nicht erschienen: {no_show}\nabgesagt: {declined}"
    ).format(
        invited=counts.invited,
        registered=counts.registered,
        waitlisted=counts.waitlisted,
        attended=counts.attended,
        no_show=counts.no_show,
        declined=counts.declined,
    )


def places_text(taken: int, capacity: int | None) -> str:
    """ "34 von 60", "60 von 60 – ausgebucht", "34 (ohne Grenze)": short enough for the bar in
    the list's column "Plätze" (the tooltip and the screen reader get
    ``registration_common.places_text``, the words the registration tabs use)."""
    if capacity is None:
        return tr("{taken} (ohne Grenze)").format(taken=taken)
    text = tr("{taken} von {capacity}").format(taken=taken, capacity=capacity)
    if taken >= capacity:
        return tr("{text} – ausgebucht").format(text=text)
    return text


def venue_text(venue: VenueSnapshot) -> str:
    """ "Haus der Begegnung, Großer Saal – Ulm" (a venue's line in a choice)."""
    name = ", ".join(p for p in (venue.name, venue.room) if p)
    return f"{name} – {venue.town}" if venue.town else name


def checklist_summary(venue: VenueSnapshot) -> tuple[str, str]:
    """(what is known, what is still open) of the venue's accessibility checklist.

    The second part is "" when every item has been checked; "unbekannt" is never shown as
    "nein"."""
    yes = [item.label for item in venue.checklist if item.value is True]
    no = [item.label for item in venue.checklist if item.value is False]
    parts: list[str] = []
    if yes:
        parts.append(tr("vorhanden: {items}").format(items=", ".join(yes)))
    if no:
        parts.append(tr("nicht vorhanden: {items}").format(items=", ".join(no)))
    known = tr("Barrierefreiheit – {parts}.").format(parts="; ".join(parts)) if parts else ""
    unknown = venue.unknown
    open_text = tr("Noch offen: {items}").format(items=", ".join(unknown)) if unknown else ""
    return known, open_text


class CapacityAnswer(StrEnum):
    """The answers to "fewer places than already given"."""

    RAISE = "raise"
    WAITLIST = "waitlist"
    CANCEL = "cancel"


class PlanningDialogs:
    """The page's modal questions; tests replace these entry points."""

    @classmethod
    def ask(
        cls, parent: QWidget, text: str, informative: str, yes: str, *, warning: bool = False
    ) -> bool:
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Warning if warning else QMessageBox.Icon.Question)
        box.setWindowTitle(tr("Veranstaltungen"))
        box.setText(text)
        box.setInformativeText(informative)
        box.setAccessibleName(text)
        box.setAccessibleDescription(informative)
        accept = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
        cancel = box.addButton(tr("Abbrechen"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(cancel)
        box.setEscapeButton(cancel)
        box.exec()
        return box.clickedButton() is accept

    @classmethod
    def confirm_delete(cls, parent: QWidget, title: str, registrations: int) -> bool:
        """The first question; with registrations it names how many."""
        if registrations:
            return cls.ask(
                parent,
                tr("„{title}“ löschen?").format(title=title),
                tr(
                    "Die Veranstaltung hat {count} Einladung(en) und Anmeldung(en); sie würden "
                    "mit gelöscht. Eine abgesagte Veranstaltung setzen Sie besser auf den "
                    "Status „abgesagt“."
                ).format(count=registrations),
                tr("Weiter …"),
                warning=True,
            )
        return cls.ask(
            parent,
            tr("„{title}“ löschen?").format(title=title),
            tr("Die Veranstaltung und ihre Tagesordnung werden gelöscht."),
            tr("Löschen"),
        )

    @classmethod
    def confirm_delete_registrations(cls, parent: QWidget, title: str, registrations: int) -> bool:
        """The second question, before ``force=True``."""
        return cls.ask(
            parent,
            tr("Wirklich „{title}“ mit {count} Einladung(en) und Anmeldung(en) löschen?").format(
                title=title, count=registrations
            ),
            tr("Das kann nicht rückgängig gemacht werden."),
            tr("Endgültig löschen"),
            warning=True,
        )

    @classmethod
    def capacity_conflict(
        cls, parent: QWidget, message: str, *, taken: int, capacity: int
    ) -> CapacityAnswer:
        """Fewer places than already given: raise them, or the latest to the waiting list."""
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(tr("Veranstaltungen"))
        box.setText(message)
        informative = tr("Wie soll es weitergehen?")
        box.setInformativeText(informative)
        box.setAccessibleName(message)
        box.setAccessibleDescription(informative)
        raise_button = box.addButton(
            tr("Plätze auf {taken} erhöhen").format(taken=taken),
            QMessageBox.ButtonRole.AcceptRole,
        )
        waitlist_button = box.addButton(
            tr("Bei {capacity} bleiben: die zuletzt Angemeldeten auf die Warteliste setzen").format(
                capacity=capacity
            ),
            QMessageBox.ButtonRole.DestructiveRole,
        )
        cancel = box.addButton(tr("Abbrechen"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(raise_button)
        box.setEscapeButton(cancel)
        box.exec()
        clicked = box.clickedButton()
        if clicked is raise_button:
            return CapacityAnswer.RAISE
        if clicked is waitlist_button:
            return CapacityAnswer.WAITLIST
        return CapacityAnswer.CANCEL

    @classmethod
    def calendar_file_name(cls, parent: QWidget, suggested: str) -> str | None:
        name, _filter = QFileDialog.getSaveFileName(
            parent,
            tr("Kalendereintrag speichern"),
            suggested,
            tr("Kalenderdateien (*.ics)"),
        )
        return name or None


__all__ = [
    "CapacityAnswer",
    "PlanningDialogs",
    "answers_text",
    "checklist_summary",
    "counts_tooltip",
    "day_text",
    "local",
    "places_text",
    "text_width",
    "venue_text",
    "when_text",
]
