import pytest
from django.core.management import CommandError, call_command

from tickets.models import Ticket, TicketEvent
from tickets.services import ticket_correct_triage
from triage.models import TriageRule

pytestmark = pytest.mark.django_db

PARCEL = {"subject": "Parcel", "message": "Where is my parcel? The tracking shows nothing."}


def test_dry_run_reports_changes_and_writes_nothing(make_ticket, capsys):
    ticket = make_ticket(**PARCEL)
    old_category = ticket.category
    TriageRule.objects.create(phrase="parcel*", target="category", value="billing", weight=9)

    call_command("retriage", "--dry-run")

    out = capsys.readouterr().out
    assert "Dry run" in out
    assert f"Category: {old_category} -> billing: 1" in out
    ticket.refresh_from_db()
    assert ticket.category == old_category
    assert not TicketEvent.objects.exists()


def test_retriage_applies_the_current_rules_and_records_engine_events(make_ticket, capsys):
    ticket = make_ticket(**PARCEL)
    old_category = ticket.category
    TriageRule.objects.create(phrase="parcel*", target="category", value="billing", weight=9)

    call_command("retriage", "--batch-size", "1")

    ticket.refresh_from_db()
    assert (ticket.category, ticket.assigned_team) == ("billing", "finance")
    event = TicketEvent.objects.get(ticket=ticket, field="category")
    assert (event.old_value, event.new_value, event.source) == (old_category, "billing", "engine")
    assert "1 tickets examined, 1 would change or changed." in capsys.readouterr().out


def test_retriage_keeps_staff_corrections(make_ticket, alice):
    ticket = make_ticket(**PARCEL)
    ticket_correct_triage(ticket=ticket, changes={"category": "sales"}, actor=alice)
    TriageRule.objects.create(phrase="parcel*", target="category", value="billing", weight=9)

    call_command("retriage")

    ticket.refresh_from_db()
    assert ticket.category == "sales"


def test_since_limits_the_tickets(make_ticket, capsys):
    from datetime import timedelta

    from django.utils import timezone

    old = make_ticket(**PARCEL, created_at=timezone.now() - timedelta(days=30))
    new = make_ticket(**PARCEL)
    TriageRule.objects.create(phrase="parcel*", target="category", value="billing", weight=9)

    call_command("retriage", "--since", (timezone.now() - timedelta(days=1)).date().isoformat())

    assert Ticket.objects.get(pk=new.pk).category == "billing"
    assert Ticket.objects.get(pk=old.pk).category != "billing"


def test_since_must_be_a_date():
    with pytest.raises(CommandError, match="--since takes a date"):
        call_command("retriage", "--since", "last tuesday")
