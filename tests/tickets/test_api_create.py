import json

import pytest

from tickets.models import Ticket

pytestmark = pytest.mark.django_db

URL = "/api/tickets/"
RECEIPT_KEYS = {"id", "status", "created_at", "confirmation"}


def test_staff_create_returns_the_reference_triage(staff_client, reference_ticket):
    response = staff_client.post(URL, reference_ticket, format="json")

    assert response.status_code == 201
    body = response.json()
    assert (body["category"], body["priority"], body["priority_score"]) == ("technical", "urgent", 95)
    assert (body["sentiment"], body["assigned_team"], body["status"]) == ("neutral", "technical_support", "open")
    assert body["suggested_reply"] and body["next_action"] and body["rules_version"]
    reasons = body["triage_reasons"]
    assert {"output", "value", "rule", "weight", "detail"} <= set(reasons[0])
    assert {"category", "priority"} <= {reason["output"] for reason in reasons}
    stored = Ticket.objects.get(pk=body["id"])
    assert (stored.category, stored.priority, stored.priority_score) == ("technical", "urgent", 95)


def test_anonymous_create_gets_a_receipt_only(anon_client, reference_ticket):
    response = anon_client.post(URL, reference_ticket, format="json")

    assert response.status_code == 201
    body = response.json()
    assert set(body) == RECEIPT_KEYS
    assert body["status"] == "open"
    assert Ticket.objects.get(pk=body["id"]).category == "technical"


def test_nonstaff_user_create_gets_a_receipt_only(nonstaff_client, reference_ticket):
    response = nonstaff_client.post(URL, reference_ticket, format="json")

    assert response.status_code == 201
    assert set(response.json()) == RECEIPT_KEYS


def test_client_cannot_set_triage_status_or_timestamps(staff_client, reference_ticket):
    forged = {
        **reference_ticket,
        "category": "sales",
        "priority": "low",
        "priority_score": 1,
        "status": "closed",
        "id": 999,
        "created_at": "2000-01-01T00:00:00Z",
        "assigned_team": "sales",
    }
    response = staff_client.post(URL, forged, format="json")

    assert response.status_code == 201
    ticket = Ticket.objects.get(pk=response.json()["id"])
    assert ticket.pk != 999
    assert (ticket.category, ticket.priority, ticket.status) == ("technical", "urgent", "open")
    assert ticket.created_at.year > 2000


def test_source_and_tier_default_when_omitted(staff_client):
    response = staff_client.post(
        URL, {"customer_name": "Al", "customer_email": "al@example.com", "message": "Hello there"}, format="json"
    )

    assert response.status_code == 201
    assert (response.json()["source"], response.json()["customer_tier"]) == ("api", "standard")


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"customer_name": ""}, "customer_name"),
        ({"customer_name": "x" * 121}, "customer_name"),
        ({"customer_email": "not-an-email"}, "customer_email"),
        ({"subject": "s" * 201}, "subject"),
        ({"message": ""}, "message"),
        ({"message": "   "}, "message"),
        ({"message": "m" * 20_001}, "message"),
        ({"source": "fax"}, "source"),
        ({"customer_tier": "gold"}, "customer_tier"),
        ({"message": 12345}, "message"),
        ({"customer_name": True}, "customer_name"),
        ({"subject": ["a", "b"]}, "subject"),
        ({"message": "hello\x00world"}, "message"),
        ({"customer_name": "Eve\r\nBcc: all@example.com"}, "customer_name"),
        ({"customer_email": "eve@example.com\nBcc: all@example.com"}, "customer_email"),
    ],
)
def test_invalid_field_is_a_400_naming_the_field_and_stores_nothing(anon_client, reference_ticket, change, field):
    response = anon_client.post(URL, {**reference_ticket, **change}, format="json")

    assert response.status_code == 400
    body = response.json()
    assert body["status"] == 400 and body["code"] == "invalid"
    assert field in body["errors"]
    assert Ticket.objects.count() == 0


@pytest.mark.parametrize("missing", ["customer_name", "customer_email", "message"])
def test_missing_required_field_is_a_400(anon_client, reference_ticket, missing):
    del reference_ticket[missing]

    response = anon_client.post(URL, reference_ticket, format="json")

    assert response.status_code == 400
    assert missing in response.json()["errors"]
    assert Ticket.objects.count() == 0


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        ('{"customer_name": "Ava", ', "application/json"),
        ("[1, 2, 3]", "application/json"),
        ('"just a string"', "application/json"),
        ("[" * 100_000 + "]" * 100_000, "application/json"),
        (b"\xff\xfe{}", "application/json"),
        ("customer_name=Ava&message=hi", "application/x-www-form-urlencoded"),
        ("<ticket/>", "application/xml"),
    ],
)
def test_malformed_or_non_object_body_is_a_4xx_json_error(anon_client, body, content_type):
    response = anon_client.generic("POST", URL, body, content_type=content_type)

    assert 400 <= response.status_code < 500
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["status"] == response.status_code
    assert Ticket.objects.count() == 0


def test_oversized_body_is_refused(anon_client, reference_ticket):
    body = json.dumps({**reference_ticket, "message": "x" * 400_000})

    response = anon_client.generic("POST", URL, body, content_type="application/json")

    assert response.status_code == 413
    assert response.json()["code"] == "payload_too_large"
    assert Ticket.objects.count() == 0


def test_anonymous_intake_is_throttled_with_retry_after(anon_client, reference_ticket, monkeypatch):
    from tickets.throttles import AnonIntakeThrottle

    monkeypatch.setattr(AnonIntakeThrottle, "THROTTLE_RATES", {"anon_intake": "3/minute"})

    codes = [anon_client.post(URL, reference_ticket, format="json").status_code for _ in range(4)]
    refused = anon_client.post(URL, reference_ticket, format="json")

    assert codes == [201, 201, 201, 429]
    assert int(refused["Retry-After"]) > 0
    assert refused.json()["code"] == "throttled"
    assert Ticket.objects.count() == 3


def test_staff_are_not_held_to_the_anonymous_rate(staff_client, reference_ticket, monkeypatch):
    from tickets.throttles import AnonIntakeThrottle

    monkeypatch.setattr(AnonIntakeThrottle, "THROTTLE_RATES", {"anon_intake": "1/minute"})

    codes = {staff_client.post(URL, reference_ticket, format="json").status_code for _ in range(3)}

    assert codes == {201}
