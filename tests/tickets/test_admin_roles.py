"""The admin for each role: quick views, assign to me, export, escaped notes and the leads' dashboard."""

import csv
import io
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from tickets.models import Ticket, TicketEvent, TicketNote

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/tickets/ticket/"


@pytest.fixture
def as_user(client):
    def login(user):
        client.force_login(user)
        return client

    return login


def listed(response) -> set[int]:
    return {int(pk) for pk in re.findall(r'name="_selected_action" value="(\d+)"', response.content.decode())}


@pytest.mark.parametrize(
    ("persona", "url", "status"),
    [
        ("carol", CHANGELIST, 200),
        ("carol", "/admin/triage/triagerule/", 403),
        ("carol", "/admin/triage/teamroute/", 403),
        ("carol", "/admin/auth/user/", 403),
        ("lena", CHANGELIST, 200),
        ("lena", "/admin/triage/triagerule/", 200),
        ("lena", "/admin/triage/teamroute/", 200),
        ("lena", "/admin/auth/user/", 403),
        ("dora", CHANGELIST, 403),
        ("sam", "/admin/auth/user/", 200),
    ],
)
def test_admin_pages_follow_the_role(request, as_user, persona, url, status):
    client = as_user(request.getfixturevalue(persona))

    assert client.get(url).status_code == status


def test_non_staff_cannot_enter_the_admin(as_user, bob):
    response = as_user(bob).get(CHANGELIST)

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_agent_assigns_to_me_and_it_is_recorded(as_user, carol, make_ticket):
    first, second = make_ticket(), make_ticket()

    as_user(carol).post(CHANGELIST, {"action": "assign_to_me", "_selected_action": [first.pk, second.pk]})

    assert set(Ticket.objects.values_list("assignee__username", flat=True)) == {"carol"}
    assert TicketEvent.objects.filter(field="assignee", new_value="carol", actor=carol).count() == 2


def test_agent_cannot_run_the_export_action(as_user, carol, make_ticket):
    ticket = make_ticket()

    response = as_user(carol).post(CHANGELIST, {"action": "export_selected", "_selected_action": [ticket.pk]})

    assert not response.get("Content-Type", "").startswith("text/csv")
    assert b"export_selected" not in as_user(carol).get(CHANGELIST).content


def test_agent_cannot_correct_triage_in_the_form(as_user, carol, make_ticket):
    from tests.tickets.test_admin import change_form

    ticket = make_ticket(subject="Charged twice", message="You charged my card twice, please refund me.")

    response = as_user(carol).post(
        f"/admin/tickets/ticket/{ticket.pk}/change/",
        change_form(ticket, category="technical", priority="low", status="in_progress", assignee=carol.pk),
    )

    assert response.status_code == 302
    ticket.refresh_from_db()
    assert (ticket.category, ticket.category_corrected, ticket.status, ticket.assignee) == (
        "billing",
        False,
        "in_progress",
        carol,
    )
    assert set(TicketEvent.objects.values_list("field", flat=True)) == {"status", "assignee"}


def test_lead_exports_the_filtered_changelist(as_user, lena, make_ticket):
    billing = make_ticket(subject="Charged twice", message="You charged my card twice, please refund me.")
    make_ticket(subject="Dark mode", message="Feature request: dark mode please.")

    listing = as_user(lena).get(CHANGELIST, {"category__exact": "billing"})
    response = as_user(lena).get(f"{CHANGELIST}export.csv", {"category__exact": "billing"})

    assert b"export.csv?category__exact=billing" in listing.content
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [int(row["id"]) for row in rows] == [billing.pk]


def test_agent_cannot_open_the_export(as_user, carol, make_ticket):
    make_ticket()

    response = as_user(carol).get(f"{CHANGELIST}export.csv")

    assert response.status_code == 403


