"""The admin dashboard: the summary's own aggregates, drawn as server-rendered SVG bar charts.

Geometry is computed here, in plain Python; the template only places the shapes.
"""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.utils import timezone

from tickets.analytics import (
    CATEGORIES,
    OPEN_STATUSES,
    dimension_counts,
    dimension_summary,
    maintained_counts,
    maintained_created_per_day,
    maintained_median_resolution_hours,
    maintained_work_counts,
    override_rates,
    stored_counts,
)
from tickets.models import Ticket

BAR_AREA = 220  # px: the longest horizontal bar
COLUMN_AREA = 120  # px: the tallest column
MEDIAN_SCALE_HOURS = 48


@dataclass(frozen=True)
class Bar:
    label: str
    value: int | float
    text: str  # the number shown beside the bar
    length: int  # px
    offset: int  # px: row (horizontal chart) or column (vertical chart) position


def bars(
    items: list[tuple[str, int | float, str]], *, scale: float | None = None, area: int = BAR_AREA, step: int = 24
) -> list[Bar]:
    """Horizontal bars scaled to `scale` (default: the largest value); a zero stays visible as a hairline."""
    largest = scale or max((value for _, value, _ in items), default=0) or 1
    return [
        Bar(label, value, text, max(1, round(area * value / largest)), index * step)
        for index, (label, value, text) in enumerate(items)
    ]


def columns(per_day: list[dict[str, Any]], *, area: int = COLUMN_AREA, step: int = 14) -> list[Bar]:
    largest = max((day["count"] for day in per_day), default=0) or 1
    return [
        Bar(day["date"], day["count"], str(day["count"]), round(area * day["count"] / largest), index * step)
        for index, day in enumerate(per_day)
    ]


def _label(value: str) -> str:
    return value.replace("_", " ").capitalize()


def dashboard_context(now: datetime | None = None) -> dict[str, Any]:
    now = now or timezone.now()
    tickets = Ticket.objects.all()
    open_counts = dimension_summary(dimension_counts(tickets.filter(status__in=OPEN_STATUSES)))
    stored = stored_counts()
    category_totals = dimension_summary(maintained_counts(stored))["by_category"]
    work = maintained_work_counts(stored)
    overrides = {category: (work["corrected"][category], category_totals[category]) for category in CATEGORIES}
    per_day = maintained_created_per_day(now=now)
    median = maintained_median_resolution_hours(now=now)
    rates = override_rates(overrides)
    urgent_open = open_counts["by_priority"]["urgent"]
    return {
        "open_total": open_counts["total"],
        "by_team": bars([(_label(team), n, str(n)) for team, n in open_counts["by_team"].items()]),
        "by_priority": bars([(_label(p), n, str(n)) for p, n in open_counts["by_priority"].items()]),
        "unassigned_urgent": work["unassigned_urgent"],
        "urgent_open": urgent_open,
        "pickup": bars(
            [
                ("Not picked up", work["unassigned_urgent"], str(work["unassigned_urgent"])),
                ("Picked up", urgent_open - work["unassigned_urgent"], str(urgent_open - work["unassigned_urgent"])),
            ]
        ),
        "per_day": columns(per_day),
        "per_day_rows": per_day,
        "per_day_total": sum(day["count"] for day in per_day),
        "per_day_first": date.fromisoformat(per_day[0]["date"]),
        "per_day_last": date.fromisoformat(per_day[-1]["date"]),
        "median_hours": median,
        # Against a scale of at least two days, so a short median looks short.
        "median_scale": max(MEDIAN_SCALE_HOURS, median or 0),
        "median_bar": bars(
            [("Median", median or 0, f"{median} h" if median is not None else "no data")],
            scale=max(MEDIAN_SCALE_HOURS, median or 0),
        ),
        "overrides": bars(
            [
                (_label(category), rates[category] or 0, _override_text(rates[category], corrected, total))
                for category, (corrected, total) in overrides.items()
            ],
            scale=1,
        ),
    }


def _override_text(rate: float | None, corrected: int, total: int) -> str:
    if rate is None:
        return "no tickets"
    return f"{round(rate * 100)}% ({corrected} of {total})"
