"""The two roles of a support team, as groups with model permissions.

Permissions are normally created after `migrate` finishes; this migration
creates them first, so the groups get every permission on a fresh database.
The lists are frozen here on purpose: a later change of roles is a new migration.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

AGENT_PERMISSIONS = [
    ("tickets", "view_ticket"),
    ("tickets", "add_ticket"),
    ("tickets", "change_ticket"),
    ("tickets", "change_ticket_status"),
    ("tickets", "assign_ticket"),
    ("tickets", "view_ticketnote"),
    ("tickets", "add_ticketnote"),
    ("tickets", "view_ticketevent"),
]
LEAD_PERMISSIONS = [
    *AGENT_PERMISSIONS,
    ("tickets", "correct_triage"),
    ("tickets", "view_analytics"),
    ("tickets", "export_tickets"),
    ("triage", "view_triagerule"),
    ("triage", "add_triagerule"),
    ("triage", "change_triagerule"),
    ("triage", "delete_triagerule"),
    ("triage", "view_teamroute"),
    ("triage", "change_teamroute"),
]
ROLES = {"Agents": AGENT_PERMISSIONS, "Leads": LEAD_PERMISSIONS}


def ensure_permissions(apps):
    for app_config in apps.get_app_configs():
        # create_permissions skips apps without a models module; the migration state has none.
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def create_roles(apps, schema_editor):
    ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, wanted in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        for app_label, codename in wanted:
            group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("tickets", "0003_ticket_permissions"),
        ("triage", "0002_default_rule_pack"),
    ]
    operations = [migrations.RunPython(create_roles, remove_roles)]
