import pytest
from django.core.management import call_command

from tickets.choices import CATEGORY_CHOICES, PRIORITY_CHOICES, SENTIMENT_CHOICES, Status
from tickets.demo import DEMO_TICKETS
from tickets.models import Ticket

pytestmark = pytest.mark.django_db


def values(choices):
    return {value for value, _ in choices}


def test_seed_creates_a_demo_covering_every_outcome(capsys):
    call_command("seed_tickets")

    assert Ticket.objects.count() == len(DEMO_TICKETS) >= 30
    assert set(Ticket.objects.values_list("category", flat=True)) == values(CATEGORY_CHOICES)
    assert set(Ticket.objects.values_list("priority", flat=True)) == values(PRIORITY_CHOICES)
    assert set(Ticket.objects.values_list("sentiment", flat=True)) == values(SENTIMENT_CHOICES)
    assert set(Ticket.objects.values_list("status", flat=True)) == set(Status.values)
    assert len(set(Ticket.objects.values_list("customer_tier", flat=True))) >= 3
    assert len(set(Ticket.objects.values_list("source", flat=True))) >= 3
    assert f"Created {len(DEMO_TICKETS)}" in capsys.readouterr().out


def test_seed_twice_adds_nothing_and_says_so(capsys):
    call_command("seed_tickets")
    capsys.readouterr()

    call_command("seed_tickets")

    assert Ticket.objects.count() == len(DEMO_TICKETS)
    assert "nothing added" in capsys.readouterr().out


def test_seed_adds_its_set_beside_other_tickets(make_ticket):
    make_ticket()

    call_command("seed_tickets")

    assert Ticket.objects.count() == len(DEMO_TICKETS) + 1


def test_seeded_statuses_were_reached_through_recorded_events():
    call_command("seed_tickets")

    closed = Ticket.objects.filter(status="closed").first()
    assert list(closed.events.order_by("id").values_list("new_value", flat=True)) == [
        "in_progress",
        "resolved",
        "closed",
    ]
