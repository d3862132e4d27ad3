"""Retention periods (Löschfristen): when stored data is due for deletion or review.

Pure rules over dates, so the "Zur Löschung fällig" view, ``privacy purge-due`` and the record
of processing activities (Art. 30) say the same thing:

* **Needs** (accessibility and dietary needs, health data under Art. 9 GDPR) are deleted
  ``needs_weeks`` after the event's (last) day. A registration may carry an earlier date of its
  own (``delete_after``, fixed when the consent was given); the earlier of both counts, so
  shortening the period applies to data already stored.
* **Contacts** without any activity (consultation, event, document, change) for
  ``contacts_review_years`` are *listed for review*, never deleted by a rule: whether a
  municipality's contact person is still needed is the advisor's judgement.
* **Consultations** older than ``consultations_years`` are anonymised (the persons and the free
  text go, the date, municipality, programme, mode and topics stay for the statistics) or
  deleted, as ``consultations_action`` says (docs/decisions.md).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, timedelta

from beratung.domain.errors import ValidationError


class ConsultationRetention(enum.StrEnum):
    #: Keep the row for the statistics; drop persons, notes and attachments.
    ANONYMISE = "anonymise"
    #: Delete the row (the statistics of those years change).
    DELETE = "delete"


@dataclass(frozen=True, slots=True)
class RetentionSettings:
    """The office's retention periods, with the defaults of a new installation."""

    needs_weeks: int = 4
    contacts_review_years: int = 3
    consultations_years: int = 10
    consultations_action: ConsultationRetention = ConsultationRetention.ANONYMISE

    def validated(self) -> RetentionSettings:
        """These settings, or a German :class:`ValidationError` naming the field."""
        for name, low, high, text in (
            ("needs_weeks", 0, 104, "Bitte eine Zahl von 0 bis 104 Wochen."),
            ("contacts_review_years", 1, 30, "Bitte eine Zahl von 1 bis 30 Jahren."),
            ("consultations_years", 1, 50, "Bitte eine Zahl von 1 bis 50 Jahren."),
        ):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
                raise ValidationError(text, field=name)
        return self


def years_after(day: date, years: int) -> date:
    """The same calendar day ``years`` later; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def needs_due_on(event_day: date, weeks: int, stored: date | None = None) -> date:
    """The day a registration's needs are to be deleted: ``weeks`` after the event, or the
    earlier date stored with them."""
    due = event_day + timedelta(weeks=weeks)
    return min(due, stored) if stored is not None else due


def contact_review_due_on(last_activity: date, years: int) -> date:
    """The day a contact without activity since ``last_activity`` is to be reviewed."""
    return years_after(last_activity, years)


def consultation_due_on(occurred_on: date, years: int) -> date:
    """The day a consultation has been kept long enough."""
    return years_after(occurred_on, years)


def is_due(due_on: date, today: date) -> bool:
    """Due on the day itself: "4 Wochen danach" means the data is gone on that day."""
    return due_on <= today
