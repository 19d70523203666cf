"""Insert a batch of new tickets, with the summary counts and the search index filled once per batch.

On SQLite the per-row insert triggers (counts, FTS5) were most of an
import's insert time, and Django's `bulk_create` sends 41 rows a statement.
Here the rows go in by one `executemany` of a prepared INSERT while the
triggers stand aside (migration 0011's `ticket_bulk_load` guard), then one
statement indexes the new rows and one adds their counts, in the same
transaction: a failure anywhere rolls all of it back. On PostgreSQL the
count triggers already run once per statement, so `bulk_create` stays.
"""

from collections.abc import Callable, Sequence
from typing import Any

from django.db import connection, transaction
from django.db.models import Field
from django.utils import timezone

from tickets.models import Ticket

# Values these fields hold in memory are what the driver takes; every other field is prepared by Django.
PLAIN_TYPES = {"BooleanField", "CharField", "EmailField", "PositiveSmallIntegerField", "TextField"}

# The searched columns of migration 0008, for the rows after the given id.
INDEX_NEW_ROWS = """
INSERT INTO ticket_search (rowid, subject, message, customer_name, customer_email)
SELECT id, subject, message, customer_name, customer_email FROM tickets_ticket WHERE id > %s
"""
# The eight amounts per ticket that migration 0007's insert trigger adds, summed over the rows after the given id.
COUNT_NEW_ROWS = """
WITH new AS (SELECT * FROM tickets_ticket WHERE id > %s)
INSERT INTO tickets_ticketcount (dimension, value, "count")
SELECT dimension, value, amount FROM (
    SELECT 'assigned_team' AS dimension, assigned_team AS value, COUNT(*) AS amount FROM new GROUP BY assigned_team
    UNION ALL SELECT 'category', category, COUNT(*) FROM new GROUP BY category
    UNION ALL SELECT 'priority', priority, COUNT(*) FROM new GROUP BY priority
    UNION ALL SELECT 'sentiment', sentiment, COUNT(*) FROM new GROUP BY sentiment
    UNION ALL SELECT 'status', status, COUNT(*) FROM new GROUP BY status
    UNION ALL SELECT 'open_urgent', '', COUNT(*) FROM new
        WHERE priority = 'urgent' AND status IN ('open', 'in_progress', 'waiting_customer')
    UNION ALL SELECT 'priority_score_sum', '', COALESCE(SUM(priority_score), 0) FROM new
    UNION ALL SELECT 'total', '', COUNT(*) FROM new
) WHERE true
ON CONFLICT (dimension, value) DO UPDATE SET "count" = "count" + excluded."count"
"""


def insert_tickets(tickets: Sequence[Ticket]) -> int:
    """Insert new (unsaved) tickets in one transaction; return how many."""
    if connection.vendor != "sqlite":
        with transaction.atomic():
            Ticket.objects.bulk_create(tickets)
        return len(tickets)
    columns = RowColumns()
    rows = [columns.values(ticket) for ticket in tickets]
    with transaction.atomic(), connection.cursor() as cursor:
        # The guard row also takes the write lock, so no other writer adds ids past `last` meanwhile.
        cursor.execute("INSERT INTO ticket_bulk_load (id) VALUES (1)")
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM tickets_ticket")
        (last,) = cursor.fetchone()
        cursor.executemany(columns.insert_sql, rows)
        cursor.execute(INDEX_NEW_ROWS, [last])
        cursor.execute(COUNT_NEW_ROWS, [last])
        cursor.execute("DELETE FROM ticket_bulk_load")
    return len(rows)


class RowColumns:
    """A ticket's column values, prepared for the database as `bulk_create` prepares them."""

    def __init__(self) -> None:
        now = timezone.now()
        self.fields: list[Field] = [field for field in Ticket._meta.concrete_fields if not field.primary_key]
        columns = ", ".join(connection.ops.quote_name(field.column) for field in self.fields)
        placeholders = ", ".join(["%s"] * len(self.fields))
        # Names from the model, values as parameters.
        self.insert_sql = f"INSERT INTO tickets_ticket ({columns}) VALUES ({placeholders})"  # noqa: S608
        # One timestamp for the batch's auto_now fields, prepared once.
        self._fixed = {
            f.attname: f.get_db_prep_save(now, connection) for f in self.fields if getattr(f, "auto_now", False)
        }
        self._getters: list[tuple[str, Callable[[Any], Any] | None]] = [
            (f.attname, None if f.get_internal_type() in PLAIN_TYPES else self._preparer(f)) for f in self.fields
        ]

    @staticmethod
    def _preparer(field: Field) -> Callable[[Any], Any]:
        return lambda value: field.get_db_prep_save(value, connection)

    def values(self, ticket: Ticket) -> tuple[Any, ...]:
        state = ticket.__dict__
        fixed = self._fixed
        return tuple(
            fixed[name] if name in fixed else (state[name] if prepare is None else prepare(state[name]))
            for name, prepare in self._getters
        )
