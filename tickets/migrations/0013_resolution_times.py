"""Triggers that keep TicketResolution and ResolvedCount exact in the writing transaction.

A ticket counts while its status is resolved or closed and resolved_at is set:
TicketResolution holds its resolution time (microseconds, and whole hours as the
bucket), ResolvedCount how many such tickets each (UTC day of resolved_at, hours)
has. The median resolution time counts its window by bucket from ResolvedCount
and reads only the middle bucket's rows from TicketResolution.

Same shape as 0007 and 0011: SQLite row triggers, PostgreSQL statement triggers
over the transition tables with upserts in key order; the migration fills both
tables from the tickets already stored.
"""

from django.db import migrations, models

TICKETS = "tickets_ticket"
TIMES = "tickets_ticketresolution"
COUNTS = "tickets_resolvedcount"
RESOLVED = "({row}.status IN ('resolved', 'closed') AND {row}.resolved_at IS NOT NULL)"


# Exact integers, the floors tickets.analytics computes with timedelta arithmetic. On SQLite the
# whole seconds come from the stored text without its fraction (strftime would round that to
# milliseconds), the microseconds from the six digits after it (Django leaves them out when
# zero); the shifts (10^6 days, 10^6 hours) keep integer division a floor for negative values.
def _seconds(column: str) -> str:
    return f"CAST(strftime('%s', substr({column}, 1, 19)) AS INTEGER)"


def _micros(column: str) -> str:
    return f"CAST(substr({column} || '.000000', 21, 6) AS INTEGER)"


_SQLITE_US = (
    "(({seconds_end} - {seconds_start}) * 1000000 + {micros_end} - {micros_start})".format(
        seconds_end=_seconds("{row}.resolved_at"),
        seconds_start=_seconds("{row}.created_at"),
        micros_end=_micros("{row}.resolved_at"),
        micros_start=_micros("{row}.created_at"),
    )
)
_PG_SECONDS = "(extract(epoch FROM {row}.resolved_at) - extract(epoch FROM {row}.created_at))"
EXPRESSIONS = {
    "sqlite": {
        "microseconds": _SQLITE_US,
        "hours": f"(({_SQLITE_US} + 3600000000000000) / 3600000000 - 1000000)",
        "day": f"(({_seconds('{row}.resolved_at')} + 86400000000) / 86400 - 1000000)",
    },
    "postgresql": {
        "microseconds": f"({_PG_SECONDS} * 1000000)::bigint",
        "hours": f"floor({_PG_SECONDS} / 3600)::bigint",
        "day": "floor(extract(epoch FROM {row}.resolved_at) / 86400)::bigint",
    },
}


def _values(vendor: str, row: str) -> dict[str, str]:
    return {name: sql.format(row=row) for name, sql in EXPRESSIONS[vendor].items()}


# --- SQLite --------------------------------------------------------------------------------------
def _sqlite_add(row: str) -> str:
    v, resolved = _values("sqlite", row), RESOLVED.format(row=row)
    return (
        f"INSERT INTO {TIMES} (ticket_id, resolved_at, microseconds, hours) "
        f"SELECT {row}.id, {row}.resolved_at, {v['microseconds']}, {v['hours']} WHERE {resolved}; "
        f'INSERT INTO {COUNTS} (day, hours, "count") SELECT {v["day"]}, {v["hours"]}, 1 WHERE {resolved} '
        'ON CONFLICT (day, hours) DO UPDATE SET "count" = "count" + 1;'
    )


def _sqlite_remove(row: str) -> str:
    # UPDATE only, as in 0007: a flush that empties the counts first re-creates nothing.
    v, resolved = _values("sqlite", row), RESOLVED.format(row=row)
    return (
        f"DELETE FROM {TIMES} WHERE ticket_id = {row}.id; "
        f'UPDATE {COUNTS} SET "count" = "count" - 1 WHERE day = {v["day"]} AND hours = {v["hours"]} AND {resolved};'
    )


_involved = (
    f"({RESOLVED.format(row='old')} OR {RESOLVED.format(row='new')}) AND (old.status IS NOT new.status "
    "OR old.resolved_at IS NOT new.resolved_at OR old.created_at IS NOT new.created_at)"
)
SQLITE_TRIGGERS = [
    f"CREATE TRIGGER ticket_resolution_insert AFTER INSERT ON {TICKETS} BEGIN {_sqlite_add('new')} END",
    f"CREATE TRIGGER ticket_resolution_delete AFTER DELETE ON {TICKETS} BEGIN {_sqlite_remove('old')} END",
    f"CREATE TRIGGER ticket_resolution_update AFTER UPDATE OF status, resolved_at, created_at ON {TICKETS} "
    f"WHEN {_involved} BEGIN {_sqlite_remove('old')} {_sqlite_add('new')} END",
]
SQLITE_DROP = [f"DROP TRIGGER IF EXISTS ticket_resolution_{op}" for op in ("insert", "delete", "update")]


