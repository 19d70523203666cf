"""`manage.py import_tickets`: the API's validation and triage, in bulk, with bad rows reported by line."""

import json
from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from tests.tickets.test_counts import fresh_counts, kept_counts, without_zeros
from tickets.models import Ticket, TicketCount

pytestmark = pytest.mark.django_db

OUTAGE = {
    "customer_name": "Ava Stone",
    "customer_email": "ava@example.com",
    "subject": "Cannot login",
    "message": "This is urgent. I cannot login and my team is blocked today.",
    "source": "email",
    "customer_tier": "standard",
}


def run(path, capsys):
    try:
        call_command("import_tickets", str(path))
        failed = None
    except CommandError as error:
        failed = str(error)
    out, err = capsys.readouterr()
    return out, err.splitlines(), failed


def test_json_lines_are_triaged_like_the_api(tmp_path, capsys, staff_client):
    # given
    path = tmp_path / "tickets.jsonl"
    path.write_text(json.dumps(OUTAGE) + "\n\n" + json.dumps({**OUTAGE, "customer_name": "Ben"}) + "\n")
    via_api = staff_client.post("/api/tickets/", OUTAGE).json()

    # when
    out, errors, failed = run(path, capsys)

    # then
    assert (out.strip(), errors, failed) == ("Imported 2 tickets; refused 0 rows.", [], None)
    imported = Ticket.objects.exclude(pk=via_api["id"]).order_by("id")
    assert [t.customer_name for t in imported] == ["Ava Stone", "Ben"]
    for ticket in imported:
        decided = {f: getattr(ticket, f) for f in ("category", "priority", "priority_score", "assigned_team")}
        assert decided == {f: via_api[f] for f in decided}
        assert ticket.triage_reasons and ticket.suggested_reply and ticket.status == "open"


def test_csv_with_a_header_keeps_history_fields(tmp_path, capsys):
    path = tmp_path / "history.csv"
    path.write_text(
        "customer_name,customer_email,subject,message,created_at,status\n"
        'Cleo,cleo@example.com,,"Please refund me, I was charged twice.",2025-03-01T10:00:00Z,resolved\n'
        "Dan,dan@example.com,Hi,How do I add a teammate?,,\n",
        encoding="utf-8",
    )

    out, errors, failed = run(path, capsys)

    assert (out.strip(), errors, failed) == ("Imported 2 tickets; refused 0 rows.", [], None)
    cleo, dan = Ticket.objects.order_by("id")
    assert (cleo.status, cleo.created_at, cleo.source) == ("resolved", datetime(2025, 3, 1, 10, tzinfo=UTC), "api")
    assert cleo.category == "billing"
    assert (dan.status, dan.subject) == ("open", "Hi")


def test_bad_rows_are_reported_by_line_and_the_rest_still_load(tmp_path, capsys):
    # given: line 1 good, 2 no JSON, 3 not an object, 4 bad e-mail and no message, 5 bad status, 6 good
    lines = [
        json.dumps(OUTAGE),
        "{not json",
        "[1, 2]",
        json.dumps({"customer_name": "X", "customer_email": "nope"}),
        json.dumps({**OUTAGE, "status": "archived"}),
        json.dumps({**OUTAGE, "customer_name": "Last"}),
    ]
    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join(lines) + "\n")

    # when
    out, errors, failed = run(path, capsys)

    # then
    assert out.strip() == "Imported 2 tickets; refused 4 rows."
    assert [line.split(":")[0] for line in errors] == ["line 2", "line 3", "line 4", "line 5"]
    assert errors[1] == "line 3: expected a JSON object"
    assert "customer_email: Enter an e-mail address like name@example.com" in errors[2]
    assert "message: This field is required." in errors[2]
    assert errors[3].startswith("line 5: status: ")
    assert failed == "4 rows were refused (listed above); the others were imported."
    assert list(Ticket.objects.order_by("id").values_list("customer_name", flat=True)) == ["Ava Stone", "Last"]


def test_csv_line_numbers_count_the_header_and_quoted_line_breaks(tmp_path, capsys):
    path = tmp_path / "lines.csv"
    path.write_text(
        "customer_name,customer_email,message\n"
        'Eve,eve@example.com,"First line\nsecond line"\n'
        "Fay,not-an-email,Hello\n"
        "Gus,gus@example.com,Hello,extra\n",
        encoding="utf-8",
    )

    _, errors, _ = run(path, capsys)

    assert len(errors) == 2
    assert errors[0].startswith("line 4: customer_email: Enter an e-mail address like name@example.com")
    assert errors[1] == "line 5: more values than the header has columns"
    assert Ticket.objects.get().message == "First line\nsecond line"


