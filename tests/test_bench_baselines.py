"""The benchmark's raw-SQL baseline for the filtered summary answers what the API answers."""

import random
from datetime import datetime, timedelta

import orjson
import pytest
from django.test import RequestFactory
from django.utils import timezone

from bench.baselines import raw_filtered_dimensions, raw_filtered_summary
from tickets.analytics import DIMENSIONS
from tickets.models import Ticket

pytestmark = pytest.mark.django_db

URL = "/api/analytics/summary/"
STATUSES = ["open", "in_progress", "waiting_customer", "resolved", "closed"]


@pytest.fixture
def varied_tickets(make_ticket, carol):
    """Tickets of every kind the summary counts: old and new, assigned, corrected, resolved lately or long ago."""
    rng = random.Random(4)
    now = timezone.now()
    for index in range(60):
        ticket = make_ticket()
        created = now - timedelta(days=rng.choice([0, 1, 5, 29, 40, 80, 100]), minutes=rng.randrange(1440))
        status = STATUSES[index % len(STATUSES)]
        resolved_at = None
        if status in ("resolved", "closed") or index % 11 == 0:
            resolved_at = min(now, created + timedelta(hours=rng.lognormvariate(2, 1.2)))
        Ticket.objects.filter(pk=ticket.pk).update(
            created_at=created,
            status=status,
            resolved_at=resolved_at,
            category=rng.choice(["billing", "billing", "technical"]),
            priority=rng.choice(["low", "medium", "high", "urgent"]),
            priority_score=rng.randrange(101),
            assigned_team=rng.choice(DIMENSIONS["by_team"][1]),
            sentiment=rng.choice(DIMENSIONS["by_sentiment"][1]),
            assignee=carol if index % 3 == 0 else None,
            category_corrected=index % 7 == 0,
            priority_corrected=index % 5 == 0,
        )


def baseline(view, **params: str) -> dict:
    return orjson.loads(view(RequestFactory().get("/bench/baseline/summary-filtered", params)).content)


@pytest.mark.parametrize("category", ["billing", "technical", "account"])
def test_filtered_baseline_answers_the_apis_numbers(staff_client, varied_tickets, category):
    since = (timezone.localdate() - timedelta(days=90)).isoformat()
    start = timezone.make_aware(datetime.fromisoformat(since))

    api = staff_client.get(URL, {"created_after": since, "category": category}).json()
    raw = baseline(raw_filtered_summary, created_after=since, category=category)

    assert raw == api
    assert api["total"] == Ticket.objects.filter(category=category, created_at__gte=start).count()
    dimensions = baseline(raw_filtered_dimensions, created_after=since, category=category)
    assert dimensions == {key: api[key] for key in dimensions}


def test_filtered_baseline_takes_a_number_of_days_as_before(varied_tickets):
    answer = baseline(raw_filtered_summary, days="90", category="billing")

    recent = Ticket.objects.filter(category="billing", created_at__gte=timezone.now() - timedelta(days=90))
    assert answer["total"] == recent.count()
    assert len(answer["created_per_day"]) == 30
