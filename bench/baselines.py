"""Baselines for the benchmark: the same rows or the same SQL with no API stack around them.

Served only by the benchmark's server (bench/settings.py), never by the product.
Each returns JSON rendered by orjson; none authenticates, validates or triages.
"""

import json
from datetime import timedelta

import orjson
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from tickets.analytics import DIMENSIONS
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
    """One conditional aggregate over the same slice as the benchmark's filtered summary."""
    since = timezone.now() - timedelta(days=int(request.GET.get("days", "90")))
    sums = [
        f"SUM(CASE WHEN {field} = '{value}' THEN 1 ELSE 0 END)"
        for field, values in DIMENSIONS.values()
        for value in values
    ]
    sql = (
        f"SELECT COUNT(*), CAST(AVG(priority_score) AS REAL), {', '.join(sums)} FROM tickets_ticket "
        "WHERE created_at >= %s AND category = %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [since, request.GET.get("category", "billing")])
        return _json(list(cursor.fetchone()))
