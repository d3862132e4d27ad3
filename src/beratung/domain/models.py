"""All entities in one namespace; importing it registers every table on ``Base.metadata``."""

from beratung.domain.base import Base
from beratung.domain.contacts import (
    Affiliation,
    DistributionList,
    DistributionListMember,
    MunicipalityDirectoryEntry,
    Organisation,
    Person,
)
from beratung.domain.events import (
    AccessibilityNeed,
    AgendaItem,
    Event,
    Registration,
    RegistrationChange,
    Venue,
)
from beratung.domain.office import (
    Clerk,
    FilePlanNumber,
    OfficeProfile,
    PressNumberCounter,
    PressRelease,
    TextTemplate,
)
from beratung.domain.records import (
    AppMeta,
    AuditEntry,
    Consent,
    IssuedDocument,
    IssuedDocumentRecipient,
)
from beratung.domain.work import (
    Attachment,
    Consultation,
    FollowUp,
    OrganisationTopic,
    Programme,
    ProgrammeApplication,
    Topic,
    consultation_person,
    consultation_topic,
)

__all__ = [
    "AccessibilityNeed",
    "Affiliation",
    "AgendaItem",
    "AppMeta",
    "Attachment",
    "AuditEntry",
    "Base",
    "Clerk",
    "Consent",
    "Consultation",
    "DistributionList",
    "DistributionListMember",
    "Event",
    "FilePlanNumber",
    "FollowUp",
    "IssuedDocument",
    "IssuedDocumentRecipient",
    "MunicipalityDirectoryEntry",
    "OfficeProfile",
    "Organisation",
    "OrganisationTopic",
    "Person",
    "PressNumberCounter",
    "PressRelease",
    "Programme",
    "ProgrammeApplication",
    "Registration",
    "RegistrationChange",
    "TextTemplate",
    "Topic",
    "Venue",
    "consultation_person",
    "consultation_topic",
]
