"""A support team's day in the admin, in a real browser."""

import pytest

from tickets.models import Ticket, TicketEvent, TicketNote

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

URGENT = "This is urgent. I cannot login and my team is blocked today."


def test_agent_picks_up_an_urgent_ticket_works_it_and_leaves_a_note(page, carol, make_ticket):
    # given
    urgent = make_ticket(subject="Cannot login", message=URGENT)
    make_ticket(subject="Dark mode", message="Feature request: dark mode please.")
    log_in(page, "carol")

    # when: filter to unassigned urgent, assign to me
    page.goto("/admin/tickets/ticket/")
    page.click("text=Unassigned urgent")
    page.wait_for_url("**view=unassigned_urgent**")
    rows = page.locator("#result_list tbody tr")
    assert rows.count() == 1
    assert "Cannot login" in rows.first.inner_text()
    rows.first.locator("input.action-select").check()
    page.select_option("select[name=action]", "assign_to_me")
    page.click("button[name=index]")
    page.wait_for_selector(".messagelist")

    # then
    urgent.refresh_from_db()
    assert urgent.assignee == carol

    # when: it is now among my open tickets; open it, move it along and write a note
    page.click("text=My open tickets")
    page.wait_for_url("**view=mine**")
    page.click("#result_list >> text=Cannot login")
    page.wait_for_selector("#id_status")
    page.select_option("#id_status", "in_progress")
    page.fill("textarea[name='notes-0-body']", "Reset the session; waiting for the customer to confirm.")
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")

    # then
    urgent.refresh_from_db()
    assert (urgent.status, urgent.assignee) == ("in_progress", carol)
    note = TicketNote.objects.get(ticket=urgent)
    assert (note.author, note.body) == (carol, "Reset the session; waiting for the customer to confirm.")
    assert set(TicketEvent.objects.filter(ticket=urgent).values_list("field", "new_value", "actor__username")) == {
        ("assignee", "carol", "carol"),
        ("status", "in_progress", "carol"),
    }
    assert Ticket.objects.filter(assignee__isnull=True).count() == 1


def test_lead_opens_the_dashboard(page, lena, carol, make_ticket):
    # given
    make_ticket(message=URGENT)
    make_ticket(message=URGENT, assignee=carol)
    make_ticket(subject="Charged twice", message="You charged my card twice, please refund me.")
    log_in(page, "lena")

    # when
    page.goto("/admin/")

    # then
    dashboard = page.locator("#dashboard")
    dashboard.wait_for()
    assert dashboard.locator("svg").count() >= 6
    assert page.locator("#unassigned-urgent .sf-number").inner_text() == "1"
    assert page.locator("#created-per-day .sf-number").inner_text() == "3"
    assert page.locator("#open-by-priority g[data-label=Urgent]").get_attribute("data-value") == "2"
    assert page.locator("#created-per-day rect").count() == 30
    assert page.locator("#open-by-team rect.bar").first.bounding_box()["width"] > 0
