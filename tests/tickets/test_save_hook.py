"""The engine runs from Ticket.save(): on creation, on a change of its inputs, and never over staff corrections."""

import pytest

from tickets.models import Ticket, TicketEvent
from tickets.services import ticket_correct_triage
from tickets.triaging import current_rules, facts_for
from triage.engine import triage

pytestmark = pytest.mark.django_db


def test_create_in_code_is_triaged_like_the_api(reference_ticket):
    ticket = Ticket.objects.create(**reference_ticket)

    assert (ticket.category, ticket.priority, ticket.priority_score) == ("technical", "urgent", 95)
    assert (ticket.sentiment, ticket.assigned_team, ticket.status) == ("neutral", "technical_support", "open")
    assert ticket.suggested_reply and ticket.next_action
    assert ticket.triage_reasons and ticket.rules_version


def test_stored_reasons_are_the_engines_reasons_as_dicts(reference_ticket):
    ticket = Ticket.objects.create(**reference_ticket)

    decision = triage(facts_for(ticket), current_rules())
    assert ticket.triage_reasons == [reason.as_dict() for reason in decision.reasons]
    ticket.refresh_from_db()
    assert ticket.triage_reasons == [reason.as_dict() for reason in decision.reasons]


def test_first_triage_is_part_of_the_ticket_not_an_event(reference_ticket):
    ticket = Ticket.objects.create(**reference_ticket)

    assert not TicketEvent.objects.filter(ticket=ticket).exists()


def test_editing_the_message_re_triages_and_records_engine_events(make_ticket):
    ticket = make_ticket(subject="Dark mode", message="Feature request: a dark mode would be lovely. No rush.")
    assert ticket.category == "general"

    ticket.subject = "Charged twice"
    ticket.message = "You charged my credit card twice this month. Please refund the duplicate charge."
    ticket.save()

    ticket.refresh_from_db()
    assert ticket.category == "billing" and ticket.assigned_team == "finance"
    event = TicketEvent.objects.get(ticket=ticket, field="category")
    assert (event.old_value, event.new_value, event.source, event.actor) == ("general", "billing", "engine", None)


def test_raising_the_tier_re_triages(make_ticket):
    ticket = make_ticket(subject="Error", message="The export fails with an error every time.", customer_tier="free")
    before = ticket.priority_score

    ticket.customer_tier = "enterprise"
    ticket.save()

    assert ticket.priority_score > before


def test_saving_without_input_changes_does_not_re_triage(make_ticket):
    ticket = make_ticket()
    Ticket.objects.filter(pk=ticket.pk).update(category="sales")
    ticket = Ticket.objects.get(pk=ticket.pk)

    ticket.customer_name = "New Name"
    ticket.save()

    ticket.refresh_from_db()
    assert ticket.category == "sales"


def test_staff_correction_survives_a_re_triage(make_ticket, alice):
    ticket = make_ticket(subject="Charged twice", message="You charged my card twice, please refund me.")
    ticket_correct_triage(ticket=ticket, changes={"category": "account", "priority": "urgent"}, actor=alice)

    ticket.message = "You charged my card twice and the invoice is wrong, please refund the charge."
    ticket.save()

    ticket.refresh_from_db()
    assert (ticket.category, ticket.priority) == ("account", "urgent")
    assert ticket.category_corrected and ticket.priority_corrected
    assert ticket.assigned_team == "customer_success"  # the team follows the corrected category
    assert 85 <= ticket.priority_score <= 100


def test_correction_is_recorded_as_a_person_event(make_ticket, alice):
    ticket = make_ticket(subject="Charged twice", message="You charged my card twice, please refund me.")

    ticket_correct_triage(ticket=ticket, changes={"sentiment": "positive"}, actor=alice)

    event = TicketEvent.objects.get(ticket=ticket, field="sentiment")
    assert (event.new_value, event.actor, event.source) == ("positive", alice, "person")


def test_priority_score_outside_0_100_is_refused_by_the_database(make_ticket):
    from django.db import IntegrityError, transaction

    ticket = make_ticket()

    with pytest.raises(IntegrityError), transaction.atomic():
        Ticket.objects.filter(pk=ticket.pk).update(priority_score=101)


def test_unknown_status_is_refused_by_the_database(make_ticket):
    from django.db import IntegrityError, transaction

    ticket = make_ticket()

    with pytest.raises(IntegrityError), transaction.atomic():
        Ticket.objects.filter(pk=ticket.pk).update(status="pending")
