"""Press releases: drafts, numbering per year, the Aktenzeichen, freezing and new versions.

A release becomes *final* in one transaction that takes the next number of its year from
``press_number_counter`` with an ``UPDATE … RETURNING``: concurrent finalisations (PostgreSQL)
queue on the counter row and get consecutive numbers, and a failed finalisation rolls the counter
back, so numbers are never reused or skipped. The final text and the sender/clerk data as they were
that day are frozen into ``frozen_snapshot``; reprints come from it and are identical. A change to
a final release is a new *revision* with the same number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from beratung.domain.enums import AuditAction, PressStatus
from beratung.domain.errors import NotFoundError, ValidationError
from beratung.domain.office import Clerk, PressNumberCounter, PressRelease
from beratung.domain.printing import PressReleaseSnapshot
from beratung.domain.rules.press import file_reference, format_press_number, parse_press_number
from beratung.domain.rules.text import clean_line, clean_text
from beratung.services.base import Service, check_version
from beratung.services.limits import check_limits
from beratung.services.office import clerk_info, load_profile, sender_from_profile

HEADLINE_MAX_CHARS = 400


@dataclass(frozen=True, slots=True)
class PressDraft:
    """What the editor edits."""

    headline: str
    body: str
    dateline_place: str | None = "Stuttgart"
    subline: str | None = None
    release_date: date | None = None
    embargo_at: datetime | None = None
    more_info: str | None = None
    contact_text: str | None = None
    clerk_id: int | None = None
    file_plan_code: str | None = None


@dataclass(frozen=True, slots=True)
class PressReleaseRow:
    id: int
    status: PressStatus
    number_text: str | None
    revision: int
    release_date: date | None
    headline: str
    clerk_initials: str | None
    is_current: bool
    year: int | None = None
    #: A newer *final* revision exists (a draft of a new revision does not replace anything yet).
    replaced_by_final: bool = False

    @property
    def label(self) -> str:
        if self.number_text is None:
            return "Entwurf"
        return self.number_text + (f" (Fassung {self.revision})" if self.revision > 1 else "")


@dataclass(frozen=True, slots=True)
class PressReleaseDetail:
    id: int
    status: PressStatus
    draft: PressDraft
    year: int | None
    number: int | None
    number_text: str | None
    revision: int
    file_reference: str | None
    supersedes_id: int | None
    superseded_by_id: int | None
    finalised_at: datetime | None
    version: int

    @property
    def is_final(self) -> bool:
        return self.status == PressStatus.FINAL


def paragraphs(body: str) -> tuple[str, ...]:
    """Paragraphs are separated by blank lines; single line breaks inside one are joined."""
    parts = re.split(r"\n\s*\n", body.replace("\r\n", "\n").strip())
    return tuple(
        " ".join(line.strip() for line in p.splitlines() if line.strip())
        for p in parts
        if p.strip()
    )


def _validate(draft: PressDraft, *, for_final: bool) -> None:
    headline = clean_line(draft.headline) or ""
    if not headline:
        raise ValidationError("Die Überschrift fehlt.", field="headline")
    if len(headline) > HEADLINE_MAX_CHARS:
        raise ValidationError(
            f"Die Überschrift ist {len(headline)} Zeichen lang; höchstens "
            f"{HEADLINE_MAX_CHARS} sind möglich.",
            field="headline",
        )
    press_values(draft)
    if draft.embargo_at is not None and draft.embargo_at.tzinfo is None:
        raise ValidationError("Die Sperrfrist braucht Datum und Uhrzeit.", field="embargo_at")
    if not for_final:
        return
    if not paragraphs(draft.body):
        raise ValidationError("Der Text der Presseinformation ist leer.", field="body")
    if draft.clerk_id is None:
        raise ValidationError(
            "Bitte wählen Sie die Bearbeiterin/den Bearbeiter aus.", field="clerk_id"
        )
    if not (draft.file_plan_code or "").strip():
        raise ValidationError("Das Aktenplanzeichen fehlt (z. B. 047.43).", field="file_plan_code")
    if not (draft.dateline_place or "").strip():
        raise ValidationError(
            "Der Ort der Datumszeile fehlt (z. B. Stuttgart).", field="dateline_place"
        )
    if draft.release_date is None:
        raise ValidationError("Das Datum der Presseinformation fehlt.", field="release_date")


class PressService(Service):
    # --- reading -------------------------------------------------------------------------

    def list_releases(self, *, year: int | None = None) -> list[PressReleaseRow]:
        with self.db.read() as s:
            stmt = select(PressRelease).order_by(
                PressRelease.year.desc().nulls_first(),
                PressRelease.number.desc().nulls_first(),
                PressRelease.revision.desc(),
                PressRelease.id.desc(),
            )
            if year is not None:
                stmt = stmt.where(PressRelease.year == year)
            releases = list(s.scalars(stmt))
            superseded = {r.supersedes_id for r in releases if r.supersedes_id is not None}
            replaced = {
                r.supersedes_id
                for r in releases
                if r.supersedes_id is not None and r.status == PressStatus.FINAL
            }
            clerks = {c.id: c.initials for c in s.scalars(select(Clerk))}
            return [
                PressReleaseRow(
                    id=r.id,
                    status=r.status,
                    number_text=_number_text(r),
                    revision=r.revision,
                    release_date=r.release_date,
                    headline=r.headline,
                    clerk_initials=clerks.get(r.clerk_id) if r.clerk_id else None,
                    is_current=r.id not in superseded,
                    year=r.year or (r.release_date.year if r.release_date else None),
                    replaced_by_final=r.id in replaced,
                )
                for r in releases
            ]

    def get_release(self, release_id: int) -> PressReleaseDetail:
        with self.db.read() as s:
            return self._detail(s, self._load(s, release_id))

    def find_by_number(self, text: str) -> PressReleaseDetail:
        """The newest final revision of ``P 309/2017``."""
        year, number = parse_press_number(text, field="press_number")
        with self.db.read() as s:
            release = s.scalars(
                select(PressRelease)
                .where(
                    PressRelease.year == year,
                    PressRelease.number == number,
                    PressRelease.status == PressStatus.FINAL,
                )
                .order_by(PressRelease.revision.desc())
            ).first()
            if release is None:
                raise NotFoundError(
                    f"Eine Presseinformation {format_press_number(year, number)} gibt es nicht."
                )
            return self._detail(s, release)

    def snapshot(self, release_id: int) -> PressReleaseSnapshot:
        """What gets printed: the frozen data of a final release, live data for a draft."""
        with self.db.read() as s:
            release = self._load(s, release_id)
            if release.status == PressStatus.FINAL and release.frozen_snapshot is not None:
                return PressReleaseSnapshot.from_dict(release.frozen_snapshot)
            return self._build_snapshot(s, release, draft_preview=True)

    # --- writing -------------------------------------------------------------------------

    def create_draft(self, draft: PressDraft) -> PressReleaseDetail:
        _validate(draft, for_final=False)
        with self.db.transaction() as s:
            release = PressRelease(status=PressStatus.DRAFT)
            _apply(release, draft)
            s.add(release)
            s.flush()
            self.audit(
                s,
                AuditAction.CREATE,
                "press_release",
                release.id,
                f"Presseentwurf „{draft.headline[:80]}“",
            )
            return self._detail(s, release)

    def update_draft(
        self, release_id: int, draft: PressDraft, *, expected_version: int
    ) -> PressReleaseDetail:
        _validate(draft, for_final=False)
        with self.db.transaction() as s:
            release = self._load(s, release_id)
            if release.status == PressStatus.FINAL:
                raise ValidationError(
                    f"{_number_text(release)} ist endgültig und kann nicht mehr geändert werden.",
                    field="status",
                    hint="Legen Sie eine neue Fassung an.",
                )
            check_version(release.version, expected_version, "Die Presseinformation")
            _apply(release, draft)
            s.flush()
            self.audit(
                s,
                AuditAction.UPDATE,
                "press_release",
                release.id,
                f"Presseentwurf „{draft.headline[:80]}“ geändert",
            )
            return self._detail(s, release)

    def delete_draft(self, release_id: int, *, expected_version: int) -> None:
        with self.db.transaction() as s:
            release = self._load(s, release_id)
            if release.status == PressStatus.FINAL:
                raise ValidationError(
                    "Endgültige Presseinformationen werden archiviert, nicht gelöscht."
                )
            check_version(release.version, expected_version, "Die Presseinformation")
            s.delete(release)
            self.audit(
                s,
                AuditAction.DELETE,
                "press_release",
                release_id,
                f"Presseentwurf „{release.headline[:80]}“ gelöscht",
            )

    def finalise_release(self, release_id: int, *, expected_version: int) -> PressReleaseDetail:
        """Number, freeze and archive a draft. Every check runs before a number is taken."""
        from beratung.documents.press_release import PressReleaseRenderer

        with self.db.transaction() as s:
            release = self._load(s, release_id)
            if release.status == PressStatus.FINAL:
                raise ValidationError(f"{_number_text(release)} ist bereits endgültig.")
            check_version(release.version, expected_version, "Die Presseinformation")
            _validate(_draft_of(release), for_final=True)
            assert release.release_date is not None and release.file_plan_code is not None
            clerk = s.get(Clerk, release.clerk_id) if release.clerk_id else None
            if clerk is None:
                raise ValidationError(
                    "Die gewählte Bearbeiterin gibt es nicht mehr.", field="clerk_id"
                )
            # Check the layout with a provisional number first: a headline too long for the page
            # must be refused before a number is used up.
            year = release.release_date.year
            previous = s.get(PressRelease, release.supersedes_id) if release.supersedes_id else None
            provisional = previous.number if previous and previous.number else 99999
            probe = self._build_snapshot(s, release, number=(year, provisional), clerk=clerk)
            PressReleaseRenderer().render(probe)

            if previous is not None and previous.number is not None and previous.year is not None:
                year, number = previous.year, previous.number
                release.revision = previous.revision + 1
            else:
                number = self._next_number(s, year)
                release.revision = 1
            release.year = year
            release.number = number
            release.file_reference = file_reference(
                release.file_plan_code, year, number, clerk.initials
            )
            release.status = PressStatus.FINAL
            release.finalised_at = self.ctx.now()
            frozen = self._build_snapshot(s, release, number=(year, number), clerk=clerk)
            release.frozen_snapshot = frozen.to_dict()
            s.flush()
            self.audit(
                s,
                AuditAction.UPDATE,
                "press_release",
                release.id,
                f"{format_press_number(year, number)} endgültig (Fassung {release.revision})",
                {"file_reference": release.file_reference},
            )
            return self._detail(s, release)

    def new_revision(self, release_id: int) -> PressReleaseDetail:
        """A draft copy of a final release; finalising it keeps the number, revision + 1."""
        with self.db.transaction() as s:
            source = self._load(s, release_id)
            if source.status != PressStatus.FINAL:
                raise ValidationError("Nur endgültige Presseinformationen erhalten neue Fassungen.")
            newer = s.scalars(
                select(PressRelease).where(PressRelease.supersedes_id == source.id)
            ).first()
            if newer is not None:
                raise ValidationError(
                    f"Zu {_number_text(source)} gibt es schon eine neuere Fassung; "
                    "bitte diese bearbeiten."
                )
            copy = PressRelease(status=PressStatus.DRAFT, supersedes_id=source.id)
            _apply(copy, _draft_of(source))
            s.add(copy)
            s.flush()
            self.audit(
                s,
                AuditAction.CREATE,
                "press_release",
                copy.id,
                f"Neue Fassung von {_number_text(source)}",
            )
            return self._detail(s, copy)

    # --- helpers -------------------------------------------------------------------------

    def _next_number(self, s: Session, year: int) -> int:
        dialect = s.get_bind().dialect.name
        insert = pg_insert if dialect == "postgresql" else sqlite_insert
        highest = s.scalar(
            select(func.coalesce(func.max(PressRelease.number), 0)).where(PressRelease.year == year)
        )
        s.execute(
            insert(PressNumberCounter)
            .values(year=year, last_number=int(highest or 0))
            .on_conflict_do_nothing(index_elements=["year"])
        )
        number = s.execute(
            update(PressNumberCounter)
            .where(PressNumberCounter.year == year)
            .values(last_number=PressNumberCounter.last_number + 1)
            .returning(PressNumberCounter.last_number)
        ).scalar_one()
        return int(number)

    @staticmethod
    def _load(s: Session, release_id: int) -> PressRelease:
        release = s.get(PressRelease, release_id)
        if release is None:
            raise NotFoundError("Diese Presseinformation gibt es nicht (mehr).")
        return release

    def _build_snapshot(
        self,
        s: Session,
        release: PressRelease,
        *,
        number: tuple[int, int] | None = None,
        clerk: Clerk | None = None,
        draft_preview: bool = False,
    ) -> PressReleaseSnapshot:
        sender = sender_from_profile(load_profile(s))
        clerk = clerk or (s.get(Clerk, release.clerk_id) if release.clerk_id else None)
        if clerk is None:
            raise ValidationError(
                "Bitte wählen Sie die Bearbeiterin/den Bearbeiter aus.", field="clerk_id"
            )
        if number is None and release.year and release.number:
            number = (release.year, release.number)
        if number is not None:
            number_text = format_press_number(*number)
            reference = file_reference(
                release.file_plan_code or "", number[0], number[1], clerk.initials
            )
        else:
            number_text = "P –/" + str((release.release_date or self.ctx.today()).year)
            reference = f"{release.file_plan_code or '–'} - ENTWURF · {clerk.initials}"
        body = paragraphs(release.body)
        if not body and draft_preview:
            body = ("(noch kein Text)",)
        return PressReleaseSnapshot(
            sender=sender,
            clerk=clerk_info(clerk),
            number=number_text,
            file_reference=reference,
            release_date=release.release_date or self.ctx.today(),
            headline=release.headline,
            dateline_place=release.dateline_place or "",
            body=body,
            subline=release.subline,
            embargo=release.embargo_at,
            more_info=release.more_info,
            contact=release.contact_text,
        )

    def _detail(self, s: Session, release: PressRelease) -> PressReleaseDetail:
        newer = s.scalar(select(PressRelease.id).where(PressRelease.supersedes_id == release.id))
        return PressReleaseDetail(
            id=release.id,
            status=release.status,
            draft=_draft_of(release),
            year=release.year,
            number=release.number,
            number_text=_number_text(release),
            revision=release.revision,
            file_reference=release.file_reference,
            supersedes_id=release.supersedes_id,
            superseded_by_id=newer,
            finalised_at=release.finalised_at,
            version=release.version,
        )


def _number_text(release: PressRelease) -> str | None:
    if release.year is None or release.number is None:
        return None
    return format_press_number(release.year, release.number)


def _draft_of(release: PressRelease) -> PressDraft:
    return PressDraft(
        headline=release.headline,
        body=release.body,
        dateline_place=release.dateline_place,
        subline=release.subline,
        release_date=release.release_date,
        embargo_at=release.embargo_at,
        more_info=release.more_info,
        contact_text=release.contact_text,
        clerk_id=release.clerk_id,
        file_plan_code=release.file_plan_code,
    )


#: The editor's fields as subjects of a sentence, for the length messages.
PRESS_LABELS = {
    "headline": "Die Überschrift",
    "subline": "Die Unterzeile",
    "dateline_place": "Der Ort der Datumszeile",
    "body": "Der Text der Presseinformation",
    "more_info": "Der Hinweis auf weitere Informationen",
    "contact_text": "Der Kontakttext",
    "file_plan_code": "Das Aktenplanzeichen",
}


def press_values(draft: PressDraft) -> dict[str, Any]:
    """The editor's values as stored: control and direction characters removed, line breaks
    normalised, each within its column (a German ``ValidationError`` naming the field)."""
    values: dict[str, Any] = {
        "headline": clean_line(draft.headline) or "",
        "body": clean_text(draft.body) or "",
        "dateline_place": clean_text(draft.dateline_place),
        "subline": clean_text(draft.subline),
        "release_date": draft.release_date,
        "embargo_at": draft.embargo_at,
        "more_info": clean_text(draft.more_info),
        "contact_text": clean_text(draft.contact_text),
        "clerk_id": draft.clerk_id,
        "file_plan_code": clean_text(draft.file_plan_code),
    }
    check_limits(PressRelease, values, PRESS_LABELS)
    return values


def _apply(release: PressRelease, draft: PressDraft) -> None:
    for key, value in press_values(draft).items():
        setattr(release, key, value)


__all__ = [
    "PressDraft",
    "PressReleaseDetail",
    "PressReleaseRow",
    "PressService",
    "file_reference",
    "format_press_number",
    "parse_press_number",
]
