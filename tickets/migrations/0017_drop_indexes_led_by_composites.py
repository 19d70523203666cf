"""Drop the single-column indexes on status and created_at: composite indexes lead with each.

ticket_status_priority starts with status; ticket_newest_first and
ticket_summary_cover start with created_at. Their own indexes answered no
query the composites cannot, and every insert and status change paid for
them. The indexes are dropped by name: an AlterField would make SQLite
rebuild the table, and with it drop the ticket triggers.
"""

import django.utils.timezone
from django.db import migrations, models

STATUS, CREATED = "tickets_ticket_status_384e643a", "tickets_ticket_created_at_95bb8d8e"
STATUS_LIKE = f"{STATUS}_like"  # PostgreSQL's varchar_pattern_ops twin of a CharField index


def drop_indexes(apps, schema_editor):
    for name in (STATUS, STATUS_LIKE, CREATED):
        schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(name)}", params=None)


def recreate_indexes(apps, schema_editor):
    quote = schema_editor.quote_name
    schema_editor.execute(f"CREATE INDEX {quote(STATUS)} ON tickets_ticket (status)", params=None)
    schema_editor.execute(f"CREATE INDEX {quote(CREATED)} ON tickets_ticket (created_at)", params=None)
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX {quote(STATUS_LIKE)} ON tickets_ticket (status varchar_pattern_ops)", params=None
        )


class Migration(migrations.Migration):
    dependencies = [("tickets", "0016_summary_cover_activity")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="ticket",
                    name="created_at",
                    field=models.DateTimeField(default=django.utils.timezone.now),
                ),
                migrations.AlterField(
                    model_name="ticket",
                    name="status",
                    field=models.CharField(
                        choices=[
                            ("open", "Open"),
                            ("in_progress", "In progress"),
                            ("waiting_customer", "Waiting on customer"),
                            ("resolved", "Resolved"),
                            ("closed", "Closed"),
                        ],
                        default="open",
                        max_length=20,
                    ),
                ),
            ],
            database_operations=[migrations.RunPython(drop_indexes, recreate_indexes)],
        )
    ]
