from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tickets.models import Ticket

pytestmark = pytest.mark.django_db

URL = "/api/analytics/summary/"


@pytest.fixture
def known_tickets(make_ticket):
    """Five tickets whose outputs are set by hand, so every count below is known."""
    rows = [
        ("open", "billing", "high", 70, "finance", "negative"),
        ("open", "technical", "urgent", 95, "technical_support", "neutral"),
        ("in_progress", "technical", "urgent", 90, "technical_support", "negative"),
        ("resolved", "sales", "low", 10, "sales", "positive"),
        ("closed", "technical", "urgent", 85, "technical_support", "neutral"),
    ]
    for status, category, priority, score, team, sentiment in rows:
        ticket = make_ticket()
        Ticket.objects.filter(pk=ticket.pk).update(
            status=status,
            category=category,
            priority=priority,
            priority_score=score,
            assigned_team=team,
            sentiment=sentiment,
        )


def test_summary_counts_every_dimension_with_zeros(staff_client, known_tickets):
    body = staff_client.get(URL).json()

    assert body["total"] == 5
    assert body["by_status"] == {"open": 2, "in_progress": 1, "waiting_customer": 0, "resolved": 1, "closed": 1}
    assert body["by_category"] == {"billing": 1, "technical": 3, "sales": 1, "account": 0, "general": 0}
    assert body["by_priority"] == {"low": 1, "medium": 0, "high": 1, "urgent": 3}
    assert body["by_team"] == {
        "finance": 1,
        "technical_support": 3,
        "customer_success": 0,
        "sales": 1,
        "support": 0,
    }
    assert body["by_sentiment"] == {"negative": 2, "neutral": 2, "positive": 1}
    assert body["average_priority_score"] == 70.0
    # Urgent and not yet resolved or closed.
    assert body["open_urgent"] == 2


def test_summary_accepts_the_list_filters(staff_client, known_tickets):
    body = staff_client.get(URL, {"category": "technical", "status": "open,in_progress"}).json()

    assert body["total"] == 2
    assert body["by_priority"]["urgent"] == 2
    assert body["average_priority_score"] == 92.5


def test_summary_of_last_week(staff_client, known_tickets):
    Ticket.objects.filter(category="sales").update(created_at=timezone.now() - timedelta(days=30))

    body = staff_client.get(URL, {"created_after": (timezone.now() - timedelta(days=7)).isoformat()}).json()

    assert body["total"] == 4
    assert body["by_category"]["sales"] == 0


def test_summary_of_empty_queue(staff_client):
    body = staff_client.get(URL).json()

    assert body["total"] == 0
    assert body["average_priority_score"] is None
    assert set(body["by_status"].values()) == {0}


def test_summary_takes_a_fixed_number_of_queries_however_many_tickets(staff_client, known_tickets, make_ticket):
    # given: a resolved ticket, so the median reads its middle row too
    Ticket.objects.filter(status="resolved").update(resolved_at=timezone.now())
    with CaptureQueriesContext(connection) as few:
        staff_client.get(URL)
    for _ in range(5):
        resolved = make_ticket()
        Ticket.objects.filter(pk=resolved.pk).update(status="resolved", resolved_at=timezone.now())

    # when
    with CaptureQueriesContext(connection) as more:
        staff_client.get(URL)

    # then: token, the caller's permissions (user's and groups'), dimension counts,
    # work counts, created per day, and the median's count and middle rows
    assert len(few) == len(more) == 8


def test_summary_rejects_unknown_filter_values(staff_client):
    response = staff_client.get(URL, {"priority": "critical"})

    assert response.status_code == 400
    assert "priority" in response.json()["errors"]
