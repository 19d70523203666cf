"""Re-run triage over stored tickets with the current rules, in batches, keeping staff corrections."""

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction

from tickets.models import Ticket
from tickets.triaging import WRITTEN_FIELDS, apply_triage, current_rules, record_engine_changes


@dataclass
class RetriageReport:
    examined: int = 0
    changed: int = 0
    category_moves: Counter = field(default_factory=Counter)
    priority_moves: Counter = field(default_factory=Counter)

    def lines(self) -> Iterator[str]:
        yield f"{self.examined} tickets examined, {self.changed} would change or changed."
        for title, moves in (("Category", self.category_moves), ("Priority", self.priority_moves)):
            for (old, new), count in sorted(moves.items()):
                yield f"  {title}: {old} -> {new}: {count}"


def retriage_tickets(*, since: datetime | None = None, dry_run: bool = False, batch_size: int = 500) -> RetriageReport:
    rules = current_rules()
    report = RetriageReport()
    tickets = Ticket.objects.order_by("pk")
    if since is not None:
        tickets = tickets.filter(created_at__gte=since)
    last_pk = 0
    while True:
        batch = list(tickets.filter(pk__gt=last_pk)[:batch_size])
        if not batch:
            return report
        last_pk = batch[-1].pk
        to_write = []
        with transaction.atomic():
            for ticket in batch:
                category, priority, version = ticket.category, ticket.priority, ticket.rules_version
                changes = apply_triage(ticket, rules)
                report.examined += 1
                if changes:
                    report.changed += 1
                    if category != ticket.category:
                        report.category_moves[(category, ticket.category)] += 1
                    if priority != ticket.priority:
                        report.priority_moves[(priority, ticket.priority)] += 1
                # A ticket whose outputs stand is still re-stamped with the rules that decided it.
                if changes or version != ticket.rules_version:
                    to_write.append((ticket, changes))
            if not dry_run and to_write:
                Ticket.objects.bulk_update([ticket for ticket, _ in to_write], WRITTEN_FIELDS)
                for ticket, changes in to_write:
                    record_engine_changes(ticket, changes)
