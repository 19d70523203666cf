from typing import Any

from django.core.management.base import BaseCommand

from tickets.idempotency import idempotency_keys_prune


class Command(BaseCommand):
    help = "Delete Idempotency-Key records older than SUPPORTFLOW_IDEMPOTENCY_KEY_HOURS (run it daily)."

    def handle(self, *args: Any, **options: Any) -> None:
        deleted = idempotency_keys_prune()
        self.stdout.write(f"Deleted {deleted} expired idempotency key(s).")
