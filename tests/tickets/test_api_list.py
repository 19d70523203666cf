from datetime import timedelta

import pytest
from django.utils import timezone

from tickets.filters import TicketFilter
from tickets.models import Ticket

pytestmark = pytest.mark.django_db

URL = "/api/tickets/"


def ids(response):
    return [row["id"] for row in response.json()["results"]]


def test_list_is_paginated_newest_first(staff_client, make_ticket):
    older = make_ticket(created_at=timezone.now() - timedelta(days=2))
    newer = make_ticket()

    response = staff_client.get(URL)

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == 2
    assert ids(response) == [newer.pk, older.pk]


def test_page_size_chooses_the_page_length(staff_client, make_ticket):
    for _ in range(3):
        make_ticket()

    response = staff_client.get(URL, {"page_size": 2})

    assert len(response.json()["results"]) == 2 and response.json()["next"]


@pytest.mark.parametrize("page_size", ["0", "-5", "101", "1000", "9" * 5000, "abc", "2.5", "²"])
def test_page_size_outside_1_to_100_is_a_400(staff_client, make_ticket, page_size):
    make_ticket()

    response = staff_client.get(URL, {"page_size": page_size})

    assert response.status_code == 400
    assert response.json()["errors"] == {"page_size": ["Must be a whole number from 1 to 100."]}


@pytest.mark.parametrize("page", ["0", "-1", "999999999999", "abc"])
def test_out_of_range_page_is_a_404_json_error(staff_client, make_ticket, page):
    make_ticket()

    response = staff_client.get(URL, {"page": page})

    assert response.status_code == 404
    assert response.json()["status"] == 404


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("status", "open"),
        ("customer_tier", "enterprise"),
        ("source", "chat"),
    ],
)
def test_filter_by_input_fields(staff_client, make_ticket, field, value):
    match = make_ticket(**{field: value})
    make_ticket(**{field: {"status": "open", "customer_tier": "free", "source": "email"}[field]})
    if field == "status":
        Ticket.objects.exclude(pk=match.pk).update(status="resolved")

    response = staff_client.get(URL, {field: value})

    assert response.status_code == 200
    assert ids(response) == [match.pk]


@pytest.mark.parametrize("field", ["category", "priority", "assigned_team", "sentiment"])
def test_filter_by_triage_output_and_comma_separated_lists(staff_client, make_ticket, field):
    billing = make_ticket(subject="Charged twice", message="You charged my card twice, please refund me.")
    technical = make_ticket(subject="App crashes", message="The app crashes with an error when I export.")
    value_a, value_b = getattr(billing, field), getattr(technical, field)

    single = staff_client.get(URL, {field: value_a})
    both = staff_client.get(URL, {field: f"{value_a},{value_b}"})

    assert {row[field] for row in single.json()["results"]} == {value_a}
    assert billing.pk in ids(single)
    assert set(ids(both)) == {billing.pk, technical.pk}


@pytest.mark.parametrize(
    ("field", "value"),
    [("status", "pending"), ("category", "billing,nonsense"), ("priority", "critical"), ("source", "fax")],
)
def test_unknown_filter_value_is_a_400_naming_allowed_values(staff_client, field, value):
    response = staff_client.get(URL, {field: value})

    assert response.status_code == 400
    message = " ".join(response.json()["errors"][field])
    assert "allowed" in message
    assert "open" in message or "billing" in message or "low" in message or "email" in message


def test_created_after_and_before(staff_client, make_ticket):
    now = timezone.now()
    old = make_ticket(created_at=now - timedelta(days=10))
    mid = make_ticket(created_at=now - timedelta(days=5))
    new = make_ticket(created_at=now)

    window = staff_client.get(
        URL,
        {
            "created_after": (now - timedelta(days=7)).isoformat(),
            "created_before": (now - timedelta(days=1)).isoformat(),
        },
    )
    by_date = staff_client.get(URL, {"created_after": (now - timedelta(days=6)).date().isoformat()})

    assert ids(window) == [mid.pk]
    assert set(ids(by_date)) == {mid.pk, new.pk}
    assert old.pk not in ids(by_date)


@pytest.mark.parametrize("value", ["yesterday", "2026-13-45", "12345678901234567890"])
def test_malformed_date_is_a_400(staff_client, value):
    response = staff_client.get(URL, {"created_after": value})

    assert response.status_code == 400
    assert "created_after" in response.json()["errors"]


@pytest.mark.parametrize(
    ("q", "field", "value"),
    [
        ("REFUND", "message", "Please refund the extra charge"),
        ("invoice", "subject", "Invoice question"),
        ("zelda", "customer_name", "Zelda Quinn"),
        ("acme.test", "customer_email", "ops@acme.test"),
    ],
)
def test_q_searches_subject_message_name_and_email_case_insensitively(staff_client, make_ticket, q, field, value):
    match = make_ticket(**{field: value})
    make_ticket(subject="Other", message="Nothing to see here", customer_name="Other", customer_email="o@example.com")

    response = staff_client.get(URL, {"q": q})

    assert ids(response) == [match.pk]


@pytest.mark.parametrize("ordering", ["priority_score", "-priority_score", "created_at", "updated_at", "-updated_at"])
def test_ordering_by_allowed_fields(staff_client, make_ticket, ordering):
    make_ticket(subject="Outage", message="Production is down for everyone, all of our team is blocked.")
    make_ticket(subject="Idea", message="Feature request: dark mode would be nice, no rush.")
    field = ordering.lstrip("-")

    response = staff_client.get(URL, {"ordering": ordering})

    values = [row[field] for row in response.json()["results"]]
    assert values == sorted(values, reverse=ordering.startswith("-"))


def test_unknown_ordering_is_a_400(staff_client):
    response = staff_client.get(URL, {"ordering": "customer_email"})

    assert response.status_code == 400
    assert "ordering" in response.json()["errors"]


def test_detail_and_missing_ticket(staff_client, make_ticket):
    ticket = make_ticket()

    found = staff_client.get(f"{URL}{ticket.pk}/")
    missing = staff_client.get(f"{URL}{ticket.pk + 1000}/")
    not_a_number = staff_client.get(f"{URL}abc/")

    assert found.status_code == 200 and found.json()["id"] == ticket.pk
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"
    assert not_a_number.status_code == 404


def test_trailing_slash_is_optional(staff_client, make_ticket):
    ticket = make_ticket()

    assert staff_client.get("/api/tickets").status_code == 200
    assert staff_client.get(f"/api/tickets/{ticket.pk}").status_code == 200


def test_the_filter_form_is_made_once_and_each_request_validates_its_own():
    first = TicketFilter({"status": "open", "q": "refund"}, queryset=Ticket.objects.all())
    second = TicketFilter({"status": "closed,resolved"}, queryset=Ticket.objects.all())

    assert first.is_valid() and second.is_valid()
    assert type(first.form) is type(second.form)
    assert first.form.fields["status"] is not second.form.fields["status"]
    assert (first.form.cleaned_data["status"], second.form.cleaned_data["status"]) == (["open"], ["closed", "resolved"])
    assert second.form.cleaned_data["q"] is None
    assert (first.form.fields["q"].label, first.form.fields["status"].label) == ("Search", "Status is in")
