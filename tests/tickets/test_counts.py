"""The summary counts kept by database triggers always equal a fresh count of the tickets."""

import pytest
from django.db.models import Count, Q, Sum

from tickets.analytics import DIMENSIONS, OPEN_STATUSES, dimension_counts, maintained_counts, summary
from tickets.models import Ticket, TicketCount
from tickets.services import ticket_change_status, ticket_correct_triage

pytestmark = pytest.mark.django_db


def fresh_counts() -> dict[tuple[str, str], int]:
    """Every dimension by GROUP BY over the tickets, as the triggers should have kept it."""
    counts = {}
    for field, _ in DIMENSIONS.values():
        for row in Ticket.objects.order_by().values(field).annotate(n=Count("id")):
            counts[(field, row[field])] = row["n"]
    counts[("total", "")] = Ticket.objects.count()
    counts[("priority_score_sum", "")] = Ticket.objects.aggregate(s=Sum("priority_score"))["s"] or 0
    counts[("open_urgent", "")] = Ticket.objects.filter(priority="urgent", status__in=OPEN_STATUSES).count()
    return counts


def kept_counts() -> dict[tuple[str, str], int]:
    """The maintained rows, zeros left out (a value no ticket has any more keeps a row at 0)."""
    rows = TicketCount.objects.values_list("dimension", "value", "count")
    return {(dimension, value): count for dimension, value, count in rows if count}


def without_zeros(counts: dict[tuple[str, str], int]) -> dict[tuple[str, str], int]:
    return {key: count for key, count in counts.items() if count}


def test_counts_follow_creates_status_changes_corrections_bulk_writes_and_deletes(make_ticket, alice):
    # given: tickets created one by one and in bulk
    outage = make_ticket(subject="Outage", message="Production is down for everyone, all of our team is blocked.")
    refund = make_ticket(subject="Refund", message="I was charged twice, please refund me.")
    idea = make_ticket(subject="Idea", message="Feature request: dark mode would be nice, no rush.")
    Ticket.objects.bulk_create(Ticket(**_bulk_row(i)) for i in range(5))
    assert kept_counts() == without_zeros(fresh_counts())

    # when / then: each write path keeps the counts exact
    ticket_change_status(ticket=outage, status="in_progress", actor=alice)
    assert kept_counts() == without_zeros(fresh_counts())

    ticket_correct_triage(ticket=refund, changes={"priority": "urgent", "category": "account"}, actor=alice)
    assert kept_counts() == without_zeros(fresh_counts())

    Ticket.objects.filter(priority="medium").update(status="resolved", priority="high", priority_score=70)
    assert kept_counts() == without_zeros(fresh_counts())

    idea.message = "Everything is broken and we are losing money, fix it now!"
    idea.save()
    assert kept_counts() == without_zeros(fresh_counts())

    Ticket.objects.filter(pk=outage.pk).delete()
    Ticket.objects.filter(source="api").delete()
    assert kept_counts() == without_zeros(fresh_counts())

    Ticket.objects.all().delete()
    assert kept_counts() == {}


def test_unfiltered_summary_from_kept_counts_equals_a_fresh_summary(make_ticket, alice):
    for message in ("Production is down, all of our team is blocked.", "Please refund me.", "Thanks, great work!"):
        make_ticket(message=message)
    ticket_change_status(ticket=Ticket.objects.first(), status="closed", actor=alice)

    assert maintained_counts() == dimension_counts(Ticket.objects.all())
    assert summary(Ticket.objects.all(), maintained=True) == summary(Ticket.objects.all())


def test_unfiltered_summary_reads_the_kept_counts(staff_client, make_ticket):
    # given: counts that disagree with the tickets (only possible by writing them directly)
    make_ticket()
    TicketCount.objects.filter(dimension="total").update(count=1234)

    # when
    unfiltered = staff_client.get("/api/analytics/summary/").json()
    filtered = staff_client.get("/api/analytics/summary/", {"status": "open"}).json()

    # then: the unfiltered answer came from the kept counts, the filtered one counted the rows
    assert unfiltered["total"] == 1234
    assert filtered["total"] == 1


def test_filtered_summary_counts_its_slice_in_one_query(staff_client, make_ticket, django_assert_num_queries):
    for _ in range(3):
        make_ticket()

    # The token and the caller's permissions (user's, groups'): 3; the slice's dimension counts: 1;
    # then the activity figures: unassigned urgent, corrections by category, created per day, and
    # the median's count (no resolved ticket, so no middle rows): 4.
    with django_assert_num_queries(8):
        response = staff_client.get("/api/analytics/summary/", {"category": "account,general", "q": "teammate"})

    assert response.json()["total"] == Ticket.objects.filter(Q(category__in=["account", "general"])).count() == 3


def _bulk_row(i: int) -> dict:
    return {
        "customer_name": f"Bulk {i}",
        "customer_email": f"bulk{i}@example.com",
        "message": f"Bulk ticket {i}",
        "source": "api",
        "customer_tier": "standard",
        "category": ("billing", "technical")[i % 2],
        "priority": ("urgent", "medium", "low")[i % 3],
        "priority_score": (90, 50, 10)[i % 3],
        "sentiment": "neutral",
        "assigned_team": ("finance", "technical_support")[i % 2],
        "status": ("open", "waiting_customer")[i % 2],
    }
