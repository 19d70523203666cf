"""Triggers that keep the summary's activity counts exact in the writing transaction.

Two more TicketCount rows (`unassigned_urgent`, and `corrected` by category) and
CreatedCount (tickets created per quarter hour, UTC), so the unfiltered summary
reads no ticket rows for them. Same shape as 0007_ticket_count_triggers:
SQLite row triggers (decrements by UPDATE only, so a flush that empties the
counts first re-creates nothing), PostgreSQL statement triggers over the
transition tables with upserts in key order. The migration counts the tickets
already stored.
"""

from django.db import migrations, models

TICKETS = "tickets_ticket"
COUNTS = "tickets_ticketcount"
CREATED = "tickets_createdcount"
OPEN = "('open', 'in_progress', 'waiting_customer')"
UNASSIGNED_URGENT = "({row}.priority = 'urgent' AND {row}.status IN " + OPEN + " AND {row}.assignee_id IS NULL)"
CORRECTED = "({row}.category_corrected OR {row}.priority_corrected)"
# floor(epoch seconds / 900), as tickets.analytics computes it. On SQLite the stored text's
# fraction of a second is cut off first (strftime rounds it to milliseconds: 14:59.9996 would
# count in the next quarter), and the seconds are shifted by 10^8 quarters (2,850 years) so
# that integer division, which truncates towards zero, floors before 1970 too.
QUARTER = {
    "sqlite": "((CAST(strftime('%s', substr({row}.created_at, 1, 19)) AS INTEGER) + 90000000000) / 900 - 100000000)",
    "postgresql": "floor(extract(epoch FROM {row}.created_at) / 900)::bigint",
}
WORK_FIELDS = ("priority", "status", "assignee_id", "category", "category_corrected", "priority_corrected")


# --- SQLite --------------------------------------------------------------------------------------
def _sqlite_add(row: str) -> dict[str, str]:
    upsert = 'ON CONFLICT ({key}) DO UPDATE SET "count" = "count" + 1;'
    return {
        "created": f'INSERT INTO {CREATED} (quarter, "count") VALUES ({QUARTER["sqlite"].format(row=row)}, 1) '
        + upsert.format(key="quarter"),
        "work": " ".join(
            f'INSERT INTO {COUNTS} (dimension, value, "count") SELECT {dimension}, {value}, 1 WHERE {condition} '
            + upsert.format(key="dimension, value")
            for dimension, value, condition in _work_rows(row)
        ),
    }


def _sqlite_remove(row: str) -> dict[str, str]:
    return {
        "created": f'UPDATE {CREATED} SET "count" = "count" - 1 WHERE quarter = {QUARTER["sqlite"].format(row=row)};',
        "work": " ".join(
            f'UPDATE {COUNTS} SET "count" = "count" - 1 WHERE dimension = {dimension} AND value = {value} AND {condition};'
            for dimension, value, condition in _work_rows(row)
        ),
    }


def _work_rows(row: str) -> list[tuple[str, str, str]]:
    return [
        ("'corrected'", f"{row}.category", CORRECTED.format(row=row)),
        ("'unassigned_urgent'", "''", UNASSIGNED_URGENT.format(row=row)),
    ]


_add, _remove = _sqlite_add("new"), _sqlite_remove("old")
_work_involved = " OR ".join(c.format(row=r) for r in ("old", "new") for c in (UNASSIGNED_URGENT, CORRECTED))
SQLITE_TRIGGERS = [
    f"CREATE TRIGGER ticket_activity_insert AFTER INSERT ON {TICKETS} BEGIN {_add['created']} {_add['work']} END",
    f"CREATE TRIGGER ticket_activity_delete AFTER DELETE ON {TICKETS} "
    f"BEGIN {_remove['created']} {_remove['work']} END",
    f"CREATE TRIGGER ticket_activity_created_update AFTER UPDATE OF created_at ON {TICKETS} "
    f"WHEN old.created_at IS NOT new.created_at BEGIN {_remove['created']} {_add['created']} END",
    # Only tickets that were or become unassigned-urgent or corrected touch these counts.
    f"CREATE TRIGGER ticket_activity_work_update AFTER UPDATE OF {', '.join(WORK_FIELDS)} ON {TICKETS} "
    f"WHEN {_work_involved} BEGIN {_remove['work']} {_add['work']} END",
]
SQLITE_DROP = [
    f"DROP TRIGGER IF EXISTS ticket_activity_{name}" for name in ("insert", "delete", "created_update", "work_update")
]


