"""Who may do what: anonymous callers may only create; non-staff users get 403; a lead (alice) gets through.

The whole matrix of roles and endpoints is in test_roles.py.
"""

import pytest

from tickets.models import Ticket, TicketEvent

pytestmark = pytest.mark.django_db


def staff_only_requests(ticket_id: int) -> list[tuple[str, str, dict | None]]:
    return [
        ("get", "/api/tickets/", None),
        ("get", f"/api/tickets/{ticket_id}/", None),
        ("patch", f"/api/tickets/{ticket_id}/status/", {"status": "resolved"}),
        ("get", "/api/analytics/summary/", None),
    ]


@pytest.mark.parametrize("index", range(4))
def test_anonymous_caller_gets_401_and_changes_nothing(anon_client, make_ticket, index):
    ticket = make_ticket()
    method, url, data = staff_only_requests(ticket.pk)[index]

    response = getattr(anon_client, method)(url, data, format="json")

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    ticket.refresh_from_db()
    assert ticket.status == "open"
    assert not TicketEvent.objects.exists()


@pytest.mark.parametrize("index", range(4))
def test_nonstaff_user_gets_403_and_changes_nothing(nonstaff_client, make_ticket, index):
    ticket = make_ticket()
    method, url, data = staff_only_requests(ticket.pk)[index]

    response = getattr(nonstaff_client, method)(url, data, format="json")

    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    ticket.refresh_from_db()
    assert ticket.status == "open"


@pytest.mark.parametrize("index", range(4))
def test_staff_gets_through(staff_client, make_ticket, index):
    ticket = make_ticket()
    method, url, data = staff_only_requests(ticket.pk)[index]

    response = getattr(staff_client, method)(url, data, format="json")

    assert response.status_code == 200


def test_session_authenticated_staff_can_use_the_browsable_api(client, alice, make_ticket):
    make_ticket()
    client.force_login(alice)

    response = client.get("/api/tickets/", HTTP_ACCEPT="text/html")

    assert response.status_code == 200
    assert b"Ticket" in response.content


def test_bad_token_is_a_401(anon_client):
    anon_client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")

    response = anon_client.get("/api/tickets/")

    assert response.status_code == 401
    assert "not-a-real-token" not in response.content.decode()


def test_revoked_token_no_longer_works(staff_client, alice):
    from rest_framework.authtoken.models import Token

    assert staff_client.get("/api/tickets/").status_code == 200
    Token.objects.filter(user=alice).delete()

    assert staff_client.get("/api/tickets/").status_code == 401


def test_method_not_allowed_is_a_405_json_error(staff_client, make_ticket):
    ticket = make_ticket()

    response = staff_client.delete(f"/api/tickets/{ticket.pk}/")

    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"
    assert Ticket.objects.filter(pk=ticket.pk).exists()
