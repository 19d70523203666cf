"""Notes and history of a ticket: plain JSON lists, newest first."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tickets.models import TicketEvent, TicketNote

pytestmark = pytest.mark.django_db


def test_agent_adds_a_note_and_it_is_stored_with_its_author(agent_client, carol, make_ticket):
    ticket = make_ticket()

    response = agent_client.post(f"/api/tickets/{ticket.pk}/notes/", {"body": "Called the customer."}, format="json")

    assert response.status_code == 201
    body = response.json()
    assert (body["author"], body["body"]) == ("carol", "Called the customer.")
    note = TicketNote.objects.get(ticket=ticket)
    assert (note.author, note.body) == (carol, "Called the customer.")


def test_notes_are_a_plain_list_newest_first(agent_client, carol, make_ticket):
    ticket = make_ticket()
    older = TicketNote.objects.create(
        ticket=ticket, author=carol, body="first", created_at=timezone.now() - timedelta(hours=1)
    )
    newer = TicketNote.objects.create(ticket=ticket, author=None, body="second")
    TicketNote.objects.create(ticket=make_ticket(), author=carol, body="another ticket")

    response = agent_client.get(f"/api/tickets/{ticket.pk}/notes/")

    assert response.status_code == 200
    rows = response.json()
    assert [row["id"] for row in rows] == [newer.pk, older.pk]
    assert set(rows[0]) == {"id", "author", "body", "created_at"}
    assert (rows[0]["author"], rows[1]["author"]) == (None, "carol")


@pytest.mark.parametrize("body", [{"body": ""}, {"body": "   "}, {"body": 5}, {}, {"body": "x" * 10_001}, ["x"]])
def test_an_invalid_note_is_a_400_and_stores_nothing(agent_client, make_ticket, body):
    ticket = make_ticket()

    response = agent_client.post(f"/api/tickets/{ticket.pk}/notes/", body, format="json")

    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert not TicketNote.objects.exists()


def test_note_on_a_missing_ticket_is_a_404(agent_client):
    response = agent_client.post("/api/tickets/424242/notes/", {"body": "hello"}, format="json")

    assert response.status_code == 404
    assert not TicketNote.objects.exists()


def test_events_list_people_and_engine_newest_first(agent_client, lead_client, carol, make_ticket):
    # given: a status change by carol, then a re-triage by the engine
    ticket = make_ticket(subject="Question", message="How do I add a teammate?")
    agent_client.patch(f"/api/tickets/{ticket.pk}/status/", {"status": "in_progress"}, format="json")
    ticket.refresh_from_db()
    ticket.message = "You charged my card twice, please refund me. This is urgent, our payroll is blocked."
    ticket.save()

    # when
    response = agent_client.get(f"/api/tickets/{ticket.pk}/events/")

    # then
    assert response.status_code == 200
    rows = response.json()
    assert rows[-1] == {
        "id": rows[-1]["id"],
        "actor": "carol",
        "source": "person",
        "field": "status",
        "old_value": "open",
        "new_value": "in_progress",
        "created_at": rows[-1]["created_at"],
    }
    engine_rows = rows[:-1]
    assert engine_rows and {(row["actor"], row["source"]) for row in engine_rows} == {(None, "engine")}
    assert "category" in {row["field"] for row in engine_rows}
    assert len(rows) == TicketEvent.objects.filter(ticket=ticket).count()


def test_creation_is_not_an_event(agent_client, make_ticket):
    ticket = make_ticket()

    assert agent_client.get(f"/api/tickets/{ticket.pk}/events/").json() == []


def test_filter_by_assignee(agent_client, carol, lena, make_ticket):
    mine, theirs, nobodys = make_ticket(assignee=carol), make_ticket(assignee=lena), make_ticket()

    def ids(value: str) -> set[int]:
        response = agent_client.get("/api/tickets/", {"assignee": value})
        assert response.status_code == 200
        return {row["id"] for row in response.json()["results"]}

    assert ids("me") == {mine.pk}
    assert ids("none") == {nobodys.pk}
    assert ids(str(lena.pk)) == {theirs.pk}
    assert ids("") == {mine.pk, theirs.pk, nobodys.pk}


@pytest.mark.parametrize("value", ["nobody", "-1", "1.5", "9" * 40, "me,none"])
def test_invalid_assignee_filter_is_a_400(agent_client, value):
    response = agent_client.get("/api/tickets/", {"assignee": value})

    assert response.status_code == 400
    assert "assignee" in response.json()["errors"]
