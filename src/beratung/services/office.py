"""The office profile (sender of every document), clerks, file plan and letter text templates."""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from beratung.domain.enums import AuditAction
from beratung.domain.errors import NotFoundError, ValidationError
from beratung.domain.office import Clerk, FilePlanNumber, OfficeProfile, TextTemplate
from beratung.domain.printing import ClerkInfo, Sender
from beratung.domain.rules.text import clean_text
from beratung.services.base import Service, check_version, diff

PROFILE_ID = 1

#: Image formats ReportLab places directly. SVG logos are rasterised by the GUI on upload.
LOGO_SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
}
MAX_LOGO_BYTES = 2_000_000


@dataclass(frozen=True, slots=True)
class OfficeProfileData:
    """The editable fields of the office profile (form ↔ service)."""

    name: str
    unit: str | None = None
    function_line: str | None = None
    street: str | None = None
    postcode: str | None = None
    town: str | None = None
    phone: str | None = None
    fax: str | None = None
    email: str | None = None
    website: str | None = None
    footer_lines: str | None = None
    press_info_url: str | None = None


@dataclass(frozen=True, slots=True)
class OfficeProfileSnapshot:
    data: OfficeProfileData
    has_logo: bool
    logo_mime: str | None
    version: int


@dataclass(frozen=True, slots=True)
class ClerkData:
    name: str
    initials: str
    function: str | None = None
    phone_extension: str | None = None
    email: str | None = None
    is_signatory: bool = False
    is_active: bool = True


@dataclass(frozen=True, slots=True)
class ClerkSnapshot:
    id: int
    data: ClerkData
    version: int

    @property
    def label(self) -> str:
        return f"{self.data.name} ({self.data.initials})"


@dataclass(frozen=True, slots=True)
class FilePlanEntry:
    id: int
    code: str
    description: str
    is_default_for_press: bool


BUILT_IN_ID = 0
"""The ``id`` of a built-in template that is not stored yet (saving it creates it)."""


@dataclass(frozen=True, slots=True)
class TemplateSnapshot:
    id: int
    key: str
    title: str
    subject: str | None
    body: str
    version: int


def _validate_profile(data: OfficeProfileData) -> OfficeProfileData:
    if not (data.name or "").strip():
        raise ValidationError("Der Name des Absenders fehlt.", field="name")
    if data.postcode and not re.fullmatch(r"\d{5}", data.postcode.strip()):
        raise ValidationError(
            f"Die Postleitzahl „{data.postcode}“ hat nicht genau 5 Ziffern.", field="postcode"
        )
    if data.email and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", data.email.strip()):
        raise ValidationError(f"„{data.email}“ ist keine E-Mail-Adresse.", field="email")
    cleaned: dict[str, Any] = {f.name: clean_text(getattr(data, f.name)) for f in fields(data)}
    cleaned["name"] = data.name.strip()
    return OfficeProfileData(**cleaned)


def _validate_clerk(data: ClerkData) -> ClerkData:
    if not data.name.strip():
        raise ValidationError("Der Name der Bearbeiterin/des Bearbeiters fehlt.", field="name")
    initials = data.initials.strip()
    if not re.fullmatch(r"[A-Za-zÄÖÜäöüß]{1,6}", initials):
        raise ValidationError(
            f"Das Kürzel „{data.initials}“ muss aus 1 bis 6 Buchstaben bestehen (z. B. Co).",
            field="initials",
        )
    if data.phone_extension and not re.fullmatch(r"\d{1,6}", data.phone_extension.strip()):
        raise ValidationError(
            f"Die Durchwahl „{data.phone_extension}“ darf nur Ziffern enthalten (z. B. 48).",
            field="phone_extension",
        )
    return ClerkData(
        name=data.name.strip(),
        initials=initials,
        function=clean_text(data.function),
        phone_extension=clean_text(data.phone_extension),
        email=clean_text(data.email),
        is_signatory=data.is_signatory,
        is_active=data.is_active,
    )


def sniff_logo(data: bytes, filename: str = "") -> str:
    """The MIME type of a logo file, or a German error saying what is accepted."""
    if not data:
        raise ValidationError(f"Die Logodatei {filename} ist leer.", field="logo")
    if len(data) > MAX_LOGO_BYTES:
        raise ValidationError(
            f"Die Logodatei {filename} ist größer als 2 MB; bitte eine kleinere Datei wählen.",
            field="logo",
        )
    for mime, signatures in LOGO_SIGNATURES.items():
        if any(data.startswith(sig) for sig in signatures):
            return mime
    raise ValidationError(
        f"Die Datei {filename} ist kein Bild im PNG- oder JPEG-Format.",
        field="logo",
        hint="SVG-Logos wandelt die Programmoberfläche beim Einlesen um.",
    )


