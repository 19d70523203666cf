"""Insert a batch of new tickets, with the summary counts and the search index filled once per batch.

The rows go in by multi-row INSERTs of prepared values (`RowColumns`), a
thousand a statement, not `bulk_create`'s 41 (on SQLite) with its per-row
SQL building. On SQLite the per-row insert triggers (counts, FTS5) stand
aside meanwhile (migration 0011's `ticket_bulk_load` guard), and one
statement indexes the new rows and one adds their counts, in the same
transaction: a failure anywhere rolls all of it back. On PostgreSQL the
count triggers already run once per statement and the search vector is
a column, so the triggers do it all.
"""

from collections.abc import Sequence
from itertools import chain
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections, transaction

from tickets.models import Ticket
from tickets.ticket_rows import RowColumns

# The searched columns of migration 0008, for the rows after the given id.
INDEX_NEW_ROWS = """
INSERT INTO ticket_search (rowid, subject, message, customer_name, customer_email)
SELECT id, subject, message, customer_name, customer_email FROM tickets_ticket WHERE id > %s
"""
# The eight amounts per ticket that migration 0007's insert trigger adds, summed over the rows after the given id
# (naming the columns keeps SQLite from reading each long row again for every amount).
COUNT_NEW_ROWS = """
WITH new AS (
    SELECT assigned_team, category, priority, sentiment, status, priority_score FROM tickets_ticket WHERE id > %s
)
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
    columns = RowColumns()
    return insert_rows([columns.values(ticket.__dict__) for ticket in tickets])


def insert_rows(rows: Sequence[list[Any]]) -> int:
    """`insert_tickets` for rows that `RowColumns.values` prepared (an import's workers prepare them)."""
    if not rows:
        return 0
    db = connections[DEFAULT_DB_ALIAS]
    columns = RowColumns()
    loading = db.vendor == "sqlite"
    with transaction.atomic(), db.cursor() as cursor:
        if loading:
            # The guard row also takes the write lock, so no other writer adds ids past `last` meanwhile.
            cursor.execute("INSERT INTO ticket_bulk_load (id) VALUES (1)")
            cursor.execute("SELECT COALESCE(MAX(id), 0) FROM tickets_ticket")
            (last,) = cursor.fetchone()
        # Many rows a statement: on a table with triggers SQLite opens a statement journal per
        # statement, which cost as much as the row itself when each row was its own statement.
        per = columns.rows_per_statement()
        with db.wrap_database_errors:
            for start in range(0, len(rows), per):
                chunk = rows[start : start + per]
                # The driver's cursor: a debug cursor would log, and on SQLite quote, every value.
                cursor.cursor.execute(columns.insert_sql(len(chunk)), list(chain.from_iterable(chunk)))
        if loading:
            cursor.execute(INDEX_NEW_ROWS, [last])
            cursor.execute(COUNT_NEW_ROWS, [last])
            cursor.execute("DELETE FROM ticket_bulk_load")
    return len(rows)
