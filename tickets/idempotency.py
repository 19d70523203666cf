"""`Idempotency-Key` on ticket creation: at most one ticket per key and client, and a retry gets the same answer.

A mail gateway that times out retries with the same key; the first request's
answer is stored with the key and replayed. The same key with a different body
is a client error (422), never a second ticket.
"""

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from tickets.models import IdempotencyKey, Ticket

HEADER = "Idempotency-Key"
# Visible ASCII only: a key is an opaque token, and it travels in a header.
KEY_PATTERN = r"^[\x21-\x7e]{1,255}$"
_KEY_RE = re.compile(KEY_PATTERN)


class IdempotencyKeyReusedError(Exception):
    """The key was already used by this client for a different request body."""


@dataclass(frozen=True)
class StoredResponse:
    status: int
    body: Any
    replayed: bool


def key_is_valid(key: str) -> bool:
    return bool(_KEY_RE.fullmatch(key))


def request_fingerprint(data: Any) -> str:
    # ensure_ascii: a lone surrogate in the body must not make hashing fail.
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(canonical.encode("ascii")).hexdigest()


def key_lifetime() -> timedelta:
    return timedelta(hours=settings.SUPPORTFLOW_IDEMPOTENCY_KEY_HOURS)


def idempotency_key_find(*, client: str, key: str, fingerprint: str) -> StoredResponse | None:
    """The stored answer for this key, None if there is none (or it expired); refuses a different body."""
    row = IdempotencyKey.objects.filter(client=client, key=key).first()
    if row is None:
        return None
    if row.created_at < timezone.now() - key_lifetime():
        row.delete()
        return None
    if row.request_fingerprint != fingerprint:
        raise IdempotencyKeyReusedError(f"The {HEADER} was already used with a different request body.")
    return StoredResponse(status=row.response_status, body=row.response_body, replayed=True)


def ticket_create_once(
    *, client: str, key: str, fingerprint: str, create: Callable[[], tuple[Ticket, Any]]
) -> StoredResponse:
    """Run `create` (which returns the ticket and the response body) at most once per client and key."""
    stored = idempotency_key_find(client=client, key=key, fingerprint=fingerprint)
    if stored is not None:
        return stored
    try:
        with transaction.atomic():
            ticket, body = create()
            IdempotencyKey.objects.create(
                client=client,
                key=key,
                request_fingerprint=fingerprint,
                response_status=201,
                response_body=body,
                ticket=ticket,
            )
    except IntegrityError:
        # A simultaneous request with the same key committed first; its ticket
        # stands and ours was rolled back with the failed insert.
        stored = idempotency_key_find(client=client, key=key, fingerprint=fingerprint)
        if stored is None:
            raise
        return stored
    return StoredResponse(status=201, body=body, replayed=False)


def idempotency_keys_prune(*, older_than: timedelta | None = None) -> int:
    """Delete keys past their lifetime; returns how many went."""
    cutoff = timezone.now() - (older_than if older_than is not None else key_lifetime())
    deleted, _ = IdempotencyKey.objects.filter(created_at__lt=cutoff).delete()
    return deleted
