"""Tickets as CSV, streamed row by row and safe to open in a spreadsheet.

The API and the admin both answer with `csv_response`; rows are read from the
database in chunks, so a large export never holds every ticket in memory.
"""

import csv
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.http import StreamingHttpResponse
from django.utils import timezone
from rest_framework.fields import DateTimeField

# Column names are the API's field names (see TicketSerializer); each maps to a database path.
COLUMNS: dict[str, str] = {
    "id": "id",
    "created_at": "created_at",
    "updated_at": "updated_at",
    "status": "status",
    "customer_name": "customer_name",
    "customer_email": "customer_email",
    "customer_tier": "customer_tier",
    "source": "source",
    "subject": "subject",
    "message": "message",
    "category": "category",
    "priority": "priority",
    "priority_score": "priority_score",
    "sentiment": "sentiment",
    "assigned_team": "assigned_team",
    "category_corrected": "category_corrected",
    "priority_corrected": "priority_corrected",
    "sentiment_corrected": "sentiment_corrected",
    "assigned_team_corrected": "assigned_team_corrected",
    "assignee": "assignee_id",
    "assignee_username": "assignee__username",
    "resolved_at": "resolved_at",
    "next_action": "next_action",
    "rules_version": "rules_version",
}
CHUNK_SIZE = 500
# A spreadsheet reads a cell starting with one of these as a formula (CSV injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_datetimes = DateTimeField()


def neutralise(text: str) -> str:
    """Prefix a would-be formula with an apostrophe, so a spreadsheet shows it as text."""
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def cell(value: Any) -> str | int:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return value
    if isinstance(value, datetime):
        return _datetimes.to_representation(value)
    return neutralise(str(value))


class _Echo:
    """csv.writer wants a file; this one hands each written line straight back."""

    def write(self, line: str) -> str:
        return line


def csv_lines(tickets: QuerySet) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow(list(COLUMNS))
    rows: Iterable[tuple[Any, ...]] = tickets.values_list(*COLUMNS.values()).iterator(chunk_size=CHUNK_SIZE)
    for row in rows:
        yield writer.writerow([cell(value) for value in row])


def csv_response(tickets: QuerySet) -> StreamingHttpResponse:
    response = StreamingHttpResponse(csv_lines(tickets), content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="tickets-{stamp}.csv"'
    return response
