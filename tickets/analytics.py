"""Ticket statistics, computed by the database.

Two families, kept apart on purpose. The dimension counts are plain totals by
field: the unfiltered summary reads the ones that triggers keep in TicketCount
(one small query, whatever the number of tickets), a filtered one counts its
slice in one query over the `ticket_summary_cover` index (`slice_counts`).
The activity figures depend on time, assignment and corrections: unfiltered,
the counts among them come from trigger-kept rows too (TicketCount,
CreatedCount); filtered, the same query counts them (the index holds their
columns too), and the tickets created per day and the median's middle rows
take a query each. The API summary and the admin dashboard call the same
functions.
"""

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from django.db import connections
from django.db.models import (
    Avg,
    Count,
    Q,
    QuerySet,
    Sum,
)
from django.utils import timezone

from tickets.choices import CATEGORY_CHOICES, PRIORITY_CHOICES, SENTIMENT_CHOICES, TEAM_CHOICES, Status
from tickets.models import CreatedCount, ResolvedCount, Ticket, TicketCount, TicketResolution
from tickets.sql_expressions import Elapsed, WindowDay

DIMENSIONS: dict[str, tuple[str, list[str]]] = {
    "by_status": ("status", Status.values),
    "by_category": ("category", [value for value, _ in CATEGORY_CHOICES]),
    "by_priority": ("priority", [value for value, _ in PRIORITY_CHOICES]),
    "by_team": ("assigned_team", [value for value, _ in TEAM_CHOICES]),
    "by_sentiment": ("sentiment", [value for value, _ in SENTIMENT_CHOICES]),
}
OPEN_STATUSES = (Status.OPEN, Status.IN_PROGRESS, Status.WAITING_CUSTOMER)
CATEGORIES = [value for value, _ in CATEGORY_CHOICES]
WINDOW_DAYS = 30
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
QUARTER_HOUR = timedelta(minutes=15)  # CreatedCount's unit (migration 0011_activity_counts)
DAY = timedelta(days=1)  # ResolvedCount's day (migration 0013_resolution_times)


def summary(tickets: QuerySet, *, maintained: bool = False) -> dict[str, Any]:
    """Everything /api/analytics/summary/ answers, for the given (filtered) tickets.

    `maintained` reads the trigger-kept counts: only for all tickets, unfiltered.
    """
    now = timezone.now()
    if maintained:
        stored = stored_counts()
        counts = dimension_summary(maintained_counts(stored))
        work = maintained_work_counts(stored)
        per_day = maintained_created_per_day(now=now)
        median = maintained_median_resolution_hours(now=now)
    else:
        row = slice_counts(tickets, now=now)
        counts = dimension_summary(row)
        work = {
            "unassigned_urgent": row["unassigned_urgent"],
            "corrected": {category: row[f"corrected__{category}"] for category in CATEGORIES},
        }
        per_day = created_per_day(tickets, now=now)
        median = median_resolution_hours(tickets, now=now, count=row["resolved_lately"])
    return {**counts, **activity_figures(work, per_day, median, category_totals=counts["by_category"])}


def dimension_summary(row: dict[str, Any]) -> dict[str, Any]:
    """Shape a row of counts: totals by every dimension, every choice present (zeros included)."""
    average = row["average_priority_score"]
    result: dict[str, Any] = {"total": row["total"]}
    for key, (_, values) in DIMENSIONS.items():
        result[key] = {value: row[f"{key}__{value}"] for value in values}
    result["average_priority_score"] = round(average, 1) if average is not None else None
    result["open_urgent"] = row["open_urgent"]
    return result


def dimension_counts(tickets: QuerySet) -> dict[str, Any]:
    """The summary's numbers for any slice of tickets, in one query."""
    return tickets.order_by().aggregate(**dimension_aggregates())


def dimension_aggregates() -> dict[str, Any]:
    aggregates: dict[str, Any] = {
        "total": Count("id"),
        "average_priority_score": Avg("priority_score"),
        "open_urgent": Count("id", filter=Q(priority="urgent", status__in=OPEN_STATUSES)),
    }
    for key, (field, values) in DIMENSIONS.items():
        for value in values:
            aggregates[f"{key}__{value}"] = Count("id", filter=Q(**{field: value}))
    return aggregates


