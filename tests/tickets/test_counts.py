"""The summary counts kept by database triggers always equal a fresh count of the tickets."""

import random
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from django.db.models import Count, F, Q, Sum
from django.utils import timezone

from tickets.analytics import (
    CATEGORIES,
    DAY,
    DIMENSIONS,
    EPOCH,
    OPEN_STATUSES,
    QUARTER_HOUR,
    conditional_slice_counts,
    created_per_day,
    dimension_counts,
    dimension_summary,
    grouped_slice_counts,
    maintained_counts,
    maintained_created_per_day,
    slice_counts,
    summary,
)
from tickets.models import CreatedCount, ResolvedCount, Ticket, TicketCount, TicketResolution
from tickets.services import ticket_assign, ticket_change_status, ticket_correct_triage

pytestmark = pytest.mark.django_db
HOUR, MICROSECOND = timedelta(hours=1), timedelta(microseconds=1)


def fresh_counts() -> dict[tuple[str, str], int]:
    """Every dimension by GROUP BY over the tickets, as the triggers should have kept it."""
    counts = {}
    for field, _ in DIMENSIONS.values():
        for row in Ticket.objects.order_by().values(field).annotate(n=Count("id")):
            counts[(field, row[field])] = row["n"]
    counts[("total", "")] = Ticket.objects.count()
    counts[("priority_score_sum", "")] = Ticket.objects.aggregate(s=Sum("priority_score"))["s"] or 0
    counts[("open_urgent", "")] = Ticket.objects.filter(priority="urgent", status__in=OPEN_STATUSES).count()
    counts[("unassigned_urgent", "")] = Ticket.objects.filter(
        priority="urgent", status__in=OPEN_STATUSES, assignee__isnull=True
    ).count()
    corrected = Ticket.objects.filter(Q(category_corrected=True) | Q(priority_corrected=True))
    for category in CATEGORIES:
        counts[("corrected", category)] = corrected.filter(category=category).count()
    # Tickets created per quarter hour (UTC), keyed as CreatedCount is.
    quarters = Counter(
        (created - EPOCH) // QUARTER_HOUR for created in Ticket.objects.values_list("created_at", flat=True)
    )
    counts.update({("quarter", str(quarter)): n for quarter, n in quarters.items()})
    # Resolution times of resolved and closed tickets, one by one and per (day, whole hours).
    resolved = Ticket.objects.filter(status__in=("resolved", "closed"), resolved_at__isnull=False)
    per_day_and_hours = Counter()
    for pk, created, resolved_at in resolved.values_list("pk", "created_at", "resolved_at"):
        elapsed, hours = resolved_at - created, (resolved_at - created) // HOUR
        counts[("resolution", f"{pk} {resolved_at.isoformat()} {hours} {elapsed // MICROSECOND}")] = 1
        per_day_and_hours[((resolved_at - EPOCH) // DAY, hours)] += 1
    counts.update({("resolved", f"{day} {hours}"): n for (day, hours), n in per_day_and_hours.items()})
    return counts


def kept_counts() -> dict[tuple[str, str], int]:
    """The maintained rows, zeros left out (a value no ticket has any more keeps a row at 0)."""
    rows = TicketCount.objects.values_list("dimension", "value", "count")
    kept = {(dimension, value): count for dimension, value, count in rows if count}
    kept.update(
        {("quarter", str(q)): count for q, count in CreatedCount.objects.values_list("quarter", "count") if count}
    )
    for pk, resolved_at, microseconds, hours in TicketResolution.objects.values_list(
        "ticket_id", "resolved_at", "microseconds", "hours"
    ):
        kept[("resolution", f"{pk} {resolved_at.isoformat()} {hours} {microseconds}")] = 1
    rows = ResolvedCount.objects.values_list("day", "hours", "count")
    kept.update({("resolved", f"{day} {hours}"): count for day, hours, count in rows if count})
    return kept


def without_zeros(counts: dict[tuple[str, str], int]) -> dict[tuple[str, str], int]:
    return {key: count for key, count in counts.items() if count}


def test_counts_follow_creates_status_changes_corrections_bulk_writes_and_deletes(make_ticket, alice):
    # given: tickets created one by one and in bulk, some of them long ago or on a quarter hour's edge
    outage = make_ticket(subject="Outage", message="Production is down for everyone, all of our team is blocked.")
    refund = make_ticket(subject="Refund", message="I was charged twice, please refund me.")
    idea = make_ticket(subject="Idea", message="Feature request: dark mode would be nice, no rush.")
    Ticket.objects.bulk_create(Ticket(**_bulk_row(i)) for i in range(9))
    assert kept_counts() == without_zeros(fresh_counts())

    # when / then: each write path keeps the counts exact
    ticket_change_status(ticket=outage, status="in_progress", actor=alice)
    assert kept_counts() == without_zeros(fresh_counts())

    ticket_assign(ticket=outage, assignee=alice, actor=alice)
    assert kept_counts() == without_zeros(fresh_counts())

    ticket_correct_triage(ticket=refund, changes={"priority": "urgent", "category": "account"}, actor=alice)
    assert kept_counts() == without_zeros(fresh_counts())

    ticket_assign(ticket=outage, assignee=None, actor=alice)
    Ticket.objects.filter(priority="urgent", source="api").update(assignee=alice)
    assert kept_counts() == without_zeros(fresh_counts())

    ticket_change_status(ticket=outage, status="resolved", actor=alice)
    ticket_change_status(ticket=idea, status="resolved", actor=alice)
    ticket_change_status(ticket=idea, status="closed", actor=alice)
    Ticket.objects.filter(source="api", status="open").update(
        status="closed", resolved_at=F("created_at") + timedelta(hours=5, microseconds=1)
    )
    Ticket.objects.filter(source="api", status="waiting_customer").update(resolved_at=F("created_at"))  # not resolved
    assert kept_counts() == without_zeros(fresh_counts())

    ticket_change_status(ticket=outage, status="open", actor=alice)  # reopened: no longer counts
    Ticket.objects.filter(pk=idea.pk).update(resolved_at=F("resolved_at") - timedelta(days=2))
    assert kept_counts() == without_zeros(fresh_counts())

    Ticket.objects.filter(priority="medium").update(status="resolved", priority="high", priority_score=70)
    Ticket.objects.filter(category="technical").update(priority_corrected=True, category="billing")
    assert kept_counts() == without_zeros(fresh_counts())

    Ticket.objects.filter(source="api").update(created_at=F("created_at") - timedelta(days=3, minutes=7))
    refund.created_at = timezone.now() - timedelta(days=40)
    refund.save()
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
    TicketCount.objects.update_or_create(dimension="unassigned_urgent", value="", defaults={"count": 55})
    CreatedCount.objects.update(count=77)

    # when
    unfiltered = staff_client.get("/api/analytics/summary/").json()
    filtered = staff_client.get("/api/analytics/summary/", {"status": "open"}).json()

    # then: the unfiltered answer came from the kept counts, the filtered one counted the rows
    assert (unfiltered["total"], unfiltered["unassigned_urgent"], unfiltered["created_per_day"][-1]["count"]) == (
        1234,
        55,
        77,
    )
    assert (filtered["total"], filtered["unassigned_urgent"], filtered["created_per_day"][-1]["count"]) == (1, 0, 1)


@pytest.mark.parametrize(
    ("zone", "now"),
    [
        ("UTC", None),
        ("Europe/Paris", datetime(2026, 3, 31, 10, tzinfo=UTC)),  # the window holds a 23-hour day
        ("Asia/Kathmandu", None),  # days start at 18:15 UTC
        ("America/St_Johns", datetime(2026, 11, 20, 3, 20, tzinfo=UTC)),  # -3:30, and a 25-hour day
        ("Europe/Amsterdam", datetime(1900, 6, 15, 12, tzinfo=UTC)),  # +0:19:32: counted from the rows
    ],
)
def test_kept_created_per_day_equals_a_count_of_the_rows_in_any_time_zone(settings, zone, now):
    settings.TIME_ZONE = zone
    now = now or timezone.now()
    rows = [_bulk_row(0) | {"created_at": now - timedelta(minutes=37 * i)} for i in range(31 * 24 * 60 // 37)]
    Ticket.objects.bulk_create(Ticket(**row) for row in rows)

    assert maintained_created_per_day(now=now) == created_per_day(Ticket.objects.all(), now=now)


def test_filtered_summary_counts_its_slice_in_one_query(staff_client, make_ticket, django_assert_num_queries):
    for _ in range(3):
        make_ticket()

    # The token and the caller's permissions (user's and groups', one query): 2; the slice's counts
    # (dimensions, unassigned urgent, corrections by category and the median's count, in one
    # aggregate): 1; created per day: 1. No resolved ticket, so no middle rows for the median.
    with django_assert_num_queries(4):
        response = staff_client.get("/api/analytics/summary/", {"category": "account,general", "q": "teammate"})

    assert response.json()["total"] == Ticket.objects.filter(Q(category__in=["account", "general"])).count() == 3


@pytest.fixture
def varied_tickets(make_ticket, carol):
    """Tickets of every kind a filtered summary counts: assigned or not, corrected, resolved lately or long ago."""
    rng = random.Random(9)
    now = timezone.now()
    statuses = ["open", "in_progress", "waiting_customer", "resolved", "closed"]
    for index in range(40):
        ticket = make_ticket()
        created = now - timedelta(days=rng.choice([0, 2, 20, 29, 45, 400]), minutes=rng.randrange(1440))
        status = statuses[index % len(statuses)]
        resolved_at = None
        if status in ("resolved", "closed") or index % 9 == 0:  # a reopened ticket keeps its resolved_at
            resolved_at = min(now, created + timedelta(hours=rng.lognormvariate(2, 1.2)))
        Ticket.objects.filter(pk=ticket.pk).update(
            created_at=created,
            status=status,
            resolved_at=resolved_at,
            category=rng.choice(["billing", "technical", "account"]),
            priority=rng.choice(["low", "high", "urgent", "urgent"]),
            assignee=carol if index % 3 == 0 else None,
            category_corrected=index % 6 == 0,
            priority_corrected=index % 7 == 0,
        )


def test_filtered_summary_of_every_ticket_equals_the_kept_summary(varied_tickets):
    # A filter that keeps every ticket: the slice's aggregate against the trigger-kept counts.
    every = Ticket.objects.filter(created_at__gte=datetime(1990, 1, 1, tzinfo=UTC))

    answer = summary(every)

    assert answer == summary(Ticket.objects.all(), maintained=True)
    assert answer["unassigned_urgent"] and answer["median_resolution_hours"] and any(answer["override_rate"].values())


def test_slice_counts_count_their_slice_like_the_rows(varied_tickets):
    now = timezone.now()
    tickets = Ticket.objects.filter(category__in=["billing", "technical"], created_at__gte=now - timedelta(days=30))
    rows = list(
        tickets.values(
            "status", "priority", "category", "assignee_id", "resolved_at", "category_corrected", "priority_corrected"
        )
    )

    counts = slice_counts(tickets, now=now)

    assert counts["total"] == len(rows)
    assert counts["unassigned_urgent"] == sum(
        r["priority"] == "urgent" and r["status"] in OPEN_STATUSES and r["assignee_id"] is None for r in rows
    )
    for category in CATEGORIES:
        assert counts[f"corrected__{category}"] == sum(
            r["category"] == category and (r["category_corrected"] or r["priority_corrected"]) for r in rows
        )
    assert counts["resolved_lately"] == sum(
        r["status"] in ("resolved", "closed") and r["resolved_at"] and r["resolved_at"] >= now - timedelta(days=30)
        for r in rows
    )
    # The slice holds some of each, so none of the above is a trivial zero.
    assert counts["unassigned_urgent"] and counts["resolved_lately"]
    assert any(r["priority"] == "urgent" and r["status"] in OPEN_STATUSES and r["assignee_id"] for r in rows)
    assert sum(counts[f"corrected__{category}"] for category in CATEGORIES)


@pytest.mark.parametrize(
    "slice_filter",
    [
        {},
        {"category__in": ["billing"]},
        {"status__in": ["open", "resolved"], "priority__in": ["urgent"]},
        {"created_at__gte": timezone.now() - timedelta(days=10)},
        {"category__in": ["sales"]},  # no ticket
    ],
)
def test_both_ways_of_counting_a_slice_agree(varied_tickets, slice_filter):
    # Each database takes one of them (slice_counts); both are plain SQL that either can run.
    now = timezone.now()
    tickets = Ticket.objects.filter(**slice_filter)

    conditional = conditional_slice_counts(tickets, now=now)
    grouped = grouped_slice_counts(tickets, now=now)

    assert grouped.keys() == conditional.keys()
    assert {key: value for key, value in grouped.items() if key != "average_priority_score"} == {
        key: value for key, value in conditional.items() if key != "average_priority_score"
    }
    assert dimension_summary(grouped) == dimension_summary(conditional)  # the average, rounded as answered


def test_filtered_summary_reads_the_middle_rows_only_when_some_ticket_was_resolved(
    staff_client, make_ticket, django_assert_num_queries
):
    ticket = make_ticket()
    Ticket.objects.filter(pk=ticket.pk).update(status="resolved", resolved_at=timezone.now())

    # Authentication 2, the slice's counts 1, created per day 1, the median's middle row 1.
    with django_assert_num_queries(5):
        body = staff_client.get("/api/analytics/summary/", {"status": "resolved"}).json()

    assert body["median_resolution_hours"] is not None


def _bulk_row(i: int) -> dict:
    edge = timezone.now().replace(minute=45, second=0, microsecond=0)
    created = (edge - timedelta(microseconds=1), edge, edge - timedelta(days=2, hours=5))[i % 3]
    return {
        "created_at": created - timedelta(days=12000 * (i // 3)),  # back to the 1990s and the 1960s
        "category_corrected": i % 4 == 0,
        "priority_corrected": i % 5 == 0,
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
