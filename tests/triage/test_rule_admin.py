import pytest

from tickets.models import Ticket
from triage.models import TriageRule

pytestmark = pytest.mark.django_db

PREVIEW_URL = "/admin/triage/triagerule/preview/"


@pytest.fixture
def lead_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("lena", "lena@example.com", "pw-lena-123"))
    return client


def test_rule_list_links_to_the_preview(lead_client):
    response = lead_client.get("/admin/triage/triagerule/")

    assert response.status_code == 200
    assert PREVIEW_URL.encode() in response.content


def test_preview_shows_the_decision_and_its_reasons_without_creating_a_ticket(lead_client, reference_ticket):
    response = lead_client.post(
        PREVIEW_URL,
        {
            "subject": reference_ticket["subject"],
            "message": reference_ticket["message"],
            "customer_tier": "standard",
            "source": "email",
            "draft_target": "category",
        },
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "technical" in page and "urgent (95)" in page
    assert "With the active rules" in page and "With the draft rule added" not in page
    assert Ticket.objects.count() == 0


def test_preview_compares_before_and_after_a_draft_rule(lead_client):
    response = lead_client.post(
        PREVIEW_URL,
        {
            "subject": "Parcel",
            "message": "Where is my parcel?",
            "customer_tier": "standard",
            "source": "web",
            "draft_phrase": "parcel*",
            "draft_target": "category",
            "draft_value": "billing",
            "draft_weight": "9",
        },
    )

    before, after = response.context["before"], response.context["after"]
    assert before.category != "billing"
    assert after.category == "billing"
    assert not TriageRule.objects.filter(phrase="parcel*").exists()


def test_preview_refuses_an_invalid_draft_phrase(lead_client):
    response = lead_client.post(
        PREVIEW_URL,
        {
            "message": "Where is my parcel?",
            "customer_tier": "standard",
            "source": "web",
            "draft_phrase": "(a+)+",
            "draft_target": "category",
            "draft_value": "billing",
        },
    )

    assert response.status_code == 200
    assert "not allowed" in response.content.decode()
    assert response.context["after"] is None


def test_adding_a_rule_in_the_admin_refuses_an_invalid_phrase(lead_client):
    response = lead_client.post(
        "/admin/triage/triagerule/add/",
        {"phrase": "refu*nd", "target": "category", "value": "billing", "weight": "2", "active": "on"},
    )

    assert response.status_code == 200
    assert "may only end a word" in response.content.decode()
    assert not TriageRule.objects.filter(phrase="refu*nd").exists()


def test_adding_a_rule_in_the_admin_changes_the_next_ticket(lead_client):
    response = lead_client.post(
        "/admin/triage/triagerule/add/",
        {
            "phrase": "parcel*",
            "target": "category",
            "value": "billing",
            "weight": "9",
            "active": "on",
            "note": "parcels are paid add-ons",
        },
    )
    assert response.status_code == 302

    ticket = Ticket.objects.create(customer_name="Pat", customer_email="pat@example.com", message="Where is my parcel?")

    assert ticket.category == "billing"
