"""Let a bulk load (tickets/bulk_insert.py) fill the counts and the search index once per batch on SQLite.

The two per-row AFTER INSERT triggers (0007's counts, 0008's FTS5 index)
stand aside while `ticket_bulk_load` has a row. The loader adds that row,
inserts the batch, fills both for the new ids by set-based statements and
deletes the row, all in one transaction: no other connection ever sees the
row (SQLite has one writer and readers see only committed data), and a
failed batch rolls the row back with everything else. Every other write
path still goes through the triggers. PostgreSQL needs none of this: its
count triggers already run once per statement.
"""

from importlib import import_module

from django.db import migrations

counts = import_module("tickets.migrations.0007_ticket_count_triggers")
search = import_module("tickets.migrations.0008_ticket_search_index")

GUARD = "ticket_bulk_load"
UNLESS_LOADING = f" WHEN NOT EXISTS (SELECT 1 FROM {GUARD})"
TICKETS = counts.TICKETS
COLUMNS = search._columns


def _count_insert(when: str) -> str:
    return f"CREATE TRIGGER ticket_count_insert AFTER INSERT ON {TICKETS}{when} BEGIN {counts._sqlite_upsert('new', '+')} END"


def _search_insert(when: str) -> str:
    return (
        f"CREATE TRIGGER ticket_search_insert AFTER INSERT ON {TICKETS}{when} BEGIN "
        f"INSERT INTO ticket_search (rowid, {COLUMNS}) VALUES (new.id, {search._fts_values('new')}); END"
    )


DROP_INSERT_TRIGGERS = ["DROP TRIGGER IF EXISTS ticket_count_insert", "DROP TRIGGER IF EXISTS ticket_search_insert"]
FORWARD = [
    f"CREATE TABLE {GUARD} (id integer NOT NULL PRIMARY KEY)",
    *DROP_INSERT_TRIGGERS,
    _count_insert(UNLESS_LOADING),
    _search_insert(UNLESS_LOADING),
]
BACKWARD = [*DROP_INSERT_TRIGGERS, _count_insert(""), _search_insert(""), f"DROP TABLE IF EXISTS {GUARD}"]


def on_sqlite(statements):
    """A RunPython function that executes the statements on SQLite and does nothing elsewhere."""

    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            for statement in statements:
                schema_editor.execute(statement, params=None)

    return run


guard_triggers, unguard_triggers = on_sqlite(FORWARD), on_sqlite(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("tickets", "0013_resolution_times")]
    operations = [migrations.RunPython(guard_triggers, unguard_triggers)]
