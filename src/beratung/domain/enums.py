"""Enumerations of the domain. Values are stable English codes stored in the database; the German
labels the user sees live in ``LABELS`` next to each enum so that the GUI, the CLI and documents
show the same words."""

from __future__ import annotations

import enum


class OrganisationKind(enum.StrEnum):
    MUNICIPALITY = "municipality"
    COUNTY = "county"
    ASSOCIATION = "association"
    MINISTRY = "ministry"
    PRESS = "press"
    OTHER = "other"


class Anrede(enum.StrEnum):
    FRAU = "frau"
    HERR = "herr"
    NONE = "none"


class AddressPreference(enum.StrEnum):
    """Which postal address letters to a person use."""

    ORGANISATION = "organisation"
    PRIVATE = "private"


class PrintVariant(enum.StrEnum):
    """How a person wants letters printed: the layout variant of a serial letter."""

    STANDARD = "standard"
    LARGE = "large"
    EASY = "easy"


class ContactRoute(enum.StrEnum):
    """How a person wants invitations delivered (``None`` on the person: no preference)."""

    POST = "post"
    EMAIL = "email"


class ConsultationMode(enum.StrEnum):
    ON_SITE = "on_site"
    PHONE = "phone"
    VIDEO = "video"
    EMAIL = "email"


class ApplicationStatus(enum.StrEnum):
    ADVISED = "advised"
    APPLIED = "applied"
    FUNDED = "funded"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


class EventKind(enum.StrEnum):
    WORKSHOP = "workshop"  # Werkstattgespräch
    CONFERENCE = "conference"  # Fachtag
    NETWORK_MEETING = "network_meeting"  # Netzwerktreffen
    OTHER = "other"


class EventStatus(enum.StrEnum):
    PLANNED = "planned"
    INVITED = "invited"
    HELD = "held"
    CANCELLED = "cancelled"


class RegistrationStatus(enum.StrEnum):
    INVITED = "invited"
    REGISTERED = "registered"
    DECLINED = "declined"
    WAITLISTED = "waitlisted"
    ATTENDED = "attended"
    NO_SHOW = "no_show"


class NeedKind(enum.StrEnum):
    SIGN_LANGUAGE = "sign_language"
    SPEECH_TO_TEXT = "speech_to_text"
    HEARING_LOOP = "hearing_loop"
    STEP_FREE = "step_free"
    EASY_LANGUAGE = "easy_language"
    WHEELCHAIR_PLACE = "wheelchair_place"
    ASSISTANCE = "assistance"
    GUIDE_DOG = "guide_dog"
    DIET = "diet"
    OTHER = "other"


class PressStatus(enum.StrEnum):
    DRAFT = "draft"
    FINAL = "final"


class ConsentPurpose(enum.StrEnum):
    NEWSLETTER = "newsletter"
    DISTRIBUTION_LIST = "distribution_list"
    PHOTO = "photo"
    HEALTH_DATA = "health_data"
    OTHER = "other"


class ConsentMethod(enum.StrEnum):
    WRITTEN = "written"
    EMAIL = "email"
    VERBAL = "verbal"
    FORM = "form"


class AuditAction(enum.StrEnum):
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    MERGE = "merge"
    IMPORT = "import"
    PRINT = "print"
    EXPORT = "export"
    ERASE = "erase"
    RESTORE = "restore"