def test_imported_tickets_are_counted_and_searchable(tmp_path, capsys, staff_client):
    path = tmp_path / "t.jsonl"
    path.write_text("".join(json.dumps({**OUTAGE, "message": f"Zebra crossing {i}"}) + "\n" for i in range(5)))

    run(path, capsys)

    assert TicketCount.objects.get(dimension="total").count == 5
    assert staff_client.get("/api/tickets/", {"q": "zebra"}).json()["count"] == 5


def test_an_import_on_sqlite_keeps_more_of_the_indexes_in_memory(tmp_path, capsys):
    if connection.vendor != "sqlite":
        pytest.skip("a SQLite page cache")
    path = tmp_path / "t.jsonl"
    path.write_text(json.dumps(OUTAGE) + "\n")

    run(path, capsys)

    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        assert cursor.fetchone()[0] == -64 * 1024


@pytest.mark.parametrize("content", [b"\xff\xfe\x00bad", None])
def test_unreadable_or_missing_file_is_a_command_error(tmp_path, content):
    path = tmp_path / "file.jsonl"
    if content is not None:
        path.write_bytes(content)

    with pytest.raises(CommandError):
        call_command("import_tickets", str(path))

    assert Ticket.objects.count() == 0


def test_counts_and_search_stay_exact_across_batches_beside_existing_tickets(
    tmp_path, capsys, make_ticket, staff_client
):
    # given: tickets written one by one, and a file that loads in three batches with a bad row between
    make_ticket(message="Zebra stripes on the invoice")
    make_ticket(message="Production is down for everyone!", status="in_progress")
    rows = [{**OUTAGE, "message": f"Zebra {i}: we were charged twice", "status": "resolved"} for i in range(3)]
    rows += [{**OUTAGE, "customer_name": f"Urgent {i}"} for i in range(2)]
    path = tmp_path / "batches.jsonl"
    path.write_text("\n".join([*map(json.dumps, rows[:2]), "{not json", *map(json.dumps, rows[2:])]) + "\n")

    # when
    with pytest.raises(CommandError, match="1 rows were refused"):
        call_command("import_tickets", str(path), "--batch-size", "2")

    # then
    assert Ticket.objects.count() == 7
    assert kept_counts() == without_zeros(fresh_counts())
    assert staff_client.get("/api/tickets/", {"q": "zebra"}).json()["count"] == 4


def test_a_resolution_time_is_kept_and_counted_in_the_median(tmp_path, capsys, staff_client):
    # given: a ticket resolved 2.5 hours after it came in, yesterday
    created = datetime.now(UTC).replace(microsecond=0) - timedelta(days=1)
    row = {**OUTAGE, "created_at": created.isoformat(), "status": "resolved"}
    path = tmp_path / "resolved.jsonl"
    path.write_text(json.dumps({**row, "resolved_at": (created + timedelta(hours=2.5)).isoformat()}) + "\n")

    # when
    out, errors, failed = run(path, capsys)

    # then
    assert (out.strip(), errors, failed) == ("Imported 1 tickets; refused 0 rows.", [], None)
    assert Ticket.objects.get().resolved_at == created + timedelta(hours=2.5)
    assert staff_client.get("/api/analytics/summary/").json()["median_resolution_hours"] == 2.5


@pytest.mark.parametrize(
    ("history", "reason"),
    [
        ({"status": "open", "resolved_at": "2025-03-02T10:00:00Z"}, "Only a resolved or closed ticket has one."),
        (
            {"status": "closed", "created_at": "2025-03-02T10:00:00Z", "resolved_at": "2025-03-01T10:00:00Z"},
            "Must not be before created_at (now when not given).",
        ),
        ({"status": "resolved", "resolved_at": "2025-03-01T10:00:00Z"}, "Must not be before created_at"),
        ({"status": "resolved", "resolved_at": "2999-01-01T00:00:00Z"}, "Must not be in the future."),
    ],
)
def test_a_resolution_time_that_cannot_be_is_refused(tmp_path, capsys, history, reason):
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps({**OUTAGE, **history}) + "\n")

    _, errors, failed = run(path, capsys)

    assert failed and len(errors) == 1 and errors[0].startswith("line 1: resolved_at: ") and reason in errors[0]
    assert not Ticket.objects.exists()
