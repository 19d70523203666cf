"""Insert a batch of new tickets, with the summary counts and the search index filled once per batch.

The rows go in by multi-row INSERTs of prepared values (`RowColumns`), a
thousand a statement, not `bulk_create`'s 41 (on SQLite) with its per-row
SQL building. On SQLite the per-row insert triggers (counts, FTS5, activity
counts, resolution times) stand aside meanwhile (the `ticket_bulk_load`
guard of migrations 0014 and 0015), and a few set-based statements fill
what they would have for the batch, in the same transaction: a failure
anywhere rolls all of it back. On PostgreSQL the count triggers already run
once per statement and the search vector is a column, so the triggers do
it all.
"""

from collections.abc import Sequence
from importlib import import_module
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
# The triggers' own expressions, so that a batch is counted exactly as row by row.
activity = import_module("tickets.migrations.0011_activity_counts")
resolution = import_module("tickets.migrations.0013_resolution_times")


def _sql(expression: str, row: str) -> str:
    """A trigger's expression for the rows named `row`, with `%` escaped for a query that takes parameters."""
    return expression.format(row=row).replace("%", "%%")


# The amounts per ticket that migration 0007's and 0011's insert triggers add to TicketCount, summed
# over the rows after the given id (naming the columns keeps SQLite from reading each long row again).
COUNT_NEW_ROWS = f"""
WITH new AS (
    SELECT assigned_team, category, priority, sentiment, status, priority_score,
        assignee_id, category_corrected, priority_corrected
    FROM tickets_ticket WHERE id > %s
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
    UNION ALL SELECT 'unassigned_urgent', '', COUNT(*) FROM new WHERE {_sql(activity.UNASSIGNED_URGENT, "new")}
    UNION ALL SELECT 'corrected', category, COUNT(*) FROM new WHERE {_sql(activity.CORRECTED, "new")} GROUP BY category
) WHERE amount > 0
ON CONFLICT (dimension, value) DO UPDATE SET "count" = "count" + excluded."count"
"""  # noqa: S608 (the triggers' expressions; the one value is a parameter)
# Migration 0011's CreatedCount: the new rows per quarter hour.
COUNT_NEW_QUARTERS = f"""
INSERT INTO tickets_createdcount (quarter, "count")
SELECT quarter, amount FROM (
    SELECT {_sql(activity.QUARTER["sqlite"], "t")} AS quarter, COUNT(*) AS amount
    FROM tickets_ticket AS t WHERE t.id > %s GROUP BY 1
) WHERE true
ON CONFLICT (quarter) DO UPDATE SET "count" = "count" + excluded."count"
"""  # noqa: S608 (the triggers' expressions; the one value is a parameter)
# Migration 0013's TicketResolution and ResolvedCount, for the new rows resolved with a time.
_RESOLVED_NEW = f"FROM tickets_ticket AS t WHERE t.id > %s AND {_sql(resolution.RESOLVED, 't')}"
_TIMES = {name: _sql(sql, "t") for name, sql in resolution.EXPRESSIONS["sqlite"].items()}
ADD_NEW_RESOLUTIONS = f"""
INSERT INTO tickets_ticketresolution (ticket_id, resolved_at, microseconds, hours)
SELECT t.id, t.resolved_at, {_TIMES["microseconds"]}, {_TIMES["hours"]} {_RESOLVED_NEW}
"""
# Counted from the resolution rows just added: narrow rows, where the tickets' resolved_at sits past the message.
COUNT_NEW_RESOLUTIONS = f"""
INSERT INTO tickets_resolvedcount (day, hours, "count")
SELECT day, hours, amount FROM (
    SELECT {_sql(resolution.EXPRESSIONS["sqlite"]["day"], "r")} AS day, hours, COUNT(*) AS amount
    FROM tickets_ticketresolution AS r WHERE r.ticket_id > %s GROUP BY 1, 2
) WHERE true
ON CONFLICT (day, hours) DO UPDATE SET "count" = "count" + excluded."count"
"""  # noqa: S608 (the triggers' expressions; the one value is a parameter)
FILL_FOR_NEW_ROWS = (INDEX_NEW_ROWS, COUNT_NEW_ROWS, COUNT_NEW_QUARTERS, ADD_NEW_RESOLUTIONS, COUNT_NEW_RESOLUTIONS)


BULK_LOAD_CACHE_KIB = 64 * 1024


def prepare_for_bulk_load() -> None:
    """On SQLite, a page cache of 64 MiB for this connection (the default is 2 MiB).

    Every batch adds entries all over each index of the ticket table; at
    100,000 tickets and more those pages no longer fit the default cache,
    and reading them back again cost about a sixth of the insert time.
    """
    db = connections[DEFAULT_DB_ALIAS]
    if db.vendor == "sqlite":
        with db.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = -{BULK_LOAD_CACHE_KIB}")


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
            for statement in FILL_FOR_NEW_ROWS:
                cursor.execute(statement, [last])
            cursor.execute("DELETE FROM ticket_bulk_load")
    return len(rows)
