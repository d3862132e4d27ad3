"""Letters to persons: which address, the DIN 5008 address block, the salutation, the snapshot.

Why a service of its own: the person form shows live how a person will be addressed, and event
invitations print one letter per invitee, addressed through the role (affiliation) the person
is invited in. Both must pick the address the same way, so the choice lives here once:

* a chosen role: the organisation's address, with the role's department;
* no role chosen: the person's current primary role, unless they prefer their private address
  and have one (a town) — then the private address;
* the text of the block and the salutation come from :mod:`beratung.domain.rules.letters`.

Every public method is one read; a German ``ValidationError`` says why a block cannot be made
(no town, more than six lines). The helpers over ORM objects (:func:`letter_affiliation`,
:func:`address_input`) serve services that already hold a session, such as the person detail
of the contacts service.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from sqlalchemy.orm import Session

from beratung.domain.enums import AddressPreference, Anrede
from beratung.domain.errors import NotFoundError, ValidationError
from beratung.domain.models import Affiliation, Clerk, Person
from beratung.domain.printing import (
    AddressBlock,
    InformationBlock,
    LetterForm,
    LetterSnapshot,
    Sender,
    direct_dial,
)
from beratung.domain.rules.affiliations import current_affiliation
from beratung.domain.rules.letters import AddressInput, address_block, return_line, salutation
from beratung.services.base import Service, not_found
from beratung.services.office import load_profile, sender_from_profile


class RecipientValues(Protocol):
    """The person's fields a letter reads: a stored ``Person`` or unsaved, cleaned form values
    (``contacts.PersonInput``)."""

    @property
    def last_name(self) -> str: ...
    @property
    def anrede(self) -> Anrede: ...
    @property
    def title(self) -> str | None: ...
    @property
    def first_name(self) -> str | None: ...
    @property
    def street(self) -> str | None: ...
    @property
    def postcode(self) -> str | None: ...
    @property
    def town(self) -> str | None: ...
    @property
    def country(self) -> str | None: ...
    @property
    def address_preference(self) -> AddressPreference: ...
    @property
    def salutation_override(self) -> str | None: ...


@dataclass(frozen=True, slots=True)
class LetterAddress:
    """The DIN 5008 address block (at most six lines) and the salutation line of a letter."""

    lines: tuple[str, ...]
    salutation: str
    affiliation_id: int | None
    organisation_id: int | None


@dataclass(frozen=True, slots=True)
class LetterRecipient:
    """Who gets one letter of a mailing, and through which role (``None``: the default)."""

    person_id: int
    affiliation_id: int | None = None


@dataclass(frozen=True, slots=True)
class LetterContent:
    """What a letter says apart from its addressee; the same for every letter of a mailing.

    ``clerk_id`` fills the information block (name, direct dial, e-mail) and, unless
    ``signatory_name`` is given, the signature. ``letter_date`` defaults to today.
    """

    subject: str
    body: tuple[str, ...]
    #: The PDF title; the subject when empty.
    title: str | None = None
    letter_date: date | None = None
    clerk_id: int | None = None
    your_reference: str | None = None
    your_message_date: date | None = None
    our_reference: str | None = None
    our_message_date: date | None = None
    signatory_name: str | None = None
    signatory_function: str | None = None
    enclosures: tuple[str, ...] = ()
    #: The Vermerkzone above the address ("Persönlich"), at most three lines.
    endorsements: tuple[str, ...] = ()
    form: LetterForm = "B"


# --------------------------------------------------------------------------------------------
# Choosing the address (helpers inside a caller's session)


def letter_affiliation(
    person: Person, today: date, values: RecipientValues | None = None
) -> Affiliation | None:
    """Which affiliation letters use when none is chosen: the primary current one when the
    person prefers the organisation's address (or has no own town). ``values`` are unsaved
    form values that decide instead of the stored preference and town."""
    aff = current_affiliation(person.affiliations, today)
    if aff is None:
        return None
    source: RecipientValues = values if values is not None else person
    if source.address_preference is AddressPreference.PRIVATE and source.town:
        return None
    return aff


def address_input(person: RecipientValues, affiliation: Affiliation | None) -> AddressInput:
    """The letter rule's input: the organisation's address through ``affiliation``, else the
    person's own."""
    if affiliation is not None:
        org = affiliation.organisation
        return AddressInput(
            last_name=person.last_name,
            anrede=person.anrede,
            title=person.title,
            first_name=person.first_name,
            role=affiliation.role,
            organisation=org.name,
            department=affiliation.department or org.department,
            street=org.street,
            po_box=org.po_box,
            postcode=org.postcode,
            town=org.town,
            country=org.country,
            salutation_override=person.salutation_override,
        )
    return AddressInput(
        last_name=person.last_name,
        anrede=person.anrede,
        title=person.title,
        first_name=person.first_name,
        street=person.street,
        postcode=person.postcode,
        town=person.town,
        country=person.country,
        salutation_override=person.salutation_override,
    )


def _letter_address(recipient: AddressInput, aff: Affiliation | None) -> LetterAddress:
    return LetterAddress(
        lines=address_block(recipient),
        salutation=salutation(recipient),
        affiliation_id=aff.id if aff else None,
        organisation_id=aff.organisation_id if aff else None,
    )


