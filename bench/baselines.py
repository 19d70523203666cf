"""Baselines for the benchmark: the same rows or the same SQL with no API stack around them.

Served only by the benchmark's server (bench/settings.py), never by the product.
Each returns JSON rendered by orjson; none authenticates, validates or triages.
"""

import json
from collections.abc import Iterable
from datetime import datetime, time, timedelta
from typing import Any

import orjson
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from tickets.analytics import CATEGORIES, DIMENSIONS, OPEN_STATUSES, WINDOW_DAYS
from tickets.models import Ticket
from tickets.search import FTS5_MATCH, PG_MATCH, fts5_expression, parse_query, tsquery_expression
from tickets.serializers import ticket_read_rows

LIST_FILTER = {"status__in": ["open", "in_progress"], "priority__in": ["high", "urgent"]}
PAGE = 50
INSERT_COLUMNS = (
    "customer_name, customer_email, subject, message, source, customer_tier, category, priority, priority_score, "
    "sentiment, assigned_team, suggested_reply, next_action, triage_reasons, rules_version, category_corrected, "
    "priority_corrected, sentiment_corrected, assigned_team_corrected, status, created_at, updated_at"
)


def _json(data: object) -> HttpResponse:
    return HttpResponse(orjson.dumps(data), content_type="application/json")


@csrf_exempt
def bare_insert(request: HttpRequest) -> HttpResponse:
    """The create's row, inserted as it comes, with fixed triage outputs."""
    body = json.loads(request.body)
    now = timezone.now()
    values = [
        body["customer_name"], body["customer_email"], body.get("subject", ""), body["message"],
        body.get("source", "api"), body.get("customer_tier", "standard"), "general", "medium", 40, "neutral",
        "support", "", "", "[]", "", False, False, False, False, "open", now, now,
    ]  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO tickets_ticket ({INSERT_COLUMNS}) VALUES ({', '.join(['%s'] * len(values))})", values
        )
    return _json({"ok": True})


def values_list_page(request: HttpRequest) -> HttpResponse:
    """The list's filtered page and count, as `.values()` rows."""
    tickets = Ticket.objects.filter(**LIST_FILTER)
    rows = list(ticket_read_rows(tickets.order_by("-created_at", "-id"))[:PAGE])
    return _json({"count": tickets.count(), "results": rows})


def raw_search(request: HttpRequest) -> HttpResponse:
    """The search's SQL on a raw cursor: the count and the newest page of matches."""
    terms = parse_query(request.GET["q"])
    if connection.vendor == "postgresql":
        match, expression = PG_MATCH, tsquery_expression(terms)
    else:
        match, expression = FTS5_MATCH, fts5_expression(terms)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM tickets_ticket WHERE {match}", [expression])
        count = cursor.fetchone()[0]
        cursor.execute(
            f"SELECT id, subject, message, customer_name, customer_email, status, created_at FROM tickets_ticket "
            f"WHERE {match} ORDER BY created_at DESC, id DESC LIMIT {PAGE}",
            [expression],
        )
        names = [column[0] for column in cursor.description]
        rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    return _json({"count": count, "results": rows})


def raw_summary(request: HttpRequest) -> HttpResponse:
    with connection.cursor() as cursor:
        cursor.execute('SELECT dimension, value, "count" FROM tickets_ticketcount')
        return _json(cursor.fetchall())


def raw_filtered_summary(request: HttpRequest) -> HttpResponse:
    """The filtered summary's whole answer from its SQL on a raw cursor: no ORM, no DRF, no filter form.

    The slice is `created_at >= created_after` (an ISO date or date-time, in
    TIME_ZONE when it names none; `days` ago, 90 by default, when absent) and
    `category`. The statements are the API's (tickets.analytics):
    1. the slice's counts: the total, the average priority score, the tickets
       by status, category, priority, team and sentiment, the open urgent ones
       and those nobody picked up, per category the tickets whose category or
       priority staff corrected (the override rate, with the totals), and the
       tickets resolved or closed in the last 30 days. PostgreSQL groups the
       slice by the five dimensions and the groups are added up here; SQLite
       takes one conditional aggregate;
    2. the tickets created on each of the last 30 local dates, grouped by day;
    3. when statement 1 found tickets resolved lately, their middle resolution
       time(s) in order (OFFSET): the median in hours.
    The JSON has the API's keys and numbers, shaped by a few lines of Python.
    """
    now = timezone.now()
    since = _since(request, now)
    category = request.GET.get("category", "billing")
    slice_sql, slice_params = "created_at >= %s AND category = %s", [_db_time(since), category]
    recently = _db_time(now - timedelta(days=WINDOW_DAYS))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            counts, extra = _grouped_counts(cursor, slice_sql, slice_params, recently)
        else:
            counts, extra = _conditional_counts(cursor, slice_sql, slice_params, recently)
        per_day = _created_per_day(cursor, slice_sql, slice_params, now)
        median = _median_hours(cursor, slice_sql, slice_params, recently, extra["resolved"])
    totals = counts["by_category"]
    override_rate = {
        value: round(extra["corrected"][value] / totals[value], 3) if totals[value] else None for value in totals
    }
    return _json(
        {
            **counts,
            "unassigned_urgent": extra["unassigned_urgent"],
            "created_per_day": per_day,
            "median_resolution_hours": median,
            "override_rate": override_rate,
        }
    )


