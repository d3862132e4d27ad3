"""The contacts service as the GUI and the CLI use it: one object composed of the parts.

Each base class is a complete service of its own over the same context (a code path that needs
only one part can build just that one); they share no state and call each other only through
the module functions of their modules, so the order of the bases does not matter.
"""

from __future__ import annotations

from beratung.services.contacts.duplicates import DuplicateService
from beratung.services.contacts.lists import DistributionListService
from beratung.services.contacts.merge import MergeService
from beratung.services.contacts.organisations import OrganisationService
from beratung.services.contacts.persons import PersonService
from beratung.services.contacts.queries import ContactQueryService


class ContactService(
    ContactQueryService,
    PersonService,
    OrganisationService,
    DistributionListService,
    DuplicateService,
    MergeService,
):
    """Organisations, persons, roles, distribution lists, duplicates and merging (issue 3)."""
