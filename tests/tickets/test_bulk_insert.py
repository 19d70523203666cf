"""The import's batch insert: counts and search index exact, all or nothing, triggers back for other writes."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import IntegrityError, connection

from tests.tickets.test_counts import fresh_counts, kept_counts, without_zeros
from tickets.bulk_insert import insert_tickets
from tickets.models import Ticket
from tickets.ticket_rows import TicketBuilder
from tickets.triaging import apply_triage

pytestmark = pytest.mark.django_db

MESSAGES = (
    "Production is down for everyone, all of our team is blocked.",
    "I was charged twice, please refund me.",
    "Feature request: dark mode would be nice, no rush.",
    "Zebra crossing sign on the login page is broken.",
)


def new_tickets(count: int, **fields) -> list[Ticket]:
    tickets = []
    for i in range(count):
        ticket = Ticket(
            customer_name=f"Bulk {i}",
            customer_email=f"bulk{i}@example.com",
            message=MESSAGES[i % len(MESSAGES)],
            status=("open", "in_progress", "resolved")[i % 3],
            **fields,
        )
        apply_triage(ticket)
        tickets.append(ticket)
    return tickets


def guard_rows() -> int:
    if connection.vendor != "sqlite":
        return 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM ticket_bulk_load")
        return cursor.fetchone()[0]


def test_a_batch_is_counted_and_searchable_beside_tickets_written_one_by_one(make_ticket, staff_client):
    # given: tickets that the triggers counted
    make_ticket(message="Please refund me, zebra.")
    make_ticket(message="Everything is down!")

    # when
    assert insert_tickets(new_tickets(12)) == 12

    # then
    assert Ticket.objects.count() == 14
    assert kept_counts() == without_zeros(fresh_counts())
    assert staff_client.get("/api/tickets/", {"q": "zebra"}).json()["count"] == 4
    assert guard_rows() == 0
    stored = Ticket.objects.get(customer_name="Bulk 1")
    assert stored.triage_reasons and stored.rules_version and stored.created_at and stored.updated_at


def test_a_batch_adds_the_activity_counts_and_resolution_times_the_row_triggers_would(make_ticket, alice):
    # given: history across quarter hours and days, before 1970 too, resolutions of every length,
    # corrections and unassigned urgent tickets, beside tickets the triggers counted
    make_ticket(message="Production is down for everyone!", status="resolved")
    make_ticket(message="I was charged twice.", category="technical", category_corrected=True)
    batch = new_tickets(24)
    start = datetime(2025, 3, 1, 23, 44, 59, 999_999, tzinfo=UTC)
    for i, ticket in enumerate(batch):
        ticket.created_at = (
            start + timedelta(minutes=7 * i, microseconds=i) if i != 5 else datetime(1969, 12, 31, 23, 50, tzinfo=UTC)
        )
        if ticket.status == "resolved":
            ticket.resolved_at = ticket.created_at + timedelta(hours=i, seconds=i, microseconds=3 * i)
        ticket.priority_corrected = i % 5 == 0
        ticket.assignee = alice if i % 4 == 0 else None
    batch[3].status, batch[3].resolved_at = "closed", batch[3].created_at + timedelta(days=2)
    batch[6].priority = "urgent"

    # when
    insert_tickets(batch)

    # then
    assert kept_counts() == without_zeros(fresh_counts())
    counted = {key for key in kept_counts() if key[0] in ("quarter", "resolution", "resolved", "corrected")}
    assert len([key for key in counted if key[0] == "resolution"]) >= 9
    assert {key[0] for key in counted} == {"quarter", "resolution", "resolved", "corrected"}


def test_the_triggers_still_count_writes_after_a_batch(make_ticket, staff_client):
    insert_tickets(new_tickets(3))

    make_ticket(message="A zebra ate my invoice.")
    Ticket.objects.filter(customer_name="Bulk 0").update(status="closed")
    Ticket.objects.filter(customer_name="Bulk 1").delete()

    assert kept_counts() == without_zeros(fresh_counts())
    assert staff_client.get("/api/tickets/", {"q": "zebra"}).json()["count"] == 1


def test_a_failing_batch_leaves_nothing_behind(make_ticket):
    # given: a counted ticket, and a batch whose last row breaks a constraint
    make_ticket()
    before = kept_counts()
    batch = new_tickets(5)
    batch[-1].category = "nonsense"

    # when
    with pytest.raises(IntegrityError):
        insert_tickets(batch)

    # then: no row, no count, no guard left; the next write is counted by the triggers
    assert Ticket.objects.count() == 1
    assert kept_counts() == before
    assert guard_rows() == 0
    make_ticket()
    assert kept_counts() == without_zeros(fresh_counts())


@pytest.mark.parametrize(
    "values",
    [
        {"customer_name": "Ava", "customer_email": "ava@example.com", "message": "Hi"},
        {
            "customer_name": "Ben",
            "customer_email": "ben@example.com",
            "subject": "Old",
            "message": "Refund please",
            "source": "chat",
            "customer_tier": "premium",
            "status": "resolved",
            "created_at": datetime(2025, 3, 1, 10, tzinfo=UTC),
        },
    ],
)
def test_the_builder_makes_the_ticket_the_model_makes(values):
    built, made = TicketBuilder()(values), Ticket(**values)

    state = {k: v for k, v in built.__dict__.items() if k not in ("_state", "created_at")}
    assert state == {k: v for k, v in made.__dict__.items() if k not in ("_state", "created_at")}
    assert abs(built.created_at - made.created_at) < timedelta(seconds=5)
    assert (built._state.adding, built._state.db) == (made._state.adding, made._state.db) == (True, None)
    assert built.triage_reasons is not made.triage_reasons  # a fresh default list each