def slice_counts(tickets: QuerySet, *, now: datetime, days: int = WINDOW_DAYS) -> dict[str, Any]:
    """A filtered summary's counts in one query that reads the `ticket_summary_cover` index alone.

    The row of `dimension_counts`, plus the open urgent tickets nobody picked
    up (`unassigned_urgent`), the corrected tickets per category
    (`corrected__<category>`) and the tickets resolved in the last `days` days
    (`resolved_lately`, the median's count). The index holds every column these
    read. The tickets created per day are counted apart (`created_per_day`),
    over the window's rows alone.

    PostgreSQL groups the slice by its five dimensions (a hash aggregate: a few
    dozen groups, summed here) at about half the cost of one conditional count
    per figure. SQLite takes the conditional counts: for a GROUP BY its planner
    walks an index in the groups' order and reads every ticket row.
    """
    if connections[tickets.db].vendor == "postgresql":
        return grouped_slice_counts(tickets, now=now, days=days)
    return conditional_slice_counts(tickets, now=now, days=days)


CORRECTED = Q(category_corrected=True) | Q(priority_corrected=True)


def conditional_slice_counts(tickets: QuerySet, *, now: datetime, days: int = WINDOW_DAYS) -> dict[str, Any]:
    """`slice_counts` as one aggregate of a conditional count per figure."""
    return tickets.order_by().aggregate(
        **dimension_aggregates(),
        unassigned_urgent=Count("id", filter=Q(priority="urgent", status__in=OPEN_STATUSES, assignee__isnull=True)),
        **{f"corrected__{category}": Count("id", filter=Q(CORRECTED, category=category)) for category in CATEGORIES},
        resolved_lately=Count("id", filter=resolved_lately(now, days)),
    )


def grouped_slice_counts(tickets: QuerySet, *, now: datetime, days: int = WINDOW_DAYS) -> dict[str, Any]:
    """`slice_counts` from the slice grouped by every dimension, added up here."""
    fields = [field for field, _ in DIMENSIONS.values()]
    groups = (
        tickets.order_by()
        .values(*fields)
        .annotate(
            n=Count("id"),
            score=Sum("priority_score"),
            unassigned=Count("id", filter=Q(assignee__isnull=True)),
            corrected=Count("id", filter=CORRECTED),
            resolved=Count("id", filter=resolved_lately(now, days)),
        )
    )
    row: dict[str, Any] = {f"{key}__{value}": 0 for key, (_, values) in DIMENSIONS.items() for value in values}
    row.update({f"corrected__{category}": 0 for category in CATEGORIES})
    total = score = open_urgent = unassigned_urgent = resolved = 0
    for group in groups:
        n = group["n"]
        total += n
        score += group["score"]
        resolved += group["resolved"]
        for key, (field, _) in DIMENSIONS.items():
            row[f"{key}__{group[field]}"] += n
        row[f"corrected__{group['category']}"] += group["corrected"]
        if group["priority"] == "urgent" and group["status"] in OPEN_STATUSES:
            open_urgent += n
            unassigned_urgent += group["unassigned"]
    return {
        **row,
        "total": total,
        "average_priority_score": score / total if total else None,
        "open_urgent": open_urgent,
        "unassigned_urgent": unassigned_urgent,
        "resolved_lately": resolved,
    }


def stored_counts() -> dict[tuple[str, str], int]:
    """Every TicketCount row, by (dimension, value): one query."""
    return {
        (dimension, value): count
        for dimension, value, count in TicketCount.objects.values_list("dimension", "value", "count")
    }


def maintained_counts(stored: dict[tuple[str, str], int] | None = None) -> dict[str, Any]:
    """The same numbers as `dimension_counts` over all tickets, from TicketCount (`stored_counts`)."""
    stored = stored_counts() if stored is None else stored
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