def clerk_info(clerk: Clerk) -> ClerkInfo:
    return ClerkInfo(
        name=clerk.name,
        initials=clerk.initials,
        function=clerk.function,
        phone_extension=clerk.phone_extension,
        email=clerk.email,
    )


def sender_from_profile(profile: OfficeProfile) -> Sender:
    footer = tuple(
        line.strip() for line in (profile.footer_lines or "").splitlines() if line.strip()
    )
    return Sender(
        name=profile.name,
        unit=profile.unit,
        function_line=profile.function_line,
        street=profile.street,
        postcode=profile.postcode,
        town=profile.town,
        phone=profile.phone,
        fax=profile.fax,
        email=profile.email,
        website=profile.website,
        logo=profile.logo,
        logo_mime=profile.logo_mime,
        footer_lines=footer,
    )


def load_profile(session: Session) -> OfficeProfile:
    profile = session.get(OfficeProfile, PROFILE_ID)
    if profile is None:
        raise ValidationError(
            "Es ist noch kein Absender hinterlegt.",
            field="office_profile",
            hint="Bitte tragen Sie ihn unter Einstellungen → Absender ein.",
        )
    return profile


def office_signatory(session: Session, fallback: Clerk | None = None) -> Clerk | None:
    """Who signs the office's letters: the first active clerk marked "unterschreibt" (Einstellungen
    → Sachbearbeitung), else ``fallback`` (an event's clerk) — one rule for invitations and
    certificates alike."""
    signatory = session.scalars(
        select(Clerk)
        .where(Clerk.is_signatory.is_(True), Clerk.is_active.is_(True))
        .order_by(Clerk.id)
    ).first()
    return signatory or fallback


