import pytest

from tickets.models import TicketEvent

pytestmark = pytest.mark.django_db


def status_url(ticket) -> str:
    return f"/api/tickets/{ticket.pk}/status/"


def test_status_change_returns_the_ticket_and_records_an_event(staff_client, alice, make_ticket):
    ticket = make_ticket()

    response = staff_client.patch(status_url(ticket), {"status": "in_progress"}, format="json")

    assert response.status_code == 200
    assert response.json()["status"] == "in_progress"
    assert response.json()["category"] == ticket.category
    event = TicketEvent.objects.get(ticket=ticket)
    assert (event.field, event.old_value, event.new_value, event.actor, event.source) == (
        "status",
        "open",
        "in_progress",
        alice,
        "person",
    )


def test_resolving_sets_resolved_at(staff_client, make_ticket):
    ticket = make_ticket()

    staff_client.patch(status_url(ticket), {"status": "resolved"}, format="json")

    ticket.refresh_from_db()
    assert ticket.status == "resolved" and ticket.resolved_at is not None


def test_same_status_records_no_event(staff_client, make_ticket):
    ticket = make_ticket()

    response = staff_client.patch(status_url(ticket), {"status": "open"}, format="json")

    assert response.status_code == 200
    assert not TicketEvent.objects.exists()


@pytest.mark.parametrize("value", ["done", "", None, 3, ["open"]])
def test_invalid_status_is_a_400_naming_allowed_values(staff_client, make_ticket, value):
    ticket = make_ticket()

    response = staff_client.patch(status_url(ticket), {"status": value}, format="json")

    assert response.status_code == 400
    assert "status" in response.json()["errors"]
    ticket.refresh_from_db()
    assert ticket.status == "open"
    assert not TicketEvent.objects.exists()


def test_unknown_status_message_lists_the_allowed_values(staff_client, make_ticket):
    ticket = make_ticket()

    response = staff_client.patch(status_url(ticket), {"status": "done"}, format="json")

    message = response.json()["errors"]["status"][0]
    for allowed in ("open", "in_progress", "waiting_customer", "resolved", "closed"):
        assert allowed in message


def test_closed_ticket_is_final(staff_client, make_ticket):
    ticket = make_ticket()
    staff_client.patch(status_url(ticket), {"status": "closed"}, format="json")

    response = staff_client.patch(status_url(ticket), {"status": "open"}, format="json")

    assert response.status_code == 409
    assert "closed" in response.json()["detail"]
    ticket.refresh_from_db()
    assert ticket.status == "closed"
    assert TicketEvent.objects.filter(ticket=ticket).count() == 1


def test_status_of_missing_ticket_is_a_404(staff_client):
    response = staff_client.patch("/api/tickets/424242/status/", {"status": "open"}, format="json")

    assert response.status_code == 404
