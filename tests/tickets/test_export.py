"""CSV export: the list's filters, streamed, named as the API's fields, safe in a spreadsheet."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tickets import export
from tickets.models import Ticket
from tickets.serializers import TicketSerializer

pytestmark = pytest.mark.django_db

URL = "/api/tickets/export.csv"


def read_csv(response) -> list[dict[str, str]]:
    assert response.streaming
    text = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def test_export_streams_the_filtered_list_as_csv(lead_client, make_ticket):
    billing = make_ticket(subject="Charged twice", message="You charged my card twice, please refund me.")
    make_ticket(subject="Dark mode", message="Feature request: dark mode please.")

    response = lead_client.get(URL, {"category": "billing"})

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="tickets-')
    rows = read_csv(response)
    assert [row["id"] for row in rows] == [str(billing.pk)]
    assert (rows[0]["category"], rows[0]["subject"], rows[0]["assignee"]) == ("billing", "Charged twice", "")


def test_columns_are_named_as_the_api_fields(lead_client, make_ticket):
    make_ticket()

    header = next(csv.reader(io.StringIO(b"".join(lead_client.get(URL).streaming_content).decode())))

    assert header == list(export.COLUMNS)
    assert set(header) <= set(TicketSerializer.Meta.fields)


def test_values_match_the_api(lead_client, carol, make_ticket):
    ticket = make_ticket(assignee=carol)
    api = lead_client.get(f"/api/tickets/{ticket.pk}/").json()

    row = read_csv(lead_client.get(URL))[0]

    for column in ("id", "created_at", "status", "priority_score", "assignee", "assignee_username", "category"):
        assert row[column] == str(api[column]), column
    assert row["category_corrected"] == "false"


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_cells_that_a_spreadsheet_would_run_are_neutralised(lead_client, make_ticket, start):
    make_ticket(customer_name=f"{start}HYPERLINK(1)", subject=f"{start}cmd|' /C calc'!A0")

    row = read_csv(lead_client.get(URL))[0]

    assert row["customer_name"] == f"'{start}HYPERLINK(1)"
    assert row["subject"] == f"'{start}cmd|' /C calc'!A0"


def test_ordinary_text_is_left_alone():
    assert export.cell("Ava Stone") == "Ava Stone"
    assert export.cell("a=b") == "a=b"
    assert export.cell(42) == 42
    assert export.cell(None) == ""


def test_export_reads_no_ticket_until_it_streams(lead_client, make_ticket, monkeypatch):
    # given: chunks of two rows over five tickets
    monkeypatch.setattr(export, "CHUNK_SIZE", 2)
    for _ in range(5):
        make_ticket()

    # when: the response is built, no ticket has been read yet
    with CaptureQueriesContext(connection) as before_streaming:
        response = lead_client.get(URL)
    read_before = [q for q in before_streaming.captured_queries if "tickets_ticket" in q["sql"]]
    rows = read_csv(response)

    # then
    assert read_before == []
    assert len(rows) == Ticket.objects.count() == 5


@pytest.mark.parametrize("path", ["/api/tickets/export.csv", "/api/tickets/export.csv/"])
def test_export_path_works_with_and_without_trailing_slash(lead_client, make_ticket, path):
    make_ticket()

    response = lead_client.get(path)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")


@pytest.mark.parametrize("accept", ["text/csv", "text/html", "application/json", "*/*", "image/png"])
def test_refused_export_is_a_json_403_whatever_the_accept_header(agent_client, make_ticket, accept):
    make_ticket()

    response = agent_client.get(URL, HTTP_ACCEPT=accept)

    assert response.status_code == 403
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "permission_denied"


@pytest.mark.parametrize("accept", ["text/csv", "text/html"])
def test_anonymous_export_is_a_json_401(anon_client, accept):
    response = anon_client.get(URL, HTTP_ACCEPT=accept)

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_export_rejects_unknown_filter_values_with_json(lead_client):
    response = lead_client.get(URL, {"priority": "critical"}, HTTP_ACCEPT="text/csv")

    assert response.status_code == 400
    assert "priority" in response.json()["errors"]


def test_ticket_detail_is_still_reachable_beside_the_export(lead_client, make_ticket):
    ticket = make_ticket()

    assert lead_client.get(f"/api/tickets/{ticket.pk}/").status_code == 200
    assert lead_client.get("/api/tickets/export/").status_code == 404
