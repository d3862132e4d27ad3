"""An invitation's e-mail draft parsed back with the standard library: headers with umlauts,
``X-Unsent``, the body and a PDF attachment whose name has umlauts."""

from __future__ import annotations

from datetime import UTC, datetime
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser

import pytest

from beratung.domain.errors import ValidationError
from beratung.services.events.invitation_mail import MailAttachment, MailText, build_draft

MAIL = MailText(to_name="Dr. Jürgen Müller-Lüdenscheidt", to_address="j.mueller@example.de",
                subject="Einladung: Werkstattgespräch „Quartiere“ in Ulm",
                body="Sehr geehrter Herr Dr. Müller,\n\nwir laden Sie ein.\n")


def _draft() -> bytes:
    return build_draft(sender_name="Städtetag Baden-Württemberg",
                       sender_address="post@staedtetag-bw.de", mail=MAIL,
                       attachments=[MailAttachment("Einladung Jürgen Müller.pdf", b"%PDF-1.7 x")],
                       date=datetime(2026, 3, 10, 9, 30, tzinfo=UTC))


def test_the_draft_reads_back_with_every_header_the_body_and_the_attachment() -> None:
    raw = _draft()
    head = raw.split(b"\r\n\r\n", 1)[0]
    assert head.isascii()  # RFC 5322: headers are 7-bit, umlauts encoded
    message = BytesParser(policy=policy.default).parsebytes(raw)
    assert isinstance(message, EmailMessage)
    assert message["X-Unsent"] == "1"
    assert str(message["Subject"]) == MAIL.subject
    assert message["To"].addresses[0].display_name == MAIL.to_name
    assert message["To"].addresses[0].addr_spec == MAIL.to_address
    assert message["From"].addresses[0].display_name == "Städtetag Baden-Württemberg"
    assert message["Message-ID"].endswith("@staedtetag-bw.de>")
    body = message.get_body(preferencelist=("plain",))
    assert body is not None
    assert body.get_content().replace("\r\n", "\n") == MAIL.body
    (attachment,) = message.iter_attachments()
    assert attachment.get_filename() == "Einladung Jürgen Müller.pdf"
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_content() == b"%PDF-1.7 x"


def test_a_broken_address_is_a_german_error() -> None:
    with pytest.raises(ValidationError, match="keine gültige E-Mail-Adresse"):
        build_draft(sender_name="x", sender_address="post@x.de",
                    mail=MailText("A", "kein-at-zeichen", "s", "b"), attachments=[],
                    date=datetime(2026, 3, 10, tzinfo=UTC))