def activity_figures(
    work: dict[str, Any], per_day: list[dict[str, Any]], median: float | None, *, category_totals: dict[str, int]
) -> dict[str, Any]:
    """Pick-up, intake, resolution time and corrections, shaped for the summary.

    `work` is `maintained_work_counts` or the same read from `slice_counts`, `per_day` `created_per_day`
    or `maintained_created_per_day`; `category_totals` comes from the dimension counts.
    """
    overrides = {category: (work["corrected"][category], category_totals[category]) for category in CATEGORIES}
    return {
        "unassigned_urgent": work["unassigned_urgent"],
        "created_per_day": per_day,
        "median_resolution_hours": median,
        "override_rate": override_rates(overrides),
    }


def override_rates(overrides: dict[str, tuple[int, int]]) -> dict[str, float | None]:
    """Per category, the share of tickets whose category or priority staff corrected (None: no tickets)."""
    return {
        category: round(corrected / total, 3) if total else None for category, (corrected, total) in overrides.items()
    }


def maintained_work_counts(stored: dict[tuple[str, str], int]) -> dict[str, Any]:
    """Unassigned urgent tickets, and corrected ones per category, over all tickets.

    From the TicketCount rows (`stored_counts`): no query of its own.
    """
    return {
        "unassigned_urgent": stored.get(("unassigned_urgent", ""), 0),
        "corrected": {category: stored.get(("corrected", category), 0) for category in CATEGORIES},
    }


def window_days(now: datetime, days: int) -> tuple[list[date], list[datetime]]:
    """The last `days` local dates (today included), oldest first, and the instants that bound them.

    `bounds[i]` is the start of `dates[i]` in TIME_ZONE; the last bound ends today.
    """
    first = timezone.localdate(now) - timedelta(days=days - 1)
    dates = [first + timedelta(days=offset) for offset in range(days)]
    bounds = [timezone.make_aware(datetime.combine(day, time.min)) for day in [*dates, dates[-1] + timedelta(days=1)]]
    return dates, bounds


def maintained_created_per_day(*, now: datetime, days: int = WINDOW_DAYS) -> list[dict[str, Any]]:
    """`created_per_day` over all tickets, summed from CreatedCount's quarter hours: one query.

    A local day is a whole run of UTC quarter hours in every time zone in use
    today; should TIME_ZONE start a day anywhere else, the rows are counted instead.
    """
    dates, bounds = window_days(now, days)
    quarters = []
    for bound in bounds:
        quarter, rest = divmod(bound - EPOCH, QUARTER_HOUR)
        if rest:
            return created_per_day(Ticket.objects.all(), now=now, days=days)
        quarters.append(quarter)
    aggregates = {
        f"day_{index}": Sum("count", filter=Q(quarter__gte=quarters[index], quarter__lt=quarters[index + 1]))
        for index in range(days)
    }
    row = CreatedCount.objects.filter(quarter__gte=quarters[0], quarter__lt=quarters[-1]).aggregate(**aggregates)
    return [{"date": day.isoformat(), "count": row[f"day_{index}"] or 0} for index, day in enumerate(dates)]


def created_per_day(tickets: QuerySet, *, now: datetime, days: int = WINDOW_DAYS) -> list[dict[str, Any]]:
    """Tickets created on each of the last `days` dates (today included), oldest first, zeros included.

    The window's tickets grouped by the day they fall on (`WindowDay`): a few
    plain comparisons per row. Truncating every row's timestamp to a date would
    call a function per row (in Python, on SQLite), and one conditional count
    per day would test every row against every day.
    """
    dates, bounds = window_days(now, days)
    # The window's bounds first: SQLite narrows its index scan by the first bound it meets, and the
    # window's holds `days` days of tickets at most where a slice's created_after may go back years.
    window = tickets.model._default_manager.filter(created_at__gte=bounds[0], created_at__lt=bounds[-1])
    in_window = (window & tickets).order_by()
    per_day = dict(
        in_window.annotate(day=WindowDay("created_at", bounds))
        .values("day")
        .annotate(n=Count("id"))
        .values_list("day", "n")
    )
    return [{"date": day.isoformat(), "count": per_day.get(index, 0)} for index, day in enumerate(dates)]


