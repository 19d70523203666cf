"""Ticket statistics, computed by the database in one query."""

from typing import Any

from django.db.models import Avg, Count, Q, QuerySet

from tickets.choices import CATEGORY_CHOICES, PRIORITY_CHOICES, SENTIMENT_CHOICES, TEAM_CHOICES, Status

DIMENSIONS: dict[str, tuple[str, list[str]]] = {
    "by_status": ("status", Status.values),
    "by_category": ("category", [value for value, _ in CATEGORY_CHOICES]),
    "by_priority": ("priority", [value for value, _ in PRIORITY_CHOICES]),
    "by_team": ("assigned_team", [value for value, _ in TEAM_CHOICES]),
    "by_sentiment": ("sentiment", [value for value, _ in SENTIMENT_CHOICES]),
}
OPEN_STATUSES = (Status.OPEN, Status.IN_PROGRESS, Status.WAITING_CUSTOMER)


def summary(tickets: QuerySet) -> dict[str, Any]:
    """Totals by every dimension, every choice present (zeros included)."""
    aggregates: dict[str, Any] = {
        "total": Count("id"),
        "average_priority_score": Avg("priority_score"),
        "open_urgent": Count("id", filter=Q(priority="urgent", status__in=OPEN_STATUSES)),
    }
    for key, (field, values) in DIMENSIONS.items():
        for value in values:
            aggregates[f"{key}__{value}"] = Count("id", filter=Q(**{field: value}))
    row = tickets.order_by().aggregate(**aggregates)
    average = row["average_priority_score"]
    result: dict[str, Any] = {"total": row["total"]}
    for key, (_, values) in DIMENSIONS.items():
        result[key] = {value: row[f"{key}__{value}"] for value in values}
    result["average_priority_score"] = round(average, 1) if average is not None else None
    result["open_urgent"] = row["open_urgent"]
    return result
