"""Insert a batch of new tickets, with the summary counts and the search index filled once per batch.

On SQLite the per-row insert triggers (counts, FTS5) were most of an
import's insert time, and Django's `bulk_create` sends 41 rows a statement.
Here the rows go in by multi-row INSERTs while the triggers stand aside (migration 0011's `ticket_bulk_load` guard), then one
statement indexes the new rows and one adds their counts, in the same
transaction: a failure anywhere rolls all of it back. On PostgreSQL the
count triggers already run once per statement, so `bulk_create` stays.
"""

import sqlite3
from collections.abc import Sequence
from functools import partial
from itertools import chain
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.db.models import Field, signals
from django.db.models.base import ModelState
from django.utils import timezone

from tickets.models import Ticket

# Values these fields hold in memory are what the driver takes; every other field is prepared by Django.
PLAIN_TYPES = {"BooleanField", "CharField", "EmailField", "PositiveSmallIntegerField", "TextField"}

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
    if not tickets:
        return 0
    if connection.vendor != "sqlite":
        with transaction.atomic():
            Ticket.objects.bulk_create(tickets)
        return len(tickets)
    db = connections[DEFAULT_DB_ALIAS]
    columns = RowColumns()
    rows = [columns.values(ticket) for ticket in tickets]
    with transaction.atomic(), db.cursor() as cursor:
        # The guard row also takes the write lock, so no other writer adds ids past `last` meanwhile.
        cursor.execute("INSERT INTO ticket_bulk_load (id) VALUES (1)")
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM tickets_ticket")
        (last,) = cursor.fetchone()
        # Many rows a statement: SQLite opens a statement journal per statement on a table with triggers,
        # which cost as much as the row itself when each row was its own statement.
        per = columns.rows_per_statement(db)
        with db.wrap_database_errors:
            for start in range(0, len(rows), per):
                chunk = rows[start : start + per]
                db.connection.execute(columns.insert_sql(len(chunk)), list(chain.from_iterable(chunk)))
        cursor.execute(INDEX_NEW_ROWS, [last])
        cursor.execute(COUNT_NEW_ROWS, [last])
        cursor.execute("DELETE FROM ticket_bulk_load")
    return len(rows)


class TicketBuilder:
    """`Ticket(**values)` for many new tickets at a fifth of the cost.

    `Model.__init__` walks every field and its default for each instance;
    this fills the instance's state from defaults worked out once, as
    `Model.from_db` fills a loaded one. Only for a model without init
    signal receivers, which `__init__` checks; a test holds its tickets
    equal to `Ticket(**values)`.
    """

    def __init__(self) -> None:
        if signals.pre_init.has_listeners(Ticket) or signals.post_init.has_listeners(Ticket):
            raise TypeError("Ticket has init signal receivers; build it with Ticket(**values).")
        fields = Ticket._meta.concrete_fields
        made = [f for f in fields if f.has_default() and callable(f.default)]  # list, timezone.now
        self._defaults = {f.attname: f.get_default() for f in fields if f not in made}
        self._made = [(f.attname, f.default) for f in made]

    def __call__(self, values: dict[str, Any]) -> Ticket:
        ticket = Ticket.__new__(Ticket)
        state = ticket.__dict__
        state.update(self._defaults)
        for name, make in self._made:
            state[name] = make()
        state.update(values)
        ticket._state = ModelState()
        return ticket


class RowColumns:
    """A ticket's column values, prepared for the database as `bulk_create` prepares them."""

    MAX_ROWS_PER_STATEMENT = 1000

    def __init__(self) -> None:
        db = connections[DEFAULT_DB_ALIAS]  # the connection itself: the proxy costs a lookup per use
        fields: list[Field] = [field for field in Ticket._meta.concrete_fields if not field.primary_key]
        self._columns = ", ".join(db.ops.quote_name(field.column) for field in fields)
        self._row_marks = f"({', '.join(['?'] * len(fields))})"
        self._names = [field.attname for field in fields]
        self._statements: dict[int, str] = {}
        # One timestamp for the batch's auto_now fields, prepared once.
        now = timezone.now()
        self._fixed = [(i, f.get_db_prep_save(now, db)) for i, f in enumerate(fields) if getattr(f, "auto_now", False)]
        fixed = {i for i, _ in self._fixed}
        self._prepared = [
            (i, partial(f.get_db_prep_save, connection=db))
            for i, f in enumerate(fields)
            if i not in fixed and f.get_internal_type() not in PLAIN_TYPES
        ]

    def rows_per_statement(self, db: Any) -> int:
        """As many rows as SQLite's limit on parameters allows, up to a thousand."""
        limit = db.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
        return max(1, min(self.MAX_ROWS_PER_STATEMENT, limit // len(self._names)))

    def insert_sql(self, rows: int) -> str:
        """A multi-row INSERT in SQLite's own parameter style: names from the model, values as parameters."""
        if rows not in self._statements:
            marks = ", ".join([self._row_marks] * rows)
            self._statements[rows] = f"INSERT INTO tickets_ticket ({self._columns}) VALUES {marks}"  # noqa: S608
        return self._statements[rows]

    def values(self, ticket: Ticket) -> list[Any]:
        state = ticket.__dict__
        row = [state[name] for name in self._names]
        for i, prepare in self._prepared:
            row[i] = prepare(row[i])
        for i, value in self._fixed:
            row[i] = value
        return row
