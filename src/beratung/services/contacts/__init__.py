"""Organisations, persons, affiliations, distribution lists, duplicates and merging (issue 3).

Every public method of :class:`ContactService` is one transaction and returns frozen snapshots;
the GUI never sees ORM objects and never opens a session.

Conventions of the API (for the GUI and the CLI):

* Saving takes the snapshot's ``version`` back (``expected_version``); when the stored version
  differs a German :class:`~beratung.domain.errors.ConcurrentEditError` is raised and nothing is
  written.
* Bad input raises a German :class:`~beratung.domain.errors.ValidationError` whose ``field`` is
  the name of the input field (``"postcode"``, ``"email"``, ``"last_name"`` …).
* ``changes`` mappings use the field names of :class:`PersonInput` / :class:`OrganisationInput`;
  only the keys present are changed (``None`` or ``""`` clears a field).
* Search: ``ContactFilter.search`` is folded by :func:`beratung.domain.rules.search.query_terms`
  and every term must occur in the record's ``search_text`` (a plain ``LIKE``, the same SQL on
  SQLite and PostgreSQL). ``search_text`` is rebuilt on every write that touches a searched field.

The package, by concern:

* ``snapshots`` — inputs, filters, rows, details and results (frozen dataclasses);
* ``cleaning`` — cleaning and checking typed values, the German field names;
* ``queries`` — filter and sort builders; listing, counting and finding;
* ``persons`` — persons and their roles; ``organisations``; ``lists`` — distribution lists;
* ``duplicates`` — loading candidates for :mod:`beratung.domain.rules.duplicates`;
* ``merge`` — merging two records and undoing it (the foreign-key walker and the undo data);
* ``service`` — :class:`ContactService`, composed of the services above.

Letter addresses are made by :mod:`beratung.services.letters`; ``ContactService.letter_address``
and ``preview_letter`` delegate to it. Import from this package, not from its modules: the
split between them may change.
"""

from __future__ import annotations

from beratung.domain.rules.names import display_name
from beratung.services.contacts.cleaning import FIELD_LABELS
from beratung.services.contacts.duplicates import DuplicateService
from beratung.services.contacts.lists import DistributionListService
from beratung.services.contacts.merge import MergeService
from beratung.services.contacts.organisations import OrganisationService
from beratung.services.contacts.persons import PersonService
from beratung.services.contacts.queries import ContactQueryService
from beratung.services.contacts.service import ContactService
from beratung.services.contacts.snapshots import (
    AffiliationInput,
    AffiliationSnapshot,
    ConsentSnapshot,
    ConsultationRef,
    ContactFilter,
    DistributionListRow,
    DocumentRef,
    DuplicateCandidate,
    FilterOptions,
    ListRef,
    MergeResult,
    OrganisationDetail,
    OrganisationInput,
    OrganisationOrder,
    OrganisationPerson,
    OrganisationRow,
    PersonDetail,
    PersonInput,
    PersonOrder,
    PersonRow,
    UndoResult,
    sort_name,
)
from beratung.services.letters import LetterAddress

# Re-exported as before the split: the import service takes it from here.

__all__ = [
    "FIELD_LABELS",
    "AffiliationInput",
    "AffiliationSnapshot",
    "ConsentSnapshot",
    "ConsultationRef",
    "ContactFilter",
    "ContactQueryService",
    "ContactService",
    "DistributionListRow",
    "DistributionListService",
    "DocumentRef",
    "DuplicateCandidate",
    "DuplicateService",
    "FilterOptions",
    "LetterAddress",
    "ListRef",
    "MergeResult",
    "MergeService",
    "OrganisationDetail",
    "OrganisationInput",
    "OrganisationOrder",
    "OrganisationPerson",
    "OrganisationRow",
    "OrganisationService",
    "PersonDetail",
    "PersonInput",
    "PersonOrder",
    "PersonRow",
    "PersonService",
    "UndoResult",
    "display_name",
    "sort_name",
]
