"""Reading returned reply forms: the field values of a filled PDF (pypdf), nothing else.

Pure: bytes in, values out; no database. What the values mean is decided by
:func:`beratung.domain.reply_forms.read_answer`. One PDF may hold several forms (the combined
print file, filled): :func:`~beratung.domain.reply_forms.split_forms` gives one mapping each.
"""

from __future__ import annotations

import io
import logging
from typing import Any

from beratung.domain.errors import UserError
from beratung.domain.reply_forms import FIELD_CODE, split_forms


class UnreadableReplyError(UserError):
    """The file is no PDF, is damaged or encrypted, or has no reply-form fields."""


def _value(field: Any) -> str | None:
    value = field.get("/V")
    if value is None:
        return None
    if isinstance(value, list):  # a list box with several choices; not on our form
        return ", ".join(str(item) for item in value)
    return str(value)


def read_reply_fields(data: bytes) -> list[dict[str, str | None]]:
    """The values of every reply form in the PDF ``data``, one mapping per form (plain field
    names, see :mod:`beratung.domain.reply_forms`); :class:`UnreadableReplyError` with a German
    reason when there is nothing to read."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise UnreadableReplyError("Die Datei ist kein PDF.")
    # pypdf reports repaired damage through logging; the reason we give is enough.
    pypdf_log = logging.getLogger("pypdf")
    level = pypdf_log.level
    pypdf_log.setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise UnreadableReplyError("Das PDF ist mit einem Kennwort geschützt.")
        fields = reader.get_fields() or {}
    except UnreadableReplyError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise UnreadableReplyError(
            f"Das PDF ist beschädigt und kann nicht gelesen werden ({type(exc).__name__})."
        ) from exc
    finally:
        pypdf_log.setLevel(level)
    values = {str(name): _value(field) for name, field in fields.items()}
    forms = [form for form in split_forms(values) if FIELD_CODE in form]
    if not forms:
        raise UnreadableReplyError(
            "Das PDF enthält kein ausfüllbares Antwortformular (vielleicht ausgedruckt und "
            "eingescannt?). Bitte die Antwort von Hand erfassen."
        )
    return forms


__all__ = ["UnreadableReplyError", "read_reply_fields"]