class OfficeService(Service):
    # --- profile -------------------------------------------------------------------------

    def get_profile(self) -> OfficeProfileSnapshot | None:
        with self.db.read() as s:
            profile = s.get(OfficeProfile, PROFILE_ID)
            return None if profile is None else self._profile_snapshot(profile)

    def save_profile(
        self, data: OfficeProfileData, *, expected_version: int | None
    ) -> OfficeProfileSnapshot:
        """Create or change the one office profile (the sender of every document): there is
        exactly one, and the form shows it whether or not it is stored yet, so saving is an
        honest upsert (decision 18); ``expected_version`` is checked once it exists."""
        data = _validate_profile(data)
        with self.db.transaction() as s:
            profile = s.get(OfficeProfile, PROFILE_ID)
            if profile is None:
                profile = OfficeProfile(id=PROFILE_ID, **_as_dict(data))
                s.add(profile)
                s.flush()
                self.audit(s, AuditAction.CREATE, "office_profile", PROFILE_ID, "Absender angelegt")
            else:
                check_version(profile.version, expected_version, "Der Absender")
                before = {k: getattr(profile, k) for k in _as_dict(data)}
                for key, value in _as_dict(data).items():
                    setattr(profile, key, value)
                s.flush()
                self.audit(
                    s,
                    AuditAction.UPDATE,
                    "office_profile",
                    PROFILE_ID,
                    "Absender geändert",
                    diff(before, _as_dict(data)),
                )
            return self._profile_snapshot(profile)

    def set_event_rules(
        self, *, assistants_take_places: bool, needs_retention_weeks: int
    ) -> None:
        """The office's rules for events: whether personal assistants take a place of an
        event's capacity, and how many weeks after an event its participants' accessibility
        needs are kept (health data: as short as the planning allows; 0–104)."""
        if not 0 <= needs_retention_weeks <= 104:
            raise ValidationError(
                "Bitte eine Zahl von 0 bis 104 Wochen.", field="needs_retention_weeks"
            )
        with self.db.transaction() as s:
            profile = load_profile(s)
            before = {
                "assistants_take_places": profile.assistants_take_places,
                "needs_retention_weeks": profile.needs_retention_weeks,
            }
            after = {
                "assistants_take_places": assistants_take_places,
                "needs_retention_weeks": needs_retention_weeks,
            }
            changed = diff(before, after)
            if not changed:
                return
            profile.assistants_take_places = assistants_take_places
            profile.needs_retention_weeks = needs_retention_weeks
            s.flush()
            self.audit(
                s,
                AuditAction.UPDATE,
                "office_profile",
                PROFILE_ID,
                "Regeln für Veranstaltungen geändert",
                changed,
            )

    def set_logo(self, data: bytes | None, filename: str = "") -> OfficeProfileSnapshot:
        mime = sniff_logo(data, filename) if data is not None else None
        with self.db.transaction() as s:
            profile = load_profile(s)
            profile.logo = data
            profile.logo_mime = mime
            s.flush()
            summary = "Logo entfernt" if data is None else f"Logo gesetzt ({filename or mime})"
            self.audit(s, AuditAction.UPDATE, "office_profile", PROFILE_ID, summary)
            return self._profile_snapshot(profile)

    def logo(self) -> tuple[bytes, str] | None:
        with self.db.read() as s:
            profile = s.get(OfficeProfile, PROFILE_ID)
            if profile is None or profile.logo is None or profile.logo_mime is None:
                return None
            return profile.logo, profile.logo_mime

    def sender(self) -> Sender:
        """The sender block every renderer takes, as it is now."""
        with self.db.read() as s:
            return sender_from_profile(load_profile(s))

    @staticmethod
    def _profile_snapshot(profile: OfficeProfile) -> OfficeProfileSnapshot:
        data = OfficeProfileData(
            **{f.name: getattr(profile, f.name) for f in fields(OfficeProfileData)}
        )
        return OfficeProfileSnapshot(
            data=data,
            has_logo=profile.logo is not None,
            logo_mime=profile.logo_mime,
            version=profile.version,
        )

    # --- clerks --------------------------------------------------------------------------

    def list_clerks(self, *, active_only: bool = False) -> list[ClerkSnapshot]:
        with self.db.read() as s:
            stmt = select(Clerk).order_by(Clerk.name)
            if active_only:
                stmt = stmt.where(Clerk.is_active.is_(True))
            return [self._clerk_snapshot(c) for c in s.scalars(stmt)]

    def create_clerk(self, data: ClerkData) -> ClerkSnapshot:
        data = _validate_clerk(data)
        with self.db.transaction() as s:
            _check_initials_free(s, data, None)
            clerk = Clerk(**_as_dict(data))
            s.add(clerk)
            s.flush()
            self.audit(s, AuditAction.CREATE, "clerk", clerk.id, f"Bearbeiter/in {clerk.name}")
            return self._clerk_snapshot(clerk)

    def update_clerk(
        self, clerk_id: int, data: ClerkData, *, expected_version: int | None = None
    ) -> ClerkSnapshot:
        data = _validate_clerk(data)
        with self.db.transaction() as s:
            _check_initials_free(s, data, clerk_id)
            found = s.get(Clerk, clerk_id)
            if found is None:
                raise NotFoundError("Diese Bearbeiterin/diesen Bearbeiter gibt es nicht mehr.")
            clerk = found
            check_version(clerk.version, expected_version, "Die Bearbeiterin/der Bearbeiter")
            before = {k: getattr(clerk, k) for k in _as_dict(data)}
            for key, value in _as_dict(data).items():
                setattr(clerk, key, value)
            s.flush()
            self.audit(
                s,
                AuditAction.UPDATE,
                "clerk",
                clerk.id,
                f"Bearbeiter/in {clerk.name}",
                diff(before, _as_dict(data)),
            )
            return self._clerk_snapshot(clerk)

    @staticmethod
    def _clerk_snapshot(clerk: Clerk) -> ClerkSnapshot:
        data = ClerkData(**{f.name: getattr(clerk, f.name) for f in fields(ClerkData)})
        return ClerkSnapshot(id=clerk.id, data=data, version=clerk.version)

    # --- file plan -----------------------------------------------------------------------

    def list_file_plan(self) -> list[FilePlanEntry]:
        with self.db.read() as s:
            return [
                FilePlanEntry(e.id, e.code, e.description, e.is_default_for_press)
                for e in s.scalars(select(FilePlanNumber).order_by(FilePlanNumber.code))
            ]

    def save_file_plan_entry(
        self, code: str, description: str, *, default_for_press: bool = False
    ) -> FilePlanEntry:
        """Create or change the entry with this code: the code is the entry's key, and the
        form has one row for both (typing a known code edits that entry), so saving is an
        upsert (decision 18)."""
        code = code.strip()
        if not re.fullmatch(r"\d{3}(\.\d{1,3})*", code):
            raise ValidationError(
                f"„{code}“ ist kein Aktenplanzeichen (erwartet z. B. 047.43).", field="code"
            )
        if not description.strip():
            raise ValidationError(
                "Die Beschreibung des Aktenplanzeichens fehlt.", field="description"
            )
        with self.db.transaction() as s:
            entry = s.scalars(select(FilePlanNumber).where(FilePlanNumber.code == code)).first()
            if default_for_press:
                for other in s.scalars(select(FilePlanNumber)):
                    other.is_default_for_press = False
            if entry is None:
                entry = FilePlanNumber(code=code, description=description.strip())
                s.add(entry)
            entry.description = description.strip()
            entry.is_default_for_press = default_for_press
            s.flush()
            self.audit(s, AuditAction.UPDATE, "file_plan_number", entry.id, f"Aktenplan {code}")
            return FilePlanEntry(
                entry.id, entry.code, entry.description, entry.is_default_for_press
            )

    # --- text templates ------------------------------------------------------------------

    def list_templates(self, *, built_in: bool = False) -> list[TemplateSnapshot]:
        """The stored templates by title; ``built_in``: also the invitation texts the office
        has not saved yet, with their built-in text (``id`` 0, see :data:`BUILT_IN_ID`), so
        Einstellungen → Vorlagen shows every text an invitation uses and saving one stores it."""
        with self.db.read() as s:
            stored = [
                self._template_snapshot(t)
                for t in s.scalars(select(TextTemplate).order_by(TextTemplate.title))
            ]
        if not built_in:
            return stored
        # Imported here: the invitation texts' module belongs to the events services, which
        # import this module.
        from beratung.services.events.invitation_texts import TEMPLATE_TITLES, TEMPLATES

        keys = {template.key for template in stored}
        defaults = [
            TemplateSnapshot(id=BUILT_IN_ID, key=key, title=TEMPLATE_TITLES[kind],
                             subject=subject, body=body, version=0)
            for kind, (key, subject, body) in TEMPLATES.items() if key not in keys
        ]
        return sorted(stored + defaults, key=lambda template: template.title.casefold())

    def get_template(self, key: str) -> TemplateSnapshot:
        with self.db.read() as s:
            template = s.scalars(select(TextTemplate).where(TextTemplate.key == key)).first()
            if template is None:
                raise NotFoundError(f"Die Textvorlage „{key}“ gibt es nicht.")
            return self._template_snapshot(template)

    def create_template(
        self, key: str, title: str, body: str, *, subject: str | None = None
    ) -> TemplateSnapshot:
        """A new template; a key that is taken is refused (``field="key"``), never overwritten."""
        _validate_template(key, title, body, subject)
        with self.db.transaction() as s:
            if s.scalars(select(TextTemplate).where(TextTemplate.key == key)).first() is not None:
                raise ValidationError(
                    f"Eine Textvorlage mit dem Schlüssel „{key}“ gibt es schon.", field="key"
                )
            template = TextTemplate(key=key, title=title.strip(), subject=subject, body=body)
            s.add(template)
            s.flush()
            self.audit(s, AuditAction.CREATE, "text_template", template.id, f"Vorlage {title}")
            return self._template_snapshot(template)

    def update_template(
        self,
        key: str,
        title: str,
        body: str,
        *,
        subject: str | None = None,
        expected_version: int | None = None,
    ) -> TemplateSnapshot:
        """Change the template with this key (the key itself stays)."""
        _validate_template(key, title, body, subject)
        with self.db.transaction() as s:
            template = s.scalars(select(TextTemplate).where(TextTemplate.key == key)).first()
            if template is None:
                raise NotFoundError(f"Die Textvorlage „{key}“ gibt es nicht.")
            check_version(template.version, expected_version, "Die Vorlage")
            template.title = title.strip()
            template.subject = subject
            template.body = body
            s.flush()
            self.audit(s, AuditAction.UPDATE, "text_template", template.id, f"Vorlage {title}")
            return self._template_snapshot(template)

    @staticmethod
    def _template_snapshot(t: TextTemplate) -> TemplateSnapshot:
        return TemplateSnapshot(t.id, t.key, t.title, t.subject, t.body, t.version)