# --- PostgreSQL ----------------------------------------------------------------------------------
def _pg_function(op: str, rows: str) -> str:
    work = ", ".join(f"({d}::varchar, {v}::varchar, {c})" for d, v, c in _work_rows("s"))
    return f"""
CREATE FUNCTION ticket_activity_on_{op}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO {COUNTS} (dimension, value, "count")
    SELECT d.dimension, d.value, sum(s.sign)
    FROM ({rows}) AS s
    CROSS JOIN LATERAL (VALUES {work}) AS d(dimension, value, counted)
    WHERE d.counted
    GROUP BY d.dimension, d.value
    HAVING sum(s.sign) <> 0
    ORDER BY d.dimension, d.value
    ON CONFLICT (dimension, value) DO UPDATE SET "count" = {COUNTS}."count" + EXCLUDED."count";
    INSERT INTO {CREATED} (quarter, "count")
    SELECT {QUARTER["postgresql"].format(row="s")}, sum(s.sign)
    FROM ({rows}) AS s
    GROUP BY 1
    HAVING sum(s.sign) <> 0
    ORDER BY 1
    ON CONFLICT (quarter) DO UPDATE SET "count" = {CREATED}."count" + EXCLUDED."count";
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
        f"CREATE TRIGGER ticket_activity_{op} AFTER {op.upper()} ON {TICKETS} REFERENCING {referencing} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION ticket_activity_on_{op}()",
    )
] + [
    # 0007's truncate trigger already empties the TicketCount rows.
    f"CREATE FUNCTION ticket_activity_on_truncate() RETURNS trigger LANGUAGE plpgsql AS $$ "
    f"BEGIN DELETE FROM {CREATED}; RETURN NULL; END $$",
    f"CREATE TRIGGER ticket_activity_truncate AFTER TRUNCATE ON {TICKETS} "
    f"FOR EACH STATEMENT EXECUTE FUNCTION ticket_activity_on_truncate()",
]
PG_DROP = [
    statement
    for op in ("insert", "delete", "update", "truncate")
    for statement in (
        f"DROP TRIGGER IF EXISTS ticket_activity_{op} ON {TICKETS}",
        f"DROP FUNCTION IF EXISTS ticket_activity_on_{op}()",
    )
]


# --- Both ----------------------------------------------------------------------------------------
def _recount(vendor: str) -> list[str]:
    """The counts of the tickets already stored, as the triggers would have kept them."""
    return [
        f"DELETE FROM {COUNTS} WHERE dimension IN ('unassigned_urgent', 'corrected')",
        f"DELETE FROM {CREATED}",
        f'INSERT INTO {COUNTS} (dimension, value, "count") '
        f"SELECT 'unassigned_urgent', '', COUNT(*) FROM {TICKETS} AS t WHERE {UNASSIGNED_URGENT.format(row='t')}",
        f'INSERT INTO {COUNTS} (dimension, value, "count") '
        f"SELECT 'corrected', category, COUNT(*) FROM {TICKETS} AS t WHERE {CORRECTED.format(row='t')} "
        "GROUP BY category",
        f'INSERT INTO {CREATED} (quarter, "count") '
        f"SELECT {QUARTER[vendor].format(row='t')}, COUNT(*) FROM {TICKETS} AS t GROUP BY 1",
    ]


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor not in ("sqlite", "postgresql"):
        return
    for statement in (SQLITE_TRIGGERS if vendor == "sqlite" else PG_TRIGGERS) + _recount(vendor):
        schema_editor.execute(statement, params=None)


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor not in ("sqlite", "postgresql"):
        return
    for statement in (SQLITE_DROP if vendor == "sqlite" else PG_DROP) + [
        f"DELETE FROM {COUNTS} WHERE dimension IN ('unassigned_urgent', 'corrected')"
    ]:
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("tickets", "0010_resolved_at_index")]
    operations = [
        migrations.CreateModel(
            name="CreatedCount",
            fields=[
                ("quarter", models.BigIntegerField(primary_key=True, serialize=False)),
                ("count", models.BigIntegerField(default=0)),
            ],
            options={"ordering": ("quarter",)},
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
