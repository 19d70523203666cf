"""Page-number pagination with a `count` (the default) and opt-in cursor pagination for walking every ticket.

A cursor page is found through the newest-first index, so page 10,000 costs
what page 1 costs; page numbers need an OFFSET that grows with the page.
"""

import base64
import binascii
from datetime import datetime
from typing import Any

from django.db.models import Q, QuerySet
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import BasePagination, PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

PAGINATION_STYLES = ("page", "cursor")


class TicketPagination(PageNumberPagination):
    """Pages of 25 by default; a page size that is not a whole number from 1 to 100 is refused, not guessed at."""

    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100

    def get_page_size(self, request: Request) -> int:
        raw = request.query_params.get(self.page_size_query_param, "")
        if raw == "":
            return self.page_size
        # Length first: int() of a 5,000-digit string is itself an error.
        if not (raw.isascii() and raw.isdigit() and len(raw) <= 3 and 1 <= int(raw) <= self.max_page_size):
            raise ValidationError(
                {self.page_size_query_param: [f"Must be a whole number from 1 to {self.max_page_size}."]}
            )
        return int(raw)

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        page, page_size = super().get_schema_operation_parameters(view)
        page["schema"]["minimum"] = 1
        page_size["schema"].update(minimum=1, maximum=self.max_page_size)
        return [page, page_size]


class TicketCursorPagination(BasePagination):
    """Newest first, keyed on (created_at, id): stable while tickets arrive, and no OFFSET."""

    cursor_query_param = "cursor"
    page_size = TicketPagination.page_size
    max_page_size = TicketPagination.max_page_size

    def paginate_queryset(self, queryset: QuerySet, request: Request, view: Any = None) -> list[Any]:
        self.request = request
        if request.query_params.get("ordering"):
            raise ValidationError({"ordering": ["Cursor pagination walks newest first; leave out ordering."]})
        size = TicketPagination().get_page_size(request) or self.page_size
        position = decode_cursor(request.query_params.get(self.cursor_query_param))
        if position is not None:
            created_at, pk = position
            # The plain `<=` lets the database start its index scan at the cursor.
            queryset = queryset.filter(created_at__lte=created_at).filter(Q(created_at__lt=created_at) | Q(pk__lt=pk))
        rows = list(queryset.order_by("-created_at", "-id")[: size + 1])
        self.next_position = _position(rows[size - 1]) if len(rows) > size else None
        return rows[:size]

    def get_next_link(self) -> str | None:
        if self.next_position is None:
            return None
        url = remove_query_param(self.request.build_absolute_uri(), "page")
        return replace_query_param(url, self.cursor_query_param, encode_cursor(*self.next_position))

    def get_paginated_response(self, data: Any) -> Response:
        return Response({"next": self.get_next_link(), "results": data})

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        return {
            "type": "object",
            "required": ["results"],
            "properties": {"next": {"type": "string", "nullable": True, "format": "uri"}, "results": schema},
        }


def pagination_for(request: Request | None) -> BasePagination:
    """Page numbers unless the client asks for cursors (`pagination=cursor`, or by sending a `cursor`)."""
    if request is None:
        return TicketPagination()
    style = request.query_params.get("pagination", "page")
    if style not in PAGINATION_STYLES:
        raise ValidationError({"pagination": [f"Unknown value {style!r}; allowed: {', '.join(PAGINATION_STYLES)}."]})
    if style == "cursor" or "cursor" in request.query_params:
        return TicketCursorPagination()
    return TicketPagination()


def _position(row: Any) -> tuple[datetime, int]:
    if isinstance(row, dict):
        return row["created_at"], row["id"]
    return row.created_at, row.pk


def encode_cursor(created_at: datetime, pk: int) -> str:
    return base64.urlsafe_b64encode(f"{created_at.isoformat()}|{pk}".encode()).decode().rstrip("=")


def decode_cursor(value: str | None) -> tuple[datetime, int] | None:
    if value is None:
        return None
    try:
        raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)).decode()
        stamp, pk = raw.split("|")
        created_at = datetime.fromisoformat(stamp)
        if created_at.tzinfo is None:
            raise ValueError("naive datetime")
        return created_at, int(pk)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise ValidationError({"cursor": ["Invalid cursor; use the `next` link of the previous page."]}) from None
