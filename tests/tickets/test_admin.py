import pytest

from tickets.models import Ticket, TicketEvent, TicketNote

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, django_user_model):
    lead = django_user_model.objects.create_superuser("lena", "lena@example.com", "pw-lena-123")
    client.force_login(lead)
    client.user = lead
    return client


def test_changelist_shows_tickets_with_filters_and_search(admin_client, make_ticket):
    make_ticket(subject="Charged twice", message="You charged my card twice, please refund me.")
    make_ticket(subject="Dark mode", message="Feature request: dark mode please.")

    listing = admin_client.get("/admin/tickets/ticket/")
    filtered = admin_client.get("/admin/tickets/ticket/", {"category__exact": "billing"})
    searched = admin_client.get("/admin/tickets/ticket/", {"q": "dark mode"})

    assert listing.status_code == 200
    assert b"Charged twice" in listing.content and b"Dark mode" in listing.content
    assert b"Charged twice" in filtered.content and b"Dark mode" not in filtered.content
    assert b"Dark mode" in searched.content and b"Charged twice" not in searched.content


def test_change_page_shows_reasons_history_and_notes(admin_client, make_ticket, reference_ticket):
    ticket = make_ticket(**reference_ticket)

    response = admin_client.get(f"/admin/tickets/ticket/{ticket.pk}/change/")

    assert response.status_code == 200
    assert b"Why the engine decided this" in response.content
    assert b"History" in response.content and b"Internal notes" in response.content


def test_status_action_moves_selected_tickets_and_records_events(admin_client, make_ticket):
    first, second = make_ticket(), make_ticket()

    response = admin_client.post(
        "/admin/tickets/ticket/",
        {"action": "mark_in_progress", "_selected_action": [first.pk, second.pk]},
        follow=True,
    )

    assert response.status_code == 200
    assert set(Ticket.objects.values_list("status", flat=True)) == {"in_progress"}
    events = TicketEvent.objects.filter(field="status", new_value="in_progress")
    assert events.count() == 2
    assert {event.actor for event in events} == {admin_client.user}


def test_status_action_leaves_closed_tickets_alone(admin_client, make_ticket):
    closed = make_ticket()
    Ticket.objects.filter(pk=closed.pk).update(status="closed")

    admin_client.post("/admin/tickets/ticket/", {"action": "mark_open", "_selected_action": [closed.pk]})

    closed.refresh_from_db()
    assert closed.status == "closed"
    assert not TicketEvent.objects.exists()


def change_form(ticket, **overrides):
    data = {
        "customer_name": ticket.customer_name,
        "customer_email": ticket.customer_email,
        "customer_tier": ticket.customer_tier,
        "source": ticket.source,
        "subject": ticket.subject,
        "message": ticket.message,
        "status": ticket.status,
        "assignee": "",
        "category": ticket.category,
        "priority": ticket.priority,
        "sentiment": ticket.sentiment,
        "assigned_team": ticket.assigned_team,
        "notes-TOTAL_FORMS": "1",
        "notes-INITIAL_FORMS": "0",
        "notes-MIN_NUM_FORMS": "0",
        "notes-MAX_NUM_FORMS": "1000",
        "notes-0-body": "",
        "events-TOTAL_FORMS": "0",
        "events-INITIAL_FORMS": "0",
        "events-MIN_NUM_FORMS": "0",
        "events-MAX_NUM_FORMS": "0",
    }
    data.update(overrides)
    return data


def test_staff_correct_triage_by_hand_and_it_is_kept(admin_client, make_ticket):
    ticket = make_ticket(subject="Charged twice", message="You charged my card twice, please refund me.")

    response = admin_client.post(
        f"/admin/tickets/ticket/{ticket.pk}/change/", change_form(ticket, category="technical", priority="low")
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    ticket.refresh_from_db()
    assert (ticket.category, ticket.priority, ticket.category_corrected) == ("technical", "low", True)
    assert ticket.priority_score <= 34
    assert TicketEvent.objects.filter(ticket=ticket, field="category", source="person").exists()
    ticket.message = "You charged my card twice, please refund me today."
    ticket.save()
    assert (ticket.category, ticket.priority) == ("technical", "low")


def test_status_change_in_the_form_is_recorded(admin_client, make_ticket):
    ticket = make_ticket()

    admin_client.post(f"/admin/tickets/ticket/{ticket.pk}/change/", change_form(ticket, status="resolved"))

    event = TicketEvent.objects.get(ticket=ticket)
    assert (event.field, event.new_value, event.actor) == ("status", "resolved", admin_client.user)


def test_note_added_inline_gets_its_author(admin_client, make_ticket):
    ticket = make_ticket()

    admin_client.post(
        f"/admin/tickets/ticket/{ticket.pk}/change/", change_form(ticket, **{"notes-0-body": "Called the customer."})
    )

    note = TicketNote.objects.get(ticket=ticket)
    assert (note.body, note.author) == ("Called the customer.", admin_client.user)


def test_admin_needs_a_staff_login(client, make_ticket):
    response = client.get("/admin/tickets/ticket/")

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
