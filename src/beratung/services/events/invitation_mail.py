"""E-mail drafts of invitations: one RFC 5322 message (``.eml``) per recipient.

Built with the standard library's :mod:`email` package (``EmailMessage``, ``policy.SMTP``: CRLF
line ends, headers with umlauts encoded per RFC 2047, attachment names per RFC 2231). The
header ``X-Unsent: 1`` makes Outlook open the file as a draft with a "Senden" button;
Thunderbird opens it as a message that "Bearbeiten als neu" turns into a draft. Nothing is sent
by the app.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from beratung.domain.errors import ValidationError


@dataclass(frozen=True, slots=True)
class MailAttachment:
    """A file attached to a draft."""

    file_name: str
    data: bytes
    maintype: str = "application"
    subtype: str = "pdf"


@dataclass(frozen=True, slots=True)
class MailText:
    """One recipient's e-mail: address, subject and body (rendered from the template)."""

    to_name: str
    to_address: str
    subject: str
    body: str


def _address(name: str, address: str, field: str) -> Address:
    try:
        user, domain = address.strip().rsplit("@", 1)
        return Address(display_name=name, username=user, domain=domain)
    except (ValueError, IndexError) as exc:
        raise ValidationError(
            f"„{address}“ ist keine gültige E-Mail-Adresse.", field=field
        ) from exc


def build_draft(
    *,
    sender_name: str,
    sender_address: str,
    mail: MailText,
    attachments: Sequence[MailAttachment],
    date: datetime,
) -> bytes:
    """The draft as bytes of an ``.eml`` file."""
    message = EmailMessage(policy=policy.SMTP)
    message["From"] = _address(sender_name, sender_address, "email")
    message["To"] = _address(mail.to_name, mail.to_address, "email")
    message["Subject"] = mail.subject
    message["Date"] = format_datetime(date)
    domain = sender_address.rsplit("@", 1)[-1] or None
    message["Message-ID"] = make_msgid(domain=domain)
    message["X-Unsent"] = "1"
    message.set_content(mail.body, charset="utf-8")
    for attachment in attachments:
        message.add_attachment(
            attachment.data,
            maintype=attachment.maintype,
            subtype=attachment.subtype,
            filename=attachment.file_name,
        )
    return message.as_bytes(policy=policy.SMTP)


__all__ = ["MailAttachment", "MailText", "build_draft"]
