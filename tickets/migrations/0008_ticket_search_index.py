"""The full-text index behind the `q` filter (see tickets/search.py), kept in step by triggers.

SQLite: an FTS5 table with the ticket table as external content.
PostgreSQL: a stored tsvector column, filled by a trigger, with a GIN index.
Both read the four searched fields with punctuation as a separator, lower
case and without accents.
"""

from django.db import migrations

TICKETS = "tickets_ticket"
FIELDS = ("subject", "message", "customer_name", "customer_email")

# --- SQLite --------------------------------------------------------------------------------------
_columns = ", ".join(FIELDS)


def _fts_values(row: str) -> str:
    return ", ".join(f"{row}.{field}" for field in FIELDS)


SQLITE_CREATE = [
    f"CREATE VIRTUAL TABLE ticket_search USING fts5({_columns}, content='{TICKETS}', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 2')",
    f"CREATE TRIGGER ticket_search_insert AFTER INSERT ON {TICKETS} BEGIN "
    f"INSERT INTO ticket_search (rowid, {_columns}) VALUES (new.id, {_fts_values('new')}); END",
    f"CREATE TRIGGER ticket_search_delete AFTER DELETE ON {TICKETS} BEGIN "
    f"INSERT INTO ticket_search (ticket_search, rowid, {_columns}) VALUES ('delete', old.id, {_fts_values('old')}); END",
    f"CREATE TRIGGER ticket_search_update AFTER UPDATE OF {_columns} ON {TICKETS} BEGIN "
    f"INSERT INTO ticket_search (ticket_search, rowid, {_columns}) VALUES ('delete', old.id, {_fts_values('old')}); "
    f"INSERT INTO ticket_search (rowid, {_columns}) VALUES (new.id, {_fts_values('new')}); END",
    "INSERT INTO ticket_search (ticket_search) VALUES ('rebuild')",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS ticket_search_insert",
    "DROP TRIGGER IF EXISTS ticket_search_delete",
    "DROP TRIGGER IF EXISTS ticket_search_update",
    "DROP TABLE IF EXISTS ticket_search",
]

# --- PostgreSQL ----------------------------------------------------------------------------------
# unaccent() is STABLE (it reads a dictionary); pinning the dictionary makes this wrapper safe to
# declare IMMUTABLE, which a query planner needs to treat the searched text as a constant.
_document = " || ' ' || ".join(f"coalesce(NEW.{field}, '')" for field in FIELDS)
PG_CREATE = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE FUNCTION supportflow_unaccent(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT "
    "AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$",
    f"ALTER TABLE {TICKETS} ADD COLUMN search_vector tsvector",
    f"""CREATE FUNCTION ticket_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_vector := to_tsvector('simple', supportflow_unaccent(regexp_replace({_document}, '[[:punct:]]+', ' ', 'g')));
    RETURN NEW;
END $$""",
    f"CREATE TRIGGER ticket_search_vector BEFORE INSERT OR UPDATE OF {_columns} ON {TICKETS} "
    "FOR EACH ROW EXECUTE FUNCTION ticket_search_vector()",
    # Touching the searched fields fires the trigger for the tickets already stored.
    f"UPDATE {TICKETS} SET subject = subject",
    f"CREATE INDEX ticket_search_vector_gin ON {TICKETS} USING GIN (search_vector)",
]
PG_DROP = [
    "DROP INDEX IF EXISTS ticket_search_vector_gin",
    f"DROP TRIGGER IF EXISTS ticket_search_vector ON {TICKETS}",
    "DROP FUNCTION IF EXISTS ticket_search_vector()",
    f"ALTER TABLE {TICKETS} DROP COLUMN IF EXISTS search_vector",
    "DROP FUNCTION IF EXISTS supportflow_unaccent(text)",
]


def create_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = {"sqlite": SQLITE_CREATE, "postgresql": PG_CREATE}.get(vendor, [])
    for statement in statements:
        schema_editor.execute(statement, params=None)


def drop_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = {"sqlite": SQLITE_DROP, "postgresql": PG_DROP}.get(vendor, [])
    for statement in statements:
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("tickets", "0007_ticket_count_triggers")]
    operations = [migrations.RunPython(create_index, drop_index)]
