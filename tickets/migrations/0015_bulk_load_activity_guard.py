"""Let a bulk load set aside the activity and resolution-time insert triggers too, on SQLite.

0014 did it for the counts and the search index. The per-row AFTER INSERT
triggers of 0011 (created per quarter hour, unassigned urgent, corrected)
and 0013 (resolution times) now also stand aside while `ticket_bulk_load`
has a row; tickets/bulk_insert.py fills what they would have, for the whole
batch, by set-based statements built from the same expressions, in the same
transaction. PostgreSQL's triggers already run once per statement.
"""

from importlib import import_module

from django.db import migrations

activity = import_module("tickets.migrations.0011_activity_counts")
resolution = import_module("tickets.migrations.0013_resolution_times")
guard = import_module("tickets.migrations.0014_bulk_load_trigger_guard")

TICKETS = activity.TICKETS


def _activity_insert(when: str) -> str:
    add = activity._add
    return f"CREATE TRIGGER ticket_activity_insert AFTER INSERT ON {TICKETS}{when} BEGIN {add['created']} {add['work']} END"


def _resolution_insert(when: str) -> str:
    return f"CREATE TRIGGER ticket_resolution_insert AFTER INSERT ON {TICKETS}{when} BEGIN {resolution._sqlite_add('new')} END"


DROP_INSERT_TRIGGERS = ["DROP TRIGGER IF EXISTS ticket_activity_insert", "DROP TRIGGER IF EXISTS ticket_resolution_insert"]
FORWARD = [*DROP_INSERT_TRIGGERS, _activity_insert(guard.UNLESS_LOADING), _resolution_insert(guard.UNLESS_LOADING)]
BACKWARD = [*DROP_INSERT_TRIGGERS, _activity_insert(""), _resolution_insert("")]


class Migration(migrations.Migration):
    dependencies = [("tickets", "0014_bulk_load_trigger_guard")]
    operations = [migrations.RunPython(guard.on_sqlite(FORWARD), guard.on_sqlite(BACKWARD))]