def raw_filtered_dimensions(request: HttpRequest) -> HttpResponse:
    """Statement 1 of `raw_filtered_summary` alone: the filtered baseline until it covered the whole answer."""
    since = _since(request, timezone.now())
    with connection.cursor() as cursor:
        counts = _dimension_counts(
            cursor, "created_at >= %s AND category = %s", [_db_time(since), request.GET.get("category", "billing")]
        )
    return _json(counts)


def _since(request: HttpRequest, now: datetime) -> datetime:
    if "created_after" not in request.GET:
        return now - timedelta(days=int(request.GET.get("days", "90")))
    since = datetime.fromisoformat(request.GET["created_after"])
    return since if timezone.is_aware(since) else timezone.make_aware(since)


def _db_time(value: datetime) -> Any:
    """A datetime as the database column holds it (naive UTC text on SQLite)."""
    return connection.ops.adapt_datetimefield_value(value)


def _quoted(values: Iterable[str]) -> str:
    return ", ".join(f"'{value}'" for value in values)


def _dimension_counts(cursor: Any, slice_sql: str, params: list[Any]) -> dict[str, Any]:
    columns = [(key, field, value) for key, (field, values) in DIMENSIONS.items() for value in values]
    sums = [f"SUM(CASE WHEN {field} = '{value}' THEN 1 ELSE 0 END)" for _, field, value in columns]
    cursor.execute(
        "SELECT COUNT(*), CAST(AVG(priority_score) AS DOUBLE PRECISION), "
        f"SUM(CASE WHEN priority = 'urgent' AND status IN ({_quoted(OPEN_STATUSES)}) THEN 1 ELSE 0 END), "
        f"{', '.join(sums)} FROM tickets_ticket WHERE {slice_sql}",
        params,
    )
    total, average, open_urgent, *values = cursor.fetchone()
    result: dict[str, Any] = {"total": total}
    for key, _ in DIMENSIONS.items():
        result[key] = {}
    for (key, _, value), count in zip(columns, values, strict=True):
        result[key][value] = count or 0
    result["average_priority_score"] = round(average, 1) if average is not None else None
    result["open_urgent"] = open_urgent or 0
    return result


RESOLVED_LATELY = "status IN ('resolved', 'closed') AND resolved_at IS NOT NULL AND resolved_at >= %s"
CORRECTED = "(category_corrected OR priority_corrected)"


def _conditional_counts(
    cursor: Any, slice_sql: str, params: list[Any], recently: Any
) -> tuple[dict[str, Any], dict[str, Any]]:
    columns = [(key, field, value) for key, (field, values) in DIMENSIONS.items() for value in values]
    sums = [f"SUM(CASE WHEN {field} = '{value}' THEN 1 ELSE 0 END)" for _, field, value in columns]
    open_urgent = f"priority = 'urgent' AND status IN ({_quoted(OPEN_STATUSES)})"
    corrected = [f"SUM(CASE WHEN {CORRECTED} AND category = '{value}' THEN 1 ELSE 0 END)" for value in CATEGORIES]
    cursor.execute(
        f"SELECT COUNT(*), CAST(AVG(priority_score) AS DOUBLE PRECISION), "
        f"SUM(CASE WHEN {open_urgent} THEN 1 ELSE 0 END), "
        f"SUM(CASE WHEN {open_urgent} AND assignee_id IS NULL THEN 1 ELSE 0 END), "
        f"SUM(CASE WHEN {RESOLVED_LATELY} THEN 1 ELSE 0 END), "
        f"{', '.join([*sums, *corrected])} FROM tickets_ticket WHERE {slice_sql}",
        [recently, *params],
    )
    total, average, open_urgent_count, unassigned, resolved, *values = cursor.fetchone()
    counts: dict[str, Any] = {"total": total, **{key: {} for key in DIMENSIONS}}
    for (key, _, value), count in zip(columns, values[: len(columns)], strict=True):
        counts[key][value] = count or 0
    counts["average_priority_score"] = round(average, 1) if average is not None else None
    counts["open_urgent"] = open_urgent_count or 0
    extra = {
        "unassigned_urgent": unassigned or 0,
        "resolved": resolved or 0,
        "corrected": {value: count or 0 for value, count in zip(CATEGORIES, values[len(columns) :], strict=True)},
    }
    return counts, extra