def resolved_lately(now: datetime, days: int = WINDOW_DAYS) -> Q:
    """The tickets resolved or closed in the last `days` days: those whose resolution time the median reads."""
    return Q(
        status__in=(Status.RESOLVED, Status.CLOSED),
        resolved_at__isnull=False,
        resolved_at__gte=now - timedelta(days=days),
    )


def median_resolution_hours(
    tickets: QuerySet, *, now: datetime, days: int = WINDOW_DAYS, count: int | None = None
) -> float | None:
    """Median hours from creation to resolution of tickets resolved in the last `days` days.

    The database orders the durations and hands back only the middle row(s)
    (OFFSET), so no list of tickets is ever loaded: two small queries, or one
    when the caller knows `count` already (`slice_counts`). Over all tickets
    both read the `ticket_resolved_window` index alone (resolved_at, status,
    created_at): the window's entries, never the ticket rows. Over a slice the
    planner picks: SQLite scans `ticket_summary_cover`; PostgreSQL often
    intersects that window with the slice's own index and reads the matching
    rows. Reading the slice as `slice_counts` does instead (an ARRAY_AGG with
    the window as its FILTER) halved the benchmark's 90-day slice at a
    million tickets, but made a broad one (all resolved tickets) 17 times
    slower, so the window stays in the WHERE clause.
    """
    resolved = tickets.filter(resolved_lately(now, days)).order_by()
    if count is None:
        count = resolved.count()
    if not count:
        return None
    # Ties have equal durations, so the middle values need no tie-breaker (which the index would lack).
    durations = (
        resolved.annotate(duration=Elapsed("resolved_at", "created_at"))
        .order_by("duration")
        .values_list("duration", flat=True)
    )
    return _hours(list(durations[(count - 1) // 2 : count // 2 + 1]))


def _hours(middle: list[timedelta]) -> float:
    """The median in hours, to a tenth, from the middle duration (or the two middle ones)."""
    seconds = sum(d.total_seconds() for d in middle) / len(middle)
    return round(max(seconds, 0) / 3600, 1)


def maintained_median_resolution_hours(*, now: datetime, days: int = WINDOW_DAYS) -> float | None:
    """`median_resolution_hours` over all tickets, from the trigger-kept resolution times: two small queries.

    The window's tickets are counted per whole hour of resolution time: the
    days after the window's first come from ResolvedCount (a few rows a day),
    the first, partial day from TicketResolution's rows since the window's
    start. That says which bucket holds the middle rank(s) and where; then only
    that bucket's rows in the window are read, in order. Exact, as the rows are.
    """
    start = now - timedelta(days=days)
    first_day = (start - EPOCH) // DAY
    later_days = (
        ResolvedCount.objects.filter(day__gt=first_day)
        .values("hours")
        .annotate(n=Sum("count"))
        .values_list("hours", "n")
        .order_by()
    )
    first_day_rows = (
        TicketResolution.objects.filter(resolved_at__gte=start, resolved_at__lt=EPOCH + (first_day + 1) * DAY)
        .values("hours")
        .annotate(n=Count("pk"))
        .values_list("hours", "n")
        .order_by()
    )
    per_bucket: dict[int, int] = {}
    for hours, n in later_days.union(first_day_rows, all=True):
        per_bucket[hours] = per_bucket.get(hours, 0) + n
    count = sum(per_bucket.values())
    if not count:
        return None
    low, high = (count - 1) // 2, count // 2  # the middle ranks (equal when the count is odd)
    buckets = sorted(hours for hours, n in per_bucket.items() if n)
    index, before = 0, 0  # the bucket that holds rank `low`, and how many ranks come before it
    while before + per_bucket[buckets[index]] <= low:
        before += per_bucket[buckets[index]]
        index += 1
    # Rank `high` is in the same bucket or starts the next one: every time in a bucket is
    # below every time in a later one.
    wanted = buckets[index : index + (1 if high - before < per_bucket[buckets[index]] else 2)]
    times = (
        TicketResolution.objects.filter(hours__in=wanted, resolved_at__gte=start)
        .order_by("microseconds")
        .values_list("microseconds", flat=True)
    )
    middle = [timedelta(microseconds=us) for us in times[low - before : high - before + 1]]
    return _hours(middle)