# --- PostgreSQL ----------------------------------------------------------------------------------
# An update counts only for the rows whose resolution fields changed (ids never change).
_CHANGED = (
    "FROM old_rows AS o JOIN new_rows AS n ON n.id = o.id "
    "WHERE (o.status, o.resolved_at, o.created_at) IS DISTINCT FROM (n.status, n.resolved_at, n.created_at)"
)
PG_SOURCES = {  # op: (referencing, the rows that stop counting, the rows that start counting)
    "insert": ("NEW TABLE AS new_rows", None, "SELECT * FROM new_rows"),
    "delete": ("OLD TABLE AS old_rows", "SELECT * FROM old_rows", None),
    "update": ("OLD TABLE AS old_rows NEW TABLE AS new_rows", f"SELECT o.* {_CHANGED}", f"SELECT n.* {_CHANGED}"),
}


def _pg_function(op: str, gone: str | None, come: str | None) -> str:
    v, resolved = _values("postgresql", "s"), RESOLVED.format(row="s")
    signed = " UNION ALL ".join(
        f"SELECT *, {sign} AS sign FROM ({rows}) AS r" for rows, sign in ((gone, -1), (come, 1)) if rows
    )
    statements = []
    if gone:
        statements.append(f"DELETE FROM {TIMES} WHERE ticket_id IN (SELECT s.id FROM ({gone}) AS s WHERE {resolved});")
    if come:
        statements.append(
            f"INSERT INTO {TIMES} (ticket_id, resolved_at, microseconds, hours) "
            f"SELECT s.id, s.resolved_at, {v['microseconds']}, {v['hours']} FROM ({come}) AS s WHERE {resolved};"
        )
    statements.append(
        f'INSERT INTO {COUNTS} (day, hours, "count") '
        f"SELECT {v['day']}, {v['hours']}, sum(s.sign) FROM ({signed}) AS s WHERE {resolved} "
        "GROUP BY 1, 2 HAVING sum(s.sign) <> 0 ORDER BY 1, 2 "
        f'ON CONFLICT (day, hours) DO UPDATE SET "count" = {COUNTS}."count" + EXCLUDED."count";'
    )
    body = "\n    ".join(statements)
    return (
        f"CREATE FUNCTION ticket_resolution_on_{op}() RETURNS trigger LANGUAGE plpgsql AS $$\n"
        f"BEGIN\n    {body}\n    RETURN NULL;\nEND $$"
    )


PG_TRIGGERS = [
    statement
    for op, (referencing, gone, come) in PG_SOURCES.items()
    for statement in (
        _pg_function(op, gone, come),
        f"CREATE TRIGGER ticket_resolution_{op} AFTER {op.upper()} ON {TICKETS} REFERENCING {referencing} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION ticket_resolution_on_{op}()",
    )
] + [
    f"CREATE FUNCTION ticket_resolution_on_truncate() RETURNS trigger LANGUAGE plpgsql AS $$ "
    f"BEGIN DELETE FROM {TIMES}; DELETE FROM {COUNTS}; RETURN NULL; END $$",
    f"CREATE TRIGGER ticket_resolution_truncate AFTER TRUNCATE ON {TICKETS} "
    f"FOR EACH STATEMENT EXECUTE FUNCTION ticket_resolution_on_truncate()",
]
PG_DROP = [
    statement
    for op in ("insert", "delete", "update", "truncate")
    for statement in (
        f"DROP TRIGGER IF EXISTS ticket_resolution_{op} ON {TICKETS}",
        f"DROP FUNCTION IF EXISTS ticket_resolution_on_{op}()",
    )
]


# --- Both ----------------------------------------------------------------------------------------
def _refill(vendor: str) -> list[str]:
    """Both tables for the tickets already stored, as the triggers would have kept them."""
    v, resolved = _values(vendor, "t"), RESOLVED.format(row="t")
    return [
        f"DELETE FROM {TIMES}",
        f"DELETE FROM {COUNTS}",
        f"INSERT INTO {TIMES} (ticket_id, resolved_at, microseconds, hours) "
        f"SELECT t.id, t.resolved_at, {v['microseconds']}, {v['hours']} FROM {TICKETS} AS t WHERE {resolved}",
        f'INSERT INTO {COUNTS} (day, hours, "count") '
        f"SELECT {v['day']}, {v['hours']}, COUNT(*) FROM {TICKETS} AS t WHERE {resolved} GROUP BY 1, 2",
    ]


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor not in ("sqlite", "postgresql"):
        return
    for statement in (SQLITE_TRIGGERS if vendor == "sqlite" else PG_TRIGGERS) + _refill(vendor):
        schema_editor.execute(statement, params=None)


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor not in ("sqlite", "postgresql"):
        return
    for statement in SQLITE_DROP if vendor == "sqlite" else PG_DROP:
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):

    dependencies = [
        ('tickets', '0012_resolved_window_index'),
    ]

    operations = [
        migrations.CreateModel(
            name='ResolvedCount',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('day', models.BigIntegerField()),
                ('hours', models.BigIntegerField()),
                ('count', models.BigIntegerField(default=0)),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('day', 'hours'), name='resolved_count_unique')],
            },
        ),
        migrations.CreateModel(
            name='TicketResolution',
            fields=[
                ('ticket_id', models.BigIntegerField(primary_key=True, serialize=False)),
                ('resolved_at', models.DateTimeField()),
                ('microseconds', models.BigIntegerField()),
                ('hours', models.BigIntegerField()),
            ],
            options={
                'indexes': [models.Index(fields=['hours', 'resolved_at', 'microseconds'], name='resolution_hours_window'), models.Index(fields=['resolved_at', 'hours'], name='resolution_resolved_at')],
            },
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