def _person(s: Session, person_id: int) -> Person:
    person = s.get(Person, person_id)
    if person is None:
        raise not_found("Die Person mit der Nummer", person_id)
    return person


def _own_affiliation(s: Session, person: Person, affiliation_id: int) -> Affiliation:
    """The chosen role, which must be one of this person's."""
    aff = s.get(Affiliation, affiliation_id)
    if aff is None or aff.person_id != person.id:
        raise not_found("Die Funktion mit der Nummer", affiliation_id)
    return aff


# --------------------------------------------------------------------------------------------
# Service


class LetterService(Service):
    def address(self, person_id: int, affiliation_id: int | None = None) -> LetterAddress:
        """Address block and salutation; a German ``ValidationError`` when it cannot fit six
        lines or lacks a town. ``affiliation_id`` chooses the organisation to write to."""
        with self.db.read() as s:
            person = _person(s, person_id)
            aff: Affiliation | None
            if affiliation_id is not None:
                aff = _own_affiliation(s, person, affiliation_id)
            else:
                aff = letter_affiliation(person, self.ctx.today())
            return _letter_address(address_input(person, aff), aff)

    def preview(
        self, person_id: int | None, values: RecipientValues, affiliation_id: int | None = None
    ) -> LetterAddress:
        """The address and salutation for unsaved, cleaned form values (the person form's live
        "So im Brief" block): the stored person's affiliations (none for a new person) with the
        typed name, Anrede, own address and preference. A pure read; a German
        ``ValidationError`` when the block cannot fit six lines or lacks a town."""
        with self.db.read() as s:
            aff: Affiliation | None = None
            if person_id is not None:
                person = _person(s, person_id)
                if affiliation_id is not None:
                    aff = _own_affiliation(s, person, affiliation_id)
                else:
                    aff = letter_affiliation(person, self.ctx.today(), values)
            elif affiliation_id is not None:
                raise ValidationError(
                    "Eine neue Person hat noch keine Funktion; bitte zuerst speichern."
                )
            return _letter_address(address_input(values, aff), aff)

    def letter(
        self, person_id: int, content: LetterContent, *, affiliation_id: int | None = None
    ) -> LetterSnapshot:
        """One complete letter to a person, ready for ``documents.letter.render_letter``."""
        [snapshot] = self.letters([LetterRecipient(person_id, affiliation_id)], content)
        return snapshot

    def letters(
        self, recipients: Sequence[LetterRecipient], content: LetterContent
    ) -> list[LetterSnapshot]:
        """One letter per recipient, in the given order, from one consistent read (a mailing
        such as the invitations to an event). The first recipient whose address cannot be
        made stops the whole mailing with a German ``ValidationError`` naming the person, so
        that no half of a mailing goes out."""
        with self.db.read() as s:
            sender = sender_from_profile(load_profile(s))
            clerk = self._clerk(s, content.clerk_id)
            back = return_line(sender.name, sender.street, sender.postcode, sender.town)
            information = self._information(content, sender, clerk)
            out: list[LetterSnapshot] = []
            for recipient in recipients:
                person = _person(s, recipient.person_id)
                aff: Affiliation | None
                if recipient.affiliation_id is not None:
                    aff = _own_affiliation(s, person, recipient.affiliation_id)
                else:
                    aff = letter_affiliation(person, self.ctx.today())
                address = _letter_address(address_input(person, aff), aff)
                out.append(
                    LetterSnapshot(
                        sender=sender,
                        address=AddressBlock(
                            lines=address.lines, endorsements=content.endorsements
                        ),
                        return_line=back,
                        information=information,
                        subject=content.subject,
                        salutation=address.salutation,
                        body=content.body,
                        title=content.title or content.subject,
                        signatory_name=content.signatory_name
                        or (clerk.name if clerk is not None else None),
                        signatory_function=content.signatory_function
                        or (clerk.function if clerk is not None else None),
                        enclosures=content.enclosures,
                        form=content.form,
                    )
                )
            return out

    @staticmethod
    def _clerk(s: Session, clerk_id: int | None) -> Clerk | None:
        if clerk_id is None:
            return None
        clerk = s.get(Clerk, clerk_id)
        if clerk is None:
            raise NotFoundError(
                f"Die Bearbeiterin/den Bearbeiter Nr. {clerk_id} gibt es nicht (mehr)."
            )
        return clerk

    def _information(
        self, content: LetterContent, sender: Sender, clerk: Clerk | None
    ) -> InformationBlock:
        """References and date; with a clerk also who answers questions, and how."""
        return InformationBlock(
            letter_date=content.letter_date or self.ctx.today(),
            your_reference=content.your_reference,
            your_message_date=content.your_message_date,
            our_reference=content.our_reference,
            our_message_date=content.our_message_date,
            name=clerk.name if clerk is not None else None,
            phone=direct_dial(sender.phone, clerk.phone_extension) if clerk is not None else None,
            fax=sender.fax if clerk is not None else None,
            email=clerk.email if clerk is not None else None,
        )


__all__ = [
    "LetterAddress",
    "LetterContent",
    "LetterRecipient",
    "LetterService",
    "RecipientValues",
    "address_input",
    "letter_affiliation",
]
