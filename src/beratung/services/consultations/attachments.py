"""Files attached to consultations: copied into the data folder, named by their content, and
recorded together with the copy — the record and the file exist together or not at all.

A file is copied under a temporary name first (slow I/O outside the write transaction), moved
into place inside the transaction, and removed again when the transaction does not commit. The
helpers below are shared with the recording of a consultation, which attaches files in its own
transaction.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from beratung.domain.enums import AuditAction
from beratung.domain.errors import UserError, ValidationError, os_error_text
from beratung.domain.work import Attachment, Consultation
from beratung.paths import private_folder
from beratung.services.base import Service
from beratung.services.consultations.records import attachment_snapshot, describe, not_found
from beratung.services.consultations.snapshots import AttachmentSnapshot

log = logging.getLogger(__name__)

_COPY_CHUNK = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Incoming:
    """A file copied into the attachment folder under a temporary name, not yet recorded."""

    source: Path
    temp_path: Path
    sha256: str
    size: int
    suffix: str


def copy_in(folder: Path, source: Path) -> Incoming:
    """Copy ``source`` to a temporary file in the attachment ``folder``, hashing it."""
    if not source.is_file():
        raise ValidationError(
            f"Die Datei {source} gibt es nicht oder sie ist keine Datei; "
            "es wurde nichts angehängt.",
            field="attachments",
        )
    temp_path: Path | None = None
    digest = hashlib.sha256()
    size = 0
    try:
        private_folder(folder)
        with (
            source.open("rb") as reader,
            tempfile.NamedTemporaryFile(dir=folder, prefix=".incoming-", delete=False) as writer,
        ):
            temp_path = Path(writer.name)
            while chunk := reader.read(_COPY_CHUNK):
                digest.update(chunk)
                writer.write(chunk)
                size += len(chunk)
            writer.flush()
            os.fsync(writer.fileno())
    except OSError as exc:
        if temp_path is not None:
            with contextlib.suppress(OSError):
                temp_path.unlink()
        raise UserError(
            f"Die Datei {source} kann nicht gelesen oder kopiert werden "
            f"({os_error_text(exc)}); es wurde nichts angehängt.",
            hint="Bitte prüfen Sie, ob die Datei geöffnet werden kann und ob im "
            "Datenordner genug Platz ist.",
        ) from exc
    assert temp_path is not None  # set by the with statement, which did not raise
    return Incoming(
        source=source,
        temp_path=temp_path,
        sha256=digest.hexdigest(),
        size=size,
        suffix="".join(source.suffixes[-1:]).lower()[:16],
    )


def store_attachment(
    service: Service,
    session: Session,
    consultation: Consultation,
    incoming: Incoming,
    placed: list[Path],
) -> Attachment:
    """The attachment row (audited by ``service``) and the file moved into place, in the
    caller's transaction; the final path is added to ``placed`` so the caller removes it if the
    transaction does not commit."""
    folder = service.ctx.paths.attachment_dir
    stored_name = _free_name(session, folder, incoming.sha256, incoming.suffix)
    attachment = Attachment(
        original_name=incoming.source.name[:300],
        stored_name=stored_name,
        sha256=incoming.sha256,
        size_bytes=incoming.size,
        added_at=service.ctx.now(),
    )
    consultation.attachments.append(attachment)
    session.flush()
    service.audit(
        session,
        AuditAction.CREATE,
        "attachment",
        attachment.id,
        f"Anhang „{attachment.original_name}“ zu Beratung {describe(consultation)} hinzugefügt",
        {"sha256": incoming.sha256, "size_bytes": incoming.size, "stored_name": stored_name},
    )
    final_path = folder / stored_name
    private_folder(final_path.parent)
    incoming.temp_path.replace(final_path)
    placed.append(final_path)
    return attachment


def remove_file(folder: Path, stored_name: str) -> None:
    """Delete an attachment's file after its record is gone; a file that cannot be deleted is
    logged, not raised (the record is already deleted and committed)."""
    path = folder / stored_name
    try:
        path.unlink(missing_ok=True)
    except OSError:
        log.warning("could not delete attachment file %s", path, exc_info=True)


def _free_name(session: Session, folder: Path, sha: str, suffix: str) -> str:
    """``ab/ab12…ef.pdf``: named by content; a second copy of the same content (attached to
    another consultation) gets ``-2``, ``-3`` … so every record owns its file."""
    taken = set(session.scalars(select(Attachment.stored_name).where(Attachment.sha256 == sha)))
    number = 1
    while True:
        name = f"{sha[:2]}/{sha}{'' if number == 1 else f'-{number}'}{suffix}"
        if name not in taken and not (folder / name).exists():
            return name
        number += 1


class AttachmentService(Service):
    """Attach a file to a saved consultation, remove it, find its copy in the data folder."""

    def add_attachment(self, consultation_id: int, source_path: Path | str) -> AttachmentSnapshot:
        """Copy the file into the data directory, hashed; the record and the copy exist together
        or not at all."""
        incoming = copy_in(self.ctx.paths.attachment_dir, Path(source_path))
        placed: list[Path] = []
        try:
            with self.db.transaction() as session:
                consultation = session.get(Consultation, consultation_id)
                if consultation is None:
                    raise not_found("Die Beratung", consultation_id)
                snapshot = attachment_snapshot(
                    store_attachment(self, session, consultation, incoming, placed)
                )
            placed.clear()  # committed: keep the file
            return snapshot
        finally:
            for leftover in (incoming.temp_path, *placed):
                with contextlib.suppress(OSError):
                    leftover.unlink(missing_ok=True)

    def remove_attachment(self, attachment_id: int) -> None:
        with self.db.transaction() as session:
            attachment = session.get(Attachment, attachment_id)
            if attachment is None:
                raise not_found("Der Anhang", attachment_id)
            stored = attachment.stored_name
            self.audit(
                session,
                AuditAction.DELETE,
                "attachment",
                attachment.id,
                f"Anhang „{attachment.original_name}“ entfernt",
                {"sha256": attachment.sha256, "stored_name": stored},
            )
            session.delete(attachment)
        remove_file(self.ctx.paths.attachment_dir, stored)

    def attachment_path(self, attachment_id: int) -> Path:
        with self.db.transaction(write=False) as session:
            attachment = session.get(Attachment, attachment_id)
            if attachment is None:
                raise not_found("Der Anhang", attachment_id)
            path = Path(self.ctx.paths.attachment_dir) / attachment.stored_name
            if not path.is_file():
                raise UserError(
                    f"Die Datei zum Anhang „{attachment.original_name}“ fehlt im Datenordner "
                    f"({path}).",
                    hint="Bitte stellen Sie den Datenordner aus einer Sicherung wieder her oder "
                    "hängen Sie die Datei erneut an.",
                )
            return path
