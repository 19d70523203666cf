"""PATCH /api/tickets/{id}/: assignee for agents and leads, triage corrections for leads only."""

import pytest

from tickets.models import Ticket, TicketEvent

pytestmark = pytest.mark.django_db


def url(ticket: Ticket) -> str:
    return f"/api/tickets/{ticket.pk}/"


@pytest.fixture
def billing_ticket(make_ticket):
    ticket = make_ticket(subject="Charged twice", message="You charged my card twice, please refund me.")
    assert (ticket.category, ticket.priority) == ("billing", "high")
    return ticket


def test_agent_takes_a_ticket_and_the_change_is_recorded(agent_client, carol, make_ticket):
    ticket = make_ticket()

    response = agent_client.patch(url(ticket), {"assignee": carol.pk}, format="json")

    assert response.status_code == 200
    assert (response.json()["assignee"], response.json()["assignee_username"]) == (carol.pk, "carol")
    ticket.refresh_from_db()
    assert ticket.assignee == carol
    event = TicketEvent.objects.get(ticket=ticket)
    assert (event.field, event.old_value, event.new_value, event.actor, event.source) == (
        "assignee",
        "",
        "carol",
        carol,
        "person",
    )


def test_assignee_null_unassigns(agent_client, carol, make_ticket):
    ticket = make_ticket(assignee=carol)

    response = agent_client.patch(url(ticket), {"assignee": None}, format="json")

    assert response.status_code == 200
    ticket.refresh_from_db()
    assert ticket.assignee is None
    assert TicketEvent.objects.get(ticket=ticket).old_value == "carol"


@pytest.mark.parametrize("who", ["bob", "unknown", "inactive"])
def test_assignee_must_be_an_active_staff_user(agent_client, bob, make_ticket, django_user_model, who):
    ticket = make_ticket()
    inactive = django_user_model.objects.create_user("ivy", is_staff=True, is_active=False)
    target = {"bob": bob.pk, "unknown": 987654, "inactive": inactive.pk}[who]

    response = agent_client.patch(url(ticket), {"assignee": target}, format="json")

    assert response.status_code == 400
    assert "assignee" in response.json()["errors"]
    ticket.refresh_from_db()
    assert ticket.assignee is None
    assert not TicketEvent.objects.exists()


@pytest.mark.parametrize("value", ["1", 1.0, True, [1], {"id": 1}, 10**30])
def test_assignee_of_the_wrong_type_is_a_400(lead_client, lena, make_ticket, value):
    ticket = make_ticket()

    response = lead_client.patch(url(ticket), {"assignee": value}, format="json")

    assert response.status_code == 400
    assert "assignee" in response.json()["errors"]
    assert not TicketEvent.objects.exists()


def test_lead_corrects_priority_and_the_score_moves_into_the_band(lead_client, lena, billing_ticket):
    score = billing_ticket.priority_score

    response = lead_client.patch(url(billing_ticket), {"priority": "urgent"}, format="json")

    assert response.status_code == 200
    assert (response.json()["priority"], response.json()["priority_score"]) == ("urgent", 85)
    billing_ticket.refresh_from_db()
    assert (billing_ticket.priority, billing_ticket.priority_score, billing_ticket.priority_corrected) == (
        "urgent",
        85,
        True,
    )
    recorded = set(TicketEvent.objects.values_list("field", "old_value", "new_value", "actor__username"))
    assert recorded == {("priority", "high", "urgent", "lena"), ("priority_score", str(score), "85", "lena")}


def test_lead_corrects_category_and_the_team_follows(lead_client, billing_ticket):
    response = lead_client.patch(url(billing_ticket), {"category": "technical"}, format="json")

    assert response.status_code == 200
    billing_ticket.refresh_from_db()
    assert (billing_ticket.category, billing_ticket.assigned_team) == ("technical", "technical_support")
    assert billing_ticket.category_corrected and not billing_ticket.assigned_team_corrected


