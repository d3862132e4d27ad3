"""The hash chain of the audit log (decision 25): what is hashed, and in which exact form.

Every audit entry is sealed when it is written. Its *core* (id, position in the chain, time,
user, action, what it is about) and a keyed digest of its *content* (summary and change record
as written) are hashed together with the hash of the entry before it. Changing, removing or
reordering an entry then breaks the chain at that entry, which ``db check`` reports.

The content digest is an HMAC with a random per-entry key (``content_salt``). Erasure (Art. 17)
may rewrite the content of an entry and must then clear that key: a plain hash of a short
summary such as "Person „Anna Müller“ angelegt" could be confirmed by trying names, so without
its key the old digest says nothing about the erased person while the chain still verifies.

Pure functions over plain values; the migration that sealed the existing entries (0008) holds
a frozen copy of them (decision 7), and a test checks both agree.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import UTC, datetime

#: ``prev_hash`` of the first entry.
GENESIS = "0" * 64

#: Bytes of a content key (stored as hex).
SALT_BYTES = 16


def _normalise(value: object) -> object:
    """The JSON value as both databases give it back: PostgreSQL's ``jsonb`` keeps numbers as
    decimals, so ``1.0`` and ``1e20`` may come back as integers; strings keys only."""
    if isinstance(value, dict):
        return {str(k): _normalise(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_normalise(v) for v in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def canonical_content(summary: str, changes: object) -> bytes:
    """Summary and change record as one unambiguous byte string (sorted keys, no spaces)."""
    document = {"summary": summary, "changes": _normalise(changes)}
    return json.dumps(
        document, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False
    ).encode("utf-8")


def content_digest(salt_hex: str, summary: str, changes: object) -> str:
    """HMAC-SHA-256 of the content under the entry's own random key."""
    return hmac.new(
        bytes.fromhex(salt_hex), canonical_content(summary, changes), hashlib.sha256
    ).hexdigest()


def canonical_time(value: datetime) -> str:
    """UTC with microseconds: what both databases store and return exactly."""
    if value.tzinfo is None:  # SQLite hands back naive UTC when read without the ORM
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat(timespec="microseconds")


def entry_hash(
    *,
    prev_hash: str,
    seq: int,
    entry_id: int,
    occurred_at: datetime,
    user_name: str,
    action: str,
    entity_type: str,
    entity_id: int | None,
    content: str,
) -> str:
    """SHA-256 over the previous hash, the core and the content digest (``content``)."""
    fields = [
        prev_hash,
        str(seq),
        str(entry_id),
        canonical_time(occurred_at),
        user_name,
        action,
        entity_type,
        "" if entity_id is None else str(entity_id),
        content,
    ]
    payload = json.dumps(fields, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return hashlib.sha256(payload).hexdigest()
