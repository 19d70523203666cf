"""The list at scale: fixed query cost per page, DRF-identical rows, opt-in cursors, an indexed count."""

import json
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.renderers import JSONRenderer

from supportflow_site.renderers import ORJSONRenderer
from tickets.models import Ticket
from tickets.serializers import TicketReadSerializer, TicketSerializer, ticket_read_rows
from tickets.services import ticket_assign, ticket_change_status

pytestmark = pytest.mark.django_db

URL = "/api/tickets/"


def test_a_page_costs_the_same_queries_whatever_its_size(staff_client, make_ticket, alice, django_assert_num_queries):
    # given: assigned and unassigned tickets
    for i in range(30):
        ticket = make_ticket()
        if i % 2:
            ticket_assign(ticket=ticket, assignee=alice, actor=alice)

    # when / then: token, the caller's permissions (user's and groups', one query), count, page, for 1 or 30
    for size in (1, 30):
        with django_assert_num_queries(4):
            response = staff_client.get(URL, {"page_size": size, "status": "open"})
        assert len(response.json()["results"]) == size


def test_detail_is_one_query_after_authentication(staff_client, make_ticket, django_assert_num_queries):
    ticket = make_ticket()

    # token, the caller's permissions (user's and groups', one query), then the ticket
    with django_assert_num_queries(3):
        response = staff_client.get(f"{URL}{ticket.pk}/")

    assert response.json()["id"] == ticket.pk


def test_read_serializer_matches_the_model_serializer_field_for_field(make_ticket, alice):
    # given: a ticket with every kind of field set, the assignee and a resolution included
    ticket = make_ticket(subject="Refund", message="I was charged twice, please refund me.")
    ticket_assign(ticket=ticket, assignee=alice, actor=alice)
    ticket = ticket_change_status(ticket=ticket, status="resolved", actor=alice)

    # when
    lean = TicketReadSerializer(ticket_read_rows(Ticket.objects.filter(pk=ticket.pk)).get()).data
    full = TicketSerializer(Ticket.objects.get(pk=ticket.pk)).data

    # then: same keys, same order, same values
    assert list(lean) == list(full)
    assert lean == dict(full)
    assert lean["assignee_username"] == "alice"
    assert lean["resolved_at"].endswith("Z")


def test_list_rows_are_what_the_model_serializer_gives(staff_client, make_ticket):
    ticket = make_ticket()

    row = staff_client.get(URL).json()["results"][0]

    assert row == json.loads(JSONRenderer().render(TicketSerializer(Ticket.objects.get(pk=ticket.pk)).data))


@pytest.mark.parametrize(
    "data",
    [
        {"text": "line\u2028separator\u2029here", "n": 3, "none": None},
        {"when": timezone.now(), "nested": [{"a": 1.5}]},
        {"big": 2**70},
    ],
)
def test_orjson_renderer_writes_what_drf_writes(data):
    assert json.loads(ORJSONRenderer().render(data)) == json.loads(JSONRenderer().render(data))
    assert b"\xe2\x80\xa8" not in ORJSONRenderer().render(data)


def test_cursor_pagination_walks_every_ticket_once_newest_first(staff_client, make_ticket):
    # given: seven tickets, three of them sharing one creation time
    same_time = timezone.now() - timedelta(hours=1)
    made = [make_ticket(created_at=same_time) for _ in range(3)]
    made += [make_ticket(created_at=same_time - timedelta(minutes=i)) for i in range(1, 5)]
    expected = list(Ticket.objects.order_by("-created_at", "-id").values_list("id", flat=True))

    # when: walking pages of two by their next links
    seen, url, pages = [], f"{URL}?pagination=cursor&page_size=2", 0
    while url:
        body = staff_client.get(url).json()
        assert set(body) == {"next", "results"}
        seen += [row["id"] for row in body["results"]]
        url, pages = body["next"], pages + 1

    # then
    assert seen == expected
    assert len(made) == 7 and pages == 4


def test_cursor_pagination_keeps_filters(staff_client, make_ticket):
    for tier in ("enterprise", "standard", "enterprise", "enterprise"):
        make_ticket(customer_tier=tier)

    first = staff_client.get(URL, {"pagination": "cursor", "page_size": 2, "customer_tier": "enterprise"}).json()
    second = staff_client.get(first["next"]).json()

    assert len(first["results"]) == 2 and len(second["results"]) == 1
    assert second["next"] is None


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"cursor": "not-a-cursor"}, "cursor"),
        ({"cursor": "bm9wZQ"}, "cursor"),
        ({"pagination": "offset"}, "pagination"),
        ({"pagination": "cursor", "ordering": "priority_score"}, "ordering"),
    ],
)
def test_bad_pagination_requests_are_400(staff_client, make_ticket, params, field):
    make_ticket()

    response = staff_client.get(URL, params)

    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]


def test_page_numbers_with_count_stay_the_default(staff_client, make_ticket):
    make_ticket()

    body = staff_client.get(URL).json()

    assert set(body) == {"count", "next", "previous", "results"}


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the plan is SQLite's; PostgreSQL plans by statistics")
def test_list_count_reads_an_index_not_the_ticket_rows(staff_client, make_ticket):
    make_ticket()
    with CaptureQueriesContext(connection) as queries:
        staff_client.get(URL)
    count_sql = next(q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"])

    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {count_sql}")
        plan = " ".join(str(row[-1]) for row in cursor.fetchall())

    assert "USING COVERING INDEX" in plan