def test_quick_views(as_user, carol, lena, make_ticket, settings):
    # given
    settings.SUPPORTFLOW_WAITING_DAYS = 3
    urgent = "This is urgent. I cannot login and my team is blocked today."
    mine = make_ticket(assignee=carol)
    make_ticket(assignee=lena)
    unassigned_urgent = make_ticket(message=urgent)
    make_ticket(message=urgent, assignee=lena)
    waiting_long, waiting_short = make_ticket(), make_ticket()
    Ticket.objects.filter(pk__in=[waiting_long.pk, waiting_short.pk]).update(status="waiting_customer")
    TicketEvent.objects.create(
        ticket=waiting_long, field="status", new_value="waiting_customer", created_at=timezone.now() - timedelta(days=4)
    )
    TicketEvent.objects.create(
        ticket=waiting_short,
        field="status",
        new_value="waiting_customer",
        created_at=timezone.now() - timedelta(days=1),
    )
    client = as_user(carol)

    # when / then
    assert listed(client.get(CHANGELIST, {"view": "mine"})) == {mine.pk}
    assert listed(client.get(CHANGELIST, {"view": "unassigned_urgent"})) == {unassigned_urgent.pk}
    assert listed(client.get(CHANGELIST, {"view": "waiting_long"})) == {waiting_long.pk}
    assert listed(client.get(CHANGELIST, {"assignee": "none"})) == {
        unassigned_urgent.pk,
        waiting_long.pk,
        waiting_short.pk,
    }
    assert b"more than 3 days" in client.get(CHANGELIST).content


def test_by_team_view(as_user, carol, make_ticket):
    billing = make_ticket(subject="Charged twice", message="You charged my card twice, please refund me.")
    make_ticket(subject="Dark mode", message="Feature request: dark mode please.")

    response = as_user(carol).get(CHANGELIST, {"assigned_team__exact": "finance"})

    assert b"By team" in response.content
    assert listed(response) == {billing.pk}


def test_notes_are_rendered_escaped_and_cannot_be_edited(as_user, carol, lena, make_ticket):
    ticket = make_ticket()
    TicketNote.objects.create(ticket=ticket, author=lena, body="<script>alert('x')</script>")

    page = as_user(carol).get(f"/admin/tickets/ticket/{ticket.pk}/change/").content.decode()

    assert "<script>alert(" not in page
    assert "&lt;script&gt;alert(" in page
    assert 'name="notes-0-body"' not in page  # the stored note shows as text, not an editable field


def test_lead_sees_the_dashboard_with_charts_and_numbers(as_user, lena, carol, make_ticket):
    # given: two open urgent tickets for technical support, one taken; one billing ticket corrected
    urgent = "This is urgent. I cannot login and my team is blocked today."
    make_ticket(message=urgent)
    make_ticket(message=urgent, assignee=carol)
    billing = make_ticket(subject="Charged twice", message="You charged my card twice, please refund me.")
    Ticket.objects.filter(pk=billing.pk).update(priority_corrected=True)
    done = make_ticket()
    now = timezone.now()
    Ticket.objects.filter(pk=done.pk).update(status="resolved", created_at=now - timedelta(hours=6), resolved_at=now)

    # when
    page = as_user(lena).get("/admin/").content.decode()

    # then
    assert page.count("<svg") >= 6
    for section in (
        "open-by-team",
        "open-by-priority",
        "unassigned-urgent",
        "created-per-day",
        "median-resolution",
        "override-rate",
    ):
        assert f'id="{section}"' in page
    assert 'data-label="Technical support" data-value="2"' in page
    assert 'data-label="Urgent" data-value="2"' in page
    assert '<span class="sf-number" data-value="1">1</span> of 2 open urgent' in page
    assert '<span class="sf-number" data-value="4">4</span>' in page  # created in the last 30 days
    assert "6.0 hours" in page
    assert "100% (1 of 1)" in page  # billing: its one ticket corrected
    assert "cdn" not in page.lower() and '<script src="http' not in page


def test_agent_index_has_no_dashboard(as_user, carol, make_ticket):
    make_ticket()

    page = as_user(carol).get("/admin/").content.decode()

    assert 'id="dashboard"' not in page
    assert "Tickets" in page


@pytest.mark.parametrize("persona", ["dora", "carol", "lena", "sam"])
@pytest.mark.parametrize("action", ["mark_in_progress", "assign_to_me", "export_selected"])
def test_admin_action_matrix(request, as_user, make_ticket, persona, action):
    # given
    user = request.getfixturevalue(persona)
    ticket = make_ticket()
    allowed = {
        "mark_in_progress": {"carol", "lena", "sam"},
        "assign_to_me": {"carol", "lena", "sam"},
        "export_selected": {"lena", "sam"},
    }[action]

    # when
    response = as_user(user).post(CHANGELIST, {"action": action, "_selected_action": [ticket.pk]})

    # then
    ticket.refresh_from_db()
    changed = (ticket.status, ticket.assignee) != ("open", None)
    exported = response.get("Content-Type", "").startswith("text/csv")
    if persona not in allowed:
        assert not changed and not exported
        assert not TicketEvent.objects.exists()
    elif action == "export_selected":
        assert exported and not changed
    else:
        assert changed and TicketEvent.objects.filter(actor=user).count() == 1
