"""Triggers that keep tickets_ticketcount exact in the writing transaction, on every write path.

SQLite: row triggers with upserts (SQLite has one writer at a time, so no lock order matters).
PostgreSQL: statement triggers over the transition tables, so a bulk insert of
5,000 tickets is one upsert of a few dozen rows; the upsert takes its row
locks in (dimension, value) order, so concurrent writers cannot deadlock.
"""

from django.db import migrations

TICKETS = "tickets_ticket"
COUNTS = "tickets_ticketcount"
DIMENSIONS = ("assigned_team", "category", "priority", "sentiment", "status")
OPEN_URGENT = "{row}.priority = 'urgent' AND {row}.status IN ('open', 'in_progress', 'waiting_customer')"


def _amounts(row: str) -> list[tuple[str, str, str]]:
    """(dimension, value, amount) for one ticket row, in the fixed dimension order."""
    amounts = [(f"'{field}'", f"{row}.{field}", "1") for field in DIMENSIONS]
    amounts.append(("'open_urgent'", "''", f"CASE WHEN {OPEN_URGENT.format(row=row)} THEN 1 ELSE 0 END"))
    amounts.append(("'priority_score_sum'", "''", f"{row}.priority_score"))
    amounts.append(("'total'", "''", "1"))
    return sorted(amounts)


def _sqlite_upsert(row: str, sign: str) -> str:
    values = ", ".join(f"({d}, {v}, {sign}({a}))" for d, v, a in _amounts(row))
    return (
        f'INSERT INTO {COUNTS} (dimension, value, "count") VALUES {values} '
        f'ON CONFLICT (dimension, value) DO UPDATE SET "count" = "count" + excluded."count";'
    )


def _sqlite_decrement(row: str) -> str:
    # A deleted ticket was counted, so its rows exist: update them, never create one. (When a
    # flush empties the counts before the tickets, nothing is re-created behind its back.)
    return " ".join(
        f'UPDATE {COUNTS} SET "count" = "count" - ({a}) WHERE dimension = {d} AND value = {v};'
        for d, v, a in _amounts(row)
    )


SQLITE_TRIGGERS = [
    f"CREATE TRIGGER ticket_count_insert AFTER INSERT ON {TICKETS} BEGIN {_sqlite_upsert('new', '+')} END",
    f"CREATE TRIGGER ticket_count_delete AFTER DELETE ON {TICKETS} BEGIN {_sqlite_decrement('old')} END",
    f"CREATE TRIGGER ticket_count_update AFTER UPDATE OF {', '.join((*DIMENSIONS, 'priority_score'))} "
    f"ON {TICKETS} BEGIN {_sqlite_upsert('old', '-')} {_sqlite_upsert('new', '+')} END",
]
SQLITE_DROP = [f"DROP TRIGGER IF EXISTS ticket_count_{op}" for op in ("insert", "delete", "update")]


def _pg_function(op: str, rows: str) -> str:
    values = ", ".join(f"({d}::varchar, {v}::varchar, ({a})::bigint)" for d, v, a in _amounts("s"))
    return f"""
CREATE FUNCTION ticket_count_on_{op}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO {COUNTS} (dimension, value, "count")
    SELECT d.dimension, d.value, sum(d.amount * s.sign)
    FROM ({rows}) AS s
    CROSS JOIN LATERAL (VALUES {values}) AS d(dimension, value, amount)
    GROUP BY d.dimension, d.value
    HAVING sum(d.amount * s.sign) <> 0
    ORDER BY d.dimension, d.value
    ON CONFLICT (dimension, value) DO UPDATE SET "count" = {COUNTS}."count" + EXCLUDED."count";
    RETURN NULL;
END $$;
"""


PG_SOURCES = {
    "insert": ("NEW TABLE AS new_rows", "SELECT *, 1 AS sign FROM new_rows"),
    "delete": ("OLD TABLE AS old_rows", "SELECT *, -1 AS sign FROM old_rows"),
    "update": (
        "OLD TABLE AS old_rows NEW TABLE AS new_rows",
        "SELECT *, 1 AS sign FROM new_rows UNION ALL SELECT *, -1 AS sign FROM old_rows",
    ),
}
PG_TRIGGERS = [
    statement
    for op, (referencing, rows) in PG_SOURCES.items()
    for statement in (
        _pg_function(op, rows),
        f"CREATE TRIGGER ticket_count_{op} AFTER {op.upper()} ON {TICKETS} REFERENCING {referencing} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION ticket_count_on_{op}()",
    )
] + [
    f"CREATE FUNCTION ticket_count_on_truncate() RETURNS trigger LANGUAGE plpgsql AS $$ "
    f"BEGIN DELETE FROM {COUNTS}; RETURN NULL; END $$",
    f"CREATE TRIGGER ticket_count_truncate AFTER TRUNCATE ON {TICKETS} "
    f"FOR EACH STATEMENT EXECUTE FUNCTION ticket_count_on_truncate()",
]
PG_DROP = [
    statement
    for op in ("insert", "delete", "update", "truncate")
    for statement in (
        f"DROP TRIGGER IF EXISTS ticket_count_{op} ON {TICKETS}",
        f"DROP FUNCTION IF EXISTS ticket_count_on_{op}()",
    )
]

# The counts of the tickets already stored, as the triggers would have kept them.
RECOUNT = [
    f"DELETE FROM {COUNTS}",
    *(
        f'INSERT INTO {COUNTS} (dimension, value, "count") '
        f"SELECT '{field}', {field}, COUNT(*) FROM {TICKETS} GROUP BY {field}"
        for field in DIMENSIONS
    ),
    f'INSERT INTO {COUNTS} (dimension, value, "count") SELECT \'total\', \'\', COUNT(*) FROM {TICKETS}',
    f'INSERT INTO {COUNTS} (dimension, value, "count") '
    f"SELECT 'priority_score_sum', '', COALESCE(SUM(priority_score), 0) FROM {TICKETS}",
    f'INSERT INTO {COUNTS} (dimension, value, "count") '
    f"SELECT 'open_urgent', '', COUNT(*) FROM {TICKETS} AS t WHERE {OPEN_URGENT.format(row='t')}",
]


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor not in ("sqlite", "postgresql"):
        return
    for statement in (SQLITE_TRIGGERS if vendor == "sqlite" else PG_TRIGGERS) + RECOUNT:
        schema_editor.execute(statement, params=None)


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor not in ("sqlite", "postgresql"):
        return
    for statement in SQLITE_DROP if vendor == "sqlite" else PG_DROP:
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("tickets", "0006_ticket_counts_and_summary_index")]
    operations = [migrations.RunPython(create_triggers, drop_triggers)]
