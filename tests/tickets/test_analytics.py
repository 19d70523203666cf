import random
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tickets.analytics import (
    created_per_day,
    maintained_median_resolution_hours,
    median_resolution_hours,
    window_days,
)
from tickets.models import Ticket
from tickets.sql_expressions import Elapsed

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

    # then: token, the caller's permissions (user's and groups', one query), the kept counts (dimensions,
    # unassigned urgent and corrections by category, in one query), the kept created-per-day
    # quarters, and the median's kept counts per bucket and the middle bucket's rows
    assert len(few) == len(more) == 6


def test_summary_rejects_unknown_filter_values(staff_client):
    response = staff_client.get(URL, {"priority": "critical"})

    assert response.status_code == 400
    assert "priority" in response.json()["errors"]


def test_summary_counts_tickets_created_per_day_with_zeros(staff_client, make_ticket):
    now = timezone.now()
    for days_ago in (0, 0, 3, 29, 30):
        make_ticket(created_at=now - timedelta(days=days_ago))

    days = staff_client.get(URL).json()["created_per_day"]

    assert len(days) == 30
    assert days[-1] == {"date": timezone.localdate(now).isoformat(), "count": 2}
    assert days[0] == {"date": (timezone.localdate(now) - timedelta(days=29)).isoformat(), "count": 1}
    assert days[-4]["count"] == 1
    assert sum(day["count"] for day in days) == 4


@pytest.mark.parametrize("ordering", [None, "relevance", "-priority_score"])
def test_summary_of_a_search_counts_its_days_in_any_order(staff_client, make_ticket, ordering):
    now = timezone.now()
    for days_ago, message in [(0, "Refund my invoice"), (2, "Refund please"), (40, "Refund again"), (1, "Login fails")]:
        make_ticket(message=message, created_at=now - timedelta(days=days_ago))
    params = {"q": "refund", "created_after": (now - timedelta(days=90)).isoformat()}
    if ordering:
        params["ordering"] = ordering

    body = staff_client.get(URL, params).json()

    assert body["total"] == 3
    counts = {day["date"]: day["count"] for day in body["created_per_day"] if day["count"]}
    assert counts == {
        timezone.localdate(now).isoformat(): 1,
        timezone.localdate(now - timedelta(days=2)).isoformat(): 1,
    }


def test_created_per_day_puts_a_ticket_on_a_bound_in_the_day_it_starts(make_ticket):
    now = timezone.now()
    _, bounds = window_days(now, 30)
    # On every bound, a microsecond before each, and the window's two ends from outside.
    instants = [*bounds[:-1], *(bound - timedelta(microseconds=1) for bound in bounds[1:]), bounds[-1]]
    for instant in [*instants, bounds[0] - timedelta(microseconds=1)]:
        make_ticket(created_at=instant)

    days = created_per_day(Ticket.objects.all(), now=now)

    assert [day["count"] for day in days] == [2] * 30


def resolved(make_ticket, hours: float, *, days_ago: int = 1, status: str = "resolved") -> Ticket:
    ticket = make_ticket()
    resolved_at = timezone.now() - timedelta(days=days_ago)
    Ticket.objects.filter(pk=ticket.pk).update(
        status=status, created_at=resolved_at - timedelta(hours=hours), resolved_at=resolved_at
    )
    return ticket


@pytest.mark.parametrize(
    ("hours", "median"),
    [([5], 5.0), ([1, 9, 3], 3.0), ([1, 2, 10, 30], 6.0), ([0.5, 100.25], 50.4)],
)
def test_median_resolution_hours_of_the_last_30_days(staff_client, make_ticket, hours, median):
    for h in hours:
        resolved(make_ticket, h)
    resolved(make_ticket, 1000, days_ago=40)  # too old
    reopened = resolved(make_ticket, 1000)
    Ticket.objects.filter(pk=reopened.pk).update(status="open")  # no longer resolved

    body = staff_client.get(URL).json()

    assert body["median_resolution_hours"] == median


def test_median_counts_closed_tickets_and_is_null_without_any(staff_client, make_ticket):
    assert staff_client.get(URL).json()["median_resolution_hours"] is None

    resolved(make_ticket, 12, status="closed")

    assert staff_client.get(URL).json()["median_resolution_hours"] == 12.0


def test_override_rate_per_category(staff_client, known_tickets):
    # technical has three tickets: one with a corrected category, one with a corrected priority
    technical = list(Ticket.objects.filter(category="technical").order_by("id"))
    Ticket.objects.filter(pk=technical[0].pk).update(category_corrected=True)
    Ticket.objects.filter(pk=technical[1].pk).update(priority_corrected=True, category_corrected=True)
    Ticket.objects.filter(category="billing").update(
        sentiment_corrected=True
    )  # not an override of category or priority

    rates = staff_client.get(URL).json()["override_rate"]

    assert rates == {"billing": 0.0, "technical": 0.667, "sales": 0.0, "account": None, "general": None}


def test_unassigned_urgent_counts_open_urgent_tickets_nobody_took(staff_client, known_tickets, carol):
    Ticket.objects.filter(status="in_progress").update(assignee=carol)

    assert staff_client.get(URL).json()["unassigned_urgent"] == 1


def test_elapsed_is_exact_to_the_microsecond(make_ticket):
    # given: pairs with and without microseconds, across second and day edges, and one negative
    base = timezone.now().replace(microsecond=0)
    pairs = [
        (base, base + timedelta(hours=5)),
        (base - timedelta(microseconds=1), base),
        (base + timedelta(microseconds=999_999), base + timedelta(seconds=1)),
        (base + timedelta(microseconds=500), base + timedelta(days=3, microseconds=499)),
        (base, base - timedelta(minutes=1, microseconds=1)),
    ]
    for created, resolved_at in pairs:
        ticket = make_ticket()
        Ticket.objects.filter(pk=ticket.pk).update(created_at=created, resolved_at=resolved_at)

    # when
    rows = Ticket.objects.annotate(elapsed=Elapsed("resolved_at", "created_at")).values_list(
        "elapsed", "resolved_at", "created_at"
    )

    # then
    assert [elapsed for elapsed, _, _ in rows] == [resolved_at - created for _, resolved_at, created in rows]


@pytest.mark.parametrize("count", [1, 2, 3, 40, 41])
def test_kept_median_equals_the_median_of_the_rows(make_ticket, count):
    # given: resolution times on and around whole hours, a negative one, some resolved just
    # inside or outside the window's first (partial) day, and tickets that do not count
    rng = random.Random(count)
    now = timezone.now()
    edges = [timedelta(hours=h) + timedelta(microseconds=d) for h in (0, 1, 5) for d in (-1, 0, 1)]
    tickets = [make_ticket() for _ in range(count + 3)]
    for index, ticket in enumerate(tickets):
        elapsed = edges[index % len(edges)] if index % 2 else timedelta(seconds=rng.randrange(-600, 400_000))
        resolved_at = now - timedelta(days=rng.choice([0, 1, 15, 29.9, 30, 30.001, 31]), seconds=rng.randrange(9))
        status = ("resolved", "closed", "open")[index % 3] if index >= count else ("resolved", "closed")[index % 2]
        Ticket.objects.filter(pk=ticket.pk).update(
            status=status, created_at=resolved_at - elapsed, resolved_at=resolved_at
        )

    # when / then
    assert maintained_median_resolution_hours(now=now) == median_resolution_hours(Ticket.objects.all(), now=now)


def test_kept_median_is_null_without_resolved_tickets(make_ticket):
    make_ticket()

    assert maintained_median_resolution_hours(now=timezone.now()) is None
