"""The rule store: the default pack is active after migrate, and staff edits apply to the next ticket."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from tickets.models import Ticket
from triage.models import TeamRoute, TriageRule, active_ruleset, sync_default_pack
from triage.rules import load_default_rules

pytestmark = pytest.mark.django_db

SHIPMENT = {
    "customer_name": "Pat",
    "customer_email": "pat@example.com",
    "subject": "Parcel question",
    "message": "Where is my parcel? The courier tracking page shows nothing.",
}


def test_default_pack_is_active_right_after_migrate():
    default = load_default_rules()

    active = active_ruleset()

    assert active.version == default.version
    assert len(active.rules) == len(default.rules)
    assert dict(active.team_for_category) == dict(default.team_for_category)


def test_a_rule_added_by_staff_changes_the_next_ticket_without_a_restart():
    before = Ticket.objects.create(**SHIPMENT)
    assert before.category != "billing"

    TriageRule.objects.create(phrase="parcel*", target="category", value="billing", weight=9)
    after = Ticket.objects.create(**SHIPMENT)

    assert after.category == "billing"
    assert after.assigned_team == "finance"
    assert after.rules_version != before.rules_version
    assert any(reason["rule"] == "parcel*" for reason in after.triage_reasons)


def test_a_disabled_rule_stops_voting():
    rule = TriageRule.objects.create(phrase="parcel*", target="category", value="billing", weight=9)
    assert Ticket.objects.create(**SHIPMENT).category == "billing"

    rule.active = False
    rule.save()

    assert Ticket.objects.create(**SHIPMENT).category != "billing"


def test_a_deleted_rule_stops_voting():
    rule = TriageRule.objects.create(phrase="parcel*", target="category", value="billing", weight=9)
    assert Ticket.objects.create(**SHIPMENT).category == "billing"

    TriageRule.objects.filter(pk=rule.pk).delete()

    assert Ticket.objects.create(**SHIPMENT).category != "billing"


def test_team_route_change_applies_to_the_next_ticket(reference_ticket):
    TeamRoute.objects.filter(category="technical").update(team="support")
    # update() bypasses auto_now; touch the row as the admin would.
    TeamRoute.objects.get(category="technical").save()

    ticket = Ticket.objects.create(**reference_ticket)

    assert (ticket.category, ticket.assigned_team) == ("technical", "support")


@pytest.mark.parametrize(
    ("phrase", "message"),
    [
        ("", "empty"),
        ("refu*nd", "'*' may only end a word"),
        ("(a+)+$", "not allowed"),
        ("*", "must end a word"),
        ("x" * 81, "at most 80"),
    ],
)
def test_invalid_phrase_is_refused_with_a_clear_message(phrase, message):
    rule = TriageRule(phrase=phrase, target="category", value="billing", weight=1)

    with pytest.raises(ValidationError) as refused:
        rule.full_clean()

    assert message in " ".join(refused.value.message_dict["phrase"])


def test_value_must_belong_to_the_target():
    rule = TriageRule(phrase="parcel", target="sentiment", value="billing", weight=1)

    with pytest.raises(ValidationError) as refused:
        rule.full_clean()

    assert "value" in refused.value.message_dict


def test_phrase_is_kept_as_written_with_spaces_tidied():
    rule = TriageRule(phrase="  Parcel   Tracking  ", target="category", value="general", weight=1)

    rule.full_clean()

    assert rule.phrase == "Parcel Tracking"


def test_rule_written_in_another_form_matches_its_inflections():
    TriageRule.objects.create(phrase="Parcels", target="category", value="billing", weight=9)

    ticket = Ticket.objects.create(**SHIPMENT)

    assert ticket.category == "billing"


def test_syncing_the_default_pack_after_migrate_changes_nothing():
    report = sync_default_pack()

    assert (report.added, report.updated, report.removed) == (0, 0, 0)


def test_syncing_restores_pack_rules_and_weights_but_keeps_staff_edits():
    # given: one pack rule lost, one re-weighed outside the admin, one edited by staff in the admin
    lost, drifted, edited = TriageRule.objects.filter(origin="default")[:3]
    lost.delete()
    TriageRule.objects.filter(pk=drifted.pk).update(weight=9.5)
    TriageRule.objects.filter(pk=edited.pk).update(created_at=timezone.now() - timedelta(days=1))
    edited.refresh_from_db()
    edited.weight = 7.5
    edited.save()

    # when
    report = sync_default_pack()

    # then
    assert (report.added, report.updated, report.kept_staff_edits) == (1, 1, 1)
    assert TriageRule.objects.filter(phrase=lost.phrase, target=lost.target, value=lost.value).exists()
    drifted.refresh_from_db()
    edited.refresh_from_db()
    assert drifted.weight != 9.5
    assert edited.weight == 7.5


def test_sync_command_reports_what_it_did(capsys):
    call_command("sync_default_rules")

    assert "0 added, 0 updated, 0 removed" in capsys.readouterr().out


def test_an_empty_store_triages_by_the_shipped_pack(reference_ticket):
    TriageRule.objects.all().delete()

    ticket = Ticket.objects.create(**reference_ticket)

    assert active_ruleset().version == load_default_rules().version
    assert (ticket.category, ticket.priority, ticket.priority_score) == ("technical", "urgent", 95)
