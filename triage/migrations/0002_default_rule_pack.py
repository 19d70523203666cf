"""Load the default rule pack (triage/default_rules.toml) and team routes, so triage works right after migrate."""

from django.db import migrations


def load_default_pack(apps, schema_editor):
    from triage.rules import load_default_rules

    TriageRule = apps.get_model("triage", "TriageRule")
    TeamRoute = apps.get_model("triage", "TeamRoute")
    pack = load_default_rules()
    seen = set()
    rules = []
    for rule in pack.rules:
        key = (rule.phrase, rule.target, rule.value)
        if key in seen:
            continue
        seen.add(key)
        rules.append(
            TriageRule(
                phrase=rule.phrase, target=rule.target, value=rule.value, weight=rule.weight,
                note=rule.note[:200], origin="default", active=True,
            )
        )
    TriageRule.objects.bulk_create(rules)
    TeamRoute.objects.bulk_create(
        TeamRoute(category=category, team=team) for category, team in pack.team_for_category.items()
    )


def unload_default_pack(apps, schema_editor):
    apps.get_model("triage", "TriageRule").objects.filter(origin="default").delete()
    apps.get_model("triage", "TeamRoute").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("triage", "0001_initial")]
    operations = [migrations.RunPython(load_default_pack, unload_default_pack)]