def _check_initials_free(s: Session, data: ClerkData, clerk_id: int | None) -> None:
    """Initials name a clerk on printed documents, so two clerks never share them."""
    clash = s.scalars(
        select(Clerk).where(Clerk.initials == data.initials, Clerk.id != (clerk_id or -1))
    ).first()
    if clash is not None:
        raise ValidationError(
            f"Das Kürzel „{data.initials}“ hat bereits {clash.name}.", field="initials"
        )


def _validate_template(key: str, title: str, body: str, subject: str | None) -> None:
    """Unknown placeholders are refused here, when editing, not in 200 printed letters."""
    from beratung.domain.rules.templates import check_template

    if not re.fullmatch(r"[a-z][a-z0-9_]{1,79}", key):
        raise ValidationError(
            f"Der Schlüssel „{key}“ darf nur Kleinbuchstaben, Ziffern und _ enthalten.",
            field="key",
        )
    if not title.strip():
        raise ValidationError("Der Titel der Vorlage fehlt.", field="title")
    if not body.strip():
        raise ValidationError("Der Text der Vorlage ist leer.", field="body")
    check_template(body, field="body")
    if subject:
        check_template(subject, field="subject")


def _as_dict(data: Any) -> dict[str, Any]:
    return {f.name: getattr(data, f.name) for f in fields(data)}