def _grouped_counts(
    cursor: Any, slice_sql: str, params: list[Any], recently: Any
) -> tuple[dict[str, Any], dict[str, Any]]:
    fields = [field for field, _ in DIMENSIONS.values()]
    cursor.execute(
        f"SELECT {', '.join(fields)}, COUNT(*), SUM(priority_score), "
        f"COUNT(*) FILTER (WHERE assignee_id IS NULL), COUNT(*) FILTER (WHERE {CORRECTED}), "
        f"COUNT(*) FILTER (WHERE {RESOLVED_LATELY}) "
        f"FROM tickets_ticket WHERE {slice_sql} GROUP BY {', '.join(fields)}",
        [recently, *params],
    )
    counts: dict[str, Any] = {"total": 0, **{key: dict.fromkeys(values, 0) for key, (_, values) in DIMENSIONS.items()}}
    extra: dict[str, Any] = {"unassigned_urgent": 0, "resolved": 0, "corrected": dict.fromkeys(CATEGORIES, 0)}
    score = open_urgent = 0
    for *group, n, group_score, unassigned, corrected, resolved in cursor.fetchall():
        by_field = dict(zip(fields, group, strict=True))
        counts["total"] += n
        score += group_score
        for key, (field, _) in DIMENSIONS.items():
            counts[key][by_field[field]] += n
        extra["corrected"][by_field["category"]] += corrected
        extra["resolved"] += resolved
        if by_field["priority"] == "urgent" and by_field["status"] in OPEN_STATUSES:
            open_urgent += n
            extra["unassigned_urgent"] += unassigned
    counts["average_priority_score"] = round(score / counts["total"], 1) if counts["total"] else None
    counts["open_urgent"] = open_urgent
    return counts, extra


def _created_per_day(cursor: Any, slice_sql: str, params: list[Any], now: datetime) -> list[dict[str, Any]]:
    first = timezone.localdate(now) - timedelta(days=WINDOW_DAYS - 1)
    dates = [first + timedelta(days=offset) for offset in range(WINDOW_DAYS + 1)]
    bounds = [_db_time(timezone.make_aware(datetime.combine(day, time.min))) for day in dates]

    def day_of(low: int, high: int) -> tuple[str, list[Any]]:  # halving the window: a few comparisons a row
        if high - low == 1:
            return str(low), []
        middle = (low + high) // 2
        (below, below_params), (above, above_params) = day_of(low, middle), day_of(middle, high)
        return f"CASE WHEN created_at < %s THEN {below} ELSE {above} END", [
            bounds[middle],
            *below_params,
            *above_params,
        ]

    day_sql, day_params = day_of(0, WINDOW_DAYS)
    cursor.execute(
        f"SELECT {day_sql} AS day, COUNT(*) FROM tickets_ticket "
        f"WHERE created_at >= %s AND created_at < %s AND {slice_sql} GROUP BY 1",
        [*day_params, bounds[0], bounds[-1], *params],
    )
    per_day = dict(cursor.fetchall())
    return [{"date": day.isoformat(), "count": per_day.get(index, 0)} for index, day in enumerate(dates[:-1])]


def _median_hours(cursor: Any, slice_sql: str, params: list[Any], recently: Any, count: int) -> float | None:
    if not count:
        return None
    if connection.vendor == "postgresql":
        duration = "EXTRACT(EPOCH FROM resolved_at - created_at)"
    else:  # whole seconds by strftime, plus the microseconds Django writes after them
        duration = (
            "((CAST(strftime('%%s', substr(resolved_at, 1, 19)) AS INTEGER)"
            " - CAST(strftime('%%s', substr(created_at, 1, 19)) AS INTEGER)) * 1000000"
            " + CAST(substr(resolved_at || '.000000', 21, 6) AS INTEGER)"
            " - CAST(substr(created_at || '.000000', 21, 6) AS INTEGER)) / 1e6"
        )
    low, high = (count - 1) // 2, count // 2
    cursor.execute(
        f"SELECT {duration} AS seconds FROM tickets_ticket WHERE {slice_sql} AND {RESOLVED_LATELY} "
        f"ORDER BY seconds LIMIT {high - low + 1} OFFSET {low}",
        [*params, recently],
    )
    middle = [float(seconds) for (seconds,) in cursor.fetchall()]
    return round(max(sum(middle) / len(middle), 0) / 3600, 1)
