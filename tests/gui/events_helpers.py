"""Shared set-up of the registration tab tests: services on a pinned clock, an event in Ulm with
a small capacity, and people to invite (one without any address)."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime
from typing import Any

from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget

from beratung.domain.rules.dates import OFFICE_TIME_ZONE
from beratung.services import Services
from beratung.services.contacts import AffiliationInput, OrganisationInput, PersonInput
from beratung.services.events.snapshots import EventInput, VenueInput

#: The services' clock: 1 October 2017, before the Werkstattgespräch and its deadline.
BEFORE = datetime(2017, 10, 1, 9, 0, tzinfo=UTC)
#: The day after the Werkstattgespräch.
AFTER = datetime(2017, 10, 26, 9, 0, tzinfo=UTC)


def at(services: Services, moment: datetime) -> Services:
    """The same database, with the services' clock at ``moment``."""
    return Services.create(dataclasses.replace(services.context, clock=lambda: moment))


def berlin(year: int, month: int, day: int, hour: int = 10) -> datetime:
    return datetime(year, month, day, hour, tzinfo=OFFICE_TIME_ZONE)


def make_people(services: Services) -> dict[str, int]:
    """Stadt Ulm with four people (Ben has no e-mail) and one person without any address."""
    contacts = services.contacts
    ulm = contacts.create_organisation(
        OrganisationInput(name="Stadt Ulm", street="Marktplatz 1", postcode="89073", town="Ulm")
    ).id
    ids: dict[str, int] = {"ulm": ulm}
    for key, first, last, email in (
        ("anna", "Anna", "Müller", "anna.mueller@ulm.de"),
        ("ben", "Ben", "Becker", None),
        ("cem", "Cem", "Yilmaz", "cem@ulm.de"),
        ("dora", "Dora", "Dietz", "dora@ulm.de"),
    ):
        ids[key] = contacts.create_person(
            PersonInput(last_name=last, first_name=first, email=email),
            affiliation=AffiliationInput(organisation_id=ulm, role="Sozialplanung"),
        ).id
    ids["ohne"] = contacts.create_person(PersonInput(last_name="Ohneanschrift")).id
    return ids


def make_event(services: Services, capacity: int | None = 3, **extra: Any) -> int:
    venue = services.events.create_venue(
        VenueInput(
            name="Stadthaus Ulm",
            street="Münsterplatz 50",
            postcode="89073",
            town="Ulm",
            capacity=120,
        )
    )
    values: dict[str, Any] = {
        "title": "Werkstattgespräch Ulm",
        "starts_at": berlin(2017, 10, 25, 10),
        "ends_at": berlin(2017, 10, 25, 16),
        "venue_id": venue.id,
        "capacity": capacity,
        "registration_deadline": date(2017, 10, 13),
    }
    values.update(extra)
    return services.events.create_event(EventInput(**values)).id


def mnemonics(root: QWidget) -> list[str]:
    """The mnemonic letters of the visible buttons and labels under ``root``."""
    found = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisibleTo(root):
            continue
        if isinstance(widget, QAbstractButton | QLabel):
            text = widget.text()
            position = text.replace("&&", "").find("&")
            if position >= 0:
                found.append(text.replace("&&", "")[position + 1].lower())
    return found


def unnamed_focus_widgets(root: QWidget) -> list[str]:
    """Widgets the Tab key reaches that a screen reader could not name."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import (
        QAbstractItemView,
        QAbstractSpinBox,
        QComboBox,
        QHeaderView,
        QLineEdit,
    )

    missing = []
    for widget in root.findChildren(QWidget):
        if not widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            continue
        parent = widget.parentWidget()
        if isinstance(parent, QAbstractSpinBox | QComboBox):  # their inner line edit
            continue
        grandparent = parent.parentWidget() if parent is not None else None
        if isinstance(grandparent, QComboBox):  # a combo's popup list
            continue
        if isinstance(widget, QHeaderView):
            continue
        if isinstance(widget, QLineEdit) and isinstance(parent, QAbstractItemView):
            continue
        if widget.accessibleName():
            continue
        if isinstance(widget, QAbstractButton) and widget.text().replace("&", ""):
            continue
        missing.append(f"{type(widget).__name__} {widget.objectName()!r}")
    return missing