_LABEL_LIST: list[tuple[enum.Enum, str]] = [
    (OrganisationKind.MUNICIPALITY, "Kommune"),
    (OrganisationKind.COUNTY, "Landkreis"),
    (OrganisationKind.ASSOCIATION, "Verband/Verein"),
    (OrganisationKind.MINISTRY, "Ministerium/Behörde"),
    (OrganisationKind.PRESS, "Presse"),
    (OrganisationKind.OTHER, "Sonstige"),
    (Anrede.FRAU, "Frau"),
    (Anrede.HERR, "Herr"),
    (Anrede.NONE, "(keine)"),
    (AddressPreference.ORGANISATION, "Dienstanschrift"),
    (AddressPreference.PRIVATE, "eigene Anschrift"),
    (PrintVariant.STANDARD, "Standard"),
    (PrintVariant.LARGE, "Großdruck"),
    (PrintVariant.EASY, "Leichte Sprache"),
    (ContactRoute.POST, "per Post"),
    (ContactRoute.EMAIL, "per E-Mail"),
    (ConsultationMode.ON_SITE, "vor Ort"),
    (ConsultationMode.PHONE, "Telefon"),
    (ConsultationMode.VIDEO, "Video"),
    (ConsultationMode.EMAIL, "E-Mail"),
    (ApplicationStatus.ADVISED, "beraten"),
    (ApplicationStatus.APPLIED, "beworben"),
    (ApplicationStatus.FUNDED, "gefördert"),
    (ApplicationStatus.REJECTED, "abgelehnt"),
    (ApplicationStatus.WITHDRAWN, "zurückgezogen"),
    (EventKind.WORKSHOP, "Werkstattgespräch"),
    (EventKind.CONFERENCE, "Fachtag"),
    (EventKind.NETWORK_MEETING, "Netzwerktreffen"),
    (EventKind.OTHER, "Sonstige"),
    (EventStatus.PLANNED, "geplant"),
    (EventStatus.INVITED, "eingeladen"),
    (EventStatus.HELD, "durchgeführt"),
    (EventStatus.CANCELLED, "abgesagt"),
    (RegistrationStatus.INVITED, "eingeladen"),
    (RegistrationStatus.REGISTERED, "angemeldet"),
    (RegistrationStatus.DECLINED, "abgesagt"),
    (RegistrationStatus.WAITLISTED, "Warteliste"),
    (RegistrationStatus.ATTENDED, "teilgenommen"),
    (RegistrationStatus.NO_SHOW, "nicht erschienen"),
    (NeedKind.SIGN_LANGUAGE, "Gebärdensprachdolmetschung"),
    (NeedKind.SPEECH_TO_TEXT, "Schriftdolmetschung"),
    (NeedKind.HEARING_LOOP, "Induktionsschleife"),
    (NeedKind.STEP_FREE, "stufenloser Zugang"),
    (NeedKind.WHEELCHAIR_PLACE, "Rollstuhlplatz"),
    (NeedKind.EASY_LANGUAGE, "Leichte Sprache"),
    (NeedKind.ASSISTANCE, "Assistenz/Begleitperson"),
    (NeedKind.GUIDE_DOG, "Blindenführhund"),
    (NeedKind.DIET, "Ernährung"),
    (NeedKind.OTHER, "Sonstiges"),
    (PressStatus.DRAFT, "Entwurf"),
    (PressStatus.FINAL, "endgültig"),
    (ConsentPurpose.NEWSLETTER, "Newsletter"),
    (ConsentPurpose.DISTRIBUTION_LIST, "Verteiler"),
    (ConsentPurpose.PHOTO, "Fotos"),
    (ConsentPurpose.HEALTH_DATA, "Gesundheitsdaten (Bedarfe)"),
    (ConsentPurpose.OTHER, "Sonstiges"),
    (ConsentMethod.WRITTEN, "schriftlich"),
    (ConsentMethod.EMAIL, "per E-Mail"),
    (ConsentMethod.VERBAL, "mündlich"),
    (ConsentMethod.FORM, "Anmeldeformular"),
    (AuditAction.CREATE, "angelegt"),
    (AuditAction.UPDATE, "geändert"),
    (AuditAction.DELETE, "gelöscht"),
    (AuditAction.MERGE, "zusammengeführt"),
    (AuditAction.IMPORT, "importiert"),
    (AuditAction.PRINT, "gedruckt"),
    (AuditAction.EXPORT, "exportiert"),
    (AuditAction.ERASE, "anonymisiert"),
    (AuditAction.RESTORE, "wiederhergestellt"),
]


#: Keyed by (enum class, member): StrEnum members compare equal to their string value, so
#: ConsultationMode.EMAIL and ConsentMethod.EMAIL would otherwise overwrite each other.
LABELS: dict[tuple[type[enum.Enum], enum.Enum], str] = {
    (type(member), member): text for member, text in _LABEL_LIST
}


def label(member: enum.Enum) -> str:
    """The German word for an enum member, as shown everywhere in the UI and in documents."""
    return LABELS[(type(member), member)]
