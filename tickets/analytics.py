"""Ticket statistics, computed by the database in one query.

The unfiltered summary reads the counts that triggers keep in TicketCount
(one small query, whatever the number of tickets); a filtered one counts its
slice in one conditional aggregate, over the `ticket_summary_cover` index.
"""

from typing import Any

from django.db.models import Avg, Count, Q, QuerySet

from tickets.choices import CATEGORY_CHOICES, PRIORITY_CHOICES, SENTIMENT_CHOICES, TEAM_CHOICES, Status
from tickets.models import TicketCount

DIMENSIONS: dict[str, tuple[str, list[str]]] = {
    "by_status": ("status", Status.values),
    "by_category": ("category", [value for value, _ in CATEGORY_CHOICES]),
    "by_priority": ("priority", [value for value, _ in PRIORITY_CHOICES]),
    "by_team": ("assigned_team", [value for value, _ in TEAM_CHOICES]),
    "by_sentiment": ("sentiment", [value for value, _ in SENTIMENT_CHOICES]),
}
OPEN_STATUSES = (Status.OPEN, Status.IN_PROGRESS, Status.WAITING_CUSTOMER)


def summary(tickets: QuerySet, *, maintained: bool = False) -> dict[str, Any]:
    """Totals by every dimension, every choice present (zeros included).

    `maintained` reads the trigger-kept counts instead: only for all tickets, unfiltered.
    """
    row = maintained_counts() if maintained else dimension_counts(tickets)
    average = row["average_priority_score"]
    result: dict[str, Any] = {"total": row["total"]}
    for key, (_, values) in DIMENSIONS.items():
        result[key] = {value: row[f"{key}__{value}"] for value in values}
    result["average_priority_score"] = round(average, 1) if average is not None else None
    result["open_urgent"] = row["open_urgent"]
    return result


def dimension_counts(tickets: QuerySet) -> dict[str, Any]:
    """The summary's numbers for any slice of tickets, in one query."""
    aggregates: dict[str, Any] = {
        "total": Count("id"),
        "average_priority_score": Avg("priority_score"),
        "open_urgent": Count("id", filter=Q(priority="urgent", status__in=OPEN_STATUSES)),
    }
    for key, (field, values) in DIMENSIONS.items():
        for value in values:
            aggregates[f"{key}__{value}"] = Count("id", filter=Q(**{field: value}))
    return tickets.order_by().aggregate(**aggregates)


def maintained_counts() -> dict[str, Any]:
    """The same numbers as `dimension_counts` over all tickets, from TicketCount in one query."""
    stored = {
        (dimension, value): count
        for dimension, value, count in TicketCount.objects.values_list("dimension", "value", "count")
    }
    total = stored.get(("total", ""), 0)
    row: dict[str, Any] = {
        "total": total,
        "average_priority_score": stored.get(("priority_score_sum", ""), 0) / total if total else None,
        "open_urgent": stored.get(("open_urgent", ""), 0),
    }
    for key, (field, values) in DIMENSIONS.items():
        for value in values:
            row[f"{key}__{value}"] = stored.get((field, value), 0)
    return row
