"""Many clients at once, against a live server (threads over real HTTP), on SQLite and on PostgreSQL.

Every loop is bounded in count and in time, and only 127.0.0.1 is called.
"""

import json
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from django.db import connection
from rest_framework.authtoken.models import Token

from tests.hostile.conftest import tally, tally_most, tally_response
from tickets.models import IdempotencyKey, Ticket, TicketEvent

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("generous_throttles")]

CLIENTS = 8
ROUNDS = 6
DEADLINE_SECONDS = 120
PATH = ("in_progress", "waiting_customer", "resolved")


class Reply:
    def __init__(self, status: int, text: str) -> None:
        self.status, self.text = status, text

    def json(self) -> Any:
        return json.loads(self.text)


def send(base: str, method: str, path: str, body: Any = None, token: str | None = None, **headers: str) -> Reply:
    assert base.startswith("http://127.0.0.1:"), base
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(f"{base}{path}", data=data, method=method)  # noqa: S310 - our live server
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Token {token}")
    for name, value in headers.items():
        request.add_header(name.replace("_", "-"), value)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
            reply = Reply(response.status, response.read().decode())
    except urllib.error.HTTPError as error:
        reply = Reply(error.code, error.read().decode())
    tally_response(reply.status)
    return reply


def run_together(count: int, work: Callable[[int], list[Reply]]) -> list[Reply]:
    """Run `work(i)` for i in range(count) on as many threads, started at the same moment."""
    start = threading.Barrier(count, timeout=30)

    def go(index: int) -> list[Reply]:
        start.wait()
        return work(index)

    with ThreadPoolExecutor(max_workers=count) as pool:
        results = list(pool.map(go, range(count), timeout=DEADLINE_SECONDS))
    tally_most("concurrent clients (most at once)", count)
    tally(**{"concurrent runs": 1})
    return [reply for replies in results for reply in replies]


def assert_no_server_errors(replies: list[Reply]) -> None:
    assert [r.status for r in replies if r.status >= 500] == []
    assert not [r for r in replies if "database is locked" in r.text]


@pytest.fixture
def staff_tokens(django_user_model: Any) -> list[str]:
    # Superusers: a live-server test's database is flushed, so the migration's groups are not there.
    users = [
        django_user_model.objects.create_user(
            f"staff{i}", f"staff{i}@example.com", "pw-staff-123", is_staff=True, is_superuser=True
        )
        for i in range(CLIENTS)
    ]
    return [Token.objects.create(user=user).key for user in users]


def intake(client: int, round_: int) -> dict[str, str]:
    return {
        "customer_name": f"Client {client}",
        "customer_email": f"client{client}@example.com",
        "subject": f"Round {round_}",
        "message": f"Message {round_} from client {client}: the export fails with an error.",
    }


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only; this run uses " + connection.vendor)
    with connection.cursor() as cursor:
        journal_mode = cursor.execute("PRAGMA journal_mode").fetchone()[0]
        busy_timeout = cursor.execute("PRAGMA busy_timeout").fetchone()[0]

    assert journal_mode == "wal"
    assert busy_timeout >= 10_000


def test_many_clients_creating_and_moving_tickets_lose_nothing(live_server, staff_tokens):
    # given: every client has its own tickets to move along, and creates new ones as it goes
    base = live_server.url
    own = {i: [Ticket.objects.create(**intake(i, -1)).pk for _ in range(2)] for i in range(CLIENTS)}
    deadline = time.monotonic() + DEADLINE_SECONDS

    def client(i: int) -> list[Reply]:
        replies = []
        for round_ in range(ROUNDS):
            if time.monotonic() > deadline:
                break
            replies.append(send(base, "POST", "/api/tickets/", intake(i, round_)))
            replies.append(send(base, "POST", "/api/tickets/", intake(i, round_), token=staff_tokens[i]))
            for ticket_id in own[i] if round_ < len(PATH) else []:
                body = {"status": PATH[round_]}
                replies.append(send(base, "PATCH", f"/api/tickets/{ticket_id}/status/", body, staff_tokens[i]))
            replies.append(send(base, "GET", "/api/tickets/?page_size=5", token=staff_tokens[i]))
        return replies

    # when
    replies = run_together(CLIENTS, client)

    # then: no errors, every 201 is a stored ticket, every status change is one event
    assert_no_server_errors(replies)
    created = {r.json()["id"] for r in replies if r.status == 201}
    assert len(created) == CLIENTS * ROUNDS * 2
    assert set(Ticket.objects.values_list("id", flat=True)) == created | {t for ids in own.values() for t in ids}
    assert Counter(r.status for r in replies) == {201: len(created), 200: CLIENTS * (len(PATH) * 2 + ROUNDS)}
    assert TicketEvent.objects.filter(field="status").count() == CLIENTS * 2 * len(PATH)
    moved = Ticket.objects.filter(pk__in=[t for ids in own.values() for t in ids])
    assert set(moved.values_list("status", flat=True)) == {"resolved"}
    tally(**{"tickets lost": len(created) - Ticket.objects.filter(pk__in=created).count()})


@pytest.mark.parametrize("attempt", range(3))
def test_staff_closing_the_same_ticket_at_once_make_exactly_one_change(live_server, staff_tokens, attempt):
    ticket = Ticket.objects.create(**intake(0, attempt))

    replies = run_together(
        CLIENTS,
        lambda i: [
            send(live_server.url, "PATCH", f"/api/tickets/{ticket.pk}/status/", {"status": "closed"}, staff_tokens[i])
        ],
    )

    assert_no_server_errors(replies)
    assert sorted(r.status for r in replies) == [200] + [409] * (CLIENTS - 1)
    assert all(r.json()["code"] == "conflict" for r in replies if r.status == 409)
    assert TicketEvent.objects.filter(ticket=ticket, field="status").count() == 1
    ticket.refresh_from_db()
    assert ticket.status == "closed"


def test_simultaneous_retries_with_one_key_create_one_ticket(live_server):
    body = intake(0, 0)

    replies = run_together(
        CLIENTS, lambda i: [send(live_server.url, "POST", "/api/tickets/", body, Idempotency_Key="gateway-42")]
    )

    assert_no_server_errors(replies)
    assert Counter(r.status for r in replies) == {201: CLIENTS}
    assert len({r.json()["id"] for r in replies}) == 1
    assert Ticket.objects.count() == 1
    assert IdempotencyKey.objects.count() == 1
