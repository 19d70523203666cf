"""Load the default rule pack (triage/default_rules.toml) and team routes, so triage works right after migrate."""

from django.db import migrations


def load_default_pack(apps, schema_editor):
    from triage.models import sync_default_pack

    sync_default_pack(apps.get_model("triage", "TriageRule"), apps.get_model("triage", "TeamRoute"))


def unload_default_pack(apps, schema_editor):
    apps.get_model("triage", "TriageRule").objects.filter(origin="default").delete()
    apps.get_model("triage", "TeamRoute").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("triage", "0001_initial")]
    operations = [migrations.RunPython(load_default_pack, unload_default_pack)]