def test_lead_assigns_and_corrects_in_one_request(lead_client, carol, billing_ticket):
    body = {"assignee": carol.pk, "sentiment": "negative", "assigned_team": "customer_success"}

    response = lead_client.patch(url(billing_ticket), body, format="json")

    assert response.status_code == 200
    billing_ticket.refresh_from_db()
    assert (billing_ticket.assignee, billing_ticket.sentiment, billing_ticket.assigned_team) == (
        carol,
        "negative",
        "customer_success",
    )
    assert set(TicketEvent.objects.values_list("field", flat=True)) == {"assignee", "sentiment", "assigned_team"}


def test_sending_back_the_current_value_is_not_a_correction(lead_client, billing_ticket):
    response = lead_client.patch(url(billing_ticket), {"category": "billing"}, format="json")

    assert response.status_code == 200
    billing_ticket.refresh_from_db()
    assert not billing_ticket.category_corrected
    assert not TicketEvent.objects.exists()


@pytest.mark.parametrize("field", ["category", "priority", "sentiment", "assigned_team"])
def test_agent_may_not_correct_triage(agent_client, carol, billing_ticket, field):
    value = {"category": "sales", "priority": "low", "sentiment": "positive", "assigned_team": "sales"}[field]

    response = agent_client.patch(url(billing_ticket), {field: value, "assignee": carol.pk}, format="json")

    assert response.status_code == 403
    assert field in response.json()["detail"]
    billing_ticket.refresh_from_db()
    assert getattr(billing_ticket, field) != value
    assert billing_ticket.assignee is None
    assert not TicketEvent.objects.exists()


@pytest.mark.parametrize("field", ["message", "status", "priority_score", "id", "customer_email", "resolved_at"])
def test_a_field_nobody_may_write_is_a_400_even_for_a_superuser(superuser_client, billing_ticket, field):
    before = Ticket.objects.filter(pk=billing_ticket.pk).values().get()

    response = superuser_client.patch(url(billing_ticket), {field: "x", "category": "sales"}, format="json")

    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]
    assert Ticket.objects.filter(pk=billing_ticket.pk).values().get() == before
    assert not TicketEvent.objects.exists()


def test_status_points_to_its_own_endpoint(lead_client, billing_ticket):
    response = lead_client.patch(url(billing_ticket), {"status": "resolved"}, format="json")

    assert response.json()["errors"]["status"] == ["Change the status with PATCH /api/tickets/{id}/status/."]


@pytest.mark.parametrize("body", [{}, [], "assignee", None])
def test_an_empty_or_non_object_body_is_a_400(lead_client, billing_ticket, body):
    response = lead_client.patch(url(billing_ticket), body, format="json")

    assert response.status_code == 400
    assert response.json()["code"] == "invalid"


@pytest.mark.parametrize(("field", "value"), [("category", "refunds"), ("priority", "critical"), ("sentiment", 3)])
def test_an_unknown_triage_value_is_a_400(lead_client, billing_ticket, field, value):
    response = lead_client.patch(url(billing_ticket), {field: value}, format="json")

    assert response.status_code == 400
    assert field in response.json()["errors"]
    billing_ticket.refresh_from_db()
    assert not billing_ticket.category_corrected and not billing_ticket.priority_corrected


def test_put_is_not_allowed(lead_client, billing_ticket):
    response = lead_client.put(url(billing_ticket), {"category": "sales"}, format="json")

    assert response.status_code == 405


def test_patching_a_missing_ticket_is_a_404(lead_client):
    response = lead_client.patch("/api/tickets/424242/", {"category": "sales"}, format="json")

    assert response.status_code == 404


def test_a_corrected_value_survives_a_retriage(lead_client, billing_ticket):
    lead_client.patch(url(billing_ticket), {"category": "technical"}, format="json")
    billing_ticket.refresh_from_db()

    billing_ticket.message = "You charged my card twice, please refund me today."
    billing_ticket.save()

    assert billing_ticket.category == "technical"
